"""The ``newsloom`` command: a thin adapter over the library; errors become one-line messages."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from newsloom.config import Config, load_config
from newsloom.errors import NewsloomError
from newsloom.export import export
from newsloom.models import Story
from newsloom.pipeline import IngestReport, Pipeline, rebuild_store
from newsloom.render import entities_table, quotes_table, story_view, timeline_table
from newsloom.store import SQLiteStore, is_postgres_url, open_store

__all__ = ["app", "main"]

app = typer.Typer(
    help="newsloom: turn coverage from many news outlets into stories you can trust.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
config_app = typer.Typer(help="Show the configuration in force.", no_args_is_help=True)
app.add_typer(config_app, name="config")

# piped or captured output (make demo, CI logs) gets room for tables, not 80 columns
_WIDTH = None if sys.stdout.isatty() or "COLUMNS" in os.environ else 140
# titles, outlets and file names are data: "[/]" in a headline or ":100:" in an origin
# must print as written, not as rich markup or an emoji; one failure stays on one line
out = Console(highlight=False, soft_wrap=True, width=_WIDTH, markup=False, emoji=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


@dataclass(slots=True)
class Context:
    """Global options, shared by every command."""

    db: str
    config: Config


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[
        str, typer.Option(help="Store: a SQLite file path or a postgresql:// URL.")
    ] = "newsloom.db",
    config: Annotated[
        Path | None, typer.Option("--config", help="TOML file with one table per stage.")
    ] = None,
) -> None:
    ctx.obj = Context(db=db, config=load_config(config))


def _store(ctx: typer.Context) -> SQLiteStore:
    return open_store(ctx.obj.db)


def _require_store(db: str) -> None:
    """A command that only reads a store: a mistyped --db is an error, not a new empty file."""
    path_text = db.removeprefix("sqlite:///")
    if is_postgres_url(db) or "://" in path_text:
        return  # a server's store, or a URL open_store refuses with its own message
    path = Path(path_text)
    if not path.exists():
        raise NewsloomError(f"no store at {path}; `newsloom --db {db} ingest FILES` creates one")


def _existing_store(ctx: typer.Context) -> SQLiteStore:
    _require_store(ctx.obj.db)
    return open_store(ctx.obj.db)


@config_app.command("show")
def config_show(ctx: typer.Context) -> None:
    """Print the options in force, as TOML."""
    out.print(ctx.obj.config.to_toml(), markup=False)


@app.command()
def ingest(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(help="Files, folders, URLs, or - for stdin.")],
    allow_private: Annotated[
        bool, typer.Option(help="Allow fetching URLs on loopback or private addresses.")
    ] = False,
    workers: Annotated[
        int | None, typer.Option(help="Processes for per-article stages (0 = one per core).")
    ] = None,
    nlp: Annotated[
        bool | None,
        typer.Option(
            "--nlp/--no-nlp",
            help="Parse articles for entities, quotes and events (default: \\[ingest] nlp).",
        ),
    ] = None,
) -> None:
    """Read, clean, deduplicate and cluster articles into the store."""
    config: Config = ctx.obj.config
    if allow_private:
        config = replace(config, read=replace(config.read, allow_private=True))
    if workers is not None:
        config = replace(config, ingest=replace(config.ingest, workers=workers))
    if nlp is not None:
        config = replace(config, ingest=replace(config.ingest, nlp=nlp))
    store = _store(ctx)
    try:
        pipeline = Pipeline(store, config)
        with Progress(
            SpinnerColumn(),
            TextColumn("ingesting"),
            BarColumn(bar_width=None),
            MofNCompleteColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal,
            # no refresh thread: worker pools fork only from a process with one thread
            auto_refresh=False,
        ) as progress:
            task = progress.add_task("ingest", total=None)
            shown = [0.0]

            def advance(n: int) -> None:
                progress.advance(task, n)
                if time.monotonic() - shown[0] >= 0.1:
                    progress.refresh()
                    shown[0] = time.monotonic()

            report = pipeline.ingest(sources, stdin=sys.stdin.buffer, progress=advance)
        _print_report(report, store)
    finally:
        store.close()
    if report.failed:
        raise typer.Exit(1)


def _n(count: int, noun: str) -> str:
    """'1 article', '2 articles'."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _print_report(report: IngestReport, store: SQLiteStore) -> None:
    counts = store.counts()
    out.print(
        f"read {report.read}, new {report.new} ({_n(report.duplicates, 'duplicate')}), "
        f"already stored {report.already_stored}, failed {report.failed}; "
        f"store: {_n(counts['articles'], 'article')}, {_n(counts['events'], 'event')}, "
        f"{_n(counts['storylines'], 'storyline')}"
    )
    for failure in report.failures:
        err.print(f"failed: {failure.origin}: {failure.reason} [{failure.stage}]", markup=False)


