"""`tokens`: spaCy Matcher patterns over token text and lemmas, where word forms matter.

"threatened", "threatening" and "will threaten" share one LEMMA pattern. spaCy is costly to
import, so a cheap `trigger` must hit before the message is tokenised at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..terms import Terms
from .base import BuildContext, Field, Kind, Span, groups, to_original

if TYPE_CHECKING:
    from spacy.matcher import Matcher

    from ..document import Document
    from ..nlp import Pipelines

# Token attributes that a blank pipeline (no trained model) can fill.
ATTRIBUTES = frozenset({
    "ORTH", "TEXT", "LOWER", "LEMMA", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LENGTH",
    "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
    "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "OP",
})
OPERATORS = frozenset({"!", "?", "+", "*", "{0,3}", "{1,3}", "{0,5}", "{1,5}"})
PREDICATES = frozenset({"IN", "NOT_IN", "REGEX", "FUZZY", "==", ">=", "<=", ">", "<", "!="})


class Tokens(Kind):
    name: ClassVar[str] = "tokens"
    needs_spacy: ClassVar[bool] = True
    schema: ClassVar[dict[str, Field]] = {
        "trigger": Field("terms", "cheap pre-check; spaCy runs only when it hits", required=True),
        "patterns": Field("list", "spaCy Matcher patterns: lists of token tables", required=True),
    }

    def __init__(self, trigger: Terms, patterns: list[list[dict[str, Any]]], lang: str) -> None:
        self.trigger, self.patterns, self.lang = trigger, patterns, lang
        self._matcher: Matcher | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"trigger": self.trigger, "patterns": self.patterns, "lang": self.lang, "_matcher": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @classmethod
    def build(
        cls, match: dict[str, Any], ctx: BuildContext, languages: tuple[str, ...]
    ) -> Tokens | None:
        ok = True
        if len(languages) != 1 or languages[0] == "any":
            ctx.problem("languages", "a tokens rule needs exactly one language",
                        'e.g. languages = ["en"]; write one rule per language')
            ok = False
        patterns = match["patterns"]
        if not patterns:
            ctx.problem("match.patterns", "is empty", "add at least one pattern")
            ok = False
        for i, pattern in enumerate(patterns):
            if not isinstance(pattern, list) or not pattern:
                ctx.problem(f"match.patterns[{i}]", "must be a non-empty list of token tables",
                            'e.g. [{LEMMA = "threaten"}, {LOWER = "you"}]')
                ok = False
                continue
            for j, token in enumerate(pattern):
                ok &= _check_token(ctx, f"match.patterns[{i}][{j}]", token)
        trigger = ctx.terms(match["trigger"], "match.trigger")
        if not ok or trigger is None:
            return None
        return cls(trigger, patterns, languages[0])

    def all_terms(self) -> tuple[Terms, ...]:
        return (self.trigger,)

    def anchor_groups(self) -> tuple[frozenset[str], ...] | None:
        return groups(self.trigger)

    def find(self, doc: Document, pipelines: Pipelines) -> list[Span]:
        if self.trigger.first(doc.norm.text, doc.present) is None:
            return []
        if self._matcher is None:
            self._matcher = pipelines.matcher(self.lang, "rule", self.patterns)
        sdoc = doc.spacy_doc(self.lang)
        spans = [(sdoc[s:e].start_char, sdoc[s:e].end_char)
                 for _, s, e in self._matcher(sdoc)]
        return to_original(doc, _longest(spans))


def _check_token(ctx: BuildContext, key: str, token: Any) -> bool:
    if not isinstance(token, dict):
        ctx.problem(key, "must be a table of token attributes", 'e.g. {LOWER = "you"}')
        return False
    ok = True
    for attr, value in token.items():
        if attr not in ATTRIBUTES:
            ctx.problem(f"{key}.{attr}", "unknown or unavailable token attribute",
                        "blank pipelines have no POS/DEP; use LOWER, LEMMA, SHAPE, IS_*, LIKE_*")
            ok = False
        elif attr == "OP" and value not in OPERATORS:
            ctx.problem(f"{key}.OP", f"unknown operator {value!r}", f"use one of {sorted(OPERATORS)}")
            ok = False
        elif isinstance(value, dict) and not set(value) <= PREDICATES:
            ctx.problem(f"{key}.{attr}", f"unknown predicate in {sorted(value)}",
                        f"use {sorted(PREDICATES)}")
            ok = False
    return ok


def _longest(spans: list[Span]) -> list[Span]:
    """Drop spans that lie inside a longer one (the Matcher reports every sub-match)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and span[0] < kept[-1][1]:
            if span[1] > kept[-1][1]:
                kept[-1] = (kept[-1][0], span[1])
            continue
        kept.append(span)
    return kept
