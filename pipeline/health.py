"""A source's failure streak and disabled reason (sources.failing_since, disabled_reason).

The two columns come with migration 0005. They are read and written with
Core statements so this works whether or not the ORM model maps them yet.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

_SOURCES = sa.table(
    "sources",
    sa.column("id", sa.Integer()),
    sa.column("failing_since", sa.DateTime(timezone=True)),
    sa.column("disabled_reason", sa.Text()),
)


def read(session: Session, source_id: int) -> tuple[datetime | None, str | None]:
    """(failing_since, disabled_reason) of one source."""
    row = session.execute(
        sa.select(_SOURCES.c.failing_since, _SOURCES.c.disabled_reason).where(
            _SOURCES.c.id == source_id
        )
    ).one()
    return row.failing_since, row.disabled_reason


def write(
    session: Session, source_id: int, failing_since: datetime | None, disabled_reason: str | None
) -> None:
    session.execute(
        sa.update(_SOURCES)
        .where(_SOURCES.c.id == source_id)
        .values(failing_since=failing_since, disabled_reason=disabled_reason)
    )
