"""The portal's queue and review: who may do what (the authorisation matrix, at the library
level), hostile uploads refused with nothing stored, concurrent uploads, approval with PROV-O
provenance, resubmissions and revisions."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from pimgraph.core.errors import InputError, UsageError
from pimgraph.core.namespaces import PIM
from pimgraph.portal import (
    Forbidden,
    Portal,
    approve,
    disable_account,
    list_accounts,
    list_entries,
    load_entry,
    reject,
    show,
    submit_to_queue,
)
from pimgraph.submissions import NotConforming
from pimgraph.validation.shapes import validate_files

from .conftest import VOCABS, need
from .portal_support import (
    EXAMPLES,
    ROLES,
    files_under,
    make_accounts,
    mid_bytes,
    recommendations_bytes,
)
from .test_hostile_input import HOSTILE
from .test_vocabulary_terms import HAND_CHECKED, VOCABULARY_FILES, _used_terms

SLUPSK = "https://w3id.org/pim/id/city/slupsk"
DESCRIPTION = (
    " do nauki zgłaszania MID. Miasto wraz z mieszkańcami usuwa nieprzepuszczalne nawierzchnie "
    "z podwórek i sadzi zieleń."
)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, str]:
    """A portal with every role's account and one pending MID of Słupsk, built once."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PIMGRAPH_SUBMISSIONS_DIR", str(tmp_path_factory.mktemp("accepted")))
        portal = Portal(tmp_path_factory.mktemp("template") / "portal")
        accounts = make_accounts(portal)
        queued = submit_to_queue(portal, accounts["slupsk"], "example-mid.csv", mid_bytes())
    return portal.root, queued.entry.id


@pytest.fixture()
def portal(template, tmp_path: Path, submissions_dir: Path) -> Portal:
    shutil.copytree(template[0], tmp_path / "portal")
    return Portal(tmp_path / "portal")


@pytest.fixture()
def accounts(portal: Portal):
    by_email = {a.email: a for a in list_accounts(portal)}
    return {role: by_email[email] for role, (email, _k, _l) in ROLES.items()}


def _submit_slupsk(portal, account, entry_id):
    return submit_to_queue(portal, account, "mid.csv", mid_bytes())


def _submit_network(portal, account, entry_id):
    return submit_to_queue(portal, account, "pu.csv", recommendations_bytes())


def _list_own(portal, account, entry_id):
    return [e.id for e in list_entries(portal, account)]


def _list_all(portal, account, entry_id):
    return [e.id for e in list_entries(portal, account, everyone=True)]


def _show(portal, account, entry_id):
    return show(portal, account, entry_id)


def _approve(portal, account, entry_id):
    return approve(portal, account, entry_id)


def _reject(portal, account, entry_id):
    return reject(portal, account, entry_id, "the dates are wrong")


ACTIONS = {
    "submit Słupsk MID": _submit_slupsk,
    "submit Miasto Zielone PU": _submit_network,
    "list own": _list_own,
    "list all": _list_all,
    "show Słupsk entry": _show,
    "approve Słupsk entry": _approve,
    "reject Słupsk entry": _reject,
}
# The authorisation matrix: role -> the actions it may take ("sees" for list own: it lists the
# Słupsk entry; "empty": allowed, without it). Every other action must raise Forbidden.
MATRIX = {
    "slupsk": {"submit Słupsk MID", "list own:sees", "show Słupsk entry"},
    "gdansk": {"list own:empty"},
    "network": {"submit Miasto Zielone PU", "list own:empty"},
    "curator": {
        "list own:sees",
        "list all",
        "show Słupsk entry",
        "approve Słupsk entry",
        "reject Słupsk entry",
    },
    "disabled-officer": set(),
    "disabled-curator": set(),
}
CASES = [(role, action) for role in MATRIX for action in ACTIONS]


@pytest.mark.parametrize(("role", "action"), CASES, ids=[f"{r}-{a}" for r, a in CASES])
def test_authorisation_matrix(portal, accounts, template, role: str, action: str) -> None:
    allowed = {a.split(":")[0]: a.partition(":")[2] for a in MATRIX[role]}
    entry_id = template[1]
    before = files_under(portal.root)
    if action not in allowed:
        with pytest.raises(Forbidden):
            ACTIONS[action](portal, accounts[role], entry_id)
        after = files_under(portal.root)
        changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
        assert changed <= {"audit.log"}, changed  # a refusal changes nothing but the log
        return
    result = ACTIONS[action](portal, accounts[role], entry_id)
    if allowed[action] == "sees":
        assert result == [entry_id]
    elif allowed[action] == "empty":
        assert result == []


def test_hostile_uploads_are_refused_and_nothing_is_stored(portal, accounts) -> None:
    before = {n: c for n, c in files_under(portal.root).items() if n != "audit.log"}
    for name, content, _line, words in HOSTILE:
        data = content.encode("utf-8") if isinstance(content, str) else content
        with pytest.raises((InputError, NotConforming, Forbidden)) as caught:
            submit_to_queue(portal, accounts["slupsk"], name, data)
        message = str(caught.value)
        assert name in message and ".incoming-" not in message and words in message, message
    after = {n: c for n, c in files_under(portal.root).items() if n != "audit.log"}
    assert after == before
    refused = [line for line in portal.audit_lines() if line["outcome"] == "refused"]
    assert len(refused) == len(HOSTILE)


