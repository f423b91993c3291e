"""Which languages a seller on each marketplace reads (data: rules/marketplaces.toml)."""

from __future__ import annotations

from pathlib import Path

DEFAULT_MARKETPLACE = "amazon.com"


class MarketplaceError(ValueError):
    """The marketplace file is broken, or a marketplace is unknown."""


def load_marketplaces(path: Path) -> dict[str, frozenset[str]]:
    """Marketplace domain -> languages; a broken file is an error with its location."""
    import tomllib  # only needed when the rule cache misses

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MarketplaceError(str(exc)) from None
    table = data.get("languages")
    if set(data) != {"languages"} or not isinstance(table, dict) or not table:
        raise MarketplaceError("expected one [languages] table of domain = [languages]")
    out: dict[str, frozenset[str]] = {}
    for domain, langs in table.items():
        if not isinstance(langs, list) or not langs or not all(isinstance(x, str) for x in langs):
            raise MarketplaceError(f"{domain}: expected a non-empty list of language codes")
        out[domain] = frozenset(langs)
    return out
