"""The long fuzzing run: the targets of tests/test_fuzz.py with many more examples.

    python bench/fuzz.py --examples 20000 --targets all
    python bench/fuzz.py --examples 3000 --targets serve,query-file

``--examples`` is the total, shared among the targets in the proportions of their CI budgets
(tests/test_fuzz.py: CI_EXAMPLES), so a slow target (submit-check) gets fewer than a fast one.
Each target prints its example count, outcomes and time; a failure prints the minimal failing
input hypothesis shrank it to (and a blob to reproduce it), and the run exits 1.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def budgets(total: int, names: list[str], weights: dict[str, int]) -> dict[str, int]:
    """``total`` examples shared by ``names`` in proportion to ``weights`` (at least 1 each)."""
    weight = sum(weights[name] for name in names)
    return {name: max(1, round(total * weights[name] / weight)) for name in names}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20000, help="examples in all")
    parser.add_argument("--targets", default="all", help="all, or a comma-separated list")
    parser.add_argument(
        "--profile", default="long", help="hypothesis profile from tests/test_fuzz.py (long, ci)"
    )
    args = parser.parse_args(argv)
    # A private graph cache, so the run never touches the user's.
    os.environ.setdefault("PIMGRAPH_CACHE_DIR", tempfile.mkdtemp(prefix="pimgraph-fuzz-cache-"))

    from hypothesis import settings

    from tests.test_fuzz import CI_EXAMPLES, TARGETS

    names = list(TARGETS) if args.targets == "all" else args.targets.split(",")
    unknown = [name for name in names if name not in TARGETS]
    if unknown:
        parser.error(f"unknown targets {unknown}; known: {', '.join(TARGETS)}")
    plan = budgets(args.examples, names, CI_EXAMPLES)
    failures = []
    started = time.monotonic()
    for name in names:
        begin = time.monotonic()
        config = settings(settings.get_profile(args.profile), max_examples=plan[name])
        try:
            counter = TARGETS[name](config)
        except Exception as error:
            seconds = time.monotonic() - begin
            failures.append(name)
            print(f"fuzz: {name} FAILED after {seconds:.1f} s", flush=True)
            for failure in getattr(error, "exceptions", None) or [error]:
                notes = "\n".join(getattr(failure, "__notes__", []))
                print(f"  {type(failure).__name__}: {str(failure)[:2000]}")
                print("  minimal failing input:\n    " + notes.replace("\n", "\n    "))
                where = traceback.extract_tb(failure.__traceback__)[-3:]
                print("".join(traceback.format_list(where)), flush=True)
            continue
        seconds = time.monotonic() - begin
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(counter.outcomes.items()))
        print(
            f"fuzz: {name} {counter.n} examples in {seconds:.1f} s"
            + (f" ({outcomes})" if outcomes else ""),
            flush=True,
        )
    total = time.monotonic() - started
    print(f"fuzz: {len(names) - len(failures)} of {len(names)} targets passed in {total:.0f} s")
    if failures:
        print(f"fuzz: failed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
