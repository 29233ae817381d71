"""Start-up stays light: help and the query list import none of the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = [
    "pyshacl",
    "owlrl",
    "SPARQLWrapper",
    "matplotlib",
    "networkx",
    "rdflib",
    "pyoxigraph",
    "selenium",
]
PROBE = """
import json, sys
from pimgraph.cli import main
try:
    main({args!r}, standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["queries"], ["query", "--help"], ["submit", "--help"]]
)
def test_no_heavy_imports(args: list[str]) -> None:
    process = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    loaded = json.loads(process.stderr.strip().splitlines()[-1])
    assert loaded == [], f"pimgraph {' '.join(args)} imported {loaded}"
