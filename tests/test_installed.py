"""The installed `msgcheck` command: exit codes, JSON, lazy imports, and a wheel in a fresh venv."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MSGCHECK = shutil.which("msgcheck")
needs_command = pytest.mark.skipif(MSGCHECK is None, reason="msgcheck is not installed")


def run(args: list[str], text: str | None = None, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, input=text, capture_output=True, text=True, timeout=120, **kwargs)


@needs_command
def test_installed_command_exit_codes_and_json(fixture_rules: Path) -> None:
    base = [MSGCHECK, "--rules", str(fixture_rules)]
    flagged = run([*base, "check", "--format", "json"], "Send your password")
    assert flagged.returncode == 1
    assert json.loads(flagged.stdout)["verdict"] == "danger"
    assert run([*base, "check"], "Thanks for the parcel").returncode == 0
    empty = run([*base, "check"], "")
    assert empty.returncode == 2 and "empty" in empty.stderr


@needs_command
def test_installed_command_bundled_example() -> None:
    result = run([MSGCHECK, "check", "--format", "json", str(ROOT / "examples/seller-message.txt")])
    assert result.returncode == 1
    assert json.loads(result.stdout)["verdict"] == "danger"


PROBE = """
import sys
from checker.cli import main
sys.argv = ["msgcheck", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stderr.write("SPACY=%s LANGDETECT=%s" % ("spacy" in sys.modules, "langdetect" in sys.modules))
"""


def probe(args: list[str], text: str = "") -> str:
    result = run([sys.executable, "-c", PROBE, *args], text)
    return result.stderr.strip().splitlines()[-1]


def test_help_and_plain_message_do_not_import_spacy_or_langdetect() -> None:
    assert probe(["--help"]) == "SPACY=False LANGDETECT=False"
    assert probe(["check", "--direction", "incoming"], "Hi, your parcel ships today.") == (
        "SPACY=False LANGDETECT=False")
    assert probe(["check"], "你好，您的包裹今天发货。") == "SPACY=False LANGDETECT=False"


def test_spacy_loads_only_when_a_tokens_rule_is_reached(fixture_rules: Path) -> None:
    args = ["--rules", str(fixture_rules), "check", "--direction", "outgoing"]
    assert probe(args, "Where is my parcel?").startswith("SPACY=False")
    assert probe(args, "I will kill you").startswith("SPACY=True")


@pytest.mark.skipif(os.environ.get("MSGCHECK_SKIP_WHEEL") == "1", reason="MSGCHECK_SKIP_WHEEL=1")
def test_wheel_installs_with_its_rules(tmp_path: Path) -> None:
    """`pip install .` (not editable) must carry the rules inside the package."""
    dist = tmp_path / "dist"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)])
    assert built.returncode == 0, built.stderr
    [wheel] = dist.glob("msgcheck-*.whl")
    env_dir = tmp_path / "venv"
    # System site-packages provide the dependencies already installed here; the wheel's own
    # files (package and rules) come only from the wheel.
    venv.create(env_dir, with_pip=True, system_site_packages=True)
    python = env_dir / "bin" / "python"
    installed = run([str(python), "-m", "pip", "install", "-q", "--no-index", "--no-deps", str(wheel)])
    assert installed.returncode == 0, installed.stderr
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    where = run([str(python), "-c", "import checker, sys; print(checker.__file__)"], cwd=workdir,
                env={**os.environ, "PYTHONPATH": ""})
    assert where.stdout.startswith(str(env_dir)), where.stdout + where.stderr
    command = str(env_dir / "bin" / "msgcheck")
    listing = run([command, "rules", "list"], cwd=workdir)
    assert listing.returncode == 0 and "S101" in listing.stdout, listing.stderr
    result = run([command, "check", "--format", "json"],
                 "Please send me your bank account number and routing number.", cwd=workdir)
    assert result.returncode == 1 and json.loads(result.stdout)["verdict"] == "danger"
