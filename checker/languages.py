"""Decide which languages' rules run (by script) and name the message's main language."""

from __future__ import annotations

from functools import lru_cache

import regex

SUPPORTED = ("en", "zh")
UNDETERMINED = "und"
_HAN = regex.compile(r"\p{Han}")
_LATIN = regex.compile(r"\p{Latin}")
# Frequent English function words: when present, langdetect (3-5 ms a call) is not needed.
_ENGLISH_WORDS = regex.compile(
    r"\b(?:the|and|you|your|is|are|my|i|to|of|for|please|it|this|we|not|was|have|in|on|with|"
    r"me|order|can|will|be|a|an|at|if|do|no)\b"
)
# Below this many letters langdetect is close to a coin toss, so it is not asked.
MIN_LETTERS_FOR_DETECTION = 25


def scripts(text: str) -> tuple[int, int]:
    """Count Han characters and Latin letters."""
    return len(_HAN.findall(text)), len(_LATIN.findall(text))


def present_languages(han: int, latin: int) -> frozenset[str]:
    """Languages whose rules run: every script with real text in it."""
    langs = set()
    if han:
        langs.add("zh")
    if latin >= 2 or (latin and not han):
        langs.add("en")
    return frozenset(langs)


def main_language(text: str, han: int, latin: int) -> str:
    """The language the message is mainly written in, deterministically."""
    if not han and not latin:
        return UNDETERMINED
    if han * 3 >= latin:
        return "zh"
    lowered = text.lower()
    if latin < MIN_LETTERS_FOR_DETECTION or len(_ENGLISH_WORDS.findall(lowered)) >= 2:
        return "en"
    return _detect(lowered)


@lru_cache(maxsize=1)
def _detector_factory():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)  # langdetect draws random samples; a fixed seed makes it repeatable
    return factory


def _detect(text: str) -> str:
    from langdetect.lang_detect_exception import LangDetectException

    detector = _detector_factory().create()
    detector.append(text)
    try:
        code = detector.detect()
    except LangDetectException:
        return "en"
    return "zh" if code.startswith("zh") else code
