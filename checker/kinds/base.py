"""What every rule kind shares: the key schema it declares and the build context it reports to."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from ..terms import LexiconError, Lexicons, Terms, compile_terms

if TYPE_CHECKING:
    from ..document import Document
    from ..nlp import Pipelines

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Field:
    """One allowed key: its type (`str`, `int`, `float`, `bool`, `list[str]`, `table`,
    `terms`, `list`), whether it is required, and the line of help shown with an error."""

    type: str
    help: str
    required: bool = False


# A `terms` table: what to look for. Latin phrases match whole words; Chinese ones substrings.
TERMS_SCHEMA: dict[str, Field] = {
    "phrases": Field("list[str]", "literal words or phrases, lowercase"),
    "patterns": Field("list[str]", "regular expressions over the lowercased, normalised text"),
    "lexicons": Field("list[str]", "word lists, as 'lang/name' for rules/lexicons/lang/name.txt"),
    "exclude": Field("list[str]", "phrases that cancel an overlapping hit ('操作' for '操')"),
    "exclude_lexicons": Field("list[str]", "word lists of such cancelling phrases"),
    "masked": Field("bool", "also match words with letters masked by * # % ('f*ck')"),
}


@cache
def _upper_literal() -> re.Pattern[str]:
    """An uppercase letter that is neither an escape (\\S, \\W) nor inside \\p{...}."""
    import regex  # `regex` for the variable-width look-behind; only needed when rules load

    return regex.compile(r"(?<!\\)(?<!\{[^}]*)[A-Z]")


def invalid(pattern: str) -> str | None:
    """Why `regex` rejects the pattern, or None; `re` vets most patterns faster."""
    try:
        re.compile(pattern)
        return None
    except re.error:
        import regex

        try:
            regex.compile(pattern)
        except regex.error as exc:
            return str(exc)
        return None


class BuildContext:
    """Collects problems while one rule's [match] table is turned into a matcher."""

    def __init__(self, lexicons: Lexicons, report: Callable[[str, str, str], None]) -> None:
        self.lexicons = lexicons
        self._report = report

    def problem(self, key: str, problem: str, hint: str = "") -> None:
        self._report(key, problem, hint)

    def terms(self, table: dict[str, Any], key: str) -> Terms | None:
        """Compile a `terms` table found at `key`; report every problem in it."""
        if not any(table.get(k) for k in ("phrases", "patterns", "lexicons")):
            self.problem(key, "needs at least one of phrases, patterns or lexicons",
                         "add e.g. phrases = [\"password\"]")
            return None
        phrases = self._entries(table, "phrases", "lexicons", key)
        exclude = self._entries(table, "exclude", "exclude_lexicons", key)
        ok = phrases is not None and exclude is not None
        patterns = list(table.get("patterns", []))
        for i, pattern in enumerate(patterns):
            error = invalid(pattern)
            if error:
                self.problem(f"{key}.patterns[{i}]", f"invalid regex: {error}",
                             "write regexes as TOML literal strings ('''...''')")
                ok = False
                continue
            if _upper_literal().search(pattern):
                self.problem(f"{key}.patterns[{i}]", "has an uppercase letter, but the text is "
                             "lowercased before matching", "write the pattern in lowercase")
                ok = False
        if not ok:
            return None
        return compile_terms(phrases or (), patterns, exclude or (), bool(table.get("masked", False)))

    def _entries(self, table: dict[str, Any], inline: str, lists: str, key: str) -> list[str] | None:
        """Inline phrases plus those of the named word lists; None after reporting a bad list."""
        entries = list(table.get(inline, []))
        ok = True
        for name in table.get(lists, []):
            try:
                entries.extend(self.lexicons.get(name))
            except LexiconError as exc:
                self.problem(f"{key}.{lists}", str(exc), "create the file or fix the name")
                ok = False
        return entries if ok else None


class Kind(ABC):
    """A rule kind: code that turns a rule's [match] table into spans of a message."""

    name: ClassVar[str]
    schema: ClassVar[dict[str, Field]]
    needs_spacy: ClassVar[bool] = False

    @classmethod
    @abstractmethod
    def build(
        cls, match: dict[str, Any], ctx: BuildContext, languages: tuple[str, ...]
    ) -> Kind | None:
        """Build from a schema-checked [match] table; None after reporting problems."""

    @abstractmethod
    def find(self, doc: Document, pipelines: Pipelines) -> list[Span]:
        """Spans of the original text where the rule fires."""

    def all_terms(self) -> tuple[Terms, ...]:
        """Every matcher the kind runs, so the prefilter can record which literals occur."""
        return ()

    def anchor_groups(self) -> tuple[frozenset[str], ...] | None:
        """Substring sets of which the normalised text must hold one each for the rule to fire.

        None means the rule always runs; the prefilter skips the rest without running them.
        """
        return None


def groups(*terms: Terms | None) -> tuple[frozenset[str], ...] | None:
    """Anchor groups of terms that must all match; those without anchors are left out."""
    found = tuple(t.anchors for t in terms if t is not None and t.anchors is not None)
    return found or None


def to_original(doc: Document, spans: list[Span]) -> list[Span]:
    return [doc.norm.original_span(s, e) for s, e in spans]
