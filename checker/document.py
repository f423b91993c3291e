"""One message under analysis: the original, its normalised view, and views built on demand."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from .context import clause_breaks
from .normalize import Normalized, normalize

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .nlp import Pipelines

T = TypeVar("T")


class Document:
    """Views of one message; costly ones (clauses, spaCy docs) are computed on first use."""

    def __init__(self, text: str, langs: frozenset[str], lang: str, pipelines: Pipelines,
                 marketplace_languages: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.langs = langs
        self.lang = lang
        self.marketplace_languages = marketplace_languages
        self._pipelines = pipelines
        self._spacy: dict[str, Doc] = {}
        self._memo: dict[str, Any] = {}
        # Literals the prefilter found in the normalised text (None: not scanned).
        self.present: frozenset[str] | None = None

    @cached_property
    def norm(self) -> Normalized:
        return normalize(self.text)

    @cached_property
    def lower(self) -> str:
        """The original lowercased, offset for offset (unchanged where lowering would shift)."""
        lowered = self.text.lower()
        return lowered if len(lowered) == len(self.text) else self.text

    @cached_property
    def breaks(self) -> list[int]:
        return clause_breaks(self.lower)

    def memo(self, key: str, compute: Callable[[str], T]) -> T:
        """compute(original text), once per message for all the rules that need it."""
        if key not in self._memo:
            self._memo[key] = compute(self.text)
        return self._memo[key]

    def spacy_doc(self, lang: str) -> Doc:
        """The normalised text tokenised by spaCy's blank pipeline for `lang`."""
        if lang not in self._spacy:
            self._spacy[lang] = self._pipelines.make_doc(lang, self.norm.text)
        return self._spacy[lang]
