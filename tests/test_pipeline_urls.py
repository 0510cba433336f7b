"""canonical_url: one row per rule, every bug found becomes another row."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.urls import canonical_url

CASES = [
    # scheme and host are lowercased, the path keeps its case
    ("HTTPS://News.Example.COM/Article/ABC", "https://news.example.com/Article/ABC"),
    ("Http://example.com/a", "http://example.com/a"),
    # default ports go, others stay
    ("http://example.com:80/a", "http://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("http://example.com:443/a", "http://example.com:443/a"),
    # fragment dropped, empty path becomes "/"
    ("https://example.com/a#comments", "https://example.com/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com#top", "https://example.com/"),
    # tracking parameters dropped, a now-empty query leaves no "?"
    ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
    ("https://example.com/a?UTM_Campaign=x", "https://example.com/a"),
    ("https://example.com/a?", "https://example.com/a"),
    ("https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4", "https://example.com/a"),
    ("https://example.com/a?spm=a2c4.b&from=timeline&isappinstalled=0", "https://example.com/a"),
    ("https://example.com/a?ref=home&source=rss", "https://example.com/a"),
    # identifying parameters kept, and sorted
    ("https://example.com/view.php?p=42&utm_source=x", "https://example.com/view.php?p=42"),
    ("https://example.com/show?id=9&aid=3", "https://example.com/show?aid=3&id=9"),
    ("https://example.com/a?source=12", "https://example.com/a?source=12"),
    ("https://example.com/a?b=2&a=1&c=3", "https://example.com/a?a=1&b=2&c=3"),
    (
        "https://mp.weixin.qq.com/s?__biz=MzA&mid=22&idx=1&sn=ab&scene=21&sharer_sharetime=1",
        "https://mp.weixin.qq.com/s?__biz=MzA&idx=1&mid=22&sn=ab",
    ),
    # pieces keep their original encoding
    ("https://example.com/s?q=chip%20news&x=a+b", "https://example.com/s?q=chip%20news&x=a+b"),
    # trailing slash and trailing host dot
    ("https://example.com/a/", "https://example.com/a/"),
    ("https://Example.com./a", "https://example.com/a"),
    # IPv6 literal with default port
    ("http://[::1]:80/feed", "http://[::1]/feed"),
    ("http://[::1]:8080/feed", "http://[::1]:8080/feed"),
    # surrounding whitespace
    ("  https://example.com/a  ", "https://example.com/a"),
    # file paths, file: URLs and other schemes are left alone
    ("/srv/feeds/Chips.xml", "/srv/feeds/Chips.xml"),
    ("file:///srv/feeds/Chips.xml#x", "file:///srv/feeds/Chips.xml#x"),
    ("feeds/local.xml", "feeds/local.xml"),
    ("mailto:Editor@Example.com", "mailto:Editor@Example.com"),
    # garbage comes back stripped, not raised
    ("http://[broken/a", "http://[broken/a"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_canonical_url(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_canonical_url_is_idempotent(raw: str, expected: str) -> None:
    assert canonical_url(expected) == expected


_piece = st.one_of(
    st.text(alphabet="abdimpstuz_=%20", min_size=1, max_size=12),
    st.builds("utm_{}={}".format, st.text(alphabet="abc", max_size=3), st.text("xyz", max_size=3)),
)


@given(
    host=st.sampled_from(["Example.com", "news.example.cn", "EXAMPLE.org:8080"]),
    path=st.text(alphabet="abcXYZ/-_.", max_size=20),
    pieces=st.lists(_piece, max_size=5),
    fragment=st.text(alphabet="abc", max_size=5),
)
def test_canonical_url_is_stable(host: str, path: str, pieces: list[str], fragment: str) -> None:
    url = f"https://{host}/{path}?{'&'.join(pieces)}#{fragment}"
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "#" not in once
    query = once.partition("?")[2]
    assert not any(piece.startswith("utm_") for piece in query.split("&"))
