"""``chipnews fx``: convert amounts, show a rate, update the ECB history.

A thin skin over ``pipeline.fx``; the lead's CLI adds it with ``main.add_command(fx)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

from pipeline.errors import ChipnewsError
from pipeline.fx import ECB_URL, FxTable, Rate, update_from_ecb

DEFAULT_DATA_DIR = "~/.local/share/chipnews"

# Multipliers a person types after a number: 1.6万亿, 210亿, 3.5bn, 20m.
_UNITS = {
    "万亿": Decimal("1e12"),
    "亿": Decimal("1e8"),
    "万": Decimal("1e4"),
    "千": Decimal("1e3"),
    "k": Decimal("1e3"),
    "m": Decimal("1e6"),
    "mn": Decimal("1e6"),
    "b": Decimal("1e9"),
    "bn": Decimal("1e9"),
}
_AMOUNT = re.compile(
    r"^\s*([+-]?[\d,]*\.?\d+(?:[eE][+-]?\d+)?)\s*(万亿|亿|万|千|[a-zA-Z]{0,2})\s*$"
)


def parse_amount(text: str) -> Decimal | None:
    """'210e8', '21,000,000,000', '1.6万亿', '3.5bn' → Decimal; None if it is not a number."""
    match = _AMOUNT.match(text)
    if not match:
        return None
    number, unit = match.groups()
    multiplier = _UNITS.get(unit.lower()) if unit else Decimal(1)
    if multiplier is None:
        return None
    try:
        return Decimal(number.replace(",", "")) * multiplier
    except InvalidOperation:
        return None


def _data_dir_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_DATA_DIR,
        envvar="CHIPNEWS_DATA_DIR",
        show_default=True,
        help="Where `fx update` keeps the downloaded ECB history (fx/eurofxref-hist.zip).",
    )(func)


def _date_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--date",
        "on",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Day of the rate (YYYY-MM-DD); default the latest day in the history.",
    )(func)


def _table(data_dir: Path) -> FxTable:
    return FxTable.load(data_dir=data_dir.expanduser())


def _day(table: FxTable, on: datetime | None) -> date:
    if on is not None:
        return on.date()
    return table.ecb.latest or date.today()


def _significant(value: Decimal) -> str:
    """Six significant digits, no trailing zeros, no exponent: 7.05473, 32.6, 0.0306748."""
    return format(Decimal(f"{value:.6g}").normalize(), "f")


def _describe(rate: Rate, asked: date) -> str:
    line = (
        f"1 {rate.currency} = {_significant(rate.base_per_unit)} {rate.base} "
        f"on {rate.date.isoformat()} ({rate.source})"
    )
    if rate.date != asked:
        line += f"; asked for {asked.isoformat()}"
    return line


@click.group("fx")
def fx() -> None:
    """Historical exchange rates: ECB reference rates plus a monthly TWD series."""


@fx.command("convert")
@click.argument("amount")
@click.argument("from_currency", metavar="FROM")
@click.argument("to_currency", metavar="TO")
@_date_option
@_data_dir_option
def convert_command(
    amount: str, from_currency: str, to_currency: str, on: datetime | None, data_dir: Path
) -> None:
    """Convert AMOUNT of FROM into TO: `chipnews fx convert 210e8 USD CNY --date 2025-12-12`.

    AMOUNT may be 21000000000, 21,000,000,000, 210e8, 210亿, 1.6万亿 or 3.5bn.
    """
    value = parse_amount(amount)
    if value is None:
        raise click.BadParameter(f"not a number: {amount!r}", param_hint="AMOUNT")
    table = _table(data_dir)
    day = _day(table, on)
    result = table.convert(value, from_currency, to_currency, day)
    if result is None:
        raise click.ClickException(
            f"no {from_currency.upper()}/{to_currency.upper()} rate on or shortly before {day}"
        )
    converted, rate = result
    click.echo(f"{value:,f} {rate.currency} = {converted:,.2f} {rate.base}")
    click.echo(_describe(rate, day))


@fx.command("show")
@click.argument("currency")
@click.option("--base", default="USD", show_default=True, help="Currency to price it in.")
@_date_option
@_data_dir_option
def show_command(currency: str, base: str, on: datetime | None, data_dir: Path) -> None:
    """Show the rate of CURRENCY in BASE on a day, both ways round."""
    table = _table(data_dir)
    day = _day(table, on)
    rate = table.rate(currency, base, day)
    if rate is None:
        raise click.ClickException(
            f"no {currency.upper()}/{base.upper()} rate on or shortly before {day}"
        )
    click.echo(_describe(rate, day))
    if rate.base_per_unit:
        click.echo(f"1 {rate.base} = {_significant(1 / rate.base_per_unit)} {rate.currency}")


@fx.command("update")
@click.option("--url", default=ECB_URL, show_default=True, help="The ECB history zip.")
@click.option("--dry-run", is_flag=True, help="Download and check, but write nothing.")
@_data_dir_option
def update_command(url: str, dry_run: bool, data_dir: Path) -> None:
    """Download the ECB history into the data dir; later lookups prefer it when newer."""
    try:
        result = update_from_ecb(url, data_dir.expanduser(), dry_run=dry_run)
    except ChipnewsError as exc:
        raise click.ClickException(str(exc)) from exc
    latest = result.latest.isoformat() if result.latest else "?"
    verb = "wrote" if result.written else "would write (dry run)"
    click.echo(f"{verb} {result.path}: {result.days} days up to {latest}, {result.size:,} bytes")
