"""Present reports: a readable text report, or one JSON object per line."""

from __future__ import annotations

import json

import click

from .loader import Rule
from .model import Report

HEADLINES = {
    "incoming": {
        "ok": "No scam signals found.",
        "info": "Nothing alarming; see the notes.",
        "caution": "Some signs are worth a second look.",
        "warning": "Likely a scam: do not act on this message.",
        "danger": "Scam: do not reply, pay or click. Report the message to the marketplace.",
    },
    "outgoing": {
        "ok": "Ready to send.",
        "info": "Ready to send; a few suggestions.",
        "caution": "Worth a second look before sending.",
        "warning": "Revise before sending: this may hurt you or will not work.",
        "danger": "Do not send this.",
    },
}
COLOURS = {"ok": "green", "info": "cyan", "caution": "yellow", "warning": "magenta",
           "danger": "red"}


def to_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False)


def to_text(report: Report, source: str | None = None) -> str:
    """The verdict first, then each finding, gravest first: the quoted span, why, what instead."""
    verdict = report.verdict
    title = click.style(f"{verdict.upper():<8}", fg=COLOURS[verdict], bold=True)
    where = f"{source}: " if source else ""
    lines = [f"{where}{title} {HEADLINES[report.direction][verdict]}",
             click.style(f"         {report.direction} message, language {report.lang}, "
                         f"{len(report.findings)} finding(s), score {report.score:.2f}", dim=True)]
    for f in sorted(report.findings, key=lambda f: (-f.severity, f.start)):
        severity = click.style(f"{f.severity.label:<8}", fg=COLOURS[f.severity.label], bold=True)
        lines.append("")
        lines.append(f"  {severity} {f.message}")
        if f.match:
            lines.append(f"           \"{f.match}\" (characters {f.start}-{f.end})")
        lines.append(f"           Why: {f.why}")
        lines.append(f"           Instead: {f.suggestion}")
        lines.append(click.style(f"           [{f.rule} {f.name} · {f.category}]", dim=True))
    return "\n".join(lines)


def rule_doc(rule: Rule) -> str:
    """A rule's documentation, as `msgcheck rules explain` prints it."""
    lines = [
        f"{rule.id} {rule.name}",
        f"  category:  {rule.category}",
        f"  severity:  {rule.severity.label} (score {rule.score})",
        f"  direction: {rule.direction}; languages: {', '.join(rule.languages)}; kind: {rule.kind}",
        f"  file:      {rule.path}",
        "",
        "What it flags:",
        f"  {rule.message}",
        "Why it matters:",
        f"  {rule.why}",
        "What to do instead:",
        f"  {rule.instead}",
        "",
        "Flags, for example:",
        *(f"  + {e}" for e in rule.must_flag),
        "Does not flag:",
        *(f"  - {e}" for e in rule.must_not_flag),
    ]
    return "\n".join(lines)
