"""Canonical article URLs, so one story reached by two links is stored once.

The canonical form is a dedup key, so it must be stable: applying
``canonical_url`` twice gives the same string. Query pieces are kept exactly as
written (only reordered or dropped) so the URL still fetches the same page.
"""

from __future__ import annotations

from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": "80", "https": "443"}

# Parameters that say how a reader arrived, never which article it is.
# Identifying parameters (id, p, aid, articleId, __biz/mid/idx/sn on WeChat, ...)
# are not listed and therefore kept.
_TRACKING_PARAMS = frozenset(
    {
        "spm",  # Alibaba-family sites
        "scm",
        "from",  # WeChat and Chinese portals: from=timeline, from=singlemessage
        "isappinstalled",
        "scene",  # WeChat share context
        "srcid",
        "clicktime",
        "enterid",
        "pass_ticket",
        "exportkey",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "_ga",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "cmpid",
        "ncid",
        "ocid",
    }
)
_TRACKING_PREFIXES = ("utm_", "sharer_")

# ``source`` is tracking only with these values; source=12 may pick an article.
_TRACKING_SOURCE_VALUES = frozenset({"rss", "feed", "feedly", "atom", "newsletter", "twitter"})


def _is_tracking(piece: str) -> bool:
    """True for a raw ``key=value`` query piece that only tracks the reader."""
    raw_key, _, raw_value = piece.partition("=")
    key = unquote_plus(raw_key).strip().lower()
    if key in _TRACKING_PARAMS or key.startswith(_TRACKING_PREFIXES):
        return True
    return key == "source" and unquote_plus(raw_value).strip().lower() in _TRACKING_SOURCE_VALUES


def _canonical_netloc(netloc: str, scheme: str) -> str:
    """Lowercase the host, drop a trailing dot and the scheme's default port."""
    userinfo, at, hostport = netloc.rpartition("@")
    if hostport.startswith("["):  # IPv6 literal: [::1]:8080
        end = hostport.find("]") + 1 or len(hostport)
        host, port = hostport[:end], hostport[end + 1 :]
    else:
        host, _, port = hostport.partition(":")
    host = host.lower().rstrip(".")
    if port == _DEFAULT_PORTS.get(scheme) or port == "":
        return f"{userinfo}{at}{host}"
    return f"{userinfo}{at}{host}:{port}"


def canonical_url(url: str) -> str:
    """Return the canonical form of an http(s) URL; anything else comes back stripped.

    Lowercases scheme and host, drops the default port, the fragment and
    tracking parameters (utm_*, spm, from, fbclid, ...), sorts the remaining
    query pieces and gives an empty path as "/". Paths keep their case and
    trailing slash. Local paths, ``file:`` and other schemes are left alone.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return text
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        return text
    netloc = _canonical_netloc(parts.netloc, scheme)
    pieces = [p for p in parts.query.split("&") if p and not _is_tracking(p)]
    query = "&".join(sorted(pieces))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def absolute_http_url(link: object, base_url: str) -> str | None:
    """``link`` (as found in a feed or page) resolved against ``base_url``, canonical,
    or None when it is not an http(s) URL."""
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base_url, link.strip())
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return canonical_url(absolute)
