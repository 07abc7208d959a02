"""Summary scores on NeuS (AllSides) beside a LexRank baseline, in the same run.

    python benchmarks/bench_summaries.py [--split val|train] [--limit N] [--json OUT]
        [--max-words W] [--sweep 40,50,60]

Each line of ``X.source`` is one story of three articles (title + lead; each article its
own outlet; titles left out unless ``--titles``); the reference is the ``.target``
roundup text without its title. Both
systems get the same sentences (newsloom's splitter), the same length budget
(``--max-words``, at most ``SummaryOptions.max_sentences`` sentences, lines under
``min_sentence_words`` skipped) and the same ROUGE (benchmarks/rouge.py, Porter step-1
stemming). LexRank: TF-IDF (idf over the split's sentences) cosine graph, edges at
cosine >= 0.1, PageRank-style power iteration (damping 0.85), top sentences in budget.
The budget is a cap: newsloom's search picks its own length under it (about 60 words at
the default cap of 90), LexRank fills it; ``--sweep 50,60,70,80,90,100,120`` shows
LexRank at every cap (on val its best, 38.27, is at 80-90). Also printed: the share of
summary sentences whose citations contain their own article.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from benchmarks.rouge import rouge  # noqa: E402
from newsloom.compare.units import StoryArticle, split_sentences  # noqa: E402
from newsloom.embed import Embedder, EmbedOptions  # noqa: E402
from newsloom.summarise import SummaryOptions, summarise_story  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "neus-val"


def _strip_marks(part: str) -> tuple[str, str]:
    title, _, body = part.partition(" ARTICLE=> ")
    title = title.removeprefix("TITLE=> ").strip()
    return title, body.strip()


def load_split(
    split: str, limit: int | None = None, *, titles: bool = False
) -> list[tuple[list[StoryArticle], str]]:
    """(articles, reference) per story; each article its lead (title line optional)."""
    sources = (CORPUS / f"{split}.source").read_text(encoding="utf-8").splitlines()
    targets = (CORPUS / f"{split}.target").read_text(encoding="utf-8").splitlines()
    out: list[tuple[list[StoryArticle], str]] = []
    for line_no, (src, tgt) in enumerate(zip(sources, targets, strict=True)):
        if limit is not None and len(out) >= limit:
            break
        articles = []
        for k, part in enumerate(src.split(" [SEP] ")):
            title, body = _strip_marks(part)
            articles.append(
                StoryArticle(
                    article_id=f"{split}{line_no}-{k}",
                    outlet=f"outlet{k}",
                    # Headlines are no summary sentences (train: -0.6 R1 with them).
                    text=f"{title}\n{body}" if titles else body,
                )
            )
        out.append((articles, _strip_marks(tgt)[1]))
    return out


def lexrank(
    sentences: Sequence[str], idf: dict[str, float], threshold: float = 0.1, damping: float = 0.85
) -> np.ndarray:
    """LexRank scores of sentences: thresholded TF-IDF cosine graph, power iteration."""
    from benchmarks.rouge import tokens

    vocab: dict[str, int] = {}
    rows = []
    for s in sentences:
        counts: dict[int, float] = {}
        for t in tokens(s, use_stem=False):
            j = vocab.setdefault(t, len(vocab))
            counts[j] = counts.get(j, 0.0) + 1.0
        rows.append(counts)
    m = np.zeros((len(sentences), max(1, len(vocab))))
    inv = {j: t for t, j in vocab.items()}
    for i, counts in enumerate(rows):
        for j, tf in counts.items():
            m[i, j] = tf * idf.get(inv[j], 1.0)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    m = np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)
    adjacency = (m @ m.T >= threshold).astype(float)
    degree = adjacency.sum(axis=1, keepdims=True)
    transition = np.divide(adjacency, degree, out=np.zeros_like(adjacency), where=degree > 0)
    n = len(sentences)
    p = np.full(n, 1.0 / n)
    for _ in range(100):
        new = (1 - damping) / n + damping * transition.T @ p
        if np.abs(new - p).sum() < 1e-8:
            return new
        p = new
    return p


def lexrank_summary(
    articles: Sequence[StoryArticle], idf: dict[str, float], opts: SummaryOptions
) -> str:
    """Top LexRank sentences under the same budget rules as newsloom's summariser."""
    sentences = [a.text[s:e] for a in articles for s, e in split_sentences(a.text)]
    long_enough = [s for s in sentences if len(s.split()) >= opts.min_sentence_words] or sentences
    scores = lexrank(long_enough, idf)
    picked: list[str] = []
    words = 0
    for i in np.argsort(-scores, kind="stable"):
        if len(picked) >= opts.max_sentences:
            break
        n = len(long_enough[i].split())
        if picked and words + n > opts.max_words:
            continue
        picked.append(long_enough[i])
        words += n
    return " ".join(picked)


