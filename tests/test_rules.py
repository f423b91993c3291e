"""Every rule's own examples, and the catalogue's invariants."""

from __future__ import annotations

import pytest

from checker import Checker
from checker.loader import DIRECTIONS, MIN_EXAMPLES, default_rules_root, rule_files

RULES = Checker().rules
CASES = [
    pytest.param(rule.id, expect, example, id=f"{rule.id}-{kind}-{i}")
    for rule in RULES
    for expect, kind, examples in ((True, "must_flag", rule.must_flag),
                                   (False, "must_not_flag", rule.must_not_flag))
    for i, example in enumerate(examples)
]


@pytest.mark.parametrize(("rule_id", "expect", "example"), CASES)
def test_rule_example(checker: Checker, rule_id: str, expect: bool, example: str) -> None:
    rule = checker.rule(rule_id)
    assert rule is not None
    findings = checker.findings_for(rule, example)
    assert bool(findings) == expect, [f.match for f in findings]


def test_every_rule_file_loads() -> None:
    assert len(RULES) == len(rule_files(default_rules_root()))


def test_ids_and_names_are_unique() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_files_are_named_and_placed_by_id_name_and_direction() -> None:
    for rule in RULES:
        assert rule.path.name == f"{rule.id}-{rule.name}.toml"
        assert rule.path.parent.name == rule.direction in DIRECTIONS


def test_every_rule_documents_and_tests_itself() -> None:
    for rule in RULES:
        assert len(rule.must_flag) >= MIN_EXAMPLES and len(rule.must_not_flag) >= MIN_EXAMPLES, rule.id
        assert rule.message.strip() and rule.why.strip() and rule.instead.strip(), rule.id


def test_id_prefix_fits_direction() -> None:
    for rule in RULES:
        expected = "S" if rule.direction == "incoming" else "TIPCL"
        assert rule.id[0] in expected, rule.id


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_each_direction_covers_both_languages(direction: str) -> None:
    languages = {lang for r in RULES if r.direction == direction for lang in r.languages}
    assert {"en", "zh"} <= languages
