"""Portal accounts: officers bound to one city or network, and curators.

The accounts file (``accounts.json`` in the portal folder) holds, per account, its e-mail
address, role, organisation, an argon2id hash of its password (``argon2-cffi``), the SHA-256 of
its one-time set-password token with the token's expiry, and its recent failed sign-ins. No
password or token is ever stored, logged or printed in clear, except the token ``add_account``
and ``reset_account`` return once, for the curator to send.

Sign-in (``verify_login``) counts failures: ``Portal.max_failures`` within
``Portal.failure_window`` seconds lock the account for ``Portal.lockout`` seconds, during which
even the right password is refused.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, fields
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _
from pimgraph.portal.store import Portal, iso, new_id, read_json, write_json

CURATOR, OFFICER = "curator", "officer"
MIN_PASSWORD = 12
SET_PASSWORD_PATH = "/portal/password"  # the web layer's page that takes ?token=
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s.]{2,63}")
_HASHER = PasswordHasher()  # argon2id with the library's recommended costs


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so that a miss costs as long as a hit."""
    return _HASHER.hash(secrets.token_urlsafe(16))


class Forbidden(UsageError):
    """The account may not do this (wrong role, organisation, or disabled)."""


@dataclass(frozen=True)
class Account:
    """What the web layer and the commands see of an account (no secrets)."""

    email: str
    id: str
    role: str  # CURATOR or OFFICER
    organisation: str = ""  # the city's or network's IRI (officers)
    organisation_kind: str = ""  # "city" or "network"
    organisation_label: str = ""
    disabled: bool = False
    created: str = ""
    has_password: bool = False

    @property
    def is_curator(self) -> bool:
        return self.role == CURATOR and not self.disabled


@dataclass(frozen=True)
class NewAccount:
    account: Account
    token: str  # shown once; only its hash is stored
    expires: str


def normalise_email(email: str) -> str:
    text = email.strip().lower()
    if not _EMAIL.fullmatch(text):
        raise UsageError(_("{email!r} is not an e-mail address", email=email))
    return text


def _load(portal: Portal) -> dict[str, dict[str, Any]]:
    return read_json(portal.accounts_file, {"accounts": {}})["accounts"]


def _save(portal: Portal, accounts: dict[str, dict[str, Any]]) -> None:
    write_json(portal.accounts_file, {"accounts": accounts})


def _public(record: dict[str, Any]) -> Account:
    names = {f.name for f in fields(Account)}
    values = {k: v for k, v in record.items() if k in names}
    return Account(**values, has_password=bool(record.get("password_hash")))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _issue_token(portal: Portal, record: dict[str, Any]) -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    expires = portal.now() + portal.token_lifetime
    record["token_hash"] = _token_hash(token)
    record["token_expires"] = expires
    return token, iso(expires)


def add_account(
    portal: Portal,
    email: str,
    role: str,
    organisation: str = "",
    organisation_kind: str = "",
    organisation_label: str = "",
    actor: str = "cli",
) -> NewAccount:
    """Create an account (an officer names its organisation) with a one-time set-password token."""
    address = normalise_email(email)
    if (role == OFFICER) != bool(organisation):
        raise UsageError(_("an officer's account needs a city or a network; a curator's none"))
    with portal.locked():
        accounts = _load(portal)
        if address in accounts:
            portal.audit(actor, "account.add", address, "refused", reason="exists")
            raise UsageError(_("there is already an account for {email}", email=address))
        record: dict[str, Any] = {
            "email": address,
            "id": new_id(),
            "role": role,
            "organisation": organisation,
            "organisation_kind": organisation_kind,
            "organisation_label": organisation_label,
            "disabled": False,
            "created": iso(portal.now()),
            "password_hash": None,
            "failures": [],
            "locked_until": 0,
        }
        token, expires = _issue_token(portal, record)
        accounts[address] = record
        _save(portal, accounts)
        portal.audit(actor, "account.add", address, "ok", role=role, organisation=organisation)
    return NewAccount(_public(record), token, expires)


