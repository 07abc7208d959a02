"""How newsloom's cost grows with corpus size: 1k to 1M generated articles, local and Spark.

    python benchmarks/bench_scale.py [--sizes 1000 10000 100000 1000000]
        [--engines local spark] [--spark-max 100000] [--nlp-articles 300] [--out DIR]

For each size, a synthetic corpus with known stories (``generate.py``) is written once and
ingested without NLP by each engine, each run in its own process so that peak memory is
that run's own. Printed per run: articles/s, milliseconds per article, seconds per stage
(main process for local; steps of the batch run for Spark), peak memory of the main process,
of its largest worker, and of the whole process tree at once (sampled; the Spark JVM too).
Then how the time per article grows from 10k to the largest size, and the NLP ratio: the
whole pipeline with NLP against bare spaCy ``nlp.pipe`` on the same real articles in the
same run (``bench_nlp_pipeline.py``). Writes ``scale.json`` and ``scale.png`` (time per
article against corpus size) to ``--out`` (default ``benchmarks/out``), and, while a local
run goes on, ``progress-local-N.jsonl``: articles, seconds and main RSS every 50,000 articles.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.calibrate import calibrate
from benchmarks.generate import generate
from benchmarks.metrics import b_cubed

HERE = Path(__file__).resolve().parent
SAMPLE = 2_000  # articles timed stage by stage in one process (per-article cost is flat)


def write_corpus(n: int, path: Path) -> dict[str, str]:
    """Write ``n`` generated articles to ``path``; return each article's gold event."""
    gold: dict[str, str] = {}
    with path.open("w", encoding="utf-8") as out:
        for record in generate(n, seed=1):
            gold[str(record["id"])] = str(record["gold_event"])
            out.write(json.dumps(record) + "\n")
    return gold


def _peak_mib() -> tuple[int, int]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return own, children


class Checkpoints:
    """Every ``every`` articles, one JSON line (articles, seconds, main RSS) to a file: a long
    run stopped early still says how far it got and how its cost grew."""

    def __init__(self, path: Path | None, every: int = 50_000) -> None:
        self.path, self.every, self.count = path, every, 0
        self.started = time.perf_counter()

    def __call__(self, done: int) -> None:
        self.count += done
        if self.path is None or self.count % self.every:
            return
        rss = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        io = dict(row.split(": ") for row in Path("/proc/self/io").read_text().splitlines())
        line = {
            "articles": self.count,
            "seconds": round(time.perf_counter() - self.started, 1),
            "rss_main_mib": rss // 2**20,
            # where the time goes as the store grows: CPU (user, system) of this process
            # and of each child (workers, the clustering process), and disk traffic
            "cpu_s": _cpu_seconds(os.getpid()),
            "children_cpu_s": {pid: _cpu_seconds(pid) for pid in _children(os.getpid())},
            "read_mib": int(io["read_bytes"]) // 2**20,
            "written_mib": int(io["write_bytes"]) // 2**20,
        }
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")


def _stat(pid: int | str) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first); None once gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2 :].split()


def _cpu_seconds(pid: int) -> tuple[float, float]:
    """User and system CPU seconds of one process (0, 0 once it has gone)."""
    fields = _stat(pid)
    if fields is None:
        return (0.0, 0.0)
    tick = os.sysconf("SC_CLK_TCK")
    return (round(int(fields[11]) / tick, 1), round(int(fields[12]) / tick, 1))


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid``."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(entry.name)
            if fields is not None and int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def run_local(corpus: Path, folder: Path, progress: Path | None = None) -> dict[str, Any]:
    """Ingest ``corpus`` with the local engine (two workers, no NLP) and measure it."""
    from newsloom.config import Config, IngestOptions
    from newsloom.pipeline import Pipeline
    from newsloom.store import open_store

    store = open_store(folder / "local.db")
    started = time.perf_counter()
    report = Pipeline(store, Config(ingest=IngestOptions(workers=2, nlp=False))).ingest(
        [str(corpus)], progress=Checkpoints(progress)
    )
    elapsed = time.perf_counter() - started
    events = {str(r["source_id"]): str(r["event_id"]) for r in store.articles()}
    store.close()
    return {
        "seconds": elapsed,
        "stored": report.new,
        "failed": report.failed,
        "stages_main_s": {k: round(v, 2) for k, v in sorted(report.timings.items())},
        "events": events,
    }


