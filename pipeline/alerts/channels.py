"""Delivery channels: Apprise URLs, a JSON webhook, a JSON Lines file, the terminal.

A channel either returns (the receiver accepted the message) or raises
DeliveryError with what went wrong; the sender records it and retries later.
Every delivery carries the message's idempotency key.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Protocol

import httpx
from rich.console import Console
from rich.text import Text

from pipeline.alerts.messages import Message
from pipeline.alerts.rules import ChannelKind, ChannelSpec
from pipeline.errors import ChipnewsError

IDEMPOTENCY_HEADER = "Idempotency-Key"


class DeliveryError(ChipnewsError):
    """A channel did not accept a message this time (``channel``, ``detail``)."""

    def __init__(self, channel: str, detail: str):
        self.channel = channel
        self.detail = detail
        super().__init__(f"channel {channel}: {detail}")


class Channel(Protocol):
    name: str

    def send(self, message: Message) -> None:
        """Deliver or raise DeliveryError."""
        ...


class AppriseChannel:
    """Any notification URL Apprise understands; its logged errors become the failure text."""

    def __init__(self, spec: ChannelSpec):
        import apprise  # imported here: only configurations that use it pay for it

        self.name = spec.name
        self._apprise = apprise.Apprise()
        if not self._apprise.add(str(spec.url)):
            # the URL itself is wrong: say so without echoing it, it may hold a token
            raise DeliveryError(spec.name, "Apprise does not understand this URL")

    def send(self, message: Message) -> None:
        import apprise

        with apprise.LogCapture(level=logging.WARNING) as log:
            ok = self._apprise.notify(
                title=message.title, body=f"{message.text()}\n\nkey: {message.key}"
            )
        if not ok:
            detail = " | ".join(line for line in log.getvalue().splitlines() if line.strip())
            raise DeliveryError(self.name, detail[-500:] or "Apprise reported a failure")


class WebhookChannel:
    """POST the JSON form; a 2xx status means accepted, anything else is a failure."""

    def __init__(self, spec: ChannelSpec, client: httpx.Client | None = None):
        self.name = spec.name
        self._url = str(spec.url)
        self._headers = dict(spec.headers)
        self._timeout = spec.timeout_s
        self._client = client

    def send(self, message: Message) -> None:
        headers = {
            **self._headers,
            IDEMPOTENCY_HEADER: message.key,
            "Content-Type": "application/json; charset=utf-8",
        }
        body = json.dumps(message.to_json(), ensure_ascii=False).encode("utf-8")
        try:
            if self._client is not None:
                response = self._client.post(self._url, content=body, headers=headers)
            else:
                with httpx.Client(timeout=self._timeout, follow_redirects=False) as client:
                    response = client.post(self._url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryError(self.name, f"{type(exc).__name__}: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise DeliveryError(self.name, f"HTTP {response.status_code}: {response.text[:200]}")


class JsonlChannel:
    """Append one JSON line and fsync, so an accepted message survives a power cut."""

    def __init__(self, spec: ChannelSpec):
        self.name = spec.name
        self._path = Path(str(spec.path))

    def send(self, message: Message) -> None:
        line = json.dumps(message.to_json(), ensure_ascii=False) + "\n"
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with self._path.open("a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise DeliveryError(self.name, str(exc)) from exc


class TerminalChannel:
    def __init__(self, spec: ChannelSpec, console: Console | None = None):
        self.name = spec.name
        self._console = console or Console()

    def send(self, message: Message) -> None:
        # Text objects, not markup: a title starts with "[new]", which rich would eat as a tag
        self._console.print(Text(message.title, style="bold"))
        body = message.text().partition("\n")[2]
        if body:
            self._console.print(Text(body))


def make_channel(spec: ChannelSpec, console: Console | None = None) -> Channel:
    """The channel object for a spec."""
    if spec.kind is ChannelKind.APPRISE:
        return AppriseChannel(spec)
    if spec.kind is ChannelKind.WEBHOOK:
        return WebhookChannel(spec)
    if spec.kind is ChannelKind.JSONL:
        return JsonlChannel(spec)
    return TerminalChannel(spec, console)
