"""The portal's commands: accounts and review from the command line, one-line errors, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pimgraph.cli import main

from .portal_support import mid_bytes


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_the_whole_loop_from_the_command_line(tmp_path: Path, submissions_dir: Path) -> None:
    portal = str(tmp_path / "portal")
    for args in (
        ("anna@slupsk.pl", "--city", "Słupsk"),
        ("piotr@gdansk.pl", "--city", "https://w3id.org/pim/id/city/gdansk"),
        ("kurator@pim.pl", "--curator"),
    ):
        added = run("accounts", "add", *args, "--portal", portal)
        assert added.exit_code == 0, added.output
        assert "/portal/password?token=" in added.output
    upload = tmp_path / "moj-mid.csv"
    upload.write_bytes(mid_bytes())
    sent = run("review", "submit", str(upload), "--as", "anna@slupsk.pl", "--portal", portal)
    assert sent.exit_code == 0, sent.output
    entry_id = sent.output.strip().splitlines()[-1].split()[0]
    other = run("review", "submit", str(upload), "--as", "piotr@gdansk.pl", "--portal", portal)
    assert other.exit_code == 2 and "not for your organisation" in other.output, other.output
    assert len(other.output.strip().splitlines()) == 1
    listed = run(
        "review", "list", "--status", "pending", "--as", "kurator@pim.pl", "--portal", portal
    )
    assert listed.exit_code == 0 and entry_id in listed.output, listed.output
    shown = run("review", "show", entry_id, "--as", "kurator@pim.pl", "--portal", portal)
    assert shown.exit_code == 0, shown.output
    assert "moj-mid.csv: can be added" in shown.output and "new: " in shown.output
    refused = run("review", "approve", entry_id, "--as", "anna@slupsk.pl", "--portal", portal)
    assert refused.exit_code == 2 and "only a curator" in refused.output
    assert "Traceback" not in refused.output
    approved = run("review", "approve", entry_id, "--as", "kurator@pim.pl", "--portal", portal)
    assert approved.exit_code == 0 and "approved as" in approved.output, approved.output
    files = sorted((tmp_path / "portal" / "approved").glob("*.ttl"))
    valid = run("validate", *map(str, files))
    assert valid.exit_code == 0, valid.output
    again = run(
        "review", "reject", entry_id, "--why", "late", "--as", "kurator@pim.pl", "--portal", portal
    )
    assert again.exit_code == 2 and "not pending" in again.output


def test_two_officers_in_two_processes_lose_nothing(tmp_path: Path, submissions_dir: Path) -> None:
    """One upload holds the portal's lock (paused there) while another process uploads: the
    second waits for the lock, and both entries are kept."""
    portal = tmp_path / "portal"
    for email, where in (("anna@slupsk.pl", "Słupsk"), ("piotr@gdansk.pl", "Gdańsk")):
        assert (
            run("accounts", "add", email, "--city", where, "--portal", str(portal)).exit_code == 0
        )
    uploads = []
    for name, city in (("slupsk.csv", "Słupsk"), ("gdansk.csv", "Gdańsk")):
        uploads.append(tmp_path / name)
        uploads[-1].write_bytes(mid_bytes(city=city))
    env = {**os.environ, "PIMGRAPH_PORTAL": str(portal)}
    command = [sys.executable, "-m", "pimgraph", "review", "submit"]
    holder = subprocess.Popen(
        [*command, str(uploads[0]), "--as", "anna@slupsk.pl"],
        env={**env, "PIMGRAPH_TEST_PAUSE_AT": "queued", "PIMGRAPH_TEST_PAUSE_SECONDS": "4"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stderr is not None
        assert holder.stderr.readline().strip() == "pimgraph: paused at queued"
        second = subprocess.run(
            [*command, str(uploads[1]), "--as", "piotr@gdansk.pl"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 0, second.stderr
        assert holder.wait(timeout=120) == 0, holder.stderr.read()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    records = [json.loads(p.read_text()) for p in (portal / "queue").glob("*.json")]
    assert sorted(r["name"] for r in records) == ["gdansk.csv", "slupsk.csv"]
    assert all(r["status"] == "pending" for r in records)
    order = [json.loads(line)["actor"] for line in (portal / "audit.log").read_text().splitlines()]
    assert order[-2:] == ["anna@slupsk.pl", "piotr@gdansk.pl"]  # the second waited


def test_review_errors_are_one_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PIMGRAPH_PORTAL", str(tmp_path / "portal"))
    assert run("accounts", "add", "kurator@pim.pl", "--curator").exit_code == 0
    for args, words in (
        (("review", "show", "../../etc", "--as", "kurator@pim.pl"), "no submission has the id"),
        (("review", "list", "--as", "nobody@pim.pl"), "there is no account"),
        (("accounts", "add", "not-an-address", "--curator"), "not an e-mail address"),
        (("accounts", "add", "kurator@pim.pl", "--curator"), "already an account"),
        (("accounts", "disable", "nobody@pim.pl"), "there is no account"),
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert words in result.output and len(result.output.strip().splitlines()) == 1, (
            result.output
        )
    monkeypatch.delenv("PIMGRAPH_PORTAL")
    result = run("accounts", "list")
    assert result.exit_code == 2 and "--portal DIR" in result.output
