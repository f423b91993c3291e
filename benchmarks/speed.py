"""Speed of msgcheck: cold start, warm latency, batch throughput and peak memory, against targets.

Usage (from the repository root, with msgcheck installed so that `msgcheck` is on PATH):

    python benchmarks/speed.py [--quick]

- cold start: median wall time of `msgcheck check -` (a subprocess) on a short English
  message, a Chinese one, and an outgoing English threat that reaches a spaCy `tokens` rule,
  each timed in turn with `python -c pass` in the same loop; a `python -c` probe that runs the
  same command in-process reports whether spaCy was imported.
- warm latency: p50 and p99 of `Checker().check` per message in one process, SMS-sized and
  email-sized, in both directions, with all rules, after an untimed pass over the same
  messages (which imports spaCy and builds what msgcheck builds on first use).
  Messages come from the third-party sms/email sets when present, else from corpora/.
- batch: `msgcheck batch FILE` on a JSON Lines file of SMS-sized messages (directions
  alternate line by line), with one process and with `--jobs 2`: messages/s, MB/s of input,
  the speed-up, the CPU time of the run (workers included) and the peak RSS of the largest
  process (wait4's ru_maxrss for that run).

Each figure is compared with its target; the exit status is 1 when any target is missed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchlib import DIRECTIONS, EXTERNAL_CORPORA, OWN_CORPORA, load_sets, machine, stable_sample, table

from checker import Checker

SMS_CHARS = (120, 200)
EMAIL_CHARS = (2000, 4000)
BATCH_TIMEOUT_S = 600
COLD_TIMEOUT_S = 60

# Targets.
COLD_MAX_S = 0.25
COLD_MAX_RATIO = 10.0
WARM_SMS_P50_MAX_MS = 0.1
WARM_SMS_P99_MAX_MS = 1.0
BATCH_MIN_RATE = 10_000.0
JOBS2_MIN_SPEEDUP = 1.8
PEAK_RSS_MAX_MB = 250.0


@dataclass(frozen=True, slots=True)
class ColdCase:
    """One message given to a fresh `msgcheck check`."""

    label: str
    direction: str
    text: str


COLD_CASES = (
    ColdCase("short English", "incoming", "Hi, your parcel ships today. Thanks for your order!"),
    ColdCase("Chinese", "incoming", "您好，您的包裹今天发货，请注意查收。"),
    ColdCase("English threat (spaCy)", "outgoing", "I will kill you"),
)

# Runs `msgcheck check` in-process, then says on stderr whether spaCy got imported.
SPACY_PROBE = """\
import sys
from checker.cli import main
sys.argv = ["msgcheck", "check", "--direction", sys.argv[1], "--fail-on", "never", "-"]
try:
    main()
except SystemExit:
    pass
