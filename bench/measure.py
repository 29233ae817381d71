"""Whole-process measurements: wall time and peak RSS of one subprocess, with a timeout.

Peak RSS comes from GNU time (``/usr/bin/time -f %M``) when it is installed. Neither
``getrusage(RUSAGE_CHILDREN)`` (the maximum over every child so far) nor ``os.wait4`` on a direct
child will do: Linux carries the parent's resident size at fork into the child's ``ru_maxrss``
across ``exec``, so a 100 MB benchmark process would make every command look at least 100 MB
big. Through GNU time the inherited floor is time's own ~2 MB. Without it, ``os.wait4`` is used
and the result says so. Wall time is measured here, around the whole run. A run past its timeout
is killed with its process group (the child is started in a new session) and recorded as a
timeout, never as a time.
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int | None
    timed_out: bool = False
    stdout: Path | None = None
    stdout_bytes: int = 0
    stderr_tail: str = ""


GNU_TIME = Path("/usr/bin/time")
RSS_SOURCE = "GNU time %M" if GNU_TIME.exists() else "os.wait4 (includes the runner's RSS at fork)"


def run_once(
    command: list[str], env: dict[str, str], timeout: float, stdout: Path, cwd: Path | None = None
) -> Run:
    """Run ``command`` once; its standard output goes to ``stdout`` (a file)."""
    stderr_path = stdout.with_suffix(stdout.suffix + ".err")
    rss_path = stdout.with_suffix(stdout.suffix + ".rss")
    if GNU_TIME.exists():
        command = [str(GNU_TIME), "-f", "%M", "-o", str(rss_path), *command]
    with open(stdout, "wb") as out, open(stderr_path, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
        outcome: dict = {}

        def reap() -> None:
            _pid, status, usage = os.wait4(process.pid, 0)
            outcome["ended"] = time.perf_counter()
            outcome["status"] = status
            outcome["usage"] = usage

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        waiter.join(timeout)
        timed_out = waiter.is_alive()
        if timed_out:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            waiter.join()
    status = outcome["status"]
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    tail = stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:]
    stderr_path.unlink(missing_ok=True)
    peak_kb = outcome["usage"].ru_maxrss  # Linux reports KiB
    if GNU_TIME.exists():
        numbers = [line for line in _read(rss_path).splitlines() if line.strip().isdigit()]
        peak_kb = int(numbers[-1]) if numbers else 0
        rss_path.unlink(missing_ok=True)
    return Run(
        seconds=outcome["ended"] - started,
        peak_mb=peak_kb / 1024.0,
        returncode=None if timed_out else process.returncode,
        timed_out=timed_out,
        stdout=stdout,
        stdout_bytes=stdout.stat().st_size,
        stderr_tail=" | ".join(tail),
    )


@dataclass
class Measurement:
    """Several runs of one command; ``status`` is ok, timeout, error or skipped."""

    command: str
    runs: list[Run] = field(default_factory=list)
    status: str = "ok"
    note: str = ""
    check: dict | None = None  # what a look at the first run's output found
    load_before: float = 0.0  # the machine's 1-minute load average when it started

    @property
    def median(self) -> float | None:
        times = [run.seconds for run in self.runs if not run.timed_out]
        return statistics.median(times) if times and self.status == "ok" else None

    @property
    def peak_mb(self) -> float | None:
        return max((run.peak_mb for run in self.runs), default=None)

    def as_dict(self) -> dict:
        return {
            "command": self.command,
            "status": self.status,
            "median_s": _round(self.median),
            "runs_s": [_round(run.seconds) for run in self.runs],
            "repeats": len(self.runs),
            "peak_mb": _round(self.peak_mb, 1),
            "exit_codes": [run.returncode for run in self.runs],
            "stdout_bytes": self.runs[0].stdout_bytes if self.runs else None,
            "note": self.note,
            **({"check": self.check} if self.check is not None else {}),
            "load_avg_1min": round(self.load_before, 2),
        }


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


@dataclass
class Policy:
    """How many times to run: ``repeat`` normally, fewer for slow commands."""

    repeat: int = 5
    slow_repeat: int = 3
    slow_after: float = 20.0  # a first run longer than this gets slow_repeat runs in all
    single_after: float = 120.0  # a first run longer than this is not repeated
    timeout: float = 900.0

    def repeats_after(self, first: float) -> tuple[int, str]:
        if first > self.single_after:
            return 1, f"1 run: the first took {first:.0f} s (> {self.single_after:.0f} s)"
        if first > self.slow_after and self.slow_repeat < self.repeat:
            return self.slow_repeat, f"{self.slow_repeat} runs: the first took {first:.0f} s"
        return self.repeat, ""
