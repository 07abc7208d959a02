"""Event and storyline clustering quality on ECB+ dev, against a TF-IDF + agglomerative baseline.

Run: ``python benchmarks/bench_cluster.py [--json OUT] [--scale N]``. Reads only ``title``
and ``text`` of ``../shared/corpora/ecbplus-dev/docs.jsonl`` as input; ``event`` and
``topic`` are the gold labels.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from metrics import b_cubed, pairwise  # noqa: E402
from newsloom.cluster import (  # noqa: E402
    ArticleFeatures,
    ClusterOptions,
    OnlineClusterer,
    extract_features,
)
from newsloom.embed import Embedder, EmbedOptions  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "ecbplus-dev" / "docs.jsonl"
SEEDS = (13, 1, 2, 3, 4)  # the first is the headline order; all five give mean/min


def load_docs(path: Path = CORPUS) -> list[dict[str, Any]]:
    """The ECB+ dev documents, in file order."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def build_features(
    docs: list[dict[str, Any]], embedder: Embedder
) -> tuple[list[ArticleFeatures], float]:
    """Features of every document (title and text only) and the seconds it took."""
    start = time.perf_counter()
    vectors = embedder.embed([d["text"] for d in docs])
    feats = [
        extract_features(d["title"], d["text"], None, v) for d, v in zip(docs, vectors, strict=True)
    ]
    return feats, time.perf_counter() - start


def run_online(
    feats: list[ArticleFeatures], order: list[int], options: ClusterOptions
) -> tuple[list[str], list[str], float]:
    """Cluster in the given arrival order; event and storyline labels in document order."""
    clusterer = OnlineClusterer(options)
    events = [""] * len(feats)
    storylines = [""] * len(feats)
    start = time.perf_counter()
    for i in order:
        events[i], storylines[i] = clusterer.assign(f"doc{i}", feats[i])
    return events, storylines, time.perf_counter() - start


def score(pred: list[str], gold: list[Any]) -> dict[str, float]:
    """B³ and pairwise scores as a flat dict."""
    bp, br, bf = b_cubed(pred, gold)
    pp, pr, pf = pairwise(pred, gold)
    return {
        "b3_p": bp,
        "b3_r": br,
        "b3_f1": bf,
        "pw_p": pp,
        "pw_r": pr,
        "pw_f1": pf,
        "clusters": len(set(pred)),
    }


def evaluate_online(
    feats: list[ArticleFeatures],
    docs: list[dict[str, Any]],
    options: ClusterOptions,
    seeds: tuple[int, ...] = SEEDS,
) -> dict[str, Any]:
    """Scores over several seeded arrival orders: per order, mean and min."""
    gold_event = [d["event"] for d in docs]
    gold_topic = [d["topic"] for d in docs]
    runs: list[dict[str, Any]] = []
    for seed in seeds:
        order = list(range(len(docs)))
        random.Random(seed).shuffle(order)
        events, storylines, seconds = run_online(feats, order, options)
        runs.append(
            {
                "seed": seed,
                "event": score(events, gold_event),
                "storyline": score(storylines, gold_topic),
                "assign_ms_per_article": 1000 * seconds / len(docs),
            }
        )
    summary: dict[str, Any] = {"runs": runs}
    for level in ("event", "storyline"):
        f1s = [r[level]["b3_f1"] for r in runs]
        pws = [r[level]["pw_f1"] for r in runs]
        summary[level] = {
            "b3_f1_mean": statistics.fmean(f1s),
            "b3_f1_min": min(f1s),
            "pw_f1_mean": statistics.fmean(pws),
            "pw_f1_min": min(pws),
        }
    return summary


