"""Load the company registry from ``companies.toml`` and ``authorities.toml``."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.companies import CompanyRegistry
from pipeline import settings
from pipeline.errors import ConfigError

COMPANIES_FILE = "companies.toml"
AUTHORITIES_FILE = "authorities.toml"  # optional: without it no authority is recognised


def load_registry(config_dir: Path | None = None) -> CompanyRegistry:
    """The registry built from ``config_dir`` (default: the bundled ``config/``).

    Cached per resolved directory: building takes tens of milliseconds and every
    article needs it.
    """
    base = config_dir if config_dir is not None else settings.config_dir()
    return _load(Path(base).resolve())


@lru_cache(maxsize=8)
def _load(base: Path) -> CompanyRegistry:
    companies = _records(base / COMPANIES_FILE, "company", required=True)
    authorities = _records(base / AUTHORITIES_FILE, "authority", required=False)
    return CompanyRegistry.from_records(companies, authorities)


def _records(path: Path, table: str, *, required: bool) -> list[dict[str, Any]]:
    """The ``[[table]]`` records of ``path``, each checked for a key and a name."""
    if not path.exists():
        if required:
            raise ConfigError("file not found", source=str(path))
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", source=str(path)) from exc
    records = data.get(table, [])
    if not isinstance(records, list):
        raise ConfigError(f"[[{table}]] must be an array of tables", source=str(path))
    for index, record in enumerate(records):
        for field in ("key", "name"):
            if not isinstance(record.get(field), str) or not record[field].strip():
                raise ConfigError("missing or empty", source=f"{path.name}[{index}]", field=field)
    return records
