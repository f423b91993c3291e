"""Shared fixtures: the bundled rule set, and a small fixed rule set for engine and CLI tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker import Checker

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_RULES = Path(__file__).resolve().parent / "fixtures" / "rules"


def build_rules(target: Path, extra: dict[str, str] | None = None, fixtures: bool = True) -> Path:
    """A rule folder with the bundled lexicons, the fixture rules and `extra` files."""
    shutil.copytree(ROOT / "rules" / "lexicons", target / "lexicons")
    shutil.copy(ROOT / "rules" / "marketplaces.toml", target / "marketplaces.toml")
    if fixtures:
        shutil.copytree(FIXTURE_RULES, target, dirs_exist_ok=True)
    for name, text in (extra or {}).items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the tests' rule cache out of the user's cache folder."""
    import os

    os.environ["MSGCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def checker() -> Checker:
    """The bundled rules."""
    return Checker()


@pytest.fixture(scope="session")
def fixture_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small rule set that does not change when the bundled rules are tuned."""
    return build_rules(tmp_path_factory.mktemp("rules") / "rules")


@pytest.fixture(scope="session")
def fixture_checker(fixture_rules: Path) -> Checker:
    return Checker(fixture_rules)
