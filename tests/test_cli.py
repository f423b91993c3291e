"""The command line contract: reports, JSON, batch, rules commands and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

from .conftest import build_rules


@pytest.fixture
def run(fixture_rules: Path):
    def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None):
        return CliRunner().invoke(cli, ["--rules", str(fixture_rules), *args], input=input, env=env)

    return invoke


def test_stdin_without_command_prints_verdict_first(run) -> None:
    result = run(input="Please send your password today.")
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith("DANGER") and "do not reply" in first
    assert '"send your password"' in result.output
    assert "Why:" in result.output and "Instead:" in result.output
    assert "\x1b[" not in result.output  # not a terminal: no colour


def test_clean_message_exits_zero(run) -> None:
    result = run("check", input="Your parcel ships today.")
    assert result.exit_code == 0
    assert result.output.startswith("OK")


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("danger", 1), ("caution", 1)])
def test_fail_on_sets_the_threshold(run, fail_on: str, code: int) -> None:
    assert run("check", "--fail-on", fail_on, input="Send your password").exit_code == code


def test_fail_on_above_verdict_passes(run) -> None:
    assert run("check", "--direction", "incoming", "--fail-on", "warning",
               input="Urgent, please reply").exit_code == 0


def test_json_format(run) -> None:
    result = run("check", "--format", "json", "--direction", "incoming", input="Send your password")
    data = json.loads(result.output)
    assert data["verdict"] == "danger" and data["findings"][0]["rule"] == "S901"
    assert data["findings"][0]["start"] == 0


def test_several_files_each_checked(run, tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Thanks for the quick delivery", encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"caf\xe9 password")
    result = run("check", "--format", "json", str(good), str(bad), str(tmp_path / "missing.txt"))
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 1  # the good file is still reported
    assert "not valid UTF-8 (byte 0xe9 at offset 3)" in result.stderr
    assert "missing.txt" in result.stderr


def test_empty_input_is_a_usage_error(run) -> None:
    result = run("check", input="  \n")
    assert result.exit_code == 2
    assert "the message is empty" in result.stderr


def test_bad_option_is_exit_2(run) -> None:
    assert run("check", "--direction", "sideways", input="x").exit_code == 2


def test_batch_keeps_order_and_reports_bad_lines(run) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Send your password"}),
        "this is not json",
        json.dumps({"id": "c", "text": "Thanks!", "direction": "outgoing"}),
        json.dumps({"id": "d", "text": ""}),
        json.dumps({"id": "e"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "g", "text": "请把密码发给我", "lang": "zh"}),
    ]
    payload = ("\n".join(lines) + "\n").encode() + b'{"id": "h", "text": "\xff"}\n'
    result = run("batch", "--direction", "incoming", "-", input=payload)
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c", "d", "e", None, "g", None]
    assert out[0]["verdict"] == "danger"
    assert "invalid JSON" in out[1]["error"]
    assert out[2]["direction"] == "outgoing"
    assert "empty" in out[3]["error"]
    assert "'text' must be a string" in out[4]["error"]
    assert "expected a JSON object" in out[5]["error"]
    assert out[6]["verdict"] == "danger" and out[6]["lang"] == "zh"
    assert "not valid UTF-8" in out[7]["error"]


def test_batch_fail_on(run) -> None:
    line = json.dumps({"text": "Send your password"}) + "\n"
    assert run("batch", "--fail-on", "danger", "-", input=line).exit_code == 1


def test_batch_with_workers_matches_one_process(run) -> None:
    texts = ["Send your password", "Thanks", "Urgent!", "请把密码发给我", "hello"] * 40
    payload = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts))
    one = run("batch", "--direction", "incoming", "-", input=payload)
    two = run("batch", "--direction", "incoming", "--jobs", "2", "-", input=payload)
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert len(one.stdout.splitlines()) == len(texts)


def test_batch_missing_file(run, tmp_path: Path) -> None:
    result = run("batch", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_rules_list_explain_test(run) -> None:
    listing = run("rules", "list")
    assert listing.exit_code == 0 and "S901" in listing.output and "T902" in listing.output
    incoming = run("rules", "list", "--direction", "incoming", "--format", "json")
    assert {json.loads(line)["direction"] for line in incoming.output.splitlines()} == {"incoming"}
    explain = run("rules", "explain", "s901")
    assert explain.exit_code == 0
    assert "Why it matters:" in explain.output and "Send your password." in explain.output
    assert run("rules", "explain", "X000").exit_code == 2
    tested = run("rules", "test")
    assert tested.exit_code == 0 and tested.output.strip().endswith("0 failed")
    assert run("rules", "test", "S999").exit_code == 2


def test_rules_test_reports_a_failing_example(tmp_path: Path) -> None:
    rule = (Path(__file__).parent / "fixtures/rules/incoming/S903-urgent-wording.toml").read_text()
    rule = rule.replace('"Thanks."', '"This is urgent."')
    root = build_rules(tmp_path / "rules", {"incoming/S903-urgent-wording.toml": rule})
    result = CliRunner().invoke(cli, ["--rules", str(root), "rules", "test", "S903"])
    assert result.exit_code == 1
    assert "FAIL S903 urgent-wording: must not flag: This is urgent." in result.output


def test_broken_rule_set_exits_2_without_traceback(tmp_path: Path) -> None:
    root = build_rules(tmp_path / "rules", {"incoming/S905-bad.toml": 'id = "S905"\n'})
    result = CliRunner().invoke(cli, ["--rules", str(root), "check"], input="hello")
    assert result.exit_code == 2
    assert "the rule set is broken" in result.stderr
    assert "S905-bad.toml:1: S905: name: missing required key" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_colour_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker import cli as cli_module

    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli_module._colour()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli_module._colour()
