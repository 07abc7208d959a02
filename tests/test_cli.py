"""The command line, run as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsloom.export import EXPORT_FIELDS
from tests.conftest import ROOT, SEEDS

SNAPSHOTS = Path(__file__).parent / "snapshots"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``newsloom ARGS`` in a fresh process, per-article stages in-process."""
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(
        [sys.executable, "-m", "newsloom", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "seeds.db"
    done = run("--db", str(db), "ingest", "--workers", "1", str(SEEDS))
    assert done.returncode == 0, done.stderr
    assert "read 5, new 5 (0 duplicates), already stored 0, failed 0" in done.stdout
    return db


def check_snapshot(name: str, text: str) -> None:
    """Compare with a stored rendering; NEWSLOOM_UPDATE_SNAPSHOTS=1 rewrites it."""
    path = SNAPSHOTS / name
    if os.environ.get("NEWSLOOM_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_stories_table_snapshot(seed_db: Path) -> None:
    done = run("--db", str(seed_db), "stories")
    assert done.returncode == 0, done.stderr
    check_snapshot("stories.txt", done.stdout)


def test_show_biggest_story_snapshot(seed_db: Path) -> None:
    done = run("--db", str(seed_db), "show")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") > 5
    check_snapshot("show.txt", done.stdout)


@pytest.mark.parametrize("kind", ["articles", "stories"])
def test_export_jsonl_has_contract_fields(seed_db: Path, kind: str) -> None:
    done = run("--db", str(seed_db), "export", kind, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records
    for record in records:
        assert set(EXPORT_FIELDS[kind]) <= set(record)
    if kind == "articles":
        assert {r["source_id"][:3] for r in records} == {"000", "001", "002", "003", "004"}


def test_export_csv_and_parquet(seed_db: Path, tmp_path: Path) -> None:
    csv_out = tmp_path / "stories.csv"
    pq_out = tmp_path / "articles.parquet"
    done = run("--db", str(seed_db), "export", "stories", "--format", "csv", "-o", str(csv_out))
    assert done.returncode == 0, done.stderr
    assert csv_out.read_text().splitlines()[0].split(",")[:2] == ["event_id", "storyline_id"]
    done = run("--db", str(seed_db), "export", "articles", "--format", "parquet", "-o", str(pq_out))
    assert done.returncode == 0, done.stderr
    table = pq.read_table(pq_out)
    assert table.num_rows == 5
    assert set(EXPORT_FIELDS["articles"]) <= set(table.column_names)


def test_unknown_export_kind_is_a_clean_error(seed_db: Path) -> None:
    done = run("--db", str(seed_db), "export", "nonsense")
    assert done.returncode == 2
    assert "unknown export kind 'nonsense'" in done.stderr
    assert "Traceback" not in done.stderr


def test_config_show_round_trips(tmp_path: Path) -> None:
    done = run("config", "show")
    assert done.returncode == 0, done.stderr
    assert "[cluster]" in done.stdout and "[clean]" in done.stdout
    config = tmp_path / "config.toml"
    config.write_text(done.stdout)
    again = run("--config", str(config), "config", "show")
    assert again.stdout == done.stdout


def test_bad_config_names_the_option(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[clean]\nmin_charz = 3\n")
    done = run("--config", str(config), "config", "show")
    assert done.returncode == 2
    assert "unknown option 'min_charz'" in done.stderr


def test_stdin_ingest(tmp_path: Path) -> None:
    record = {
        "id": "wire-1",
        "title": "Flood waters rise in the river valley",
        "published": "2024-03-02",
        "text": " ".join(["The river rose by two metres overnight in the valley town."] * 12),
    }
    done = run(
        "--db",
        str(tmp_path / "s.db"),
        "ingest",
        "--workers",
        "1",
        "-",
        stdin=(json.dumps(record) + "\n").encode(),
    )
    assert done.returncode == 0, done.stderr
    assert "new 1" in done.stdout
    assert "store: 1 article, 1 event, 1 storyline" in done.stdout  # no "1 articles"


def test_bad_inputs_are_reported_and_the_rest_is_ingested(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "truncated.html").write_text("<html><head><title>Cut</title></head><body><p>Th")
    (folder / "latin1.txt").write_bytes(
        ("Caf\u00e9 owners in S\u00e3o Paulo protested the new tax on Monday. " * 10).encode(
            "cp1252", errors="replace"
        )
    )
    with (folder / "huge.txt").open("wb") as f:
        f.write(b"x" * (50 * 1024 * 1024))
    (folder / "records.jsonl").write_text(
        '{"id": "ok", "text": "' + "A valid record about the harbour strike. " * 10 + '"}\n'
        "{not json\n"
    )
    db = tmp_path / "bad.db"
    done = run("--db", str(db), "ingest", "--workers", "1", str(folder))
    assert done.returncode == 1, done.stdout + done.stderr
    failed = [line for line in done.stderr.splitlines() if line.startswith("failed:")]
    assert any("empty.txt" in line for line in failed)
    assert any("binary.txt" in line for line in failed)
    assert any("truncated.html" in line for line in failed)
    assert any("huge.txt" in line for line in failed)
    assert any("records.jsonl:2" in line for line in failed)
    assert "Traceback" not in done.stderr
    # the two seeds, the cp1252 file and the good JSONL record are stored
    assert "new 4" in done.stdout, done.stdout


def test_titles_and_origins_print_as_written(tmp_path: Path) -> None:
    # terminal output is data: rich markup ("[/]") or emoji codes (":fire:") in a title,
    # an outlet or a file name must neither crash the table nor turn into something else
    body = "The council voted on Tuesday to approve the harbour budget, officials said. " * 4
    records = [
        {"id": "m1", "title": "[VIDEO] Budget passes [/] :100: votes", "text": body},
        {
            "id": "m2",
            "title": "Budget [bold]passes[/bold]",
            "outlet": "Port :fire: Times",
            "text": body.replace("Tuesday", "Wednesday"),
        },
    ]
    folder = tmp_path / ("in-" + "x" * 90)  # a failure line longer than 80 columns
    folder.mkdir()
    (folder / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "odd:fire:.txt").write_text("too short")
    db = tmp_path / "m.db"
    done = run("--db", str(db), "ingest", "--workers", "1", "--no-nlp", str(folder))
    assert done.returncode == 1, done.stderr
    failed = [line for line in done.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "odd:fire:.txt" in failed[0] and failed[0].endswith("[clean]")
    listed = run("--db", str(db), "stories")
    assert listed.returncode == 0, listed.stderr
    assert "Traceback" not in listed.stderr
    shown = run("--db", str(db), "show")
    assert shown.returncode == 0, shown.stderr
    for text in ("[VIDEO] Budget passes [/] :100: votes", "Port :fire: Times"):
        assert text in listed.stdout.replace("\n", " ") or text in shown.stdout


@pytest.mark.parametrize(
    "args",
    [["--bogus", "stories"], ["ingest"], ["stories", "--limit", "many"], ["nosuchcommand"]],
)
def test_usage_errors_exit_2_with_a_message(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "Error:" in done.stderr and "--help" in done.stderr


@pytest.mark.parametrize(
    "args", [["stories"], ["show"], ["export", "articles"], ["timeline", "sl-x"], ["rebuild"]]
)
def test_reading_a_store_that_is_not_there_is_an_error(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "typo.db"
    done = run("--db", str(db), *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"no store at {db}" in done.stderr
    assert not db.exists(), "a mistyped --db must not leave an empty store behind"


def test_help_shows_option_names_in_brackets() -> None:
    done = run("ingest", "--help")
    assert done.returncode == 0, done.stderr
    assert "[ingest] nlp" in " ".join(done.stdout.replace("│", " ").split())


def test_bad_event_dictionaries_are_a_config_error_not_a_crash(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(f'[events]\ndictionaries = "{tmp_path / "absent"}"\n')
    done = run(
        "--config",
        str(config),
        "--db",
        str(tmp_path / "d.db"),
        "ingest",
        "--workers",
        "2",
        str(SEEDS),
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "[events] dictionaries" in done.stderr and "is not a directory" in done.stderr
    assert "Traceback" not in done.stderr and "worker process died" not in done.stderr


def test_batch_with_short_blocks_prints_its_failures(tmp_path: Path) -> None:
    out = tmp_path / "tables"
    missing = tmp_path / "absent.jsonl"
    done = run(
        "batch",
        str(SEEDS),
        str(missing),
        "--out",
        str(out),
        "--no-nlp",
        "--workers",
        "1",
        "--block-days",
        "7",
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "articles 5" in done.stdout
    failed = [line for line in done.stderr.splitlines() if line.startswith("failed:")]
    assert failed == [f"failed: {missing}: no such file or folder [read]"]


@pytest.mark.parametrize("where", ["absent/out.jsonl", "."])
def test_export_to_a_path_that_cannot_be_written_is_an_error(
    seed_db: Path, tmp_path: Path, where: str
) -> None:
    target = tmp_path / where
    done = run("--db", str(seed_db), "export", "articles", "-o", str(target))
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{target}: cannot write the export" in done.stderr
    assert "Traceback" not in done.stderr
