"""Checksums and shapes that confirm a matched number is what it looks like (Presidio-style)."""

from __future__ import annotations

import re
from collections.abc import Callable

_ORDER_NUMBER = re.compile(r"^\d{3}-\d{7}-\d{7}$")
_CN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_ID_CHECK = "10X98765432"


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def luhn(text: str) -> bool:
    """Card numbers: 13-19 digits passing the Luhn checksum, not one repeated digit."""
    number = digits(text)
    if not 13 <= len(number) <= 19 or len(set(number)) == 1:
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def iban(text: str) -> bool:
    """IBAN: country code, check digits, then a mod-97 remainder of 1."""
    compact = "".join(c for c in text if c.isalnum()).upper()
    if not 15 <= len(compact) <= 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    rearranged = compact[4:] + compact[:4]
    try:
        number = int("".join(str(int(c, 36)) for c in rearranged))
    except ValueError:
        return False
    return number % 97 == 1


def order_number(text: str) -> bool:
    """Amazon order numbers look like 123-4567890-1234567."""
    return bool(_ORDER_NUMBER.match(text.strip()))


def ssn(text: str) -> bool:
    """US SSN ddd-dd-dddd; area 000, 666 and 9xx, group 00 and serial 0000 are never issued."""
    number = digits(text)
    if len(number) != 9:
        return False
    area, group, serial = number[:3], number[3:5], number[5:]
    return area not in ("000", "666") and not area.startswith("9") and group != "00" and serial != "0000"


def cn_id(text: str) -> bool:
    """Chinese resident ID: 17 digits and a check character (digit or X) by ISO 7064 mod 11-2."""
    compact = "".join(c for c in text if c.isalnum()).upper()
    if len(compact) != 18 or not compact[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(compact[:17], _CN_ID_WEIGHTS, strict=True))
    return _CN_ID_CHECK[total % 11] == compact[17]


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "luhn": luhn,
    "iban": iban,
    "order_number": order_number,
    "ssn": ssn,
    "cn_id": cn_id,
}
