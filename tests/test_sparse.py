"""The C dot products (cluster/_sparse.c) give the pure-Python ones' results bit for bit."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsloom.cluster import sparse
from newsloom.cluster.features import extract_features
from newsloom.cluster.online import ClusterOptions, OnlineClusterer
from newsloom.cluster.sparse import NAMED_CAP, Centroid, add_counts

try:
    from newsloom.cluster import _sparse
except ImportError:  # the build had no C compiler: `make test` requires it (see below)
    _sparse = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
LETTERS = "bndemh"
WEIGHTS = {"b": (1.5, 0.25), "n": (0.75, 2.0), "d": (3.0, 0.5), "e": (1.0, 0.0),
           "m": (0.5, 0.0), "h": (2.25, 0.0)}  # fmt: skip

needs_c = pytest.mark.skipif(_sparse is None, reason="the C extension was not built")


def test_the_extension_is_built_where_make_test_runs() -> None:
    """`make test` (and CI) must measure the code users get: the C versions, in use."""
    if not (os.environ.get("CI") or os.environ.get("NEWSLOOM_REQUIRE_POSTGRES")):
        pytest.skip("only required under `make test`")
    assert _sparse is not None, "newsloom.cluster._sparse was not built: is gcc installed?"
    assert sparse.dot is _sparse.dot
    assert sparse.weighted_dot is _sparse.weighted_dot
    assert sparse.add_into is _sparse.add_into
    assert sparse.tally is _sparse.tally
    assert sparse.pack is _sparse.pack


values = st.complex_numbers(max_magnitude=1e6, allow_nan=False, allow_infinity=False)
keys = st.tuples(st.sampled_from(LETTERS), st.text("abcxyz ", min_size=0, max_size=3)).map("".join)
vectors = st.dictionaries(keys, values, max_size=40)


@needs_c
@settings(max_examples=400, deadline=None)
@given(vectors, vectors)
def test_dot_is_bitwise_the_python_dot(a: dict[str, complex], b: dict[str, complex]) -> None:
    assert _sparse.dot(a, b) == sparse.py_dot(a, b)
    assert math.copysign(1.0, _sparse.dot(a, b)) == math.copysign(1.0, sparse.py_dot(a, b))


@needs_c
@settings(max_examples=400, deadline=None)
@given(vectors, vectors)
def test_weighted_dot_is_bitwise_the_python_one(
    a: dict[str, complex], b: dict[str, complex]
) -> None:
    assert _sparse.weighted_dot(a, b, WEIGHTS) == sparse.py_weighted_dot(a, b, WEIGHTS)


@needs_c
@settings(max_examples=300, deadline=None)
@given(vectors, vectors)
def test_add_into_is_bitwise_the_python_one(
    total: dict[str, complex], vec: dict[str, complex]
) -> None:
    ours, reference = dict(total), dict(total)
    _sparse.add_into(ours, vec)
    sparse.py_add_into(reference, vec)
    assert list(ours) == list(reference)  # new keys in the same order
    for key, value in reference.items():
        got = ours[key]
        assert (got.real, got.imag) == (value.real, value.imag)
        # signed zeros too: a -0.0 part plus a missing key's 0j is 0.0 in both
        assert math.copysign(1.0, got.real) == math.copysign(1.0, value.real)
        assert math.copysign(1.0, got.imag) == math.copysign(1.0, value.imag)


postings = st.dictionaries(
    st.text("abc", min_size=1, max_size=2),
    st.dictionaries(st.text("xyz", min_size=1, max_size=2), st.integers(0, 99), max_size=6),
    max_size=8,
)
weighted_keys = st.lists(
    st.tuples(st.text("abc", min_size=1, max_size=2), st.floats(-5, 5, allow_nan=False)),
    max_size=10,
)


@needs_c
@settings(max_examples=300, deadline=None)
@given(weighted_keys, postings, st.integers(0, 4))
def test_tally_is_the_python_one(
    keys: list[tuple[str, float]], index: dict[str, dict[str, int]], scan: int
) -> None:
    got = _sparse.tally(keys, index, scan)
    expected = sparse.py_tally(keys, index, scan)
    assert list(got.items()) == list(expected.items())  # same sums, same first-hit order


@needs_c
def test_tally_reads_the_newest_postings_first() -> None:
    index = {"k": {"old": 1, "mid": 2, "new": 3}, "j": {"old": 4}}
    assert _sparse.tally([("k", 1.0), ("j", 0.5), ("none", 9.0)], index, 2) == {
        "new": 1.0,
        "mid": 1.0,
        "old": 0.5,  # under "j" it is the newest
    }
    assert _sparse.tally([("j", 0.5), ("k", 1.0)], index, 3) == {
        "old": 1.5,
        "new": 1.0,
        "mid": 1.0,
    }


triples = st.lists(
    st.tuples(
        st.text("abc", min_size=1, max_size=3),
        st.floats(-2, 2, allow_nan=False),
        st.floats(-2, 2, allow_nan=False),
    ),
    max_size=8,
)


@needs_c
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(LETTERS), triples))
def test_pack_is_bitwise_the_python_one(groups: dict[str, list]) -> None:
    storyline = {k: (b, a) for k, (a, b) in WEIGHTS.items()}
    got = _sparse.pack(groups, WEIGHTS, storyline)
    expected = sparse.py_pack(groups, WEIGHTS, storyline)
    for ours, reference in zip(got, expected, strict=True):
        assert list(ours) == list(reference)  # same keys, same order
        for key, value in reference.items():
            assert ours[key].real == value.real and ours[key].imag == value.imag
            assert math.copysign(1, ours[key].imag) == math.copysign(1, value.imag)
    for key in got[0]:
        assert key is sys.intern(key)  # one string object per key, as intern() gives


@needs_c
def test_on_real_centroids_and_scaled_articles() -> None:
    """The vectors assign() really compares: scaled articles and grown centroids."""
    clusterer = OnlineClusterer(ClusterOptions())
    topics = [
        ("Storm", "flooded homes and closed roads along the coast of Region"),
        ("Election", "ballots counted as voters queued in the districts of Province"),
        ("Merger", "shareholders approved the takeover of the steelmaker Company"),
        ("Earthquake", "rescuers searched collapsed buildings after tremors near City"),
        ("Strike", "nurses walked out over pay at hospitals run by Trust"),
        ("Wildfire", "firefighters battled blazes in the forests outside Valley"),
    ]
    texts = []
    for i in range(60):
        name, what = topics[i % len(topics)]
        texts.append(
            (
                f"{name} report {i % 3}",
                f"{name}: {what} {i % 5}. Officials in Town {i % 4} "
                f"said {10 + i} people were affected on the {i % 28 + 1}th.",
            )
        )
    scaled = []
    for i, (title, text) in enumerate(texts):
        features = extract_features(title, text, "2025-03-01", _vector(i))
        scaled.append(clusterer.weigh(features))
        clusterer.assign(f"a{i}", features)
    centroids = [c.centroid.terms for c in clusterer._events.values()]
    centroids += [c.centroid.terms for c in clusterer._storylines.values()]
    assert len(centroids) >= 4
    model = clusterer._storyline_model
    for w in scaled:
        for terms in centroids:
            for article in (w.event_terms, w.storyline_terms):
                assert _sparse.dot(article, terms) == sparse.py_dot(article, terms)
    for a in centroids:
        for b in centroids:
            got = _sparse.weighted_dot(a, b, model.weights)
            assert got == sparse.py_weighted_dot(a, b, model.weights)


@needs_c
def test_bad_arguments_raise_as_python_would() -> None:
    with pytest.raises(TypeError):
        _sparse.dot({"bx": 1j}, [("bx", 1j)])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _sparse.dot({"bx": 1j})  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _sparse.dot({"bx": "text"}, {"bx": 1j})  # type: ignore[dict-item]
    with pytest.raises(KeyError):
        _sparse.weighted_dot({"zx": 1j}, {"zx": 1j}, WEIGHTS)  # no such channel letter
    # floats and ints are complex numbers with no imaginary part, as in Python
    assert _sparse.dot({"bx": 2.0}, {"bx": 3}) == sparse.py_dot({"bx": 2.0}, {"bx": 3})
    assert _sparse.dot({}, {"bx": 1j}) == 0.0
    with pytest.raises(ValueError):
        same = {"bx": 1j}
        _sparse.add_into(same, same)
    with pytest.raises(TypeError):
        _sparse.tally([("k", "heavy")], {"k": {"a": 1}}, 2)  # type: ignore[list-item]
    with pytest.raises(TypeError):
        _sparse.tally([["k", 1.0]], {"k": {"a": 1}}, 2)  # type: ignore[list-item]
    with pytest.raises(KeyError):
        _sparse.pack({"z": [("x", 1.0, 0.0)]}, WEIGHTS, WEIGHTS)  # no weights for "z"
    with pytest.raises(TypeError):
        _sparse.pack({"b": [("x", 1.0)]}, WEIGHTS, WEIGHTS)  # type: ignore[list-item]


def _vector(i: int) -> list[float]:
    return [math.sin(i + k) for k in range(8)]


# One clusterer run on generated articles: every article's candidate logits, placement,
# merge and move, then its whole state; argv[1] "python" hides the extension, so sparse.py
# falls back to py_dot & co.
_RUN = """
import json, math, sys
if sys.argv[1] == "python":
    sys.modules["newsloom.cluster._sparse"] = None  # import raises ImportError
