"""spaCy, loaded only when a message reaches a `tokens` rule (its import alone costs ~1 s)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

# Inflection endings stripped by the stemmer; irregular forms come from rules/lexicons/en/lemmas.tsv.
_SUFFIXES = ("ing", "ed", "es", "s")
_MIN_STEM = 3


class Pipelines:
    """Blank spaCy pipelines per language, a lookup lemmatiser, and compiled Matchers."""

    def __init__(self, lexicon_root: Path) -> None:
        self._lexicon_root = lexicon_root
        self._nlp: dict[str, Language] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"_lexicon_root": self._lexicon_root, "_nlp": {}}

    @cached_property
    def _lemmas(self) -> dict[str, str]:
        table: dict[str, str] = {}
        path = self._lexicon_root / "en" / "lemmas.tsv"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line and not line.startswith("#"):
                    form, _, lemma = line.partition("\t")
                    table[form.strip()] = lemma.strip()
        return table

    def lemma(self, word: str) -> str:
        """A lemma key: the lookup table for irregular forms, else a light stem.

        The stem is not always a dictionary word ("hated" and "hate" both give "hat"), but
        rule patterns are stemmed by this same function, so both sides meet.
        """
        word = word.lower()
        if word in self._lemmas:
            word = self._lemmas[word]
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[: -len(suffix)]
                break
        if len(word) > _MIN_STEM and word.endswith("e"):
            word = word[:-1]
        if len(word) > _MIN_STEM and word[-1] == word[-2] and word[-1].isalpha():
            word = word[:-1]
        return word

    def nlp(self, lang: str) -> Language:
        if lang not in self._nlp:
            import spacy

            self._nlp[lang] = spacy.blank(lang)
        return self._nlp[lang]

    def make_doc(self, lang: str, text: str) -> Doc:
        doc = self.nlp(lang).make_doc(text)
        if lang == "en":
            for token in doc:
                token.lemma_ = self.lemma(token.lower_)
        return doc

    def matcher(self, lang: str, key: str, patterns: list[list[dict[str, Any]]]) -> Matcher:
        """A Matcher for `patterns`, with LEMMA values keyed the way tokens are."""
        from spacy.matcher import Matcher

        matcher = Matcher(self.nlp(lang).vocab)
        matcher.add(key, [[self._lemma_keys(lang, token) for token in p] for p in patterns])
        return matcher

    def _lemma_keys(self, lang: str, token: dict[str, Any]) -> dict[str, Any]:
        if lang != "en" or "LEMMA" not in token:
            return token
        value = token["LEMMA"]
        if isinstance(value, str):
            value = self.lemma(value)
        elif isinstance(value, dict):
            value = {op: [self.lemma(v) for v in vs] if isinstance(vs, list) else vs
                     for op, vs in value.items()}
        return {**token, "LEMMA": value}
