"""`conditional`: when A is present, B must be too (a complaint needs an order number).

Without an `if` table the condition always holds: "every draft should greet the seller".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..terms import Terms
from .base import BuildContext, Field, Kind, Span, groups, to_original

if TYPE_CHECKING:
    from ..document import Document
    from ..nlp import Pipelines


class Conditional(Kind):
    name: ClassVar[str] = "conditional"
    schema: ClassVar[dict[str, Field]] = {
        "if": Field("terms", "what makes the rule apply (omit: always applies)"),
        "then": Field("terms", "what must then be present somewhere in the message", required=True),
    }

    def __init__(self, condition: Terms | None, required: Terms) -> None:
        self.condition, self.required = condition, required

    @classmethod
    def build(
        cls, match: dict[str, Any], ctx: BuildContext, languages: tuple[str, ...]
    ) -> Conditional | None:
        condition = ctx.terms(match["if"], "match.if") if "if" in match else None
        required = ctx.terms(match["then"], "match.then")
        if required is None or ("if" in match and condition is None):
            return None
        return cls(condition, required)

    def all_terms(self) -> tuple[Terms, ...]:
        return (self.required,) if self.condition is None else (self.condition, self.required)

    def anchor_groups(self) -> tuple[frozenset[str], ...] | None:
        return groups(self.condition)

    def find(self, doc: Document, pipelines: Pipelines) -> list[Span]:
        text = doc.norm.text
        if self.condition is None:
            trigger: Span | None = (0, 0)  # the whole message: no single span to point at
        else:
            trigger = self.condition.first(text, doc.present)
        if trigger is None or self.required.first(text, doc.present) is not None:
            return []
        return to_original(doc, [trigger])
