"""Outbox and sender end to end: a real webhook receiver, a real SMTP server, both databases."""

from __future__ import annotations

import email.policy
import json
import random
import socket
import threading
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from db.engine import session_factory
from db.event_store import StoredEvent
from db.models import Alert, Article, Company, CompanyAlias, Event, EventCompany, EventMention
from pipeline.alerts.messages import idempotency_key
from pipeline.alerts.outbox import enqueue_for_event, enqueue_stored
from pipeline.alerts.rules import AlertConfig, parse_alert_config
from pipeline.alerts.sender import STEPS, send_pending

T0 = datetime(2025, 12, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


# ---------------------------------------------------------------- a webhook receiver


@dataclass
class Post:
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Receiver:
    """A real HTTP server that records JSON POSTs; it can be stopped and started on one port."""

    status: int = 200
    delay_s: float = 0.0
    posts: list[Post] = field(default_factory=list)
    port: int = 0
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def keys(self) -> list[str]:
        with self._lock:
            return [p.headers["idempotency-key"] for p in self.posts]

    def start(self) -> Receiver:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                """Quiet."""

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(owner.delay_s)
                with owner._lock:
                    owner.posts.append(
                        Post({k.lower(): v for k, v in self.headers.items()}, json.loads(body))
                    )
                self.send_response(owner.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    srv = Receiver().start()
    yield srv
    srv.stop()


def webhook_config(receiver: Receiver, **rule: str) -> AlertConfig:
    extra = "".join(f"{k} = {v}\n" for k, v in rule.items())
    text = (
        f'[[channel]]\nname = "hook"\nkind = "webhook"\nurl = "{receiver.url}"\n'
        'headers = { Authorization = "Bearer ${HOOK_TOKEN}" }\ntimeout_s = 5\n'
        f'[[alert]]\nname = "deals"\nchannels = ["hook"]\n{extra}'
    )
    return parse_alert_config([(Path("/cfg/c.toml"), tomllib.loads(text))], {"HOOK_TOKEN": "t0k"})


# ---------------------------------------------------------------- events in the database


def add_event(
    engine: Engine,
    *,
    n: int = 1,
    status: str = "announced",
    amount_usd: Decimal | None = Decimal("345000000"),
    language: str = "zh",
) -> int:
    """One funding event of company n, reported by one article."""
    with session_factory(engine).begin() as session:
        company = Company(key=f"co-{n}", name=f"Company {n}", name_zh=f"公司{n}", country="CN")
        session.add(company)
        session.flush()
        session.add(CompanyAlias(company_id=company.id, alias=f"C{n}"))
        article = Article(
            url=f"https://news.test/{n}",
            title=f"公司{n}获得融资",
            published=T0,
            fetched_at=T0,
            language=language,
            text="…",
            content_hash=f"{n:064d}",
        )
        event = Event(
            fingerprint=f"fp-{n}",
            type="funding",
            status=status,
            amount_value=Decimal("2500000000"),
            amount_currency="CNY",
            amount_qualifier="exact",
            amount_usd=amount_usd,
            details={},
            status_history=[],
            first_seen=T0,
            last_updated=T0,
        )
        session.add_all([article, event])
        session.flush()
        session.add(EventCompany(event_id=event.id, company_id=company.id, role="investee"))
        session.add(
            EventMention(
                event_id=event.id,
                article_id=article.id,
                evidence=f"公司{n}宣布完成25亿元融资。",
                evidence_start=0,
                evidence_end=10,
                status=status,
                created_at=T0,
            )
        )
        return event.id


def enqueue(
    engine: Engine, event_id: int, config: AlertConfig, reason: str = "new", **kw: Any
) -> int:
    with session_factory(engine).begin() as session:
        return enqueue_for_event(session, event_id, reason, config, **kw)


def rows(engine: Engine) -> list[Alert]:
    with session_factory(engine)() as session:
        return list(session.scalars(select(Alert).order_by(Alert.id)))


# ---------------------------------------------------------------- the bars


def test_alert_arrives_once(engine: Engine, receiver: Receiver) -> None:
    config = webhook_config(receiver)
    event_id = add_event(engine)
    assert enqueue(engine, event_id, config) == 1
    assert enqueue(engine, event_id, config) == 0  # the same change twice: one row

    report = send_pending(engine, config, now=T0)
    assert (report.sent, report.errors) == (1, [])
    [post] = receiver.posts
    key = idempotency_key(event_id, "deals", "new")
    assert post.headers["idempotency-key"] == key == post.body["idempotency_key"]
    assert post.headers["authorization"] == "Bearer t0k"  # the secret from the environment
    assert post.body["event"]["amount"]["currency"] == "CNY"
    assert post.body["sources"][0]["url"] == "https://news.test/1"
    assert "Company 1 (公司1)" in post.body["title"]
    [row] = rows(engine)
    assert (row.state, row.attempts) == ("sent", 0)
    assert row.sent_at is not None

    assert send_pending(engine, config, now=T0 + timedelta(hours=1)).sent == 0
    assert enqueue(engine, event_id, config) == 0  # ingesting the article again
    assert send_pending(engine, config, now=T0 + timedelta(hours=2)).sent == 0
    assert len(receiver.posts) == 1


def test_receiver_down_is_retried_with_backoff_and_arrives_once(
    engine: Engine, receiver: Receiver
) -> None:
    config = webhook_config(receiver)
    event_id = add_event(engine)
    enqueue(engine, event_id, config)
    receiver.stop()

    report = send_pending(engine, config, now=T0, rng=random.Random(1))
    assert (report.sent, report.retry_later) == (0, 1)
    [row] = rows(engine)
    assert (row.state, row.attempts) == ("pending", 1)
    assert "ConnectError" in (row.last_error or "")
    wait = row.next_attempt_at.replace(tzinfo=UTC) - T0  # type: ignore[union-attr]
    assert timedelta(seconds=30) <= wait <= timedelta(seconds=60)  # first backoff: ½–1 minute

    assert send_pending(engine, config, now=T0 + timedelta(seconds=20)).retry_later == 0  # not due
    assert rows(engine)[0].attempts == 1

    second = send_pending(engine, config, now=T0 + timedelta(minutes=1), rng=random.Random(2))
    assert second.retry_later == 1
    wait = rows(engine)[0].next_attempt_at.replace(tzinfo=UTC) - (T0 + timedelta(minutes=1))  # type: ignore[union-attr]
    assert timedelta(seconds=60) <= wait <= timedelta(seconds=120)  # doubled

    receiver.start()  # back on the same port
    third = send_pending(engine, config, now=T0 + timedelta(minutes=5))
    assert third.sent == 1
    assert receiver.keys() == [idempotency_key(event_id, "deals", "new")]
    [row] = rows(engine)
    assert (row.state, row.attempts) == ("sent", 2)
    assert send_pending(engine, config, now=T0 + timedelta(hours=1)).sent == 0
    assert len(receiver.posts) == 1


def test_non_2xx_is_a_failure_and_gives_up_after_max_attempts(
    engine: Engine, receiver: Receiver
) -> None:
    config = webhook_config(receiver)
    enqueue(engine, add_event(engine), config)
    receiver.status = 503
    now = T0
    for _ in range(3):
        send_pending(engine, config, now=now, max_attempts=3)
        now += timedelta(hours=7)  # past the longest backoff
    [row] = rows(engine)
    assert (row.state, row.attempts, row.next_attempt_at) == ("failed", 3, None)
    assert "HTTP 503" in (row.last_error or "")
    assert len(receiver.posts) == 3
    receiver.status = 200
    assert send_pending(engine, config, now=now).sent == 0  # failed rows stay failed
    assert len(receiver.posts) == 3


def test_second_report_sends_nothing_new_but_a_status_change_does(
    engine: Engine, receiver: Receiver
) -> None:
    config = webhook_config(receiver)
    event_id = add_event(engine)
    with session_factory(engine).begin() as session:
        assert enqueue_stored(session, StoredEvent(event_id, True, False), config) == 1
        # a second article about the same deal: joined, nothing changed
        assert enqueue_stored(session, StoredEvent(event_id, False, False), config) == 0
    send_pending(engine, config, now=T0)
    with session_factory(engine).begin() as session:
        session.get(Event, event_id).status = "completed"  # type: ignore[union-attr]
        assert enqueue_stored(session, StoredEvent(event_id, False, True), config) == 1
        assert enqueue_stored(session, StoredEvent(event_id, False, False, True), config) == 1
    send_pending(engine, config, now=T0)
    assert receiver.keys() == [
        idempotency_key(event_id, "deals", "new"),
        idempotency_key(event_id, "deals", "status:completed"),
        idempotency_key(event_id, "deals", "amount"),
    ]
    assert [p.body["reason"] for p in receiver.posts] == ["new", "status:completed", "amount"]


def test_rules_filter_what_is_enqueued(engine: Engine, receiver: Receiver) -> None:
    config = webhook_config(receiver, min_usd="1e9", languages='["zh"]')
    small = add_event(engine, n=1)
    unknown = add_event(engine, n=2, amount_usd=None)
    big_en = add_event(engine, n=3, amount_usd=Decimal("2e9"), language="en")
    big_zh = add_event(engine, n=4, amount_usd=Decimal("2e9"), language="zh-CN")
    assert [enqueue(engine, e, config) for e in (small, unknown, big_en, big_zh)] == [0, 0, 0, 1]


class Killed(BaseException):
    """Stands for the process dying: nothing in the sender catches it."""


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step_loses_nothing(engine: Engine, receiver: Receiver, step: str) -> None:
    config = webhook_config(receiver)
    first, second = add_event(engine, n=1), add_event(engine, n=2)
    enqueue(engine, first, config)
    enqueue(engine, second, config)

    def kill(name: str, ids: tuple[int, ...]) -> None:
        if name == step:
            raise Killed(name)

    with pytest.raises(Killed):
        send_pending(engine, config, now=T0, hook=kill)
    send_pending(engine, config, now=T0)  # the next run, after a restart

    assert [r.state for r in rows(engine)] == ["sent", "sent"]  # nothing lost
    keys = receiver.keys()
    one, two = idempotency_key(first, "deals", "new"), idempotency_key(second, "deals", "new")
    assert set(keys) == {one, two}
    if step in ("delivered", "marked"):
        # the documented window: the receiver accepted, the row was not yet committed as sent;
        # the repeat carries the same key, so the receiver can drop it
        assert keys == [one, one, two]
    else:
        assert keys == [one, two]


def test_two_senders_never_send_the_same_alert(pg_engine: Engine, receiver: Receiver) -> None:
    """PostgreSQL only: SQLite runs one sender under the ingest lock, so no claim lock."""
    engine = pg_engine
    config = webhook_config(receiver)
    events = [add_event(engine, n=n) for n in range(1, 7)]
    for event_id in events:
        enqueue(engine, event_id, config)
    receiver.delay_s = 0.1  # each delivery holds its row's lock for a while
    reports: list[Any] = []
    threads = [
        threading.Thread(target=lambda: reports.append(send_pending(engine, config, now=T0)))
        for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    keys = receiver.keys()
    assert sorted(keys) == sorted(idempotency_key(e, "deals", "new") for e in events)
    assert sum(r.sent for r in reports) == 6
    assert all(r.sent > 0 for r in reports)  # both worked, neither repeated the other


def test_dry_run_changes_nothing(engine: Engine, receiver: Receiver) -> None:
    config = webhook_config(receiver)
    event_id = add_event(engine)
    enqueue(engine, event_id, config)
    report = send_pending(engine, config, now=T0, dry_run=True)
    assert [(p.channel, p.key) for p in report.planned] == [
        ("hook", idempotency_key(event_id, "deals", "new"))
    ]
    assert receiver.posts == []
    [row] = rows(engine)
    assert (row.state, row.attempts, row.sent_at) == ("pending", 0, None)


def test_digest_gathers_a_day_into_one_message(engine: Engine, tmp_path: Path) -> None:
    text = (
        f'[[channel]]\nname = "daily"\nkind = "jsonl"\npath = "{tmp_path / "d.jsonl"}"\n'
        'digest = true\n[[alert]]\nname = "all"\nchannels = ["daily"]\n'
    )
    config = parse_alert_config([(tmp_path / "c.toml", tomllib.loads(text))], {})
    day_one = [add_event(engine, n=n) for n in (1, 2)]
    for event_id in day_one:
        enqueue(engine, event_id, config, now=T0)
    enqueue(engine, add_event(engine, n=3), config, now=T0 + timedelta(days=1))
    out = tmp_path / "d.jsonl"

    assert send_pending(engine, config, now=T0 + timedelta(hours=12)).sent == 0  # 22:00 local
    assert not out.exists()
    report = send_pending(engine, config, now=T0 + timedelta(hours=15))  # 01:00 the next day
    assert (report.sent, report.alerts_sent) == (1, 2)
    [line] = out.read_text(encoding="utf-8").splitlines()
    digest = json.loads(line)
    assert digest["digest"] == "2025-12-01"
    assert [a["event"]["id"] for a in digest["alerts"]] == day_one
    assert send_pending(engine, config, now=T0 + timedelta(days=2)).alerts_sent == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert [r.state for r in rows(engine)] == ["sent"] * 3


# ---------------------------------------------------------------- e-mail through Apprise


@dataclass
class Mailbox:
    messages: list[tuple[list[str], bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    box = Mailbox()
    port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


# Apprise's e-mail plugin imports email.mime.image, whose stdlib imghdr warns on Python 3.11+
IMGHDR = pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")


@IMGHDR
def test_email_alert_arrives_once(engine: Engine, mailbox: tuple[Mailbox, int]) -> None:
    box, port = mailbox
    # mailto:// (not mailtos://) with mode=insecure: plain SMTP to the local server, no login
    url = (
        f"mailto://127.0.0.1:{port}?from=chipnews@example.com&to=analyst@example.com&mode=insecure"
    )
    text = f'[[channel]]\nname = "mail"\nkind = "apprise"\nurl = "{url}"\n'
    text += '[[alert]]\nname = "deals"\nchannels = ["mail"]\n'
    config = parse_alert_config([(Path("/c.toml"), tomllib.loads(text))], {})
    event_id = add_event(engine)
    enqueue(engine, event_id, config)

    assert send_pending(engine, config, now=T0).sent == 1
    assert send_pending(engine, config, now=T0 + timedelta(hours=1)).sent == 0
    [(to, raw)] = box.messages
    assert to == ["analyst@example.com"]
    mail = message_from_bytes(raw, policy=email.policy.default)
    assert "公司1" in str(mail["Subject"])
    body = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert idempotency_key(event_id, "deals", "new") in body
    assert "https://news.test/1" in body


@IMGHDR
def test_email_server_down_is_recorded(engine: Engine) -> None:
    url = f"mailto://127.0.0.1:{_free_port()}?from=a@example.com&to=b@example.com&mode=insecure"
    text = f'[[channel]]\nname = "mail"\nkind = "apprise"\nurl = "{url}"\n'
    text += '[[alert]]\nname = "deals"\nchannels = ["mail"]\n'
    config = parse_alert_config([(Path("/c.toml"), tomllib.loads(text))], {})
    enqueue(engine, add_event(engine), config)
    report = send_pending(engine, config, now=T0)
    assert report.retry_later == 1
    [row] = rows(engine)
    assert (row.state, row.attempts) == ("pending", 1)
    assert row.last_error


def test_terminal_channel_prints_title_and_links() -> None:
    import io

    from rich.console import Console

    from pipeline.alerts.channels import TerminalChannel
    from pipeline.alerts.messages import sample_message
    from pipeline.alerts.rules import ChannelKind, ChannelSpec

    out = io.StringIO()
    channel = TerminalChannel(ChannelSpec("screen", ChannelKind.TERMINAL), Console(file=out))
    channel.send(sample_message("r", T0))
    printed = out.getvalue()
    assert printed.startswith("[test] Funding")  # the bracket is text, not rich markup
    assert "https://example.com/chipnews-test" in printed
