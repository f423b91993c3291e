"""Broken rule files are reported all at once, as path:line: RULE: key: problem with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import Checker, RuleSetError

from .conftest import build_rules

GOOD = '''id = "S901"
name = "password-request"
kind = "request"
category = "scam.credentials"
direction = "incoming"
languages = ["en"]
severity = "danger"
message = "Asks for your password ('{match}')."
why = "No seller needs it."
instead = "Do not reply."

[match.cue]
phrases = ["send", "reply with"]

[match.object]
phrases = ["password"]

[examples]
must_flag = ["Send your password.", "Reply with your password now."]
must_not_flag = ["We will never ask for your password.", "Thanks for your order."]
'''


def make_rules(tmp_path: Path, files: dict[str, str]) -> Path:
    return build_rules(tmp_path / "rules", files, fixtures=False)


def problems(root: Path) -> list[str]:
    with pytest.raises(RuleSetError) as info:
        Checker(root)
    return [str(p).replace(str(root) + "/", "") for p in info.value.problems]


def test_a_good_rule_loads(tmp_path: Path) -> None:
    root = make_rules(tmp_path, {"incoming/S901-password-request.toml": GOOD})
    checker = Checker(root)
    assert [r.id for r in checker.rules] == ["S901"]
    assert checker.check("Send your password.", direction="incoming").verdict == "danger"


def test_unknown_key_is_reported_with_line_and_hint(tmp_path: Path) -> None:
    broken = GOOD.replace('phrases = ["password"]', 'phrases = ["password"]\ncolour = "red"')
    root = make_rules(tmp_path, {"incoming/S901-password-request.toml": broken})
    assert problems(root) == [
        "incoming/S901-password-request.toml:17: S901: match.object.colour: unknown key\n"
        "    hint: allowed here: phrases, patterns, lexicons, exclude, exclude_lexicons, masked",
    ]


def test_value_problems_are_all_reported(tmp_path: Path) -> None:
    broken = (GOOD.replace('severity = "danger"', 'severity = "fatal"')
              .replace('must_flag = ["Send your password.", ', "must_flag = [")
              .replace('phrases = ["password"]', "patterns = ['''pass(word''']"))
    root = make_rules(tmp_path, {"incoming/S901-password-request.toml": broken})
    assert problems(root) == [
        "incoming/S901-password-request.toml:7: S901: severity: unknown severity 'fatal'\n"
        "    hint: use one of info, caution, warning, danger",
        "incoming/S901-password-request.toml:19: S901: examples.must_flag: needs at least 2 "
        "examples\n    hint: every rule documents and tests itself",
        "incoming/S901-password-request.toml:16: S901: match.object.patterns[0]: invalid regex: "
        "missing ) at position 9\n    hint: write regexes as TOML literal strings ('''...''')",
    ]


def test_missing_keys_and_wrong_types(tmp_path: Path) -> None:
    broken = GOOD.replace('why = "No seller needs it."\n', "").replace(
        'languages = ["en"]', 'languages = "en"')
    root = make_rules(tmp_path, {"incoming/S901-password-request.toml": broken})
    assert problems(root) == [
        "incoming/S901-password-request.toml:6: S901: languages: must be a list of non-empty "
        "strings\n    hint: from en, zh, any",
        "incoming/S901-password-request.toml:1: S901: why: missing required key\n"
        "    hint: why it matters",
    ]


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    root = make_rules(tmp_path, {"incoming/S901-password-request.toml": GOOD.replace(
        'kind = "request"', 'kind = request')})
    [problem] = problems(root)
    assert problem.startswith("incoming/S901-password-request.toml:3: S901: toml: invalid TOML:")


def test_file_name_direction_and_duplicate_ids(tmp_path: Path) -> None:
    root = make_rules(tmp_path, {
        "incoming/S901-password-request.toml": GOOD,
        "incoming/S901-other-name.toml": GOOD,
        "outgoing/S901-password-request.toml": GOOD,
    })
    assert problems(root) == [
        "incoming/S901-other-name.toml:1: S901: id: file name does not match id and name "
        "(expected S901-password-request.toml)\n    hint: rename the file or fix id/name",
        "outgoing/S901-password-request.toml:5: S901: direction: rule is incoming but sits in "
        "outgoing/\n    hint: move it to rules/incoming/",
    ]


def test_unknown_lexicon_and_kind(tmp_path: Path) -> None:
    root = make_rules(tmp_path, {
        "incoming/S901-password-request.toml": GOOD.replace(
            'phrases = ["password"]', 'lexicons = ["en/no-such-list"]'),
        "incoming/S902-x.toml": GOOD.replace('"S901"', '"S902"').replace(
            '"password-request"', '"x"').replace('"request"', '"magic"'),
    })
    found = problems(root)
    assert found[0].startswith(
        "incoming/S901-password-request.toml:16: S901: match.object.lexicons: lexicon "
        "'en/no-such-list' not found")
    assert found[1] == ("incoming/S902-x.toml:3: S902: kind: unknown kind 'magic'\n"
                        "    hint: use one of existence, request, conditional, occurrence, tokens, link, "
                        "language")


def test_empty_rule_folder_is_an_error(tmp_path: Path) -> None:
    root = make_rules(tmp_path, {})
    [problem] = problems(root)
    assert "no rule files found" in problem
