"""Human labels for RDF terms, in the reader's language, falling back sensibly."""

from __future__ import annotations

from rdflib import RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

LANGUAGES = ("pl", "en")
DEFAULT_LANGUAGE = "en"
_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel)


def label(graph: Graph, term: Node, lang: str = DEFAULT_LANGUAGE) -> str:
    """The term's label in ``lang``, else in the other language, else a compact IRI."""
    if isinstance(term, Literal):
        return str(term)
    candidates: dict[str | None, str] = {}
    for prop in _LABEL_PROPERTIES:
        for value in graph.objects(term, prop):
            if isinstance(value, Literal):
                candidates.setdefault(value.language, str(value))
    return pick(candidates, lang) or compact(graph, term)


def pick(candidates: dict[str | None, str], lang: str = DEFAULT_LANGUAGE) -> str | None:
    """From labels by language: the reader's, else the other language, else untagged, else any."""
    for language in (lang, *(other for other in LANGUAGES if other != lang), None):
        if language in candidates:
            return candidates[language]
    return next(iter(candidates.values()), None)


def compact(graph: Graph, term: Node) -> str:
    """``prefix:local`` where a prefix is bound, else the full IRI; ``_:id`` for blank nodes."""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        try:
            prefix, namespace, local = graph.namespace_manager.compute_qname(term, generate=False)
        except (KeyError, ValueError):
            return str(term)
        return f"{prefix}:{local}" if prefix else str(term)
    return str(term)
