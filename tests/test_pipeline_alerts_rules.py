"""Alert rules: loading the TOML (secrets from the environment) and matching events."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.alerts.facts import EventFacts, Party, Report
from pipeline.alerts.outbox import matches
from pipeline.alerts.rules import ChannelKind, load_alert_config, parse_alert_config
from pipeline.errors import ConfigError
from pipeline.settings import load_settings

CHANNEL = '[[channel]]\nname = "log"\nkind = "terminal"\n'

EVENT = EventFacts(
    id=7,
    type="funding",
    status="announced",
    amount_value=Decimal("2000000000"),
    amount_currency="CNY",
    amount_qualifier="at_least",
    amount_usd=Decimal("276000000"),
    parties=(
        Party(
            "investee",
            "moore-threads",
            "Moore Threads",
            "摩尔线程",
            country="CN",
            segment="gpu",
            aliases=("摩尔线程智能科技",),
            mention="摩尔线程",
        ),
        Party("investors", "sequoia-china", "HongShan", "红杉中国", country="CN"),
    ),
    reports=(Report("标题", "https://a.test/1", None, "zh-CN", "src", "证据句。"),),
)


def _rule(body: str) -> object:
    raw = tomllib.loads(CHANNEL + '[[alert]]\nname = "r"\nchannels = ["log"]\n' + body)
    return parse_alert_config([(Path("/cfg/chipnews.toml"), raw)], {}).rule("r")


# (rule body, reason, expected)
MATCH_CASES = [
    ("", "new", True),
    ('types = ["funding"]', "new", True),
    ('types = ["acquisition", "listing"]', "new", False),
    ("min_usd = 100_000_000", "new", True),
    ("min_usd = 300000000", "new", False),
    ('min_usd = "276000000"', "new", True),
    ('companies = ["moore threads"]', "new", True),
    ('companies = ["摩尔线程"]', "new", True),
    ('companies = ["ＭＯＯＲＥ　ＴＨＲＥＡＤＳ"]', "new", True),  # full-width, any case
    ('companies = ["moore-threads"]', "new", True),  # the registry key
    ('companies = ["摩尔线程智能科技"]', "new", True),  # an alias
    ('companies = ["红杉中国"]', "new", True),  # an investor counts too
    ('companies = ["Nvidia", "英伟达"]', "new", False),
    ('countries = ["cn"]', "new", True),
    ('countries = ["US"]', "new", False),
    ('segments = ["GPU"]', "new", True),
    ('segments = ["foundry"]', "new", False),
    ('statuses = ["announced", "completed"]', "new", True),
    ('statuses = ["completed"]', "new", False),
    ('languages = ["zh"]', "new", True),
    ('languages = ["en"]', "new", False),
    ('on = ["new"]', "status:completed", False),
    ('on = ["status"]', "status:completed", True),
    ('on = ["amount"]', "amount", True),
    ('types = ["funding"]\ncountries = ["US"]', "new", False),  # every filter must hold
]


@pytest.mark.parametrize(("body", "reason", "expected"), MATCH_CASES)
def test_rule_matching(body: str, reason: str, expected: bool) -> None:
    assert matches(_rule(body), EVENT, reason) is expected  # type: ignore[arg-type]


def test_min_usd_needs_a_known_amount() -> None:
    unknown = EventFacts(id=1, type="funding", status="announced")
    assert not matches(_rule("min_usd = 1"), unknown, "new")  # type: ignore[arg-type]
    assert matches(_rule(""), unknown, "new")  # type: ignore[arg-type]


def test_bad_reason_is_a_bug() -> None:
    with pytest.raises(ValueError):
        matches(_rule(""), EVENT, "status")  # type: ignore[arg-type]


# (config text, words the error must contain)
BAD_CONFIGS = [
    ('[[alert]]\nname = "r"\nchannels = ["nowhere"]\n', "nowhere"),
    ('[[alert]]\nname = "r"\n', "at least one channel"),
    (CHANNEL + '[[alert]]\nname = "r"\nchannels = ["log"]\ntypes = ["merger"]\n', "merger"),
    (CHANNEL + '[[alert]]\nname = "r"\nchannels = ["log"]\nstatuses = ["done"]\n', "done"),
    (CHANNEL + '[[alert]]\nname = "r"\nchannels = ["log"]\nmin_usd = "lots"\n', "lots"),
    (CHANNEL + '[[alert]]\nname = "r"\nchannels = ["log"]\ncolour = "red"\n', "colour"),
    (CHANNEL + '[[alert]]\nname = "r"\nchannels = ["log"]\non = ["always"]\n', "always"),
    (CHANNEL + CHANNEL, "defined twice"),
    ('[[channel]]\nname = "x"\nkind = "pigeon"\n', "kind"),
    ('[[channel]]\nname = "x"\nkind = "webhook"\n', "needs a url"),
    ('[[channel]]\nname = "x"\nkind = "webhook"\nurl = "ftp://h/"\n', "http"),
    ('[[channel]]\nname = "x"\nkind = "jsonl"\n', "needs a path"),
    ('[[channel]]\nname = "x"\nkind = "terminal"\ndigest = "yes"\n', "true or false"),
    (
        '[[channel]]\nname = "x"\nkind = "apprise"\nurl = "${NOT_SET_ANYWHERE}"\n',
        "NOT_SET_ANYWHERE",
    ),
]


@pytest.mark.parametrize(("text", "words"), BAD_CONFIGS)
def test_bad_config_is_a_config_error(text: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        parse_alert_config([(Path("/cfg/c.toml"), tomllib.loads(text))], {})


def test_load_from_user_file_and_alerts_file(tmp_path: Path) -> None:
    (tmp_path / "watch.txt").write_text("# chips we follow\nMoore Threads\n\n寒武纪  # Cambricon\n")
    (tmp_path / "alerts.toml").write_text(
        '[[channel]]\nname = "hook"\nkind = "webhook"\nurl = "https://h.test/in"\n'
        'headers = { Authorization = "Bearer ${HOOK_TOKEN}" }\n'
        '[[alert]]\nname = "watch"\nwatchlist = "watch.txt"\nchannels = ["hook", "file"]\n'
    )
    config_file = tmp_path / "chipnews.toml"
    config_file.write_text(
        '[alerts]\nfile = "alerts.toml"\n'
        '[[channel]]\nname = "file"\nkind = "jsonl"\npath = "out/alerts.jsonl"\ndigest = true\n'
        '[[alert]]\nname = "big"\nmin_usd = 1e8\nchannels = ["file"]\n'
    )
    settings = load_settings(config_file, env={})
    config = load_alert_config(settings, env={"HOOK_TOKEN": "s3cret"})
    assert [r.name for r in config.rules] == ["big", "watch"]
    assert config.rule("big").filters.min_usd == Decimal("1e8")
    assert config.rule("watch").filters.companies == {"moore threads", "寒武纪"}
    hook = config.channel("hook")
    assert hook.kind is ChannelKind.WEBHOOK
    assert hook.headers == {"Authorization": "Bearer s3cret"}
    assert config.channel("file").path == tmp_path / "out" / "alerts.jsonl"
    assert config.channel("file").digest is True
    assert config.timezone == settings.timezone
    # the secret lives only in memory: the files still hold the reference
    assert "s3cret" not in (tmp_path / "alerts.toml").read_text()
    with pytest.raises(ConfigError, match="HOOK_TOKEN"):
        load_alert_config(settings, env={})


def test_no_user_file_means_no_rules(tmp_path: Path) -> None:
    config = load_alert_config(load_settings(None, env={}), env={})
    assert config.rules == ()
    with pytest.raises(ConfigError, match="no alert rule"):
        config.rule("anything")


def test_example_file_loads(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[1] / "config" / "alerts.example.toml"
    (tmp_path / "watchlist.txt").write_text("寒武纪\n")
    copy = tmp_path / "chipnews.toml"
    copy.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    env = {"CHIPNEWS_SMTP_PASSWORD": "pw", "DINGTALK_TOKEN": "dt", "CRM_TOKEN": "crm"}
    config = load_alert_config(load_settings(copy, env={}), env=env)
    assert [r.name for r in config.rules] == [
        "big-deals",
        "watched-companies",
        "export-rules",
        "chinese-foundry",
    ]
    assert config.channel("crm").headers == {"Authorization": "Bearer crm"}
    assert "alerts:pw@" in str(config.channel("team-mail").url)
    assert "寒武纪" in config.rule("watched-companies").filters.companies
