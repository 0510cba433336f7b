"""Settings: config/defaults.toml, then a user file, then CHIPNEWS_* variables.

Loaded once into a typed, frozen ``Settings``; every stage receives the part
it needs as an argument.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

ENV_PREFIX = "CHIPNEWS_"


def config_dir() -> Path:
    """The bundled config/ folder: beside the packages in a checkout, else installed data."""
    here = Path(__file__).resolve().parents[1] / "config"
    if (here / "defaults.toml").exists():
        return here
    return Path(sys.prefix) / "share" / "chipnews" / "config"


@dataclass(frozen=True)
class DatabaseSettings:
    url: str = ""  # CHIPNEWS_DATABASE__URL; empty means SQLite in data_dir


@dataclass(frozen=True)
class FetchSettings:
    timeout_s: float = 20.0  # CHIPNEWS_FETCH__TIMEOUT_S
    total_timeout_s: float = 60.0  # CHIPNEWS_FETCH__TOTAL_TIMEOUT_S
    max_bytes: int = 5 * 2**20  # CHIPNEWS_FETCH__MAX_BYTES
    max_redirects: int = 5  # CHIPNEWS_FETCH__MAX_REDIRECTS
    user_agent: str = "chipnews/0.1 (+https://github.com/chipnews/chipnews)"
    min_host_delay_s: float = 1.0  # CHIPNEWS_FETCH__MIN_HOST_DELAY_S; between requests to one host
    disable_after_days: int = 7  # CHIPNEWS_FETCH__DISABLE_AFTER_DAYS; 0 = never disable


@dataclass(frozen=True)
class SourcesSettings:
    file: str = "sources.toml"  # CHIPNEWS_SOURCES__FILE; relative to the config dir


@dataclass(frozen=True)
class ScheduleSettings:
    ingest_cron: str = "30 5 * * *"  # CHIPNEWS_SCHEDULE__INGEST_CRON


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    base_currency: str = "USD"
    timezone: str = "Asia/Shanghai"
    database: DatabaseSettings = DatabaseSettings()
    fetch: FetchSettings = FetchSettings()
    sources: SourcesSettings = SourcesSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    config_path: Path | None = None  # the user file, if any

    @property
    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite:///{self.data_dir / 'chipnews.db'}"

    @property
    def sources_path(self) -> Path:
        path = Path(self.sources.file).expanduser()
        if path.is_absolute():
            return path
        base = self.config_path.parent if self.config_path else config_dir()
        return (base / path) if (base / path).exists() else config_dir() / path

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **changes)


_SECTIONS = {
    "database": DatabaseSettings,
    "fetch": FetchSettings,
    "sources": SourcesSettings,
    "schedule": ScheduleSettings,
}


def load_settings(path: Path | str | None = None, env: dict[str, str] | None = None) -> Settings:
    """Layer defaults, the user file (``path`` or $CHIPNEWS_CONFIG) and the environment."""
    env = dict(os.environ if env is None else env)
    raw = _read_toml(config_dir() / "defaults.toml")
    given = path or env.get("CHIPNEWS_CONFIG")
    user_path = Path(given).expanduser() if given else None
    if user_path is not None:
        if not user_path.exists():
            raise ConfigError(f"config file not found: {user_path}")
        _merge(raw, _read_toml(user_path))
    _merge(raw, _env_layer(env))
    return _build(raw, user_path)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _merge(into: dict[str, Any], layer: dict[str, Any]) -> None:
    for key, value in layer.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _env_layer(env: dict[str, str]) -> dict[str, Any]:
    """CHIPNEWS_FETCH__TIMEOUT_S=5 → {"fetch": {"timeout_s": "5"}}."""
    layer: dict[str, Any] = {}
    for name, value in env.items():
        if not name.startswith(ENV_PREFIX) or name == "CHIPNEWS_CONFIG":
            continue
        parts = name[len(ENV_PREFIX) :].lower().split("__")
        node = layer
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return layer


def _build(raw: dict[str, Any], user_path: Path | None) -> Settings:
    kwargs: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _SECTIONS:
            kwargs[key] = _section(_SECTIONS[key], key, value)
        elif key == "data_dir":
            kwargs[key] = Path(str(value)).expanduser()
        elif key in ("base_currency", "timezone"):
            kwargs[key] = str(value)
        # other top-level tables (alerts, …) belong to other loaders
    kwargs.setdefault("data_dir", Path("~/.local/share/chipnews").expanduser())
    return Settings(config_path=user_path, **kwargs)


def _section(cls: type, name: str, values: Any) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"[{name}] must be a table")
    known = {f.name: f for f in fields(cls)}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"[{name}] has no setting {key!r}; known: {sorted(known)}")
        default = getattr(cls(), key)
        out[key] = _coerce(value, type(default), f"{name}.{key}")
    return cls(**out)


def _coerce(value: Any, kind: type, where: str) -> Any:
    try:
        if kind is bool and isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {value!r} is not a {kind.__name__}") from exc
