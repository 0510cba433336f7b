"""The ingest loop: due sources → fetch → parse → new articles → events.

One source failing is recorded and the loop goes on. A source's articles, their
events and its new validators commit together; one bad article is rolled back
to its savepoint and recorded, not the whole source.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db import store
from db.engine import session_factory
from db.migrate import upgrade
from db.models import Article, IngestRun, IngestRunSource, Source
from extractors.companies import CompanyRegistry
from pipeline.articles import EventHook, store_article
from pipeline.errors import FailureKind, FetchError
from pipeline.feeds import ParsedArticle, parse_feed
from pipeline.fetch import Expect, Fetcher, HttpStatusError
from pipeline.fulltext import PageOptions, listing_articles, with_full_text
from pipeline.fx import FxTable
from pipeline.politeness import (
    DISABLE_AFTER_DAYS,
    next_due_failed,
    next_due_ok,
    retry_after,
    should_disable,
)
from pipeline.sources import SourceSpec

log = logging.getLogger("chipnews.ingest")


@dataclass
class SourceOutcome:
    """What happened to one source in one run."""

    name: str
    status: str = "ok"  # ok | not_modified | error
    entries: int = 0
    articles_new: int = 0
    articles_skipped: int = 0
    articles_failed: int = 0
    events_new: int = 0
    error_kind: str | None = None
    error: str | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    run_id: int
    started_at: datetime
    finished_at: datetime | None = None
    outcomes: list[SourceOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if o.status == "error"]

    @property
    def articles_new(self) -> int:
        return sum(o.articles_new for o in self.outcomes)

    @property
    def events_new(self) -> int:
        return sum(o.events_new for o in self.outcomes)


Progress = Callable[[str, SourceOutcome | None], None]


@dataclass
class IngestJob:
    """Everything one run needs, passed in: no globals."""

    engine: Engine
    registry: CompanyRegistry
    fetcher: Fetcher
    fx: FxTable
    sources: list[SourceSpec]
    only: Iterable[str] | None = None  # source names; None = every due source
    force: bool = False  # fetch even when not due
    progress: Progress | None = None
    on_event: EventHook | None = None  # e.g. the alert outbox, inside the article's transaction
    stop: threading.Event | None = None  # set by SIGTERM: finish the article in flight, then stop
    disable_after_days: int = DISABLE_AFTER_DAYS  # 0 = never disable a failing source


def run_ingest(job: IngestJob, now: datetime | None = None) -> IngestReport:
    """One ingest run; returns per-source outcomes (also stored in ingest_runs)."""
    upgrade(job.engine)
    make_session = session_factory(job.engine)
    started = now or store.utcnow()
    with make_session.begin() as session:
        store.sync_sources(session, [s.record() for s in job.sources])
        store.sync_companies(session, job.registry.companies)
        run = IngestRun(started_at=started)
        session.add(run)
        session.flush()
        report = IngestReport(run_id=run.id, started_at=started)
        if job.only is not None:
            names: set[str] | None = set(job.only)
        else:
            names = {s.name for s in job.sources} if job.force else None
        due = store.due_sources(session, started, names)
        due_ids = [(s.id, s.name) for s in due]
    for source_id, name in due_ids:
        if job.stop is not None and job.stop.is_set():
            break
        if job.progress:
            job.progress(name, None)
        with make_session() as session:
            outcome = _ingest_source(session, job, source_id)
        report.outcomes.append(outcome)
        if job.progress:
            job.progress(name, outcome)
    report.finished_at = store.utcnow()
    _record_run(make_session, report)
    return report


def _ingest_source(session: Session, job: IngestJob, source_id: int) -> SourceOutcome:
    source = session.get(Source, source_id)
    assert source is not None
    outcome = SourceOutcome(name=source.name)
    fetched_at = store.utcnow()
    failing_since, disabled = source.failing_since, source.disabled_reason
    if disabled and source.name not in set(job.only or ()):
        # only a run naming the source (chipnews ingest --source NAME) tries it again
        outcome.status, outcome.error = "disabled", disabled
        return outcome
    spec = next((s for s in job.sources if s.name == source.name), None)
    is_html = source.kind == "html"
    interval = timedelta(minutes=source.interval_minutes)
    options = PageOptions(
        local=bool(source.local),
        selectors=spec.selectors if spec is not None else {},
        fetched_at=fetched_at,
        language=source.language,
    )

    def known(url: str) -> bool:
        return session.scalar(select(Article.id).where(Article.url == url)) is not None

    def fail(kind: str, message: str, wait: timedelta | None = None) -> SourceOutcome:
        _fail(source, outcome, kind, message, fetched_at)
        failures = source.consecutive_failures
        source.next_due_at = next_due_failed(interval, failures, fetched_at, wait)
        since = failing_since or fetched_at
        days = job.disable_after_days
        reason = None
        if should_disable(since, fetched_at, days):
            reason = f"failing since {since:%Y-%m-%d %H:%M} UTC ({failures} tries): {message}"
            log.warning("source %s disabled: %s", source.name, reason)
        source.failing_since, source.disabled_reason = since, reason
        session.commit()
        return outcome

    try:
        result = job.fetcher.fetch(
            source.url,
            # a listing page changes with every story; its pages are deduped by URL instead
            etag=None if is_html else source.etag,
            last_modified=None if is_html else source.last_modified,
            robots=is_html,
            expect=Expect.PAGE if is_html else Expect.FEED,
        )
    except FetchError as exc:
        wait = None
        if isinstance(exc, HttpStatusError) and exc.status in (429, 503):
            wait = retry_after(exc.retry_after, fetched_at)
        return fail(exc.kind.value, str(exc), wait)
    if result.not_modified:
        outcome.status = "not_modified"
    else:
        if is_html:
            pages = listing_articles(job.fetcher, result, options, known)
            outcome.entries = pages.links
            outcome.problems = list(pages.problems)
            if not pages.articles and (pages.links == 0 or pages.tried):
                first = pages.failures[0] if pages.failures else None
                kind = first.kind.value if first else FailureKind.PARSE_ERROR.value
                return fail(kind, "; ".join(pages.problems[:5]) or "no articles")
            articles = pages.articles
        else:
            batch = parse_feed(
                result.content,
                base_url=result.url,
                fetched_at=fetched_at,
                default_language=source.language,
                content_type=result.content_type,
            )
            outcome.entries = len(batch.articles)
            outcome.problems = list(batch.problems)
            if not batch.articles and batch.problems:
                return fail(FailureKind.PARSE_ERROR.value, "; ".join(batch.problems))
            articles = batch.articles
            if spec is not None and spec.full_text:
                pages = with_full_text(job.fetcher, articles, options, known)
                outcome.problems.extend(pages.problems)
                articles = pages.articles
        for article in articles:
            if job.stop is not None and job.stop.is_set():
                # keep the old validators and due time so the rest is fetched next run
                outcome.problems.append("stopped: the rest of the feed comes next run")
                session.commit()
                return outcome
            _ingest_article(session, job, source, article, outcome)
    if not is_html:
        source.etag = result.etag or source.etag
        source.last_modified = result.last_modified or source.last_modified
    source.last_status = outcome.status
    source.last_error = source.last_error_kind = None
    source.consecutive_failures = 0
    source.last_fetched_at = fetched_at
    # the interval, or later when the server says its answer stays fresh longer
    source.next_due_at = next_due_ok(interval, result.headers, fetched_at)
    source.failing_since = source.disabled_reason = None
    session.commit()
    return outcome


def _ingest_article(
    session: Session, job: IngestJob, source: Source, parsed: ParsedArticle, outcome: SourceOutcome
) -> None:
    """Store one article and its events inside a savepoint."""
    new = store.NewArticle(
        source_id=source.id,
        url=parsed.url or f"urn:chipnews:{source.name}:{parsed.guid}",  # GUID-only entries
        guid=parsed.guid,
        title=parsed.title,
        published=parsed.published,
        published_missing=parsed.published_missing,
        fetched_at=store.utcnow(),
        language=parsed.language or source.language,
        text=parsed.text,
    )
    try:
        with session.begin_nested():
            result = store_article(session, new, job.registry, job.fx, job.on_event)
            if result is None:
                outcome.articles_skipped += 1
                return
            outcome.events_new += result.events_new
            outcome.articles_new += 1
    except Exception as exc:
        # is rolled back to its savepoint and recorded; the source's other articles go on
        outcome.articles_failed += 1
        outcome.problems.append(f"{parsed.url}: {type(exc).__name__}: {exc}")
        log.warning("article set aside: %s: %s", parsed.url, exc, exc_info=True)


def _fail(source: Source, outcome: SourceOutcome, kind: str, message: str, at: datetime) -> None:
    outcome.status = "error"
    outcome.error_kind = kind
    outcome.error = message
    source.last_status = "error"
    source.last_error_kind = kind
    source.last_error = message
    source.consecutive_failures = (source.consecutive_failures or 0) + 1
    source.last_fetched_at = at
    # back off: the interval, doubled per consecutive failure, at most a day
    backoff = min(source.interval_minutes * 2 ** (source.consecutive_failures - 1), 24 * 60)
    source.next_due_at = at + timedelta(minutes=backoff)
    log.warning("source %s failed: %s", source.name, message)


def _record_run(make_session: Callable[[], Session], report: IngestReport) -> None:
    with make_session() as session, session.begin():
        run = session.get(IngestRun, report.run_id)
        assert run is not None
        run.finished_at = report.finished_at
        run.sources_ok = len(report.outcomes) - len(report.failed)
        run.sources_failed = len(report.failed)
        run.articles_new = report.articles_new
        run.events_new = report.events_new
        ids = dict(
            session.query(Source.name, Source.id).filter(
                Source.name.in_([o.name for o in report.outcomes])
            )
        )
        for o in report.outcomes:
            session.add(
                IngestRunSource(
                    run_id=run.id,
                    source_id=ids[o.name],
                    status=o.status,
                    entries=o.entries,
                    articles_new=o.articles_new,
                    articles_skipped=o.articles_skipped,
                    articles_failed=o.articles_failed,
                    events_new=o.events_new,
                    error_kind=o.error_kind,
                    error=o.error,
                    problems=o.problems,
                )
            )
