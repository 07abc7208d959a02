"""Wires the stages: read → clean → dedup → embed → cluster, into the store, in batches.

Per-article work (decode, clean, MinHash signature, embedding, features) is pure and runs
in a process pool; the order-dependent work (dedup lookups, online clustering, writing)
runs in order of arrival, so a run is deterministic whatever the number of workers. The
clusterer may run in a process of its own (cluster.service), a batch ahead of the writes.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import BinaryIO

from newsloom import embed
from newsloom.analyse import Analyser, Analysis
from newsloom.clean import LanguageDetector, RepeatedLines, clean_document, line_hash
from newsloom.clean.rules import is_caption
from newsloom.cluster import ArticleFeatures, OnlineClusterer, extract_features
from newsloom.cluster.service import ClusterProcess, Placed, Request, assign_batch
from newsloom.coding import CodedEvent, EventCoder, check_dictionaries
from newsloom.config import Config
from newsloom.dedup import DedupIndex
from newsloom.derive import StoryDeriver, analysis_from_json, analysis_to_json, coded_to_json
from newsloom.embed import Embedder
from newsloom.errors import InputError, NewsloomError
from newsloom.models import Article, Assignment, Failure, RawInput
from newsloom.read import decode, read_sources
from newsloom.store import Batch, SQLiteStore, StoredArticle, is_postgres_url, open_store

__all__ = ["IngestReport", "Pipeline", "Prepared", "Workbench"]

CHUNK = 32  # inputs per task sent to a worker: large enough to amortise pickling
# With NLP an article costs ~100x more, so pickling is cheap beside it; small tasks keep
# both workers busy to the end instead of one finishing a long last chunk alone.
NLP_CHUNK = 8
STORY_CACHE = 50_000  # sentence vectors the story stages keep (1 KiB each)


@dataclass(slots=True)
class IngestReport:
    """What one ingest did: counts and the reason for every failure."""

    read: int = 0
    new: int = 0
    already_stored: int = 0
    duplicates: int = 0
    failures: list[Failure] = field(default_factory=list)
    # seconds the calling process spent per stage; "prepare" is time spent waiting for the
    # per-article stages (reading included), so with workers it is the idle time of this
    # process, not the workers' own time
    timings: dict[str, float] = field(default_factory=dict)

    def _add(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds

    @property
    def failed(self) -> int:
        """How many inputs failed."""
        return len(self.failures)


@dataclass(frozen=True, slots=True)
class Prepared:
    """One input after the per-article stages."""

    raw: RawInput
    article: Article
    text_hash: str
    minhash: bytes | None
    # ArticleFeatures.to_bytes(), for the store and the clusterer: the bytes cross process
    # boundaries in a third of the CPU time of the pickled object (its numpy vector,
    # dicts and set), and the clusterer decodes them once
    features_bytes: bytes
    line_hashes: frozenset[str]
    analysis: str | None = None  # JSON, when NLP ran
    coded: str | None = None  # JSON, when NLP ran


def check_workbench(config: Config) -> None:
    """Raise the ConfigError a Workbench would, before any worker process tries to load one
    (a worker that fails to start reads as a crashed pool, not as a bad option)."""
    if config.ingest.nlp and config.events.dictionaries:
        check_dictionaries(config.events.dictionaries)


class Workbench:
    """The models the per-article stages need, loaded once per process."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.embedder = Embedder.load(config.embed)
        self.languages = LanguageDetector() if config.clean.detect_language else None
        self.signer = DedupIndex(config.dedup)
        self.analyser: Analyser | None = None
        self.coder: EventCoder | None = None
        self.timings: dict[str, float] = {}  # seconds per per-article stage, this process
        if config.ingest.nlp:
            self.analyser = Analyser.load(config.analyse)
            self.coder = EventCoder(config.events)

    def prepare(self, raws: list[RawInput], repeated: RepeatedLines) -> list[Prepared | Failure]:
        """Decode, clean, sign and embed a chunk of inputs; failures are returned, not raised."""
        results: list[Prepared | Failure | None] = []
        cleaned: list[tuple[int, RawInput, Article]] = []
        clock = _Clock(self.timings)
        for raw in raws:
            try:
                doc = decode(raw, self.config.read)
                article = clean_document(doc, self.config.clean, repeated, self.languages)
            except InputError as exc:
                results.append(Failure(origin=raw.origin, stage=_stage_of(exc), reason=exc.reason))
                continue
            except Exception as exc:  # one bad article never stops a batch
                reason = f"unexpected {type(exc).__name__}: {exc}"
                results.append(Failure(origin=raw.origin, stage="clean", reason=reason))
                continue
            cleaned.append((len(results), raw, article))
            results.append(None)  # filled below, once the chunk is embedded
        clock.lap("clean")
        if cleaned:
            vectors = self.embedder.embed([_embed_text(article) for _, _, article in cleaned])
            clock.lap("embed")
            nlp = self._nlp([article for _, _, article in cleaned])
            clock.lap("nlp")
            for (slot, raw, article), vector, (analysis, coded) in zip(
                cleaned, vectors, nlp, strict=True
            ):
                lines = article.raw_text.splitlines()
                exact_hash, minhash = self.signer.hash_and_signature(article.text)
                features = extract_features(article.title, article.text, article.published, vector)
                results[slot] = Prepared(
                    raw=raw,
                    article=article,
                    text_hash=exact_hash,
                    minhash=minhash,
                    features_bytes=features.to_bytes(),
                    line_hashes=frozenset(line_hash(line) for line in lines if line.strip()),
                    analysis=analysis,
                    coded=coded,
                )
            clock.lap("sign")
        return [r for r in results if r is not None]

    def _nlp(self, articles: list[Article]) -> list[tuple[str | None, str | None]]:
        """Parse once; analyse (entities, quotes) and code events from the same parse."""
        if self.analyser is None or self.coder is None:
            return [(None, None)] * len(articles)
        out: list[tuple[str | None, str | None]] = []
        parsed = self.analyser.analyse_docs([(a.id, a.text) for a in articles])
        for article, (analysis, doc) in zip(articles, parsed, strict=True):
            coded: list[CodedEvent] = []
            if doc is not None:
                aliases = _aliases(article.text, analysis)
                # A photo caption is out of the analysed text, but it often says who met
                # whom, where and on which date ("X meets Y in Tehran, June 11, 2025").
                captions = [line for line in article.removed_lines if is_caption(line)]
                sentences = [*doc.sents, *(s for c in captions for s in self.analyser.nlp(c).sents)]
                for sentence in sentences:
                    try:
                        coded.extend(
                            self.coder.code_sentence(sentence, article.published, aliases=aliases)
                        )
                    except Exception:  # an odd parse never stops the batch
                        continue
            out.append((analysis_to_json(analysis), coded_to_json(coded)))
        return out


