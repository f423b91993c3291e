"""Compile what a rule looks for (phrases, regex patterns, lexicon files) into a matcher.

Phrases and lexicon entries go into one Aho-Corasick automaton, so hundreds of words cost
about as much as one; Latin words only match as whole words ("ass" never inside "class"),
Chinese ones as substrings with an exclusion list for innocent compounds.
"""

from __future__ import annotations

import re
import re._constants as _sre_constants
import re._parser as _sre_parser
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import ahocorasick

if TYPE_CHECKING:
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


def phrase_keys(phrases: Iterable[str]) -> list[str]:
    """Phrases normalised as messages are, with single spaces between words."""
    keys = {" ".join(normalize(p).text.split()) for p in phrases}
    keys.discard("")
    return sorted(keys)


def masked_regex(phrases: Iterable[str]) -> str | None:
    """A regex for phrases of 4+ letters written with masked letters ("f*ck", "sh#t")."""
    words = [p for p in phrase_keys(phrases) if len(p) >= MIN_MASKED_LENGTH]
    if not words:
        return None
    left = f"(?<![{_WORD_CLASS}])"
    return f"{left}(?:{_trie_regex(words, masked=True)})(?![{_WORD_CLASS}])"


def _is_word_char(ch: str) -> bool:
    return bool(_WORDCHAR.match(ch))


