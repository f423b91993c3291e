"""`link`: URLs and bare domains, judged by where they really go.

The marketplace's own hosts are trusted (the list is data); a host that dresses up as them
(amaz0n-support.co, amazon.com.verify-login.net, a Cyrillic "а", punycode) is a look-alike;
shorteners and public IP addresses hide the destination.
"""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING, Any, ClassVar

from ..normalize import LEET
from ..terms import LexiconError
from .base import BuildContext, Field, Kind, Span

if TYPE_CHECKING:
    from ..document import Document
    from ..nlp import Pipelines

CLASSES = ("lookalike", "shortener", "ip", "untrusted")
_MAX_REMEMBERED = 4096
# Top-level domains that make a bare "word.tld" a link; file endings (.zip, .pdf) are left out.
_TLDS = (
    "com|net|org|info|biz|co|io|me|ly|cc|xyz|top|site|online|shop|store|club|live|app|link|"
    "click|vip|cn|ru|uk|de|fr|it|es|nl|se|pl|ca|mx|br|jp|in|au|sg|ae|sa|tr|be|us|tk|ml|ga|cf|gq|"
    "buzz|icu|cyou|sbs|win|bid|loan|work|support|help|services|account|security|page|pw|su|ws|"
    "tv|to|gd|at|asia|eu|hk|tw|kr|id|ph|vn|my|th|ng|ke|za|cfd|rest|bond|ink|lat|today|world|"
    "email|review|country|kim|men|date|racing|download|stream|party|trade|science|host|space|"
    "website|tech|fun|pro|mobi|name|ir|pk|bd|lk"
)
_URL = re.compile(
    r"(?<![\w@.-])(?:(?:https?|hxxps?)://|www\.)[^\s<>\"'，。、）)\]}]+"
    rf"|(?<![\w@.-])(?:[\w-]{{1,63}}\.){{1,8}}(?:{_TLDS})(?![\w-])(?::\d+)?(?:/[^\s<>\"'，。、）)\]}}]*)?",
    re.IGNORECASE,
)
_LEET_TABLE = str.maketrans(LEET)
_HOST = re.compile(r"^(?:[a-z]+://)?(?:[^@/\s]*@)?([^/:?#\s]+)", re.IGNORECASE)


class Link(Kind):
    name: ClassVar[str] = "link"
    schema: ClassVar[dict[str, Field]] = {
        "classes": Field("list[str]", f"which hosts fire: {', '.join(CLASSES)}", required=True),
        "trusted": Field("list[str]", "lexicons of trusted hosts (default any/trusted-domains)"),
        "shorteners": Field("list[str]", "lexicons of shorteners (default any/shorteners)"),
        "brands": Field("list[str]", "lexicons of brand names (default any/brands)"),
    }

    def __init__(self, classes: frozenset[str], trusted: tuple[str, ...],
                 shorteners: frozenset[str], brands: tuple[str, ...]) -> None:
        self.classes, self.shorteners, self.brands = classes, shorteners, brands
        self.trusted = frozenset(trusted)
        self._seen: dict[str, str | None] = {}  # host -> class; messages repeat hosts

    def __getstate__(self) -> tuple:
        return (self.classes, tuple(self.trusted), self.shorteners, self.brands)

    def __setstate__(self, state: tuple) -> None:
        self.__init__(*state)  # type: ignore[misc]

    @classmethod
    def build(
        cls, match: dict[str, Any], ctx: BuildContext, languages: tuple[str, ...]
    ) -> Link | None:
        classes = match["classes"]
        unknown = [c for c in classes if c not in CLASSES]
        if unknown or not classes:
            ctx.problem("match.classes", f"unknown or empty classes {unknown}", f"use {', '.join(CLASSES)}")
            return None
        lists: dict[str, tuple[str, ...]] = {}
        for key, default in (("trusted", "any/trusted-domains"), ("shorteners", "any/shorteners"),
                             ("brands", "any/brands")):
            entries: list[str] = []
            for ref in match.get(key, [default]):
                try:
                    entries.extend(e.lower() for e in ctx.lexicons.get(ref))
                except LexiconError as exc:
                    ctx.problem(f"match.{key}", str(exc), "create the file or fix the name")
                    return None
            lists[key] = tuple(entries)
        return cls(frozenset(classes), lists["trusted"], frozenset(lists["shorteners"]), lists["brands"])

    def classify(self, host: str) -> str | None:
        """The class of a host, or None when it is trusted (or a private address)."""
        if host not in self._seen:
            if len(self._seen) > _MAX_REMEMBERED:
                self._seen.clear()
            self._seen[host] = self._classify(host.lower().rstrip("."))
        return self._seen[host]

    def _classify(self, host: str) -> str | None:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            address = None
        if address is not None:
            return None if address.is_private or address.is_loopback else "ip"
        if not host.isascii() or any(label.startswith("xn--") for label in host.split(".")):
            return "lookalike"
        labels = host.split(".")
        if any(".".join(labels[i:]) in self.trusted for i in range(len(labels))):
            return None
        if host in self.shorteners:
            return "shortener"
        # Undo leet and look-alike letters ("amaz0n", "arnazon") before looking for a brand.
        plain = host.translate(_LEET_TABLE).replace("rn", "m").replace("vv", "w")
        if any(brand in plain for brand in self.brands):
            return "lookalike"
        return "untrusted"

    def find(self, doc: Document, pipelines: Pipelines) -> list[Span]:
        return [(start, end) for start, end, host in doc.memo("urls", extract_urls)
                if self.classify(host) in self.classes]


def extract_urls(text: str) -> list[tuple[int, int, str]]:
    """URLs and bare domains in `text`, as (start, end, host)."""
    if "." not in text:
        return []
    found = []
    for m in _URL.finditer(text):
        url = m.group().rstrip(".,;:!?")
        host = _HOST.match(url)
        if host:
            found.append((m.start(), m.start() + len(url), host.group(1)))
    return found
