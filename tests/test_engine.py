"""The pipeline's stages, on the fixed fixture rules: context, languages, offsets, grading, API."""

from __future__ import annotations

import multiprocessing
import pickle
from pathlib import Path

import pytest

from checker import Checker, InputError, Report
from checker.engine import MAX_CHARS, mask_digits
from checker.grading import verdict
from checker.model import Finding, Severity


def categories(report: Report) -> set[str]:
    return {f.category for f in report.findings}


@pytest.mark.parametrize(
    "text",
    [
        "Send me your password so I can fix the refund.",
        "Your password - reply with it today.",
        "Please confirm your login details below.",
        "Send your p@ssw0rd now",
        "send your p a s s w o r d",
        "请把您的密码发给我们。",
        "验证码告诉我",
        "请提供您的登录密码和短信验证码",
    ],
)
def test_requests_are_flagged(fixture_checker: Checker, text: str) -> None:
    report = fixture_checker.check(text, direction="incoming")
    assert "scam.credentials" in categories(report)
    assert report.verdict == "danger"


@pytest.mark.parametrize(
    "text",
    [
        "We will never ask for your password.",
        "Amazon will never ask you to send your password by message.",
        "If anyone asks you to send your password, report it.",
        "The last seller asked for my password, so I reported them.",
        "Do not share your password with anyone.",
        "我们绝不会索要您的密码。",
        "请勿向任何人透露验证码。",
        "如果有人让您提供验证码，请立即举报。",
        "上一个卖家找我要密码，我已经举报了。",
    ],
)
def test_negated_advisory_and_reported_requests_are_not(fixture_checker: Checker, text: str) -> None:
    assert "scam.credentials" not in categories(fixture_checker.check(text, direction="incoming"))


def test_context_is_judged_per_clause(fixture_checker: Checker) -> None:
    text = "Send me your password, and never tell Amazon about it."
    assert "scam.credentials" in categories(fixture_checker.check(text, direction="incoming"))


def test_offsets_point_into_the_original(fixture_checker: Checker) -> None:
    text = "Ｈｉ！ Please send your p@ss\u200bw0rd right away"
    [finding] = fixture_checker.check(text, direction="incoming").findings
    assert text[finding.start:finding.end] == finding.match
    assert finding.match == "send your p@ss\u200bw0rd"


def test_mixed_scripts_run_both_languages(fixture_checker: Checker) -> None:
    draft = "我买的灯坏了，订单号 123-4567890-1234567"
    report = fixture_checker.check(draft, direction="outgoing")
    assert report.lang == "zh"
    assert "info.order_number" not in categories(report)
    assert "info.order_number" in categories(fixture_checker.check("我买的灯坏了", direction="outgoing"))


def test_short_text_language_is_not_guessed(fixture_checker: Checker) -> None:
    assert fixture_checker.check("ok thx", direction="outgoing").lang == "en"
    assert fixture_checker.check("12345", direction="outgoing").lang == "und"


def test_language_detection_is_deterministic(fixture_checker: Checker) -> None:
    text = "Guten Tag, meine Bestellung ist leider noch immer nicht angekommen, bitte helfen Sie"
    langs = {fixture_checker.check(text, direction="outgoing").lang for _ in range(5)}
    assert langs == {"de"}


def test_forced_language_runs_only_that_language(fixture_checker: Checker) -> None:
    text = "请把您的密码发给我们。"
    assert fixture_checker.check(text, direction="incoming", lang="en").verdict == "ok"
    with pytest.raises(InputError):
        fixture_checker.check(text, lang="xx")


def test_weak_signals_combine(fixture_checker: Checker) -> None:
    urgent = fixture_checker.check("Urgent: please reply today.", direction="incoming")
    assert urgent.verdict == "caution"
    both = fixture_checker.check("Urgent: claim it at http://refund.example.net/x", direction="incoming")
    assert both.verdict == "warning"
    assert categories(both) == {"scam.pressure", "scam.link"}


