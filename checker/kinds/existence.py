"""`existence`: the rule fires wherever one of its phrases or patterns occurs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..terms import Terms
from .base import TERMS_SCHEMA, BuildContext, Field, Kind, Span, groups, to_original

if TYPE_CHECKING:
    from ..document import Document
    from ..nlp import Pipelines


class Existence(Kind):
    name: ClassVar[str] = "existence"
    schema: ClassVar[dict[str, Field]] = TERMS_SCHEMA

    def __init__(self, terms: Terms) -> None:
        self.terms = terms

    @classmethod
    def build(
        cls, match: dict[str, Any], ctx: BuildContext, languages: tuple[str, ...]
    ) -> Existence | None:
        terms = ctx.terms(match, "match")
        return cls(terms) if terms else None

    def find(self, doc: Document, pipelines: Pipelines) -> list[Span]:
        return to_original(doc, list(self.terms.finditer(doc.norm.text, doc.present)))

    def anchor_groups(self) -> tuple[frozenset[str], ...] | None:
        return groups(self.terms)

    def all_terms(self) -> tuple[Terms, ...]:
        return (self.terms,)
