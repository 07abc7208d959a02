"""Story-level stages, run after ingest for the stories it touched.

consolidate (canonical entities, statements, coded events) ─▶ compare (coverage, framing)
─▶ summarise (cited summaries). Per-article analyses are already stored; this module reads
them, derives the story-level tables and writes them in one transaction, so a story is
either wholly up to date or wholly as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from newsloom.analyse import Analysis, Mention, Quote
from newsloom.coding import CodedEvent
from newsloom.compare import (
    CompareOptions,
    Coverage,
    StoryArticle,
    attribution_verbs,
    build_coverage,
    disagreements,
    framing,
    loaded_words,
    omissions,
    unique_facts,
)
from newsloom.config import Config
from newsloom.consolidate import (
    Entity,
    EntityRegistry,
    StatementGrouper,
    attributed_quotes,
    statements_by_quote,
)
from newsloom.consolidate.events import consolidate_events
from newsloom.embed import Embedder
from newsloom.store import SQLiteStore
from newsloom.summarise import Summary, summarise_story, summarise_storyline

__all__ = [
    "StoryDeriver",
    "analysis_from_json",
    "analysis_to_json",
    "coded_from_json",
    "coded_to_json",
]


def analysis_to_json(analysis: Analysis) -> str:
    """An analysis as compact JSON for the store."""
    return json.dumps(dataclasses.asdict(analysis), separators=(",", ":"))


def analysis_from_json(text: str) -> Analysis:
    """An analysis back from the store's JSON."""
    data = json.loads(text)
    return Analysis(
        article_id=data["article_id"],
        sentences=tuple((int(s), int(e)) for s, e in data["sentences"]),
        mentions=tuple(Mention(**m) for m in data["mentions"]),
        quotes=tuple(Quote(**q) for q in data["quotes"]),
        chains=tuple(
            (name, tuple((int(s), int(e)) for s, e in spans)) for name, spans in data["chains"]
        ),
    )


def coded_to_json(events: Sequence[CodedEvent]) -> str:
    """An article's coded sentence events as JSON for the store."""
    return json.dumps([dataclasses.asdict(e) for e in events], separators=(",", ":"))


def coded_from_json(text: str) -> list[CodedEvent]:
    """Coded sentence events back from the store's JSON."""
    return [CodedEvent(**e) for e in json.loads(text)]


@dataclasses.dataclass(slots=True)
class _Member:
    article_id: str
    outlet: str
    text: str
    published: str | None
    analysis: Analysis | None
    coded: list[CodedEvent]


