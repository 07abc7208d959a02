"""Event coding round 3: nouns made from cue verbs, intent nouns, phrasal and object cues."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.coding.coder import EventCoder, EventOptions
from newsloom.coding.dictionaries import load_dictionaries
from newsloom.coding.nominal import derived_noun_cue

DICTS = (
    Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "petrarch2" / "dictionaries"
)


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(EventOptions())


@pytest.mark.parametrize(
    ("noun", "plover"),
    [
        ("warning", "THREATEN"),
        ("rejection", "REJECT"),
        ("refusal", "REJECT"),
        ("denial", "REJECT"),
        ("condemnation", "DISAPPROVE"),
        ("negotiation", "CONSULT"),
        ("occupation", "FIGHT"),
        ("commitment", "AGREE"),
        ("shelling", "FIGHT"),
        ("pledge", "AGREE"),
        ("recognition", "SUPPORT"),
    ],
)
def test_nouns_made_from_cue_verbs(noun: str, plover: str) -> None:
    found = derived_noun_cue(noun)
    assert found is not None and found[0] == plover, found


@pytest.mark.parametrize(
    "noun",
    # bare nouns that mean something else than the verb, and look-alikes of no cue verb
    ["arm", "release", "mass", "charge", "statement", "decision", "morning", "king", "nation"],
)
def test_other_nouns_are_no_cue(noun: str) -> None:
    assert derived_noun_cue(noun) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("France issued a warning to Germany on Tuesday.", ("FRA", "THREATEN", "DEU")),
        ("France began negotiations with Germany.", ("FRA", "CONSULT", "DEU")),
        # intent stated by a noun: cooperation promised, force threatened
        ("France expressed its willingness to negotiate with Germany.", ("FRA", "AGREE", "DEU")),
        (
            "The French government expressed readiness to impose sanctions on Iran.",
            ("FRA", "THREATEN", "IRN"),
        ),
        ("France ruled out talks with Germany.", ("FRA", "REJECT", "DEU")),
        ("The French president lashed out at Germany.", ("FRA", "DISAPPROVE", "DEU")),
        ("Chadian rebels took two French engineers hostage.", ("TCD", "COERCE", "FRA")),
        # CAMEO 196: a broken ceasefire is fighting
        ("The Ethiopian army violated the ceasefire with Eritrea.", ("ETH", "FIGHT", "ERI")),
        # reducing relations (CAMEO 16)
        ("Germany cut ties with Iran.", ("DEU", "SANCTION", "IRN")),
        ("Germany withdrew its ambassador from Iran.", ("DEU", "SANCTION", "IRN")),
        ("Germany spoke by telephone with Iran's president.", ("DEU", "CONSULT", "IRN")),
        ("Russia acceded to the demands of Chechen rebels.", ("RUS", "CONCEDE", None)),
        ("Pakistan put its troops on high alert.", ("PAK", "MOBILIZE", None)),
        # a "by" agent is who acted, even where the parser misses the passive
        (
            "Carter agonized over embassy workers held hostage by Iran for 444 days.",
            ("IRN", "COERCE", None),
        ),
    ],
)
def test_round_three_rules(
    coder: EventCoder, sentence: str, expected: tuple[str, str, str | None]
) -> None:
    found = {(e.source_code, e.plover, e.target_code) for e in coder.code_sentence(sentence)}
    if expected[2] is None:
        assert any(f[:2] == expected[:2] for f in found), found
    else:
        assert expected in found, found


@pytest.mark.parametrize(
    "sentence",
    [
        "The Vatican says the Pope has no plans to meet with the Iranian president.",
        "The move could allow Afghanistan's insurgents to speak with one voice.",
        "Admiral Harris makes no apologies for his candor.",
        "Mexican leaders fired back at the American candidate over the proposal.",
    ],
)
def test_no_act_of_the_subject(coder: EventCoder, sentence: str) -> None:
    # nothing promised, no partner, a negated act, a retort (no gunfire)
    events = coder.code_sentence(sentence)
    assert not [e for e in events if e.plover in ("AGREE", "CONSULT", "SUPPORT", "FIGHT")], events


def test_have_receives_what_a_derived_noun_names(coder: EventCoder) -> None:
    events = coder.code_sentence("The Kenyan minister has 31 endorsements from Ugandan MPs.")
    assert not [e for e in events if e.plover == "SUPPORT" and e.source_code == "KEN"], events


def test_vague_dictionary_code_needs_a_target() -> None:
    dicts = load_dictionaries(DICTS)
    sentence = "The Chilean president took steps to enhance political freedoms."
    assert not EventCoder(EventOptions(), dictionaries=dicts).code_sentence(sentence)
    loose = EventOptions(category_only_needs_target=False)
    assert EventCoder(loose, dictionaries=dicts).code_sentence(sentence)


def test_attempts_and_unwanted_acts(coder: EventCoder) -> None:
    # "sought to" reports an attempt, no request; "did not want to" intends nothing
    sought = coder.code_sentence("The Kenyan minister sought to calm his supporters.")
    assert not [e for e in sought if e.plover == "REQUEST"], sought
    unwanted = "The Kenyan president did not want Kenyan troops to fight Somali militants."
    assert not [e for e in coder.code_sentence(unwanted) if e.plover == "THREATEN"]


def test_international_bodies_keep_one_code_with_dictionaries() -> None:
    dicts = load_dictionaries(DICTS)
    events = EventCoder(EventOptions(), dictionaries=dicts).code_sentence(
        "Amnesty International accused Kenya of torturing prisoners."
    )
    assert [e.source_code for e in events] == ["IGO"], events


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("China blocked the UN resolution on Syria.", ("CHN", "REJECT", "IGO")),
        ("Kurdish protesters blocked the road to Ankara.", ("TUR", "PROTEST", "TUR")),
        (
            "The French president attacked the German government's policy on refugees.",
            ("FRA", "DISAPPROVE", "DEU"),
        ),
        ("Rebels attacked the Nigerian army base.", ("NGA", "ASSAULT", "NGA")),
        ("Turkey sent troops to the Iraqi border.", ("TUR", "MOBILIZE", "IRQ")),
        ("India stepped up security along the Pakistani border.", ("IND", "MOBILIZE", "PAK")),
        ("The Afghan government vowed to cooperate with Pakistan.", ("AFG", "AGREE", "PAK")),
        ("The Sudanese government made concessions to the rebels.", ("SDN", "CONCEDE", None)),
        # sent with a purpose: the purpose is the act
        (
            "The United Nations sent troops to Bosnia to investigate the killings.",
            ("IGO", "INVESTIGATE", None),
        ),
    ],
)
def test_verb_senses_by_object(
    coder: EventCoder, sentence: str, expected: tuple[str, str, str | None]
) -> None:
    found = {(e.source_code, e.plover, e.target_code) for e in coder.code_sentence(sentence)}
    if expected[2] is None:
        assert any(f[:2] == expected[:2] for f in found), found
    else:
        assert expected in found, found


@pytest.mark.parametrize(
    "sentence",
    [
        "The Kenyan president released a statement on Saturday night.",
        "The Ugandan minister recalled that the talks had failed.",
        "The Kenyan army received $5 million from the government.",
        "At the annual meeting of the Kenyan governors, the president used his speech to joke.",
    ],
)
def test_objects_that_rule_an_event_out(coder: EventCoder, sentence: str) -> None:
    # information released, a memory recalled, money received, a meeting as a mere venue
    events = coder.code_sentence(sentence)
    assert not [e for e in events if e.plover in ("CONCEDE", "SANCTION", "CONSULT")], events


def test_personal_objects_keep_their_event(coder: EventCoder) -> None:
    recalled = coder.code_sentence("Kenya recalled its ambassador from Uganda.")
    assert ("KEN", "SANCTION") in {(e.source_code, e.plover) for e in recalled}, recalled
    hosted = coder.code_sentence("The Kenyan president received the Ugandan foreign minister.")
    assert ("KEN", "CONSULT", "UGA") in {(e.source_code, e.plover, e.target_code) for e in hosted}
    freed = coder.code_sentence("Kenya released two Ugandan prisoners.")
    assert ("KEN", "CONCEDE", "UGA") in {(e.source_code, e.plover, e.target_code) for e in freed}


def test_questions_are_no_requests_and_particles_follow_the_verb(coder: EventCoder) -> None:
    asked = coder.code_sentence("Asked if Kenya would attend, the Kenyan minister said no.")
    assert not [e for e in asked if e.plover == "REQUEST"], asked
    urged = coder.code_sentence("The Kenyan minister asked Uganda to release the prisoners.")
    assert ("KEN", "REQUEST", "UGA") in {(e.source_code, e.plover, e.target_code) for e in urged}
    fronted = coder.code_sentence("On Twitter, the Kenyan minister called the plan foolish.")
    assert not [e for e in fronted if e.plover == "REQUEST"], fronted
    upon = coder.code_sentence("The Kenyan minister called upon Uganda to release them.")
    assert ("KEN", "REQUEST") in {(e.source_code, e.plover) for e in upon}, upon


def test_calling_names_is_no_phone_call() -> None:
    dicts = load_dictionaries(DICTS)
    coder = EventCoder(EventOptions(), dictionaries=dicts)
    named = coder.code_sentence("The Kenyan president called the Ugandan plan rotten to the core.")
    assert not [e for e in named if e.plover == "CONSULT"], named
    demand = coder.code_sentence("Kenya is calling for Uganda to withdraw its troops.")
    assert ("KEN", "DEMAND") in {(e.source_code, e.plover) for e in demand}, demand
