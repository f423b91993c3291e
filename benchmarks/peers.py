"""msgcheck beside peer tools, in one run, on the same messages.

Usage (from the repository root):

    pip install -e '.[bench]'                 # better-profanity, alt-profanity-check
    apt-get install -y spamassassin spamc     # optional, for Apache SpamAssassin (as root)
    python benchmarks/peers.py [PATH ...] [--limit N] [--no-spamassassin]

PATH is as for accuracy.py (default: corpora/ and ../shared/corpora/external). From each set,
up to `--limit` messages (default 300; 0 = all) that count in the figures (positives and
negatives; e.g. `spam` is left out) are drawn in a fixed order, and every tool sees exactly
those messages. Flagged, recall and false-positive rate for msgcheck are the scoreboard's
(see benchlib); a peer's flagged is its own yes/no:

- outgoing sets: better-profanity (flagged = `contains_profanity`) and alt-profanity-check
  (flagged = `predict` says offensive). Both are English-only.
- incoming sets: Apache SpamAssassin (flagged = `spamc -c` score at or above spamd's
  threshold). The script starts its own `spamd` on a free 127.0.0.1 port with network tests
  off (`--local`), Bayes off and no user configuration, and stops it on exit, error or
  Ctrl-C. Each text is wrapped in a minimal, neutral mail header, so that header rules see a
  well-formed mail rather than scoring missing headers.

msg/s: msgcheck and better-profanity check one message at a time in this process;
alt-profanity-check classifies a whole set in one vectorised call; SpamAssassin runs
SPAMD_CHILDREN spamd children fed by as many threads, and pays for a `spamc` process per message.
A tool that is not installed is skipped with a note saying how to install it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from shutil import which
from types import TracebackType

from benchlib import (
    CorpusSet,
    Outcome,
    Rates,
    Row,
    corpus_parser,
    machine,
    percent,
    sets_or_report,
    stable_sample,
    table,
)

from checker import Checker

DEFAULT_LIMIT = 300
SPAMD_CHILDREN = 2
SPAMD_START_TIMEOUT_S = 120.0
SPAMD_STOP_TIMEOUT_S = 15.0
SPAMC_TIMEOUT_S = 60

# A detector takes the texts of one set and says, for each, whether it flags it.
Detector = Callable[[list[str]], list[bool]]


@dataclass(frozen=True, slots=True)
class Result:
    """One tool on one set."""

    set: str
    direction: str
    tool: str
    rates: Rates
    seconds: float

    @property
    def rate(self) -> float:
        total = self.rates.positives + self.rates.negatives
        return total / self.seconds if self.seconds > 0 else float("inf")


def msgcheck_detector(checker: Checker, direction: str) -> Detector:
    def detect(texts: list[str]) -> list[bool]:
        return [Outcome.from_report(checker.check(t, direction=direction, lang="auto")).flagged(direction)
                for t in texts]

    return detect


def better_profanity_detector() -> Detector | None:
    try:
        from better_profanity import profanity
    except ImportError:
        return None
    profanity.contains_profanity("warm up")  # loads the word list outside the timing

    def detect(texts: list[str]) -> list[bool]:
        return [bool(profanity.contains_profanity(t)) for t in texts]

    return detect


def profanity_check_detector() -> Detector | None:
    try:
        from profanity_check import predict
    except ImportError:
        return None
    predict(["warm up"])  # loads the model outside the timing

    def detect(texts: list[str]) -> list[bool]:
        return [bool(label) for label in predict(texts)]

    return detect


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def as_mail(text: str) -> bytes:
    """The text as the body of a plain, well-formed mail with neutral headers."""
    mail = EmailMessage()
    mail["From"] = "seller@example.com"
    mail["To"] = "buyer@example.com"
    mail["Subject"] = "Your order"
    mail["Date"] = formatdate()
    mail["Message-ID"] = make_msgid(domain="example.com")
    mail.set_content(text)
    return mail.as_bytes()


class SpamAssassin:
    """A private spamd on a free loopback port, with local tests only; stopped on leaving the
    `with` block, whether by return, error or Ctrl-C."""

    def __init__(self, spamd: str, spamc: str, workdir: Path) -> None:
        self.spamd, self.spamc, self.workdir = spamd, spamc, workdir
        self.port = free_port()
        self.log = workdir / "spamd.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> SpamAssassin:
        command = [
            self.spamd, "--local", "--nouser-config", "--listen", "127.0.0.1", "--port", str(self.port),
            "--allowed-ips", "127.0.0.1", "--max-children", str(SPAMD_CHILDREN),
            "--helper-home-dir", str(self.workdir), "--syslog", "stderr",
            "--cf", "use_bayes 0", "--cf", "bayes_auto_learn 0",
        ]
        if os.geteuid() == 0:  # run as root, spamd needs an unprivileged user to switch to
            command += ["--username", "nobody"]
        with self.log.open("wb") as log:
            # A session of its own, so that Ctrl-C in the terminal reaches only this script, which
            # then stops spamd in order (and kills spamd's whole group if that hangs).
            self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                         start_new_session=True)
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    def _client(self) -> list[str]:
        return [self.spamc, "-d", "127.0.0.1", "-p", str(self.port), "-t", str(SPAMC_TIMEOUT_S)]

    def _wait_until_ready(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + SPAMD_START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"spamd exited {self.proc.returncode}: {self._log_tail()}")
            ping = subprocess.run([*self._client(), "-K"], capture_output=True, timeout=SPAMC_TIMEOUT_S)
            if ping.returncode == 0:
                return
            time.sleep(0.25)
        raise RuntimeError(f"spamd did not answer within {SPAMD_START_TIMEOUT_S:.0f} s: {self._log_tail()}")

    def _log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-500:]

    def stop(self) -> None:
        """SIGTERM to spamd, which stops and reaps its children; SIGKILL to its group if it hangs."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(SPAMD_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(SPAMD_STOP_TIMEOUT_S)

    def is_spam(self, text: str) -> bool:
        proc = subprocess.run([*self._client(), "-c", "-x"], input=as_mail(text), capture_output=True,
                              timeout=SPAMC_TIMEOUT_S + 10)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"spamc exited {proc.returncode}: "
                               f"{proc.stderr.decode('utf-8', 'replace')[-300:]}")
        score, threshold = (float(x) for x in proc.stdout.decode("ascii").strip().split("/"))
        return score >= threshold

    def detect(self, texts: list[str]) -> list[bool]:
        pool = ThreadPoolExecutor(SPAMD_CHILDREN)
        try:
            return list(pool.map(self.is_spam, texts))
        finally:
            # On Ctrl-C or an error, drop the queued messages instead of waiting for them.
            pool.shutdown(wait=True, cancel_futures=True)


