"""Shared parts of the benchmark scripts: labelled corpora, the scoreboard's definitions, tables.

The definitions of positive, negative and flagged are those of `../shared/tools/scoreboard.py`,
so every figure here can be compared with the scoreboard's:

- incoming: positives are label `scam`; a message is flagged when its verdict is `warning` or
  `danger`.
- outgoing: positives are labels `abusive` and `threat`; a message is flagged when a finding
  whose category starts with `tone.` has severity `warning` or `danger`.
- `legit` and `civil` are negatives; any other label (e.g. `spam`) is left out of both figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from checker import Report

ROOT = Path(__file__).resolve().parent.parent
OWN_CORPORA = ROOT / "corpora"
EXTERNAL_CORPORA = ROOT.parent / "shared" / "corpora" / "external"

FLAG = frozenset({"warning", "danger"})
POSITIVE = {"incoming": frozenset({"scam"}), "outgoing": frozenset({"abusive", "threat"})}
NEGATIVE = frozenset({"legit", "civil"})
DIRECTIONS = ("incoming", "outgoing")


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled message. `must`/`must_not` are None in corpora that do not carry them."""

    id: str
    text: str
    direction: str
    label: str
    must: tuple[str, ...] | None
    must_not: tuple[str, ...] | None

    @property
    def positive(self) -> bool:
        return self.label in POSITIVE[self.direction]

    @property
    def scored(self) -> bool:
        """Whether the row counts in recall or false-positive rate (not e.g. `spam`)."""
        return self.positive or self.label in NEGATIVE


@dataclass(frozen=True, slots=True)
class CorpusSet:
    """The rows of one corpus file that share a direction (a file may hold both)."""

    name: str
    direction: str
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """What a benchmark needs of one finding."""

    rule: str
    category: str
    severity: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a benchmark needs of one report: small enough to send back from a worker process."""

    verdict: str
    hits: tuple[Hit, ...]

    @classmethod
    def from_report(cls, report: Report) -> Outcome:
        return cls(report.verdict, tuple(Hit(f.rule, f.category, f.severity.label)
                                         for f in report.findings))

    def flagged(self, direction: str) -> bool:
        if direction == "incoming":
            return self.verdict in FLAG
        return any(h.category.startswith("tone.") and h.severity in FLAG for h in self.hits)


@dataclass(frozen=True, slots=True)
class Rates:
    """Recall over positives and false-positive rate over negatives of one set."""

    positives: int
    true_positives: int
    negatives: int
    false_positives: int

    @classmethod
    def count(cls, rows: Iterable[Row], flagged: Iterable[bool]) -> Rates:
        pos = tp = neg = fp = 0
        for row, hit in zip(rows, flagged, strict=True):
            if not row.scored:
                continue
            if row.positive:
                pos += 1
                tp += hit
            else:
                neg += 1
                fp += hit
        return cls(pos, tp, neg, fp)

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.positives if self.positives else None

    @property
    def fp_rate(self) -> float | None:
        return self.false_positives / self.negatives if self.negatives else None


def default_paths() -> list[Path]:
    """Our corpora, and the third-party ones when this checkout sits beside them."""
    return [OWN_CORPORA] + ([EXTERNAL_CORPORA] if EXTERNAL_CORPORA.is_dir() else [])


def corpus_parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with the corpus paths every measuring script takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("paths", nargs="*", type=Path,
                        help="corpus files or folders (default: corpora/ and ../shared/corpora/external)")
    return parser


def sets_or_report(paths: Sequence[Path], tool: str) -> list[CorpusSet] | None:
    """The corpus sets under `paths` (default_paths() when empty), or None after telling
    standard error why there are none."""
    try:
        sets = load_sets(paths or default_paths())
    except (OSError, ValueError) as exc:
        print(f"{tool}: {exc}", file=sys.stderr)
        return None
    if not sets:
        print(f"{tool}: no *.jsonl corpus found", file=sys.stderr)
        return None
    return sets


def corpus_files(paths: Iterable[Path]) -> list[tuple[str, Path]]:
    """(set name, file) for each `*.jsonl` under the given files and folders.

    A file under a folder is named by its path inside that folder (`incoming/en`); a file
    given directly by its stem.
    """
    found: list[tuple[str, Path]] = []
    for path in paths:
        if path.is_dir():
            found += [(f.relative_to(path).with_suffix("").as_posix(), f)
                      for f in sorted(path.rglob("*.jsonl"))]
        elif path.is_file():
            found.append((path.stem, path))
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found


def _row(record: dict[str, object], where: str) -> Row:
    try:
        must, must_not = record.get("must"), record.get("must_not")
        return Row(
            id=str(record["id"]), text=str(record["text"]),
            direction=str(record.get("direction", "incoming")), label=str(record["label"]),
            must=tuple(must) if isinstance(must, list) else None,
            must_not=tuple(must_not) if isinstance(must_not, list) else None,
        )
    except KeyError as exc:
        raise ValueError(f"{where}: missing key {exc}") from None


def load_sets(paths: Iterable[Path]) -> list[CorpusSet]:
    """Every corpus file under `paths`, split by direction, in a stable order."""
    sets: list[CorpusSet] = []
    for name, path in corpus_files(paths):
        rows: list[Row] = []
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    rows.append(_row(json.loads(line), f"{path}:{number}"))
        if unknown := {r.direction for r in rows} - set(DIRECTIONS):
            raise ValueError(f"{path}: unknown direction(s) {', '.join(sorted(unknown))}")
        for direction in DIRECTIONS:
            chosen = tuple(r for r in rows if r.direction == direction)
            if chosen:
                sets.append(CorpusSet(name, direction, chosen))
    return sets


def stable_sample(rows: Sequence[Row], limit: int | None) -> list[Row]:
    """Up to `limit` rows in an order fixed by a hash of their ids: the same rows on every run,
    mixed across labels even when the file is sorted by label."""
    ordered = sorted(rows, key=lambda r: hashlib.sha1(r.id.encode("utf-8")).hexdigest())
    return ordered if limit is None else ordered[:limit]


def machine() -> str:
    """One line naming what the figures were measured on (they move with the machine and its load)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            kib = int(next(line for line in fh if line.startswith("MemTotal:")).split()[1])
        memory = f"{kib / 2**20:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        memory = "RAM unknown"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"Machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {memory}, Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}; load average "
            f"{load} at {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]],
          right: Container[int] = ()) -> str:
    """A Markdown table (pastes into BENCHMARKS.md as is); `right` holds the indexes of the
    right-aligned (numeric) columns."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.rjust(w) if i in right else v.ljust(w)
                                 for i, (v, w) in enumerate(zip(values, widths, strict=True))) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if i in right else "-" * (w + 2)
                          for i, w in enumerate(widths)) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in cells)])
