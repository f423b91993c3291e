"""The pipeline: normalise, pick languages and rules, match, drop false hits, grade."""

from __future__ import annotations

from pathlib import Path

from . import cache
from .context import ContextCues
from .direction import guess_direction
from .document import Document
from .grading import verdict
from .languages import SUPPORTED, main_language, present_languages, scripts
from .loader import ANY_LANGUAGE, DIRECTIONS, Problem, Rule, RuleSetError, default_rules_root, load_rules
from .marketplaces import DEFAULT_MARKETPLACE, MarketplaceError, load_marketplaces
from .model import Finding, Report
from .nlp import Pipelines
from .prefilter import Prefilter
from .terms import Lexicons
from .validators import VALIDATORS

MAX_CHARS = 100_000
MAX_FINDINGS_PER_RULE = 20
AUTO = "auto"


class InputError(ValueError):
    """The message cannot be checked as given (empty, too long, unknown option value)."""


def mask_digits(text: str, keep: int = 4) -> str:
    """Hide all digits but the last `keep`, so a report never repeats a number whole."""
    total = sum(c.isdigit() for c in text)
    seen = 0
    out = []
    for c in text:
        if c.isdigit():
            seen += 1
            out.append(c if seen > total - keep else "•")
        else:
            out.append(c)
    return "".join(out)


def strongest_per_category(findings: list[Finding]) -> list[Finding]:
    """Drop a finding that another of its category already covers at the same place with a
    higher severity (or the same severity and a longer span): one word, one report."""

    def rank(f: Finding) -> tuple[int, int, str]:
        return (f.severity, f.end - f.start, f.rule)

    def overlap(a: Finding, b: Finding) -> bool:
        return (a.start < b.end and b.start < a.end) or (a.start, a.end) == (b.start, b.end)

    return [f for f in findings
            if not any(g is not f and g.category == f.category and overlap(f, g)
                       and rank(g) > rank(f) for g in findings)]


class Checker:
    """A loaded rule set; build once, check many messages. Pickles by reloading its rules."""

    def __init__(self, rules_dir: str | Path | None = None) -> None:
        self.rules_dir = Path(rules_dir) if rules_dir is not None else default_rules_root()
        key = cache.fingerprint(self.rules_dir) if self.rules_dir.is_dir() else None
        prepared = cache.load(key) if key else None
        if prepared is None:
            prepared = self._prepare()
            if key:
                cache.store(key, prepared)
        self.rules, self.context, self.marketplaces = prepared
        self.prefilter = Prefilter(self.rules)
        self.pipelines = Pipelines(self.rules_dir / "lexicons")
        self._selected: dict[tuple[str, frozenset[str]], tuple[Rule, ...]] = {}

    def _prepare(self) -> tuple[tuple[Rule, ...], ContextCues, dict[str, frozenset[str]]]:
        """Load and validate every rule file; raise RuleSetError listing all problems."""
        lexicons = Lexicons(self.rules_dir / "lexicons")
        rules = load_rules(self.rules_dir, lexicons)
        try:
            marketplaces = load_marketplaces(self.rules_dir / "marketplaces.toml")
        except MarketplaceError as exc:
            raise RuleSetError([Problem(self.rules_dir / "marketplaces.toml", 1, "-", "languages",
                                        str(exc), "see the comment at the top of the file")]) from None
        return rules, ContextCues(lexicons, SUPPORTED), marketplaces

    def __reduce__(self) -> tuple[type[Checker], tuple[Path]]:
        return (Checker, (self.rules_dir,))

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def select(self, direction: str, langs: frozenset[str]) -> tuple[Rule, ...]:
        """Rules for this direction whose languages are present (or that fit any language)."""
        key = (direction, langs)
        if key not in self._selected:
            self._selected[key] = tuple(
                r for r in self.rules
                if r.direction == direction
                and (ANY_LANGUAGE in r.languages or langs.intersection(r.languages))
            )
        return self._selected[key]

    def check(self, text: str, direction: str = AUTO, lang: str = AUTO, id: str | None = None,
              marketplace: str = DEFAULT_MARKETPLACE) -> Report:
        """Check one message and return its graded report."""
        doc = self.document(text, lang, marketplace)
        if direction == AUTO:
            direction = guess_direction(doc.lower)
        elif direction not in DIRECTIONS:
            raise InputError(f"unknown direction {direction!r} (use incoming, outgoing or auto)")
        findings: list[Finding] = []
        candidates, doc.present = self.prefilter.scan(doc.norm.text)
        bit = self.prefilter.bit
        for rule in self.select(direction, doc.langs):
            if candidates & bit[rule.id]:
                findings.extend(self.apply(rule, doc))
        findings = strongest_per_category(findings)
        findings.sort(key=lambda f: (f.start, -f.severity, f.rule))
        result, score = verdict(tuple(findings), direction)
        return Report(direction=direction, lang=doc.lang, verdict=result, score=score,
                      findings=tuple(findings), id=id)

    def document(self, text: str, lang: str = AUTO,
                 marketplace: str = DEFAULT_MARKETPLACE) -> Document:
        """Validate the text and decide its languages."""
        if not isinstance(text, str):
            raise InputError("the message must be text")
        if not text.strip():
            raise InputError("the message is empty")
        if len(text) > MAX_CHARS:
            raise InputError(f"the message is {len(text):,} characters; the limit is "
                             f"{MAX_CHARS:,}: check it in parts")
        if marketplace not in self.marketplaces:
            raise InputError(f"unknown marketplace {marketplace!r} (known: "
                             f"{', '.join(sorted(self.marketplaces))})")
        expected = self.marketplaces[marketplace]
        if lang == AUTO:
            han, latin = scripts(text)
            return Document(text, present_languages(han, latin), main_language(text, han, latin),
                            self.pipelines, expected)
        if lang not in SUPPORTED:
            raise InputError(f"unsupported language {lang!r} (use {', '.join(SUPPORTED)} or auto)")
        return Document(text, frozenset({lang}), lang, self.pipelines, expected)

    def findings_for(self, rule: Rule, text: str) -> list[Finding]:
        """One rule's findings in `text` (default marketplace), as a full check reports them."""
        doc = self.document(text)
        if rule not in self.select(rule.direction, doc.langs):
            return []
        candidates, doc.present = self.prefilter.scan(doc.norm.text)
        if not candidates & self.prefilter.bit[rule.id]:
            return []
        return self.apply(rule, doc)

    def apply(self, rule: Rule, doc: Document) -> list[Finding]:
        """One rule's findings in one message, after checksum and context filters."""
        try:
            spans = rule.matcher.find(doc, self.pipelines)
        except TimeoutError:
            import logging  # rare path; the id only, never message text

            logging.getLogger(__name__).warning("rule %s ran out of its time budget", rule.id)
            return []
        findings: list[Finding] = []
        last_end = -1
        for start, end in sorted(set(spans)):
            if start < last_end:
                continue
            matched = doc.text[start:end]
            if rule.validate and not VALIDATORS[rule.validate](matched):
                continue
            if rule.context and self.context.suppressed(
                doc.lower, doc.breaks, start, end, doc.langs, phrase_hit=rule.kind != "request"
            ):
                continue
            shown = mask_digits(matched) if rule.mask else matched
            findings.append(Finding(
                rule=rule.id, name=rule.name, category=rule.category, severity=rule.severity,
                score=rule.score, start=start, end=end, match=shown,
                message=rule.message.format(match=shown), why=rule.why, suggestion=rule.instead,
            ))
            last_end = end
            if len(findings) >= MAX_FINDINGS_PER_RULE:
                break
        return findings
