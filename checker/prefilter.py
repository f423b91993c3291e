"""One Aho-Corasick pass over a message decides which rules can possibly fire.

Most rules need some word to be present ("password", "密码"); scanning for all those words
at once costs about as much as one regex, and the rules whose words are absent never run.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

from .loader import Rule


class Prefilter:
    """Every rule's anchor groups in one automaton; a rule may fire when each group is hit."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.always: frozenset[str]
        always = set()
        self._groups: dict[str, int] = {}
        owners: dict[str, set[tuple[str, int]]] = {}
        for rule in rules:
            groups = rule.matcher.anchor_groups()
            if groups is None:
                always.add(rule.id)
                continue
            self._groups[rule.id] = len(groups)
            for index, group in enumerate(groups):
                for anchor in group:
                    owners.setdefault(anchor, set()).add((rule.id, index))
        self.always = frozenset(always)
        self._automaton = ahocorasick.Automaton()
        for anchor, owned in owners.items():
            self._automaton.add_word(anchor, frozenset(owned))
        self._empty = not owners
        if not self._empty:
            self._automaton.make_automaton()

    def candidates(self, text: str) -> frozenset[str]:
        """Ids of the rules that may fire on `text` (rules without anchors always may)."""
        if self._empty:
            return self.always
        hit: set[tuple[str, int]] = set()
        seen: set[int] = set()
        for _, owned in self._automaton.iter(text):
            if id(owned) not in seen:
                seen.add(id(owned))
                hit |= owned
        ready = {rule for rule, index in hit if self._groups[rule] == 1}
        for rule in {rule for rule, _ in hit} - ready:
            if all((rule, i) in hit for i in range(self._groups[rule])):
                ready.add(rule)
        return self.always | ready
