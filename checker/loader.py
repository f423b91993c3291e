"""Find, parse and validate rule files; report every problem at once as path:line: RULE: key.

The file system is the registry: every rules/<direction>/<ID>-<name>.toml is a rule.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .kinds import KINDS, Kind
from .kinds.base import TERMS_SCHEMA, BuildContext, Field
from .languages import SUPPORTED
from .model import SEVERITY_NAMES, Severity
from .terms import Lexicons
from .validators import VALIDATORS

DIRECTIONS = ("incoming", "outgoing")
ANY_LANGUAGE = "any"
CATEGORIES = frozenset({
    "scam.credentials", "scam.payment_details", "scam.identity", "scam.code",
    "scam.offplatform_payment", "scam.offplatform_contact", "scam.link", "scam.impersonation",
    "scam.pressure", "scam.overpayment", "scam.remote_access", "scam.prize", "scam.attachment",
    "scam.callback", "policy.review_incentive",
    # added after DESIGN.md's first list: lures and bulk mail seen in real scam traffic
    "scam.romance", "scam.job_offer", "scam.investment", "policy.marketing",
    "tone.threat", "tone.abuse", "tone.profanity", "tone.identity_attack", "tone.extortion",
    "tone.shouting", "tone.pestering", "tone.politeness", "clarity.slang", "info.order_number",
    "info.product", "info.problem", "info.resolution", "info.evidence",
    "privacy.payment_details", "privacy.credentials", "privacy.identity", "lang.translation",
})
# Default score of a finding by severity; a rule may set its own.
SEVERITY_SCORES = {Severity.INFO: 0.1, Severity.CAUTION: 0.3, Severity.WARNING: 0.6,
                   Severity.DANGER: 0.9}
MIN_EXAMPLES = 2
_ID = re.compile(r"^[A-Z]\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

RULE_SCHEMA: dict[str, Field] = {
    "id": Field("str", "a capital letter and three digits, e.g. S101", required=True),
    "name": Field("str", "kebab-case, naming what is flagged", required=True),
    "kind": Field("str", f"one of {', '.join(KINDS)}", required=True),
    "category": Field("str", "a category from DESIGN.md, e.g. scam.credentials", required=True),
    "direction": Field("str", "incoming or outgoing", required=True),
    "languages": Field("list[str]", f"from {', '.join((*SUPPORTED, ANY_LANGUAGE))}", required=True),
    "severity": Field("str", f"one of {', '.join(SEVERITY_NAMES)}", required=True),
    "score": Field("float", "0 < score <= 1; default by severity"),
    "message": Field("str", "what was found; may use {match}", required=True),
    "why": Field("str", "why it matters", required=True),
    "instead": Field("str", "what to do instead", required=True),
    "context": Field("bool", "drop hits in negated, advisory or reported clauses"),
    "mask": Field("bool", "show the match with digits masked (privacy rules)"),
    "validate": Field("str", f"checksum of the matched number: {', '.join(VALIDATORS)}"),
    "match": Field("table", "the kind's own keys", required=True),
    "examples": Field("table", "must_flag and must_not_flag lists", required=True),
}
EXAMPLES_SCHEMA: dict[str, Field] = {
    "must_flag": Field("list[str]", f"at least {MIN_EXAMPLES} messages the rule must flag", required=True),
    "must_not_flag": Field("list[str]", f"at least {MIN_EXAMPLES} it must not flag", required=True),
}


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int
    rule: str
    key: str
    problem: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.rule}: {self.key}: {self.problem}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class RuleSetError(Exception):
    """The rule set is broken; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True, slots=True)
class Rule:
    """One loaded rule: its documentation and its compiled matcher."""

    id: str
    name: str
    kind: str
    category: str
    direction: str
    languages: tuple[str, ...]
    severity: Severity
    score: float
    message: str
    why: str
    instead: str
    context: bool
    mask: bool
    validate: str | None
    must_flag: tuple[str, ...]
    must_not_flag: tuple[str, ...]
    path: Path
    matcher: Kind


