"""parse_feed (and html_to_text) on feed files served by a real local HTTP server."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.feeds import FeedBatch, parse_feed
from pipeline.fetch import Fetcher, FetchLimits
from pipeline.htmltext import html_to_text
from tests.httpserver import LocalServer, Route

FEEDS = Path(__file__).parent / "data" / "feeds"
FETCHED_AT = datetime(2024, 5, 5, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchLimits(timeout_s=2.0, total_timeout_s=5.0)) as f:
        yield f


def serve_and_parse(
    server: LocalServer,
    fetcher: Fetcher,
    name: str,
    content_type: str | None,
    default_language: str | None = None,
) -> FeedBatch:
    """Serve tests/data/feeds/<name> over HTTP, fetch it and parse what came back."""
    headers = {"Content-Type": content_type} if content_type else {}
    url = server.add(f"/feeds/{name}", Route(body=(FEEDS / name).read_bytes(), headers=headers))
    result = fetcher.fetch(url)
    return parse_feed(
        result.content,
        base_url=result.url,
        fetched_at=FETCHED_AT,
        default_language=default_language,
        content_type=result.content_type,
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


# (file, served content type, feed title, expected articles as
#  (url, guid, title, published, published_missing, language, text, summary_only))
FEED_CASES = [
    (
        "rss20.xml",
        "application/rss+xml; charset=utf-8",
        "芯闻快讯",
        [
            (
                "https://news.example.cn/article/1001.html?id=1001",
                "news-1001",
                "中芯国际完成新一轮融资 & 扩产",
                utc(2024, 5, 1, 4, 0),
                False,
                "zh-CN",
                "中芯国际今日宣布完成50亿元融资。\n资金将用于扩产。",
                False,
            ),
            (
                "{base}/article/1002.html",  # relative link resolved against the feed URL
                None,
                "Nexperia to build new fab",
                utc(2024, 5, 2, 8, 30),  # "2024/05/02 08:30:00": feedparser alone says November
                False,
                "zh-CN",
                "Only a summary\nin two lines.",
                True,
            ),
            (
                "https://news.example.cn/article/1003.html?p=7",
                None,
                "没有日期的文章",
                FETCHED_AT,
                True,
                "zh-CN",
                "正文",
                True,
            ),
            ("", "tag:example.cn,2024:1005", "Only a guid", utc(2024, 5, 3, 1, 2, 3), False,
             "zh-CN", "kept by guid", True),
        ],
    ),
    (
        "atom.xml",
        "application/atom+xml",
        "Chip Wire",
        [
            (
                "https://chipwire.example.com/2024/05/asml-ships",
                "urn:chipwire:2024-0501",
                "ASML ships EUV tool",
                utc(2024, 5, 1, 13, 30),  # published wins over updated; -04:00 to UTC
                False,
                "en-US",
                "ASML shipped its first tool.\nOrders & revenue rose.",
                False,
            ),
            (
                "https://chipwire.example.com/2024/05/tsmc",
                "urn:chipwire:2024-0502",
                "台積電擴產",
                utc(2024, 5, 2, 0, 0),
                False,
                "zh-TW",  # the entry's xml:lang beats the feed's
                "台積電宣布擴產。",
                True,
            ),
        ],
    ),
    (
        "rss10.xml",
        "application/rdf+xml",
        "Semi RDF",
        [
            (
                "https://semi.example.org/news/42",
                "https://semi.example.org/news/42",
                "Micron wins order",
                utc(2024, 4, 30, 23, 15),
                False,
                "en",
                "Micron won a $1.2 billion order.",
                True,
            ),
        ],
    ),
    (
        "rss20_gbk.xml",
        "text/xml",  # no charset: the XML declaration (gbk) must decide
        "半导体行业观察",
        [
            (
                "http://www.example.com.cn/news/2024/0501/88.shtml?aid=88",
                "http://www.example.com.cn/news/2024/0501/88.shtml",
                "长江存储获得国家大基金投资",
                utc(2024, 5, 1, 12, 0),
                False,
                None,
                "长江存储宣布获得投资，金额约为人民币100亿元。",
                True,
            ),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content_type", "feed_title", "expected"),
    FEED_CASES,
    ids=[case[0] for case in FEED_CASES],
)
def test_feed_over_http(server, fetcher, name, content_type, feed_title, expected) -> None:
    batch = serve_and_parse(server, fetcher, name, content_type)
    base = server.base_url
    got = [
        (a.url, a.guid, a.title, a.published, a.published_missing, a.language, a.text,
         a.summary_only)
        for a in batch.articles
    ]  # fmt: skip
    want = [(row[0].format(base=base), *row[1:]) for row in expected]
    assert got == want
    assert batch.feed_title == feed_title
    assert not batch.bozo
    assert all(a.published.tzinfo is UTC for a in batch.articles)


def test_rss20_reports_the_dropped_entry(server, fetcher) -> None:
    batch = serve_and_parse(server, fetcher, "rss20.xml", "application/rss+xml")
    assert batch.problems == ["entry 4 (Neither link nor guid): no link and no guid; dropped"]


def test_gbk_bytes_really_are_gbk() -> None:
    raw = (FEEDS / "rss20_gbk.xml").read_bytes()
    assert "长江存储".encode("gbk") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


@pytest.mark.parametrize(
    "content_type",
    ["application/rss+xml; charset=gbk", "text/xml; charset=GB2312", None],
)
def test_gbk_feed_with_http_charset(server, fetcher, content_type) -> None:
    batch = serve_and_parse(server, fetcher, "rss20_gbk.xml", content_type, "zh")
    assert [a.title for a in batch.articles] == ["长江存储获得国家大基金投资"]
    assert batch.articles[0].language == "zh"  # default language when the feed has none


def test_gbk_feed_declaring_nothing_is_read_as_gb18030() -> None:
    raw = (FEEDS / "rss20_gbk.xml").read_bytes().replace(b' encoding="gbk"', b"")
    batch = parse_feed(raw, base_url="http://x.cn/", fetched_at=FETCHED_AT, default_language=None)
    assert [a.title for a in batch.articles] == ["长江存储获得国家大基金投资"]
    assert batch.problems == ["no charset declared; decoded as GB18030"]


def test_malformed_feed_keeps_entries_and_records_the_problem(server, fetcher) -> None:
    batch = serve_and_parse(server, fetcher, "malformed.xml", "application/rss+xml")
    assert batch.bozo
    assert [a.url for a in batch.articles] == [
        "https://broken.example.com/a/1",
        "https://broken.example.com/a/2",
    ]
    assert [a.published_missing for a in batch.articles] == [False, True]
    assert len(batch.problems) == 1
    assert batch.problems[0].startswith("feed not well-formed, entries kept:")


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("html page", (FEEDS / "not_a_feed.html").read_bytes()),
        ("empty", b""),
        ("blank", b"  \n "),
        ("json", b'{"items": [{"title": "x"}]}'),
        ("truncated xml", b'<?xml version="1.0"?><rss version="2.0"><chan'),
        ("binary", bytes(range(256))),
    ],
)
def test_unreadable_input_is_a_problem_not_an_exception(name, body) -> None:
    batch = parse_feed(
        body, base_url="https://x.com/", fetched_at=FETCHED_AT, default_language=None
    )
    assert batch.articles == []
    assert len(batch.problems) == 1
    assert batch.problems[0].startswith(("not a feed", "empty document"))


def test_billion_laughs_is_cheap_and_reported(server, fetcher) -> None:
    started = time.monotonic()
    batch = serve_and_parse(server, fetcher, "billion_laughs.xml", "application/rss+xml")
    assert time.monotonic() - started < 2
    assert batch.bozo
    assert any("declares XML entities" in p for p in batch.problems)
    assert all(len(a.text) < 1000 and len(a.title) < 1000 for a in batch.articles)
    assert len(batch.feed_title or "") < 1000


def test_external_entity_is_not_loaded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<rss version="2.0"><channel><title>t</title><item><title>a&xxe;</title>'
        "<link>https://x.com/1</link><description>&xxe;</description></item></channel></rss>"
    ).encode()
    batch = parse_feed(
        body, base_url="https://x.com/", fetched_at=FETCHED_AT, default_language=None
    )
    assert "TOP-SECRET" not in repr(batch)
    assert any("declares XML entities" in p for p in batch.problems)


def _rss_item(pub_date: str) -> bytes:
    return (
        '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        f"<link>https://x.com/1</link><pubDate>{pub_date}</pubDate></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("raw", "published", "missing"),
    [
        ("Wed, 01 May 2024 12:00:00 +0800", utc(2024, 5, 1, 4, 0), False),
        ("Wed, 01 May 2024 12:00:00 GMT", utc(2024, 5, 1, 12, 0), False),
        ("2024-05-01T12:00:00+08:00", utc(2024, 5, 1, 4, 0), False),
        ("2024-05-01 12:00:00", utc(2024, 5, 1, 12, 0), False),
        ("2024/05/01 12:00", utc(2024, 5, 1, 12, 0), False),
        ("2024年5月1日 09:30", utc(2024, 5, 1, 9, 30), False),
        ("2024年05月01日", utc(2024, 5, 1), False),
        ("2024-13-45", FETCHED_AT, True),
        ("not a date", FETCHED_AT, True),
        ("", FETCHED_AT, True),
        ("Sat, 01 May 2032 12:00:00 GMT", FETCHED_AT, True),  # far future: a publisher's typo
    ],
)
def test_dates(raw: str, published: datetime, missing: bool) -> None:
    batch = parse_feed(
        _rss_item(raw), base_url="https://x.com/", fetched_at=FETCHED_AT, default_language=None
    )
    [article] = batch.articles
    assert (article.published, article.published_missing) == (published, missing)
    assert article.published.utcoffset() == timedelta(0)


def test_fetched_at_in_another_zone_is_converted_to_utc() -> None:
    shanghai = timezone(timedelta(hours=8))
    batch = parse_feed(
        _rss_item(""),
        base_url="https://x.com/",
        fetched_at=datetime(2024, 5, 5, 14, 0, tzinfo=shanghai),
        default_language=None,
    )
    assert batch.articles[0].published == FETCHED_AT
    assert batch.articles[0].published.tzinfo is UTC


def test_naive_fetched_at_is_our_bug() -> None:
    with pytest.raises(ValueError):
        parse_feed(b"<rss/>", base_url="", fetched_at=datetime(2024, 5, 5), default_language=None)


@pytest.mark.parametrize(
    ("feed_language", "default", "expected"),
    [("zh-cn", "en", "zh-CN"), ("EN_us", None, "en-US"), ("", "zh", "zh"), ("", None, None),
     ("zh-hant-tw", None, "zh-Hant-TW"), ("12", "en", "en")],
)  # fmt: skip
def test_language(feed_language: str, default: str | None, expected: str | None) -> None:
    lang = f"<language>{feed_language}</language>" if feed_language else ""
    body = _rss_item("").replace(b"<title>t</title>", f"<title>t</title>{lang}".encode())
    batch = parse_feed(
        body, base_url="https://x.com/", fetched_at=FETCHED_AT, default_language=default
    )
    assert batch.articles[0].language == expected


def test_longest_content_wins_over_summary() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>x</title><link href="https://x.com/1"/><id>1</id>
    <summary>short</summary>
    <content type="html">&lt;p&gt;long body one&lt;/p&gt;&lt;p&gt;two&lt;/p&gt;</content>
    </entry></feed>"""
    batch = parse_feed(
        body, base_url="https://x.com/", fetched_at=FETCHED_AT, default_language=None
    )
    [article] = batch.articles
    assert (article.text, article.summary_only) == ("long body one\ntwo", False)


