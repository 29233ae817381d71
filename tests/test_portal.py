"""Portal accounts: set-password tokens, sign-in with lock-out, secrets never stored or printed,
and paths that cannot leave the portal folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from pimgraph.cli import main
from pimgraph.core.errors import UsageError
from pimgraph.portal import (
    CURATOR,
    Portal,
    add_account,
    get_account,
    is_locked,
    reset_account,
    set_password,
    verify_login,
)

from .portal_support import PASSWORD, files_under


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def clock() -> Clock:
    return Clock()


@pytest.fixture()
def portal(tmp_path: Path, clock: Clock) -> Portal:
    return Portal(tmp_path / "portal", clock=clock)


def test_password_is_set_once_with_the_token_and_then_signs_in(portal: Portal) -> None:
    created = add_account(portal, "Kurator@PIM.pl ", CURATOR)
    assert created.account.email == "kurator@pim.pl" and not created.account.has_password
    assert verify_login(portal, "kurator@pim.pl", PASSWORD) is None  # no password yet
    account = set_password(portal, created.token, PASSWORD)
    assert account.has_password
    assert verify_login(portal, "KURATOR@pim.pl", PASSWORD) == get_account(portal, "kurator@pim.pl")
    assert verify_login(portal, "kurator@pim.pl", PASSWORD + "x") is None
    with pytest.raises(UsageError, match="not valid"):
        set_password(portal, created.token, "another-long-password")  # single use


def test_token_expires(portal: Portal, clock: Clock) -> None:
    created = add_account(portal, "kurator@pim.pl", CURATOR)
    clock.now += portal.token_lifetime + 1
    with pytest.raises(UsageError, match="expired"):
        set_password(portal, created.token, PASSWORD)
    with pytest.raises(UsageError, match="not valid"):  # and it is gone
        set_password(portal, created.token, PASSWORD)
    fresh = reset_account(portal, "kurator@pim.pl")
    assert set_password(portal, fresh.token, PASSWORD).has_password


def test_short_passwords_and_unknown_tokens_are_refused(portal: Portal) -> None:
    created = add_account(portal, "kurator@pim.pl", CURATOR)
    with pytest.raises(UsageError, match="at least 12"):
        set_password(portal, created.token, "short")
    with pytest.raises(UsageError, match="not valid"):
        set_password(portal, "made-up-token", PASSWORD)


def test_lock_out_after_repeated_failures(portal: Portal, clock: Clock) -> None:
    set_password(portal, add_account(portal, "kurator@pim.pl", CURATOR).token, PASSWORD)
    for _attempt in range(portal.max_failures - 1):
        assert verify_login(portal, "kurator@pim.pl", "wrong password!") is None
        clock.now += 1
    assert not is_locked(portal, "kurator@pim.pl")
    assert verify_login(portal, "kurator@pim.pl", "wrong password!") is None
    assert is_locked(portal, "kurator@pim.pl")
    # locked: even the right password is refused, until the lock-out ends
    assert verify_login(portal, "kurator@pim.pl", PASSWORD) is None
    clock.now += portal.lockout + 1
    assert verify_login(portal, "kurator@pim.pl", PASSWORD) is not None
    outcomes = [line["outcome"] for line in portal.audit_lines() if line["action"] == "login"]
    assert outcomes == ["failed"] * 4 + ["locked", "locked", "ok"]


def test_failures_outside_the_window_do_not_count(portal: Portal, clock: Clock) -> None:
    set_password(portal, add_account(portal, "kurator@pim.pl", CURATOR).token, PASSWORD)
    for _attempt in range(portal.max_failures * 2):
        assert verify_login(portal, "kurator@pim.pl", "wrong password!") is None
        clock.now += portal.failure_window / (portal.max_failures - 1) + 1
    assert not is_locked(portal, "kurator@pim.pl")
    assert verify_login(portal, "kurator@pim.pl", PASSWORD) is not None


def test_disabled_and_unknown_accounts_cannot_sign_in(portal: Portal) -> None:
    set_password(portal, add_account(portal, "kurator@pim.pl", CURATOR).token, PASSWORD)
    assert verify_login(portal, "nobody@pim.pl", PASSWORD) is None
    result = CliRunner().invoke(
        main, ["accounts", "disable", "kurator@pim.pl", "--portal", str(portal.root)]
    )
    assert result.exit_code == 0, result.output
    assert verify_login(portal, "kurator@pim.pl", PASSWORD) is None


def test_password_and_token_never_stored_or_printed(tmp_path: Path) -> None:
    folder = tmp_path / "portal"
    runner = CliRunner()
    added = runner.invoke(
        main, ["accounts", "add", "anna@slupsk.pl", "--city", "Słupsk", "--portal", str(folder)]
    )
    assert added.exit_code == 0, added.output
    token = added.output.split("token=")[1].split()[0]
    portal = Portal(folder)
    set_password(portal, token, PASSWORD)
    assert verify_login(portal, "anna@slupsk.pl", PASSWORD) is not None
    assert verify_login(portal, "anna@slupsk.pl", PASSWORD + "!") is None
    listed = runner.invoke(main, ["accounts", "list", "--format", "json", "--portal", str(folder)])
    assert listed.exit_code == 0, listed.output
    stored = files_under(folder)
    assert {"accounts.json", "audit.log"} <= set(stored)
    for name, content in stored.items():
        assert PASSWORD.encode() not in content, name
        assert token.encode() not in content, name  # only its hash was stored
    for output in (added.output, listed.output):
        assert PASSWORD not in output and "argon2" not in output
    hashed = json.loads(stored["accounts.json"])["accounts"]["anna@slupsk.pl"]["password_hash"]
    assert hashed.startswith("$argon2id$")
    assert (os.stat(folder / "accounts.json").st_mode & 0o077) == 0  # not readable by others
    assert (os.stat(folder).st_mode & 0o077) == 0


def test_every_audit_line_has_its_fields(portal: Portal) -> None:
    created = add_account(portal, "kurator@pim.pl", CURATOR)
    set_password(portal, created.token, PASSWORD)
    verify_login(portal, "kurator@pim.pl", "wrong password!")
    lines = portal.audit_lines()
    assert [line["action"] for line in lines] == ["account.add", "password.set", "login"]
    for line in lines:
        assert {"time", "actor", "action", "target", "outcome"} <= set(line)


@pytest.mark.parametrize("name", ["..", "../accounts.json", "a/b", "", "x" * 80, "Q.JSON"])
def test_only_generated_names_make_paths(portal: Portal, name: str) -> None:
    with pytest.raises(UsageError):
        portal.path("queue", name)


def test_a_link_inside_the_portal_folder_is_refused(portal: Portal, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (portal.root / "queue").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UsageError, match="outside the portal folder"):
        portal.path("queue", "uploads")


def test_the_bundled_data_folder_is_no_portal() -> None:
    from pimgraph.core import resources

    with pytest.raises(UsageError, match="data folder"):
        Portal(resources.data_dir() / "portal")
    result = CliRunner().invoke(main, ["accounts", "list", "--portal", str(resources.data_dir())])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1


def test_accounts_add_names_the_city_like_a_query_parameter(tmp_path: Path) -> None:
    folder = str(tmp_path / "portal")
    result = CliRunner().invoke(
        main, ["accounts", "add", "a@b.pl", "--city", "Slupsk", "--portal", folder]
    )
    assert result.exit_code == 2, result.output
    assert "did you mean: Słupsk" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    result = CliRunner().invoke(
        main, ["accounts", "add", "a@b.pl", "--city", "Miasto Zielone", "--portal", folder]
    )
    assert result.exit_code == 2 and "is not a city" in result.output, result.output
    twice = CliRunner().invoke(
        main, ["accounts", "add", "a@b.pl", "--curator", "--city", "Słupsk", "--portal", folder]
    )
    assert twice.exit_code == 2 and "exactly one" in twice.output
