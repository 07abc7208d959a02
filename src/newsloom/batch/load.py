"""Loading a batch run's output folder into a store, as if ``newsloom ingest`` had run."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from newsloom.batch.records import stored_article
from newsloom.config import Config
from newsloom.derive import StoryDeriver
from newsloom.embed import Embedder
from newsloom.errors import InputError, StoreError
from newsloom.models import Failure
from newsloom.store import Batch, SQLiteStore

__all__ = ["load_batch"]


def load_batch(out: Path, store: SQLiteStore, config: Config) -> int:
    """Write every article of ``out`` into an empty store; returns how many were loaded."""
    if not (out / "articles").is_dir():
        raise InputError(str(out), "not a batch output folder (no articles/ in it)")
    if store.counts()["articles"]:
        raise StoreError(
            f"{store.path}: batch output loads into an empty store only (its duplicates and "
            "events were decided without the stored ones); ingest into this store instead"
        )
    table = pq.read_table(out / "articles").sort_by("seq")
    lines = pq.read_table(out / "lines.parquet").to_pylist()
    batch = Batch(
        failures=[
            Failure(origin=f["origin"], stage=f["stage"], reason=f["reason"])
            for f in pq.read_table(out / "failures.parquet").to_pylist()
        ]
    )
    for line in lines:
        if line["line_hash"] is None:
            batch.outlet_counts[line["outlet"]] = line["count"]
        else:
            batch.line_counts[(line["outlet"], line["line_hash"])] = line["count"]
    size = config.ingest.articles_per_batch()
    loaded = 0
    events: set[str] = set()
    storylines: set[str] = set()
    analysed = False
    for chunk in table.to_batches(max_chunksize=size):
        for row in chunk.to_pylist():
            item = stored_article(row)
            batch.articles.append(item)
            events.add(item.assignment.event_id)
            storylines.add(item.assignment.storyline_id)
            analysed = analysed or item.analysis is not None
        store.write_batch(batch)
        loaded += len(batch.articles)
        batch = Batch()
    if batch.failures or batch.line_counts:
        store.write_batch(batch)  # an output with no articles still records its failures
    store.set_meta("config", config.fingerprint())
    if analysed:
        # entities, quotes, coded events, coverage and summaries of every story
        StoryDeriver(store, config, Embedder.load(config.embed)).refresh(events, storylines)
    return loaded