def test_non_http_links_are_not_urls() -> None:
    body = _rss_item("").replace(b"https://x.com/1", b"javascript:alert(1)")
    batch = parse_feed(
        body, base_url="https://x.com/", fetched_at=FETCHED_AT, default_language=None
    )
    assert batch.articles == []
    assert "no link and no guid" in batch.problems[0]


_FEED_PARTS = st.sampled_from(
    [b"<rss version='2.0'>", b"<channel>", b"<item>", b"<title>", b"</title>", b"<link>",
     b"https://x.com/a", b"</link>", b"<pubDate>", b"2024-05-01", b"</item>", b"</channel>",
     b"</rss>", b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<entry>", b"</entry>",
     b"<!DOCTYPE rss [<!ENTITY a 'b'>]>", b"&a;", b"&amp;", b"<![CDATA[", b"]]>", b"\xff\xfe",
     b"\xe4\xb8\xad", "芯片".encode("gbk"), b"<?xml version='1.0' encoding='gbk'?>", b"<"]
)  # fmt: skip


@settings(
    max_examples=int(os.environ.get("CHIPNEWS_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.one_of(st.binary(max_size=3000), st.lists(_FEED_PARTS | st.binary(max_size=8)).map(b"".join))
)
def test_parse_feed_never_raises(content: bytes) -> None:
    batch = parse_feed(
        content, base_url="https://x.com/f", fetched_at=FETCHED_AT, default_language="en"
    )
    assert isinstance(batch, FeedBatch)
    for article in batch.articles:
        assert article.published.tzinfo is UTC
        assert article.url == "" or article.url.startswith(("http://", "https://"))


# -- html_to_text (lives here until htmltext gets its own test module) -------------

HTML_CASES = [
    ("plain text stays", "plain text stays"),
    ("两行\n纯文本", "两行\n纯文本"),
    ("<p>One</p><p>Two</p>", "One\nTwo"),
    ("<div>a<span>b</span> c</div>", "ab c"),
    ("line<br>break<br/>again", "line\nbreak\nagain"),
    ("<ul><li>x</li><li>y</li></ul>", "x\ny"),
    ("<p>A &amp; B &lt; C &#20013;</p>", "A & B < C 中"),
    ("AT&amp;T plain", "AT&T plain"),
    ("<p>keep</p><script>var x = 1;</script><style>p{}</style>", "keep"),
    ("<nav>menu</nav><p>body</p><footer>foot</footer><form>f</form>", "body"),
    ("<noscript>enable js</noscript><iframe>x</iframe>text", "text"),
    ("<p>  lots   of\n\t space </p>", "lots of space"),
    ("<!-- a comment --><p>seen</p>", "seen"),
    ('<?xml version="1.0"?><root><x>xml-ish</x></root>', "xml-ish"),
    ("https://example.com/a.html", "https://example.com/a.html"),
    ("report.html", "report.html"),
    ("A < B and C > D", "A < B and C > D"),
    ("", ""),
    ("<h1>Title</h1>Body text", "Title\nBody text"),
]


@pytest.mark.parametrize(("html", "expected"), HTML_CASES)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_latin_feed_declaring_nothing_is_not_taken_for_chinese() -> None:
    raw = (
        '<rss version="2.0"><channel><title>t</title><item><title>Café “quotes”</title>'
        "<link>https://x.com/1</link></item></channel></rss>"
    ).encode("cp1252")
    batch = parse_feed(raw, base_url="https://x.com/", fetched_at=FETCHED_AT, default_language=None)
    assert [a.title for a in batch.articles] == ["Café “quotes”"]
    assert not batch.bozo
    assert batch.problems[0].startswith("no usable charset declared; decoded as")
