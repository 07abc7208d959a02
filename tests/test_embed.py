"""Tests of the embed stage: offline loading and sensible similarities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import wordllama
from wordllama import WordLlama
from wordllama.inference import WordLlamaInference

from newsloom.embed import Embedder, EmbedOptions
from newsloom.errors import ModelMissingError


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.load(EmbedOptions())


def test_loads_offline_and_returns_unit_float32_rows(embedder: Embedder) -> None:
    vectors = embedder.embed(["An earthquake struck the coast.", "Parliament passed the budget."])
    assert vectors.dtype == np.float32
    assert vectors.shape == (2, embedder.dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_similar_sentences_are_closer_than_unrelated(embedder: Embedder) -> None:
    a, b, c = embedder.embed(
        [
            "A strong earthquake shook the island, damaging hundreds of homes.",
            "Hundreds of houses were damaged when a powerful quake hit the island.",
            "The central bank raised interest rates to fight inflation.",
        ]
    )
    assert float(a @ b) > float(a @ c) + 0.05
    assert float(a @ b) > float(b @ c) + 0.05


def test_order_and_batching_do_not_change_vectors(embedder: Embedder) -> None:
    texts = ["short", "a much longer text about an election " * 20, "medium length text here"]
    forward = embedder.embed(texts)
    backward = embedder.embed(texts[::-1])[::-1]
    assert np.allclose(forward, backward, atol=1e-5)


def test_empty_input_and_empty_text(embedder: Embedder) -> None:
    assert embedder.embed([]).shape == (0, embedder.dimension)
    vectors = embedder.embed(["", "words"])
    assert not np.isnan(vectors).any()
    assert np.allclose(vectors[0], 0.0)


def test_unknown_model_raises_fix_it_error() -> None:
    with pytest.raises(ModelMissingError, match="no_such_model"):
        Embedder.load(EmbedOptions(model="no_such_model_64"))


def test_cached_embedder_returns_the_same_vectors_and_forgets_the_oldest() -> None:
    plain = Embedder.load(EmbedOptions())
    cached = plain.cached(2)
    texts = ["Rain fell on the port city.", "The minister resigned.", "Rain fell on the port city."]
    assert np.allclose(cached.embed(texts), plain.embed(texts), atol=1e-6)
    cached.embed(["A third sentence about ships."])
    assert len(cached._cache) == 2  # bounded: the oldest text left
    assert "The minister resigned." not in cached._cache


TRICKY = [
    "Rescuers reached the port.",
    "two  spaces,   three   and\na line\n\nbreak",
    " leading and trailing space ",
    "a literal \u2581 space mark and \u2581\u2581 two",
    "specials <s> and </s> and <unk> inline",
    "Ünïcödé, ﬁ ligature, emoji 😀, 中文, ٣٤, tab\there",
    "x",
    "",
]


@pytest.fixture
def stock() -> Any:
    """The model's tokenizer as wordllama ships it (no pre-tokenizer)."""
    folder = Path(wordllama.__file__).resolve().parent / "tokenizers"
    return WordLlama.load_tokenizer(folder / "l2_supercat_tokenizer_config.json")


def test_tokenizer_split_into_words_gives_the_stock_ids(embedder: Embedder, stock: Any) -> None:
    assert stock.pre_tokenizer is None and embedder._tokenizer.pre_tokenizer is not None
    for text in TRICKY:
        ours = embedder._tokenizer.encode_batch_fast([text], add_special_tokens=False)[0].ids
        assert ours == stock.encode(text, add_special_tokens=False).ids, repr(text)


def test_vectors_are_wordllamas_to_the_bit(embedder: Embedder, stock: Any) -> None:
    # per-text pooling against wordllama's own padded, masked batch pooling
    reference = WordLlamaInference(embedder._matrix, stock)
    texts = [*TRICKY, "a much longer text about an election and its count " * 30]
    expected = reference.embed(texts, norm=False, batch_size=64)
    expected /= np.maximum(np.linalg.norm(expected, axis=1, keepdims=True), 1e-30)
    got = embedder.embed(texts)
    for text, want, have in zip(texts, expected, got, strict=True):
        assert have.tobytes() == want.astype(np.float32).tobytes(), repr(text)