def test_links_to_the_marketplace_are_trusted(fixture_checker: Checker) -> None:
    calm = fixture_checker.check("See https://www.amazon.co.uk/gp/help and amzn.to/abc", direction="incoming")
    assert calm.verdict == "ok"
    for url in ("http://amaz0n-support.co/login", "amazon.com.verify-login.net", "http://аmazon.com",
                "http://45.77.12.9/refund", "bit.ly/3abc"):
        assert "scam.link" in categories(fixture_checker.check(f"Go to {url}", direction="incoming")), url


def test_one_category_does_not_add_up() -> None:
    weak = Finding("S1", "a", "scam.pressure", Severity.CAUTION, 0.3, 0, 1, "x", "", "", "")
    assert verdict((weak, weak, weak), "incoming")[0] == "caution"
    other = Finding("S2", "b", "scam.link", Severity.CAUTION, 0.3, 0, 1, "x", "", "", "")
    assert verdict((weak, other), "incoming")[0] == "warning"
    assert verdict((weak, other), "outgoing")[0] == "caution"
    assert verdict((), "incoming") == ("ok", 0.0)


def test_card_numbers_are_validated_and_masked(fixture_checker: Checker) -> None:
    report = fixture_checker.check("Hi, my card is 4111 1111 1111 1111, thanks", direction="outgoing")
    [finding] = [f for f in report.findings if f.category == "privacy.payment_details"]
    assert finding.match == "•••• •••• •••• 1111"
    assert "4111 1111 1111 1111" not in str(report.to_dict())
    bad = fixture_checker.check("my card is 4111 1111 1111 1112", direction="outgoing")
    assert "privacy.payment_details" not in categories(bad)
    assert mask_digits("12-34-5678") == "••-••-5678"


def test_tokens_rule_matches_word_forms(fixture_checker: Checker) -> None:
    for text in ("I will kill you", "I'm gonna hurt you", "I will be beating you"):
        assert "tone.threat" in categories(fixture_checker.check(text, direction="outgoing")), text
    assert "tone.threat" not in categories(fixture_checker.check("This is killing me", direction="outgoing"))


