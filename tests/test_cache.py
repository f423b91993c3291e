"""The prepared-rule cache: reused when nothing changed, rebuilt (and re-validated) otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import Checker, RuleSetError, cache

from .conftest import build_rules


@pytest.fixture
def rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MSGCHECK_CACHE_DIR", str(tmp_path / "cache"))
    return build_rules(tmp_path / "rules")


def cached_files(rules: Path) -> list[Path]:
    return list((rules.parent / "cache").glob("rules-*.pickle"))


def test_second_load_reuses_the_cache(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = Checker(rules)
    assert len(cached_files(rules)) == 1

    def no_rebuild(self: Checker) -> None:
        raise AssertionError("rebuilt despite a valid cache")

    monkeypatch.setattr(Checker, "_prepare", no_rebuild)
    second = Checker(rules)
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    text = "Send your password"
    assert second.check(text, "incoming") == first.check(text, "incoming")


def test_an_edited_rule_is_revalidated(rules: Path) -> None:
    Checker(rules)
    path = rules / "incoming" / "S903-urgent-wording.toml"
    path.write_text(path.read_text().replace('severity = "caution"', 'severity = "loud"'))
    with pytest.raises(RuleSetError, match="unknown severity 'loud'"):
        Checker(rules)


def test_a_corrupt_cache_is_ignored(rules: Path) -> None:
    Checker(rules)
    [stale] = cached_files(rules)
    stale.write_bytes(b"not a pickle")
    assert Checker(rules).check("Send your password", "incoming").verdict == "danger"


def test_cache_can_be_turned_off(rules: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSGCHECK_NO_CACHE", "1")
    Checker(rules)
    assert cache.cache_dir() is None and not cached_files(rules)


def test_unwritable_cache_still_works(rules: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("MSGCHECK_CACHE_DIR", str(blocker / "sub"))
    assert Checker(rules).check("Send your password", "incoming").verdict == "danger"


def test_rules_behind_a_symlink_are_fingerprinted(rules: Path, tmp_path: Path) -> None:
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "incoming").symlink_to(rules / "incoming")
    before = cache.fingerprint(linked)
    path = rules / "incoming" / "S903-urgent-wording.toml"
    path.write_text(path.read_text().replace('"urgent"', '"urgently"'))
    assert cache.fingerprint(linked) != before
