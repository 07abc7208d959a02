"""The synthetic corpus generator: determinism, gold labels, realism, dedup on it."""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from newsloom.dedup import DedupIndex, DedupOptions

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpora" / "seeds"
FIELDS = {
    "id",
    "url",
    "title",
    "text",
    "outlet",
    "language",
    "gold_event",
    "gold_storyline",
    "gold_duplicate_of",
}


def load_generator() -> ModuleType:
    """benchmarks/generate.py as a module (benchmarks/ is not a package)."""
    name = "newsloom_benchmarks_generate"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "generate.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    """5,000 generated articles."""
    return list(load_generator().generate(5000, seed=11))


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    generate = load_generator().generate
    first = list(generate(300, seed=5))
    assert first == list(generate(300, seed=5))
    other = list(generate(300, seed=6))
    assert [r["text"] for r in first] != [r["text"] for r in other]


def test_streams_a_prefix_of_any_longer_corpus() -> None:
    generate = load_generator().generate
    # Asking for a million articles must not build them: the first ones come at once and
    # equal those of a short corpus.
    head = list(itertools.islice(generate(1_000_000, seed=2), 500))
    assert head == list(generate(500, seed=2))
    assert list(generate(0)) == []
    with pytest.raises(ValueError, match="number of articles"):
        list(generate(-1))


def test_records_look_like_news(corpus: list[dict[str, Any]]) -> None:
    for record in corpus:
        assert FIELDS <= record.keys() <= FIELDS | {"published"}
        assert record["language"] == "en"
        assert record["url"].startswith("https://www.")
        assert record["text"].count("\n\n") >= 4
    words = sorted(len(r["text"].split()) for r in corpus)
    assert words[len(words) // 20] >= 250
    assert words[-len(words) // 20] <= 750
    assert 380 <= words[len(words) // 2] <= 560
    outlets = {r["outlet"] for r in corpus}
    assert len(outlets) == 40
    domains: dict[str, set[str]] = defaultdict(set)
    for record in corpus:
        domains[record["outlet"]].add(record["url"].split("/")[2])
    assert all(len(d) == 1 for d in domains.values())
    undated = sum("published" not in r for r in corpus) / len(corpus)
    assert 0.01 <= undated <= 0.03


def test_articles_come_in_time_order_and_the_span_grows_with_n(
    corpus: list[dict[str, Any]],
) -> None:
    times = [datetime.fromisoformat(r["published"]) for r in corpus if "published" in r]
    assert times == sorted(times)
    days = (times[-1] - times[0]).days
    events = len({r["gold_event"] for r in corpus})
    # About EVENTS_PER_DAY new events a day once storylines are under way.
    assert 10 <= days <= 40
    assert 15 <= events / days <= 40


def test_gold_labels_are_consistent(corpus: list[dict[str, Any]]) -> None:
    position = {r["id"]: i for i, r in enumerate(corpus)}
    assert len(position) == len(corpus)
    storyline_of: dict[str, str] = {}
    for i, record in enumerate(corpus):
        assert (
            storyline_of.setdefault(record["gold_event"], record["gold_storyline"])
            == record["gold_storyline"]
        )
        original = record["gold_duplicate_of"]
        if original is not None:
            assert position[original] < i
            source = corpus[position[original]]
            assert source["gold_event"] == record["gold_event"]
            assert source["gold_duplicate_of"] is None
            assert source["outlet"] != record["outlet"]
            assert source["title"] != record["title"] or source["text"] != record["text"]
    copies = sum(r["gold_duplicate_of"] is not None for r in corpus) / len(corpus)
    assert 0.10 <= copies <= 0.20
    events_per_line: dict[str, set[str]] = defaultdict(set)
    for record in corpus:
        events_per_line[record["gold_storyline"]].add(record["gold_event"])
    sizes = Counter(len(events) for events in events_per_line.values())
    assert max(sizes) <= 6 and sizes[1] > 0 and sum(v for k, v in sizes.items() if k >= 3) > 0


def test_several_outlets_write_different_articles_on_one_event(
    corpus: list[dict[str, Any]],
) -> None:
    by_event: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in corpus:
        if record["gold_duplicate_of"] is None:
            by_event[record["gold_event"]].append(record)
    sizes = sorted(len(group) for group in by_event.values())
    assert sizes[len(sizes) // 2] >= 5
    for group in list(by_event.values())[:50]:
        assert len({r["outlet"] for r in group}) == len(group)
        assert len({r["text"] for r in group}) == len(group)


def test_outlets_repeat_boilerplate_lines(corpus: list[dict[str, Any]]) -> None:
    last_lines: dict[str, Counter[str]] = defaultdict(Counter)
    for record in corpus:
        last_lines[record["outlet"]][record["text"].rsplit("\n\n", 1)[-1]] += 1
    for outlet, lines in last_lines.items():
        count = lines.most_common(1)[0][1]
        assert count == sum(lines.values()), outlet


def test_no_text_from_the_seed_articles(corpus: list[dict[str, Any]]) -> None:
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + 6]) for i in range(len(words) - 5)}

    seed_shingles: set[tuple[str, ...]] = set()
    for path in SEEDS.iterdir():
        seed_shingles |= shingles(path.read_text(encoding="utf-8", errors="replace"))
    assert seed_shingles
    for record in corpus[:1000]:
        assert not shingles(record["text"]) & seed_shingles, record["id"]


def test_dedup_finds_wire_copies_without_false_merges(corpus: list[dict[str, Any]]) -> None:
    index = DedupIndex(DedupOptions())
    group = {r["id"]: r["gold_duplicate_of"] or r["id"] for r in corpus}
    copies = sum(r["gold_duplicate_of"] is not None for r in corpus)
    found = false = 0
    for record in corpus:
        match = index.find(record["text"])
        if match is not None:
            if group[match] == group[record["id"]]:
                found += 1
            else:
                false += 1
        index.add(record["id"], record["text"])
    recall = found / copies
    false_share = false / max(1, found + false)
    print(
        f"dedup on {len(corpus)} generated articles: {copies} wire copies, recall "
        f"{recall:.4f}, false merges {false} ({false_share:.4f} of merges)"
    )
    assert recall >= 0.95
    assert false_share <= 0.01


def test_command_line_writes_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    assert load_generator().main(["--articles", "120", "--out", str(out), "--seed", "4"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 120
    assert [json.loads(line) for line in lines] == list(load_generator().generate(120, seed=4))