sys.path.insert(0, sys.argv[2])
from benchmarks.generate import generate
from newsloom.cluster import sparse
from newsloom.cluster.features import extract_features
from newsloom.cluster.online import ClusterOptions, OnlineClusterer
from newsloom.cluster.sparse import NAMED_CAP, Centroid, add_counts
assert (sparse.dot is sparse.py_dot) == (sys.argv[1] == "python")
clusterer = OnlineClusterer(ClusterOptions(posting_scan=2, split_window=150, compact_after=120))
out = []
for i, r in enumerate(generate(400, seed=3)):
    vector = [math.sin(i * k + 1.0) for k in range(16)]
    features = extract_features(r.get("title"), r["text"], r.get("published"), vector)
    # the candidates' logits too: decisions alone hide small differences
    scored = clusterer._score_events(clusterer.weigh(features))
    out.append([[logit, event.cid] for logit, event in scored])
    out.append(clusterer.assign(r["id"], features, r.get("story_key")))
    out += clusterer.drain_moves() + clusterer.drain_merges()
print(json.dumps([out, clusterer.snapshot()]))
"""


@needs_c
def test_the_clusterer_gives_the_same_results_without_the_extension() -> None:
    """A machine without a C compiler runs the Python versions: same stories, same state."""
    runs = {}
    for mode in ("c", "python"):
        done = subprocess.run(
            [sys.executable, "-c", _RUN, mode, str(ROOT)],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        runs[mode] = json.loads(done.stdout)
    placements, state = runs["c"]
    assert len({p[0] for p in placements if len(p) == 2 and isinstance(p[0], str)}) > 20
    assert state["events"], "the run kept no events"
    assert runs["python"] == runs["c"]


def test_add_counts_keeps_the_most_counted_half_past_the_cap() -> None:
    total = {"a": 1, "b": 5}
    add_counts(total, {"b": 1, "c": 2, "d": 2, "e": 1}, cap=4)  # 5 keys > 4: keep 2
    assert total == {"b": 6, "c": 2}  # ties by key: "c" before "d"
    # a centroid's actors are pruned so, while acted still counts every member with one
    many = Centroid()
    for i in range(NAMED_CAP + 1):
        many.absorb(Centroid(size=1, actors={f"p{i:04d}": 1}, acted=1), 10_000)
    assert len(many.actors) <= NAMED_CAP and many.acted == NAMED_CAP + 1
