"""One Aho-Corasick pass over a message decides which rules can possibly fire.

Most rules need some word to be present ("password", "密码"); scanning for all those words
at once costs about as much as one regex, and the rules whose words are absent never run.
Rules are bits of an integer, so combining what the found words allow is a few big-int ORs.
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick

from .loader import Rule


class Prefilter:
    """Every rule's anchor groups in one automaton; a rule may fire when each group is hit.

    Single-character anchors ("-", "@", digits) occur in most long messages; they are looked
    up with `in` once each instead of being reported at every occurrence by the automaton.
    """

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.bit = {rule.id: 1 << i for i, rule in enumerate(self.rules)}
        self.always = 0
        # needs[g]: rules with a group g; owners[anchor][g]: rules whose group g holds anchor.
        self._needs: list[int] = []
        owners: dict[str, list[int]] = {}
        for rule in self.rules:
            bit = self.bit[rule.id]
            for terms in rule.matcher.all_terms():
                for anchor in terms.all_anchors():
                    owners.setdefault(anchor, [])
            groups = rule.matcher.anchor_groups()
            if groups is None:
                self.always |= bit
                continue
            for g, group in enumerate(groups):
                if g == len(self._needs):
                    self._needs.append(0)
                self._needs[g] |= bit
                for anchor in group:
                    masks = owners.setdefault(anchor, [])
                    masks.extend([0] * (g + 1 - len(masks)))
                    masks[g] |= bit
        self._chars = {a: tuple(m) for a, m in owners.items() if len(a) == 1}
        self._words = [a for a in owners if len(a) > 1]
        self._masks = [tuple(owners[a]) for a in self._words]
        self._automaton = ahocorasick.Automaton()
        for index, anchor in enumerate(self._words):
            self._automaton.add_word(anchor, index)
        self._empty = not self._words
        if not self._empty:
            self._automaton.make_automaton()

    def scan(self, text: str) -> tuple[int, frozenset[str]]:
        """The rules that may fire on `text`, as bits (see `bit`), and every known literal
        that occurs in it."""
        found = [0] * len(self._needs)
        present: set[str] = set()
        hits: list[tuple[str, tuple[int, ...]]] = []
        if not self._empty:
            for index in {index for _, index in self._automaton.iter(text)}:
                hits.append((self._words[index], self._masks[index]))
        hits.extend((char, masks) for char, masks in self._chars.items() if char in text)
        for anchor, masks in hits:
            present.add(anchor)
            for g, mask in enumerate(masks):
                found[g] |= mask
        ready = -1
        for g, needs in enumerate(self._needs):
            ready &= found[g] | ~needs
        anchored = self._needs[0] if self._needs else 0
        return self.always | (ready & anchored), frozenset(present)
