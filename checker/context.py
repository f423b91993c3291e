"""Tell a real request from a denied, advised, hypothetical or reported one.

"We will never ask for your password" and "the last seller asked for my password, so I
reported them" name the same objects as a scam; the clause around the hit tells them apart.
The cue phrases are data: rules/lexicons/<lang>/context-{negation,advice,reported}.txt.
"""

from __future__ import annotations

from bisect import bisect_right

import regex

from .terms import Lexicons, Terms, compile_terms

CONTEXT_LEXICONS = ("context-negation", "context-advice", "context-reported")
_CLAUSE_END = regex.compile(r"[.!?;:,。！？；：，\n]+")


def clause_breaks(text: str) -> list[int]:
    """Offsets where a clause ends; the clause of offset i is between its neighbours."""
    return [m.end() for m in _CLAUSE_END.finditer(text)]


class ContextCues:
    """Per-language cue matchers that suppress a sensitive-request hit in its clause."""

    def __init__(self, lexicons: Lexicons, languages: tuple[str, ...]) -> None:
        self._terms: dict[str, Terms] = {}
        for lang in languages:
            entries = [e for name in CONTEXT_LEXICONS for e in lexicons.get(f"{lang}/{name}")]
            terms = compile_terms(phrases=entries)
            if terms is not None:
                self._terms[lang] = terms

    def suppressed(self, text: str, breaks: list[int], start: int, end: int,
                   langs: frozenset[str]) -> bool:
        """True when a cue stands in the clauses that hold text[start:end]."""
        i = bisect_right(breaks, start)
        clause_start = breaks[i - 1] if i else 0
        j = bisect_right(breaks, max(start, end - 1))
        clause_end = breaks[j] if j < len(breaks) else len(text)
        window = text[clause_start:clause_end]
        return any(
            self._terms[lang].first(window) is not None for lang in langs if lang in self._terms
        )
