"""The docs match the code: every stored query and command appears in the README, and the
Quick start holds exactly the two commands."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from pimgraph.cli import main
from pimgraph.serve.api.openapi import api_call
from pimgraph.sparql.catalogue import catalogue

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("query_id", sorted(catalogue()))
def test_readme_lists_every_stored_query(query_id: str) -> None:
    assert f"`{query_id}`" in README


@pytest.mark.parametrize("query_id", sorted(catalogue()))
def test_readme_links_every_stored_query_to_its_api_call(query_id: str) -> None:
    """The "Questions you can ask" row of a query ends with its web API call: the values of its
    '#+ example:' header, linked to the URL a local 'pimgraph serve' answers."""
    call = api_call(catalogue()[query_id])
    href = "http://127.0.0.1:8000" + urllib.parse.quote(call, safe="/?=&")
    row = next(line for line in README.splitlines() if line.startswith(f"| `{query_id}` |"))
    assert row.endswith(f" [`{call}`]({href}) |"), row


@pytest.mark.parametrize("command", sorted(main.commands))
def test_readme_names_every_command(command: str) -> None:
    assert f"pimgraph {command}" in README


def test_quick_start_has_the_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quick, re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert commands[1] == 'pip install -e ".[test]" && pytest -n 2'
    assert commands[0].startswith("pip install . && pimgraph ")
    assert len(commands) == 2


def test_ci_runs_the_readme_test_command() -> None:
    assert 'pip install -e ".[test]" && pytest -n 2' in (REPO / ".ci" / "run").read_text(
        encoding="utf-8"
    )


def test_linked_docs_exist() -> None:
    for target in re.findall(r"\]\(((?:docs|examples)/[^)#]+)\)", README):
        assert (REPO / target).exists(), target
