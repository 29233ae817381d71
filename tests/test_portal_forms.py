"""The upload form: its fields are the template's columns, a filled-in form is the template's CSV,
and the check's findings come back to the form's row and field, in the page's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from pimgraph.core.errors import InputError
from pimgraph.core.messages import language
from pimgraph.portal import (
    Portal,
    field_errors,
    form_csv,
    form_fields,
    list_accounts,
    submit_to_queue,
)
from pimgraph.submissions import NotConforming
from pimgraph.submissions.templates import EXAMPLES

from .portal_support import make_accounts


def _row(**changes: str) -> dict[str, str]:
    row = dict(EXAMPLES["mid"])
    row.update(changes)
    return row


@pytest.fixture()
def portal(tmp_path: Path, submissions_dir: Path) -> Portal:
    portal = Portal(tmp_path / "portal")
    make_accounts(portal)
    return portal


def test_form_fields_are_the_template_columns() -> None:
    fields = form_fields("mid")
    assert fields[0].key == "city" and fields[0].pl == "miasto" and fields[0].required


def test_a_mistake_in_the_form_is_reported_at_its_field_in_polish(portal: Portal) -> None:
    officer = next(a for a in list_accounts(portal) if a.email == "anna@slupsk.pl")
    data = form_csv("mid", [_row(city="Słubsk")])
    with language("pl"), pytest.raises(NotConforming) as caught:
        submit_to_queue(portal, officer, "formularz.csv", data)
    errors = [e for e in field_errors(caught.value.report, "mid") if e.severity == "violation"]
    assert [(e.row, e.field) for e in errors] == [(0, "city")], errors
    assert "nieznane miasto 'Słubsk'" in errors[0].message
    assert "Słupsk" in (errors[0].suggestion or "")
    queued = submit_to_queue(portal, officer, "formularz.csv", form_csv("mid", [_row()]))
    assert queued.entry.status == "pending" and queued.entry.kind == "mid"


def test_the_form_refuses_unknown_fields_and_comment_rows() -> None:
    with pytest.raises(InputError, match="no field 'town'"):
        form_csv("mid", [{"town": "Słupsk"}])
    with pytest.raises(InputError, match="may not start with #"):
        form_csv("mid", [_row(city="# Słupsk")])
