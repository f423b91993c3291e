"""The public result types: severities, findings and reports (the JSON contract lives here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

SCHEMA_VERSION = 1


class Severity(IntEnum):
    """Ordered grades of a finding; the verdict of a message is one of these or `ok`."""

    INFO = 1
    CAUTION = 2
    WARNING = 3
    DANGER = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r}") from None


SEVERITY_NAMES: tuple[str, ...] = tuple(s.label for s in Severity)


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule hit: what was found, where in the original text, and what to do."""

    rule: str
    name: str
    category: str
    severity: Severity
    score: float
    start: int
    end: int
    match: str
    message: str
    why: str
    suggestion: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.label,
            "score": round(self.score, 3),
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "message": self.message,
            "why": self.why,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """The graded result for one message."""

    direction: str
    lang: str
    verdict: str
    score: float
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    id: str | None = None

    @property
    def severity(self) -> Severity | None:
        """The verdict as a Severity, or None when the verdict is `ok`."""
        return None if self.verdict == "ok" else Severity.parse(self.verdict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        if self.id is not None:
            out["id"] = self.id
        out.update(
            direction=self.direction,
            lang=self.lang,
            verdict=self.verdict,
            score=round(self.score, 3),
            findings=[f.to_dict() for f in self.findings],
        )
        return out
