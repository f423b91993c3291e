"""Every message in corpora/ keeps the promises of its label, `must` and `must_not`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker import Checker
from checker.loader import CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
FLAGGED = {"warning", "danger"}


def _load() -> list[dict]:
    rows = []
    for path in sorted((ROOT / "corpora").glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


ROWS = _load()


def test_corpus_is_well_formed() -> None:
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for row in ROWS:
        assert set(row) == {"id", "text", "direction", "lang", "label", "must", "must_not"}, row["id"]
        assert row["direction"] in ("incoming", "outgoing")
        allowed = {"scam", "legit"} if row["direction"] == "incoming" else {"abusive", "threat", "civil"}
        assert row["label"] in allowed, row["id"]
        assert set(row["must"]) <= CATEGORIES and set(row["must_not"]) <= CATEGORIES, row["id"]
        assert not set(row["must"]) & set(row["must_not"]), row["id"]


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_corpus_message(checker: Checker, row: dict) -> None:
    report = checker.check(row["text"], direction=row["direction"])
    found = {f.category for f in report.findings}
    missing = set(row["must"]) - found
    wrong = set(row["must_not"]) & found
    assert not missing, f"not reported: {sorted(missing)}; found {sorted(found)}"
    assert not wrong, f"wrongly reported: {sorted(wrong)}"
    if row["direction"] == "incoming":
        if row["label"] == "scam":
            assert report.verdict in FLAGGED, f"scam graded {report.verdict}; found {sorted(found)}"
        else:
            assert report.verdict not in FLAGGED, f"legit graded {report.verdict}: {sorted(found)}"
    else:
        tone = {f.category for f in report.findings
                if f.category.startswith("tone.") and f.severity.label in FLAGGED}
        if row["label"] == "civil":
            assert not tone, f"civil draft flagged for {sorted(tone)}"
        else:
            assert tone, f"{row['label']} draft not flagged; found {sorted(found)}"