class StoryDeriver:
    """Holds the corpus-wide entity registry and the models story stages need."""

    def __init__(self, store: SQLiteStore, config: Config, embedder: Embedder) -> None:
        self.store = store
        self.config = config
        self.embedder = embedder
        self.registry = EntityRegistry.load(config.entities)
        self.grouper = StatementGrouper(embedder, config.statements)
        self._replay()

    def reload(self, after_seq: int | None = None) -> None:
        """Teach the registry what another writer stored after ``after_seq``; with ``None``,
        forget it and rebuild it from the whole store."""
        if after_seq is None:
            self.registry = EntityRegistry.load(self.config.entities)
        self._replay(after_seq or 0)

    def _replay(self, after_seq: int = 0) -> None:
        """Rebuild the entity registry from stored analyses, in order of arrival."""
        # wire copies are left out, as when the pipeline adds articles one by one
        rows = self.store.iterate(
            "SELECT a.id, a.text, a.event_id, n.data FROM articles a "
            "JOIN analyses n ON n.article_id = a.id WHERE a.seq > ? AND a.duplicate_of IS NULL "
            "ORDER BY a.seq",
            (after_seq,),
        )
        for row in rows:
            self.registry.add(row[0], analysis_from_json(row[3]), row[1], story_id=row[2])

    def add_article(self, article_id: str, text: str, analysis: Analysis, story_id: str) -> None:
        """Teach the registry one new article's mentions (in order of arrival)."""
        self.registry.add(article_id, analysis, text, story_id=story_id)

    def refresh(
        self, story_ids: Iterable[str], storyline_ids: Iterable[str], processes: int = 1
    ) -> None:
        """Re-derive the story-level tables of these stories and storylines.

        With ``processes`` > 1 (POSIX only), a forked copy of this process derives about
        half of the storylines while this one derives the rest: the stages are pure once
        the stories are read, and the rows are put back in the serial order before writing.
        """
        stories = sorted(set(story_ids))
        storylines = sorted(set(storyline_ids))
        entities = self.registry.entities()
        names = _ActorNames(entities)
        # Read everything first (the store stays in this process), then compute.
        units = self._plan(stories, storylines)
        if processes > 1 and len(units) > 1 and hasattr(os, "fork"):
            half = _halves(units)
            child = _Forked(self._compute, half[1], names)
            try:
                done = self._compute(half[0], names)
            finally:
                theirs = child.result()  # always reaped, even when ours failed
            done.update(theirs if theirs is not None else self._compute(half[1], names))
        else:
            done = self._compute(units, names)
        rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _TABLES}
        for key in [*stories, *storylines]:  # the serial order, whoever derived them
            for table, values in done.get(key, {}).items():
                rows[table].extend(values)
        self._write(stories, storylines, entities, rows)

    def _plan(self, stories: list[str], storylines: list[str]) -> list[_Unit]:
        """Read what each storyline (with its touched stories) and each other story needs."""
        members = {s: self._members(s) for s in stories}
        parent = {s: self._storyline_of(s) for s in stories}
        units: list[_Unit] = []
        claimed: set[str] = set()
        for storyline_id in storylines:
            events = self._storyline_events(storyline_id)
            own = [s for s in stories if parent[s] == storyline_id]
            claimed.update(own)
            others = {e: self._members(e) for e in events if e not in members}
            units.append(
                _Unit(
                    stories=[(s, parent[s], members[s]) for s in own],
                    storyline=(storyline_id, events, others),
                )
            )
        for s in stories:
            if s not in claimed:
                units.append(_Unit(stories=[(s, parent[s], members[s])], storyline=None))
        return units

    def _compute(
        self, units: list[_Unit], names: _ActorNames
    ) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
        """Rows per story and storyline id, for these units; no store access."""
        out: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
        for unit in units:
            read: dict[str, list[StoryArticle]] = {}
            coverages: dict[str, Coverage] = {}
            for story_id, storyline_id, members in unit.stories:
                if members:
                    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in _TABLES}
                    read[story_id] = self._story_articles(members)
                    coverages[story_id] = self._derive_story(
                        story_id, storyline_id, members, read[story_id], names, rows
                    )
                    out[story_id] = rows
            if unit.storyline is not None:
                storyline_id, events, others = unit.storyline
                summary = self._storyline_summary(storyline_id, events, others, read, coverages)
                if summary is not None:
                    out[storyline_id] = {"summaries": [(storyline_id, _summary_json(summary))]}
        return out

    def _members(self, story_id: str) -> list[_Member]:
        """A story's original articles (wire copies add no new wording) with analyses."""
        found = self.store.db.execute(
            "SELECT a.id, COALESCE(a.outlet, a.source_id), a.text, a.published, n.data, c.data "
            "FROM articles a LEFT JOIN analyses n ON n.article_id = a.id "
            "LEFT JOIN coded_sentences c ON c.article_id = a.id "
            "WHERE a.event_id = ? AND a.duplicate_of IS NULL ORDER BY a.seq",
            (story_id,),
        ).fetchall()
        return [
            _Member(
                article_id=r[0],
                outlet=r[1],
                text=r[2],
                published=r[3],
                analysis=analysis_from_json(r[4]) if r[4] else None,
                coded=coded_from_json(r[5]) if r[5] else [],
            )
            for r in found
        ]

    def _story_articles(self, members: Sequence[_Member]) -> list[StoryArticle]:
        out = []
        for m in members:
            entities: tuple[tuple[int, int, str], ...] = ()
            if m.analysis is not None:
                entities = tuple(
                    (x.start, x.end, eid)
                    for x in m.analysis.mentions
                    if (eid := self.registry.entity_at(m.article_id, x.start, x.end))
                )
            out.append(
                StoryArticle(
                    article_id=m.article_id,
                    outlet=m.outlet,
                    text=m.text,
                    published=m.published,
                    sentences=_by_line(m.text, m.analysis.sentences) if m.analysis else None,
                    entities=entities,
                )
            )
        return out

    def _derive_story(
        self,
        story_id: str,
        storyline_id: str,
        members: list[_Member],
        articles: list[StoryArticle],
        names: _ActorNames,
        rows: dict[str, list[tuple[Any, ...]]],
    ) -> Coverage:
        """Add one story's rows; its coverage is returned for its storyline's summary."""
        analyses = [m.analysis for m in members if m.analysis is not None]
        quotes = attributed_quotes(analyses, self.registry)
        statements = self.grouper.group(quotes) if quotes else []
        by_quote = statements_by_quote(statements)
        for q in quotes:
            ids = by_quote.get((q.article_id, q.quote_index), ())
            rows["quotes"].append(
                (
                    f"q-{q.article_id}-{q.quote_index}",
                    q.article_id,
                    story_id,
                    ids[0] if ids else None,
                    q.speaker_entity_id,
                    q.quote.speaker_text,
                    q.quote.speaker_name,
                    q.quote.cue,
                    q.quote.text,
                    q.quote.kind,
                    q.quote.start,
                    q.quote.end,
                )
            )
        for st in statements:
            data = {"renderings": [dataclasses.asdict(r) for r in st.renderings]}
            rows["statements"].append(
                (st.statement_id, story_id, st.speaker_entity_id, json.dumps(data))
            )
        coded = [(m.article_id, names.canonical(e)) for m in members for e in m.coded]
        for ev in consolidate_events(coded):
            rows["events"].append(
                (
                    _coded_event_id(story_id, ev.event_id),
                    story_id,
                    storyline_id,
                    ev.date,
                    ev.date_precision,
                    ev.source_actor,
                    ev.source_code,
                    ev.target_actor,
                    ev.target_code,
                    ev.plover,
                    ev.cameo,
                    ev.location,
                    json.dumps(list(ev.article_ids)),
                    json.dumps([list(x) for x in ev.evidence]),
                )
            )
        coverage = build_coverage(story_id, articles, self.embedder, self.config.compare)
        for fact in coverage.facts:
            rows["facts"].append(
                (
                    fact.fact_id,
                    story_id,
                    fact.text,
                    json.dumps(list(fact.article_ids)),
                    json.dumps(list(fact.outlets)),
                    json.dumps([list(u) for u in fact.units]),
                )
            )
        rows["comparisons"].append((story_id, json.dumps(self._compare(coverage, articles))))
        summary = summarise_story(
            story_id, articles, self.embedder, self.config.summary, coverage=coverage
        )
        rows["summaries"].append((story_id, _summary_json(summary)))
        return coverage

    def _compare(self, coverage: Coverage, articles: list[StoryArticle]) -> dict[str, Any]:
        """Unique facts, omissions, disagreements and framing: all need two outlets."""
        options = self.config.compare
        if len(coverage.outlets) < 2:
            # one outlet: nothing to compare, and framing's alignments cost the most
            return {
                "outlets": list(coverage.outlets),
                "unique_facts": [],
                "omissions": [],
                "disagreements": [],
                "framing": [],
                "verbs": [],
                "loaded_words": [],
            }
        return {
            "outlets": list(coverage.outlets),
            "unique_facts": [f.fact_id for f in unique_facts(coverage)],
            "omissions": [
                {"fact_id": o.fact.fact_id, "outlet": o.outlet}
                for o in omissions(coverage, options)
            ],
            "disagreements": [dataclasses.asdict(d) for d in disagreements(coverage, options)],
            "framing": [dataclasses.asdict(f) for f in framing(coverage, articles, options)],
            "verbs": [dataclasses.asdict(v) for v in attribution_verbs(articles, options)],
            "loaded_words": [
                dataclasses.asdict(w) for w in loaded_words(coverage, articles, options)
            ],
        }

    def _storyline_of(self, story_id: str) -> str:
        row = self.store.db.execute(
            "SELECT storyline_id FROM articles WHERE event_id = ? LIMIT 1", (story_id,)
        ).fetchone()
        return str(row[0]) if row else story_id

    def _storyline_events(self, storyline_id: str) -> list[str]:
        return [
            r[0]
            for r in self.store.db.execute(
                "SELECT event_id FROM articles WHERE storyline_id = ? "
                "GROUP BY event_id ORDER BY MIN(seq)",
                (storyline_id,),
            )
        ]

    def _storyline_summary(
        self,
        storyline_id: str,
        events: list[str],
        others: dict[str, list[_Member]],
        read: dict[str, list[StoryArticle]],
        coverages: dict[str, Coverage],
    ) -> Summary | None:
        if len(events) < 2:
            return None  # a one-story storyline's summary is its story's
        stories = [read[e] if e in read else self._story_articles(others[e]) for e in events]
        # the storyline summary builds coverage with the default compare options; a story's
        # own coverage stands in for it only when it was built with those same options
        reuse = self.config.compare == CompareOptions()
        return summarise_storyline(
            storyline_id,
            stories,
            self.embedder,
            self.config.summary,
            coverages=[coverages.get(e) if reuse else None for e in events],
        )

    def _write(
        self,
        stories: list[str],
        storylines: list[str],
        entities: list[Entity],
        rows: dict[str, list[tuple[Any, ...]]],
    ) -> None:
        db = self.store.db
        with self.store.transaction():
            db.execute("DELETE FROM entities")
            db.executemany(
                "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        e.entity_id,
                        e.name,
                        e.type,
                        json.dumps(list(e.aliases)),
                        e.country,
                        json.dumps(list(e.article_ids)),
                    )
                    for e in entities
                ],
            )
            for table in ("quotes", "statements", "events", "facts", "comparisons"):
                db.executemany(f"DELETE FROM {table} WHERE story_id = ?", [(s,) for s in stories])
            db.executemany(
                "DELETE FROM summaries WHERE story_id = ?", [(s,) for s in stories + storylines]
            )
            for table, values in rows.items():
                if values:
                    marks = ",".join("?" * len(values[0]))
                    db.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
            self.store.bump_generation()