class PhraseSet:
    """Literal phrases found in one Aho-Corasick pass; Latin ends must be word boundaries.

    A space inside a phrase also matches a hyphen ("one-star" for "one star").
    """

    __slots__ = ("_automaton", "keys")

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self._automaton: ahocorasick.Automaton | None = None

    def __getstate__(self) -> list[str]:
        return self.keys

    def __setstate__(self, keys: list[str]) -> None:
        self.keys, self._automaton = keys, None

    def _build(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for key in self.keys:
            value = (len(key), _is_word_char(key[0]), _is_word_char(key[-1]))
            for variant in _hyphen_variants(key):
                automaton.add_word(variant, value)
        automaton.make_automaton()
        return automaton

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Every occurrence, overlapping ones included."""
        if self._automaton is None:
            self._automaton = self._build()
        found = []
        size = len(text)
        for last, (length, left, right) in self._automaton.iter(text):
            start, end = last - length + 1, last + 1
            if left and start and _is_word_char(text[start - 1]):
                continue
            if right and end < size and _is_word_char(text[end]):
                continue
            found.append((start, end))
        return found


def _hyphen_variants(key: str, limit: int = 3) -> list[str]:
    """The key with each of its first `limit` spaces written as a space or a hyphen."""
    variants = [key]
    for i, ch in enumerate(key):
        if ch == " " and limit:
            limit -= 1
            variants += [v[:i] + "-" + v[i + 1:] for v in variants]
    return variants


class Terms:
    """A matcher: hits of the phrases or patterns that no `exclude` hit overlaps.

    Phrases are found by Aho-Corasick; masked spellings ("f*ck") by a regex that only runs
    when the text holds a mask character; rule authors' patterns by `regex` with a time
    budget. Everything is built on first use, so a process that checks one message pays
    only for the rules that message reaches.
    `anchors` are substrings of which every hit contains at least one, so a message holding
    none of them cannot match (None when that is unknowable).
    """

    __slots__ = ("_compiled", "_masked", "_masked_source", "anchors", "exclude", "patterns",
                 "phrases")

    def __init__(self, phrases: PhraseSet | None, masked: str | None,
                 patterns: tuple[tuple[str, frozenset[str] | None], ...],
                 exclude: PhraseSet | None, anchors: frozenset[str] | None) -> None:
        self.phrases, self.exclude, self.anchors = phrases, exclude, anchors
        self._masked_source = masked
        self.patterns = patterns  # each with the literals it cannot match without
        self._masked: re.Pattern[str] | None = None
        self._compiled: list[regex.Pattern[str] | None] = [None] * len(patterns)

    def __getstate__(self) -> tuple:
        return (self.phrases, self._masked_source, self.patterns, self.exclude, self.anchors)

    def __setstate__(self, state: tuple) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def _spans(self, text: str, present: frozenset[str] | None) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        if self.phrases is not None:
            spans.extend(self.phrases.spans(text))
        if self._masked_source is not None and any(c in text for c in _MASK_CHARS):
            if self._masked is None:
                self._masked = re.compile(self._masked_source)
            # "f***" could be any f-word: a masked hit needs two letters besides its masks.
            spans.extend(m.span() for m in self._masked.finditer(text)
                         if sum(c.isalpha() for c in m.group()) >= 2)
        # Patterns run one by one, each only when its literals are present: much cheaper on
        # long messages than one alternation of them all.
        for i, (source, required) in enumerate(self.patterns):
            if required is not None and (
                required.isdisjoint(present) if present is not None
                else not any(a in text for a in required)
            ):
                continue
            compiled = self._compiled[i]
            if compiled is None:
                import regex  # ~20 ms to import: only once a message needs a rule's pattern

                compiled = self._compiled[i] = regex.compile(source)
            spans.extend(m.span() for m in compiled.finditer(text, timeout=REGEX_TIMEOUT_S))
        return _leftmost_longest(spans) if len(spans) > 1 else spans

    def finditer(self, text: str, present: frozenset[str] | None = None) -> Iterator[tuple[int, int]]:
        """Hits in `text`; `present`, when given, holds every anchor that occurs in it."""
        excluded: list[tuple[int, int]] | None = None
        for start, end in self._spans(text, present):
            if end == start:
                continue
            if self.exclude is not None:
                if excluded is None:
                    excluded = self.exclude.spans(text)
                if any(a < end and start < b for a, b in excluded):
                    continue
            yield start, end

    def first(self, text: str, present: frozenset[str] | None = None) -> tuple[int, int] | None:
        return next(self.finditer(text, present), None)

    def all_anchors(self) -> frozenset[str]:
        """Every literal this matcher may ask about: its own anchors and its patterns'."""
        found = set(self.anchors or ())
        for _, required in self.patterns:
            found |= required or ()
        return frozenset(found)


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
    keys = phrase_keys(phrases)
    patterns = list(patterns)
    if not keys and not patterns:
        return None
    anchors: frozenset[str] | None = _anchors(keys)
    if masked:
        anchors = anchors | frozenset(_MASK_CHARS)  # a masked word holds a mask character
    gated = tuple((p, required_literals(p)) for p in patterns)
    for _, required in gated:
        anchors = None if required is None or anchors is None else anchors | required
    exclude_keys = phrase_keys(exclude)
    return Terms(
        PhraseSet(keys) if keys else None,
        masked_regex(keys) if masked else None,
        gated,
        PhraseSet(exclude_keys) if exclude_keys else None,
        anchors,
    )


def _anchors(keys: Iterable[str]) -> frozenset[str]:
    """The longest word of each phrase: words of a phrase may be split by a space or a dash."""
    return frozenset(max(key.split(), key=len) for key in keys)


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


_DIGITS = frozenset("0123456789")


def _class_literals(items: list) -> frozenset[str] | None:
    """The characters a small class like [@＠] or \\d can match, else None."""
    constants = _sre_constants
    chars: set[str] = set()
    for op, av in items:
        if op is constants.LITERAL:
            chars.add(chr(av))
        elif op is constants.CATEGORY and av is constants.CATEGORY_DIGIT:
            chars |= _DIGITS
        elif op is constants.RANGE and av[1] - av[0] < 10:
            chars |= {chr(c) for c in range(av[0], av[1] + 1)}
        else:
            return None
    return frozenset(chars) if 0 < len(chars) <= 16 else None


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
        elif op is constants.IN:
            found = _class_literals(av)
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset({run}))
    if not candidates:
        return None
    # The most selective piece: the longest shortest member, then the fewest members.
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))