def test_hostile_names_never_become_paths(portal, accounts) -> None:
    queued = submit_to_queue(
        portal, accounts["slupsk"], "../../../etc/x\x00\nmid.csv", mid_bytes(description="Inny.")
    )
    assert queued.entry.name == "x\x00\nmid.csv".replace("\x00", "").replace("\n", "")
    assert (portal.uploads / queued.entry.file).is_file()
    assert queued.entry.file == f"{queued.entry.id}.csv"
    with pytest.raises(InputError):
        load_entry(portal, "../accounts")
    with pytest.raises(InputError, match="not a submission file"):
        submit_to_queue(portal, accounts["slupsk"], "mid.exe", mid_bytes())


def test_a_link_planted_in_the_queue_is_refused(portal, accounts, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.rmtree(portal.uploads)
    portal.uploads.symlink_to(outside, target_is_directory=True)
    with pytest.raises(UsageError, match="outside the portal folder"):
        submit_to_queue(portal, accounts["slupsk"], "mid.csv", mid_bytes(description="Inny."))
    assert not any(outside.iterdir())


def test_two_officers_submitting_at_once_lose_nothing(portal, accounts) -> None:
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []
    uploads = [
        (accounts["slupsk"], "a.csv", mid_bytes(description="Wersja A.")),
        (accounts["network"], "b.csv", recommendations_bytes()),
        (accounts["gdansk"], "c.csv", mid_bytes(city="Gdańsk")),
    ]

    def send(account, name, data):
        barrier.wait()
        try:
            submit_to_queue(portal, account, name, data)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=send, args=upload) for upload in uploads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    curator = accounts["curator"]
    names = {e.name: e.status for e in list_entries(portal, curator)}
    # a.csv replaced the template's pending Słupsk MID (same MID, corrected)
    assert names == {
        "example-mid.csv": "superseded",
        "a.csv": "pending",
        "b.csv": "pending",
        "c.csv": "pending",
    }
    submits = [line for line in portal.audit_lines() if line["action"] == "submit"]
    assert len(submits) == 4


def test_an_approval_and_an_upload_at_once_lose_nothing(portal, accounts, template) -> None:
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(action):
        barrier.wait()
        try:
            action()
        except BaseException as error:  # reported below
            errors.append(error)

    actions = [
        lambda: approve(portal, accounts["curator"], template[1]),
        lambda: submit_to_queue(portal, accounts["network"], "pu.csv", recommendations_bytes()),
    ]
    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    statuses = sorted(e.status for e in list_entries(portal, accounts["curator"]))
    assert statuses == ["approved", "pending"]
    assert len(list(portal.approved.glob("*.ttl"))) == 1


def test_a_resubmission_replaces_the_pending_one(portal, accounts, template) -> None:
    queued = submit_to_queue(
        portal, accounts["slupsk"], "poprawiony.csv", mid_bytes(description="Poprawiony opis.")
    )
    assert queued.replaced == [template[1]]
    old = load_entry(portal, template[1])
    assert old.status == "superseded" and old.superseded_by == queued.entry.id
    pending = list_entries(portal, accounts["slupsk"], "pending")
    assert [e.id for e in pending] == [queued.entry.id]
    again = submit_to_queue(
        portal, accounts["slupsk"], "jeszcze.csv", mid_bytes(description="Poprawiony opis.")
    )
    assert again.unchanged and again.entry.id == queued.entry.id


def _record(path: Path) -> tuple[Graph, URIRef]:
    graph = Graph().parse(path)
    record = graph.value(None, RDF.type, PIM.Submission)
    assert isinstance(record, URIRef)
    return graph, record


def test_approve_writes_provenance_that_validates(portal, accounts, template) -> None:
    entry = load_entry(portal, template[1])
    results = approve(portal, accounts["curator"], entry.id)
    path = results[0].path
    assert path.parent == portal.approved
    graph, record = _record(path)
    uploader = graph.value(record, PROV.wasAttributedTo)
    assert uploader == URIRef(f"https://w3id.org/pim/id/agent/account-{accounts['slupsk'].id}")
    assert graph.value(uploader, PROV.actedOnBehalfOf) == URIRef(SLUPSK)
    approval = graph.value(record, PROV.wasGeneratedBy)
    curator = URIRef(f"https://w3id.org/pim/id/agent/account-{accounts['curator'].id}")
    assert graph.value(approval, PROV.wasAssociatedWith) == curator
    assert graph.value(approval, PROV.endedAtTime) is not None
    assert graph.value(record, DCTERMS.dateSubmitted) is not None
    assert graph.value(record, DCTERMS.dateAccepted) is not None
    assert graph.value(record, PIM.sha256) == Literal(entry.sha256)
    assert graph.value(record, PIM.fileName) == Literal("example-mid.csv")
    text = path.read_text(encoding="utf-8")
    for account in accounts.values():
        assert account.email not in text  # no e-mail address is published
    report = validate_files([str(path)])
    assert report.conforms, [f.message for f in report.findings]
    approved = load_entry(portal, entry.id)
    assert approved.status == "approved" and approved.approved_file == path.name
    with pytest.raises(UsageError, match="not pending"):
        approve(portal, accounts["curator"], entry.id)


