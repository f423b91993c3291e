"""Normalisation undoes disguises and keeps every span pointing into the original text."""

from __future__ import annotations

import pytest

from checker.normalize import normalize


@pytest.mark.parametrize(
    ("original", "word"),
    [
        ("Send your p@ssw0rd now", "password"),
        ("reply with your p a s s w o r d", "password"),
        ("your ｐａｓｓｗｏｒｄ please", "password"),
        ("the pass\u200bword please", "password"),
        ("what the fuuuuck", "fuck"),
        ("you f.u.c.k.e.r", "fucker"),
        ("log in at аmazon now", "amazon"),
        ("sh1t happens", "shit"),
        ("你就是个傻 逼", "傻逼"),
        ("你就是个傻\u200b逼", "傻逼"),
        ("what an a$$", "ass"),
        ("I don\u2019t care", "don't"),
        ("u r a b i t c h", "bitch"),
        ("the c o d e please", "code"),
    ],
)
def test_disguise_is_undone_and_span_maps_back(original: str, word: str) -> None:
    norm = normalize(original)
    start = norm.text.index(word)
    o_start, o_end = norm.original_span(start, start + len(word))
    disguised = original[o_start:o_end]
    assert normalize(disguised).text == word
    assert disguised.strip() == disguised and disguised


@pytest.mark.parametrize(
    "text",
    [
        "iphone14 with 4k video",
        "order 123-4567890-1234567",
        "mail j0hn@example.com",
        "b2b price 3d printer",
    ],
)
def test_numbers_and_addresses_are_left_alone(text: str) -> None:
    assert normalize(text).text == text.lower()


def test_plain_text_has_identity_offsets() -> None:
    norm = normalize("Hello there")
    assert norm.starts is None and norm.original_span(0, 5) == (0, 5)


def test_short_letter_sequences_are_not_joined() -> None:
    assert normalize("u r a star").text == "u r a star"
    assert normalize("u r a f'in liar").text == "u r a f'in liar"
