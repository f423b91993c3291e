"""msgcheck: an offline scam-and-tone checker for marketplace buyer-seller messages."""

from __future__ import annotations

from functools import lru_cache

from .engine import AUTO, Checker, InputError
from .loader import RuleSetError
from .model import Finding, Report, Severity

__all__ = ["Checker", "Finding", "InputError", "Report", "RuleSetError", "Severity", "check"]


@lru_cache(maxsize=1)
def _default_checker() -> Checker:
    return Checker()


def check(text: str, direction: str = AUTO, lang: str = AUTO) -> Report:
    """Check one message with the bundled rules (loaded once per process)."""
    return _default_checker().check(text, direction=direction, lang=lang)
