"""`occurrence`: counts and ratios, such as a draft written mostly in capitals or "!!!" runs."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from ..terms import REGEX_TIMEOUT_S, Terms
from .base import BuildContext, Field, Kind, Span, groups, to_original

if TYPE_CHECKING:
    import regex

    from ..document import Document
    from ..nlp import Pipelines

MEASURES = ("count", "caps")
# A run of shouted words: starts with two capitals; later words may be one ("I").


@cache
def _unicode() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """Shouted runs, letters and capitals in any script (`regex` is imported when needed)."""
    import regex

    return (regex.compile(r"\p{Lu}{2,}+(?:[^\p{L}]++\p{Lu}++(?!\p{Ll}))*+"),
            regex.compile(r"\p{L}"), regex.compile(r"\p{Lu}"))


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ASCII_UPPER = re.compile(r"[A-Z]")


class Occurrence(Kind):
    name: ClassVar[str] = "occurrence"
    schema: ClassVar[dict[str, Field]] = {
        "measure": Field("str", "'count' (hits of terms) or 'caps' (share of capital letters)",
                         required=True),
        "terms": Field("terms", "what to count, with measure = 'count'"),
        "min": Field("int", "with 'count': fewest hits that fire (default 1)"),
        "min_ratio": Field("float", "with 'caps': smallest share of capitals among letters"),
        "min_letters": Field("int", "with 'caps': shortest text, in letters, that is judged"),
    }

    def __init__(self, measure: str, terms: Terms | None, minimum: int, min_ratio: float,
                 min_letters: int) -> None:
        self.measure, self.terms, self.minimum = measure, terms, minimum
        self.min_ratio, self.min_letters = min_ratio, min_letters

    @classmethod
    def build(
        cls, match: dict[str, Any], ctx: BuildContext, languages: tuple[str, ...]
    ) -> Occurrence | None:
        measure = match["measure"]
        if measure not in MEASURES:
            ctx.problem("match.measure", f"unknown measure {measure!r}", f"use one of {', '.join(MEASURES)}")
            return None
        terms = None
        if measure == "count":
            if "terms" not in match:
                ctx.problem("match.terms", "measure 'count' needs a terms table", "add [match.terms]")
                return None
            terms = ctx.terms(match["terms"], "match.terms")
            if terms is None:
                return None
        elif "min_ratio" not in match:
            ctx.problem("match.min_ratio", "measure 'caps' needs min_ratio", "e.g. min_ratio = 0.7")
            return None
        ratio = match.get("min_ratio", 0.0)
        if not 0.0 < ratio <= 1.0 and measure == "caps":
            ctx.problem("match.min_ratio", "must be above 0 and at most 1", "e.g. min_ratio = 0.7")
            return None
        return cls(measure, terms, match.get("min", 1), ratio, match.get("min_letters", 1))

    def all_terms(self) -> tuple[Terms, ...]:
        return () if self.terms is None else (self.terms,)

    def anchor_groups(self) -> tuple[frozenset[str], ...] | None:
        return groups(self.terms)

    def find(self, doc: Document, pipelines: Pipelines) -> list[Span]:
        if self.measure == "caps":
            # Case lives in the original text; normalisation lowercases.
            text = doc.text
            ascii_text = text.isascii()
            caps_run, letter, capital = _unicode()
            letters = len((_ASCII_LETTER if ascii_text else letter).findall(text))
            if letters < self.min_letters:
                return []
            upper = len((_ASCII_UPPER if ascii_text else capital).findall(text))
            if upper / letters < self.min_ratio:
                return []
            return [m.span() for m in caps_run.finditer(doc.text, timeout=REGEX_TIMEOUT_S)]
        assert self.terms is not None
        hits = list(self.terms.finditer(doc.norm.text, doc.present))
        return to_original(doc, hits) if len(hits) >= self.minimum else []
