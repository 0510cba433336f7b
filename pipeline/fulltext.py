"""Article pages fetched for a source: the stories of an HTML listing, or the full
text behind a feed entry that carried only a summary.

Every page URL came from a document someone else wrote, so unless the source is
marked local it is fetched only at a public address (checked after DNS and on
every redirect) and only where robots.txt allows. One failed page is a problem
on the batch, not a failed source; the caller decides when all of them failing
is the source's failure (``PageBatch.failures``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from pipeline.encoding import decode
from pipeline.errors import FetchError
from pipeline.feeds import ParsedArticle
from pipeline.fetch import Expect, Fetcher, FetchResult
from pipeline.pages import PageArticle, listing_links, parse_article_page

MAX_PAGES_PER_RUN = 20
"""New article pages fetched per source and run: with the per-host pause that is
20 s of one site's time; a backlog is read over the next runs."""

Known = Callable[[str], bool]
"""True for an article URL already stored: its page is not fetched again."""


@dataclass
class PageBatch:
    """Articles built from pages, what went wrong, and the fetches that failed."""

    articles: list[ParsedArticle] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failures: list[FetchError] = field(default_factory=list)
    links: int = 0
    """Article links found (html) or summary-only entries looked at (full text)."""
    tried: int = 0
    """Pages actually requested."""


@dataclass(frozen=True)
class PageOptions:
    """How a source's pages are fetched and read."""

    local: bool
    """The source is ours: private addresses and files are allowed."""
    selectors: Mapping[str, str]
    fetched_at: datetime
    language: str | None
    max_pages: int = MAX_PAGES_PER_RUN


def fetch_page(fetcher: Fetcher, url: str, options: PageOptions) -> PageArticle:
    """Fetch and read one article page; raises FetchError when it cannot be fetched."""
    result = fetcher.fetch(url, public_only=not options.local, robots=True, expect=Expect.PAGE)
    decoded = decode(result.content, result.content_type)
    page = parse_article_page(
        decoded.text,
        url,
        selectors=options.selectors,
        fetched_at=options.fetched_at,
        default_language=options.language,
    )
    page.problems[:0] = [f"{url}: {problem}" for problem in decoded.problems]
    return page


def listing_articles(
    fetcher: Fetcher, listing: FetchResult, options: PageOptions, known: Known
) -> PageBatch:
    """The new articles a listing page links to, each page fetched and read."""
    batch = PageBatch()
    selector = options.selectors.get("links")
    if not selector:
        batch.problems.append("html source without a links selector")
        return batch
    decoded = decode(listing.content, listing.content_type)
    batch.problems.extend(f"listing: {problem}" for problem in decoded.problems)
    links, problems = listing_links(decoded.text, listing.url, selector)
    batch.problems.extend(problems)
    batch.links = len(links)
    fresh = [link for link in links if not known(link)]
    for url in fresh[: options.max_pages]:
        batch.tried += 1
        _add_page(fetcher, url, options, batch, None)
    if len(fresh) > options.max_pages:
        batch.problems.append(f"{len(fresh) - options.max_pages} new pages left for the next run")
    return batch


def with_full_text(
    fetcher: Fetcher, articles: list[ParsedArticle], options: PageOptions, known: Known
) -> PageBatch:
    """Feed entries with only a summary get their page's text (and date, if they had none)."""
    batch = PageBatch()
    fetched = 0
    for entry in articles:
        if not entry.summary_only or not entry.url or known(entry.url):
            batch.articles.append(entry)
            continue
        if fetched >= options.max_pages:
            batch.articles.append(entry)
            continue
        fetched += 1
        _add_page(fetcher, entry.url, options, batch, entry)
    batch.links = batch.tried = fetched
    return batch


def _add_page(
    fetcher: Fetcher,
    url: str,
    options: PageOptions,
    batch: PageBatch,
    entry: ParsedArticle | None,
) -> None:
    """Fetch one page into the batch; a feed entry is kept with its summary if that fails."""
    try:
        page = fetch_page(fetcher, url, options)
    except FetchError as exc:
        batch.failures.append(exc)
        batch.problems.append(f"{exc.kind.value}: {url}: {exc.detail}")
        if entry is not None:
            batch.articles.append(entry)
        return
    batch.problems.extend(page.problems)
    if page.article is None:
        if entry is not None:
            batch.articles.append(entry)
        return
    if entry is None:
        batch.articles.append(page.article)
        return
    merged = replace(
        entry,
        text=page.article.text if len(page.article.text) > len(entry.text) else entry.text,
        summary_only=False,
    )
    if entry.published_missing and not page.article.published_missing:
        merged = replace(merged, published=page.article.published, published_missing=False)
    batch.articles.append(merged)