def measure(corpus: CorpusSet, rows: list[Row], tool: str, detect: Detector) -> Result:
    texts = [row.text for row in rows]
    started = time.perf_counter()
    flagged = detect(texts)
    seconds = time.perf_counter() - started
    return Result(corpus.name, corpus.direction, tool, Rates.count(rows, flagged), seconds)


def render(results: list[Result], notes: list[str]) -> str:
    parts = [machine()]
    for direction, title in (("outgoing", "Outgoing sets: msgcheck beside profanity filters"),
                             ("incoming", "Incoming sets: msgcheck beside SpamAssassin")):
        rows = [r for r in results if r.direction == direction]
        if rows:
            parts += [f"## {title}", table(
                ["set", "tool", "positives", "recall", "negatives", "FP rate", "msg/s"],
                ([r.set, r.tool, r.rates.positives, percent(r.rates.recall), r.rates.negatives,
                  percent(r.rates.fp_rate), f"{r.rate:,.0f}"] for r in rows),
                right={2, 3, 4, 5, 6})]
    return "\n\n".join(parts + notes)


def run(sets: list[CorpusSet], limit: int | None, spamassassin: SpamAssassin | None,
        outgoing_peers: dict[str, Detector]) -> list[Result]:
    checker = Checker()
    results: list[Result] = []
    for corpus in sets:
        rows = stable_sample([r for r in corpus.rows if r.scored and r.text.strip()], limit)
        if not rows:
            continue
        peers = dict(outgoing_peers) if corpus.direction == "outgoing" else {}
        if corpus.direction == "incoming" and spamassassin is not None:
            peers["SpamAssassin"] = spamassassin.detect
        ours = msgcheck_detector(checker, corpus.direction)
        # An untimed pass first: msgcheck builds some parts on first use (spaCy, compiled
        # patterns, language profiles), which a long-running process has already paid for.
        ours([row.text for row in rows])
        results.append(measure(corpus, rows, "msgcheck", ours))
        results += [measure(corpus, rows, name, detect) for name, detect in peers.items()]
        print(f"peers: {corpus.name} ({corpus.direction}) done", file=sys.stderr, flush=True)
    return results


def start_spamassassin(stack: ExitStack, notes: list[str]) -> SpamAssassin | None:
    """A running private spamd, stopped when `stack` closes; None (and a note) if not installed."""
    spamd = which("spamd") or which("spamd", path="/usr/sbin:/usr/local/sbin")
    spamc = which("spamc")
    if spamd is None or spamc is None:
        notes.append("SpamAssassin: spamd/spamc not installed, skipped "
                     "(apt-get install -y spamassassin spamc).")
        return None
    workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="msgcheck-peers-")))
    workdir.chmod(0o755)  # spamd's children run as `nobody` when this script runs as root
    return stack.enter_context(SpamAssassin(spamd, spamc, workdir))


def main(argv: list[str] | None = None) -> int:
    parser = corpus_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                        help="messages per set, the same for every tool (default: %(default)s; 0 = all)")
    parser.add_argument("--no-spamassassin", action="store_true", help="do not start spamd")
    args = parser.parse_args(argv)

    sets = sets_or_report(args.paths, "peers")
    if sets is None:
        return 2

    notes: list[str] = []
    outgoing_peers: dict[str, Detector] = {}
    for name, make in (("better-profanity", better_profanity_detector),
                       ("alt-profanity-check", profanity_check_detector)):
        detector = make()
        if detector is None:
            notes.append(f"{name}: not installed, skipped (pip install -e '.[bench]').")
        else:
            outgoing_peers[name] = detector

    with ExitStack() as stack:
        spamassassin = None if args.no_spamassassin else start_spamassassin(stack, notes)
        if args.no_spamassassin:
            notes.append("SpamAssassin: skipped (--no-spamassassin).")
        print(render(run(sets, args.limit or None, spamassassin, outgoing_peers), notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
