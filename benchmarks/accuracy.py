"""Accuracy of msgcheck on labelled corpora: per set, per category and per rule.

Usage (from the repository root):

    python benchmarks/accuracy.py [PATH ...] [--rules-table N] [--jobs N] [--json]

PATH is a `*.jsonl` corpus or a folder searched recursively for them; the default is `corpora/`
and, when it exists, `../shared/corpora/external/`. It prints three tables:

1. per set (a file's rows of one direction): recall over positives and false-positive rate over
   negatives, defined exactly as `../shared/tools/scoreboard.py` defines them (see benchlib);
2. per category, over our own corpora (rows with `must` / `must_not`): how often a category
   listed in `must` was reported (at any severity) and how often one listed in `must_not` was;
3. per rule, as SpamAssassin's hit-frequencies: messages hit among positives and negatives,
   and precision = positive hits / all hits. Rules that fire on legitimate messages come first.

Messages are checked in-process through the Python API (`Checker().check(text, direction=...,
lang="auto")`), split over `--jobs` worker processes.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from multiprocessing import Pool

from benchlib import CorpusSet, Outcome, Rates, Row, corpus_parser, percent, sets_or_report, table

from checker import Checker, InputError

CHUNK = 16

_worker: Checker | None = None


def _init_worker(checker: Checker) -> None:
    global _worker
    _worker = checker


def _check(item: tuple[str, str]) -> Outcome | None:
    """The outcome of one (direction, text), or None when msgcheck refuses the input."""
    direction, text = item
    assert _worker is not None
    try:
        return Outcome.from_report(_worker.check(text, direction=direction, lang="auto"))
    except InputError:
        return None


def check_all(checker: Checker, items: list[tuple[str, str]], jobs: int) -> list[Outcome | None]:
    """Outcomes in input order, computed in `jobs` processes."""
    if jobs <= 1:
        _init_worker(checker)
        return [_check(item) for item in items]
    with Pool(jobs, _init_worker, (checker,)) as pool:
        return list(pool.imap(_check, items, chunksize=CHUNK))


@dataclass(frozen=True, slots=True)
class SetResult:
    """Figures of one corpus set."""

    set: str
    direction: str
    messages: int
    positives: int
    recall: float | None
    negatives: int
    fp_rate: float | None
    ignored: int
    errors: int


@dataclass(frozen=True, slots=True)
class CategoryResult:
    """How one category fares against the `must` / `must_not` lists of our corpora."""

    category: str
    must: int
    found: int
    recall: float | None
    must_not: int
    false_reports: int
    false_report_rate: float | None


@dataclass(frozen=True, slots=True)
class RuleResult:
    """Hit frequencies of one rule (messages hit at any severity)."""

    rule: str
    name: str
    direction: str
    severity: str
    positive_hits: int
    positives: int
    negative_hits: int
    negatives: int
    precision: float | None


def set_result(corpus: CorpusSet, outcomes: Sequence[Outcome | None]) -> SetResult:
    checked = [(row, out) for row, out in zip(corpus.rows, outcomes, strict=True) if out is not None]
    rates = Rates.count((row for row, _ in checked), (out.flagged(corpus.direction) for _, out in checked))
    return SetResult(
        set=corpus.name, direction=corpus.direction, messages=len(corpus.rows),
        positives=rates.positives, recall=rates.recall, negatives=rates.negatives,
        fp_rate=rates.fp_rate, ignored=sum(not row.scored for row, _ in checked),
        errors=len(corpus.rows) - len(checked),
    )


def category_results(pairs: Iterable[tuple[Row, Outcome]]) -> list[CategoryResult]:
    must, found, must_not, false = Counter[str](), Counter[str](), Counter[str](), Counter[str]()
    for row, outcome in pairs:
        reported = {h.category for h in outcome.hits}
        for category in row.must or ():
            must[category] += 1
            found[category] += category in reported
        for category in row.must_not or ():
            must_not[category] += 1
            false[category] += category in reported
    return [
        CategoryResult(
            category=c, must=must[c], found=found[c],
            recall=found[c] / must[c] if must[c] else None,
            must_not=must_not[c], false_reports=false[c],
            false_report_rate=false[c] / must_not[c] if must_not[c] else None,
        )
        for c in sorted(must.keys() | must_not.keys())
    ]


def rule_results(checker: Checker, pairs: Iterable[tuple[Row, Outcome]]) -> list[RuleResult]:
    """Every rule of the rule set, including those that never fired, most false hits first."""
    positives, negatives = Counter[str](), Counter[str]()
    pos_hits, neg_hits = Counter[str](), Counter[str]()
    for row, outcome in pairs:
        if not row.scored:
            continue
        (positives if row.positive else negatives)[row.direction] += 1
        for rule in {h.rule for h in outcome.hits}:
            (pos_hits if row.positive else neg_hits)[rule] += 1
    results = [
        RuleResult(
            rule=r.id, name=r.name, direction=r.direction, severity=r.severity.label,
            positive_hits=pos_hits[r.id], positives=positives[r.direction],
            negative_hits=neg_hits[r.id], negatives=negatives[r.direction],
            precision=(pos_hits[r.id] / (pos_hits[r.id] + neg_hits[r.id])
                       if pos_hits[r.id] + neg_hits[r.id] else None),
        )
        for r in checker.rules
    ]
    return sorted(results, key=lambda r: (-r.negative_hits,
                                          2.0 if r.precision is None else r.precision, r.rule))


def share(hits: int, total: int) -> str:
    return f"{hits} ({percent(hits / total if total else None)})"


def render(sets: list[SetResult], categories: list[CategoryResult], rules: list[RuleResult],
           messages: int, seconds: float) -> str:
    parts = [
        "## Per set (flagged: incoming verdict warning/danger; outgoing tone.* at warning/danger)",
        table(["set", "direction", "messages", "positives", "recall", "negatives", "FP rate",
               "ignored", "errors"],
              ([s.set, s.direction, s.messages, s.positives, percent(s.recall), s.negatives,
                percent(s.fp_rate), s.ignored, s.errors] for s in sets),
              right={2, 3, 4, 5, 6, 7, 8}),
    ]
    if categories:
        parts += [
            "## Per category (our corpora; any severity counts as reported)",
            table(["category", "must", "found", "recall", "must_not", "reported", "false reports"],
                  ([c.category, c.must, c.found, percent(c.recall), c.must_not, c.false_reports,
                    percent(c.false_report_rate)] for c in categories),
                  right={1, 2, 3, 4, 5, 6}),
        ]
    parts += [
        "## Per rule (messages hit at any severity; most hits on negatives first)",
        table(["rule", "name", "direction", "severity", "hits on positives", "hits on negatives",
               "precision"],
              ([r.rule, r.name, r.direction, r.severity, share(r.positive_hits, r.positives),
                share(r.negative_hits, r.negatives), percent(r.precision)] for r in rules),
              right={4, 5, 6}),
        f"{messages} messages in {seconds:.1f} s ({messages / seconds:.0f} msg/s)",
    ]
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = corpus_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--rules-table", type=int, metavar="N",
                        help="show only the first N rows of the per-rule table")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), metavar="N",
                        help="worker processes (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    args = parser.parse_args(argv)

    sets = sets_or_report(args.paths, "accuracy")
    if sets is None:
        return 2

    started = time.perf_counter()
    checker = Checker()
    items = [(row.direction, row.text) for corpus in sets for row in corpus.rows]
    outcomes = check_all(checker, items, args.jobs)
    seconds = time.perf_counter() - started

    per_set: list[SetResult] = []
    pairs: list[tuple[Row, Outcome]] = []
    start = 0
    for corpus in sets:
        chunk = outcomes[start:start + len(corpus.rows)]
        start += len(corpus.rows)
        per_set.append(set_result(corpus, chunk))
        pairs += [(row, out) for row, out in zip(corpus.rows, chunk, strict=True) if out is not None]
    categories = category_results((row, out) for row, out in pairs if row.must is not None)
    rules = rule_results(checker, pairs)[:args.rules_table]

    if args.json:
        print(json.dumps({"sets": [asdict(s) for s in per_set],
                          "categories": [asdict(c) for c in categories],
                          "rules": [asdict(r) for r in rules],
                          "messages": len(items), "seconds": round(seconds, 2)}, indent=1))
    else:
        print(render(per_set, categories, rules, len(items), seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
