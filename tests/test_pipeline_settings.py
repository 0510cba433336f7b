"""Settings layering: defaults, then the user file, then CHIPNEWS_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.settings import load_settings


def test_defaults_give_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    s = load_settings(env={"CHIPNEWS_DATA_DIR": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'chipnews.db'}"
    assert s.base_currency == "USD"
    assert s.fetch.max_bytes == 5 * 2**20


def test_user_file_then_environment_win(tmp_path: Path) -> None:
    user = tmp_path / "chipnews.toml"
    user.write_text('base_currency = "EUR"\n[fetch]\ntimeout_s = 7.5\nmax_redirects = 2\n')
    env = {
        "CHIPNEWS_CONFIG": str(user),
        "CHIPNEWS_FETCH__MAX_REDIRECTS": "9",
        "CHIPNEWS_DATABASE__URL": "postgresql+psycopg://u@h/db",
    }
    s = load_settings(env=env)
    assert (s.base_currency, s.fetch.timeout_s, s.fetch.max_redirects) == ("EUR", 7.5, 9)
    assert s.database_url == "postgresql+psycopg://u@h/db"
    assert s.config_path == user


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[fetch]\ntimeout = 3\n", "no setting 'timeout'"),
        ("[fetch]\ntimeout_s = 'soon'\n", "is not a float"),
        ("[fetch\n", "bad.toml"),
    ],
)
def test_bad_user_file_is_a_config_error(tmp_path: Path, content: str, problem: str) -> None:
    user = tmp_path / "bad.toml"
    user.write_text(content)
    with pytest.raises(ConfigError, match=problem):
        load_settings(user, env={})


def test_missing_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml", env={})
