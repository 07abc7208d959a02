"""Exact and near-duplicate detection: wire copies republished by many outlets.

A wire story carried by ten outlets, each with its own headline, dateline, trailing
"read more" line or a few edited words, is one text with ten appearances. Exact copies
are caught by a hash of the normalised text; near copies by MinHash signatures of word
shingles, blocked by banding (LSH) and verified by the estimated Jaccard similarity.

Signatures follow datasketch's ``affine32`` MinHash scheme (a MurmurHash3 finaliser,
then ``a * h + b mod 2**32``, datasketch's own permutation parameters), computed over
all shingles at once with numpy; ``MinHasher.to_minhash`` turns one back into a
``datasketch.MinHash`` for tools that want one. Bands and rows come from datasketch's
``MinHashLSH`` optimiser, but the band index is our own compact one: ``MinHashLSH`` with
dict storage holds a Python set per bucket, measured at 590 MiB and 240 us an insert
for 100k articles at 18 bands, against 240 MiB (300 MiB at the default 25 bands) here.

The default threshold, 0.7, was tuned on ``benchmarks/generate.py`` corpora (wire copies
keep 0.67-1.0 of their shingles on raw text, distinct articles on one event at most 0.45)
and catches real republished agency copies in ECB+ that 0.8 misses.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from array import array
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsloom.clean.text import marks_as_spaces
from newsloom.errors import ConfigError, InputError

__all__ = [
    "DedupIndex",
    "DedupOptions",
    "MinHasher",
    "normalise_for_hash",
    "text_hash",
]

_WORD = re.compile(r"\w+")
_SCHEME = "affine32"
# Odd 64-bit multipliers that fold a shingle's word hashes into one value; any fixed
# odd constants work, these are the splitmix64 / golden-ratio family.
_SHINGLE_MULTIPLIERS = np.array(
    [
        0x9E3779B97F4A7C15,
        0xBF58476D1CE4E5B9,
        0x94D049BB133111EB,
        0xD6E8FEB86659FD93,
        0xA0761D6478BD642F,
        0xE7037ED1A0B428DB,
        0x8EBC6AF09C88C6E3,
        0x589965CC75374CC3,
    ],
    dtype=np.uint64,
)
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))
_NO_LINK = -1
_SALT = np.uint64(0x9E3779B97F4A7C15)  # spreads a band number over the key's bits
_MIX = np.uint64(0xBF58476D1CE4E5B9)  # multiplicative (Fibonacci-style) hashing to a slot
_EMPTY_KEYS = np.zeros(0, dtype=np.uint64)
_EMPTY_SLOTS = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True, kw_only=True)
class DedupOptions:
    """Options of the dedup stage."""

    num_perm: int = 128  # MinHash permutations: more = finer Jaccard estimates, bigger index
    threshold: float = 0.7  # estimated Jaccard of word shingles at which two texts are copies
    shingle_words: int = 5  # words per shingle
    min_words: int = 30  # shorter texts are matched exactly only: too few shingles to estimate
    candidate_threshold: float = 0.5  # bands are tuned for this Jaccard, below threshold,
    # so that copies just above threshold are rarely missed; candidates are verified
    seed: int = 1  # permutation seed: signatures from different seeds do not compare


def _tokens(text: str) -> list[str]:
    """Words of ``text`` after NFKC and case folding; punctuation and spacing dropped."""
    # NFKC is the slow step and a no-op on ASCII, which most news text is.
    folded = text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()
    return _WORD.findall(folded)


def _word_table() -> bytes:
    """Bytes -> themselves lower-cased if ASCII word characters (``\\w``), else a space."""
    table = bytearray(b" " * 256)
    for code in range(128):
        char = chr(code)
        if char.isalnum() or char == "_":
            table[code] = ord(char.lower())
    return bytes(table)


# On ASCII text, which most news is, one byte table and bytes.split give _tokens' words
# already UTF-8 encoded, all in C: no regex, and no encoding word by word for the hashes.
_WORD_BYTES = _word_table()


def _encoded_tokens(text: str) -> list[bytes]:
    """The UTF-8 bytes of each word of ``_tokens(text)``."""
    if not text.isascii():
        plain = marks_as_spaces(text)  # curly quotes and dashes are no words either way
        if not plain.isascii():
            return [word.encode() for word in _tokens(text)]
        text = plain
    return text.encode().translate(_WORD_BYTES).split()


def normalise_for_hash(text: str) -> str:
    """Case-fold, NFKC-normalise and reduce ``text`` to single-spaced words."""
    return " ".join(_tokens(text))


def text_hash(text: str) -> str:
    """SHA-256 hex digest of ``normalise_for_hash(text)``: equal for trivial variants."""
    return hashlib.sha256(b" ".join(_encoded_tokens(text))).hexdigest()


def _check_options(options: DedupOptions) -> None:
    """Raise ConfigError when an option is out of its range."""
    if not 2 <= options.num_perm <= 1024:
        raise ConfigError(f"dedup.num_perm must be in 2..1024, got {options.num_perm}")
    if not 0.0 < options.threshold <= 1.0:
        raise ConfigError(f"dedup.threshold must be in (0, 1], got {options.threshold}")
    if not 0.0 < options.candidate_threshold <= options.threshold:
        raise ConfigError(
            "dedup.candidate_threshold must be in (0, threshold], got "
            f"{options.candidate_threshold} with threshold {options.threshold}"
        )
    if not 1 <= options.shingle_words <= len(_SHINGLE_MULTIPLIERS):
        raise ConfigError(
            f"dedup.shingle_words must be in 1..{len(_SHINGLE_MULTIPLIERS)}, "
            f"got {options.shingle_words}"
        )
    if options.min_words < 1:
        raise ConfigError(f"dedup.min_words must be at least 1, got {options.min_words}")


class MinHasher:
    """Computes MinHash signatures of word shingles; picklable, usable in workers."""

    def __init__(self, options: DedupOptions) -> None:
        _check_options(options)
        self.options = options
        # datasketch's own permutation parameters, so to_minhash gives a MinHash that
        # datasketch itself would have built from the same shingle hashes.
        a, b = MinHash(num_perm=options.num_perm, seed=options.seed, scheme=_SCHEME).permutations
        self._a = np.ascontiguousarray(a, dtype=np.uint32).reshape(-1, 1)
        self._b = np.ascontiguousarray(b, dtype=np.uint32).reshape(-1, 1)
        self._scratch = np.empty((options.num_perm, 1024), dtype=np.uint32)

    def __reduce__(self) -> tuple[type[MinHasher], tuple[DedupOptions]]:
        """Pickle the options only; permutations and scratch space are rebuilt."""
        return (MinHasher, (self.options,))

    def shingle_hashes(self, words: list[str]) -> np.ndarray:
        """32-bit hash of each run of ``shingle_words`` words (one shingle if fewer)."""
        return self._shingle_hashes([word.encode() for word in words])

    def _shingle_hashes(self, words: list[bytes]) -> np.ndarray:
        """``shingle_hashes`` of UTF-8 encoded words."""
        k = min(self.options.shingle_words, len(words))
        # map keeps the per-word loop in C (a generator costs more than the crc32 itself)
        word_hashes = np.fromiter(map(zlib.crc32, words), dtype=np.uint64, count=len(words))
        n = len(words) - k + 1
        combined = word_hashes[:n] * _SHINGLE_MULTIPLIERS[0]
        for offset in range(1, k):
            combined += word_hashes[offset : offset + n] * _SHINGLE_MULTIPLIERS[offset]
        # Keep the well-mixed high half: the low bits of a product are weak.
        return (combined >> np.uint64(32)).astype(np.uint32)

    def signature_of_hashes(self, hashes: np.ndarray) -> np.ndarray:
        """MinHash values (uint32, one per permutation) of 32-bit shingle hashes."""
        s1, m1, s2, m2 = _FMIX32
        hv = hashes ^ (hashes >> s1)
        hv *= m1
        hv ^= hv >> s2
        hv *= m2
        hv ^= hv >> s1
        n = len(hv)
        if self._scratch.shape[1] < n:
            self._scratch = np.empty((self.options.num_perm, 2 * n), dtype=np.uint32)
        # A preallocated scratch block: allocating num_perm x n per call costs more than
        # the arithmetic itself.
        block = self._scratch[:, :n]
        np.multiply(self._a, hv, out=block)
        np.add(block, self._b, out=block)
        result: np.ndarray = block.min(axis=1)
        return result

    def signature(self, text: str) -> bytes | None:
        """MinHash values of ``text`` as little-endian uint32 bytes; None when too short."""
        return self._signature_of_encoded(_encoded_tokens(text))

    def signature_of_words(self, words: list[str]) -> bytes | None:
        """MinHash values of already tokenised words; None when too short."""
        return self._signature_of_encoded([word.encode() for word in words])

    def _signature_of_encoded(self, words: list[bytes]) -> bytes | None:
        """``signature_of_words`` of UTF-8 encoded words."""
        if len(words) < self.options.min_words or not words:
            return None
        values = self.signature_of_hashes(self._shingle_hashes(words))
        return values.astype("<u4", copy=False).tobytes()

    def to_minhash(self, signature: bytes) -> MinHash:
        """The datasketch MinHash holding ``signature``'s values."""
        values = np.frombuffer(signature, dtype="<u4")
        return MinHash(
            num_perm=self.options.num_perm,
            seed=self.options.seed,
            hashvalues=values,
            scheme=_SCHEME,
        )


