"""The `chipnews` command: a thin skin over the pipeline, db and extractors."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from db.engine import make_engine, read_only
from db.migrate import current_revision, upgrade
from pipeline import queries
from pipeline.alerts_cli import alerts
from pipeline.companies_cli import companies
from pipeline.errors import ChipnewsError
from pipeline.fx_cli import fx
from pipeline.schedule_cli import exit_if_locked, schedule
from pipeline.settings import Settings, config_dir, load_settings

console = Console()
err_console = Console(stderr=True)
for _c in (console, err_console):
    if not _c.is_terminal:
        _c.width = 160  # piped or logged output: wide tables rather than folded names


@dataclass
class AppContext:
    config: str | None
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config)
        return self._settings


pass_app = click.make_pass_decorator(AppContext)


class ChipnewsGroup(click.Group):
    """Turns our own errors into one clear line and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ChipnewsError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            sys.exit(2)


@click.group(cls=ChipnewsGroup)
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False),
    envvar="CHIPNEWS_CONFIG",
    help="User settings file (TOML) layered over the defaults.",
)
@click.option("-v", "--verbose", is_flag=True, help="Log debug lines to stderr.")
@click.version_option(package_name="chipnews")
@click.pass_context
def main(ctx: click.Context, config: str | None, verbose: bool) -> None:
    """Track chip-industry deals from Chinese and English news."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    ctx.obj = AppContext(config)


# ---------------------------------------------------------------- database


@main.group("db")
def db_group() -> None:
    """Database schema management."""


@db_group.command("upgrade")
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Apply Alembic migrations up to the newest schema."""
    engine = make_engine(app.settings.database_url)
    upgrade(engine)
    console.print(f"database at revision {current_revision(engine)}: {_safe_url(engine.url)}")


def _safe_url(url: Any) -> str:
    return url.render_as_string(hide_password=True)


# ---------------------------------------------------------------- ingest


@main.command()
@click.option("--source", "sources", multiple=True, help="Only these sources (repeatable).")
@click.option("--force", is_flag=True, help="Fetch every enabled source, due or not.")
@click.option(
    "--sources-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read sources from this file instead of the configured one.",
)
@pass_app
def ingest(
    app: AppContext, sources: tuple[str, ...], force: bool, sources_file: Path | None
) -> None:
    """Fetch due sources, store new articles and their events (one run, for cron)."""
    from pipeline.runner import run_once

    with exit_if_locked(app.settings):
        report = run_once(
            app.settings,
            sources_file=sources_file,
            only=sources or None,
            force=force,
            console=err_console,
        )
    _print_summary(report)
    sys.exit(1 if report.failed else 0)


@main.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file to create (default: demo.db in the data directory).",
)
@click.option("--limit", default=30, show_default=True, help="Events to show.")
@pass_app
def demo(app: AppContext, db_path: Path | None, limit: int) -> None:
    """Ingest the bundled offline sample feeds into a fresh SQLite file and show the events."""
    from pipeline.runner import run_once

    path = db_path or app.settings.data_dir / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    settings = app.settings.with_overrides(
        database=type(app.settings.database)(url=f"sqlite:///{path.resolve()}")
    )
    report = run_once(
        settings,
        sources_file=config_dir() / "samples" / "sources.toml",
        force=True,
        console=err_console,
    )
    _print_summary(report)
    engine = make_engine(settings.database_url)
    _print_events(queries.list_events(engine, queries.EventFilter(limit=limit)))
    console.print(
        f"\ndatabase: {path.resolve()}\n"
        f"explore it: CHIPNEWS_DATABASE__URL=sqlite:///{path.resolve()} chipnews events"
    )
    sys.exit(1 if report.failed else 0)


def _print_summary(report: Any) -> None:
    table = Table(title=f"ingest run {report.run_id}", title_justify="left")
    for col in ("source", "status", "entries", "new", "skipped", "failed", "events", "error"):
        table.add_column(col)
    for o in report.outcomes:
        table.add_row(
            o.name,
            o.status,
            str(o.entries),
            str(o.articles_new),
            str(o.articles_skipped),
            str(o.articles_failed),
            str(o.events_new),
            f"{o.error_kind}: {o.error}"[:100] if o.error else "",
        )
    err_console.print(table)
    err_console.print(
        f"{len(report.outcomes)} sources, {len(report.failed)} failed, "
        f"{report.articles_new} new articles, {report.events_new} new events"
    )


