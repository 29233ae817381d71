"""Every file a user names goes through the same checks and limits, whichever command and
engine reads it: ``query --data`` on both backends, ``validate`` and ``serve`` all refuse a
hostile file with the same one line and exit 2."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pimgraph.cli import main
from tests.test_hostile_input import HOSTILE

RDF_CASES = [case for case in HOSTILE if not case[0].endswith(".csv")]


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def _error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize(
    ("name", "content", "line", "words"), RDF_CASES, ids=[c[0] for c in RDF_CASES]
)
def test_same_refusal_on_every_backend_and_validate(
    tmp_path: Path, name, content, line, words
) -> None:
    path = _write(tmp_path, name, content)
    runner = CliRunner()
    seen = {}
    for label, args in (
        ("oxigraph", ["query", "cities-per-network", "--data", str(path), "--no-cache"]),
        (
            "memory",
            ["query", "cities-per-network", "--data", str(path), "--store", "memory", "--no-cache"],
        ),
        ("validate", ["validate", str(path)]),
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, f"{label}: {result.output}"
        seen[label] = _error_line(result)
        assert f"{path}{line}:" in seen[label] or (not line and str(path) in seen[label]), seen[
            label
        ]
        assert words.lower() in seen[label].lower(), seen[label]
    assert seen["oxigraph"] == seen["memory"] == seen["validate"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_with_a_broken_file_is_an_input_error(tmp_path: Path) -> None:
    broken = _write(tmp_path, "broken.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pimgraph",
            "serve",
            "--data",
            str(broken),
            "--port",
            str(_free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert f"{broken}:3:" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr
