"""robots.txt rules, read with the standard library and cached per host by the Fetcher.

RFC 9309 decides what a missing or failing robots.txt means: 4xx (not found,
gone, forbidden) allows everything; 5xx or no answer is not a permission, so
the page is not fetched this time and the failure is recorded as such.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 lets a crawler stop at 500 KiB
ROBOTS_TTL_S = 24 * 3600.0  # RFC 9309: a cached robots.txt should not be used for over a day
AGENT_TOKEN = "chipnews"  # matched against User-agent lines, case-insensitively


@dataclass
class RobotsRules:
    """The rules of one host, or allow-all when it has none."""

    parser: RobotFileParser | None
    fetched_at: float

    def allows(self, url: str, agent: str = AGENT_TOKEN) -> bool:
        return True if self.parser is None else self.parser.can_fetch(agent, url)

    def crawl_delay(self, agent: str = AGENT_TOKEN) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None

    def fresh(self, ttl_s: float = ROBOTS_TTL_S) -> bool:
        return time.monotonic() - self.fetched_at < ttl_s


def robots_url(url: str) -> str:
    """The robots.txt for ``url``'s scheme, host and port."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def parse_robots(content: bytes) -> RobotsRules:
    """Rules from robots.txt bytes; undecodable bytes are replaced, never fatal."""
    parser = RobotFileParser()
    parser.parse(content.decode("utf-8", errors="replace").splitlines())
    return RobotsRules(parser, time.monotonic())


def allow_all() -> RobotsRules:
    return RobotsRules(None, time.monotonic())
