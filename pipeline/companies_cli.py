"""`chipnews companies`: who the history knows, and merging a discovered name into another."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from db.companies_store import MergeError, list_companies, merge_company
from db.engine import make_engine, session_factory
from db.migrate import upgrade


@click.group(invoke_without_command=True)
@click.option("--discovered", is_flag=True, help="Only companies found in text, not the registry.")
@click.option("--search", help="A name or alias fragment, any language.")
@click.option("--limit", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def companies(
    ctx: click.Context, discovered: bool, search: str | None, limit: int, as_json: bool
) -> None:
    """List companies with their event counts (most active first)."""
    if ctx.invoked_subcommand is not None:
        return
    engine = make_engine(ctx.obj.settings.database_url)
    upgrade(engine)
    rows = list_companies(
        engine, discovered=True if discovered else None, search=search, limit=limit
    )
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
        return
    table = Table()
    for col in ("key", "name", "中文", "country", "segment", "source", "events"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            r["key"],
            r["name"],
            r["name_zh"] or "",
            r["country"] or "",
            r["segment"] or "",
            "discovered" if r["discovered"] else "registry",
            str(r["events"]),
        )
    Console().print(table)


@companies.command("merge")
@click.argument("source_key")
@click.argument("target_key")
@click.option("--dry-run", is_flag=True, help="Show what would move, change nothing.")
@click.pass_obj
def merge(app: Any, source_key: str, target_key: str, dry_run: bool) -> None:
    """Merge discovered company SOURCE_KEY into TARGET_KEY (events and names move)."""
    engine = make_engine(app.settings.database_url)
    upgrade(engine)
    with session_factory(engine)() as session:
        try:
            moved = merge_company(session, source_key, target_key)
        except MergeError as exc:
            raise click.ClickException(str(exc)) from exc
        if dry_run:
            session.rollback()
            click.echo(f"would move {moved} event links from {source_key} to {target_key}")
        else:
            session.commit()
            click.echo(f"moved {moved} event links from {source_key} to {target_key}")
