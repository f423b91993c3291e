"""The `msgcheck` command line: check, batch and rules (exit codes 0 / 1 / 2 are an interface)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import click

from .engine import AUTO, Checker, InputError
from .loader import DIRECTIONS, RuleSetError
from .marketplaces import DEFAULT_MARKETPLACE
from .model import SEVERITY_NAMES, Report, Severity
from .render import rule_doc, to_json, to_text

EXIT_OK, EXIT_FLAGGED, EXIT_ERROR = 0, 1, 2
FAIL_ON_CHOICES = (*SEVERITY_NAMES, "never")
DIRECTION_CHOICES = (AUTO, *DIRECTIONS)
BATCH_CHUNK = 64


class State:
    """Per-invocation settings; the rule set is loaded on first use, not for --help."""

    def __init__(self, rules_dir: Path | None) -> None:
        self.rules_dir = rules_dir
        self._checker: Checker | None = None

    @property
    def checker(self) -> Checker:
        if self._checker is None:
            try:
                self._checker = Checker(self.rules_dir)
            except RuleSetError as exc:
                click.echo(f"msgcheck: the rule set is broken ({len(exc.problems)} problem(s)):",
                           err=True)
                for problem in exc.problems:
                    click.echo(str(problem), err=True)
                sys.exit(EXIT_ERROR)
        return self._checker


def _colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _fails(report: Report, fail_on: str) -> bool:
    severity = report.severity
    return fail_on != "never" and severity is not None and severity >= Severity.parse(fail_on)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source} is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start}); save it as UTF-8") from None


def _read_source(name: str) -> str:
    if name == "-":
        if sys.stdin.isatty():
            click.echo("Paste the message, then press Ctrl-D on a new line:", err=True)
        return _decode(sys.stdin.buffer.read(), "standard input")
    try:
        return _decode(Path(name).read_bytes(), name)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror}") from None


direction_option = click.option(
    "--direction", type=click.Choice(DIRECTION_CHOICES), default=AUTO, show_default=True,
    help="incoming: a seller's message (scam check); outgoing: your draft (tone and content).")
lang_option = click.option(
    "--lang", default=AUTO, show_default=True, metavar="auto|en|zh",
    help="Language of the message; auto runs every language whose script it contains.")
marketplace_option = click.option(
    "--marketplace", default=DEFAULT_MARKETPLACE, show_default=True, metavar="DOMAIN",
    help="Where the message is sent (e.g. amazon.de); decides which languages need no translation.")
fail_on_option = click.option(
    "--fail-on", type=click.Choice(FAIL_ON_CHOICES), default="warning", show_default=True,
    help="Exit 1 when the verdict is at or above this severity.")


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="MSGCHECK_RULES", help="Use the rule folder DIR instead of the bundled rules.")
@click.version_option(package_name="msgcheck")
@click.pass_context
def cli(ctx: click.Context, rules_dir: Path | None) -> None:
    """Check marketplace messages for scams (incoming) and drafts for tone and gaps (outgoing).

    With no command, reads one message from standard input and prints a report.
    Exit codes: 0 below --fail-on, 1 at or above it, 2 for bad input or a broken rule set.
    """
    ctx.obj = State(rules_dir)
    if ctx.invoked_subcommand is None:
        ctx.invoke(check)


@cli.command()
@direction_option
@lang_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True, help="text for people; json prints one JSON object per message.")
@fail_on_option
@marketplace_option
@click.argument("files", nargs=-1, metavar="[FILE|-]...")
@click.pass_obj
def check(state: State, direction: str, lang: str, fmt: str, fail_on: str, marketplace: str,
          files: tuple[str, ...]) -> None:
    """Check each FILE (or standard input) as one message."""
    checker = state.checker
    status = EXIT_OK
    colour = _colour()
    for number, name in enumerate(files or ("-",)):
        try:
            report = checker.check(_read_source(name), direction=direction, lang=lang,
                                   marketplace=marketplace)
        except InputError as exc:
            click.echo(f"msgcheck: {name}: {exc}", err=True)
            status = EXIT_ERROR
            continue
        if fmt == "json":
            click.echo(to_json(report))
        else:
            if number:
                click.echo()
            click.echo(to_text(report, name if len(files) > 1 else None), color=colour)
        if _fails(report, fail_on) and status != EXIT_ERROR:
            status = EXIT_FLAGGED
    sys.exit(status)


def _parse_line(raw: bytes, number: int) -> tuple[Any, dict[str, Any] | str]:
    """A batch line as (id, request) or (id, error text)."""
    try:
        record = json.loads(_decode(raw, f"line {number}"))
    except InputError as exc:
        return None, str(exc)
    except json.JSONDecodeError as exc:
        return None, f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(record, dict):
        return None, f"line {number}: expected a JSON object"
    rid = record.get("id")
    text = record.get("text")
    if not isinstance(text, str):
        return rid, f"line {number}: 'text' must be a string"
    return rid, record


_worker_checker: Checker | None = None


def _init_worker(checker: Checker) -> None:
    global _worker_checker
    _worker_checker = checker


def _check_record(args: tuple[Checker | None, int, bytes, str, str, str]) -> str:
    checker, number, raw, direction, lang, marketplace = args
    checker = checker or _worker_checker
    assert checker is not None
    rid, parsed = _parse_line(raw, number)
    if isinstance(parsed, str):
        return json.dumps({"id": rid, "error": parsed}, ensure_ascii=False)
    try:
        report = checker.check(parsed["text"], direction=parsed.get("direction", direction),
                               lang=parsed.get("lang", lang), id=rid,
                               marketplace=parsed.get("marketplace", marketplace))
    except InputError as exc:
        return json.dumps({"id": rid, "error": f"line {number}: {exc}"}, ensure_ascii=False)
    return to_json(report)


def _lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    for number, raw in enumerate(stream, 1):
        if raw.strip():
            yield number, raw


def _run_batch(checker: Checker, lines: Iterable[tuple[int, bytes]], direction: str, lang: str,
               marketplace: str, jobs: int) -> Iterator[str]:
    if jobs <= 1:
        for number, raw in lines:
            yield _check_record((checker, number, raw, direction, lang, marketplace))
        return
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(jobs, _init_worker, (checker,)) as pool:
        tasks = ((None, number, raw, direction, lang, marketplace) for number, raw in lines)
        yield from pool.imap(_check_record, tasks, chunksize=BATCH_CHUNK)


@cli.command()
@direction_option
@lang_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes.")
@click.option("--fail-on", type=click.Choice(FAIL_ON_CHOICES), default="never", show_default=True,
              help="Exit 1 when any message's verdict is at or above this severity.")
@marketplace_option
@click.argument("source", metavar="INPUT|-")
@click.pass_obj
def batch(state: State, direction: str, lang: str, jobs: int, fail_on: str, marketplace: str,
          source: str) -> None:
    """Check JSON Lines ({"id"?, "text", "direction"?, "lang"?, "marketplace"?}), in order.

    A line that cannot be checked becomes {"id": ..., "error": ...} and the rest go on.
    """
    checker = state.checker
    try:
        stream: BinaryIO = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        click.echo(f"msgcheck: cannot read {source}: {exc.strerror}", err=True)
        sys.exit(EXIT_ERROR)
    status = EXIT_OK
    out = sys.stdout
    with stream:
        for line in _run_batch(checker, _lines(stream), direction, lang, marketplace, jobs):
            out.write(line + "\n")
            if fail_on != "never" and status == EXIT_OK:
                verdict = json.loads(line).get("verdict")
                if verdict not in (None, "ok") and Severity.parse(verdict) >= Severity.parse(fail_on):
                    status = EXIT_FLAGGED
    out.flush()
    sys.exit(status)


@cli.group()
def rules() -> None:
    """List, explain and test the rules."""


@rules.command("list")
@click.option("--direction", type=click.Choice(DIRECTIONS), help="Only rules of this direction.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.pass_obj
def rules_list(state: State, direction: str | None, fmt: str) -> None:
    """The rule catalogue."""
    for rule in state.checker.rules:
        if direction and rule.direction != direction:
            continue
        if fmt == "json":
            click.echo(json.dumps({
                "id": rule.id, "name": rule.name, "category": rule.category,
                "severity": rule.severity.label, "direction": rule.direction,
                "languages": list(rule.languages), "kind": rule.kind,
            }, ensure_ascii=False))
        else:
            click.echo(f"{rule.id}  {rule.severity.label:<8} {rule.category:<26} "
                       f"{'/'.join(rule.languages):<6} {rule.name}")


@rules.command("explain")
@click.argument("rule_id")
@click.pass_obj
def rules_explain(state: State, rule_id: str) -> None:
    """Print a rule's documentation and examples."""
    rule = state.checker.rule(rule_id.upper())
    if rule is None:
        click.echo(f"msgcheck: no rule {rule_id!r}; see 'msgcheck rules list'", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(rule_doc(rule))


@rules.command("test")
@click.argument("rule_ids", nargs=-1)
@click.pass_obj
def rules_test(state: State, rule_ids: tuple[str, ...]) -> None:
    """Run the rules' own examples; exit 1 if any example fails."""
    checker = state.checker
    wanted = {r.upper() for r in rule_ids}
    unknown = wanted - {r.id for r in checker.rules}
    if unknown:
        click.echo(f"msgcheck: no rule(s) {', '.join(sorted(unknown))}", err=True)
        sys.exit(EXIT_ERROR)
    passed = failed = 0
    for rule in checker.rules:
        if wanted and rule.id not in wanted:
            continue
        for expect, examples in ((True, rule.must_flag), (False, rule.must_not_flag)):
            for example in examples:
                if bool(checker.findings_for(rule, example)) == expect:
                    passed += 1
                else:
                    failed += 1
                    what = "must flag" if expect else "must not flag"
                    click.echo(f"FAIL {rule.id} {rule.name}: {what}: {example}")
    click.echo(f"rules: {passed} passed, {failed} failed")
    sys.exit(EXIT_FLAGGED if failed else EXIT_OK)


def main() -> None:
    cli(prog_name="msgcheck")
