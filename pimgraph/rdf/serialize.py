"""RDF serialisations for the site: Turtle and JSON-LD with only the prefixes a file uses.

Blank nodes get random labels when a file is parsed, so two parses of the same file would give
two different dumps; ``stable_blank_nodes`` relabels them from the graph's content (rdflib's
RGDA1 canonical hashing, ``rdflib.compare``), so the same graph always gives the same bytes.
"""

from __future__ import annotations

import json

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from pimgraph.core.namespaces import PREFIXES, bind_prefixes


def used_prefixes(graph: Graph, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The published prefixes (and ``extra`` ones) whose namespace starts some IRI of ``graph``."""
    iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
    iris |= {
        str(term.datatype)
        for triple in graph
        for term in triple
        if isinstance(term, Literal) and term.datatype
    }
    known = {**PREFIXES, **(extra or {})}
    return {
        prefix: namespace
        for prefix, namespace in known.items()
        if any(iri.startswith(namespace) for iri in iris)
    }


def turtle(graph: Graph, extra: dict[str, str] | None = None) -> str:
    out = Graph(bind_namespaces="none")
    for prefix, namespace in used_prefixes(graph, extra).items():
        out.bind(prefix, namespace, override=True, replace=True)
    out += graph
    return out.serialize(format="turtle")


def jsonld(graph: Graph, extra: dict[str, str] | None = None) -> str:
    context = used_prefixes(graph, extra)
    text = (
        bind_prefixes(Graph())
        .__iadd__(graph)
        .serialize(format="json-ld", context=context, indent=1, auto_compact=True)
    )
    # Re-dump: one stable, UTF-8 (not \\u-escaped) form whatever rdflib's defaults are, in one
    # order whatever order the graph was iterated in (it varies between processes).
    document = _ordered(json.loads(text))
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _ordered(node, key: str | None = None):
    """Sort every JSON-LD array by its items' text, except those whose order means something
    (``@list`` values, a ``@context`` array)."""
    if isinstance(node, dict):
        return {k: _ordered(v, k) for k, v in node.items()}
    if isinstance(node, list):
        items = [_ordered(item) for item in node]
        if key in ("@list", "@context"):
            return items
        return sorted(items, key=lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True))
    return node


def stable_blank_nodes(graph: Graph) -> Graph:
    """``graph`` with every blank node labelled by a hash of the statements around it.

    Only the statements that touch a blank node are canonicalised (the labels depend on nothing
    else), so a large graph with few blank nodes costs little. Prefix bindings are kept.
    """
    touching = [triple for triple in graph if any(isinstance(t, BNode) for t in triple)]
    if not touching:
        return graph
    out = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True, replace=True)
    out += graph
    with_blank = Graph()
    for triple in touching:
        out.remove(triple)
        with_blank.add(triple)
    out += to_canonical_graph(with_blank)
    return out


def ntriples(graph: Graph) -> str:
    """Sorted N-Triples: the same graph always gives the same bytes (stable checksums) once its
    blank nodes have stable labels (``stable_blank_nodes``)."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "\n".join(lines) + "\n"
