"""Tell a real request from a denied, advised, hypothetical or reported one.

"We will never ask for your password" and "the last seller asked for my password, so I
reported them" name the same objects as a scam; the clause around the hit tells them apart.
The cue phrases are data: rules/lexicons/<lang>/context-{negation,advice,reported}.txt.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .terms import Lexicons, Terms, compile_terms

# Negation and reported speech bind to their clause ("send me your password, and never tell
# Amazon" is still a request); advice and hypotheticals bind to the whole sentence up to the
# hit ("if anyone, even someone claiming to be us, asks for your code, ...").
CLAUSE_LEXICONS = ("context-negation", "context-reported")
SENTENCE_LEXICONS = ("context-advice",)
_CLAUSE_END = re.compile(r"[.!?;:,。！？；：，\n]+")
_SENTENCE_ENDS = ".!?。！？\n"


def clause_breaks(text: str) -> list[int]:
    """Offsets where a clause ends; the clause of offset i is between its neighbours."""
    return [m.end() for m in _CLAUSE_END.finditer(text)]


class ContextCues:
    """Per-language cue matchers that suppress a sensitive-request hit in its context."""

    def __init__(self, lexicons: Lexicons, languages: tuple[str, ...]) -> None:
        self._clause: dict[str, Terms] = {}
        self._sentence: dict[str, Terms] = {}
        for lang in languages:
            for table, names in ((self._clause, CLAUSE_LEXICONS), (self._sentence, SENTENCE_LEXICONS)):
                terms = compile_terms(phrases=[e for n in names for e in lexicons.get(f"{lang}/{n}")])
                if terms is not None:
                    table[lang] = terms

    def suppressed(self, text: str, breaks: list[int], start: int, end: int,
                   langs: frozenset[str], phrase_hit: bool = False) -> bool:
        """True when a cue stands in the context of text[start:end].

        For a `phrase_hit` (one matched phrase, not a cue-to-object stretch), a cue wholly
        inside it ("涉嫌诈骗" holds the cue "诈骗") says nothing about it and is ignored.
        """
        i = bisect_right(breaks, start)
        clause_start = breaks[i - 1] if i else 0
        j = bisect_right(breaks, max(start, end - 1))
        clause_end = breaks[j] if j < len(breaks) else len(text)
        sentence_start = max(text.rfind(c, 0, start) for c in _SENTENCE_ENDS) + 1
        return any(
            _cue_outside_hit(table.get(lang), text, window_start, clause_end, start,
                             end if phrase_hit else start)
            for lang in langs
            for table, window_start in ((self._clause, clause_start), (self._sentence, sentence_start))
        )


def _cue_outside_hit(terms: Terms | None, text: str, window_start: int, window_end: int,
                     start: int, end: int) -> bool:
    """A cue in text[window_start:window_end] not wholly inside text[start:end]."""
    if terms is None:
        return False
    window = text[window_start:window_end]
    hit_start, hit_end = start - window_start, end - window_start
    return any(not (hit_start <= a and b <= hit_end) for a, b in terms.finditer(window))