@app.command()
def stories(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many stories to list.")] = 50,
) -> None:
    """List stories (events), newest first."""
    store = _existing_store(ctx)
    try:
        rows = store.stories(limit=limit)
    finally:
        store.close()
    table = Table("date", "story", "title", "outlets", "articles", box=None, pad_edge=False)
    for story in rows:
        table.add_row(
            (story.last_seen or "-")[:10],
            story.event_id,
            story.title or "(untitled)",
            ", ".join(story.outlets) or "-",
            str(len(story.article_ids)),
        )
    out.print(table)


@app.command()
def show(
    ctx: typer.Context,
    story_id: Annotated[
        str | None, typer.Argument(help="An event id; leave out for the biggest story.")
    ] = None,
) -> None:
    """Show one story: summary, articles, coverage, framing, statements and coded events."""
    store = _existing_store(ctx)
    try:
        story = _find_story(store, story_id)
        out.print(story_view(store, story))
    finally:
        store.close()


@app.command()
def quotes(
    ctx: typer.Context,
    story_id: Annotated[
        str | None, typer.Argument(help="An event id; default the biggest.")
    ] = None,
) -> None:
    """Who said what in one story: quotes, speakers, cues and statements."""
    store = _existing_store(ctx)
    try:
        story = _find_story(store, story_id)
        out.print(quotes_table(store, story.event_id))
    finally:
        store.close()


@app.command()
def entities(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many entities to list.")] = 50,
) -> None:
    """Canonical people, organisations and places, most reported first."""
    store = _existing_store(ctx)
    try:
        out.print(entities_table(store, limit))
    finally:
        store.close()


@app.command()
def timeline(
    ctx: typer.Context,
    storyline_id: Annotated[str, typer.Argument(help="A storyline id (sl-…).")],
) -> None:
    """A storyline's stories and coded events in date order."""
    store = _existing_store(ctx)
    try:
        if not store.db.execute(
            "SELECT 1 FROM articles WHERE storyline_id = ? LIMIT 1", (storyline_id,)
        ).fetchone():
            raise NewsloomError(f"no storyline {storyline_id!r} in {store.path}")
        out.print(timeline_table(store, storyline_id))
    finally:
        store.close()


def _find_story(store: SQLiteStore, story_id: str | None) -> Story:
    if story_id is None:
        everything = store.stories()
        if not everything:
            raise NewsloomError("the store holds no stories yet; run `newsloom ingest` first")
        return max(everything, key=lambda s: len(s.article_ids))
    story = store.story(story_id)
    if story is None:
        raise NewsloomError(f"no story {story_id!r} in {store.path}")
    return story


@app.command("export")
def export_command(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(help="articles, stories, entities, quotes, events, coverage, summaries."),
    ],
    fmt: Annotated[
        str, typer.Option("--format", help="jsonl, csv, parquet; gdelt for events.")
    ] = "jsonl",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Write records in the stable export contracts."""
    store = _existing_store(ctx)
    try:
        if output is None:
            count = export(store, kind, fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            try:
                count = export(store, kind, fmt, output)
            except OSError as exc:  # a missing folder, a folder given as the file, no rights
                raise NewsloomError(f"{output}: cannot write the export ({exc.strerror})") from None
    finally:
        store.close()
    err.print(f"exported {count} {kind}")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Address to bind; other than loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None, typer.Option(help="Bearer token required for writes (ingest, rebuild).")
    ] = None,
) -> None:
    """Open the local web app and REST API over the store."""
    from newsloom.web import serve as serve_web

    open_store(ctx.obj.db).close()  # create and migrate before the server reads it
    serve_web(ctx.obj.db, host=host, port=port, token=token)


@app.command()
def rebuild(ctx: typer.Context) -> None:
    """Re-derive every table from the stored raw inputs with the config in force."""
    _require_store(ctx.obj.db)
    report = rebuild_store(ctx.obj.db, ctx.obj.config)
    out.print(
        f"rebuilt from {_n(report.read, 'stored input')}: {_n(report.new, 'article')} "
        f"({_n(report.duplicates, 'duplicate')}), failed {report.failed}"
    )


_OVERLAP_DAYS = 7.0  # BatchOptions' default: the clusterer's event window


@app.command()
def batch(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(help="Files or folders: WARC, JSONL, Parquet…")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the Parquet tables.")] = Path(
        "newsloom-batch"
    ),
    engine: Annotated[
        str, typer.Option(help="local, or spark (newsloom\\[spark] extra).")
    ] = "local",
    master: Annotated[str, typer.Option(help="Spark master: local[*], spark://host:7077.")] = (
        "local[*]"
    ),
    workers: Annotated[int, typer.Option(help="Local engine: processes (0 = one per core).")] = 0,
    partitions: Annotated[int, typer.Option(help="Spark engine: partitions (0 = 4 x cores).")] = 0,
    block_days: Annotated[float, typer.Option(help="Days per time block of clustering.")] = 60.0,
    overlap_days: Annotated[
        float | None,
        typer.Option(
            help="First days of each block also clustered with the block before "
            "(default: 7, at most half a block)."
        ),
    ] = None,
    nlp: Annotated[
        bool | None,
        typer.Option("--nlp/--no-nlp", help="Parse articles (default: \\[ingest] nlp)."),
    ] = None,
    load_into: Annotated[
        str | None, typer.Option(help="Then load the tables into this empty store.")
    ] = None,
) -> None:
    """Run a batch over large inputs into Parquet tables, locally or on Apache Spark."""
    from newsloom.batch import BatchOptions, run_batch  # only batch runs pay for the import

    config: Config = ctx.obj.config
    if nlp is not None:
        config = replace(config, ingest=replace(config.ingest, nlp=nlp))
    if overlap_days is None:
        overlap_days = min(_OVERLAP_DAYS, block_days / 2)
    options = BatchOptions(
        block_days=block_days,
        overlap_days=overlap_days,
        workers=workers,
        master=master,
        partitions=partitions,
    )
    report = run_batch(sources, out_dir, engine, config, options)
    out.print(
        f"{report.engine}: read {report.read}, articles {report.articles} "
        f"({_n(report.duplicates, 'duplicate')}, {_n(report.repeated, 'repeated input')}), "
        f"{_n(report.events, 'event')}, {_n(report.storylines, 'storyline')}, "
        f"failed {report.failed}, "
        f"in {report.seconds:.1f} s; tables in {out_dir}",
        markup=False,
    )
    steps = ", ".join(f"{name} {seconds:.1f}" for name, seconds in report.steps.items())
    err.print(f"seconds per step: {steps}", markup=False)
    if report.failed:
        _print_batch_failures(out_dir)
    if load_into is not None:
        _load_tables(out_dir, load_into, config)
    if report.failed:
        raise typer.Exit(1)


def _print_batch_failures(out_dir: Path) -> None:
    """One ``failed: ORIGIN: REASON [STAGE]`` line per unusable input, as ingest prints."""
    import pyarrow.parquet as pq

    for row in pq.read_table(out_dir / "failures.parquet").to_pylist():
        err.print(f"failed: {row['origin']}: {row['reason']} [{row['stage']}]")


@app.command()
def load(
    ctx: typer.Context,
    tables: Annotated[Path, typer.Argument(help="Output folder of newsloom batch.")],
) -> None:
    """Load the tables of a batch run into the (empty) store."""
    _load_tables(tables, ctx.obj.db, ctx.obj.config)


def _load_tables(tables: Path, db: str, config: Config) -> None:
    from newsloom.batch import load_batch

    store = open_store(db)
    try:
        count = load_batch(tables, store, config)
        counts = store.counts()
    finally:
        store.close()
    out.print(
        f"loaded {_n(count, 'article')} into {db}: {_n(counts['events'], 'event')}, "
        f"{_n(counts['storylines'], 'storyline')}",
        markup=False,
    )


def main() -> None:
    """Entry point: run the CLI, turning newsloom errors into one clean line."""
    try:
        code = app(standalone_mode=False)
    except NewsloomError as exc:
        err.print(f"error: {exc}", markup=False)
        raise SystemExit(2) from None
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        raise SystemExit(130) from None
    except typer.TyperException as exc:
        # usage errors (unknown option, missing argument, bad value) arrive here when not
        # standalone; typer raises its own vendored click's exceptions, not click's
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            err.print(f"error: {exc.format_message()}")
        raise SystemExit(exc.exit_code) from None
    # click returns the exit code of typer.Exit instead of raising when not standalone
    if isinstance(code, int) and code:
        raise SystemExit(code)