class _Clock:
    """Adds the seconds since the last lap to a stage's total."""

    def __init__(self, totals: dict[str, float]) -> None:
        self.totals = totals
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.totals[stage] = self.totals.get(stage, 0.0) + now - self.last
        self.last = now


def _aliases(text: str, analysis: Analysis) -> dict[str, str]:
    """Within-article coreference as the coder wants it: phrase -> full name."""
    return {
        text[start:end]: name
        for name, spans in analysis.chains
        for start, end in spans
        if text[start:end] != name
    }


def _embed_text(article: Article) -> str:
    title = article.title or ""
    return f"{title}\n{article.text}" if title else article.text


def _stage_of(exc: InputError) -> str:
    return type(exc).__name__.removesuffix("Error").lower()


_WORKBENCH: Workbench | None = None  # one per worker process, set by the pool initializer


def _init_worker(config: Config) -> None:
    global _WORKBENCH
    _WORKBENCH = Workbench(config)


def _worker_context() -> BaseContext:
    """fork while it is safe, else spawn.

    Forked workers skip importing every stage again (about a second of a worker's
    start-up, when both cores are busy). A fork is safe only from a process with one
    thread whose tokenizer has not run: the tokenizer's thread pool, and locks held by
    other threads, would be copied in a bad state.
    """
    if (
        sys.platform == "linux"  # macOS system libraries are not fork-safe
        and "fork" in get_all_start_methods()
        and threading.active_count() == 1
        and not embed.TOKENIZER_USED
    ):
        return get_context("fork")
    return get_context("spawn")


def _prepare_in_worker(raws: list[RawInput], repeated: RepeatedLines) -> list[Prepared | Failure]:
    assert _WORKBENCH is not None, "worker was not initialised"
    return _WORKBENCH.prepare(raws, repeated)


