"""The submission portal's library: accounts, the review queue, curator review, the audit log.

The web pages (``pimgraph serve --portal DIR``) and the commands (``pimgraph accounts ...``,
``pimgraph review ...``) are thin layers over these functions; every one takes a ``Portal``
(the folder) and, where someone acts, the acting ``Account``, re-read from the accounts file
on every call so that a disabled account can do nothing.

The portal folder ``DIR`` (``--portal DIR`` or ``$PIMGRAPH_PORTAL``; never pimgraph's
``data/``) holds::

    DIR/
      .pimgraph.lock          the lock every read-modify-write holds (fcntl.flock)
      accounts.json           the accounts: e-mail, role, city or network, argon2id password
                              hash, SHA-256 of the one-time set-password token and its expiry,
                              recent failed sign-ins, lock-out
      audit.log               append-only JSON lines: time, actor, action, target, outcome
                              (never a password or token)
      queue/<id>.json         one entry: uploader, organisation (IRI), kind (mid or pu),
                              sha256, times, status (pending, approved, rejected,
                              superseded), reasons
      queue/uploads/<id>.csv  the upload as sent, under a generated name (.ttl, .jsonld, ...)
      approved/               the approved data: what `pimgraph submit add --into DIR/approved`
                              writes, one Turtle file per submission with its PROV-O record
      approved/history/       approved submissions a later revision replaced

Every file is written through a temporary file and a rename; every path is built from
generated names and refused if it resolves outside ``DIR``. Add the approved data to the
graph with ``PIMGRAPH_EXTRA_DATA=DIR/approved``.
"""

from pimgraph.portal.accounts import (
    CURATOR,
    OFFICER,
    SET_PASSWORD_PATH,
    Account,
    Forbidden,
    NewAccount,
    add_account,
    disable_account,
    get_account,
    is_locked,
    list_accounts,
    reset_account,
    set_password,
    verify_login,
)
from pimgraph.portal.diff import Diff, render_diff
from pimgraph.portal.forms import FieldError, field_errors, form_csv, form_fields
from pimgraph.portal.organisations import Organisation, resolve_organisation
from pimgraph.portal.queue import (
    STATUSES,
    Entry,
    Queued,
    list_entries,
    load_entry,
    submit_to_queue,
)
from pimgraph.portal.review import Review, approve, reject, show
from pimgraph.portal.store import Portal

__all__ = [
    "CURATOR",
    "OFFICER",
    "SET_PASSWORD_PATH",
    "STATUSES",
    "Account",
    "Diff",
    "Entry",
    "FieldError",
    "Forbidden",
    "NewAccount",
    "Organisation",
    "Portal",
    "Queued",
    "Review",
    "add_account",
    "approve",
    "disable_account",
    "field_errors",
    "form_csv",
    "form_fields",
    "get_account",
    "is_locked",
    "list_accounts",
    "list_entries",
    "load_entry",
    "reject",
    "render_diff",
    "reset_account",
    "resolve_organisation",
    "set_password",
    "show",
    "submit_to_queue",
    "verify_login",
]