@pytest.mark.parametrize("namespace", sorted(VOCABULARY_FILES) + sorted(HAND_CHECKED))
def test_the_provenance_uses_only_terms_that_exist(portal, accounts, template, namespace) -> None:
    graph = Graph().parse(approve(portal, accounts["curator"], template[1])[0].path)
    if namespace in HAND_CHECKED:
        declared = HAND_CHECKED[namespace]
    else:
        path = VOCABS / VOCABULARY_FILES[namespace]
        need(path.exists(), f"offline vocabulary {path}")
        vocabulary = Graph().parse(path)
        declared = {str(s)[len(namespace) :] for s in vocabulary.subjects()}
    assert not _used_terms(graph, namespace) - declared


def test_approving_a_revision_links_the_earlier_version(portal, accounts, template) -> None:
    first = approve(portal, accounts["curator"], template[1])[0].path
    _graph, first_record = _record(first)
    fixed = submit_to_queue(
        portal, accounts["slupsk"], "v2.csv", mid_bytes(description="Druga wersja opisu.")
    )
    review = show(portal, accounts["curator"], fixed.entry.id)
    changed = [c for c in review.diff.changes if c.property == "dcterms:description"]
    assert [(c.before, c.added) for c in changed] == [
        (['"FIKCYJNY PRZYKŁAD' + DESCRIPTION + '"@pl'], ['"Druga wersja opisu."@pl'])
    ]
    second = approve(portal, accounts["curator"], fixed.entry.id)[0].path
    graph, record = _record(second)
    assert graph.value(record, PROV.wasRevisionOf) == first_record
    assert not first.exists() and (portal.approved / "history" / first.name).exists()


def test_rejection_keeps_the_file_and_tells_the_uploader(portal, accounts, template) -> None:
    entry = reject(portal, accounts["curator"], template[1], "  the dates\nare wrong ")
    assert entry.status == "rejected" and entry.reasons == ["the dates are wrong"]
    seen = list_entries(portal, accounts["slupsk"], "rejected")
    assert [(e.id, e.reasons) for e in seen] == [(template[1], ["the dates are wrong"])]
    assert (portal.uploads / entry.file).is_file()
    with pytest.raises(UsageError, match="say why"):
        reject(portal, accounts["curator"], template[1], "  ")


def test_an_account_disabled_mid_session_can_do_nothing(portal, accounts) -> None:
    officer = accounts["slupsk"]  # what a session holds
    disable_account(portal, officer.email)
    with pytest.raises(Forbidden, match="disabled"):
        list_entries(portal, officer)


def _slupsk_turtle(extra: str = "") -> bytes:
    text = (EXAMPLES / "example-mid.ttl").read_text(encoding="utf-8")
    return (text.replace("lublin", "slupsk") + extra).encode("utf-8")


MID_IRI = "<https://w3id.org/pim/id/mid/example-slupsk-zielone-torowiska>"


@pytest.mark.parametrize(
    ("extra", "allowed"),
    [
        ("", True),
        # another city claiming the MID: a fact about Gdańsk
        (f"<https://w3id.org/pim/id/city/gdansk> pim:hasInitiative {MID_IRI} .\n", False),
        # a fact about a shared theme, which belongs to nobody's MID
        (
            '<https://w3id.org/pim/id/theme/zielona-infrastruktura> skos:altLabel "x"@pl .\n',
            False,
        ),
        # the MID's own city linking back to it
        (f"<https://w3id.org/pim/id/city/slupsk> pim:hasInitiative {MID_IRI} .\n", True),
    ],
    ids=["own-mid", "other-city-link", "theme-fact", "own-city-link"],
)
def test_rdf_uploads_may_state_only_their_own_content(portal, accounts, extra, allowed) -> None:
    data = _slupsk_turtle(extra)
    if allowed:
        assert submit_to_queue(portal, accounts["slupsk"], "mid.ttl", data).entry.kind == "mid"
    else:
        with pytest.raises(Forbidden, match="states facts about 1 resource"):
            submit_to_queue(portal, accounts["slupsk"], "mid.ttl", data)


def test_a_city_officer_cannot_send_recommendations(portal, accounts) -> None:
    with pytest.raises(Forbidden, match="no action plan"):
        submit_to_queue(portal, accounts["slupsk"], "pu.csv", recommendations_bytes())
    with pytest.raises(Forbidden, match="no recommendation"):
        submit_to_queue(portal, accounts["network"], "mid.csv", mid_bytes())
