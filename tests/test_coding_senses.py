"""Event coding round 4: senses by object, light and phrasal verbs, actor words."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.coding.coder import EventCoder, EventOptions
from newsloom.coding.dictionaries import load_dictionaries

DICTS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "petrarch2" / "dictionaries"


@pytest.fixture(scope="module")
def coder() -> EventCoder:
    return EventCoder(EventOptions())


def _found(coder: EventCoder, sentence: str) -> set[tuple[str, str, str | None]]:
    return {(e.source_code, e.plover, e.target_code) for e in coder.code_sentence(sentence, None)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # cancelling reverses the noun: a visit cancelled reduces relations, a strike
        # called off or restrictions cancelled concede
        ("Kenya cancelled a planned visit to Uganda.", ("KEN", "SANCTION", "UGA")),
        ("The Kenyan teachers' union called off its strike.", ("KEN", "CONCEDE", "KEN")),
        ("The Kenyan court cancelled restrictions on Ugandan traders.", ("KEN", "CONCEDE", "UGA")),
        # a truce declared by one side de-escalates; agreed by two it is an agreement
        ("Somali rebels declared a unilateral ceasefire.", ("SOM", "RETREAT", "SOM")),
        # a light verb of pace carries its noun
        (
            "Kenya speeded up the withdrawal of its troops from Somalia.",
            ("KEN", "RETREAT", "SOM"),
        ),
        # pressing someone to act demands it
        (
            "Kenyan authorities pressured Ugandan traders to end their boycott.",
            ("KEN", "DEMAND", "UGA"),
        ),
        # senses by object
        (
            "The United Nations dispatched inspectors to a factory in Uganda.",
            ("IGO", "INVESTIGATE", "UGA"),
        ),
        ("Kenya strengthened its forces in Somalia.", ("KEN", "MOBILIZE", "SOM")),
        ("Kenya closed its borders with Somalia.", ("KEN", "FIGHT", "SOM")),
        (
            "Kenyan helicopters evacuated the wounded from the Somali town of Kismayo.",
            ("KEN", "AID", "SOM"),
        ),
        ("Swedish doctors handed over medicine to Kenyan hospitals.", ("SWE", "AID", "KEN")),
        (
            "Ugandan police prevented a demonstration by Kenyan students.",
            ("UGA", "COERCE", "KEN"),
        ),
        (
            "The Ugandan president received a mission of observers from the United Nations.",
            ("UGA", "RETREAT", "IGO"),
        ),
        # any conjoined object of a light verb may carry the event
        (
            "Kenyan troops launched artillery, mortar, and rocket fire against Somali camps.",
            ("KEN", "FIGHT", "SOM"),
        ),
        # arson destroys property
        (
            "Kenyan settlers set fire to the offices of Somali traders.",
            ("KEN", "COERCE", "SOM"),
        ),
        # an obligation climbs out of an intent adjective: what must be done is demanded
        (
            "Kenya's president said that Uganda must be ready to negotiate with Somalia.",
            ("KEN", "DEMAND", "UGA"),
        ),
        # a preposition the parser left bare still has the noun after it as object
        (
            "Kenya has granted political asylum to four Ugandan army officers holed up in an "
            "embassy since last week's coup, officials said.",
            ("KEN", "AID", "UGA"),
        ),
        # a complaint's target is what it is about, not whom it is made to
        (
            "Kenya complained to the United Nations over Somali raids.",
            ("KEN", "DISAPPROVE", "SOM"),
        ),
        # a state of readiness after "remain"
        ("Kenyan troops remained on alert in Somalia.", ("KEN", "MOBILIZE", "SOM")),
        # a sanction decided and announced is imposed, not threatened
        (
            "Kenya announced that it would suspend all aid to Ugandan rebels.",
            ("KEN", "SANCTION", "UGA"),
        ),
        # well-known groups named alone are coded by the country they act in
        ("Hezbollah threatened to attack Israel.", ("LBN", "THREATEN", "ISR")),
        ("The Taliban rejected talks with Pakistan.", ("AFG", "REJECT", "PAK")),
        ("Kenya demanded that al-Shabaab free the hostages.", ("KEN", "DEMAND", "SOM")),
        # forces prepared to fight are readied, not threatening
        (
            "The Kenyan army prepared to resume shelling Somali positions.",
            ("KEN", "MOBILIZE", "SOM"),
        ),
        # supplies cut are aid withheld
        ("Kenya cut food supplies to Ugandan camps.", ("KEN", "SANCTION", "UGA")),
        # "in defiance of X": X is whom the act answers
        (
            "Thousands of Kenyan students marched in Nairobi in defiance of Ugandan officials.",
            ("KEN", "PROTEST", "UGA"),
        ),
        # a light verb's noun with a "that ... must" clause states a demand
        (
            "The Kenyan president issued a stern reminder to Uganda that it must respect "
            "the border.",
            ("KEN", "DEMAND", "UGA"),
        ),
        # victims named by number alone are people of the place where they were attacked
        (
            "Two Somali gunmen killed 12 people when they opened fire in a market in Nairobi.",
            ("SOM", "ASSAULT", "KEN"),
        ),
        # a heavy object after an "as" phrase, and its owner as the target
        (
            "Kenya denounced as a grave crime Uganda's treatment of Kenyan traders.",
            ("KEN", "DISAPPROVE", "UGA"),
        ),
        # travelling for a protest protests
        (
            "Thousands of Kenyans were converging for a rally in Nairobi.",
            ("KEN", "PROTEST", "KEN"),
        ),
        # an embassy opened begins relations
        ("Kenya opened an embassy in Kampala.", ("KEN", "SUPPORT", "UGA")),
        # forcing a body out of a country expels it; forcing people from homes is not
        (
            "Kenya forced the United Nations refugee agency out of the country.",
            ("KEN", "SANCTION", "IGO"),
        ),
        # the side pulled back in an agentless passive is the side that retreats
        (
            "Hundreds of Somali rebels have been demobilized since the accord.",
            ("SOM", "RETREAT", "SOM"),
        ),
        # people of a place without a nationality word are its civilians ("people", "crowd")
        (
            "Hundreds of thousands of people marched in Nairobi in defiance of Ugandan officials.",
            ("KEN", "PROTEST", "UGA"),
        ),
        # a named committee or association of no state is an NGO
        (
            "The Truce Monitoring Committee opened an investigation into the Kenyan army.",
            ("NGO", "INVESTIGATE", "KEN"),
        ),
        # letting aid through allows international involvement (CAMEO 086, PLOVER RETREAT)
        (
            "Kenya opened the border crossing to allow the delivery of grain to Somalia.",
            ("KEN", "RETREAT", "SOM"),
        ),
        # a protest's purpose clause says whom it is aimed at
        (
            "Protesters in Nairobi blocked a road to show their anger at Ugandan policies.",
            ("KEN", "PROTEST", "UGA"),
        ),
        # the unnamed agent of a repressed protest is the source's own people
        (
            "Kenyan police prevented a demonstration staged by students near the university "
            "to protest the sending of troops to Somalia.",
            ("KEN", "COERCE", "KEN"),
        ),
        # historical country names
        ("Vietnamese troops attacked Kampuchean guerrillas.", ("VNM", "FIGHT", "KHM")),
    ],
)
def test_round_four_rules(
    coder: EventCoder, sentence: str, expected: tuple[str, str, str | None]
) -> None:
    assert expected in _found(coder, sentence)


def test_stance_prefix_names_no_nationality(coder: EventCoder) -> None:
    # "anti-Kenya" says what the journalist opposes, not where he is from
    found = _found(coder, "A car bomb in Mogadishu killed an anti-Kenya journalist.")
    assert found and all(target != "KEN" for _, _, target in found)


def test_an_occupier_is_no_nationality(coder: EventCoder) -> None:
    # "Palestinians of the Israeli-occupied West Bank" are Palestinians; work shunned strikes
    found = _found(coder, "Palestinians of the Israeli-occupied West Bank shunned work on Monday.")
    assert found == {("PSE", "PROTEST", "PSE")}, found


def test_relief_goods_need_a_verb_of_giving(coder: EventCoder) -> None:
    # medicine handed over is aid; medicine seized is no aid
    assert all(p != "AID" for _, p, _ in _found(coder, "Kenyan police seized medicine."))


def test_closing_other_things_is_no_blockade(coder: EventCoder) -> None:
    assert all(p != "FIGHT" for _, p, _ in _found(coder, "Kenya closed its embassy in Uganda."))


def test_people_forced_from_homes_are_not_expelled(coder: EventCoder) -> None:
    found = _found(
        coder, "The Kenyan army forced out hundreds of Somali villagers from their homes."
    )
    assert found and all(p != "SANCTION" for _, p, _ in found), found


def test_a_conditional_sanction_stays_a_threat(coder: EventCoder) -> None:
    found = _found(coder, "Kenya announced it would suspend aid to Uganda if the raids go on.")
    assert ("KEN", "THREATEN", "UGA") in found, found


def test_a_language_is_no_actor(coder: EventCoder) -> None:
    found = _found(coder, "The Kenyan court cancelled restrictions on the Swahili language.")
    found |= _found(coder, "Kenya lifted the ban on the use of the Russian language.")
    assert found and all(target != "RUS" for _, _, target in found), found


def test_stance_prefix_in_dictionary_names() -> None:
    coder = EventCoder(EventOptions(), dictionaries=load_dictionaries(DICTS))
    found = _found(coder, "Kenyan police arrested an anti-Syria journalist in Nairobi.")
    assert found and all(target != "SYR" for _, _, target in found), found


def test_a_verb_conjoined_to_a_passive_is_active(coder: EventCoder) -> None:
    # "was criticised by X and will resign": the subject resigns; X resigns nothing
    found = _found(
        coder, "The Kenyan minister was criticised by Ugandan officials and will resign."
    )
    assert any(source == "KEN" and p != "DISAPPROVE" for source, p, _ in found), found


@pytest.fixture(scope="module")
def dict_coder() -> EventCoder:
    return EventCoder(EventOptions(), dictionaries=load_dictionaries(DICTS))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a vague dictionary code (a region, "international") yields to a named country
        ("Algeria lifted its ban on the Islamic Salvation Front.", ("DZA", "CONCEDE", "DZA")),
        # a person's apposition naming an international body states the affiliation
        (
            "Kenzo Oshima, the United Nations relief coordinator, demanded that Sudan open "
            "its roads.",
            ("IGO", "DEMAND", "SDN"),
        ),
        # sending people to do something: the purpose is the act
        (
            "The United Nations has sent 40 military and civilian personnel to Kenya on "
            "Monday to investigate the camps.",
            ("IGO", "INVESTIGATE", None),
        ),
    ],
)
def test_round_four_dictionary_rules(
    dict_coder: EventCoder, sentence: str, expected: tuple[str, str, str | None]
) -> None:
    found = _found(dict_coder, sentence)
    if expected[2] is None:
        assert {f[:2] for f in found} == {expected[:2]}, found
    else:
        assert expected in found, found


def test_a_union_is_no_united_nations_body(coder: EventCoder) -> None:
    # "union" starts with the marker "un" but names no UN body
    found = _found(
        coder,
        "President Dos Santos conceded to demands from the National Union for the Total "
        "Independence of Angola.",
    )
    assert ("AGO", "CONCEDE", "AGO") in found, found