class _BandTable:
    """(band, band key) -> the newest row with that key, in flat arrays (open addressing).

    A dict per band costs about 100 bytes an entry (two int objects and a slot) and an
    article adds one entry per band: gigabytes at a million articles. These arrays cost 13
    bytes a slot, kept at most half full, and look up all of an article's bands at once.
    """

    def __init__(self, bits: int = 12) -> None:
        self._bits = bits
        self._keys = np.zeros(1 << bits, dtype=np.uint64)
        self._bands = np.zeros(1 << bits, dtype=np.uint8)
        self._rows = np.full(1 << bits, _NO_LINK, dtype=np.int32)
        self._used = 0

    def reserve(self, count: int) -> None:
        """Make room for ``count`` more entries (slots found before a growth go stale)."""
        if 2 * (self._used + count) > len(self._rows):
            self._grow()

    def probe(self, keys: np.ndarray, bands: np.ndarray) -> np.ndarray:
        """Slot of each (band, key): where it is, or the empty slot where it would go."""
        mixed = (keys ^ (bands.astype(np.uint64) * _SALT)) * _MIX
        slots = (mixed >> np.uint64(64 - self._bits)).astype(np.int64)
        mask = len(self._rows) - 1
        pending = np.arange(len(keys))
        while len(pending):
            at = slots[pending]
            done = (self._rows[at] == _NO_LINK) | (
                (self._keys[at] == keys[pending]) & (self._bands[at] == bands[pending])
            )
            pending = pending[~done]
            slots[pending] = (slots[pending] + 1) & mask  # linear probing
        return slots

    def rows(self, slots: np.ndarray) -> np.ndarray:
        """The newest row at each probed slot (_NO_LINK where empty)."""
        return self._rows[slots]

    def put(self, keys: np.ndarray, bands: np.ndarray, slots: np.ndarray, row: int) -> None:
        """Record ``row`` as the newest for each (band, key), at slots probe() found."""
        if len(np.unique(slots)) < len(slots):
            # two new keys found the same empty slot: place them one by one
            for i in range(len(keys)):
                one = slice(i, i + 1)
                self.put(keys[one], bands[one], self.probe(keys[one], bands[one]), row)
            return
        self._used += int(np.count_nonzero(self._rows[slots] == _NO_LINK))
        self._keys[slots] = keys
        self._bands[slots] = bands
        self._rows[slots] = row

    def _grow(self) -> None:
        held = np.flatnonzero(self._rows != _NO_LINK)
        keys, bands, rows = self._keys[held], self._bands[held], self._rows[held]
        self.__init__(self._bits + 1)  # type: ignore[misc]
        pending = np.arange(len(keys))
        while len(pending):
            # entries are distinct: each finds an empty slot; of those finding the same
            # one, the first takes it and the rest probe on
            slots = self.probe(keys[pending], bands[pending])
            _, first = np.unique(slots, return_index=True)
            placed = pending[first]
            self._keys[slots[first]] = keys[placed]
            self._bands[slots[first]] = bands[placed]
            self._rows[slots[first]] = rows[placed]
            pending = np.delete(pending, first)
        self._used = len(keys)


