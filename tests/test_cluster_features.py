"""Exact clustering features on tricky text: what the name and term rules give, to the item.

The expected values were produced by the per-token implementation these rules were first
written as (before the cheaper one-split-per-line scan) and checked by hand against the
rules in ``newsloom.cluster.features``; any change to them is a change in output.
"""

from __future__ import annotations

import numpy as np
import pytest

from newsloom.cluster import extract_features
from newsloom.cluster import features as features_module

VECTOR = np.ones(2, dtype=np.float32)

# (title, text) -> (entities, body terms in order)
CASES = {
    # a sentence-initial capital is a name only if the word never appears lower-case
    "sentence_initial": (
        None,
        "Talks stalled in Brelford on Monday. Officials said the talks would resume. "
        "The envoy left.",
        {"brelford", "officials"},
        [
            ("talk", 2.0),
            ("stall", 1.0),
            ("brelford", 1.0),
            ("official", 1.0),
            ("resume", 1.0),
            ("envoy", 1.0),
            ("left", 1.0),
        ],
    ),
    # connectors join capitalised words; a trailing one is dropped at the sentence end
    "connectors": (
        None,
        "Aid reached the Duke of the Western Isles, officials said. Lord Of War and the "
        "Bank of. Then nothing.",
        {
            "aid",
            "bank",
            "duke",
            "duke of the western isles",
            "isles",
            "lord",
            "lord of war and the bank",
            "war",
            "western",
        },
        [
            ("aid", 1.0),
            ("reach", 1.0),
            ("duke", 1.0),
            ("western", 1.0),
            ("isle", 1.0),
            ("official", 1.0),
            ("lord", 1.0),
            ("war", 1.0),
            ("bank", 1.0),
        ],
    ),
    # a connector that opens a sentence ends the name before it instead of joining it
    "connector_opens_sentence": (
        None,
        "They met Mora. of course, Mora and Tivel spoke to the Bank de la Sol. and Brel came.",
        {"bank", "bank de la sol", "brel", "mora", "mora and tivel", "sol", "tivel"},
        [
            ("mora", 2.0),
            ("met", 1.0),
            ("course", 1.0),
            ("tivel", 1.0),
            ("spoke", 1.0),
            ("bank", 1.0),
            ("de", 1.0),
            ("la", 1.0),
            ("sol", 1.0),
            ("brel", 1.0),
            ("came", 1.0),
        ],
    ),
    # possessives go, curly apostrophes become straight ones
    "apostrophes": (
        None,
        "Ferrand’s plan met O’Neal's team, and Ferrand's aides agreed.",
        {"ferrand", "o'neal"},
        [
            ("ferrand", 2.0),
            ("plan", 1.0),
            ("met", 1.0),
            ("o'neal", 1.0),
            ("team", 1.0),
            ("aide", 1.0),
            ("agreed", 1.0),
        ],
    ),
    # a number counts with two digits or more, and with the word after it on its line
    # unless that word is a stopword or not plain letters
    "numbers": (
        None,
        "Some 1,200 soldiers and 3 tanks arrived; 7.5 percent of 2025 the rest 4 Mora's 12\n"
        "words later",
        {"1,200", "1,200 soldier", "12", "2025", "3 tank", "7.5", "7.5 percent", "mora"},
        [
            ("soldier", 1.0),
            ("tank", 1.0),
            ("arriv", 1.0),
            ("percent", 1.0),
            ("rest", 1.0),
            ("mora", 1.0),
            ("word", 1.0),
            ("later", 1.0),
        ],
    ),
    # names stop at line ends, a line's first word is sentence-initial, the title counts
    "lines": (
        "Quake Near Gavre",
        "Rescuers reached New\nYork Street in Gavre.\nTalks began as talks go.",
        {"gavre", "near", "quake", "quake near gavre", "rescuers", "street", "york", "york street"},
        [
            ("talk", 2.0),
            ("rescuer", 1.0),
            ("reach", 1.0),
            ("york", 1.0),
            ("street", 1.0),
            ("gavre", 1.0),
            ("began", 1.0),
            ("go", 1.0),
        ],
    ),
    # closing curly quotes end sentences like full stops; two spaces are no different
    "curly_quotes": (
        None,
        "“Peace is near,” Mora said. “We’ll see.” Tivel replied: “Not yet.”  Then Brel left.",
        {"brel", "mora", "peace", "tivel", "we'll"},
        [
            ("peace", 1.0),
            ("near", 1.0),
            ("mora", 1.0),
            ("we'll", 1.0),
            ("tivel", 1.0),
            ("reply", 1.0),
            ("brel", 1.0),
            ("left", 1.0),
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_names_and_terms_of_tricky_text(case: str) -> None:
    title, text, entities, terms = CASES[case]
    feats = extract_features(title, text, None, VECTOR)
    assert feats.entities == entities
    assert list(feats.terms.items()) == terms  # the order too: it decides ties at the cap


def test_untitled_headline_is_the_lead_sentence() -> None:
    feats = extract_features(None, CASES["numbers"][1], None, VECTOR)
    assert list(feats.title_terms) == ["soldier", "tank", "arriv", "percent", "rest", "mora"]


def test_caps_keep_the_first_seen_among_ties() -> None:
    words = [f"q{a}{b}o" for a in "aeiou" for b in "bdfgklmnprstvz"]  # 70, no stopword
    # 70 terms once each, then one twice: the cap (60) keeps it and the first 59 seen
    terms = extract_features(None, " ".join(words) + " zuvo zuvo.", None, VECTOR).terms
    assert list(terms.items()) == [("zuvo", 2.0)] + [(w, 1.0) for w in words[:59]]
    # the same for names (cap 60): 70 once each, then one three times
    names = [w.capitalize() for w in words]
    text = " met ".join(names) + " met Zuva met Zuva met Zuva."
    entities = extract_features(None, text, None, VECTOR).entities
    assert entities == {"zuva", *words[:59]}


def test_term_cache_clearing_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [case[1] for case in CASES.values()]
    before = [extract_features(None, t, None, VECTOR).to_bytes() for t in texts]
    monkeypatch.setattr(features_module, "_TERM_CACHE", 3)
    features_module._TERMS.clear()
    after = [extract_features(None, t, None, VECTOR).to_bytes() for t in texts]
    assert after == before
    assert len(features_module._TERMS) <= 3


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # named in full once, then by surname: the surname
        ("Police said Dora Quellin left. Quellin was held. Officers freed Quellin.", "quellin"),
        # the surname said alone most often wins over one said alone twice
        (
            "Abel Vorn met Tia Massu. Vorn spoke. Massu spoke. Massu left. Vorn said no. "
            "Massu said yes.",
            "massu",
        ),
        # a full name never repeated alone, or repeated once: no actor
        ("Dora Quellin and Abel Vorn met. Quellin left.", None),
        # names of more than three words, and short or numeric last words, are not people
        ("The Bank of the Eastern Rim rose. Rim fell. Rim rose.", None),
        ("Flight Al Ox left. Ox landed. Ox left.", None),
    ],
)
def test_key_actor_is_the_surname_said_alone_most(text: str, actor: str | None) -> None:
    assert extract_features(None, text, None, VECTOR).actor == actor


def test_key_actor_survives_bytes_and_older_bytes_have_none() -> None:
    text = CASES["sentence_initial"][1] + " Ana Brel. Brel. Brel."
    feats = extract_features(None, text, None, VECTOR)
    assert feats.actor == "brel"
    assert type(feats).from_bytes(feats.to_bytes()).actor == "brel"
    # features stored before the key actor existed carry no "actor" in their header
    data = feats.to_bytes()
    size = int.from_bytes(data[4:8], "little")
    header = data[8 : 8 + size].replace(b',"actor":"brel"', b"")
    old = data[:4] + len(header).to_bytes(4, "little") + header + data[8 + size :]
    assert type(feats).from_bytes(old).actor is None
