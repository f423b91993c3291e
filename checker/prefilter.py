"""One Aho-Corasick pass over a message decides which rules can possibly fire.

Most rules need some word to be present ("password", "密码"); scanning for all those words
at once costs about as much as one regex, and the rules whose words are absent never run.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

from .loader import Rule


class Prefilter:
    """Every rule's anchor groups in one automaton; a rule may fire when each group is hit.

    Single-character anchors ("-", "@", digits) occur in most long messages; they are looked
    up with `in` once each instead of being reported at every occurrence by the automaton.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        always = set()
        self._groups: dict[str, int] = {}
        owners: dict[str, set[tuple[str, int]]] = {}
        for rule in rules:
            for terms in rule.matcher.all_terms():
                for anchor in terms.all_anchors():
                    owners.setdefault(anchor, set())
            groups = rule.matcher.anchor_groups()
            if groups is None:
                always.add(rule.id)
                continue
            self._groups[rule.id] = len(groups)
            for index, group in enumerate(groups):
                for anchor in group:
                    owners.setdefault(anchor, set()).add((rule.id, index))
        self.always = frozenset(always)
        self._chars = {a: frozenset(o) for a, o in owners.items() if len(a) == 1}
        words = [a for a in owners if len(a) > 1]
        self._words = words
        self._owned = [frozenset(owners[a]) for a in words]
        self._automaton = ahocorasick.Automaton()
        for index, anchor in enumerate(words):
            self._automaton.add_word(anchor, index)
        self._empty = not words
        if not self._empty:
            self._automaton.make_automaton()

    def scan(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        """The ids of the rules that may fire on `text` (rules without anchors always may),
        and every known literal that occurs in it."""
        hit: set[tuple[str, int]] = set()
        present: set[str] = set()
        if not self._empty:
            for index in {index for _, index in self._automaton.iter(text)}:
                hit |= self._owned[index]
                present.add(self._words[index])
        for char, owned in self._chars.items():
            if char in text:
                hit |= owned
                present.add(char)
        ready = {rule for rule, index in hit if self._groups[rule] == 1}
        for rule in {rule for rule, _ in hit} - ready:
            if all((rule, i) in hit for i in range(self._groups[rule])):
                ready.add(rule)
        return self.always | ready, frozenset(present)