@dataclass(slots=True)
class _Flight:
    """A batch deduplicated and handed to the clusterer, not yet placed and written."""

    items: list[Prepared | Failure]
    known: set[str]  # raw hashes stored before the batch came
    batch: Batch  # what is written: line counts so far, articles when placed
    originals: list[str | None]  # the dedup original of each new article, in order
    placed: list[Placed] | None  # the clusterer's results; None while its process has them


class Pipeline:
    """Ingests inputs into one store, resuming its dedup and clustering state."""

    def __init__(self, store: SQLiteStore, config: Config | None = None) -> None:
        self.store = store
        self.config = config or Config()
        check_workbench(self.config)
        self.dedup = DedupIndex(self.config.dedup)
        self.clusterer: OnlineClusterer | ClusterProcess = OnlineClusterer(self.config.cluster)
        self.placement: dict[str, tuple[str, str]] = {}
        self.aliases: dict[str, str] = {}  # merged-away cluster id -> the id that absorbed it
        # events and storylines a split took articles from, this batch
        self._split_from: set[str] = set()
        self._broken = False  # an ingest failed with batches in a clustering process
        self._workbench: Workbench | None = None
        self._deriver: StoryDeriver | None = None
        self._generation = store.generation()
        self._merges = store.get_meta("merges")
        self._last_seq = 0  # the newest stored article this process knows of
        self._resume()
        # a line seen in under a quarter of the boilerplate share can be forgotten: even
        # if it became boilerplate later, its count would be short by little of that share
        self._prune_share = self.config.clean.repeated_min_share / 4
        rows, counts = store.line_rows()
        self.repeated = RepeatedLines.from_rows(rows, counts, self._prune_share)
        store.set_meta("config", self.config.fingerprint())

    def _catch_up(self) -> None:
        """Learn what other processes stored since our last look (called under the store's
        writer lock, so the state then stays current until our batch is written).

        Their articles came after all of ours, so replaying them in order of arrival gives
        the state one process would have. A merge of two clusters cannot be replayed
        piecemeal: after one, the state is reloaded from the whole store.
        """
        generation = self.store.generation()
        if generation == self._generation:
            return
        merges = self.store.get_meta("merges")
        if merges != self._merges:
            self._forget()
        elif self._deriver is not None:
            self._deriver.reload(after_seq=self._last_seq)
        known = self._last_seq
        self._resume()
        if self._last_seq != known:
            # their articles' lines count towards repeated boilerplate too
            rows, counts = self.store.line_rows()
            self.repeated = RepeatedLines.from_rows(rows, counts, self._prune_share)
        self._generation, self._merges = generation, merges

    def _forget(self) -> None:
        """Drop the dedup, clustering and story state: the next _resume() rebuilds it."""
        self.dedup = DedupIndex(self.config.dedup)
        if isinstance(self.clusterer, ClusterProcess):
            self.clusterer.close()
        self.clusterer = OnlineClusterer(self.config.cluster)
        self.placement = {}
        self._last_seq = 0
        if self._deriver is not None:
            self._deriver.reload()

    def _reload(self) -> None:
        """Rebuild the state from the store after an ingest that failed mid-way."""
        self._forget()
        self._resume()
        rows, counts = self.store.line_rows()
        self.repeated = RepeatedLines.from_rows(rows, counts, self._prune_share)
        self._generation, self._merges = self.store.generation(), self.store.get_meta("merges")
        self._broken = False

    def _resume(self) -> None:
        for row in self.store.iter_state(after_seq=self._last_seq):
            article_id, event_id, storyline_id = row["id"], row["event_id"], row["storyline_id"]
            self.placement[article_id] = (event_id, storyline_id)
            self.dedup.restore(article_id, row["text_hash"], row["minhash"])
            if row["duplicate_of"] is None and row["features"] is not None:
                features = ArticleFeatures.from_bytes(row["features"])
                self.clusterer.restore(
                    article_id, features, event_id, storyline_id, row["story_key"]
                )
            self._last_seq = row["seq"]

    def ingest(
        self,
        sources: Iterable[str],
        stdin: BinaryIO | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Read, clean, deduplicate, cluster and store everything ``sources`` name."""
        return self.ingest_raw(read_sources(sources, self.config.read, stdin), progress)

    def ingest_raw(
        self,
        items: Iterable[RawInput | Failure],
        progress: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Ingest already-read inputs (and record read failures) in committed batches."""
        report = IngestReport()
        pending: list[Prepared | Failure] = []
        seen: set[str] = set()
        touched: set[str] = set()
        if self._broken:
            self._reload()
        self._serve_clusterer()  # before the worker pool starts: it forks
        flight: _Flight | None = None
        batch_size = self.config.ingest.articles_per_batch()
        try:
            waited = time.perf_counter()
            for item in self._prepared(self._new_inputs(items, report, seen)):
                report._add("prepare", time.perf_counter() - waited)
                pending.append(item)
                if progress is not None:
                    progress(1)
                if len(pending) >= batch_size:
                    flight = self._advance(flight, pending, report, touched)
                    pending = []
                waited = time.perf_counter()
            flight = self._advance(flight, pending, report, touched)
            if flight is not None:
                self._land(flight, report, touched)
        except BaseException:
            if isinstance(self.clusterer, ClusterProcess):
                # a batch may be left in the clustering process: the next ingest starts
                # again from what the store holds
                self.clusterer.close()
                self._broken = True
            raise
        if touched and self.config.ingest.nlp:
            started = time.perf_counter()
            with self.store.writer_lock():
                self._catch_up()
                self._derive(touched)
                self._generation = self.store.generation()
            report._add("derive", time.perf_counter() - started)
        return report

    def _serve_clusterer(self) -> None:
        """Move the clusterer to a process of its own when that can pay off and is safe."""
        if isinstance(self.clusterer, ClusterProcess) or not self.config.ingest.cluster_process:
            return
        workers = self.config.ingest.workers or (os.cpu_count() or 1)
        # Pipelining batches needs the one-writer store: with several writers, each batch
        # is placed under the writer lock right after catching up with the others.
        if workers <= 1 or self.store.dialect != "sqlite":
            return
        context = _worker_context()
        if context.get_start_method() == "fork":  # the child takes the state as it is
            self.clusterer = ClusterProcess(self.clusterer, context)

    def _advance(
        self,
        flight: _Flight | None,
        pending: list[Prepared | Failure],
        report: IngestReport,
        touched: set[str],
    ) -> _Flight | None:
        """Send a batch to the clusterer; place and write the one sent before it."""
        if not isinstance(self.clusterer, ClusterProcess):
            with self.store.writer_lock():
                self._catch_up()
                self._land(self._launch(pending, report), report, touched)
            return None
        if flight is not None and self.store.generation() != self._generation:
            # another process wrote: finish ours, then catch up as a lone batch would
            self._land(flight, report, touched)
            flight = None
        self._catch_up()
        launched = self._launch(pending, report)
        if flight is not None:
            self._land(flight, report, touched)  # while the clusterer works on the next
        return launched

    def _launch(self, pending: list[Prepared | Failure], report: IngestReport) -> _Flight:
        """Deduplicate a batch in order of arrival and hand its new texts to the clusterer."""
        # another writer may have stored some of these since we read them
        known = self.store.known_raw(p.article.raw_hash for p in pending if isinstance(p, Prepared))
        started = time.perf_counter()
        batch = Batch()
        originals: list[str | None] = []
        requests: list[Request] = []
        for item in pending:
            if isinstance(item, Prepared) and item.article.raw_hash not in known:
                article = item.article
                original = self.dedup.add_hashed(article.id, item.text_hash, item.minhash)
                originals.append(original)
                if original is None or article.story_key is not None:
                    requests.append((article.id, article.story_key, item.features_bytes))
                # now, not when the batch is placed: the workers clean later inputs with
                # the lines learned so far, with or without a clustering process
                self._observe_lines(article.outlet, item.line_hashes, batch)
        deduped = time.perf_counter()
        report._add("dedup", deduped - started)
        placed: list[Placed] | None = None
        if isinstance(self.clusterer, ClusterProcess):
            self.clusterer.submit(requests)
        else:
            placed = assign_batch(self.clusterer, requests)
            report._add("cluster", time.perf_counter() - deduped)
        return _Flight(pending, known, batch, originals, placed)

    def _land(self, flight: _Flight, report: IngestReport, touched: set[str]) -> None:
        """Place a launched batch's articles in order of arrival and write the batch."""
        placed = flight.placed
        if placed is None:
            assert isinstance(self.clusterer, ClusterProcess)
            started = time.perf_counter()
            placed = self.clusterer.collect()
            report._add("cluster", time.perf_counter() - started)  # the wait for it
        results = iter(placed)
        originals = iter(flight.originals)
        batch = flight.batch
        for item in flight.items:
            if isinstance(item, Failure):
                report.failures.append(item)
                batch.failures.append(item)
            elif item.article.raw_hash in flight.known:
                report.already_stored += 1
            else:
                stored = self._place(item, next(originals), results, batch)
                report.new += 1
                report.duplicates += stored.assignment.duplicate_of is not None
                batch.articles.append(stored)
                touched.update((stored.assignment.event_id, stored.assignment.storyline_id))
        started = time.perf_counter()
        self._generation = self.store.write_batch(batch)
        report._add("write", time.perf_counter() - started)
        self._merges = self.store.get_meta("merges")
        self._last_seq = self.store.next_seq() - 1
        for _, absorbed, surviving in batch.merges:
            touched.update((absorbed, surviving))
        touched.update(cluster for _, *clusters in batch.moves for cluster in clusters)
        touched.update(self._split_from)
        self._split_from.clear()

    def _derive(self, touched: set[str]) -> None:
        """Re-derive the story tables of every story and storyline this ingest touched."""
        current = {self._resolve(c) for c in touched}
        stories = {c for c in touched | current if c.startswith("ev-")}
        storylines = {c for c in touched | current if c.startswith("sl-")}
        # the worker processes are gone by now: their cores derive the stories
        processes = min(2, self.config.ingest.workers or (os.cpu_count() or 1))
        self._story_deriver().refresh(stories, storylines, processes=processes)

    def _story_deriver(self) -> StoryDeriver:
        if self._deriver is None:
            embedder = Embedder.load(self.config.embed).cached(STORY_CACHE)
            self._deriver = StoryDeriver(self.store, self.config, embedder)
        return self._deriver

    def _new_inputs(
        self, items: Iterable[RawInput | Failure], report: IngestReport, seen: set[str]
    ) -> Iterator[RawInput | Failure]:
        """Drop inputs already stored (or repeated in this run); count what was read."""
        pending: list[RawInput | Failure] = []

        def flush() -> Iterator[RawInput | Failure]:
            # hashing the payload costs: once per input
            digests = [p.content_hash if isinstance(p, RawInput) else "" for p in pending]
            known = self.store.known_raw(d for d in digests if d)
            for p, digest in zip(pending, digests, strict=True):
                if isinstance(p, RawInput):
                    if digest in known or digest in seen:
                        report.already_stored += 1
                        continue
                    seen.add(digest)
                yield p
            pending.clear()

        for item in items:
            report.read += 1
            pending.append(item)
            if len(pending) >= 256:
                yield from flush()
        yield from flush()

    def _prepared(self, items: Iterable[RawInput | Failure]) -> Iterator[Prepared | Failure]:
        """Run the per-article stages, in a process pool when configured, in input order."""
        workers = self.config.ingest.workers or (os.cpu_count() or 1)
        if workers <= 1:
            bench = self._local_workbench()
            for chunk in _chunks(items):
                raws = [c for c in chunk if isinstance(c, RawInput)]
                yield from _merge(chunk, _done(bench.prepare(raws, self.repeated)))
            return
        context = _worker_context()
        try:
            with ProcessPoolExecutor(
                workers, mp_context=context, initializer=_init_worker, initargs=(self.config,)
            ) as pool:
                window: deque[tuple[list[RawInput | Failure], Future[list[Prepared | Failure]]]]
                window = deque()
                size = NLP_CHUNK if self.config.ingest.nlp else CHUNK
                for chunk in _chunks(items, size):
                    raws = [c for c in chunk if isinstance(c, RawInput)]
                    # workers see the lines learned so far; a snapshot keeps the message small
                    task = pool.submit(_prepare_in_worker, raws, self.repeated.snapshot())
                    window.append((chunk, task))
                    if len(window) >= workers * 3:
                        yield from _merge(*window.popleft())
                while window:
                    yield from _merge(*window.popleft())
        except BrokenProcessPool:
            raise NewsloomError(
                "a worker process died or could not start (killed, out of memory, or a model "
                "failed to load: see its message above); the batches committed so far are "
                "kept: run the same ingest again to continue"
            ) from None

    def _local_workbench(self) -> Workbench:
        if self._workbench is None:
            self._workbench = Workbench(self.config)
        return self._workbench

    def _place(
        self, item: Prepared, original: str | None, results: Iterator[Placed], batch: Batch
    ) -> StoredArticle:
        """Place one deduplicated article: a copy where its original is, else where the
        clusterer put it (the next of ``results``), with the merges and moves that caused."""
        article = item.article
        if original is not None and article.story_key is None:
            event_id, storyline_id = self._placement_of(original)
        else:
            event_id, storyline_id, merges, moves = next(results)
            for kind, absorbed, surviving in merges:
                # the older cluster survives: ids users have seen stay valid
                self.aliases[absorbed] = surviving
                batch.merges.append((kind, absorbed, surviving))
            for moved, event, storyline in moves:
                # a split of a small event (or of a storyline): the part without its first
                # article got a new id
                before = self.placement[moved]
                self._split_from.update(self._resolve(c) for c in before)
                self.placement[moved] = (event, storyline)
                batch.moves.append((moved, event, storyline))
        self.placement[article.id] = (event_id, storyline_id)
        if item.analysis is not None and original is None:
            analysis = analysis_from_json(item.analysis)
            self._story_deriver().add_article(article.id, article.text, analysis, event_id)
        return StoredArticle(
            raw=item.raw,
            article=article,
            text_hash=item.text_hash,
            assignment=Assignment(
                article_id=article.id,
                duplicate_of=original,
                event_id=event_id,
                storyline_id=storyline_id,
            ),
            features=item.features_bytes if original is None else None,
            minhash=item.minhash,
            analysis=item.analysis,
            coded=item.coded,
        )

    def _placement_of(self, article_id: str) -> tuple[str, str]:
        event_id, storyline_id = self.placement[article_id]
        return self._resolve(event_id), self._resolve(storyline_id)

    def _resolve(self, cluster_id: str) -> str:
        while cluster_id in self.aliases:
            cluster_id = self.aliases[cluster_id]
        return cluster_id

    def _observe_lines(self, outlet: str | None, hashes: frozenset[str], batch: Batch) -> None:
        if not outlet:
            return
        self.repeated.observe_hashes(outlet, hashes)
        batch.outlet_counts[outlet] = batch.outlet_counts.get(outlet, 0) + 1
        for digest in hashes:
            key = (outlet, digest)
            batch.line_counts[key] = batch.line_counts.get(key, 0) + 1
        for digest in self.repeated.prune(outlet):
            batch.line_counts.pop((outlet, digest), None)
            batch.line_drops.append((outlet, digest))


def _chunks(
    items: Iterable[RawInput | Failure], size: int = CHUNK
) -> Iterator[list[RawInput | Failure]]:
    chunk: list[RawInput | Failure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _done(value: list[Prepared | Failure]) -> Future[list[Prepared | Failure]]:
    future: Future[list[Prepared | Failure]] = Future()
    future.set_result(value)
    return future


def _merge(
    chunk: list[RawInput | Failure], future: Future[list[Prepared | Failure]]
) -> Iterator[Prepared | Failure]:
    """Read failures stay in place; each input's slot takes its prepared result."""
    results = iter(future.result())
    for item in chunk:
        yield item if isinstance(item, Failure) else next(results)


def rebuild_store(location: str | Path, config: Config | None = None) -> IngestReport:
    """Re-derive every table from the stored raw inputs, replacing the store atomically."""
    if is_postgres_url(location):
        return _rebuild_in_place(str(location), config)
    path = Path(str(location).removeprefix("sqlite:///"))  # open_store's own spellings
    fresh = path.with_name(path.name + ".rebuild")
    partial = (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm"))
    for leftover in partial:
        leftover.unlink(missing_ok=True)
    old = open_store(path)
    new = open_store(fresh)
    try:
        try:
            report = Pipeline(new, config).ingest_raw(old.iter_raw())
        finally:
            old.close()
            new.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            new.close()
    except BaseException:
        for leftover in partial:  # a failed rebuild leaves the store as it was, and no debris
            leftover.unlink(missing_ok=True)
        raise
    # the old file stays whole until the new one is complete: a crash loses nothing
    os.replace(fresh, path)
    for side in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        side.unlink(missing_ok=True)
    return report


def _rebuild_in_place(location: str, config: Config | None) -> IngestReport:
    """A database server's store is rebuilt in one transaction: readers see the old tables
    until it commits, and a failure leaves them as they were."""
    store = open_store(location)
    try:
        with store.writer_lock(), store.transaction():
            raws = list(store.iter_raw())  # held in memory: the tables are emptied next
            store.clear()
            return Pipeline(store, config).ingest_raw(raws)
    finally:
        store.close()
