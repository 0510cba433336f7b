"""Write the offline sample feeds in ``config/samples/feeds/`` from ``articles.toml``.

The feeds are committed; run this after editing ``articles.toml``:

    .venv/bin/python config/samples/build/build_feeds.py

Each format is written as text, not through an XML library, so the bytes are
what a real publisher of that format sends: CDATA bodies, RFC 822 dates, a
GBK-encoded file whose declaration says so. ``str.encode`` is strict, so a
character GBK cannot hold stops the build instead of turning into "?".
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import datetime
from email.utils import format_datetime
from html import escape as html_escape
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent

Article = dict[str, Any]
Feed = dict[str, Any]


def paragraphs(article: Article) -> list[str]:
    """The body's paragraphs: blocks separated by a blank line, joined inside."""
    blocks = article["body"].strip().split("\n\n")
    return [" ".join(line.strip() for line in b.splitlines()).strip() for b in blocks]


def body_html(article: Article) -> str:
    """The body as ``<p>`` elements, the way CMSes put it in a feed."""
    return "".join(f"<p>{html_escape(p, quote=False)}</p>" for p in paragraphs(article))


def cdata(text: str) -> str:
    """Wrap text in a CDATA section; the text may not close one itself."""
    if "]]>" in text:
        raise ValueError("']]>' inside a CDATA body")
    return f"<![CDATA[{text}]]>"


def rfc822(value: datetime) -> str:
    """An RSS 2.0 date: ``Fri, 05 Dec 2025 10:12:00 +0800``."""
    return format_datetime(value)


def latest(articles: list[Article]) -> datetime:
    """The newest publication time among articles that have one."""
    return max(a["published"] for a in articles if "published" in a)


def rss_guid(article: Article) -> str:
    """A ``<guid>``: the link by default, else the article's own id, not a permalink."""
    if "guid" in article:
        return f'<guid isPermaLink="false">{escape(article["guid"])}</guid>'
    return f"<guid>{escape(article['link'])}</guid>"


def rss_item(article: Article, body: str) -> str:
    """One RSS 2.0 ``<item>``; ``body`` is the already-rendered body element(s)."""
    lines = [
        "    <item>",
        f"      <title>{escape(article['title'])}</title>",
        f"      <link>{escape(article['link'])}</link>",
        f"      {rss_guid(article)}",
    ]
    if "published" in article:
        lines.append(f"      <pubDate>{rfc822(article['published'])}</pubDate>")
    if "author" in article:
        lines.append(f"      <dc:creator>{escape(article['author'])}</dc:creator>")
    lines += [f"      <category>{escape(c)}</category>" for c in article.get("categories", [])]
    lines += [f"      {body}", "    </item>"]
    return "\n".join(lines)


def rss_body_content(article: Article) -> str:
    """Excerpt in ``<description>``, full HTML in ``<content:encoded>``."""
    excerpt = escape(paragraphs(article)[0])
    return (
        f"<description>{excerpt}</description>\n"
        f"      <content:encoded>{cdata(body_html(article))}</content:encoded>"
    )


def rss_body_summary(article: Article) -> str:
    """Only a ``<description>``: escaped HTML, or plain text when ``plain`` is set."""
    if article.get("plain"):
        return f"<description>{escape(' '.join(paragraphs(article)))}</description>"
    return f"<description>{escape(body_html(article))}</description>"


def rss_body_cdata(article: Article) -> str:
    """The whole HTML body in a CDATA ``<description>``, common in Chinese CMS feeds."""
    return f"<description>{cdata(body_html(article))}</description>"


def render_rss2(feed: Feed, articles: list[Article], body: Callable[[Article], str]) -> str:
    """An RSS 2.0 document."""
    head = [
        f'<?xml version="1.0" encoding="{feed["encoding"]}"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "  <channel>",
        f"    <title>{escape(feed['title'])}</title>",
        f"    <link>{escape(feed['link'])}</link>",
        f"    <description>{escape(feed['description'])}</description>",
        f"    <language>{feed['language']}</language>",
        f"    <lastBuildDate>{rfc822(latest(articles))}</lastBuildDate>",
    ]
    items = [rss_item(a, body(a)) for a in articles]
    return "\n".join([*head, *items, "  </channel>", "</rss>", ""])