def build_idf(stories: Sequence[tuple[list[StoryArticle], str]]) -> dict[str, float]:
    """Smoothed idf over all sentences of the split (each sentence one document)."""
    from benchmarks.rouge import tokens

    df: dict[str, int] = {}
    n = 0
    for articles, _ in stories:
        for a in articles:
            for s, e in split_sentences(a.text):
                n += 1
                for t in set(tokens(a.text[s:e], use_stem=False)):
                    df[t] = df.get(t, 0) + 1
    return {t: float(np.log((1 + n) / (1 + d)) + 1) for t, d in df.items()}


def evaluate(
    stories: Sequence[tuple[list[StoryArticle], str]], embedder: Embedder, opts: SummaryOptions
) -> dict[str, float]:
    """Mean ROUGE-1/2/L (x100) of newsloom and LexRank, and the citation share."""
    idf = build_idf(stories)
    ours = np.zeros(3)
    base = np.zeros(3)
    cited = total = words = 0
    for k, (articles, reference) in enumerate(stories):
        summary = summarise_story(f"s{k}", articles, embedder, opts)
        for sent in summary.sentences:
            total += 1
            cited += sent.source[0] in sent.article_ids and len(sent.article_ids) >= 1
        words += len(summary.text.split())
        r = rouge(summary.text, reference)
        ours += (r.r1, r.r2, r.rl)
        b = rouge(lexrank_summary(articles, idf, opts), reference)
        base += (b.r1, b.r2, b.rl)
    n = max(1, len(stories))
    ours, base = ours * 100 / n, base * 100 / n
    return {
        "stories": float(len(stories)),
        "rouge1": ours[0], "rouge2": ours[1], "rougeL": ours[2],
        "lexrank_rouge1": base[0], "lexrank_rouge2": base[1], "lexrank_rougeL": base[2],
        "citation_share": cited / total if total else 1.0,
        "mean_words": words / n,
    }  # fmt: skip


