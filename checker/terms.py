"""Compile what a rule looks for (phrases, regex patterns, lexicon files) into one fast regex.

Phrases and lexicon entries become a character trie rendered as a regex, so hundreds of
words cost about as much as one; Latin words only match as whole words ("ass" never inside
"class"), Chinese ones as substrings with an exclusion list for innocent compounds.
"""

from __future__ import annotations

import re
import re._constants as _sre_constants
import re._parser as _sre_parser
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex

from .normalize import normalize

# Budget for one regex run over one message; a pathological pattern cannot hang a hook.
REGEX_TIMEOUT_S = 0.25
# Latin letters and digits, as `re` classes: what a whole-word phrase must not touch.
_WORD_CLASS = "a-z0-9\u00c0-\u024f\u1e00-\u1eff"
_WORDCHAR = re.compile(f"[{_WORD_CLASS}]")
_PROPERTY = re.compile(r"\\[pP]\{[^}]*\}")
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
        return f"[{ch}{re.escape(_MASK_CHARS)}]"
    return re.escape(ch)


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
            (f"(?<![{_WORD_CLASS}])" if left else "")
            + f"(?:{body})"
            + (f"(?![{_WORD_CLASS}])" if right else "")
        )
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else "|".join(f"(?:{p})" for p in parts)


class Terms:
    """A matcher: hits of the phrases or patterns that no `exclude` hit overlaps.

    Regexes are compiled on first use, so a process that checks one message pays only for
    the rules that message reaches. Phrase tries are plain `re` (linear by construction);
    rule authors' patterns run under `regex` with a time budget.
    `anchors` are substrings of which every hit contains at least one, so a message holding
    none of them cannot match (None when that is unknowable).
    """

    __slots__ = ("_exclude", "_exclude_source", "_literal", "_literal_source", "_pattern",
                 "_pattern_source", "anchors")

    def __init__(self, literal: str | None, pattern: str | None, exclude: str | None,
                 anchors: frozenset[str] | None) -> None:
        self._literal_source, self._pattern_source, self._exclude_source = literal, pattern, exclude
        self._literal: re.Pattern[str] | None = None
        self._pattern: regex.Pattern[str] | None = None
        self._exclude: re.Pattern[str] | None = None
        self.anchors = anchors

    def _spans(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        if self._literal_source is not None:
            if self._literal is None:
                self._literal = re.compile(self._literal_source)
            spans.extend(m.span() for m in self._literal.finditer(text))
        if self._pattern_source is not None:
            if self._pattern is None:
                self._pattern = regex.compile(self._pattern_source)
            found = [m.span() for m in self._pattern.finditer(text, timeout=REGEX_TIMEOUT_S)]
            if spans and found:
                return _leftmost_longest(spans + found)
            spans.extend(found)
        return spans

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        excluded: list[tuple[int, int]] | None = None
        for start, end in self._spans(text):
            if end == start:
                continue
            if self._exclude_source is not None:
                if excluded is None:
                    if self._exclude is None:
                        self._exclude = re.compile(self._exclude_source)
                    excluded = [x.span() for x in self._exclude.finditer(text)]
                if any(a < end and start < b for a, b in excluded):
                    continue
            yield start, end

    def first(self, text: str) -> tuple[int, int] | None:
        return next(self.finditer(text), None)


def _leftmost_longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-overlapping spans, preferring the earliest start, then the longest."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def compile_terms(
    phrases: Iterable[str] = (),
    patterns: Iterable[str] = (),
    exclude: Iterable[str] = (),
    masked: bool = False,
) -> Terms | None:
    """Build Terms from phrases and (already validated) regex patterns; None if empty."""
    phrases = list(phrases)
    patterns = list(patterns)
    literal = phrases_regex(phrases, masked)
    pattern = "|".join(f"(?:{p})" for p in patterns) if patterns else None
    if literal is None and pattern is None:
        return None
    anchors: frozenset[str] | None = _anchors(phrases)
    if masked:
        anchors = anchors | frozenset(_MASK_CHARS)  # a masked word holds a mask character
    for p in patterns:
        required = required_literals(p)
        anchors = None if required is None or anchors is None else anchors | required
    return Terms(literal, pattern, phrases_regex(exclude), anchors)


def _anchors(phrases: Iterable[str]) -> frozenset[str]:
    """The longest word of each phrase: words of a phrase may be split by any space or dash."""
    anchors = set()
    for phrase in phrases:
        words = normalize(phrase).text.split()
        if words:
            anchors.add(max(words, key=len))
    return frozenset(anchors)


def required_literals(pattern: str) -> frozenset[str] | None:
    """Substrings of which every match of `pattern` holds one, or None if none is certain.

    Read from the parse tree (as RE2's prefilter does): a sequence needs its best required
    piece, an alternation needs one piece from each branch.
    """
    # `regex`-only property classes (\p{Han}) hold no literal; stand a class in for them.
    pattern = _PROPERTY.sub(r"\\w", pattern)
    try:
        tree = _sre_parser.parse(pattern)
    except (re.error, ValueError, TypeError, OverflowError):
        return None  # other `regex`-only syntax: no prefilter for this pattern
    return _required(list(tree))


def _required(items: list) -> frozenset[str] | None:
    constants = _sre_constants
    candidates: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is constants.LITERAL:
            run += chr(av)
            continue
        if run:
            candidates.append(frozenset({run}))
            run = ""
        found: frozenset[str] | None = None
        if op is constants.SUBPATTERN:
            found = _required(list(av[-1]))
        elif op is constants.ATOMIC_GROUP:
            found = _required(list(av))
        elif op is constants.BRANCH:
            branches = [_required(list(b)) for b in av[1]]
            if all(branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT):
            if av[0] >= 1:
                found = _required(list(av[2]))
        elif op is constants.IN and av and all(o is constants.LITERAL for o, _ in av) and len(av) <= 8:
            found = frozenset(chr(v) for _, v in av)
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset({run}))
    if not candidates:
        return None
    # The most selective piece: the longest shortest member, then the fewest members.
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))
