"""Turn findings into a verdict and a message score.

A message's score is a noisy-OR over its categories (each counted once, at its best hit), so
five hits of one weak rule do not add up, but a link, "urgent" and an impersonation together
do: on incoming messages the combined scam score can raise the verdict, like SpamAssassin's
meta rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Finding, Severity

# Combined scam score at which several weaker signals raise the verdict.
RAISE_TO_WARNING = 0.5
RAISE_TO_DANGER = 0.95
COMBINED_PREFIXES = ("scam.", "policy.")


def combined_score(findings: Iterable[Finding], prefixes: tuple[str, ...] = ()) -> float:
    best: dict[str, float] = {}
    for f in findings:
        if not prefixes or f.category.startswith(prefixes):
            best[f.category] = max(best.get(f.category, 0.0), f.score)
    miss = 1.0
    for score in best.values():
        miss *= 1.0 - score
    return 1.0 - miss


def verdict(findings: tuple[Finding, ...], direction: str) -> tuple[str, float]:
    """The verdict (`ok` or a severity name) and the message score."""
    if not findings:
        return "ok", 0.0
    level = max(f.severity for f in findings)
    if direction == "incoming":
        scam = combined_score(findings, COMBINED_PREFIXES)
        if scam >= RAISE_TO_DANGER:
            level = max(level, Severity.DANGER)
        elif scam >= RAISE_TO_WARNING:
            level = max(level, Severity.WARNING)
    return level.label, combined_score(findings)