def render_atom(feed: Feed, articles: list[Article]) -> str:
    """An Atom 1.0 document with ``<content type="html">`` bodies."""
    head = [
        f'<?xml version="1.0" encoding="{feed["encoding"]}"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{feed["language"]}">',
        f"  <title>{escape(feed['title'])}</title>",
        f"  <subtitle>{escape(feed['description'])}</subtitle>",
        f'  <link rel="alternate" href={quoteattr(feed["link"])}/>',
        f'  <link rel="self" href={quoteattr(feed["self"])}/>',
        f"  <id>{escape(feed['self'])}</id>",
        f"  <updated>{latest(articles).isoformat()}</updated>",
    ]
    entries = []
    for a in articles:
        stamp = a["published"].isoformat()
        entries.append(
            "\n".join(
                [
                    "  <entry>",
                    f"    <title>{escape(a['title'])}</title>",
                    f'    <link rel="alternate" href={quoteattr(a["link"])}/>',
                    f"    <id>{escape(a['guid'])}</id>",
                    f"    <published>{stamp}</published>",
                    f"    <updated>{a.get('updated', a['published']).isoformat()}</updated>",
                    f"    <author><name>{escape(a['author'])}</name></author>",
                    f"    <summary>{escape(paragraphs(a)[0])}</summary>",
                    f'    <content type="html">{escape(body_html(a))}</content>',
                    "  </entry>",
                ]
            )
        )
    return "\n".join([*head, *entries, "</feed>", ""])


def render_rdf(feed: Feed, articles: list[Article]) -> str:
    """An RSS 1.0 (RDF) document with Dublin Core dates and ``content:encoded``."""
    seq = "\n".join(f"        <rdf:li rdf:resource={quoteattr(a['link'])}/>" for a in articles)
    head = [
        f'<?xml version="1.0" encoding="{feed["encoding"]}"?>',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"  <channel rdf:about={quoteattr(feed['self'])}>",
        f"    <title>{escape(feed['title'])}</title>",
        f"    <link>{escape(feed['link'])}</link>",
        f"    <description>{escape(feed['description'])}</description>",
        f"    <dc:language>{feed['language']}</dc:language>",
        f"    <dc:date>{latest(articles).isoformat()}</dc:date>",
        "    <items>",
        "      <rdf:Seq>",
        seq,
        "      </rdf:Seq>",
        "    </items>",
        "  </channel>",
    ]
    items = [
        "\n".join(
            [
                f"  <item rdf:about={quoteattr(a['link'])}>",
                f"    <title>{escape(a['title'])}</title>",
                f"    <link>{escape(a['link'])}</link>",
                f"    <description>{escape(paragraphs(a)[0])}</description>",
                f"    <dc:date>{a['published'].isoformat()}</dc:date>",
                f"    <dc:creator>{escape(a['author'])}</dc:creator>",
                f"    <content:encoded>{cdata(body_html(a))}</content:encoded>",
                "  </item>",
            ]
        )
        for a in articles
    ]
    return "\n".join([*head, *items, "</rdf:RDF>", ""])


def render(feed: Feed, articles: list[Article]) -> str:
    """The document text for one feed, by its ``format``."""
    match feed["format"]:
        case "rss2-content":
            return render_rss2(feed, articles, rss_body_content)
        case "rss2-summary":
            return render_rss2(feed, articles, rss_body_summary)
        case "rss2-cdata":
            return render_rss2(feed, articles, rss_body_cdata)
        case "atom":
            return render_atom(feed, articles)
        case "rdf":
            return render_rdf(feed, articles)
    raise ValueError(f"feed {feed['id']}: unknown format {feed['format']!r}")


def main() -> None:
    """Render every feed of ``articles.toml`` into its file."""
    data = tomllib.loads((HERE / "articles.toml").read_text(encoding="utf-8"))
    for feed in data["feed"]:
        articles = [a for a in data["article"] if a["feed"] == feed["id"]]
        text = render(feed, articles)
        path = SAMPLES / feed["file"]
        path.write_bytes(text.encode(feed["encoding"]))
        print(f"{path.relative_to(SAMPLES)}: {len(articles)} entries, {feed['encoding']}")


if __name__ == "__main__":
    main()