print("spacy-imported=" + str("spacy" in sys.modules), file=sys.stderr)
"""


@dataclass(frozen=True, slots=True)
class Plan:
    """How much to run: the full run or `--quick`."""

    cold_runs: int
    warm_messages: int
    warm_passes: int
    batch_messages: int


FULL = Plan(cold_runs=15, warm_messages=300, warm_passes=3, batch_messages=20_000)
QUICK = Plan(cold_runs=5, warm_messages=100, warm_passes=1, batch_messages=5_000)


@dataclass(frozen=True, slots=True)
class ColdResult:
    case: ColdCase
    spacy_imported: bool
    msgcheck_s: float
    python_s: float

    @property
    def ratio(self) -> float:
        return self.msgcheck_s / self.python_s


@dataclass(frozen=True, slots=True)
class WarmResult:
    size: str
    direction: str
    messages: int
    mean_chars: float
    samples: int
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True, slots=True)
class BatchResult:
    label: str
    messages: int
    megabytes: float
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    errors: int

    @property
    def rate(self) -> float:
        return self.messages / self.wall_s


@dataclass(frozen=True, slots=True)
class Check:
    """One figure against its target."""

    measure: str
    value: str
    target: str
    passed: bool


def timed_run(cmd: Sequence[str], stdin: bytes) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, input=stdin, capture_output=True, timeout=COLD_TIMEOUT_S)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: "
                           f"{proc.stderr.decode('utf-8', 'replace')[-300:]}")
    return wall


def spacy_imported(case: ColdCase) -> bool:
    proc = subprocess.run([sys.executable, "-c", SPACY_PROBE, case.direction],
                          input=case.text.encode("utf-8"), capture_output=True, timeout=COLD_TIMEOUT_S)
    marker = [line for line in proc.stderr.decode("utf-8", "replace").splitlines()
              if line.startswith("spacy-imported=")]
    if not marker:
        raise RuntimeError(f"spaCy probe failed: {proc.stderr.decode('utf-8', 'replace')[-300:]}")
    return marker[-1] == "spacy-imported=True"


def cold_start(msgcheck: str, runs: int) -> list[ColdResult]:
    results = []
    for case in COLD_CASES:
        command = [msgcheck, "check", "--direction", case.direction, "--fail-on", "never", "-"]
        stdin = case.text.encode("utf-8")
        ours, python = [], []
        for _ in range(runs):
            python.append(timed_run([sys.executable, "-c", "pass"], b""))
            ours.append(timed_run(command, stdin))
        results.append(ColdResult(case, spacy_imported(case), statistics.median(ours),
                                  statistics.median(python)))
    return results


def texts_in(paths: Iterable[Path], chars: tuple[int, int], limit: int) -> list[str]:
    rows = [row for corpus in load_sets(paths) for row in corpus.rows
            if chars[0] <= len(row.text) <= chars[1]]
    return [row.text for row in stable_sample(rows, limit)]


def own_emails(limit: int) -> list[str]:
    """Email-sized texts made by joining our own messages, for when no email set is present."""
    rows = stable_sample([row for corpus in load_sets([OWN_CORPORA]) for row in corpus.rows], None)
    emails: list[str] = []
    current: list[str] = []
    for row in rows:
        current.append(row.text)
        if sum(map(len, current)) >= EMAIL_CHARS[0]:
            emails.append("\n\n".join(current)[:EMAIL_CHARS[1]])
            current = []
            if len(emails) == limit:
                break
    return emails


def sample_messages(limit: int) -> dict[str, list[str]]:
    """SMS-sized and email-sized messages: third-party sms/email sets first, else our corpora."""
    sms_sets = sorted(EXTERNAL_CORPORA.glob("*sms*.jsonl")) if EXTERNAL_CORPORA.is_dir() else []
    email_sets = sorted(EXTERNAL_CORPORA.glob("*email*.jsonl")) if EXTERNAL_CORPORA.is_dir() else []
    sms = texts_in(sms_sets, SMS_CHARS, limit) if sms_sets else []
    email = texts_in(email_sets, EMAIL_CHARS, limit) if email_sets else []
    return {"SMS": sms or texts_in([OWN_CORPORA], SMS_CHARS, limit),
            "email": email or own_emails(limit)}


def nearest_rank(sorted_values: Sequence[float], q: float) -> float:
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def warm_latency(samples: dict[str, list[str]], passes: int) -> list[WarmResult]:
    checker = Checker()
    results = []
    for size, texts in samples.items():
        for direction in DIRECTIONS:
            for text in texts:  # untimed: imports spaCy, fills msgcheck's lazily built parts
                checker.check(text, direction=direction, lang="auto")
            times: list[float] = []
            for _ in range(passes):
                for text in texts:
                    started = time.perf_counter_ns()
                    checker.check(text, direction=direction, lang="auto")
                    times.append((time.perf_counter_ns() - started) / 1e6)
            times.sort()
            results.append(WarmResult(size, direction, len(texts),
                                      statistics.fmean(map(len, texts)), len(times),
                                      nearest_rank(times, 0.50), nearest_rank(times, 0.99)))
    return results


def run_with_rusage(cmd: Sequence[str], output: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, workers included) and peak RSS in MB of the
    largest process of one run (stdout to `output`).

    os.wait4 gives the rusage of this one child (and of the workers it waited for), unlike
    RUSAGE_CHILDREN, which keeps the maximum over every child this script ever ran.
    """
    errors = output.with_suffix(".stderr")
    with output.open("wb") as out, errors.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        watchdog = threading.Timer(BATCH_TIMEOUT_S, proc.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: "
                           f"{errors.read_text(encoding='utf-8', errors='replace')[-300:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def batch(msgcheck: str, texts: list[str], messages: int) -> list[BatchResult]:
    results = []
    with tempfile.TemporaryDirectory(prefix="msgcheck-speed-") as tmp:
        source, output = Path(tmp) / "messages.jsonl", Path(tmp) / "results.jsonl"
        with source.open("w", encoding="utf-8") as fh:
            for i in range(messages):
                record = {"id": str(i), "text": texts[i % len(texts)],
                          "direction": DIRECTIONS[i % 2]}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        megabytes = source.stat().st_size / 1e6
        for label, extra in (("1 process", []), ("--jobs 2", ["--jobs", "2"])):
            wall, cpu, rss = run_with_rusage([msgcheck, "batch", *extra, str(source)], output)
            with output.open(encoding="utf-8") as fh:
                lines = [json.loads(line) for line in fh]
            if len(lines) != messages:
                raise RuntimeError(f"msgcheck batch {label}: {len(lines)} results for {messages} lines")
            results.append(BatchResult(label, messages, megabytes, wall, cpu, rss,
                                       sum("error" in line for line in lines)))
    return results


def checks(cold: list[ColdResult], warm: list[WarmResult], runs: list[BatchResult]) -> list[Check]:
    out: list[Check] = []
    # The cold-start target is for messages that need no spaCy; the spaCy case is reported
    # in the table for comparison only.
    for c in (c for c in cold if not c.spacy_imported):
        out.append(Check(f"cold start, {c.case.label}", f"{c.msgcheck_s:.3f} s", f"≤ {COLD_MAX_S} s",
                         c.msgcheck_s <= COLD_MAX_S))
        out.append(Check(f"cold start, {c.case.label} / python -c pass", f"{c.ratio:.1f}×",
                         f"≤ {COLD_MAX_RATIO:g}×", c.ratio <= COLD_MAX_RATIO))
    for w in warm:
        if w.size == "SMS":
            out.append(Check(f"warm SMS {w.direction} p50", f"{w.p50_ms:.3f} ms",
                             f"≤ {WARM_SMS_P50_MAX_MS} ms", w.p50_ms <= WARM_SMS_P50_MAX_MS))
            out.append(Check(f"warm SMS {w.direction} p99", f"{w.p99_ms:.3f} ms",
                             f"≤ {WARM_SMS_P99_MAX_MS} ms", w.p99_ms <= WARM_SMS_P99_MAX_MS))
    one, two = runs
    out.append(Check("batch, 1 process", f"{one.rate:,.0f} msg/s", f"≥ {BATCH_MIN_RATE:,.0f} msg/s",
                     one.rate >= BATCH_MIN_RATE))
    speedup = two.rate / one.rate
    out.append(Check("batch, --jobs 2 speed-up", f"{speedup:.2f}×", f"≥ {JOBS2_MIN_SPEEDUP}×",
                     speedup >= JOBS2_MIN_SPEEDUP))
    for run in runs:
        out.append(Check(f"peak RSS, batch {run.label}", f"{run.peak_rss_mb:.1f} MB",
                         f"≤ {PEAK_RSS_MAX_MB:g} MB", run.peak_rss_mb <= PEAK_RSS_MAX_MB))
    return out


def render(cold: list[ColdResult], warm: list[WarmResult], runs: list[BatchResult],
           verdicts: list[Check]) -> str:
    return "\n\n".join([
        machine(),
        "## Cold start (median wall time of one `msgcheck check`, and of `python -c pass`)",
        table(["message", "direction", "spaCy imported", "msgcheck", "python -c pass", "ratio"],
              ([c.case.label, c.case.direction, "yes" if c.spacy_imported else "no",
                f"{c.msgcheck_s:.3f} s", f"{c.python_s:.3f} s", f"{c.ratio:.1f}×"] for c in cold),
              right={3, 4, 5}),
        "## Warm latency (one process, Checker().check, all rules)",
        table(["size", "direction", "messages", "mean chars", "samples", "p50", "p99"],
              ([w.size, w.direction, w.messages, f"{w.mean_chars:.0f}", w.samples,
                f"{w.p50_ms:.3f} ms", f"{w.p99_ms:.3f} ms"] for w in warm),
              right={2, 3, 4, 5, 6}),
        "## Batch (`msgcheck batch FILE`, SMS-sized, directions alternating; wall time incl. start-up)",
        table(["run", "messages", "input MB", "wall", "CPU", "msg/s", "MB/s", "peak RSS", "errors"],
              ([r.label, r.messages, f"{r.megabytes:.2f}", f"{r.wall_s:.2f} s", f"{r.cpu_s:.2f} s",
                f"{r.rate:,.0f}", f"{r.megabytes / r.wall_s:.2f}", f"{r.peak_rss_mb:.0f} MB", r.errors]
               for r in runs),
              right={1, 2, 3, 4, 5, 6, 7, 8}),
        "## Targets",
        table(["measure", "value", "target", "result"],
              ([v.measure, v.value, v.target, "pass" if v.passed else "FAIL"] for v in verdicts),
              right={1}),
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"fewer runs and messages ({QUICK.cold_runs} cold runs, "
                             f"{QUICK.batch_messages:,} batch messages)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    msgcheck = shutil.which("msgcheck")
    if msgcheck is None:
        print("speed: `msgcheck` is not on PATH; run `pip install -e .` first", file=sys.stderr)
        return 2

    samples = sample_messages(plan.warm_messages)
    cold = cold_start(msgcheck, plan.cold_runs)
    warm = warm_latency(samples, plan.warm_passes)
    runs = batch(msgcheck, samples["SMS"], plan.batch_messages)
    verdicts = checks(cold, warm, runs)
    print(render(cold, warm, runs, verdicts))
    return 0 if all(v.passed for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
