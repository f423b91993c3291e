"""Guess whether a message is a seller's (incoming) or a buyer's draft (outgoing)."""

from __future__ import annotations

import re

# First-person buyer talk about their purchase; its absence leaves the default, incoming.
_BUYER = re.compile(
    r"\b(?:i|we)\s+(?:ordered|bought|purchased|received|paid|want|need|would like)\b"
    r"|\bmy\s+(?:order|package|parcel|item|refund|money)\b"
    r"|\bi(?:'m| am)\s+(?:very\s+)?(?:disappointed|unhappy|upset|angry)\b"
    r"|我(?:买的|购买的|的订单|的包裹|收到的|要退|想退|要求)|给我(?:退|换)"
)
_SELLER = re.compile(
    r"\b(?:dear\s+(?:customer|buyer|valued)|your\s+(?:order|account|package|payment|refund)"
    r"|we\s+(?:have|will|are|need)|our\s+(?:store|shop|team))\b"
    r"|您的(?:订单|账户|包裹|退款)|亲[，,！!]?|我们(?:已|将|会|需要)"
)


def guess_direction(lowered: str) -> str:
    """'outgoing' when buyer cues outnumber seller cues, else 'incoming'."""
    buyer = len(_BUYER.findall(lowered))
    seller = len(_SELLER.findall(lowered))
    return "outgoing" if buyer > seller else "incoming"