def default_rules_root() -> Path:
    """Rules inside the installed package, else the source checkout's rules/ folder."""
    packaged = Path(__file__).resolve().parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def rule_files(root: Path) -> list[Path]:
    return sorted(p for d in DIRECTIONS for p in (root / d).glob("*.toml"))


def load_rules(root: Path, lexicons: Lexicons) -> tuple[Rule, ...]:
    """Load every rule under root; raise RuleSetError with all problems if any."""
    problems: list[Problem] = []
    if not root.is_dir():
        raise RuleSetError([Problem(root, 0, "-", "rules", "rule folder not found",
                                    "pass --rules DIR or reinstall msgcheck")])
    files = rule_files(root)
    if not files:
        problems.append(Problem(root, 0, "-", "rules", "no rule files found",
                                "rules live in rules/incoming/*.toml and rules/outgoing/*.toml"))
    rules: list[Rule] = []
    seen: dict[str, Path] = {}
    for path in files:
        rule = _load_file(path, lexicons, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(Problem(path, 1, rule.id, "id", f"duplicate id, also in {seen[rule.id]}",
                                    "give each rule its own id"))
            continue
        seen[rule.id] = path
        rules.append(rule)
    if problems:
        raise RuleSetError(problems)
    return tuple(rules)


class _FileReporter:
    """Locates keys in one rule file's source so problems carry line numbers."""

    def __init__(self, path: Path, source: str, problems: list[Problem]) -> None:
        self.path, self.problems = path, problems
        self.lines = source.splitlines()
        self.rule = path.stem.split("-", 1)[0] or "-"

    def line_of(self, key: str) -> int:
        parts = re.sub(r"\[\d+\]", "", key).split(".")
        table, leaf = ".".join(parts[:-1]), parts[-1]
        current = ""
        header_line = 0
        for number, line in enumerate(self.lines, 1):
            stripped = line.strip()
            header = re.match(r"^\[\s*([^\]]+?)\s*\]$", stripped)
            if header:
                current = header.group(1)
                if current == key or current == f"{table}.{leaf}".strip("."):
                    return number
                if current == table:
                    header_line = number
                continue
            if current == table and re.match(rf'^"?{re.escape(leaf)}"?\s*=', stripped):
                return number
            if not table and current == "" and stripped.startswith(f"{leaf}."):
                return number
        return header_line or 1

    def __call__(self, key: str, problem: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, self.line_of(key), self.rule, key, problem, hint))


def _load_file(path: Path, lexicons: Lexicons, problems: list[Problem]) -> Rule | None:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path, 0, path.stem, "file", f"cannot read: {exc}", "save it as UTF-8"))
        return None
    import tomllib  # only needed when the cache misses

    report = _FileReporter(path, source, problems)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        problems.append(Problem(path, int(found.group(1)) if found else 1, report.rule, "toml",
                                f"invalid TOML: {exc}", "regexes go in literal strings: '''...'''"))
        return None
    before = len(problems)
    _check_table(data, RULE_SCHEMA, "", report)
    if isinstance(data.get("id"), str):
        report.rule = data["id"]
    if len(problems) > before:
        return None
    _check_values(data, path, report)
    kind_cls = KINDS.get(data["kind"])
    matcher = None
    if kind_cls is not None:
        before_match = len(problems)
        _check_table(data["match"], kind_cls.schema, "match", report)
        if len(problems) == before_match:
            languages = tuple(data["languages"])
            matcher = kind_cls.build(data["match"], BuildContext(lexicons, report), languages)
    if len(problems) > before or matcher is None:
        return None
    severity = Severity.parse(data["severity"])
    return Rule(
        id=data["id"], name=data["name"], kind=data["kind"], category=data["category"],
        direction=data["direction"], languages=tuple(data["languages"]), severity=severity,
        score=data.get("score", SEVERITY_SCORES[severity]), message=data["message"],
        why=data["why"], instead=data["instead"],
        context=data.get("context", data["kind"] == "request"), mask=data.get("mask", False),
        validate=data.get("validate"), must_flag=tuple(data["examples"]["must_flag"]),
        must_not_flag=tuple(data["examples"]["must_not_flag"]), path=path, matcher=matcher,
    )


