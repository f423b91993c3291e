"""Undo disguises in a message (width, zero-width, homoglyphs, leet, spacing, repeats) with an offset map.

Rules match the normalised text (runs of blanks also become one space); every span they
report is mapped back through the offset map, so `start`/`end` always point into the text
the user gave.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters people slip into words to dodge filters; they carry no meaning.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f")

# Cyrillic and Greek letters that look like Latin ones ("аmazon" with a Cyrillic а).
HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ӏ": "l", "ԛ": "q", "ԝ": "w", "һ": "h", "ɡ": "g",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w",
}
# Typographic quotes written as plain ones ("don’t" is "don't").
QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"'}
_HOMOGLYPH_TABLE = str.maketrans({**HOMOGLYPHS, **QUOTES})
# Full-width ASCII and the ideographic space map one to one, as NFKC would map them.
_WIDTH_TABLE = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
_ONE_TO_ONE = str.maketrans(
    {**_WIDTH_TABLE, **{ord(k): v for k, v in (HOMOGLYPHS | QUOTES).items()}}
)

# Leetspeak digits and symbols, mapped only inside a word (see _leet_edits).
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
        "|": "l"}

# Punctuation that joins a word into an address (mail, domain, path): leet stays as written.
_ADDRESS_JOINERS = frozenset("./@:_-")
# A whole word that holds a leet character right after a letter ("p@ss", "sh1t", "a$$").
_LEET_TOKEN = re.compile(r"(?<![a-z0-9@$!|])[a-z0-9@$!|]*[a-z][0-9@$!|][a-z0-9@$!|]*")
# Characters that NFKC, case or look-alike folding may still change once the one-to-one
# table has run: anything outside ASCII, Latin letters, CJK ideographs and CJK punctuation.
_UNSTABLE = re.compile(r"[^\x00-\x7f\u00c0-\u024f\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff]")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_SEPARATORS = re.compile(f"(?<=[{_HAN}])[\\s*·.\\-_|/\\\\]{{1,3}}(?=[{_HAN}])")
# "p a s s w o r d", "f.u.c.k": four or more single letters split by one separator each.
_SPACED = re.compile(r"(?<![a-z])(?:[a-z][ .\-_*]){3,}[a-z](?![a-z])")
_SPACED_SEPARATOR = re.compile(r"[ .\-_*]")
_MIN_SPACED_LETTERS = 4
# Runs of spaces and tabs read as one space, so phrases need not guess the spacing.
_BLANKS = re.compile(r"[ \t]{2,}|\t")
# Three or more of one letter ("fuuuck", "sooo") become one letter; not "www".
_REPEATS = re.compile(r"([a-vx-z])\1{2,}")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text plus, when it differs in length or alignment, the span of each char."""

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """NFKC, homoglyph and case folding of one character; combining marks are dropped."""
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        for piece in c.lower().translate(_HOMOGLYPH_TABLE):
            if unicodedata.category(piece) != "Mn":
                out.append(piece)
    return "".join(out)


class _Builder:
    """Normalised characters with the original span each one came from."""

    __slots__ = ("aligned", "chars", "ends", "starts")

    def __init__(self, chars: list[str], starts: list[int], ends: list[int], aligned: bool) -> None:
        self.chars, self.starts, self.ends = chars, starts, ends
        self.aligned = aligned  # still character i for character i of the original

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def apply(self, edits: list[tuple[int, int, str]]) -> None:
        """Replace non-overlapping [start, end) ranges, sorted by start, with new strings."""
        if not edits:
            return
        self.aligned = self.aligned and all(len(new) == end - start for start, end, new in edits)
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for start, end, new in edits:
            chars.extend(self.chars[pos:start])
            starts.extend(self.starts[pos:start])
            ends.extend(self.ends[pos:start])
            if len(new) == end - start:
                chars.extend(new)
                starts.extend(self.starts[start:end])
                ends.extend(self.ends[start:end])
            elif new:
                chars.extend(new)
                starts.extend([self.starts[start]] * len(new))
                ends.extend([self.ends[end - 1]] * len(new))
            pos = end
        chars.extend(self.chars[pos:])
        starts.extend(self.starts[pos:])
        ends.extend(self.ends[pos:])
        self.chars, self.starts, self.ends = chars, starts, ends