def baseline(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """TF-IDF + average-linkage agglomerative clustering, best cosine threshold per level."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [d["text"] for d in docs]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    gold = {"event": [d["event"] for d in docs], "storyline": [d["topic"] for d in docs]}
    # One average-linkage tree on cosine distances, cut at every threshold (same as sklearn's
    # AgglomerativeClustering(metric="cosine", linkage="average", distance_threshold=t)).
    tree = linkage(matrix, method="average", metric="cosine")
    best: dict[str, Any] = {}
    for threshold in np.arange(0.50, 0.995, 0.01):
        labels = fcluster(tree, t=float(threshold), criterion="distance")
        pred = [str(x) for x in labels]
        for level, g in gold.items():
            s = score(pred, g)
            if level not in best or s["b3_f1"] > best[level]["b3_f1"]:
                best[level] = {**s, "threshold": round(float(threshold), 2)}
    return best


def scale_test(
    feats: list[ArticleFeatures], n: int, dated: bool, options: ClusterOptions
) -> dict[str, float]:
    """Per-article assign cost when n articles (ECB+ documents drawn again) stream in."""
    rng = random.Random(7)
    clusterer = OnlineClusterer(options)
    start_day = 1.7e9
    times: list[float] = []
    for i in range(n):
        base = feats[rng.randrange(len(feats))]
        stamp = start_day + (i / n) * 365 * 86400 if dated else None
        f = ArticleFeatures(
            vector=base.vector,
            terms=base.terms,
            title_terms=base.title_terms,
            entities=base.entities,
            timestamp=stamp,
        )
        t0 = time.perf_counter()
        clusterer.assign(f"a{i}", f)
        times.append(time.perf_counter() - t0)
    tail = times[-10000:]
    return {
        "articles": n,
        "dated": dated,
        "mean_ms_all": 1000 * statistics.fmean(times),
        "mean_ms_last_10k": 1000 * statistics.fmean(tail),
        "p99_ms_last_10k": 1000 * sorted(tail)[int(0.99 * len(tail))],
    }


def main() -> None:
    """Print the scores; optionally write them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--scale", type=int, default=0, help="also time assign over N synthetic articles"
    )
    args = parser.parse_args()

    docs = load_docs()
    embedder = Embedder.load(EmbedOptions())
    feats, feat_seconds = build_features(docs, embedder)
    options = ClusterOptions()
    online = evaluate_online(feats, docs, options)
    base = baseline(docs)
    result: dict[str, Any] = {
        "documents": len(docs),
        "embed_and_features_docs_per_s": len(docs) / feat_seconds,
        "online": online,
        "baseline": base,
    }
    head = online["runs"][0]
    print(
        f"ECB+ dev: {len(docs)} documents; "
        f"embed+features {result['embed_and_features_docs_per_s']:.0f} docs/s"
    )
    for level in ("event", "storyline"):
        h = head[level]
        agg = online[level]
        b = base[level]
        print(
            f"{level:9s} online  seed {head['seed']}: "
            f"B3 P {h['b3_p']:.3f} R {h['b3_r']:.3f} F1 {h['b3_f1']:.3f} | "
            f"pairwise F1 {h['pw_f1']:.3f} | clusters {h['clusters']}"
        )
        print(
            f"{level:9s} online  {len(SEEDS)} orders: "
            f"B3 F1 mean {agg['b3_f1_mean']:.3f} min {agg['b3_f1_min']:.3f} | "
            f"pairwise F1 mean {agg['pw_f1_mean']:.3f} min {agg['pw_f1_min']:.3f}"
        )
        print(
            f"{level:9s} baseline (tfidf+avg-link, cos dist {b['threshold']}): "
            f"B3 P {b['b3_p']:.3f} R {b['b3_r']:.3f} "
            f"F1 {b['b3_f1']:.3f} | pairwise F1 {b['pw_f1']:.3f} | clusters {b['clusters']}"
        )
    ms = statistics.fmean(r["assign_ms_per_article"] for r in online["runs"])
    print(f"assign: {ms:.3f} ms/article ({1000 / ms:.0f} articles/s) on {len(docs)} documents")
    if args.scale:
        result["scale"] = [scale_test(feats, args.scale, dated, options) for dated in (True, False)]
        for s in result["scale"]:
            print(
                f"scale {s['articles']} {'dated' if s['dated'] else 'undated'}: "
                f"mean {s['mean_ms_all']:.3f} ms, "
                f"last 10k mean {s['mean_ms_last_10k']:.3f} ms, p99 {s['p99_ms_last_10k']:.3f} ms"
            )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
