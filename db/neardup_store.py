"""Near-duplicate lookup: LSH band columns of ``articles``, probed by indexed equality.

A new article's signature (``extractors.neardup.signature``) is looked up by its 16
band hashes (migration 0003), each an equality test on an indexed column, so the
cost grows with the number of candidates, not with the history; every candidate
is then verified on its full MinHash. The columns are named here rather than
through ``db.models.Article`` so the lookup works whether or not the model maps them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, LargeBinary, Select, bindparam, column, or_, select, table
from sqlalchemy.orm import Session

if TYPE_CHECKING:  # db does not import pipeline at run time; the signature brings its methods
    from extractors.neardup import Signature

BANDS = 16  # extractors.neardup.BANDS; a test checks the two agree
BAND_COLUMNS = tuple(f"minhash_b{band}" for band in range(BANDS))

_ARTICLES = table(
    "articles",
    column("id", Integer),
    column("duplicate_of", Integer),
    column("minhash", LargeBinary),
    *(column(name, Integer) for name in BAND_COLUMNS),
)


def band_columns(signature: Signature) -> dict[str, Any]:
    """Column values to store with the article: the packed MinHash and its band hashes.

    All None for a text too short to fingerprint, which then never matches.
    """
    bands = signature.bands()
    values: dict[str, Any] = {"minhash": signature.to_bytes()}
    for i, name in enumerate(BAND_COLUMNS):
        values[name] = bands[i] if bands else None
    return values


# Built once with bound parameters: constructing 16 comparisons per lookup cost more
# than running the query (1.3 of 2.2 ms per article in bench/neardup.py).
_CANDIDATES = select(_ARTICLES.c.id, _ARTICLES.c.duplicate_of, _ARTICLES.c.minhash).where(
    or_(*(_ARTICLES.c[name] == bindparam(name) for name in BAND_COLUMNS))
)


def candidate_query(signature: Signature) -> Select[Any] | None:
    """Articles sharing a band with ``signature``: an OR of indexed equalities, or None."""
    bands = signature.bands()
    if not bands:
        return None
    return _CANDIDATES.params(dict(zip(BAND_COLUMNS, bands, strict=True)))


def find_near_duplicate(session: Session, signature: Signature) -> int | None:
    """The id of the original this text nearly duplicates, or None.

    Candidates share at least one band; the one with the highest estimated Jaccard
    at or above the threshold wins (the earliest on a tie). The answer is the
    candidate's own original when it is itself a copy, so copies point at the
    first article seen, never along a chain.
    """
    bands = signature.bands()
    if not bands:
        return None
    best: tuple[float, int] | None = None
    params = dict(zip(BAND_COLUMNS, bands, strict=True))
    for id_, duplicate_of, blob in session.execute(_CANDIDATES, params):
        stored = signature.from_bytes(blob)
        if not signature.near(stored):
            continue
        score = signature.similarity(stored)
        root = duplicate_of if duplicate_of is not None else id_
        if best is None or (-score, root) < (-best[0], best[1]):
            best = (score, root)
    return best[1] if best else None
