"""Phrase matching, masks, exclusions and the literal anchors that drive the prefilter."""

from __future__ import annotations

import pytest

from checker.terms import compile_terms, required_literals


def hits(terms, text: str) -> list[str]:
    return [text[s:e] for s, e in terms.finditer(text)]


def test_latin_phrases_match_whole_words_only() -> None:
    terms = compile_terms(phrases=["ass", "sb", "bank account"])
    assert hits(terms, "class assessment, you ass") == ["ass"]
    assert hits(terms, "usb cable; 你是sb吗") == ["sb"]
    assert hits(terms, "my bank-account and bank account") == ["bank-account", "bank account"]


def test_chinese_phrases_match_inside_text_unless_excluded() -> None:
    terms = compile_terms(phrases=["操你", "傻逼"], exclude=["操你的心"])
    assert hits(terms, "我操你，傻逼") == ["操你", "傻逼"]
    assert hits(terms, "谁来操你的心") == []


def test_masked_spellings_need_a_mask_character() -> None:
    terms = compile_terms(phrases=["fuck", "shit", "sb"], masked=True)
    assert hits(terms, "what the f*ck, sh#t") == ["f*ck", "sh#t"]
    assert hits(terms, "s* s# facts") == []


def test_longest_match_wins() -> None:
    terms = compile_terms(phrases=["card", "card number"], patterns=[r"\bcvv\b"])
    assert hits(terms, "send card number and cvv") == ["card number", "cvv"]


@pytest.mark.parametrize(
    ("pattern", "anchors"),
    [
        (r"\d{3}-\d{7}-\d{7}", {"-"}),
        (r"(?:send|give)\s+me", {"send", "give"}),
        (r"pass(?:word)?s?", {"pass"}),
        (r"\p{Han}{0,4}密码", {"密码"}),
        (r"[@＠]\w+", {"@", "＠"}),
        (r"\d+", set("0123456789")),
        (r"[0-9]{4}", set("0123456789")),
        (r"\w+", None),
        (r"x?y*", None),
    ],
)
def test_required_literals(pattern: str, anchors: set[str] | None) -> None:
    found = required_literals(pattern)
    assert (None if found is None else set(found)) == anchors


def test_anchors_of_mixed_terms() -> None:
    assert compile_terms(phrases=["bank account"], patterns=[r"iban\d"]).anchors == {"account", "iban"}
    assert compile_terms(phrases=["x"], patterns=[r"\w+"]).anchors is None
    assert compile_terms(phrases=["fuck"], masked=True).anchors == {"fuck", "*", "#", "%"}
