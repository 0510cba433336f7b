"""The ingest lock on both backends: a flock file with SQLite, an advisory lock with PostgreSQL."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from db.engine import make_engine
from pipeline.errors import ChipnewsError
from pipeline.lock import ADVISORY_KEY, LockBusy, ingest_lock
from pipeline.schedule_cli import EXIT_LOCKED, exit_if_locked
from pipeline.settings import DatabaseSettings, Settings
from tests.conftest import PG_URL, ROOT

BUSY = "another chipnews ingest is running (lock: "


@pytest.fixture(params=["sqlite", "postgresql"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    url = "" if request.param == "sqlite" else PG_URL
    return Settings(data_dir=tmp_path / "data", database=DatabaseSettings(url=url))


def test_advisory_key_is_a_fixed_signed_64_bit_hash_of_the_name() -> None:
    digest = hashlib.sha256(b"chipnews-ingest").digest()[:8]
    assert int.from_bytes(digest, "big", signed=True) == ADVISORY_KEY
    assert ADVISORY_KEY == -8579678499294099483  # changing it would let old and new runs overlap
    assert -(2**63) <= ADVISORY_KEY < 2**63


def test_a_second_holder_is_refused_at_once_and_admitted_after_release(settings: Settings) -> None:
    with ingest_lock(settings):
        started = time.monotonic()
        with pytest.raises(LockBusy) as busy, ingest_lock(settings):
            pytest.fail("entered a held lock")
        assert time.monotonic() - started < 2, "must not wait for the holder"
    message = str(busy.value)
    assert message.startswith(BUSY) and message.endswith("); exiting")
    assert isinstance(busy.value, ChipnewsError)
    with ingest_lock(settings) as again:
        assert again


def test_an_exception_in_the_block_releases_the_lock(settings: Settings) -> None:
    with pytest.raises(RuntimeError), ingest_lock(settings):
        raise RuntimeError("crash inside the run")
    with ingest_lock(settings):
        pass


def test_sqlite_lock_file_names_its_holder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    with ingest_lock(settings) as where:
        assert where == str(tmp_path / "ingest.lock")
        assert (tmp_path / "ingest.lock").read_text().startswith(f"pid {os.getpid()} since ")
        other_db = f"sqlite:///{tmp_path / 'other.db'}"  # same data_dir: the same lock file
        with (
            pytest.raises(LockBusy, match=f"held by pid {os.getpid()} since"),
            ingest_lock(other_db, tmp_path),
        ):
            pass
    assert (tmp_path / "ingest.lock").read_text() == ""


def test_postgresql_lock_is_seen_from_another_connection() -> None:
    engine = make_engine(PG_URL, poolclass=NullPool)
    try:
        with engine.connect() as other:
            with ingest_lock(PG_URL, None) as where:
                assert str(ADVISORY_KEY) in where
                got = other.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY})
                assert got.scalar_one() is False
            got = other.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_KEY})
            assert got.scalar_one() is True
            # and while this connection holds it, ingest_lock is the one refused
            with pytest.raises(LockBusy, match="held by backend pid"), ingest_lock(PG_URL):
                pass
            other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_KEY})
    finally:
        engine.dispose()


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pipeline.lock import ingest_lock
    with ingest_lock(sys.argv[1], sys.argv[2]):
        print("held", flush=True)
        time.sleep(60)
    """
)


@pytest.fixture
def holder(settings: Settings) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of ``settings``."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, settings.database_url, str(settings.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.kill()
        proc.wait(timeout=10)
        assert proc.stdout is not None
        proc.stdout.close()


def test_a_killed_holder_leaves_no_stale_lock(
    settings: Settings, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(LockBusy), ingest_lock(settings):
        pass
    holder.send_signal(signal.SIGKILL)  # no cleanup code runs: the kernel/server must release
    holder.wait(timeout=10)
    deadline = time.monotonic() + 10  # PostgreSQL notices the closed socket within moments
    while True:
        try:
            with ingest_lock(settings):
                return
        except LockBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@click.command()
@click.pass_obj
def _locked_command(settings: Settings) -> None:
    with exit_if_locked(settings):
        click.echo("ran")


def test_cli_helper_exits_3_with_the_message_on_stderr(settings: Settings) -> None:
    runner = CliRunner()
    with ingest_lock(settings):
        busy = runner.invoke(_locked_command, obj=settings)
    assert busy.exit_code == EXIT_LOCKED == 3
    assert busy.stderr.startswith(BUSY)
    assert "ran" not in busy.stdout
    free = runner.invoke(_locked_command, obj=settings)
    assert (free.exit_code, free.stdout) == (0, "ran\n")


def test_cli_helper_lets_errors_of_the_block_through(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    with pytest.raises(LockBusy), exit_if_locked(settings):
        raise LockBusy("inner")  # not turned into exit 3: only acquiring is guarded
    with ingest_lock(settings):
        pass
