"""The source list: sources.toml read into validated records."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pipeline.errors import ConfigError

KINDS = ("rss", "atom", "html")


@dataclass(frozen=True)
class SourceSpec:
    """One `[[source]]` of sources.toml."""

    name: str
    kind: str
    url: str  # http(s) URL, or an absolute file path for local sources
    language: str | None = None
    title: str | None = None
    interval_minutes: int = 180
    enabled: bool = True
    local: bool = False  # may be fetched from files and private addresses
    full_text: bool = False  # feed entries carry summaries: fetch each article page too
    selectors: dict[str, str] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("selectors")
        out.pop("full_text")
        return out


def load_sources(path: Path) -> list[SourceSpec]:
    """Read and check a sources file; relative local URLs resolve against its folder."""
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"sources file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    specs = [_spec(entry, path.parent) for entry in raw.get("source", [])]
    names = [s.name for s in specs]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"{path}: duplicate source names {dupes}")
    return specs


def _spec(entry: dict[str, Any], base: Path) -> SourceSpec:
    name = entry.get("name")
    if not name:
        raise ConfigError(f"a source without a name: {entry}")
    kind = entry.get("kind", "rss")
    if kind not in KINDS:
        raise ConfigError(f"source {name}: kind {kind!r} is not one of {KINDS}")
    url = str(entry.get("url", ""))
    local = bool(entry.get("local", False))
    scheme = urlparse(url).scheme
    if scheme not in ("http", "https"):
        if not local:
            raise ConfigError(f"source {name}: url {url!r} is not http(s) and not marked local")
        path = Path(url.removeprefix("file://")).expanduser()
        url = str(path if path.is_absolute() else (base / path).resolve())
    return SourceSpec(
        name=name,
        kind=kind,
        url=url,
        language=entry.get("language"),
        title=entry.get("title"),
        interval_minutes=int(entry.get("interval_minutes", 180)),
        enabled=bool(entry.get("enabled", True)),
        local=local,
        full_text=bool(entry.get("full_text", False)),
        selectors=dict(entry.get("selectors", {})),
    )
