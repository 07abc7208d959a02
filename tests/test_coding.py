"""Event coding: dictionaries, the coder on seed sentences, consolidation, GDELT rows."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsloom.coding.coder import CodedEvent, EventCoder, EventOptions
from newsloom.coding.dictionaries import load_dictionaries
from newsloom.coding.lexicon import plover_for_cameo
from newsloom.consolidate.events import consolidate_events, to_gdelt_rows
from newsloom.errors import ConfigError

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
DICTS = CORPORA / "petrarch2" / "dictionaries"
SEEDS = CORPORA / "seeds"


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(EventOptions())


def _seed_line(prefix: str, needle: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines():
        if needle in line:
            return line.strip()
    raise AssertionError(f"{needle!r} not in {path.name}")


# ------------------------------------------------------------------ dictionaries


def test_dictionaries_load_fast_with_dated_codes() -> None:
    start = time.perf_counter()
    dicts = load_dictionaries(DICTS)
    assert time.perf_counter() - start < 5
    assert len(dicts.verbs) > 1000 and len(dicts.actors) > 20000 and len(dicts.agents) > 1000
    from datetime import date

    assert dicts.actor_code("TEHRAN") == "IRN"
    assert dicts.actor_code("UNITED NATIONS") == "IGOUNO"
    # date-restricted codes: Khamenei is IRNGOV after 1989, not in 1985's second term gap
    assert dicts.actor_code("KHAMENEI", date(2025, 5, 26)) == "IRNGOV"
    assert dicts.agents["PRIME MINISTER"] == "GOV"
    assert plover_for_cameo(dicts.verbs["ACCUSE"] or "") == "ACCUSE"
    # the real files hold a few malformed lines: reported with file and line, not fatal
    assert any(p.startswith("Phoenix.Countries.actors.txt:") for p in dicts.problems)
    assert load_dictionaries(DICTS) is dicts  # parsed once per process


def test_bad_dictionary_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "CAMEO.test.txt").write_text(
        "####### VERB PATTERNS #######\n"
        "---  MEET   [040]  ---\nMEET\n- * TALKS [043]\n- BROKEN PATTERN\n"
        "---  MALFORMED  ---\n",
        encoding="utf-8",
    )
    (tmp_path / "Test.actors.txt").write_text(
        "ARNOR_ [ARN]\nGONDOR_\n+MINAS_TIRITH\n\t[GON >20130803]\nBAD_ [XXX 99-99]\nROHAN_ [ROH\n",
        encoding="utf-8",
    )
    dicts = load_dictionaries(tmp_path)
    assert dicts.verbs["MEET"] == "040"
    assert [p.code for p in dicts.patterns["MEET"]] == ["043"]
    assert dicts.actor_code("MINAS TIRITH") == "GON"
    assert dicts.actor_code("ARNOR") == "ARN"
    assert len(dicts.problems) == 4, dicts.problems
    assert all(":" in p for p in dicts.problems)


def test_missing_dictionary_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a directory"):
        load_dictionaries(tmp_path / "nope")
    with pytest.raises(ConfigError, match="no verb dictionary"):
        load_dictionaries(tmp_path)


# ------------------------------------------------------------------ coder


def test_seed_khamenei_meets_sharif_from_on_monday(coder: EventCoder) -> None:
    sentence = _seed_line("002", "in a meeting with")
    events = coder.code_sentence(sentence, "2025-05-27", aliases={"The Leader": "Ali Khamenei"})
    assert len(events) == 1
    event = events[0]
    assert (event.source_actor, event.source_code, event.source_sector) == (
        "Ali Khamenei",
        "IRN",
        "GOV",
    )
    assert (event.target_code, event.target_sector) == ("PAK", "GOV")
    assert "Sharif" in (event.target_actor or "")
    assert (event.plover, event.cameo[:2]) == ("CONSULT", "04")
    assert (event.location, event.date, event.date_precision) == (
        "Tehran, Iran",
        "2025-05-26",
        "day",
    )


def test_seed_pezeshkian_meets_mezher(coder: EventCoder) -> None:
    sentence = _seed_line("004", "during a meeting with")
    events = coder.code_sentence(
        sentence, "2025-06-11", aliases={"the president": "Masoud Pezeshkian"}
    )
    meets = [e for e in events if e.source_actor == "Masoud Pezeshkian"]
    assert meets, events
    assert {(e.source_code, e.plover, e.target_code) for e in meets} == {("IRN", "CONSULT", "PSE")}
    assert meets[0].location == "Tehran, Iran"  # not Gaza, which is inside the quotation


def test_seed_fronted_meeting_with_hung_subject(coder: EventCoder) -> None:
    # spaCy hangs the speaker inside "In a meeting with X and his delegation, <speaker>,"
    sentence = _seed_line("001", "In a meeting with")
    events = coder.code_sentence(sentence, "2025-05-26")
    assert [(e.plover, e.source_code, e.target_code) for e in events] == [("CONSULT", "IRN", "PAK")]
    assert "Khamenei" in events[0].source_actor and "Sharif" in (events[0].target_actor or "")
    assert events[0].source_sector == "GOV"
    assert events[0].location is None  # "Leader of Iran's ..." names no place of the meeting


def test_fronted_phrase_subject_and_conjoined_subject(coder: EventCoder) -> None:
    events = coder.code_sentence(
        "With the signing of a memorandum on trade, the Kenyan government and the Ugandan "
        "government have agreed to reopen the border.",
        None,
    )
    assert {(e.plover, e.source_code, e.target_code) for e in events} == {
        ("AGREE", "KEN", "UGA"),
        ("AGREE", "UGA", "KEN"),
    }, events
    # a real subject is never replaced
    events = coder.code_sentence("In talks with Kenya, Uganda's president met envoys.", None)
    assert all(e.source_code == "UGA" for e in events) and events, events


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a document speaks for whoever issued it
        (
            "The Kenyan opposition issued a statement demanding that the Ugandan government "
            "release the detainees.",
            ("DEMAND", "KEN", "UGA"),
        ),
        # an unclaimed attack is coded to the country where it happened
        ("A roadside bomb near Mosul killed two Turkish engineers.", ("ASSAULT", "IRQ", "TUR")),
        # a compound subject of a reciprocal act: each with the other
        ("Chile and Peru signed a treaty on Tuesday.", ("SUPPORT", "CHL", "PER")),
        # failing to agree is a refusal
        ("Greece and Turkey failed to reach agreement.", ("REJECT", "GRC", "TUR")),
        # travelling for talks is a meeting; the venue is no target
        (
            "Indian and Pakistani negotiators returned to Geneva for talks.",
            ("CONSULT", "IND", "PAK"),
        ),
        # a target inside the passive subject
        (
            "A camp for Sudanese refugees was attacked by Chadian militiamen.",
            ("ASSAULT", "TCD", "SDN"),
        ),
        # peacekeepers arriving give protection (CAMEO 0743)
        ("Ghanaian peacekeeping troops arrived in Liberia.", ("AID", "GHA", "LBR")),
        # the demand's content names its target
        ("Norway reiterated its demand that Russia release the crew.", ("DEMAND", "NOR", "RUS")),
        # a lone country name tagged as a person by the parser is still a country
        ("Sri Lanka expelled two Indian diplomats.", ("SANCTION", "LKA", "IND")),
    ],
)
def test_general_rules(coder: EventCoder, sentence: str, expected: tuple[str, str, str]) -> None:
    events = coder.code_sentence(sentence, None)
    found = {(e.plover, e.source_code, e.target_code) for e in events}
    assert expected in found, events


def test_object_verbs_need_an_object_and_generic_regions_are_no_country(
    coder: EventCoder,
) -> None:
    # "disperse" is repression only with someone dispersed; "the West" is no province
    assert not coder.code_sentence("Chilean protesters dispersed on Monday.", None)
    assert coder.code_sentence("Chilean police dispersed the Bolivian protesters.", None)
    assert coder.gazetteer.region_of("West") is None
    assert coder.gazetteer.region_of("Balochistan") == "PAK"


def test_passive_infinitive_keeps_its_passive(coder: EventCoder) -> None:
    events = coder.code_sentence("Two Kenyan officials are expected to be arrested.", None)
    assert not any(e.source_code == "KEN" and e.plover == "COERCE" for e in events), events


def test_no_event_without_source_actor(coder: EventCoder) -> None:
    assert coder.code_sentence("He met them on Monday.", "2025-05-27") == []
    assert coder.code_sentence("The weather was fine in Tehran.", "2025-05-27") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Israeli soldiers arrested more than 100 Palestinians.", ("ISR", "COERCE", "PSE")),
        (
            "Russia threatened to stop negotiations with the United States.",
            ("RUS", "THREATEN", "USA"),
        ),
        ("Syria says it will not accept any more refugees from Iraq.", ("SYR", "REJECT", None)),
        (
            "Britain mobilized army reservists for a possible war against Iraq.",
            ("GBR", "MOBILIZE", "IRQ"),
        ),
        ("The United States imposed sanctions on Cuba.", ("USA", "SANCTION", "CUB")),
        ("Russia said on Tuesday that Sudan must return a helicopter.", ("RUS", "DEMAND", "SDN")),
        # a fronted meeting phrase makes the main verb a consultation
        (
            "In a meeting with Iraqi Prime Minister Mohammed Shia al-Sudani, Iranian President "
            "Masoud Pezeshkian underlined the importance of ties.",
            ("IRN", "CONSULT", "IRQ"),
        ),
        (
            "During talks with the French foreign minister, Egypt's president stressed the need "
            "for a ceasefire.",
            ("EGY", "CONSULT", "FRA"),
        ),
        # an agentless arrest is the act of the place's authorities
        ("A Canadian missionary was arrested in Lebanon.", ("LBN", "COERCE", "CAN")),
        # an ethnic group is coded by where it lives
        (
            "Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.",
            ("SRB", "PROTEST", "SRB"),
        ),
        # the lemmatiser's "stag" for "staged" is repaired; the noun carries the event
        (
            "Students in Indonesia staged mass demonstrations to demand reforms.",
            ("IDN", "PROTEST", "IDN"),
        ),
        (
            "Palestinian leaders said they would boycott all contact with the United States.",
            ("PSE", "THREATEN", "USA"),
        ),
        ("The European Community may halt sanctions against Serbia.", ("IGO", "THREATEN", "SRB")),
        # a passive of stance is the subject's own: "is opposed to"
        ("Turkey is opposed to Greek membership in the alliance.", ("TUR", "REJECT", "GRC")),
        # demanding punishment of a country condemns it
        ("Kenya called for sanctions against Uganda.", ("KEN", "DISAPPROVE", "UGA")),
        # yielding to a demand concedes
        (
            "The Peruvian government accepted demands from Chilean negotiators.",
            ("PER", "CONCEDE", "CHL"),
        ),
        # the event noun as subject of an aspectual verb
        ("Albanian riots against Serbian police continued on Friday.", ("ALB", "PROTEST", "SRB")),
        # announcing that helpers will be withdrawn threatens; troops withdrawn is a promise
        ("Norway said it will withdraw its aid workers from Sudan.", ("NOR", "THREATEN", "SDN")),
        ("Syria said it will withdraw its troops from Lebanon.", ("SYR", "AGREE", "LBN")),
        # a titled person takes the one country the sentence names
        (
            "Judge Maria Lopez opened an investigation into Bolivian police officers.",
            ("BOL", "INVESTIGATE", "BOL"),
        ),
        # "their forces" in a reported clause belong to the reporter
        (
            "Croats said their forces had completed their withdrawal from Bosnia.",
            ("HRV", "RETREAT", "BIH"),
        ),
        # synonyms of the cue verbs, by PLOVER type
        ("The Kenyan president lambasted Ugandan officials.", ("KEN", "DISAPPROVE", "UGA")),
        ("Ghana repudiated the treaty with Togo.", ("GHA", "REJECT", "TGO")),
        # a province stands for its country when the text says it is one
        (
            "The government of Aceh province arrested three Malaysian fishermen.",
            ("IDN", "COERCE", "MYS"),
        ),
        # a demonym the spelling rules miss
        ("The Philippine army clashed with Malaysian troops.", ("PHL", "FIGHT", "MYS")),
        # two countries meeting in a third city meet each other, not the city
        (
            "Ukrainian and Russian negotiators met in Minsk to discuss a ceasefire.",
            ("UKR", "CONSULT", "RUS"),
        ),
        # ordering someone to stop or leave restricts them
        (
            "The Bolivian government ordered the newspaper to suspend publication.",
            ("BOL", "COERCE", None),
        ),
        # army weapons killing: military force, not an assault
        (
            "A landmine explosion near Basra killed two Iraqi farmers.",
            ("IRQ", "FIGHT", "IRQ"),
        ),
        # a light verb with a prepositional cue noun
        ("Tunisian workers went on strike.", ("TUN", "PROTEST", None)),
        # a stance adjective after "be"
        (
            "The Kenyan government was highly critical of the Ugandan decision.",
            ("KEN", "DISAPPROVE", "UGA"),
        ),
        # an agentless passive names its actor inside the attack it happened in
        (
            "Five Kenyan policemen were killed in an attack by Somali militants.",
            ("SOM", "ASSAULT", "KEN"),
        ),
        ("Three Iraqi soldiers were killed in an American air strike.", ("USA", "ASSAULT", "IRQ")),
        # a verb the parser took for a reduced relative of the sentence's only noun phrase
        ("A Kenyan newspaper called on Ugandans to protest.", ("KEN", "REQUEST", "UGA")),
        # a protest outside an embassy is aimed at the embassy's country
        (
            "Thousands of Kenyans demonstrated outside the Ugandan embassy in Nairobi.",
            ("KEN", "PROTEST", "UGA"),
        ),
        # a stance voiced with a light verb
        ("Kenya expressed support for Uganda's bid to host the summit.", ("KEN", "SUPPORT", "UGA")),
        # the passive of a governing verb is not the infinitive's: X does the act
        (
            "The Kenyan president is expected to meet his Ugandan counterpart.",
            ("KEN", "CONSULT", "UGA"),
        ),
        ("Kenya was forced to withdraw its troops from Somalia.", ("KEN", "RETREAT", "SOM")),
        # an event noun that happens: its "between" parties act on each other
        (
            "Fighting broke out between Kenyan troops and Somali militants.",
            ("SOM", "FIGHT", "KEN"),
        ),
        ("There were clashes between Peruvian and Chilean fishermen.", ("PER", "FIGHT", "CHL")),
        ("Kenyan protests erupted against the Ugandan embassy.", ("KEN", "PROTEST", "UGA")),
    ],
)
def test_rules(coder: EventCoder, sentence: str, expected: tuple[str, str, str | None]) -> None:
    events = coder.code_sentence(sentence, None)
    found = {(e.source_code, e.plover, e.target_code) for e in events}
    if expected[2] is None:
        assert any(f[:2] == expected[:2] for f in found), found
    else:
        assert expected in found, found


def test_dictionary_verbs_give_cameo_codes() -> None:
    coder = EventCoder(EventOptions(), dictionaries=load_dictionaries(DICTS))
    events = coder.code_sentence("Iran accused the United States of violating the deal.", None)
    assert [(e.source_code, e.plover, e.cameo[:3], e.target_code) for e in events] == [
        ("IRN", "ACCUSE", "112", "USA")
    ]


def test_category_only_dictionary_verbs_can_be_left_out() -> None:
    # a vague verb's bare dictionary code names only a category (CAMEO 050)
    sentence = "The Chilean government promoted Peruvian exports."
    dicts = load_dictionaries(DICTS)
    kept = EventCoder(EventOptions(), dictionaries=dicts).code_sentence(sentence, None)
    assert [(e.plover, e.cameo) for e in kept] == [("SUPPORT", "050")]
    strict = EventOptions(category_only_dictionary_verbs=False)
    assert not EventCoder(strict, dictionaries=dicts).code_sentence(sentence, None)


# ------------------------------------------------------------------ consolidation


def _event(**changes: object) -> CodedEvent:
    base: dict[str, object] = dict(
        source_actor="Ali Khamenei",
        source_code="IRN",
        source_sector="GOV",
        target_actor="Shehbaz Sharif",
        target_code="PAK",
        target_sector="GOV",
        plover="CONSULT",
        cameo="040",
        location="Tehran, Iran",
        date="2025-05-26",
        date_precision="day",
        sentence="s",
        trigger="met",
    )
    base.update(changes)
    return CodedEvent(**base)  # type: ignore[arg-type]


def test_same_meeting_from_four_articles_is_one_event(coder: EventCoder) -> None:
    coded = [
        ("a0", _event(sentence="a")),
        (
            "a1",
            _event(
                source_actor="Ayatollah Seyyed Ali Khamenei",
                date=None,
                date_precision="unresolved",
                sentence="b",
            ),
        ),
        (
            "a2",
            _event(
                source_actor="Shahbaz Sharif",
                source_code="PAK",
                target_actor="Khamenei",
                target_code="IRN",
                sentence="c",
                date="2025-05-27",
            ),
        ),
        ("a3", _event(location=None, sentence="d")),
        ("a3", _event(sentence="e")),
    ]
    # a different meeting: other date; a different action: other type
    coded += [("a4", _event(date="2025-06-11")), ("a0", _event(plover="ACCUSE", cameo="112"))]
    events = consolidate_events(coded)
    assert len(events) == 3
    meeting = next(e for e in events if e.date == "2025-05-26" and e.plover == "CONSULT")
    assert meeting.article_ids == ("a0", "a1", "a2", "a3")
    assert len(meeting.evidence) == 5
    assert meeting.source_actor == "Ayatollah Seyyed Ali Khamenei"
    rows = to_gdelt_rows(events, urls={"a0": "https://example.org/a0"})
    row = next(r for r in rows if r["GLOBALEVENTID"] == meeting.event_id)
    assert (row["SQLDATE"], row["EventRootCode"], row["NumArticles"], row["SOURCEURL"]) == (
        "20250526",
        "04",
        4,
        "https://example.org/a0",
    )


def test_direction_matters_for_one_sided_types() -> None:
    coded = [
        ("a", _event(plover="ACCUSE", cameo="112")),
        (
            "b",
            _event(
                plover="ACCUSE",
                cameo="112",
                source_actor="Shehbaz Sharif",
                source_code="PAK",
                target_actor="Ali Khamenei",
                target_code="IRN",
            ),
        ),
    ]
    assert len(consolidate_events(coded)) == 2


def test_verb_patterns_match_strictly_next_to_the_verb(tmp_path: Path) -> None:
    (tmp_path / "CAMEO.test.txt").write_text(
        "####### VERB PATTERNS #######\n"
        "---  SEND   [---]  ---\nSEND\n- * AID (TO +) [070]\n- $ TROOP * [154]\n",
        encoding="utf-8",
    )
    patterns = load_dictionaries(tmp_path).patterns["SEND"]
    aid, troops = patterns
    words = [{"AID"}, {"TO"}, {"IRAQ"}]
    assert aid.matches([], words)
    # the object far from the verb (another clause's words) does not match
    assert not aid.matches([], [{"THE"}, {"MEN"}, {"WHO"}, {"SAID"}, {"AID"}, {"TO"}, {"X"}])
    assert not aid.matches([], [{"AID"}, {"TO"}])  # the target slot needs a word
    assert troops.matches([{"US"}, {"TROOP"}], [])
    assert not troops.matches([{"TROOP"}], [])  # the source slot precedes the words


def test_untargeted_domestic_action_is_aimed_at_the_source_country(coder: EventCoder) -> None:
    events = coder.code_sentence("Egyptian demonstrators rioted on Monday.", None)
    assert [(e.source_code, e.plover, e.target_actor, e.target_code) for e in events] == [
        ("EGY", "PROTEST", None, "EGY")
    ]
    plain = EventCoder(EventOptions(implicit_domestic_target=False))
    plain._nlp = coder._nlp
    assert [e.target_code for e in plain.code_sentence("Egyptian demonstrators rioted.")] == [None]


def test_coding_a_parsed_sentence_is_fast(coder: EventCoder) -> None:
    # entities and quotations are read off the sentence's own tokens, never the whole doc
    text = " ".join(
        f"Iranian officials met Iraqi envoys in Baghdad on day {i}, \u201cin Gaza\u201d they said."
        for i in range(150)
    )
    coder.code_sentence("Warm up.", None)
    doc = coder._nlp(text)
    sentences = list(doc.sents)
    start = time.perf_counter()
    for sentence in sentences:
        coder.code_sentence(sentence, "2025-05-27")
    per_sentence = (time.perf_counter() - start) / len(sentences)
    assert per_sentence < 0.005, per_sentence
    located = coder.code_sentence(sentences[0], "2025-05-27")
    assert located and located[0].location == "Baghdad, Iraq"