def test_shouting_measures_capitals(fixture_checker: Checker) -> None:
    report = fixture_checker.check("WHERE IS MY ORDER, I PAID TWO WEEKS AGO", direction="outgoing")
    [finding] = [f for f in report.findings if f.category == "tone.shouting"]
    assert finding.match == "WHERE IS MY ORDER, I PAID TWO WEEKS AGO"


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_message_is_an_error(fixture_checker: Checker, text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        fixture_checker.check(text)


def test_huge_message_is_an_error(fixture_checker: Checker) -> None:
    with pytest.raises(InputError, match="limit"):
        fixture_checker.check("a" * (MAX_CHARS + 1))


def test_direction_is_guessed(fixture_checker: Checker) -> None:
    assert fixture_checker.check("I ordered a lamp and it arrived broken").direction == "outgoing"
    assert fixture_checker.check("Dear customer, your order has shipped").direction == "incoming"
    with pytest.raises(InputError):
        fixture_checker.check("hello", direction="sideways")


def test_report_json_contract(fixture_checker: Checker) -> None:
    data = fixture_checker.check("Send your password", direction="incoming", id="m1").to_dict()
    assert list(data) == ["schema_version", "id", "direction", "lang", "verdict", "score", "findings"]
    assert data["schema_version"] == 1
    assert list(data["findings"][0]) == ["rule", "name", "category", "severity", "score", "start",
                                         "end", "match", "message", "why", "suggestion"]


def test_checker_pickles_and_works_in_workers(fixture_checker: Checker) -> None:
    clone = pickle.loads(pickle.dumps(fixture_checker))
    text = "Send your password"
    assert clone.check(text, direction="incoming") == fixture_checker.check(text, direction="incoming")
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        remote = pool.apply(fixture_checker.check, (text, "incoming"))
    assert remote == fixture_checker.check(text, "incoming")


def test_top_level_check_uses_bundled_rules() -> None:
    from checker import check

    report = check("Please send me your bank account and routing number", direction="incoming")
    assert report.verdict == "danger"


def test_translation_hint_depends_on_the_marketplace(checker: Checker) -> None:
    draft = "你好，我的订单还没有到，请帮我查一下。"

    def hinted(marketplace: str) -> bool:
        report = checker.check(draft, direction="outgoing", marketplace=marketplace)
        return "lang.translation" in categories(report)

    assert hinted("amazon.com") and hinted("amazon.de")
    assert not hinted("amazon.cn")
    with pytest.raises(InputError, match="unknown marketplace"):
        checker.check(draft, marketplace="example.org")


def test_one_word_is_reported_once_per_category() -> None:
    from checker.engine import strongest_per_category

    def make(rule: str, severity: Severity, start: int, end: int, category: str = "tone.profanity"):
        return Finding(rule, rule.lower(), category, severity, 0.5, start, end, "x", "", "", "")

    strong = make("T1", Severity.WARNING, 4, 9)
    weak = make("T2", Severity.CAUTION, 4, 9)
    elsewhere = make("T3", Severity.CAUTION, 20, 25)
    other = make("T4", Severity.CAUTION, 4, 9, "tone.abuse")
    assert strongest_per_category([weak, strong, elsewhere, other]) == [strong, elsewhere, other]


def test_request_order_can_be_fixed(tmp_path) -> None:
    from .conftest import build_rules

    rule = (Path(__file__).parent / "fixtures/rules/incoming/S901-password-request.toml").read_text()
    rule = rule.replace("[match.cue]", '[match]\norder = "cue_first"\n\n[match.cue]')
    root = build_rules(tmp_path / "rules", {"incoming/S901-password-request.toml": rule})
    ordered = Checker(root)
    assert ordered.check("Send your password", direction="incoming").verdict == "danger"
    assert ordered.check("Your password - send it", direction="incoming").verdict == "ok"


def test_hypothetical_reaches_across_commas(fixture_checker: Checker) -> None:
    text = "If anyone, even someone claiming to be us, tells you to send your password, report it."
    assert "scam.credentials" not in categories(fixture_checker.check(text, direction="incoming"))


def test_a_cue_inside_a_matched_phrase_does_not_cancel_it(tmp_path) -> None:
    from .conftest import build_rules

    rule = (Path(__file__).parent / "fixtures/rules/incoming/S903-urgent-wording.toml").read_text()
    rule = rule.replace('phrases = ["urgent", "immediately"]', 'phrases = ["涉嫌诈骗", "urgent"]')
    rule = rule.replace('languages = ["en"]', 'languages = ["en", "zh"]')
    rule = rule.replace('category = "scam.pressure"', 'category = "scam.impersonation"')
    rule = rule.replace('severity = "caution"', 'severity = "caution"\ncontext = true')
    root = build_rules(tmp_path / "rules", {"incoming/S903-urgent-wording.toml": rule})
    checker = Checker(root)
    assert checker.check("您的账户涉嫌诈骗，请配合调查", direction="incoming").verdict == "caution"
    assert checker.check("如果有人说您涉嫌诈骗，请挂断", direction="incoming").verdict == "ok"


def test_repeated_w_is_kept_for_addresses() -> None:
    from checker.normalize import normalize

    assert normalize("go to www.example.com, sooo easy").text == "go to www.example.com, so easy"


def test_request_scope_can_span_the_message(tmp_path) -> None:
    from .conftest import build_rules

    rule = (Path(__file__).parent / "fixtures/rules/incoming/S901-password-request.toml").read_text()
    text = "Send it today.\nYour password, please."
    assert Checker(build_rules(tmp_path / "a", {})).check(text, direction="incoming").verdict == "ok"
    wide = rule.replace("[match.cue]", '[match]\nscope = "message"\n\n[match.cue]')
    root = build_rules(tmp_path / "b", {"incoming/S901-password-request.toml": wide})
    assert Checker(root).check(text, direction="incoming").verdict == "danger"