_TYPE_CHECKS = {
    "str": lambda v: isinstance(v, str) and bool(v.strip()),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "list[str]": lambda v: isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v),
    "list": lambda v: isinstance(v, list),
    "table": lambda v: isinstance(v, dict),
    "terms": lambda v: isinstance(v, dict),
}
_TYPE_WORDS = {
    "str": "a non-empty string", "int": "a whole number", "float": "a number",
    "bool": "true or false", "list[str]": "a list of non-empty strings", "list": "a list",
    "table": "a table", "terms": "a table of phrases/patterns/lexicons",
}


def _check_table(table: dict[str, Any], schema: dict[str, Field], prefix: str,
                 report: _FileReporter) -> None:
    """Report unknown keys, missing required keys and wrong types, recursing into terms."""
    def key_of(name: str) -> str:
        return f"{prefix}.{name}" if prefix else name

    for name in table:
        if name not in schema:
            report(key_of(name), "unknown key", f"allowed here: {', '.join(schema)}")
    for name, field in schema.items():
        if name not in table:
            if field.required:
                report(key_of(name), "missing required key", field.help)
            continue
        value = table[name]
        if not _TYPE_CHECKS[field.type](value):
            report(key_of(name), f"must be {_TYPE_WORDS[field.type]}", field.help)
        elif field.type == "terms":
            _check_table(value, TERMS_SCHEMA, key_of(name), report)
        elif name == "examples" and not prefix:
            _check_table(value, EXAMPLES_SCHEMA, "examples", report)


def _check_values(data: dict[str, Any], path: Path, report: _FileReporter) -> None:
    """Checks of values beyond their type: formats, enumerations, file naming."""
    if not _ID.match(data["id"]):
        report("id", f"{data['id']!r} is not a capital letter and three digits", "e.g. id = \"S101\"")
    if not _NAME.match(data["name"]):
        report("name", f"{data['name']!r} is not kebab-case", "e.g. name = \"bank-details-request\"")
    expected = f"{data['id']}-{data['name']}.toml"
    if path.name != expected:
        report("id", f"file name does not match id and name (expected {expected})",
               "rename the file or fix id/name")
    if data["kind"] not in KINDS:
        report("kind", f"unknown kind {data['kind']!r}", f"use one of {', '.join(KINDS)}")
    if data["category"] not in CATEGORIES:
        report("category", f"unknown category {data['category']!r}",
               "use a category from DESIGN.md (new ones are added to checker/loader.py)")
    if data["direction"] not in DIRECTIONS:
        report("direction", f"unknown direction {data['direction']!r}", "incoming or outgoing")
    elif path.parent.name != data["direction"]:
        report("direction", f"rule is {data['direction']} but sits in {path.parent.name}/",
               f"move it to rules/{data['direction']}/")
    languages = data["languages"]
    allowed = (*SUPPORTED, ANY_LANGUAGE)
    if not languages or any(lang not in allowed for lang in languages):
        report("languages", f"{languages} must be a non-empty list from {', '.join(allowed)}",
               'e.g. languages = ["en"]')
    if data["severity"] not in SEVERITY_NAMES:
        report("severity", f"unknown severity {data['severity']!r}",
               f"use one of {', '.join(SEVERITY_NAMES)}")
    if "score" in data and not 0.0 < data["score"] <= 1.0:
        report("score", "must be above 0 and at most 1", "e.g. score = 0.6")
    if "validate" in data and data["validate"] not in VALIDATORS:
        report("validate", f"unknown validator {data['validate']!r}", f"use one of {', '.join(VALIDATORS)}")
    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(data["message"]) if f is not None}
    except ValueError as exc:
        report("message", f"malformed placeholder: {exc}", "write literal braces as {{ and }}")
        fields = set()
    if not fields <= {"match"}:
        report("message", f"unknown placeholder(s) {sorted(fields - {'match'})}", "only {match} is filled in")
    examples = data["examples"]
    for key in ("must_flag", "must_not_flag"):
        if len(examples.get(key, [])) < MIN_EXAMPLES:
            report(f"examples.{key}", f"needs at least {MIN_EXAMPLES} examples",
                   "every rule documents and tests itself")