# ---------------------------------------------------------------- events and SQL


@main.command()
@click.option("--type", "types", multiple=True, help="Event type (repeatable).")
@click.option("--company", help="Company name or alias, any language.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Event or first-seen date ≥.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Event or first-seen date ≤.")
@click.option("--min-usd", type=float, help="Minimum amount in USD.")
@click.option("--status", "statuses", multiple=True, help="Status (repeatable).")
@click.option("--limit", default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@pass_app
def events(
    app: AppContext,
    types: tuple[str, ...],
    company: str | None,
    since: Any,
    until: Any,
    min_usd: float | None,
    statuses: tuple[str, ...],
    limit: int,
    fmt: str,
) -> None:
    """List stored events, newest first."""
    engine = make_engine(app.settings.database_url)
    upgrade(engine)
    flt = queries.EventFilter(
        types=types,
        company=company,
        since=since.date() if since else None,
        until=until.date() if until else None,
        min_usd=min_usd,
        statuses=statuses,
        limit=limit,
    )
    rows = queries.list_events(engine, flt)
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        queries.write_csv(rows, sys.stdout)
    else:
        _print_events(rows)


def _print_events(rows: list[dict[str, Any]]) -> None:
    table = Table(title=f"{len(rows)} events", title_justify="left")
    for col in ("id", "type", "status", "date", "companies", "amount", "USD", "mentions"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["id"]),
            r["type"],
            r["status"],
            str(r["event_date"] or ""),
            r["companies"],
            r["amount"] or "",
            r["amount_usd_text"] or "",
            str(r["mentions"]),
        )
    console.print(table)


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@pass_app
def sql(app: AppContext, query: str, fmt: str) -> None:
    """Run a read-only SQL query against the event history."""
    engine = make_engine(app.settings.database_url)
    upgrade(engine)
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with read_only(engine) as conn:
        try:
            result = conn.execute(text(query))
        except DBAPIError as exc:
            err_console.print(f"[red]error:[/red] {exc.orig}")
            sys.exit(2)
        columns = list(result.keys())
        rows = [dict(zip(columns, row, strict=True)) for row in result]
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        queries.write_csv(rows, sys.stdout, columns)
    else:
        table = Table()
        for col in columns:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row.values()))
        console.print(table)


@main.command()
@pass_app
def sources(app: AppContext) -> None:
    """Show configured sources and their fetch state."""
    engine = make_engine(app.settings.database_url)
    upgrade(engine)
    table = Table()
    for col in (
        "name",
        "kind",
        "lang",
        "enabled",
        "last fetched",
        "status",
        "failures",
        "next due",
        "error",
    ):
        table.add_column(col, overflow="fold")
    for r in queries.list_sources(engine):
        table.add_row(
            r["name"],
            r["kind"],
            r["language"] or "",
            "yes" if r["enabled"] else "no",
            str(r["last_fetched_at"] or ""),
            f"DISABLED: {r['disabled_reason']}"
            if r.get("disabled_reason")
            else r["last_status"] or "",
            str(r["consecutive_failures"]),
            str(r["next_due_at"] or ""),
            f"{r['last_error_kind']}: {r['last_error']}"[:100] if r["last_error"] else "",
        )
    console.print(table)


# ---------------------------------------------------------------- extraction


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication time for plain text/HTML input (ISO 8601).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of plain text input.")
def extract(paths: tuple[str, ...], published: str | None, lang: str | None) -> None:
    """Print events for articles (corpus JSON, text, HTML, a folder, or - for stdin)."""
    from pipeline.extract_files import extract_paths

    for line in extract_paths(paths, published=published, lang=lang):
        click.echo(json.dumps(line, ensure_ascii=False))


@main.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--verbose", is_flag=True, help="List every miss and extra.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(gold_dir: Path, verbose: bool, as_json: bool) -> None:
    """Score extraction against a folder of annotated articles."""
    from pipeline.evaluate import evaluate_dir, render

    result = evaluate_dir(gold_dir)
    if as_json:
        click.echo(json.dumps(result.summary(), ensure_ascii=False))
    else:
        click.echo(render(result, verbose=verbose))


main.add_command(fx)
main.add_command(alerts)
main.add_command(schedule)
main.add_command(companies)

if __name__ == "__main__":
    main()
