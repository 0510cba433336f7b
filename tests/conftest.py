"""Shared fixtures: databases on SQLite and the real PostgreSQL, the company registry."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from db.engine import make_engine
from db.migrate import upgrade

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
# The PostgreSQL every database test also runs on; CI starts it (see .ci/run).
PG_URL = os.environ.get("CHIPNEWS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_engine() -> Iterator[Engine]:
    """A fresh schema of its own on the local PostgreSQL, dropped afterwards."""
    schema = f"chipnews_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty database (no schema yet) on each backend."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'chipnews.db'}")
        yield engine
        engine.dispose()
    else:
        yield from _pg_engine()


@pytest.fixture
def engine(db_url_engine: Engine) -> Engine:
    """A migrated database on each backend."""
    upgrade(db_url_engine)
    return db_url_engine


@pytest.fixture(scope="session")
def registry():  # type: ignore[no-untyped-def]
    from pipeline.registry import load_registry

    return load_registry()


@pytest.fixture
def pg_engine() -> Iterator[Engine]:
    """A migrated database on PostgreSQL only: for what only PostgreSQL does (row locks)."""
    for engine in _pg_engine():
        upgrade(engine)
        yield engine
