"""Decide which languages' rules run (by script) and name the message's main language."""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("en", "zh")
UNDETERMINED = "und"
# Han ideographs (CJK unified, extension A, compatibility) and Latin letters, as `re` classes.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile("[A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# Frequent English words rarely written in other Latin-script languages: when they make up a
# good share of a message, it is English and langdetect (3-15 ms a call) is not asked.
_ENGLISH_WORDS = frozenset(
    """
the and you your is are my to of for please it this we not have with can be at if i that what
when where why how thanks thank hello hi order item from get got just been has had would could
should there they them our us he she his her did does don't i'm it's you're can't won't didn't
doesn't isn't was were will which who any all some yes now today here out up about by one two
new free call text send reply claim win won prize cash account message received receive still
never want need help back money refund say said so then than already also only very much many
more most make made know think time day week night home good great well too way like love going
go come came see look tell ask take give use find work feel try leave keep let put mean seem
show hear play run move live believe hold bring happen must might may lot sure right really
sorry ok okay dear happy late early tomorrow tonight yesterday morning after before again
because but or as into over just even every other another same such own why who whom whose ur u
r n da dun lor lol wat wot hey yeah yup nope gonna wanna gotta pls plz thx
""".split()  # noqa: SIM905
)
# Function words of the other marketplaces' Latin-script languages (de fr es it nl pt sv pl
# tr); only a message with a good share of them is worth a langdetect call.
_FOREIGN_WORDS = frozenset(
    """
der die das und ist nicht ich sie mit für auf den dem ein eine einen ich mein meine bitte noch
sehr aber oder wir ihr le la les et est pas je vous avec pour une des du au ma mon merci
bonjour très mais nous el los las y es por para con una que mi pedido gracias hola pero muy
está il di che non per sono della gli ciao grazie ordine het een van niet ik mijn wij bedankt
hallo nog o os um não com obrigado olá meu minha och att jag är inte tack hej det jest nie się
na że dziękuję bir ve bu çok için teşekkürler merhaba değil
""".split()  # noqa: SIM905
)
_WORD = re.compile(r"(?:[^\W\d_]|')+")
# Share of a language's words above which it is taken as a candidate.
ENGLISH_SHARE = 0.15
# Below this many letters langdetect is close to a coin toss, so it is not asked.
MIN_LETTERS_FOR_DETECTION = 25


def scripts(text: str) -> tuple[int, int]:
    """Count Han characters and Latin letters."""
    if text.isascii():
        return 0, len(_ASCII_LETTER.findall(text))
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
    if latin < MIN_LETTERS_FOR_DETECTION:
        return "en"
    words = _WORD.findall(lowered)
    if not words:
        return "en"
    english = sum(w in _ENGLISH_WORDS for w in words) / len(words)
    foreign = sum(w in _FOREIGN_WORDS for w in words) / len(words)
    if foreign < ENGLISH_SHARE or english >= max(foreign, ENGLISH_SHARE):
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
