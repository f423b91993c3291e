"""`request`: a directive cue and a sensitive object in one sentence, in either order.

"Please send us your bank account number", "your password — reply with it",
"请把银行卡号发给我们" and "验证码告诉我" all pair a cue with an object; a word list alone
would also fire on "your refund goes to your bank account".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any, ClassVar

from ..terms import Terms
from .base import BuildContext, Field, Kind, Span, groups, to_original

if TYPE_CHECKING:
    from ..document import Document
    from ..nlp import Pipelines

_SENTENCE_END = re.compile("[.!?。！？\\n]+(?=\\s|$|[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])|[。！？\\n]")
DEFAULT_MAX_GAP = 60
ORDERS = ("any", "cue_first", "object_first")
SCOPES = ("sentence", "message")


class Request(Kind):
    name: ClassVar[str] = "request"
    schema: ClassVar[dict[str, Field]] = {
        "cue": Field("terms", "the directive: send, provide, reply with, 发给, 告诉我", required=True),
        "object": Field("terms", "the sensitive thing asked for", required=True),
        "max_gap": Field("int", f"most characters between cue and object (default {DEFAULT_MAX_GAP})"),
        "order": Field("str", f"which comes first: {', '.join(ORDERS)} (default any)"),
        "scope": Field("str", "where both must stand: sentence (default) or message"),
    }

    def __init__(self, cue: Terms, obj: Terms, max_gap: int, order: str = "any",
                 scope: str = "sentence") -> None:
        self.cue, self.object, self.max_gap, self.order = cue, obj, max_gap, order
        self.scope = scope

    @classmethod
    def build(
        cls, match: dict[str, Any], ctx: BuildContext, languages: tuple[str, ...]
    ) -> Request | None:
        cue = ctx.terms(match["cue"], "match.cue")
        obj = ctx.terms(match["object"], "match.object")
        max_gap = match.get("max_gap", DEFAULT_MAX_GAP)
        if max_gap < 0:
            ctx.problem("match.max_gap", "must be 0 or more", "e.g. max_gap = 60")
            return None
        order = match.get("order", "any")
        if order not in ORDERS:
            ctx.problem("match.order", f"unknown order {order!r}", f"use one of {', '.join(ORDERS)}")
            return None
        scope = match.get("scope", "sentence")
        if scope not in SCOPES:
            ctx.problem("match.scope", f"unknown scope {scope!r}", f"use one of {', '.join(SCOPES)}")
            return None
        return cls(cue, obj, max_gap, order, scope) if cue and obj else None

    def all_terms(self) -> tuple[Terms, ...]:
        return (self.object, self.cue)

    def anchor_groups(self) -> tuple[frozenset[str], ...] | None:
        return groups(self.object, self.cue)

    def find(self, doc: Document, pipelines: Pipelines) -> list[Span]:
        text = doc.norm.text
        objects = list(self.object.finditer(text, doc.present))
        if not objects:
            return []
        cues = list(self.cue.finditer(text, doc.present))
        if not cues:
            return []
        ends = [m.end() for m in _SENTENCE_END.finditer(text)] if self.scope == "sentence" else []
        spans: list[Span] = []
        for o_start, o_end in objects:
            sentence = bisect_right(ends, o_start)
            best: Span | None = None
            for c_start, c_end in cues:
                if bisect_right(ends, c_start) != sentence or (c_start < o_end and o_start < c_end):
                    continue
                cue_first = c_end <= o_start
                if (self.order == "cue_first" and not cue_first) or (
                    self.order == "object_first" and cue_first
                ):
                    continue
                gap = o_start - c_end if cue_first else c_start - o_end
                if gap > self.max_gap:
                    continue
                span = (min(c_start, o_start), max(c_end, o_end))
                if best is None or span[1] - span[0] < best[1] - best[0]:
                    best = span
            if best:
                spans.append(best)
        return to_original(doc, spans)