def _leet_edits(text: str) -> list[tuple[int, int, str]]:
    """Map leet characters that sit between letters of one word ("p@ssw0rd", "sh1t", "a$$")."""
    edits: list[tuple[int, int, str]] = []
    for m in _LEET_TOKEN.finditer(text):
        token = m.group()
        if sum(c.isalpha() for c in token) < 2 and not token.endswith("$"):
            continue
        start, end = m.span()
        if (start and text[start - 1] in _ADDRESS_JOINERS) or (
            text[end:end + 1] in _ADDRESS_JOINERS and text[end + 1:end + 2].isalnum()
        ):
            continue  # part of an e-mail address, domain or path ("j0hn@mail.com", "amaz0n.co")
        letters = [i for i, c in enumerate(token) if c.isalpha()]
        first, last = letters[0], letters[-1]
        for i, c in enumerate(token):
            if c in LEET and (first < i < last or (i > last and c == "$")):
                edits.append((start + i, start + i + 1, LEET[c]))
    return edits


def _spacing_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    for m in _SPACED.finditer(text):
        start, run = m.start(), m.group()
        # "u r a ..." is chat-speak for "you are a", not a spelled-out word: leave it apart.
        stripped = False
        while run[:2] in ("u ", "r "):
            start, run, stripped = start + 2, run[2:], True
        if stripped and run[:2] in ("a ", "i "):
            start, run = start + 2, run[2:]
        letters = _SPACED_SEPARATOR.sub("", run)
        if len(letters) >= _MIN_SPACED_LETTERS:
            edits.append((start, m.end(), letters))
    return edits


def _blank_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), " ") for m in _BLANKS.finditer(text)]


def _repeat_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(1)) for m in _REPEATS.finditer(text)]


def _cjk_separator_edits(text: str) -> list[tuple[int, int, str]]:
    if text.isascii():
        return []
    return [(m.start(), m.end(), "") for m in _CJK_SEPARATORS.finditer(text)]


def _fold_edits(text: str) -> list[tuple[int, int, str]]:
    """NFKC, case and look-alike folding of the few characters the fast table left alone."""
    if text.isascii():
        return []
    edits = []
    for m in _UNSTABLE.finditer(text):
        ch = m.group()
        new = "" if ch in ZERO_WIDTH else _fold_char(ch)
        if new != ch:
            edits.append((m.start(), m.end(), new))
    return edits


def _fold_each(text: str) -> _Builder:
    """Fold character by character: for text whose lower case changes length ("İ")."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        if ch in ZERO_WIDTH:
            continue
        for piece in ch.lower() if ch.isascii() else _fold_char(ch):
            chars.append(piece)
            starts.append(i)
            ends.append(i + 1)
    return _Builder(chars, starts, ends, aligned=False)


def normalize(text: str) -> Normalized:
    """Normalise `text` for matching; see the module docstring for what is undone."""
    builder: _Builder | None = None
    folded = text.lower()
    if len(folded) != len(text):
        builder = _fold_each(text)
        folded = builder.text
    elif not folded.isascii():
        folded = folded.translate(_ONE_TO_ONE)

    for step in (_fold_edits, _cjk_separator_edits, _leet_edits, _spacing_edits, _blank_edits, _repeat_edits):
        edits = step(folded)
        if not edits:
            continue
        if builder is None:
            n = len(folded)
            builder = _Builder(list(folded), list(range(n)), list(range(1, n + 1)), aligned=True)
        builder.apply(edits)
        folded = builder.text

    if builder is None or builder.aligned:
        return Normalized(folded)
    return Normalized(folded, tuple(builder.starts), tuple(builder.ends))
