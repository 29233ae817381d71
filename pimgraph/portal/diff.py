"""What approving a submission would change in the graph: new resources, added and changed values.

Computed from the graph as it is asserted (with the approved folder in it) and the submission's
own triples, for ``review show``: a resource the graph does not know is new; for one it knows,
each property lists the values the submission adds, and, where it changes a value (a
single-valued property, or a label in the same language: ``submissions.plan.changed_resources``,
the check's own notion of a change), or where an earlier submission it revises said something
else, the value the graph had.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.term import Node

from pimgraph.core.labels import compact, label
from pimgraph.core.messages import _
from pimgraph.submissions.plan import changed_resources


@dataclass
class Change:
    subject: str
    label: str
    property: str  # compact
    added: list[str]
    before: list[str]  # the graph's other values of that property (empty: a pure addition)


@dataclass
class Diff:
    new: list[tuple[str, str]] = field(default_factory=list)  # (IRI, label)
    changes: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.new and not self.changes


def _show(graph: Graph, value: Node) -> str:
    if isinstance(value, URIRef):
        return f"<{compact(value)}>"
    text = str(value)
    language = getattr(value, "language", None)
    return f'"{text}"@{language}' if language else f'"{text}"'


def diff(graph: Graph, submission: Graph, superseded: Graph | None = None) -> Diff:
    """``submission`` compared with ``graph`` (the asserted graph it would enter); the triples
    of the earlier submissions it revises (``superseded``) leave the graph with them."""
    result = Diff()
    gone = superseded if superseded is not None else Graph()
    changed = changed_resources(submission, graph)
    subjects = sorted({s for s in submission.subjects() if isinstance(s, URIRef)}, key=str)
    for subject in subjects:
        if (subject, None, None) not in graph:
            result.new.append((str(subject), label(submission, subject, "pl")))
            continue
        name = label(graph, subject, "pl")
        for predicate in sorted(set(submission.predicates(subject)), key=str):
            new = set(submission.objects(subject, predicate))
            old = set(graph.objects(subject, predicate))
            added = new - old
            if not added:
                continue
            language = {getattr(v, "language", None) for v in added}
            before = {v for v in gone.objects(subject, predicate) if v not in new}
            if predicate in changed.get(subject, []):
                before |= {v for v in old - new if getattr(v, "language", None) in language}
            result.changes.append(
                Change(
                    str(subject),
                    name,
                    compact(predicate),
                    sorted(_show(submission, v) for v in added),
                    sorted(_show(graph, v) for v in before),
                )
            )
    return result


def render_diff(result: Diff) -> str:
    """The diff as text lines for people (in the current language)."""
    if result.empty:
        return _("nothing changes in the graph")
    lines = []
    for iri, name in result.new:
        lines.append(_("new: {label} <{iri}>", label=name, iri=iri))
    for change in result.changes:
        head = f"{change.label} <{change.subject}> {change.property}"
        if change.before:
            lines.append(
                _(
                    "changed: {what}: {before} -> {after}",
                    what=head,
                    before=", ".join(change.before),
                    after=", ".join(change.added),
                )
            )
        else:
            lines.append(_("added: {what}: {values}", what=head, values=", ".join(change.added)))
    return "\n".join(lines)