def reset_account(portal: Portal, email: str, actor: str = "cli") -> NewAccount:
    """A new set-password token for an account (the old one and any lock-out end)."""
    address = normalise_email(email)
    with portal.locked():
        accounts = _load(portal)
        record = _existing(accounts, address)
        token, expires = _issue_token(portal, record)
        record["failures"], record["locked_until"] = [], 0
        _save(portal, accounts)
        portal.audit(actor, "account.reset", address, "ok")
    return NewAccount(_public(record), token, expires)


def _existing(accounts: dict[str, dict[str, Any]], address: str) -> dict[str, Any]:
    if address not in accounts:
        raise UsageError(_("there is no account for {email}", email=address))
    return accounts[address]


def list_accounts(portal: Portal) -> list[Account]:
    return [_public(record) for _key, record in sorted(_load(portal).items())]


def get_account(portal: Portal, email: str) -> Account | None:
    """The account as it is now (None if there is none): check this on every request."""
    try:
        address = normalise_email(email)
    except UsageError:
        return None
    record = _load(portal).get(address)
    return _public(record) if record else None


def disable_account(portal: Portal, email: str, actor: str = "cli") -> Account:
    """Disable an account: it can no longer sign in, submit or review; its entries stay."""
    address = normalise_email(email)
    with portal.locked():
        accounts = _load(portal)
        record = _existing(accounts, address)
        record["disabled"] = True
        record.pop("token_hash", None)
        _save(portal, accounts)
        portal.audit(actor, "account.disable", address, "ok")
    return _public(record)


def set_password(portal: Portal, token: str, password: str) -> Account:
    """Set the password of the account a valid, unexpired token belongs to; the token is used up."""
    if len(password) < MIN_PASSWORD:
        raise UsageError(
            _("a password needs at least {n} characters", n=MIN_PASSWORD),
        )
    digest = _token_hash(token)
    hashed = _HASHER.hash(password)
    with portal.locked():
        accounts = _load(portal)
        record = next(
            (
                r
                for r in accounts.values()
                if r.get("token_hash") and hmac.compare_digest(r["token_hash"], digest)
            ),
            None,
        )
        if record is None or record["disabled"]:
            portal.audit("anonymous", "password.set", "", "refused", reason="unknown token")
            raise UsageError(_("this set-password link is not valid (it may have been used)"))
        if record["token_expires"] < portal.now():
            record.pop("token_hash", None)
            _save(portal, accounts)
            portal.audit(
                record["email"], "password.set", record["email"], "refused", reason="expired"
            )
            raise UsageError(_("this set-password link has expired; ask a curator for a new one"))
        record.pop("token_hash", None)
        record.pop("token_expires", None)
        record["password_hash"] = hashed
        record["failures"], record["locked_until"] = [], 0
        _save(portal, accounts)
        portal.audit(record["email"], "password.set", record["email"], "ok")
    return _public(record)


def is_locked(portal: Portal, email: str) -> bool:
    """Whether sign-in is locked for this address now (after too many failures)."""
    record = _load(portal).get(email.strip().lower()) or {}
    return record.get("locked_until", 0) > portal.now()


def verify_login(portal: Portal, email: str, password: str) -> Account | None:
    """The account if ``password`` is right and the account may sign in now, else None.

    A wrong password counts as a failure; too many within the window lock the account."""
    address = email.strip().lower()
    record = _load(portal).get(address)
    stored = (record or {}).get("password_hash")
    try:
        right = _HASHER.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        right = False
    with portal.locked():
        accounts = _load(portal)
        record = accounts.get(address)
        target = address if record else ""
        if record is None or record["disabled"]:
            portal.audit(address if record else "anonymous", "login", target, "refused")
            return None
        now = portal.now()
        if record.get("locked_until", 0) > now:
            portal.audit(address, "login", address, "locked")
            return None
        if not right:
            recent = [t for t in record.get("failures", []) if t > now - portal.failure_window]
            record["failures"] = [*recent, now]
            locked = len(record["failures"]) >= portal.max_failures
            if locked:
                record["locked_until"], record["failures"] = now + portal.lockout, []
            _save(portal, accounts)
            portal.audit(address, "login", address, "locked" if locked else "failed")
            return None
        if stored and _HASHER.check_needs_rehash(stored):
            record["password_hash"] = _HASHER.hash(password)
        record["failures"], record["locked_until"] = [], 0
        _save(portal, accounts)
        portal.audit(address, "login", address, "ok")
    return _public(record)
