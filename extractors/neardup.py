"""Content fingerprints for syndicated and reposted copies: shingles, MinHash, LSH bands.

Pure functions: text in, a ``Signature`` out; no database, no I/O.

Why MinHash with LSH bands rather than a 64-bit SimHash at Hamming distance <= 3
--------------------------------------------------------------------------------
A repost rarely stays byte-identical: the seed article carries a header line and a
two-line footer, the 芯途微电子 sample copy in config/samples adds a 转载 notice,
others change a sentence or two. Measured with this module's shingles (see
tests/test_pipeline_neardup.py and bench/neardup.py):

- planted reposts of the 29 dev articles keep a shingle Jaccard of 0.90-0.96 with a
  footer or header added, >= 0.82 with two sentences edited and >= 0.73 with the
  last paragraph dropped; the seed against its original body is 0.96, the two
  syndicated sample copies (芯途微电子, Lumora) 0.87 and 0.92;
- the same deal written up by two outlets (990 sample pairs: Moore Threads' listing,
  H200 sales in simplified and traditional Chinese) shares at most 0.046, and the
  406 pairs of dev articles at most 0.021;
- a 64-bit SimHash of the same shingles puts those reposts a median 5-7 bits and up
  to 12 bits apart (the 芯途微电子 copy: 7), as theory says: Jaccard 0.8 is a cosine
  of ~0.89, an angle of 0.47 rad, 64 x 0.47 / pi ~ 10 bits. A 4 x 16-bit
  pigeonhole lookup only finds pairs within 3 bits, i.e. near-verbatim copies;
  reaching 12 bits needs 13 bands of ~5 bits, each matching 1/32 of the history,
  which is a linear scan with extra steps.

So the signature is a MinHash of K = 64 values, cut into 16 bands of 4 values.
Two texts of Jaccard J share at least one band with probability
1 - (1 - J**4)**16: 0.9998 at J = 0.8, 0.98 at 0.7, 0.88 at 0.6, 0.64 at 0.5,
0.12 at 0.3 and 2.6e-6 at 0.02, so a lookup is 16 indexed equality probes that
return a handful of candidates, whose Jaccard is then estimated from all 64
values and accepted at ``THRESHOLD``.

MinHash is computed by one-permutation hashing (Li, Owen & Zhang 2012): each
shingle is hashed once, its top 6 bits pick one of the 64 buckets and the bucket
keeps its smallest remaining value; empty buckets (short texts) borrow from the
next non-empty bucket with an offset (Shrivastava & Li's rotation), so the
estimator stays unbiased. One hash per shingle keeps a 1.5 KB article at ~0.1 ms
in pure Python, where 64 independent permutations would cost 64 times that.

Normalization: NFKC, traditional to simplified Chinese and lower case
(``extractors.text.fold``), then the text becomes tokens: every Han character is
one token, every run of Latin letters or digits is one token, punctuation and
space vanish. Shingles are ``SHINGLE`` consecutive tokens, so Chinese gets
character n-grams and English word n-grams in one pass, and mixed text works.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from functools import cached_property
from hashlib import blake2b

from extractors.text import fold

__all__ = [
    "BANDS",
    "MIN_SHINGLES",
    "ROWS",
    "SHINGLE",
    "THRESHOLD",
    "K",
    "Signature",
    "jaccard",
    "shingles",
    "signature",
    "tokens",
]

K = 64  # MinHash values: the standard error of a Jaccard estimate is sqrt(J(1-J)/64) <= 0.06
BANDS = 16
ROWS = K // BANDS  # 4 values a band: the S-curve's midpoint sits at J ~ (1/16)**(1/4) = 0.5
# 4 tokens: 4 Han characters or 4 English words. At 3, two outlets' write-ups of one
# deal shared up to 0.078 of their shingles (stock phrases: 科创板, 拟收购); at 5, a
# repost with two sentences edited fell to 0.807 (0.821 at 4). 4 sits between.
SHINGLE = 4
# A text of under 24 shingles (about 27 Han characters or 27 words) is too short to
# tell a repost from a stock sentence: "X 完成数亿元B轮融资" alone matches many deals.
MIN_SHINGLES = 24
# Reposts measured >= 0.73, different write-ups of one deal <= 0.046 (see above); 0.5
# is ~4 standard errors (0.06) from both, and where the band S-curve still gives 0.64.
THRESHOLD = 0.5

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(f"[{_HAN}]|[^\\W_{_HAN}]+")
_BUCKET_SHIFT = 64 - 6  # top 6 bits pick one of 64 buckets
_VALUE_MASK = (1 << _BUCKET_SHIFT) - 1
_STORED_MASK = 0xFFFFFFFF  # 32 bits a value: a chance match between buckets is 2**-32
_EMPTY = _VALUE_MASK + 1
_PACK = struct.Struct(f"<{K}I")
_PACK_BAND = struct.Struct(f"<{ROWS}I")


@dataclass(frozen=True)
class Signature:
    """A text's MinHash (``K`` 32-bit values), empty when the text is too short.

    The comparisons are methods so that ``db`` can use a signature without importing
    ``pipeline``.
    """

    minhash: tuple[int, ...] = ()
    shingle_count: int = 0

    @property
    def usable(self) -> bool:
        return len(self.minhash) == K

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity: the share of equal values (0.0 if either is unusable)."""
        if not (self.usable and other.usable):
            return 0.0
        return sum(x == y for x, y in zip(self.minhash, other.minhash, strict=True)) / K

    def near(self, other: Signature) -> bool:
        """True when ``other`` is a near-duplicate: estimated Jaccard >= ``THRESHOLD``."""
        return self.similarity(other) >= THRESHOLD

    def bands(self) -> tuple[int, ...]:
        """``BANDS`` signed 32-bit hashes, one per run of ``ROWS`` values; () when unusable."""
        return self._bands

    @cached_property
    def _bands(self) -> tuple[int, ...]:  # computed once: stored and looked up with each article
        if not self.usable:
            return ()
        out = []
        for band in range(BANDS):
            chunk = _PACK_BAND.pack(*self.minhash[band * ROWS : (band + 1) * ROWS])
            digest = blake2b(chunk, digest_size=4).digest()
            out.append(int.from_bytes(digest, "little", signed=True))
        return tuple(out)

    def to_bytes(self) -> bytes | None:
        """The ``K`` values packed little-endian, for a binary column; None when unusable."""
        return _PACK.pack(*self.minhash) if self.usable else None

    @classmethod
    def from_bytes(cls, data: bytes | None) -> Signature:
        """The signature stored as ``data`` (an unusable one for None or a wrong length)."""
        if data is None or len(data) != _PACK.size:
            return cls()
        return cls(_PACK.unpack(bytes(data)))


