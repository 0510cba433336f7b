"""The CLI end to end: demo on the bundled samples, then events, sql, sources, extract, eval."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

DEV = Path(__file__).resolve().parent / "data" / "dev"


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("data")
    env = {"CHIPNEWS_DATA_DIR": str(data), "CHIPNEWS_DATABASE__URL": ""}
    result = CliRunner().invoke(main, ["demo"], env=env)
    assert result.exit_code == 0, result.output
    env["CHIPNEWS_DATABASE__URL"] = f"sqlite:///{data / 'demo.db'}"
    return env


def test_demo_ingests_every_sample_article(demo_env: dict[str, str]) -> None:
    db = demo_env["CHIPNEWS_DATABASE__URL"].removeprefix("sqlite:///")
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        languages = {r[0][:2] for r in conn.execute("SELECT DISTINCT language FROM articles")}
        seed = conn.execute("SELECT count(*) FROM articles WHERE title LIKE '沐曦股份科创板上市%'")
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        failed = conn.execute("SELECT count(*) FROM ingest_run_sources WHERE status = 'error'")
        assert articles >= 30 and languages == {"zh", "en"}
        assert seed.fetchone()[0] == 1
        assert events > 0
        assert failed.fetchone()[0] == 0


def test_events_as_json_and_csv(demo_env: dict[str, str]) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["events", "--format", "json", "--limit", "500"], env=demo_env)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows and {"id", "type", "status", "roles", "amount_value"} <= set(rows[0])
    funding = runner.invoke(main, ["events", "--type", "funding", "--format", "json"], env=demo_env)
    assert {json.loads(x)["type"] for x in funding.output.splitlines()} <= {"funding"}
    csv_out = runner.invoke(main, ["events", "--format", "csv"], env=demo_env)
    assert csv_out.output.splitlines()[0].startswith("id,type,status")


def test_sql_is_read_only(demo_env: dict[str, str]) -> None:
    runner = CliRunner()
    ok = runner.invoke(
        main, ["sql", "SELECT count(*) AS n FROM articles", "--format", "json"], env=demo_env
    )
    assert ok.exit_code == 0 and json.loads(ok.output)["n"] >= 30
    refused = runner.invoke(main, ["sql", "DELETE FROM articles"], env=demo_env)
    assert refused.exit_code == 2
    again = runner.invoke(
        main, ["sql", "SELECT count(*) AS n FROM articles", "--format", "json"], env=demo_env
    )
    assert json.loads(again.output)["n"] == json.loads(ok.output)["n"]


def test_sources_shows_fetch_state(demo_env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["sources"], env=demo_env)
    assert result.exit_code == 0 and "sample-" in result.output and "ok" in result.output


def test_extract_prints_scorer_lines() -> None:
    result = CliRunner().invoke(main, ["extract", str(DEV / "zh-dev-000-seed.json")])
    assert result.exit_code == 0, result.output
    line = json.loads(result.output)
    assert line["id"] == "zh-dev-000-seed"
    for event in line["events"]:
        assert {"type", "companies", "amount", "status", "date", "details", "evidence"} <= set(
            event
        )


def test_extract_reads_plain_text_from_stdin() -> None:
    text = "Acme Semiconductor Inc. said on Monday it agreed to buy Widget Chips Ltd."
    result = CliRunner().invoke(
        main, ["extract", "-", "--published", "2025-03-04T08:00:00+00:00"], input=text
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["id"] == "stdin"


def test_eval_scores_a_gold_folder() -> None:
    result = CliRunner().invoke(main, ["eval", str(DEV), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["articles"] == 29 and 0 <= summary["f1"] <= 1


def test_bad_config_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[fetch]\nnope = 1\n")
    result = CliRunner().invoke(main, ["--config", str(bad), "sources"])
    assert result.exit_code == 2 and "no setting 'nope'" in result.output


def test_companies_lists_event_counts(demo_env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["companies", "--json", "--limit", "5"], env=demo_env)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows and rows[0]["events"] >= rows[-1]["events"] >= 0
    refused = CliRunner().invoke(main, ["companies", "merge", "nvidia", "amd"], env=demo_env)
    assert refused.exit_code != 0 and "registry" in refused.output


def test_failed_source_is_classed_in_summary_and_sources(tmp_path: Path) -> None:
    from tests.httpserver import LocalServer, Route

    with LocalServer() as server:
        server.add("/down.xml", Route(status=500))
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[source]]\nname = "down"\nkind = "rss"\nurl = "{server.url("/down.xml")}"\n'
            "local = true\n"
        )
        env = {"CHIPNEWS_DATA_DIR": str(tmp_path), "CHIPNEWS_DATABASE__URL": ""}
        ran = CliRunner().invoke(main, ["ingest", "--sources-file", str(sources)], env=env)
    assert ran.exit_code == 1, ran.output
    assert "http_status" in ran.output and "1 failed" in ran.output
    shown = CliRunner().invoke(main, ["sources"], env=env)
    assert "http_status" in shown.output and "down" in shown.output
