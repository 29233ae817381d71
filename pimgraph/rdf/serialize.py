"""RDF serialisations for the site: Turtle and JSON-LD with only the prefixes a file uses."""

from __future__ import annotations

import json

from rdflib import Graph, URIRef

from pimgraph.core.namespaces import PREFIXES, bind_prefixes


def used_prefixes(graph: Graph, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The published prefixes (and ``extra`` ones) whose namespace some IRI of ``graph`` starts with."""
    iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
    iris |= {
        str(term.datatype) for triple in graph for term in triple if getattr(term, "datatype", None)
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
    # Re-dump: one stable, UTF-8 (not \\u-escaped) form whatever rdflib's defaults are.
    return json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"


def ntriples(graph: Graph) -> str:
    """Sorted N-Triples: the same graph always gives the same bytes (stable checksums)."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return "\n".join(lines) + "\n"
