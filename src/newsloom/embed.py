"""Embed stage: dense article vectors from the wordllama weights shipped in its wheel."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsloom.errors import ModelMissingError

__all__ = ["EmbedOptions", "Embedder"]

_INSTALL_HINT = (
    "install it with `pip install wordllama==0.4.0.post1` (the weights ship in the wheel)"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class EmbedOptions:
    """Options of the embed stage."""

    model: str = "l2_supercat_256"  # wordllama weights file stem inside the installed wheel
    max_chars: int = 2000  # leads carry the event; the rest of a long text only costs time
    batch_size: int = 64  # texts per tokenizer call


def _tokenizer_file(model: str) -> str:
    # "l2_supercat_256" -> "l2_supercat_tokenizer_config.json": the wheel names tokenizers
    # by model family, without the embedding dimension.
    family = model.rsplit("_", 1)[0] if model.rsplit("_", 1)[-1].isdigit() else model
    return f"{family}_tokenizer_config.json"


_SPACE_MARK = "\u2581"  # SentencePiece's mark for a space, the start of a word


def _split_into_words(tokenizer: Any) -> None:
    """Have the tokenizer split its text into words before BPE, where no id changes by it.

    The Llama-style tokenizer has no pre-tokenizer: BPE runs over a whole text as one word,
    and its word cache never hits. When no vocabulary entry has a space mark after another
    character, no merge can join a mark to what precedes it; BPE on each mark-led piece
    then gives the same ids, and repeated words come from the cache (tokenising ~12 % less).
    """
    from tokenizers import Regex, models, pre_tokenizers

    if tokenizer.pre_tokenizer is not None or not isinstance(tokenizer.model, models.BPE):
        return
    joined = re.compile(f"[^{_SPACE_MARK}]{_SPACE_MARK}")
    if any(joined.search(token) for token in tokenizer.get_vocab()):
        return
    # a run of marks stays with the word after it: merges may join marks to marks
    tokenizer.pre_tokenizer = pre_tokenizers.Split(
        Regex(f"{_SPACE_MARK}+"), behavior="merged_with_next"
    )


# Set once any embedder in this process has run its tokenizer: the tokenizer's thread pool
# does not survive a fork, so worker pools fork only while this is False.
TOKENIZER_USED = False


class Embedder:
    """Turns texts into L2-normalised float32 vectors; load once, pass around."""

    __slots__ = ("_cache", "_cache_size", "_matrix", "_tokenizer", "options")

    def __init__(
        self, matrix: np.ndarray, tokenizer: Any, options: EmbedOptions, cache_size: int = 0
    ) -> None:
        self._matrix = matrix  # token id -> float32 row
        self._tokenizer = tokenizer  # a tokenizers.Tokenizer without padding
        self.options = options
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def cached(self, size: int) -> Embedder:
        """The same model, remembering the last ``size`` texts' vectors.

        The story stages embed one sentence several times (facts, summary, storyline
        summary); a cache makes the repeats free without threading vectors through them.
        """
        return Embedder(self._matrix, self._tokenizer, self.options, cache_size=size)

    @classmethod
    def load(cls, options: EmbedOptions) -> Embedder:
        """Load the model from the wordllama package folder, never from the network."""
        try:
            import safetensors.numpy
            import wordllama
            from wordllama import WordLlama
        except ImportError as exc:
            raise ModelMissingError(
                f"embed: the wordllama package is not installed ({exc}); {_INSTALL_HINT}"
            ) from exc
        package_dir = Path(wordllama.__file__).resolve().parent
        weights = package_dir / "weights" / f"{options.model}.safetensors"
        tokenizer = package_dir / "tokenizers" / _tokenizer_file(options.model)
        for path in (weights, tokenizer):
            if not path.is_file():
                raise ModelMissingError(
                    f"embed: model {options.model!r} needs {path}, which the installed "
                    f"wordllama package lacks; {_INSTALL_HINT}"
                )
        try:
            tensors = safetensors.numpy.load_file(str(weights))
            matrix = np.ascontiguousarray(tensors["embedding.weight"], dtype=np.float32)
            # load_tokenizer only reads local files when given an existing Path.
            tok = WordLlama.load_tokenizer(tokenizer)
        except (KeyError, OSError, ValueError, RuntimeError) as exc:
            raise ModelMissingError(
                f"embed: cannot read model {options.model!r} from {package_dir} ({exc}); "
                f"reinstall it: {_INSTALL_HINT}"
            ) from exc
        tok.no_padding()
        tok.no_truncation()
        _split_into_words(tok)
        return cls(matrix, tok, options)

    @property
    def dimension(self) -> int:
        """Length of each embedding vector."""
        return int(self._matrix.shape[1])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts as float32 rows of unit length (all-zero rows for empty texts)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if self._cache_size:
            return self._embed_cached(texts)
        return self._embed(texts)

    def _embed_cached(self, texts: Sequence[str]) -> np.ndarray:
        cache = self._cache
        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            for text, vector in zip(missing, self._embed(missing), strict=True):
                cache[text] = vector
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = cache[text]
            cache.move_to_end(text)
        while len(cache) > self._cache_size:
            cache.popitem(last=False)
        return out

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        global TOKENIZER_USED
        TOKENIZER_USED = True
        cut = [(t or "")[: self.options.max_chars] for t in texts]
        vectors = np.zeros((len(cut), self.dimension), dtype=np.float32)
        last_id = len(self._matrix) - 1
        size = self.options.batch_size
        for start in range(0, len(cut), size):
            # (the fast call only skips character offsets, which pooling does not use)
            encodings = self._tokenizer.encode_batch_fast(
                cut[start : start + size], add_special_tokens=False
            )
            for row, encoding in enumerate(encodings, start):
                ids = np.array(encoding.ids, dtype=np.intp)
                if len(ids):
                    np.clip(ids, 0, last_id, out=ids)
                    # The mean of the tokens' rows, one text at a time: wordllama pads a
                    # batch to its longest text and masks the padding, which costs a third
                    # of the embed stage; numpy adds the rows in the same order either way,
                    # so the vectors are the same to the bit.
                    vectors[row] = self._matrix[ids].sum(axis=0, dtype=np.float32)
                    vectors[row] /= np.float32(len(ids))
        vectors = np.nan_to_num(vectors, copy=False)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        np.divide(vectors, norms, out=vectors, where=norms > 0)
        return vectors
