"""One Aho-Corasick pass over a message decides which rules can possibly fire.

Most rules need some word to be present ("password", "密码"); scanning for all those words
at once costs about as much as one regex, and the rules whose words are absent never run.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

from .loader import Rule


class Prefilter:
    """The union of every rule's anchors in one automaton."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self._groups: dict[str, tuple[frozenset[str], ...] | None] = {}
        self._automaton = ahocorasick.Automaton()
        for rule in rules:
            groups = rule.matcher.anchor_groups()
            self._groups[rule.id] = groups
            for group in groups or ():
                for anchor in group:
                    self._automaton.add_word(anchor, anchor)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def present(self, text: str) -> frozenset[str]:
        """Every anchor that occurs in `text`."""
        if self._empty:
            return frozenset()
        return frozenset(anchor for _, anchor in self._automaton.iter(text))

    def may_fire(self, rule: Rule, present: frozenset[str]) -> bool:
        groups = self._groups[rule.id]
        return groups is None or not any(group.isdisjoint(present) for group in groups)
