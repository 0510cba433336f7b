"""`chipnews alerts list|send|test`, run through click against both databases."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import Engine, text

from pipeline.alerts.rules import load_alert_config
from pipeline.alerts_cli import alerts
from pipeline.cli import AppContext
from pipeline.errors import ConfigError
from pipeline.settings import DatabaseSettings, load_settings
from tests.test_pipeline_alerts_delivery import T0, Receiver, add_event, enqueue, rows


def _url(engine: Engine) -> str:
    """The engine's URL, with the test's PostgreSQL schema carried along as a connect option."""
    url = engine.url
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            schema = conn.execute(text("SHOW search_path")).scalar_one()
        url = url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def _app(engine: Engine, tmp_path: Path, receiver: Receiver) -> AppContext:
    config = tmp_path / "chipnews.toml"
    config.write_text(
        f'[[channel]]\nname = "hook"\nkind = "webhook"\nurl = "{receiver.url}"\n'
        f'[[channel]]\nname = "file"\nkind = "jsonl"\npath = "{tmp_path / "out.jsonl"}"\n'
        '[[alert]]\nname = "deals"\nchannels = ["hook"]\n'
        '[[alert]]\nname = "filed"\nchannels = ["file"]\ntypes = ["listing"]\n'
    )
    settings = load_settings(config, env={}).with_overrides(
        database=DatabaseSettings(url=_url(engine)), data_dir=tmp_path
    )
    return AppContext(config=str(config), _settings=settings)


def test_list_send_and_test(engine: Engine, tmp_path: Path) -> None:
    receiver = Receiver().start()
    try:
        app = _app(engine, tmp_path, receiver)
        runner = CliRunner()
        event_id = add_event(engine)
        enqueue(engine, event_id, load_alert_config(app.settings, env={}), now=T0)

        listed = runner.invoke(alerts, ["list"], obj=app)
        assert listed.exit_code == 0, listed.output
        assert "deals" in listed.output and "pending" in listed.output
        assert "0 alerts" in runner.invoke(alerts, ["list", "--state", "sent"], obj=app).output

        dry = runner.invoke(alerts, ["send", "--dry-run"], obj=app)
        assert dry.exit_code == 0, dry.output
        assert "would send to hook" in dry.output
        assert receiver.posts == [] and rows(engine)[0].state == "pending"

        sent = runner.invoke(alerts, ["send"], obj=app)
        assert sent.exit_code == 0, sent.output
        assert "1 messages sent" in sent.output
        assert len(receiver.posts) == 1 and rows(engine)[0].state == "sent"

        out = tmp_path / "out.jsonl"
        assert runner.invoke(alerts, ["test", "filed", "--dry-run"], obj=app).exit_code == 0
        assert not out.exists()
        tested = runner.invoke(alerts, ["test", "filed"], obj=app)
        assert tested.exit_code == 0, tested.output
        [line] = out.read_text(encoding="utf-8").splitlines()
        assert json.loads(line)["reason"].startswith("test:")
        assert len(receiver.posts) == 1  # the other rule's channel got nothing

        missing = runner.invoke(alerts, ["test", "nope"], obj=app)
        assert isinstance(missing.exception, ConfigError)

        receiver.stop()
        assert runner.invoke(alerts, ["test", "deals"], obj=app).exit_code == 1
    finally:
        receiver.stop()
