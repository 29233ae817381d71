"""What adding a submission will do, worked out by the check so that ``submit add`` only writes it.

A ``Plan`` lists the single-valued statements the submission changes (refused unless
``--replace`` names the resource, and never for curated data), the earlier submissions it
revises (a MID resubmitted under the same natural key: city, edition, Polish title), and whether
it is already stored unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, RDFS, SH, Graph, Literal, URIRef

from pimgraph.core import resources
from pimgraph.core.labels import compact
from pimgraph.core.messages import N_, _, ngettext
from pimgraph.core.namespaces import PIM
from pimgraph.graph.asserted import parse_files
from pimgraph.submissions.report import Finding, Severity
from pimgraph.validation.shapes import neighbourhood


@dataclass
class Plan:
    """What adding a checked submission will do, beyond writing its own file."""

    folder: Path | None = None  # where it will be written (None: nowhere chosen yet)
    unchanged: bool = False  # the graph already holds all of it: adding changes nothing
    changes: dict[URIRef, list[URIRef]] = field(default_factory=dict)  # allowed by --replace
    revises: list[Path] = field(default_factory=list)  # earlier submissions it supersedes
    revised_records: list[URIRef] = field(default_factory=list)


def _revisions(graph: Graph, plan: Plan, problems: list[Finding]) -> Graph:
    """Earlier submissions this one revises, found by the MIDs' natural key, and their triples.

    A MID's IRI is minted from its city, edition and Polish title, so a corrected resubmission
    names the same MID: the earlier submission holding it is superseded whole (it is kept as
    history, out of the graph). An earlier file that also holds other MIDs cannot be: the
    sender is asked to resubmit them together."""
    old = Graph()
    mids = {s for s in graph.subjects(RDF.type, PIM.UrbanActionInitiative)}
    if not mids:
        return old
    for earlier in resources.submission_files_in(plan.folder):
        held = Graph().parse(earlier, format="turtle")
        theirs = set(held.subjects(RDF.type, PIM.UrbanActionInitiative))
        if not theirs & mids:
            continue
        others = theirs - mids
        if others:
            problems.append(
                Finding(
                    Severity.VIOLATION,
                    ngettext(
                        "this submission revises {mid}, which the earlier submission {file} "
                        "holds with {n} other MID; resubmit them together in one file",
                        "this submission revises {mid}, which the earlier submission {file} "
                        "holds with {n} other MIDs; resubmit them together in one file",
                        len(others),
                        # URIRefs only (two parsed files share no blank node): str order
                        mid="<" + str(sorted(theirs & mids, key=str)[0]) + ">",
                        file=earlier.name,
                    ),
                )
            )
            continue
        plan.revises.append(earlier)
        plan.revised_records += [
            r for r in held.subjects(RDF.type, PIM.Submission) if isinstance(r, URIRef)
        ]
        old += held
    return old


def _plan_changes(
    graph: Graph,
    engine,
    plan: Plan,
    superseded: Graph,
    replace: frozenset[URIRef],
    digest: str,
    kind: str,
    problems: list[Finding],
) -> None:
    """Repeat, addition or change? A change to an existing resource is an error unless
    ``replace`` names it; curated data (data/*.ttl) cannot be changed at all."""

    # What the graph already says about this submission's resources, without what the
    # submissions it revises said: enough to tell a repeat from an addition from a change.
    existing = neighbourhood(graph, engine) - superseded
    target = plan.folder / f"{kind}-{digest[:12]}.ttl" if plan.folder else None
    if (target is not None and target.exists()) or all(t in existing for t in graph):
        plan.unchanged = True
        return
    changes = changed_resources(graph, existing)
    curated = _curated_statements(changes)
    for subject, props in changes.items():
        names = ", ".join(compact(p) for p in props)
        if subject in curated:
            problems.append(
                _error(
                    N_(
                        "<{subject}> is curated data (data/*.ttl); a submission cannot change "
                        "it ({properties}): edit data/ instead"
                    ),
                    subject=str(subject),
                    properties=names,
                )
            )
        elif subject not in replace:
            problems.append(
                _error(
                    N_(
                        "the submission would change <{subject}> ({properties}), not just add "
                        "to it; if that is intended, pass --replace {subject}"
                    ),
                    subject=str(subject),
                    properties=names,
                )
            )
    plan.changes = {s: p for s, p in changes.items() if s in replace and s not in curated}


def _curated_statements(changes: dict[URIRef, list[URIRef]]) -> set[URIRef]:
    """The changed resources whose changed properties the curated data states."""
    if not changes:
        return set()
    curated = parse_files(resources.data_paths())
    return {s for s, props in changes.items() if any((s, p, None) in curated for p in props)}


def _single_valued_paths() -> set[URIRef]:
    """Properties our shapes allow at most once per resource (labels are handled per language)."""
    shapes = Graph().parse(resources.shapes_path())
    single = set()
    for shape in shapes.subjects(SH.maxCount, Literal(1)):
        path = shapes.value(shape, SH.path)
        if isinstance(path, URIRef):
            single.add(path)
    return single - {RDFS.label}


def changed_resources(addition: Graph, existing: Graph) -> dict[URIRef, list[URIRef]]:
    """Resource -> properties whose value the addition would change (not just add to)."""
    single = _single_valued_paths()
    changes: dict[URIRef, list[URIRef]] = {}
    for subject in {s for s in addition.subjects() if isinstance(s, URIRef)}:
        if (subject, None, None) not in existing:
            continue
        for predicate in set(addition.predicates(subject)):
            new = set(addition.objects(subject, predicate))
            old = set(existing.objects(subject, predicate))
            if not old or new <= old:
                continue
            if predicate in (RDFS.label, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")):
                old_languages = {getattr(o, "language", None) for o in old}
                if not any(getattr(n, "language", None) in old_languages for n in new - old):
                    continue
            elif predicate not in single:
                continue
            assert isinstance(predicate, URIRef)  # a label property or one of ``single``
            changes.setdefault(subject, []).append(predicate)
    return changes


def restates(addition: Graph, old: tuple) -> bool:
    """Does ``addition`` give a new value for the slot of the ``old`` triple?

    The slot is the property, and for a language-tagged value also its language: a new English
    label replaces the old English label, not the Polish one.
    """
    subject, predicate, value = old
    language = getattr(value, "language", None)
    return any(
        getattr(new, "language", None) == language for new in addition.objects(subject, predicate)
    )


def _error(message: str, **params: str) -> Finding:
    """An error whose English ``message`` id is shown in the user's language."""
    return Finding(Severity.VIOLATION, _(message, **params))