def evaluate_pipeline(split: str, limit: int | None) -> dict[str, float]:
    """The same scores with each story ingested through ``newsloom ingest`` as one
    ``story_key`` (parse, compare, summarise in the pipeline), summaries read back from
    the store's ``summaries`` export; LexRank runs on the same leads."""
    import tempfile

    from newsloom.clean import CleanOptions
    from newsloom.config import Config, IngestOptions
    from newsloom.export import export_rows
    from newsloom.pipeline import Pipeline
    from newsloom.store import open_store

    stories = load_split(split, limit)
    titles = load_split(split, limit, titles=True)
    idf = build_idf(stories)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "neus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for k, ((articles, _), (titled, _)) in enumerate(zip(stories, titles, strict=True)):
                for article, with_title in zip(articles, titled, strict=True):
                    record = {
                        "id": article.article_id,
                        "title": with_title.text.split("\n", 1)[0],
                        "text": article.text,
                        "outlet": article.outlet,
                        "story_key": f"{split}-{k}",
                    }
                    out.write(json.dumps(record) + "\n")
        store = open_store(Path(tmp) / "neus.db")
        # leads are short: the default minimum article length would refuse many
        config = Config(clean=CleanOptions(min_chars=20), ingest=IngestOptions(nlp=True))
        Pipeline(store, config).ingest([str(corpus)])
        key_of = {
            r["event_id"]: r["story_key"] for r in store.articles() if r["story_key"] is not None
        }
        texts = {r["id"]: (store.article_text(r["id"]) or ("", ""))[0] for r in store.articles()}
        summaries = {
            key_of[row["story_id"]]: row["sentences"]
            for row in export_rows(store, "summaries")
            if row["story_id"] in key_of
        }
        store.close()
    ours, base = np.zeros(3), np.zeros(3)
    cited = total = 0
    for k, (articles, reference) in enumerate(stories):
        sentences = summaries.get(f"{split}-{k}", [])
        for sent in sentences:
            total += 1
            cited += any(sent["text"].strip() in texts.get(a, "") for a in sent["article_ids"])
        r = rouge(" ".join(x["text"] for x in sentences), reference)
        ours += (r.r1, r.r2, r.rl)
        b = rouge(lexrank_summary(articles, idf, SummaryOptions()), reference)
        base += (b.r1, b.r2, b.rl)
    n = max(1, len(stories))
    ours, base = ours * 100 / n, base * 100 / n
    return {
        "stories": float(len(stories)), "summarised": float(len(summaries)),
        "rouge1": ours[0], "rouge2": ours[1], "rougeL": ours[2],
        "lexrank_rouge1": base[0], "lexrank_rouge2": base[1], "lexrank_rougeL": base[2],
        "citation_share": cited / total if total else 1.0,
    }  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print (and optionally write) the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="val", choices=["val", "train"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--max-words", type=int, default=SummaryOptions().max_words)
    parser.add_argument("--titles", action="store_true", help="add titles as sentences")
    parser.add_argument("--sweep", default="", help="comma-separated max_words values to try")
    parser.add_argument(
        "--pipeline", action="store_true", help="ingest each story with a story_key instead"
    )
    args = parser.parse_args(argv)
    if args.pipeline:
        started = time.perf_counter()
        scores = evaluate_pipeline(args.split, args.limit)
        print(
            f"{args.split} pipeline n={int(scores['stories'])} "
            f"(summarised {int(scores['summarised'])}): newsloom R1 {scores['rouge1']:.2f} "
            f"R2 {scores['rouge2']:.2f} RL {scores['rougeL']:.2f} | LexRank R1 "
            f"{scores['lexrank_rouge1']:.2f} R2 {scores['lexrank_rouge2']:.2f} RL "
            f"{scores['lexrank_rougeL']:.2f} | cited {scores['citation_share']:.0%} | "
            f"{time.perf_counter() - started:.0f}s"
        )
        if args.json:
            args.json.write_text(json.dumps(scores, indent=2))
        return 0
    stories = load_split(args.split, args.limit, titles=args.titles)
    embedder = Embedder.load(EmbedOptions())
    budgets = [int(x) for x in args.sweep.split(",") if x] or [args.max_words]
    results = []
    for budget in budgets:
        started = time.perf_counter()
        scores = evaluate(stories, embedder, replace(SummaryOptions(), max_words=budget))
        scores["max_words"] = float(budget)
        scores["seconds"] = time.perf_counter() - started
        results.append(scores)
        print(
            f"{args.split} n={int(scores['stories'])} max_words={budget}: "
            f"newsloom R1 {scores['rouge1']:.2f} R2 {scores['rouge2']:.2f} "
            f"RL {scores['rougeL']:.2f} | LexRank R1 {scores['lexrank_rouge1']:.2f} "
            f"R2 {scores['lexrank_rouge2']:.2f} RL {scores['lexrank_rougeL']:.2f} | "
            f"cited {scores['citation_share']:.0%} | words {scores['mean_words']:.1f} | "
            f"{scores['seconds']:.1f}s"
        )
    if args.json:
        args.json.write_text(json.dumps(results if len(results) > 1 else results[0], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
