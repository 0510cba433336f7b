"""The generic package names resolve to this checkout, and the docs cover the interface."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("package", ["pipeline", "extractors", "db"])
def test_package_resolves_inside_the_checkout(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().parent == ROOT / package


def test_pyproject_lists_packages_explicitly() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = project["tool"]["setuptools"]["packages"]
    assert {"pipeline", "extractors", "db"} <= set(packages)
    assert project["project"]["scripts"]["chipnews"] == "pipeline.cli:main"


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [name for name in main.commands if f"chipnews {name}" not in readme]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_every_setting_is_in_the_defaults_file() -> None:
    from dataclasses import fields

    from pipeline.settings import Settings

    defaults = (ROOT / "config" / "defaults.toml").read_text()
    for f in fields(Settings):
        if f.name == "config_path":
            continue
        section = Settings.__dataclass_fields__[f.name].default
        names = (
            [x.name for x in fields(section)]
            if hasattr(section, "__dataclass_fields__")
            else [f.name]
        )
        for name in names:
            assert f"{name} =" in defaults, f"{f.name}.{name} is not documented in defaults.toml"


def test_help_works_for_every_command() -> None:
    runner = CliRunner()
    for name in main.commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