@dataclasses.dataclass(slots=True)
class _Unit:
    """Work that shares data: a storyline with its touched stories, or one lone story."""

    stories: list[tuple[str, str, list[_Member]]]  # (story id, storyline id, members)
    storyline: tuple[str, list[str], dict[str, list[_Member]]] | None  # id, events, others


def _halves(units: list[_Unit]) -> tuple[list[_Unit], list[_Unit]]:
    """Two lists of units with about the same number of articles each (largest first)."""
    order = sorted(range(len(units)), key=lambda i: -sum(len(m) for _, _, m in units[i].stories))
    halves: tuple[list[_Unit], list[_Unit]] = ([], [])
    load = [0, 0]
    for i in order:
        side = 0 if load[0] <= load[1] else 1
        halves[side].append(units[i])
        load[side] += sum(len(m) for _, _, m in units[i].stories) + 1
    return halves


class _Forked:
    """Runs a function in a forked copy of this process; its result comes back pickled."""

    def __init__(self, fn: Any, *args: Any) -> None:
        read_end, write_end = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: compute, send, and leave without running any cleanup
            status = 1
            try:
                os.close(read_end)
                # the parent's tokenizer thread pool did not survive the fork
                os.environ["TOKENIZERS_PARALLELISM"] = "false"
                data = pickle.dumps(fn(*args), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)
                status = 0
            finally:
                sys.stdout.flush()
                os._exit(status)
        os.close(write_end)
        self._read_end = read_end

    def result(self) -> Any:
        """The child's result, or None when it failed (the caller then does the work)."""
        with os.fdopen(self._read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or not data:
            return None
        return pickle.loads(data)


class _ActorNames:
    """Maps a coded actor phrase to the canonical entity it names, so that one meeting
    reported as "the minister" and as "Minister Jane Roe" consolidates into one event."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._forms: dict[tuple[str, ...], str] = {}
        for entity in entities:
            if entity.type not in _ACTOR_TYPES:
                continue
            for form in (entity.name, *entity.aliases):
                words = _words(form)
                if words and len(form) >= 4 and any(ch.isupper() for ch in form):
                    self._forms.setdefault(words, entity.name)
        self._longest = max((len(f) for f in self._forms), default=0)

    def name(self, phrase: str | None) -> str | None:
        """The canonical name a phrase contains (its longest known form), else the phrase."""
        if not phrase:
            return phrase
        words = _words(phrase)
        for size in range(min(self._longest, len(words)), 0, -1):
            for begin in range(len(words) - size + 1):
                found = self._forms.get(words[begin : begin + size])
                if found is not None:
                    return found
        return phrase

    def canonical(self, event: CodedEvent) -> CodedEvent:
        """The event with its actors named canonically."""
        return dataclasses.replace(
            event,
            source_actor=self.name(event.source_actor) or event.source_actor,
            target_actor=self.name(event.target_actor),
        )


def _by_line(text: str, sentences: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sentence spans cut again at line breaks: the parser runs a subheading into the next
    paragraph's first sentence, and a fact unit must not straddle the two."""
    out: list[tuple[int, int]] = []
    for start, end in sentences:
        cursor = start
        for line in text[start:end].split("\n"):
            stripped = line.strip()
            if stripped:
                begin = cursor + line.index(stripped)
                out.append((begin, begin + len(stripped)))
            cursor += len(line) + 1
    return tuple(out)


def _words(phrase: str) -> tuple[str, ...]:
    """A name's lower-cased words without possessives ("Capital’s top official")."""
    return tuple(re.findall(r"\w+", re.sub(r"['’]s\b", "", phrase).lower()))


_ACTOR_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_TABLES = ("quotes", "statements", "events", "facts", "comparisons", "summaries")


def _coded_event_id(story_id: str, event_id: str) -> str:
    """A coded event's id, unique across stories; "ce-" keeps it apart from story ids."""
    return "ce-" + hashlib.sha1(f"{story_id}|{event_id}".encode()).hexdigest()[:16]


def _summary_json(summary: Summary) -> str:
    return json.dumps(
        [{"text": s.text, "article_ids": list(s.article_ids)} for s in summary.sentences]
    )
