"""`language`: the draft is written in a language the marketplace's sellers may not read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..languages import UNDETERMINED
from .base import BuildContext, Field, Kind, Span

if TYPE_CHECKING:
    from ..document import Document
    from ..nlp import Pipelines


class Language(Kind):
    name: ClassVar[str] = "language"
    schema: ClassVar[dict[str, Field]] = {
        "unless": Field("list[str]", "languages that never fire, whatever the marketplace"),
    }

    def __init__(self, unless: frozenset[str]) -> None:
        self.unless = unless

    @classmethod
    def build(
        cls, match: dict[str, Any], ctx: BuildContext, languages: tuple[str, ...]
    ) -> Language | None:
        return cls(frozenset(match.get("unless", [])))

    def find(self, doc: Document, pipelines: Pipelines) -> list[Span]:
        lang = doc.lang
        if lang == UNDETERMINED or lang in self.unless or lang in doc.marketplace_languages:
            return []
        return [(0, 0)]
