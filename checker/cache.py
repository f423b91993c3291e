"""Reuse a validated, prepared rule set across processes: a pre-send hook starts one per message.

The cache key is a hash of every rule, lexicon and engine source file, so any edit to them
rebuilds (and re-validates) the rule set. Caching is best effort: an unwritable or corrupt
cache is ignored. MSGCHECK_NO_CACHE=1 turns it off; MSGCHECK_CACHE_DIR moves it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 1
_ENGINE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    if os.environ.get("MSGCHECK_NO_CACHE"):
        return None
    if explicit := os.environ.get("MSGCHECK_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "msgcheck"


def fingerprint(rules_root: Path) -> str:
    """A hash of the rule files and of the code that turns them into matchers."""
    digest = hashlib.sha256(f"{FORMAT}:{sys.version}".encode())
    for root, suffix in ((rules_root, ""), (_ENGINE, ".py")):
        for path in _files(root, suffix):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _files(root: Path, suffix: str) -> list[Path]:
    """Every file below root (symlinked folders followed), sorted."""
    found = []
    for folder, _, names in os.walk(root, followlinks=True):
        found.extend(Path(folder) / n for n in names if n.endswith(suffix))
    return sorted(found)


def load(key: str) -> Any | None:
    directory = cache_dir()
    if directory is None:
        return None
    try:
        with (directory / f"rules-{key}.pickle").open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # a missing, stale or corrupt cache only costs a rebuild
        return None


def store(key: str, value: Any) -> None:
    directory = cache_dir()
    if directory is None:
        return
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for old in directory.glob("rules-*.pickle"):
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".tmp") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, directory / f"rules-{key}.pickle")
    except OSError:
        return
