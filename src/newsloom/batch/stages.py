"""The per-article stages of a batch run, as functions over chunks: any engine maps them.

Models are loaded once per process (a Spark Python worker, a pool process, the driver)
and kept in a module-level cache keyed by the config: Spark reuses its Python workers
across tasks, so a worker loads wordllama (and spaCy) once, not once per partition.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from newsloom.batch.inputs import Keyed
from newsloom.batch.records import article_row, failure_row
from newsloom.clean import RepeatedLines, clean_document, line_hash
from newsloom.config import Config
from newsloom.models import Failure, RawInput
from newsloom.pipeline import CHUNK, Workbench
from newsloom.read import decode

__all__ = ["observe_lines", "prepare_rows", "workbench"]

_BENCHES: dict[str, Workbench] = {}


def workbench(config: Config) -> Workbench:
    """This process's Workbench for ``config``, loaded on first use."""
    key = config.fingerprint()
    bench = _BENCHES.get(key)
    if bench is None:
        bench = _BENCHES[key] = Workbench(config)
    return bench


def observe_lines(items: Iterable[Keyed], config: Config) -> Iterator[tuple[str, list[str]]]:
    """(outlet, distinct raw line hashes) of each input that decodes and cleans.

    The first pass of a batch run: repeated-line boilerplate is then learned from the
    whole corpus before any article is cleaned, so the result does not depend on how
    the work was split. Inputs that fail here fail again, and are reported, in the
    second pass.
    """
    for _, item in items:
        if not isinstance(item, RawInput):
            continue
        try:
            article = clean_document(decode(item, config.read), config.clean, None, None)
        except Exception:  # InputError or worse: the second pass reports it, the batch goes on
            continue
        if article.outlet:
            lines = article.raw_text.splitlines()
            yield article.outlet, sorted({line_hash(line) for line in lines if line.strip()})


def prepare_rows(
    items: Iterable[Keyed], config: Config, repeated: RepeatedLines
) -> Iterator[tuple[str, dict[str, Any]]]:
    """("article", row) or ("failure", row) for each keyed input, in the order given."""
    bench = workbench(config)
    chunk: list[Keyed] = []

    def flush() -> Iterator[tuple[str, dict[str, Any]]]:
        raws = [(key, item) for key, item in chunk if isinstance(item, RawInput)]
        prepared = iter(bench.prepare([raw for _, raw in raws], repeated))
        for key, item in chunk:
            done = item if isinstance(item, Failure) else next(prepared)
            if isinstance(done, Failure):
                yield "failure", failure_row(key, done)
            else:
                yield "article", article_row(key, done)
        chunk.clear()

    for keyed in items:
        chunk.append(keyed)
        if len(chunk) >= CHUNK:
            yield from flush()
    yield from flush()
