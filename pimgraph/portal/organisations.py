"""Whose is a submission? Organisations by label, and authorisation read from the content.

An officer's account is bound to one city or network, named on the command line the way a
query parameter names a resource (an IRI, a prefixed name or a label, with "did you mean"
suggestions: ``pimgraph.sparql.binding``). What an upload is *for* is read from the parsed
submission, never from a form field: its MIDs' ``pim:preparedBy`` city, its recommendations'
``pim:proposedBy`` network. Everything else it states must belong to those (their actions,
problems, ...), apart from the organisation's own links back to them
(``pim:hasInitiative``, ``pim:proposes``, and ``pim:hasRecommendation`` from its own
improvement plan as the graph has it).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef, Variable
from rdflib.term import Node

from pimgraph.core.labels import compact
from pimgraph.core.messages import _, ngettext
from pimgraph.core.namespaces import PIM
from pimgraph.graph.base import Engine
from pimgraph.portal.accounts import Account, Forbidden
from pimgraph.sparql.binding import resolve_resource
from pimgraph.submissions.check import REFERENCE_PROPERTIES
from pimgraph.submissions.references import KINDS, Resolver

MID, PU = "mid", "pu"  # what a queue entry holds: a city's action plan, a network's recommendations
_ROOTS = {
    "city": (PIM.UrbanActionInitiative, PIM.preparedBy, MID),
    "network": (PIM.Recommendation, PIM.proposedBy, PU),
}
_BACK_LINKS = {PIM.hasInitiative, PIM.proposes, PIM.hasRecommendation}


@dataclass(frozen=True)
class Organisation:
    iri: str
    kind: str  # "city" or "network"
    label: str


def resolve_organisation(engine: Engine, kind: str, value: str) -> Organisation:
    """The city or network ``value`` names (IRI, prefixed name or label), checked for its class."""
    where = f"--{kind}"
    iri = resolve_resource(value, where, engine.label_index(), lambda t: engine.label(t, "pl"))
    if not Resolver(engine).exists(iri, KINDS[kind][0]):
        message = (
            _("{where}: <{iri}> is not a city", where=where, iri=iri)
            if kind == "city"
            else _("{where}: <{iri}> is not a network", where=where, iri=iri)
        )
        raise Forbidden(message)
    return Organisation(str(iri), kind, engine.label(iri, "pl"))


@dataclass(frozen=True)
class Content:
    """What an upload is: MIDs or recommendations (``roots``) of one organisation."""

    kind: str  # MID or PU
    organisation: str
    roots: frozenset[str]


def organisation_plans(engine: Engine, organisation: str) -> frozenset[URIRef]:
    """The improvement plans of a network (none for a city), as the graph has them."""
    rows = engine.query(
        "SELECT ?plan WHERE { ?_organisation_iri pim:hasImprovementPlan|^pim:planOf ?plan }",
        {Variable("_organisation_iri"): URIRef(organisation)},
    ).rows
    return frozenset(row[0] for row in rows if isinstance(row[0], URIRef))


def authorise_content(
    graph: Graph, account: Account, plans: frozenset[URIRef] = frozenset()
) -> Content:
    """The upload's roots, if ``account`` may submit every statement in it; else ``Forbidden``.

    ``plans`` are the organisation's improvement plans (``organisation_plans``): the only
    resources besides the organisation itself that may link back to its recommendations."""
    if account.disabled or not account.organisation:
        raise Forbidden(_("only an officer of a city or network can submit through the portal"))
    cls, owner, kind = _ROOTS[account.organisation_kind]
    roots: set[URIRef] = {s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef)}
    if not roots:
        raise Forbidden(
            _("the submission holds no action plan (MID) of a city")
            if kind == MID
            else _("the submission holds no recommendation of a network")
        )
    mine = URIRef(account.organisation)
    for root in sorted(roots, key=str):
        owners = set(graph.objects(root, owner))
        if owners != {mine}:
            raise Forbidden(
                _(
                    "<{resource}> is for {owners}, not for your organisation <{mine}>",
                    resource=root,
                    owners=", ".join(f"<{o}>" for o in sorted(owners, key=str)) or "—",
                    mine=mine,
                )
            )
    _check_statements(graph, roots, {mine, *plans})
    return Content(kind, str(mine), frozenset(str(r) for r in roots))


def _owned(graph: Graph, roots: set[URIRef]) -> set[Node]:
    """The roots and what hangs from them, not following references to other resources."""
    owned: set[Node] = set(roots)
    todo: list[Node] = list(roots)
    while todo:
        node = todo.pop()
        for predicate, value in graph.predicate_objects(node):
            if predicate in REFERENCE_PROPERTIES or predicate == RDF.type or value in owned:
                continue
            if (value, None, None) in graph:
                owned.add(value)
                todo.append(value)
    return owned


def _check_statements(graph: Graph, roots: set[URIRef], linking: set[URIRef]) -> None:
    owned = _owned(graph, roots)
    strangers = set()
    for subject, predicate, value in graph:
        if subject in owned:
            continue
        if predicate in _BACK_LINKS and value in roots and subject in linking:
            continue
        strangers.add(subject)
    if strangers:
        listed = ", ".join(f"<{compact(s)}>" for s in sorted(strangers, key=str)[:5])
        raise Forbidden(
            ngettext(
                "the submission states facts about {n} resource that is not part of your "
                "organisation's submission: {listed}",
                "the submission states facts about {n} resources that are not part of your "
                "organisation's submission: {listed}",
                len(strangers),
                listed=listed,
            )
        )