class DedupIndex:
    """Remembers seen texts and finds the original that a new text copies, if any.

    Every added article gets a canonical article: the first seen of its copies. A copy
    of a copy points to the original, so ``find`` and ``duplicate_of`` always name a
    canonical article.
    """

    def __init__(self, options: DedupOptions) -> None:
        self.options = options
        self.hasher = MinHasher(options)
        # datasketch's parameter optimiser picks bands x rows for the candidate threshold.
        probe = MinHashLSH(threshold=options.candidate_threshold, num_perm=options.num_perm)
        self.bands: int = probe.b
        self.rows: int = probe.r
        self._ids: list[str] = []
        self._position: dict[str, int] = {}
        self._canonical = array("i")  # position -> canonical position
        self._hashes: list[bytes] = []  # position -> sha256 digest
        self._exact: dict[bytes, int] = {}  # digest -> canonical position
        # Signature rows, position of each row, and a table from (band, band key) to the
        # latest row with that key plus a chain to the previous row with it.
        self._signatures = np.empty((1024, options.num_perm), dtype=np.uint32)
        self._row_position = array("i")
        self._table = _BandTable()
        self._band_numbers = np.arange(self.bands, dtype=np.uint8)
        self._chain = array("i")  # row * bands + band -> previous row in that bucket
        rng = np.random.default_rng(options.seed)
        self._band_multipliers = rng.integers(1, 2**63, size=self.rows, dtype=np.uint64) * 2 + 1

    def __len__(self) -> int:
        """Number of articles added or restored."""
        return len(self._ids)

    def __contains__(self, article_id: object) -> bool:
        """Whether ``article_id`` has been added or restored."""
        return article_id in self._position

    def signature(self, text: str) -> bytes | None:
        """MinHash values as compact bytes; None for texts shorter than ``min_words``."""
        return self.hasher.signature(text)

    def hash_and_signature(self, text: str) -> tuple[str, bytes | None]:
        """``text_hash(text)`` and ``signature(text)``, tokenising the text once."""
        digest, signature = self._digest_and_signature(text, None)
        return digest.hex(), signature

    def duplicate_of(self, article_id: str) -> str | None:
        """The original that an added article copies, or None if it is an original."""
        position = self._position.get(article_id)
        if position is None:
            raise InputError(article_id, "not in the dedup index")
        canonical = self._canonical[position]
        return None if canonical == position else self._ids[canonical]

    def find(self, text: str, signature: bytes | None = None) -> str | None:
        """Id of the original that ``text`` exactly or nearly copies, else None."""
        digest, signature = self._digest_and_signature(text, signature)
        values = self._signature_array("find", signature)
        position = self._match(digest, values, self._probe(values, insert=False))
        return None if position is None else self._ids[position]

    def add(self, article_id: str, text: str, signature: bytes | None = None) -> None:
        """Remember ``text`` under ``article_id``; re-adding the same text is a no-op."""
        digest, signature = self._digest_and_signature(text, signature)
        self._insert(article_id, digest, self._signature_array(article_id, signature))

    def add_hashed(self, article_id: str, exact_hash: str, signature: bytes | None) -> str | None:
        """Add an article whose ``text_hash`` and signature were computed elsewhere (a
        worker process); returns the original it copies, or None. No re-tokenising."""
        self.restore(article_id, exact_hash, signature)
        return self.duplicate_of(article_id)

    def restore(self, article_id: str, exact_hash: str, signature: bytes | None) -> None:
        """Re-fill the index from stored hashes and signatures, in the original order."""
        try:
            digest = bytes.fromhex(exact_hash)
        except ValueError:
            digest = b""
        if len(digest) != 32:
            raise InputError(article_id, f"exact hash {exact_hash!r} is not a SHA-256 hex digest")
        self._insert(article_id, digest, self._signature_array(article_id, signature))

    def _digest_and_signature(
        self, text: str, signature: bytes | None
    ) -> tuple[bytes, bytes | None]:
        """SHA-256 of the normalised text and its signature, tokenising only once."""
        words = _encoded_tokens(text)
        digest = hashlib.sha256(b" ".join(words)).digest()
        if signature is None:
            signature = self.hasher._signature_of_encoded(words)
        return digest, signature

    def _signature_array(self, origin: str, signature: bytes | None) -> np.ndarray | None:
        """Decode and check a signature's bytes."""
        if signature is None:
            return None
        expected = 4 * self.options.num_perm
        if len(signature) != expected:
            raise InputError(
                origin,
                f"MinHash signature has {len(signature)} bytes, expected {expected} "
                f"(num_perm={self.options.num_perm}): built with other dedup options?",
            )
        return np.frombuffer(signature, dtype="<u4")

    def band_keys(self, signature: bytes) -> list[int]:
        """One key per LSH band of a signature: texts sharing a key are copy candidates."""
        values = self._signature_array("band_keys", signature)
        assert values is not None
        return self._band_keys(values)

    def _band_keys(self, values: np.ndarray) -> list[int]:
        """One integer key per band, folding that band's rows of ``values``."""
        return self._band_key_array(values).tolist()

    def _band_key_array(self, values: np.ndarray) -> np.ndarray:
        bands = values[: self.bands * self.rows].reshape(self.bands, self.rows)
        folded = (bands.astype(np.uint64) * self._band_multipliers).sum(axis=1, dtype=np.uint64)
        # Drop three bits so keys stay 32-byte Python ints; collisions are verified anyway.
        return folded >> np.uint64(3)

    def _candidates(self, newest: np.ndarray) -> list[int]:
        """Rows sharing at least one band key, from the newest row of each band's key."""
        found: set[int] = set()
        chain = self._chain
        bands = self.bands
        for band in np.flatnonzero(newest != _NO_LINK).tolist():
            row = int(newest[band])
            while row != _NO_LINK and row not in found:
                found.add(row)
                row = chain[row * bands + band]
        return sorted(found)

    def _match(
        self, digest: bytes, values: np.ndarray | None, probed: tuple[np.ndarray, np.ndarray]
    ) -> int | None:
        """Canonical position of the best exact or near match, else None."""
        exact = self._exact.get(digest)
        if exact is not None:
            return exact
        if values is None or not self._row_position:
            return None
        rows = self._candidates(self._table.rows(probed[1]))
        if not rows:
            return None
        matches = (self._signatures[rows] == values).sum(axis=1)
        best: tuple[int, int] | None = None  # (-agreeing values, canonical position)
        need = self.options.threshold * self.options.num_perm
        for row, agree in zip(rows, matches.tolist(), strict=True):
            if agree < need:
                continue
            canonical = self._canonical[self._row_position[row]]
            # Highest similarity wins; among equals the earliest original.
            if best is None or (-agree, canonical) < best:
                best = (-agree, canonical)
        return None if best is None else best[1]

    def _insert(self, article_id: str, digest: bytes, values: np.ndarray | None) -> None:
        """Add one article, linking it to the original it copies."""
        known = self._position.get(article_id)
        if known is not None:
            if self._hashes[known] == digest:
                return
            raise InputError(article_id, "already in the dedup index with a different text")
        probed = self._probe(values)
        match = self._match(digest, values, probed)
        position = len(self._ids)
        self._ids.append(article_id)
        self._position[article_id] = position
        self._hashes.append(digest)
        self._canonical.append(position if match is None else match)
        self._exact.setdefault(digest, position if match is None else match)
        if values is None:
            return
        row = len(self._row_position)
        if row == len(self._signatures):
            grown = np.empty((2 * row, self.options.num_perm), dtype=np.uint32)
            grown[:row] = self._signatures
            self._signatures = grown
        self._signatures[row] = values
        self._row_position.append(position)
        keys, slots = probed
        self._chain.extend(self._table.rows(slots).tolist())
        self._table.put(keys, self._band_numbers, slots, row)

    def _probe(
        self, values: np.ndarray | None, insert: bool = True
    ) -> tuple[np.ndarray, np.ndarray]:
        """An article's band keys and their slots in the band table (room made first)."""
        if values is None:
            return _EMPTY_KEYS, _EMPTY_SLOTS
        if insert:
            self._table.reserve(self.bands)
        keys = self._band_key_array(values)
        return keys, self._table.probe(keys, self._band_numbers)
