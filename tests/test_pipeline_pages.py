"""HTML sources: listing links, article text and dates, pages fetched over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from pipeline.errors import FailureKind, FetchError
from pipeline.fetch import Fetcher, FetchLimits
from pipeline.fulltext import PageOptions, fetch_page
from pipeline.pages import listing_links, parse_article_page, parse_page_date
from tests.httpserver import LocalServer, Route

NOW = datetime(2025, 12, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "language", "expected"),
    [
        ("2025年12月17日 14:05", "zh", datetime(2025, 12, 17, 6, 5, tzinfo=UTC)),
        ("发布时间：2025-12-17 14:05:33", "zh-CN", datetime(2025, 12, 17, 6, 5, 33, tzinfo=UTC)),
        ("2025/12/17", "zh", datetime(2025, 12, 16, 16, 0, tzinfo=UTC)),
        ("2025年12月17日 下午2:05", "zh", datetime(2025, 12, 17, 6, 5, tzinfo=UTC)),
        ("北京时间2025年12月17日 14:05", "en", datetime(2025, 12, 17, 6, 5, tzinfo=UTC)),
        ("2025-12-17 14:05 (UTC+8)", "en", datetime(2025, 12, 17, 6, 5, tzinfo=UTC)),
        ("2025-12-17 14:05 GMT+0800", None, datetime(2025, 12, 17, 6, 5, tzinfo=UTC)),
        ("2025-12-17T14:05:00+08:00", "en", datetime(2025, 12, 17, 6, 5, tzinfo=UTC)),
        ("2025-12-17T06:05:00Z", "zh", datetime(2025, 12, 17, 6, 5, tzinfo=UTC)),
        ("Posted 2025-12-17 14:05", "en", datetime(2025, 12, 17, 14, 5, tzinfo=UTC)),
        ("2025-13-45 10:00", "zh", None),
        ("no date here", "zh", None),
    ],
)
def test_parse_page_date(raw: str, language: str | None, expected: datetime | None) -> None:
    assert parse_page_date(raw, language=language) == expected


def test_listing_links_are_absolute_canonical_and_unique() -> None:
    html = """<div class="list"><a href="/a/1?utm_source=x">1</a><a href="/a/1">again</a>
    <a href="javascript:alert(1)">js</a><li class="item"><a href="https://o.test/b">b</a></li>
    <a href="mailto:x@y.z">mail</a></div>"""
    links, problems = listing_links(html, "https://news.test/list", "div.list a, li.item")
    assert links == ["https://news.test/a/1", "https://o.test/b"]
    assert problems == []
    assert listing_links(html, "https://news.test/", "p.none")[0] == []
    assert "failed" in listing_links(html, "https://news.test/", "a[")[1][0]


ARTICLE = """<html lang="zh-CN"><head><title>站点 - 标题</title>
<meta property="article:published_time" content="2025-12-17T14:05:00+08:00">
<script>document.write("evil")</script></head><body><nav>首页 | 新闻</nav>
<div class="content"><h1 class="t">清微智能获得超20亿元融资</h1>
<p>北京AI芯片企业清微智能今日宣布完成超20亿元C轮融资。</p>
<p>公司表示，资金将用于可重构计算芯片的研发和量产。</p></div>
<footer>版权所有 2025</footer></body></html>"""


@pytest.mark.parametrize(
    "selectors",
    [{}, {"title": "h1.t", "body": "div.content p", "date": "span.none"}],
    ids=["extractor", "selectors"],
)
def test_article_page(selectors: dict[str, str]) -> None:
    page = parse_article_page(
        ARTICLE, "https://x.test/a", selectors=selectors, fetched_at=NOW, default_language="en"
    )
    article = page.article
    assert article is not None
    assert article.title == "清微智能获得超20亿元融资"
    assert "超20亿元C轮融资" in article.text and "可重构计算芯片" in article.text
    assert "evil" not in article.text and "<" not in article.text
    assert article.published == datetime(2025, 12, 17, 6, 5, tzinfo=UTC)
    assert article.language == "zh-CN"
    if selectors:
        assert article.text.splitlines()[0].startswith("北京AI芯片企业")
        assert any("date selector" in p for p in page.problems)


def test_page_without_article_text_is_a_problem() -> None:
    page = parse_article_page(
        "<html><body><a href=/>home</a></body></html>",
        "https://x.test/",
        selectors={},
        fetched_at=NOW,
        default_language=None,
    )
    assert page.article is None and "no article text" in page.problems[-1]


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


@pytest.mark.parametrize(
    ("codec", "header"),
    [("gbk", "gbk"), ("gb18030", None), ("big5", "big5"), ("big5", "utf-8"), ("gbk", "utf-8")],
)
def test_pages_in_chinese_charsets_round_trip(server, codec: str, header: str | None) -> None:
    title = "台積電獲得新訂單" if codec == "big5" else "长江存储获得新一轮融资"
    body = (
        "半導體設備訂單增加，公司宣布擴產計畫。"
        if codec == "big5"
        else "半导体设备订单增加，公司宣布扩产计划。"
    )
    html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{body}</p>"
    content_type = f"text/html; charset={header}" if header else "text/html"
    url = server.add("/p", Route(body=html.encode(codec), headers={"Content-Type": content_type}))
    options = PageOptions(local=True, selectors={}, fetched_at=NOW, language="zh")
    with Fetcher(FetchLimits(timeout_s=2)) as fetcher:
        page = fetch_page(fetcher, url, options)
    assert page.article is not None
    assert page.article.title == title and body in page.article.text
    assert (header == "utf-8") == any("do not decode" in p for p in page.problems)


def test_page_fetch_refuses_private_addresses_unless_local(server) -> None:
    url = server.add("/p", Route(body=b"<p>hello</p>", headers={"Content-Type": "text/html"}))
    options = PageOptions(local=False, selectors={}, fetched_at=NOW, language="en")
    with Fetcher() as fetcher, pytest.raises(FetchError) as caught:
        fetch_page(fetcher, url, options)
    assert caught.value.kind is FailureKind.BLOCKED_ADDRESS
    assert server.count("/p") == server.count("/robots.txt") == 0


def test_page_fetch_refuses_non_html(server) -> None:
    url = server.add("/p.pdf", Route(body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}))
    options = PageOptions(local=True, selectors={}, fetched_at=NOW, language="en")
    with Fetcher() as fetcher, pytest.raises(FetchError) as caught:
        fetch_page(fetcher, url, options)
    assert caught.value.kind is FailureKind.CONTENT_TYPE
