"""``pimgraph accounts add|list|disable|reset``: the portal's accounts, and its shared options."""

from __future__ import annotations

import click

from pimgraph.cli.options import choice
from pimgraph.core.choices import LISTING_FORMATS
from pimgraph.core.messages import _, ngettext

portal_option = click.option(
    "--portal",
    "portal_dir",
    type=click.Path(file_okay=False, path_type=str),
    envvar="PIMGRAPH_PORTAL",
    show_envvar=True,
    metavar="DIR",
    help="The portal folder (accounts, queue, audit log, approved data); never data/.",
)
as_option = click.option(
    "--as",
    "acting_as",
    required=True,
    metavar="EMAIL",
    help="Act as this portal account (a curator's, except for 'review submit').",
)
STATUS_CHOICES = ("pending", "approved", "rejected", "superseded")


def _portal(portal_dir: str | None):
    from pimgraph.portal import Portal

    return Portal(portal_dir)


def _acting(portal, email: str):
    from pimgraph.core.errors import UsageError
    from pimgraph.portal import get_account

    account = get_account(portal, email)
    if account is None:
        raise UsageError(_("there is no account for {email}", email=email))
    return account


def _operator() -> str:
    import getpass

    return f"cli:{getpass.getuser()}"


@click.group("accounts")
def accounts() -> None:
    """Portal accounts: city and network officers, and curators.

    \b
      pimgraph accounts add anna@slupsk.pl --city Słupsk --portal DIR
      pimgraph accounts add jan@example.pl --network 'Miasto Zielone'
      pimgraph accounts add kurator@example.pl --curator
      pimgraph accounts list
      pimgraph accounts disable anna@slupsk.pl
    """


@accounts.command("add")
@click.argument("email")
@click.option("--city", metavar="CITY", help="An officer of this city (label or IRI).")
@click.option("--network", metavar="NETWORK", help="An officer of this network (label or IRI).")
@click.option("--curator", is_flag=True, help="A curator: reviews and approves submissions.")
@click.option(
    "--base-url",
    envvar="PIMGRAPH_PORTAL_URL",
    show_envvar=True,
    default="http://127.0.0.1:8000",
    show_default=True,
    help="Where the portal is served, for the set-password link.",
)
@portal_option
def add(
    email: str,
    city: str | None,
    network: str | None,
    curator: bool,
    base_url: str,
    portal_dir: str | None,
) -> None:
    """Create an account and print its one-time set-password link, for you to send.

    Give exactly one of --city, --network or --curator. The link is valid for 72 hours and
    works once; only a hash of it is stored.
    """
    from pimgraph.core.errors import UsageError
    from pimgraph.graph.engine import open_engine
    from pimgraph.portal import CURATOR, OFFICER, add_account, resolve_organisation

    if sum(1 for given in (city, network, curator) if given) != 1:
        raise UsageError(_("give exactly one of --city, --network or --curator"))
    portal = _portal(portal_dir)
    if curator:
        created = add_account(portal, email, CURATOR, actor=_operator())
    else:
        kind, value = ("city", city) if city else ("network", network)
        organisation = resolve_organisation(open_engine(reasoning="none"), kind, value or "")
        created = add_account(
            portal,
            email,
            OFFICER,
            organisation.iri,
            organisation.kind,
            organisation.label,
            actor=_operator(),
        )
    _print_token(created, base_url)


def _print_token(created, base_url: str) -> None:
    from urllib.parse import quote

    from pimgraph.portal import SET_PASSWORD_PATH

    account = created.account
    click.echo(_describe(account))
    link = f"{base_url.rstrip('/')}{SET_PASSWORD_PATH}?token={quote(created.token)}"
    click.echo(
        _(
            "send this one-time set-password link to {email} (it works once, until {expires}):",
            email=account.email,
            expires=created.expires,
        )
    )
    click.echo(f"  {link}")


def _describe(account) -> str:
    who = (
        _("curator")
        if account.role == "curator"
        else f"{account.organisation_label} <{account.organisation}>"
    )
    state = _("disabled") if account.disabled else ""
    return " ".join(part for part in (account.email, account.id, who, state) if part)


@accounts.command("list")
@portal_option
@click.option("--format", "fmt", type=choice(LISTING_FORMATS), default="table", show_default=True)
def list_command(portal_dir: str | None, fmt: str) -> None:
    """List the accounts: e-mail, id, city or network (or curator), whether disabled."""
    import dataclasses
    import json

    from pimgraph.portal import list_accounts

    found = list_accounts(_portal(portal_dir))
    if fmt == "json":
        rows = [dataclasses.asdict(a) for a in found]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for account in found:
        click.echo(_describe(account))
    click.echo(ngettext("{n} account", "{n} accounts", len(found)))


@accounts.command("disable")
@click.argument("email")
@portal_option
def disable(email: str, portal_dir: str | None) -> None:
    """Disable an account: it can no longer sign in, submit or review (its submissions stay)."""
    from pimgraph.portal import disable_account

    account = disable_account(_portal(portal_dir), email, actor=_operator())
    click.echo(_describe(account))


@accounts.command("reset")
@click.argument("email")
@click.option("--base-url", envvar="PIMGRAPH_PORTAL_URL", default="http://127.0.0.1:8000")
@portal_option
def reset(email: str, base_url: str, portal_dir: str | None) -> None:
    """A new one-time set-password link for an account (also ends a lock-out)."""
    from pimgraph.portal import reset_account

    _print_token(reset_account(_portal(portal_dir), email, actor=_operator()), base_url)


COMMANDS = [accounts]
