"""One map from exceptions to exit codes (core.errors.exit_code_for), used by the command line."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from pimgraph.cli import PimgraphGroup
from pimgraph.cli.exits import exit_for_conformance
from pimgraph.core.errors import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_NONCONFORMING,
    EXIT_OK,
    IncompleteResultError,
    InputError,
    UsageError,
    exit_code_for,
)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (InputError("bad", "f.ttl:3"), EXIT_INPUT),
        (UsageError("bad"), EXIT_INPUT),
        (IncompleteResultError("cut"), EXIT_NONCONFORMING),
        (KeyboardInterrupt(), EXIT_INTERRUPTED),
        (ValueError("bug"), EXIT_INTERNAL),
    ],
)
def test_exit_code_for_maps_each_kind_of_error(error, code) -> None:
    assert exit_code_for(error) == code


def _group() -> click.Group:
    @click.group(cls=PimgraphGroup)
    def group() -> None:
        pass

    @group.command()
    @click.argument("what")
    def run(what: str) -> None:
        if what == "conforms":
            exit_for_conformance(True)
        if what == "violates":
            click.echo("1 violation")
            exit_for_conformance(False)
        raise {"input": InputError("no such file", "x.ttl"), "interrupt": KeyboardInterrupt()}.get(
            what, ValueError("a bug")
        )

    return group


@pytest.mark.parametrize(
    ("what", "code", "stderr"),
    [
        ("conforms", EXIT_OK, ""),
        ("violates", EXIT_NONCONFORMING, ""),
        ("input", EXIT_INPUT, "pimgraph: error: x.ttl: no such file\n"),
        ("interrupt", EXIT_INTERRUPTED, "pimgraph: interrupted\n"),
        ("bug", EXIT_INTERNAL, "pimgraph: internal error: ValueError: a bug (rerun with"),
    ],
)
def test_the_command_line_ends_with_the_mapped_code(what, code, stderr, monkeypatch) -> None:
    monkeypatch.delenv("PIMGRAPH_DEBUG", raising=False)
    result = CliRunner().invoke(_group(), ["run", what])
    assert result.exit_code == code
    assert result.stderr.startswith(stderr) and result.stderr.count("\n") == (1 if stderr else 0)