def run_spark(corpus: Path, folder: Path, progress: Path | None = None) -> dict[str, Any]:
    """Run the batch pipeline on Spark ``local[2]`` (no NLP) over ``corpus``."""
    from dataclasses import replace

    import pyarrow.parquet as pq

    from newsloom.batch import BatchOptions, run_batch
    from newsloom.config import Config

    config = Config()
    config = replace(config, ingest=replace(config.ingest, nlp=False))
    out = folder / "spark-out"
    started = time.perf_counter()
    report = run_batch([str(corpus)], out, "spark", config, BatchOptions(master="local[2]"))
    elapsed = time.perf_counter() - started
    table = pq.read_table(out / "articles", columns=["source_id", "event_id"]).to_pylist()
    return {
        "seconds": elapsed,
        "stored": report.articles,
        "failed": report.failed,
        "stages_main_s": dict(report.steps),
        "events": {str(r["source_id"]): str(r["event_id"]) for r in table},
    }


class TreeMemory:
    """Samples the resident memory of this process and all its descendants (a JVM too)."""

    def __init__(self, every: float = 0.5) -> None:
        import multiprocessing

        # A process, not a thread: the ingest forks its workers and its clustering
        # process only from a process with one thread (else it falls back to spawning
        # workers and clustering in-process, and would be measured doing so).
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe()
        self._process = context.Process(
            target=_sample_tree, args=(os.getpid(), theirs, every), daemon=True
        )
        self._process.start()

    def stop(self) -> int:
        """Stop sampling; the peak of the whole tree in MiB."""
        self._conn.send("stop")
        peak = int(self._conn.recv())
        self._process.join()
        return peak


def _sample_tree(root: int, conn: Any, every: float) -> None:
    """Sample the tree under ``root`` (this sampler left out) until told to stop."""
    page = os.sysconf("SC_PAGE_SIZE")
    me = os.getpid()
    peak = 0
    while not conn.poll(every):
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            fields = _stat(entry.name)
            if fields is None:
                continue  # the process ended while we looked
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * page
        tree, frontier = {root}, [root]
        while frontier:
            pid = frontier.pop()
            children = [c for c, parent in parents.items() if parent == pid]
            tree.update(children)
            frontier.extend(children)
        tree.discard(me)
        peak = max(peak, sum(rss.get(p, 0) for p in tree) // 2**20)
    conn.send(peak)


def stage_sample(corpus: Path) -> dict[str, float]:
    """Milliseconds per article of each per-article stage, timed in this process."""
    from newsloom.clean import RepeatedLines
    from newsloom.config import Config, IngestOptions
    from newsloom.pipeline import Workbench
    from newsloom.read import read_sources

    config = Config(ingest=IngestOptions(workers=1, nlp=False))
    bench = Workbench(config)
    raws = []
    for item in read_sources([str(corpus)], config.read):
        raws.append(item)
        if len(raws) >= SAMPLE:
            break
    repeated = RepeatedLines.from_rows([], {})
    read_started = time.perf_counter()
    for start in range(0, len(raws), 32):
        bench.prepare(raws[start : start + 32], repeated)  # type: ignore[arg-type]
    total = time.perf_counter() - read_started
    per = {k: round(1000 * v / len(raws), 3) for k, v in sorted(bench.timings.items())}
    per["all"] = round(1000 * total / len(raws), 3)
    return per


def one(args: argparse.Namespace) -> None:
    """Child mode: one engine over one corpus; prints one JSON line."""
    gold = {k: v for k, v in json.loads(Path(args.gold).read_text()).items()}
    memory = TreeMemory()
    with tempfile.TemporaryDirectory(dir=args.corpus.parent) as tmp:
        runner = run_local if args.engine == "local" else run_spark
        result = runner(args.corpus, Path(tmp), args.progress)
    tree_mib = memory.stop()
    events = result.pop("events")
    ids = [s for s in gold if s in events]
    _, _, f1 = b_cubed([events[s] for s in ids], [gold[s] for s in ids])
    n = len(gold)
    own, children = _peak_mib()
    result.update(
        engine=args.engine,
        articles=n,
        articles_per_s=round(n / result["seconds"], 1),
        ms_per_article=round(1000 * result["seconds"] / n, 3),
        seconds=round(result["seconds"], 1),
        peak_main_mib=own,
        peak_workers_mib=children,
        peak_tree_mib=tree_mib,  # sampled sum over the process tree (workers, JVM)
        event_b3_f1=round(f1, 4),
    )
    if args.engine == "local":
        result["stages_worker_ms_per_article"] = stage_sample(args.corpus)
    print(json.dumps(result), flush=True)


def nlp_ratio(articles: int, folder: Path) -> dict[str, Any]:
    """The whole pipeline with NLP against bare spaCy, from ``bench_nlp_pipeline.py``."""
    out = folder / "nlp.json"
    script = HERE / "bench_nlp_pipeline.py"
    command = [sys.executable, str(script), "--articles", str(articles), "--json", str(out)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def plot(results: list[dict[str, Any]], path: Path) -> None:
    """Time per article against corpus size, one line per engine, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")  # no screen here
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=120)
    for engine in sorted({r["engine"] for r in results}):
        rows = sorted((r for r in results if r["engine"] == engine), key=lambda r: r["articles"])
        ax.plot(
            [r["articles"] for r in rows],
            [r["ms_per_article"] for r in rows],
            marker="o",
            label=engine if engine == "local" else f"{engine} local[2]",
        )
    ax.set_xscale("log")
    ax.set_ylim(bottom=0)
    ax.set_xlabel("corpus size (articles)")
    ax.set_ylabel("ms per article (ingest → cluster, no NLP)")
    ax.set_title("newsloom: time per article against corpus size (2 cores)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def main() -> int:
    """Run every size and engine, print the table and growth, write JSON and PNG."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--engines", nargs="+", default=["local", "spark"])
    parser.add_argument("--spark-max", type=int, default=100_000, help="largest size for Spark")
    parser.add_argument("--nlp-articles", type=int, default=300, help="0 skips the NLP ratio")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--gold", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--progress", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    summary: dict[str, Any] = {"runs": results}
    status = 0
    with tempfile.TemporaryDirectory(dir=args.out) as tmp:
        folder = Path(tmp)
        if args.nlp_articles:
            summary["nlp"] = nlp_ratio(args.nlp_articles, folder)
            print(json.dumps({"nlp": summary["nlp"]}), flush=True)
        for n in sorted(args.sizes):
            corpus, gold_path = folder / f"corpus-{n}.jsonl", folder / f"gold-{n}.json"
            gold_path.write_text(json.dumps(write_corpus(n, corpus)))
            for engine in args.engines:
                if engine == "spark" and n > args.spark_max:
                    continue
                command = [
                    sys.executable, __file__, "--one", "--engine", engine,
                    "--corpus", str(corpus), "--gold", str(gold_path),
                    "--progress", str(args.out / f"progress-{engine}-{n}.jsonl"),
                ]  # fmt: skip
                machine = calibrate()  # this machine's speed now (its speed drifts)
                done = subprocess.run(command, capture_output=True, text=True)
                if done.returncode != 0:
                    print(f"{engine} at {n}: failed\n{done.stderr[-3000:]}", flush=True)
                    status = 1
                    continue
                result = json.loads(done.stdout.strip().splitlines()[-1])
                result["machine"] = machine
                results.append(result)
                print(json.dumps(result), flush=True)
            corpus.unlink()
    for engine in sorted({r["engine"] for r in results}):
        rows = sorted((r for r in results if r["engine"] == engine), key=lambda r: r["articles"])
        # the measure starts at 10k: at 1k, start-up (models, pool) dominates
        base = next((r for r in rows if r["articles"] >= 10_000), rows[0])
        if rows[-1] is not base:
            growth = rows[-1]["ms_per_article"] / base["ms_per_article"]
            first, last = base["articles"], rows[-1]["articles"]
            summary[f"growth_{engine}"] = round(growth, 3)
            print(f"{engine}: time per article grows {growth:.2f}x from {first:,} to {last:,}")
    (args.out / "scale.json").write_text(json.dumps(summary, indent=2))
    if results:
        plot(results, args.out / "scale.png")
        print(f"wrote {args.out / 'scale.json'} and {args.out / 'scale.png'}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
