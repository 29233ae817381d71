"""Shared set-up for the portal tests: a portal folder with accounts, and the example uploads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pimgraph.graph.engine import open_engine
from pimgraph.portal import (
    CURATOR,
    OFFICER,
    Account,
    Portal,
    add_account,
    disable_account,
    get_account,
    resolve_organisation,
)

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "submissions"
PASSWORD = "korek-Zielony-7-podwórek"  # the test password, grepped for everywhere

# role -> (e-mail, kind, organisation label); None: a curator
ROLES = {
    "slupsk": ("anna@slupsk.pl", "city", "Słupsk"),
    "gdansk": ("piotr@gdansk.pl", "city", "Gdańsk"),
    "network": ("ewa@zielone.pl", "network", "Miasto Zielone"),
    "curator": ("kurator@pim.pl", None, None),
    "disabled-officer": ("stary@slupsk.pl", "city", "Słupsk"),
    "disabled-curator": ("byly-kurator@pim.pl", None, None),
}


def mid_bytes(city: str = "Słupsk", description: str | None = None) -> bytes:
    """The example MID, for ``city``, optionally with another Polish description."""
    text = (EXAMPLES / "example-mid.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    rows[2][0] = city
    if description is not None:
        rows[2][3] = description
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def recommendations_bytes(network: str = "Miasto Zielone") -> bytes:
    """The example recommendations of one network (the example file has several networks')."""
    text = (EXAMPLES / "example-recommendations.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    kept = rows[:2] + [row for row in rows[2:] if row[0] == network]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(kept)
    return out.getvalue().encode("utf-8")


def make_accounts(portal: Portal) -> dict[str, Account]:
    """An account for every role of ``ROLES``; the disabled ones are disabled after the Account
    objects were read, as a web session would hold them."""
    engine = open_engine(reasoning="none")
    for email, kind, label in ROLES.values():
        if kind is None:
            add_account(portal, email, CURATOR)
        else:
            org = resolve_organisation(engine, kind, label or "")
            add_account(portal, email, OFFICER, org.iri, org.kind, org.label)
    accounts = {role: get_account(portal, email) for role, (email, _k, _l) in ROLES.items()}
    for role, (email, _k, _l) in ROLES.items():
        if role.startswith("disabled"):
            disable_account(portal, email)
    return {role: account for role, account in accounts.items() if account is not None}


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
