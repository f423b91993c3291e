"""Compile what a rule looks for (phrases, regex patterns, lexicon files) into one fast regex.

Phrases and lexicon entries become a character trie rendered as a regex, so hundreds of
words cost about as much as one; Latin words only match as whole words ("ass" never inside
"class"), Chinese ones as substrings with an exclusion list for innocent compounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from .normalize import normalize

# Budget for one regex run over one message; a pathological pattern cannot hang a hook.
REGEX_TIMEOUT_S = 0.25
_WORDCHAR = regex.compile(r"[\p{Latin}\p{N}]")
_MASK_CHARS = "*#%"
MIN_MASKED_LENGTH = 4


class LexiconError(Exception):
    """A lexicon file is missing or unreadable."""


class Lexicons:
    """Word lists under rules/lexicons/<lang>/<name>.txt, each read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, tuple[str, ...]] = {}

    def path(self, ref: str) -> Path:
        return self.root / f"{ref}.txt"

    def get(self, ref: str) -> tuple[str, ...]:
        if ref not in self._cache:
            path = self.path(ref)
            if not path.is_file():
                raise LexiconError(f"lexicon {ref!r} not found (expected {path})")
            entries = []
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    entries.append(line)
            self._cache[ref] = tuple(entries)
        return self._cache[ref]


def _atom(ch: str, masked: bool, first: bool) -> str:
    if ch == " ":
        return r"[\s\-]+"
    if masked and not first and ch.isascii() and ch.isalpha():
        return f"[{ch}{regex.escape(_MASK_CHARS)}]"
    return regex.escape(ch)


def _trie_regex(words: Iterable[str], masked: bool) -> str:
    """Render words as one regex whose alternatives share their prefixes."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict, previous: str) -> str:
        optional = "" in node
        alternatives = []
        for ch in sorted(k for k in node if k):
            child = node[ch]
            tail = "" if set(child) == {""} else render(child, ch)
            alternatives.append(_atom(ch, masked, first=previous in ("", " ")) + tail)
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if optional else body

    return render(trie, "")


def phrases_regex(phrases: Iterable[str], masked: bool = False) -> str | None:
    """One regex for literal phrases; Latin-script ends get word boundaries."""
    groups: dict[tuple[bool, bool, bool], set[str]] = {}
    for phrase in phrases:
        text = " ".join(normalize(phrase).text.split())
        if not text:
            continue
        # Masking short words ("s*") would match almost anything.
        key = (
            bool(_WORDCHAR.match(text[0])),
            bool(_WORDCHAR.match(text[-1])),
            masked and len(text) >= MIN_MASKED_LENGTH,
        )
        groups.setdefault(key, set()).add(text)
    parts = []
    for (left, right, mask), words in sorted(groups.items()):
        body = _trie_regex(sorted(words), mask)
        parts.append(
            (r"(?<![\p{Latin}\p{N}])" if left else "")
            + f"(?:{body})"
            + (r"(?![\p{Latin}\p{N}])" if right else "")
        )
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "|".join(f"(?:{p})" for p in parts)


@dataclass(frozen=True, slots=True)
class Terms:
    """A compiled matcher: hits of `pattern` that no `exclude` hit overlaps.

    `anchors` are substrings of which every hit contains at least one, so a message holding
    none of them cannot match (None when regex patterns or masking make that unknowable).
    """

    pattern: regex.Pattern[str]
    exclude: regex.Pattern[str] | None = None
    anchors: frozenset[str] | None = None

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        excluded: list[tuple[int, int]] | None = None
        for m in self.pattern.finditer(text, timeout=REGEX_TIMEOUT_S):
            start, end = m.span()
            if end == start:
                continue
            if self.exclude is not None:
                if excluded is None:
                    excluded = [x.span() for x in self.exclude.finditer(text, timeout=REGEX_TIMEOUT_S)]
                if any(a < end and start < b for a, b in excluded):
                    continue
            yield start, end

    def first(self, text: str) -> tuple[int, int] | None:
        return next(self.finditer(text), None)


def compile_terms(
    phrases: Iterable[str] = (),
    patterns: Iterable[str] = (),
    exclude: Iterable[str] = (),
    masked: bool = False,
) -> Terms | None:
    """Compile phrases and regex patterns (already validated) into Terms; None if empty."""
    phrases = list(phrases)
    patterns = list(patterns)
    parts = []
    literal = phrases_regex(phrases, masked)
    if literal:
        parts.append(literal)
    parts.extend(patterns)
    if not parts:
        return None
    combined = parts[0] if len(parts) == 1 else "|".join(f"(?:{p})" for p in parts)
    exclude_regex = phrases_regex(exclude)
    return Terms(
        regex.compile(combined),
        regex.compile(exclude_regex) if exclude_regex else None,
        None if patterns or masked else _anchors(phrases),
    )


def _anchors(phrases: Iterable[str]) -> frozenset[str]:
    """The longest word of each phrase: words of a phrase may be split by any space or dash."""
    anchors = set()
    for phrase in phrases:
        words = normalize(phrase).text.split()
        if words:
            anchors.add(max(words, key=len))
    return frozenset(anchors)
