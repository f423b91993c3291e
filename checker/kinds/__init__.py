"""The closed set of rule kinds; a rule file names one of these in `kind`."""

from __future__ import annotations

from .base import Kind
from .conditional import Conditional
from .existence import Existence
from .language import Language
from .link import Link
from .occurrence import Occurrence
from .request import Request
from .tokens import Tokens

KINDS: dict[str, type[Kind]] = {
    k.name: k for k in (Existence, Request, Conditional, Occurrence, Tokens, Link, Language)
}

__all__ = ["KINDS", "Kind"]
