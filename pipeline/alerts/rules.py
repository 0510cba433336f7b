"""Alert rules and channels, read from the user's TOML: ``[[alert]]`` and ``[[channel]]``.

They live in the user config file and/or in the file named by ``[alerts] file``
(relative to the config file; $CHIPNEWS_ALERTS__FILE overrides it). Secrets are
``${ENV_VAR}`` references, expanded when the file is loaded and never written
back; a variable that is not set is a ConfigError naming it.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

from extractors.types import EventType, Status
from pipeline.errors import ConfigError
from pipeline.settings import Settings

ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
REASON_KINDS = ("new", "status", "amount")


class ChannelKind(StrEnum):
    APPRISE = "apprise"  # any notification URL Apprise knows: mailto://, slack://, dingtalk://, …
    WEBHOOK = "webhook"  # a JSON POST with an Idempotency-Key header
    JSONL = "jsonl"  # one JSON line per message, appended and fsynced
    TERMINAL = "terminal"  # printed with rich


@dataclass(frozen=True)
class ChannelSpec:
    """Where messages go; ``digest`` gathers a day's alerts into one message."""

    name: str
    kind: ChannelKind
    url: str | None = None  # apprise, webhook
    headers: Mapping[str, str] = field(default_factory=dict)  # webhook only
    path: Path | None = None  # jsonl only
    digest: bool = False
    timeout_s: float = 10.0  # webhook; a receiver that takes longer is retried later


@dataclass(frozen=True)
class Filters:
    """Every non-empty filter must hold; within one filter any value will do."""

    types: frozenset[str] = frozenset()
    min_usd: Decimal | None = None  # an event whose USD amount is unknown does not pass
    companies: frozenset[str] = frozenset()  # normalized names, aliases or keys, any language
    countries: frozenset[str] = frozenset()  # ISO 3166 alpha-2, upper case
    segments: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()  # of the articles reporting the event: zh, en
    on: frozenset[str] = frozenset(REASON_KINDS)  # which changes alert: new, status, amount


@dataclass(frozen=True)
class AlertRule:
    name: str
    filters: Filters
    channels: tuple[str, ...]


@dataclass(frozen=True)
class AlertConfig:
    rules: tuple[AlertRule, ...] = ()
    channels: Mapping[str, ChannelSpec] = field(default_factory=dict)
    timezone: str = "Asia/Shanghai"  # a digest's day is a day here

    def rule(self, name: str) -> AlertRule:
        for rule in self.rules:
            if rule.name == name:
                return rule
        known = ", ".join(r.name for r in self.rules) or "none"
        raise ConfigError(f"no alert rule {name!r}; known: {known}", field="alert")

    def channel(self, name: str) -> ChannelSpec:
        try:
            return self.channels[name]
        except KeyError:
            raise ConfigError(f"no channel {name!r}", field="channel") from None


def normalize_name(name: str) -> str:
    """How company names are compared: NFKC (full-width letters), case-folded, spaces squeezed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def load_alert_config(settings: Settings, env: Mapping[str, str] | None = None) -> AlertConfig:
    """Rules and channels from the user config file and the file it names."""
    env = os.environ if env is None else env
    tables: list[tuple[Path, dict[str, Any]]] = []
    base = settings.config_path.parent if settings.config_path else Path.cwd()
    named: str | None = env.get("CHIPNEWS_ALERTS__FILE")
    if settings.config_path is not None:
        raw = _read(settings.config_path)
        tables.append((settings.config_path, raw))
        section = raw.get("alerts", {})
        if not isinstance(section, dict):
            raise ConfigError("[alerts] must be a table", field="alerts")
        named = named or section.get("file")
    if named:
        path = Path(str(named)).expanduser()
        path = path if path.is_absolute() else base / path
        if not path.exists():
            raise ConfigError(f"alerts file not found: {path}", field="alerts.file")
        tables.append((path, _read(path)))
    return parse_alert_config(tables, env, timezone=settings.timezone)


def parse_alert_config(
    tables: list[tuple[Path, dict[str, Any]]],
    env: Mapping[str, str],
    *,
    timezone: str = "Asia/Shanghai",
) -> AlertConfig:
    """Build the typed config from already-read TOML tables (``[[alert]]``, ``[[channel]]``)."""
    channels: dict[str, ChannelSpec] = {}
    rules: list[AlertRule] = []
    for path, raw in tables:
        for item in _array(raw, "channel", path):
            spec = _channel(_expand(item, env, f"channel {item.get('name', '?')}"), path)
            if spec.name in channels:
                raise ConfigError(f"channel {spec.name!r} defined twice", source=str(path))
            channels[spec.name] = spec
        for item in _array(raw, "alert", path):
            rules.append(_rule(item, path))
    seen: set[str] = set()
    for rule in rules:
        if rule.name in seen:
            raise ConfigError(f"alert rule {rule.name!r} defined twice", field="alert")
        seen.add(rule.name)
        for name in rule.channels:
            if name not in channels:
                raise ConfigError(
                    f"alert {rule.name!r} names channel {name!r}, which no [[channel]] defines",
                    field="alert.channels",
                )
    return AlertConfig(rules=tuple(rules), channels=channels, timezone=timezone)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(exc), source=str(path)) from exc


def _array(raw: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    items = raw.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ConfigError(f"{key} must be written as [[{key}]] tables", source=str(path))
    return items


def _expand(value: Any, env: Mapping[str, str], where: str) -> Any:
    """Replace ``${NAME}`` in every string with the environment variable NAME."""
    if isinstance(value, str):

        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in env:
                raise ConfigError(f"environment variable {name} is not set", source=where)
            return env[name]

        return ENV_REF.sub(sub, value)
    if isinstance(value, dict):
        return {k: _expand(v, env, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, env, where) for v in value]
    return value


_CHANNEL_KEYS = {"name", "kind", "url", "headers", "path", "digest", "timeout_s"}
_RULE_KEYS = {
    "name",
    "types",
    "min_usd",
    "companies",
    "watchlist",
    "countries",
    "segments",
    "statuses",
    "languages",
    "on",
    "channels",
}


def _channel(item: dict[str, Any], path: Path) -> ChannelSpec:
    name = _name(item, "channel", path)
    _unknown(item, _CHANNEL_KEYS, f"channel {name}")
    try:
        kind = ChannelKind(item.get("kind", ""))
    except ValueError:
        kinds = ", ".join(k.value for k in ChannelKind)
        raise ConfigError(f"kind must be one of {kinds}", source=f"channel {name}") from None
    url = item.get("url")
    if kind in (ChannelKind.APPRISE, ChannelKind.WEBHOOK) and not url:
        raise ConfigError(f"a {kind} channel needs a url", source=f"channel {name}")
    if kind is ChannelKind.WEBHOOK and not str(url).startswith(("http://", "https://")):
        raise ConfigError("a webhook url must be http(s)", source=f"channel {name}")
    headers = item.get("headers", {})
    if not isinstance(headers, dict):
        raise ConfigError("headers must be a table", source=f"channel {name}")
    file = None
    if kind is ChannelKind.JSONL:
        if not item.get("path"):
            raise ConfigError("a jsonl channel needs a path", source=f"channel {name}")
        file = Path(str(item["path"])).expanduser()
        file = file if file.is_absolute() else path.parent / file
    return ChannelSpec(
        name=name,
        kind=kind,
        url=str(url) if url else None,
        headers={str(k): str(v) for k, v in headers.items()},
        path=file,
        digest=_bool(item.get("digest", False), f"channel {name}.digest"),
        timeout_s=float(item.get("timeout_s", 10.0)),
    )


def _rule(item: dict[str, Any], path: Path) -> AlertRule:
    name = _name(item, "alert", path)
    where = f"alert {name}"
    _unknown(item, _RULE_KEYS, where)
    channels = tuple(_strings(item.get("channels", []), f"{where}.channels"))
    if not channels:
        raise ConfigError("a rule needs at least one channel", source=where)
    companies = _strings(item.get("companies", []), f"{where}.companies")
    if item.get("watchlist"):
        companies += _watchlist(path, str(item["watchlist"]), where)
    types = _strings(item.get("types", []), f"{where}.types")
    _choices(types, {t.value for t in EventType}, f"{where}.types")
    statuses = _strings(item.get("statuses", []), f"{where}.statuses")
    _choices(statuses, {s.value for s in Status}, f"{where}.statuses")
    on = _strings(item.get("on", list(REASON_KINDS)), f"{where}.on")
    _choices(on, set(REASON_KINDS), f"{where}.on")
    return AlertRule(
        name=name,
        channels=channels,
        filters=Filters(
            types=frozenset(types),
            min_usd=_decimal(item.get("min_usd"), f"{where}.min_usd"),
            companies=frozenset(normalize_name(c) for c in companies if c.strip()),
            countries=frozenset(c.upper() for c in _strings(item.get("countries", []), where)),
            segments=frozenset(s.lower() for s in _strings(item.get("segments", []), where)),
            statuses=frozenset(statuses),
            languages=frozenset(
                _lang(x) for x in _strings(item.get("languages", []), f"{where}.languages")
            ),
            on=frozenset(on),
        ),
    )


def _lang(code: str) -> str:
    """'zh-CN' and 'zh_cn' both mean zh: rules filter on the language, not the region."""
    return code.replace("_", "-").split("-")[0].lower()


def _watchlist(config_path: Path, name: str, where: str) -> list[str]:
    """One company name per line; blank lines and # comments skipped."""
    path = Path(name).expanduser()
    path = path if path.is_absolute() else config_path.parent / path
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"watchlist unreadable: {exc}", source=where) from exc
    return [line.split("#", 1)[0].strip() for line in lines if line.split("#", 1)[0].strip()]


def _name(item: dict[str, Any], table: str, path: Path) -> str:
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"every [[{table}]] needs a name", source=str(path))
    if len(name) > 100:  # the alerts table keeps rule and channel in 100 characters
        raise ConfigError("names are at most 100 characters", source=f"{table} {name[:20]}…")
    return name.strip()


def _unknown(item: dict[str, Any], known: set[str], where: str) -> None:
    extra = sorted(set(item) - known)
    if extra:
        raise ConfigError(f"unknown keys {extra}; known: {sorted(known)}", source=where)


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError("must be a string or a list of strings", source=where)
    return list(value)


def _choices(values: list[str], allowed: set[str], where: str) -> None:
    bad = sorted(set(values) - allowed)
    if bad:
        raise ConfigError(f"{bad} not among {sorted(allowed)}", source=where)


def _decimal(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value).replace(",", "").replace("_", ""))
    except InvalidOperation:
        raise ConfigError(f"{value!r} is not a number", source=where) from None
    if number < 0:
        raise ConfigError("must not be negative", source=where)
    return number


def _bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    raise ConfigError("must be true or false", source=where)
