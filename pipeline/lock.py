"""The ingest lock: at most one ingest run per database, whoever starts it (cron or scheduler).

SQLite: an exclusive, non-blocking ``flock`` on ``<data_dir>/ingest.lock``; the
file holds the holder's pid and start time for the message. PostgreSQL: a
session-level ``pg_try_advisory_lock`` on a dedicated connection held open for
the run. Either way the lock dies with its holder: the kernel drops a flock
when the process exits, and the server drops an advisory lock when its
connection closes, so a crashed run never leaves a stale lock behind.

::

    ChipnewsError
    └── LockBusy        another run holds the lock (lock: what and who)
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool

from db.engine import make_engine
from pipeline.errors import ChipnewsError
from pipeline.settings import Settings

LOCK_FILE = "ingest.lock"
LOCK_NAME = "chipnews-ingest"
# pg advisory locks take a signed 64-bit key; the first 8 bytes of a hash of the
# name give one that no other application picks by accident (and never changes).
ADVISORY_KEY = int.from_bytes(hashlib.sha256(LOCK_NAME.encode()).digest()[:8], "big", signed=True)


class LockBusy(ChipnewsError):
    """Another chipnews ingest holds the lock; this one must exit without touching anything."""

    def __init__(self, lock: str):
        self.lock = lock
        super().__init__(f"another chipnews ingest is running (lock: {lock}); exiting")


@contextmanager
def ingest_lock(target: Settings | str, data_dir: Path | None = None) -> Iterator[str]:
    """Hold the ingest lock for the block; raise LockBusy at once if another run has it.

    ``target`` is the settings or a database URL; ``data_dir`` (default: the
    settings' data_dir) is where the SQLite lock file lives. Yields a short
    description of the lock for log lines.
    """
    if isinstance(target, Settings):
        url, data_dir = target.database_url, data_dir or target.data_dir
    else:
        url = target
    if make_url(url).get_backend_name() == "postgresql":
        with _advisory_lock(url) as held:
            yield held
        return
    if data_dir is None:
        raise ValueError("a SQLite ingest lock needs data_dir")
    with _file_lock(Path(data_dir).expanduser() / LOCK_FILE) as held:
        yield held


@contextmanager
def _file_lock(path: Path) -> Iterator[str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip()
            raise LockBusy(f"{path}" + (f", held by {holder}" if holder else "")) from None
        # written only once we hold it, so a loser never wipes the holder's line
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {_now()}\n".encode(), 0)
        try:
            yield str(path)
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _advisory_lock(url: str) -> Iterator[str]:
    # NullPool: the connection is really closed on exit, never parked in a pool still locked
    engine = make_engine(url, poolclass=NullPool)
    try:
        # autocommit: a run of hours must not sit "idle in transaction"
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            where = f"pg_advisory_lock {ADVISORY_KEY} on {_safe(conn)}"
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY})
            if not got.scalar_one():
                raise LockBusy(where + _pg_holder(conn))
            try:
                yield where
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
    finally:
        engine.dispose()


def _pg_holder(conn: Connection) -> str:
    """', held by backend pid N' when pg_locks shows who has the key."""
    row = conn.execute(
        text(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = :k LIMIT 1"
        ),
        {"k": ADVISORY_KEY},
    ).first()
    return f", held by backend pid {row.pid}" if row else ""


def _safe(conn: Connection) -> str:
    return conn.engine.url.render_as_string(hide_password=True)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