def tokens(text: str) -> list[str]:
    """Han characters and Latin/digit words of the folded text, in order."""
    return _TOKEN.findall(fold(text))


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The distinct runs of ``size`` tokens (fewer when the text has fewer tokens)."""
    toks = tokens(text)
    if len(toks) <= size:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i : i + size]) for i in range(len(toks) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """Exact Jaccard similarity of two shingle sets (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def signature(text: str) -> Signature:
    """The MinHash signature of ``text``; empty below ``MIN_SHINGLES`` shingles."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return Signature((), len(grams))
    mins = [_EMPTY] * K
    for gram in grams:
        h = int.from_bytes(blake2b(gram.encode(), digest_size=8).digest(), "little")
        bucket = h >> _BUCKET_SHIFT
        value = h & _VALUE_MASK
        if value < mins[bucket]:
            mins[bucket] = value
    return Signature(tuple(v & _STORED_MASK for v in _densify(mins)), len(grams))


def _densify(mins: list[int]) -> list[int]:
    """Fill empty buckets from the next non-empty one to the right, offset by the distance."""
    if all(v != _EMPTY for v in mins):
        return mins
    out = list(mins)
    for i, v in enumerate(mins):
        if v != _EMPTY:
            continue
        for step in range(1, K):
            donor = mins[(i + step) % K]
            if donor != _EMPTY:
                # The offset keeps borrowed values apart from the donor's own, so two
                # texts agree on a filled bucket only when they agree on the donor.
                out[i] = (donor + step * 0x9E3779B97F4A7C15) & _VALUE_MASK
                break
    return out
