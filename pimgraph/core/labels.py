"""Human labels for RDF terms, in the reader's language, falling back sensibly; compact IRIs.

One rule for every floor: the reader's language, else the other of pl/en, else an untagged
label, else any; with no label at all, a compact ``prefix:local`` name, else the full IRI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from pimgraph.core.choices import DEFAULT_LANGUAGE, LANGUAGES
from pimgraph.core.namespaces import PREFIXES
from pimgraph.core.text import fold

# What a label is for display, and what a user may type to name a resource.
DISPLAY_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)
LOOKUP_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, SKOS.notation)


def label(graph: Graph, term: Node, lang: str = DEFAULT_LANGUAGE) -> str:
    """The term's label in ``lang``, else in the other language, else a compact IRI."""
    if isinstance(term, Literal):
        return str(term)
    candidates: dict[str | None, str] = {}
    for prop in DISPLAY_LABEL_PROPERTIES:
        for value in graph.objects(term, prop):
            if isinstance(value, Literal):
                candidates.setdefault(value.language, str(value))
    return pick(candidates, lang) or compact(term)


# The keys are language tags, None for untagged; Any because a Mapping[str, str] (no untagged
# entry) must be accepted too and Mapping keys are invariant.
def pick(candidates: Mapping[Any, str], lang: str = DEFAULT_LANGUAGE) -> str | None:
    """From labels by language: the reader's, else the other language, else untagged, else any."""
    for language in (lang, *(other for other in LANGUAGES if other != lang), None):
        if language in candidates:
            return candidates[language]
    return next(iter(candidates.values()), None)


def compact(term: Node | str) -> str:
    """``prefix:local`` by the longest published namespace that starts the IRI, else the IRI;
    ``_:id`` for a blank node; a literal's text."""
    if isinstance(term, BNode):
        return f"_:{term}"
    iri = str(term)
    if isinstance(term, Literal):
        return iri
    best = ""
    name = iri
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(best):
            best = namespace
            name = f"{prefix}:{iri[len(namespace) :]}"
    return name


def index_labels(pairs: Iterable[tuple[Node, Node]]) -> dict[str, set[URIRef]]:
    """Folded label -> the resources bearing it, from (resource, label) pairs."""
    index: dict[str, set[URIRef]] = {}
    for subject, value in pairs:
        if isinstance(subject, URIRef) and isinstance(value, Literal):
            index.setdefault(fold(str(value)), set()).add(subject)
    return index


def label_index(graph: Graph) -> dict[str, set[URIRef]]:
    """Folded label -> resources bearing it (labels in any language, alt labels, notations)."""
    return index_labels(
        (subject, value)
        for prop in LOOKUP_LABEL_PROPERTIES
        for subject, value in graph.subject_objects(prop)
    )
