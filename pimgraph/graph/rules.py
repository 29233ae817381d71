"""The default (``rdfs``) inference as SPARQL Update rules, run inside an Oxigraph store.

The same closure as ``pimgraph.graph.reasoning``'s Python implementation for rdflib (a test checks
that both give the same triples on the bundled graph): sub-class and sub-property closure with
the types and triples they entail, ``owl:inverseOf`` (with the W3C pairs we reuse), and
transitive ``skos:broaderTransitive``/``skos:narrowerTransitive``. Each rule is one
``INSERT ... WHERE``; property paths do the transitive work, and the loop stops at a fixed point.
"""

from __future__ import annotations

from rdflib import Graph

from pimgraph.graph.reasoning import EXTERNAL_INVERSES, EXTERNAL_SUBPROPERTIES, TRANSITIVE, infer
from pimgraph.rdf.convert import graph_from_oxigraph, quads_to_oxigraph

_PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


def _values(pairs) -> str:
    return " ".join(f"({a.n3()} {b.n3()})" for a, b in pairs)


# The W3C sub-property pairs we reuse, as the body of a VALUES block (two rules use them).
_SUBPROPERTY_PAIRS = _values(EXTERNAL_SUBPROPERTIES)

# Schema-level closure: run once.
SCHEMA_RULES = (
    "INSERT { ?c rdfs:subClassOf ?d } WHERE { ?c rdfs:subClassOf+ ?d FILTER(?c != ?d) }",
    f"""INSERT {{ ?p rdfs:subPropertyOf ?q }} WHERE {{
          {{ ?p rdfs:subPropertyOf+ ?q }} UNION {{ VALUES (?p ?q) {{ {_SUBPROPERTY_PAIRS} }} }}
          FILTER(?p != ?q) }}""",
)

# Instance-level rules: repeated until nothing new is added.
INSTANCE_RULES = (
    f"""INSERT {{ ?s ?q ?o }} WHERE {{
          {{ ?p rdfs:subPropertyOf ?q }} UNION {{ VALUES (?p ?q) {{ {_SUBPROPERTY_PAIRS} }} }}
          ?s ?p ?o }}""",
    f"""INSERT {{ ?o ?q ?s }} WHERE {{
          {{ ?p owl:inverseOf ?q }} UNION {{ ?q owl:inverseOf ?p }}
          UNION {{ VALUES (?p ?q) {{ {_values(EXTERNAL_INVERSES)} }} }}
          UNION {{ VALUES (?q ?p) {{ {_values(EXTERNAL_INVERSES)} }} }}
          ?s ?p ?o . FILTER(isIRI(?o) || isBlank(?o)) }}""",
    *(
        f"INSERT {{ ?a {prop.n3()} ?c }} WHERE {{ ?a {prop.n3()}+ ?c FILTER(?a != ?c) }}"
        for prop in TRANSITIVE
    ),
)

TYPE_RULE = "INSERT { ?x a ?d } WHERE { ?x a ?c . ?c rdfs:subClassOf ?d }"


def infer_oxigraph(store, mode: str) -> None:
    """Add the closure of ``mode`` to a pyoxigraph ``Store`` in place."""
    if mode == "none":
        return
    if mode == "owlrl":
        _owlrl(store)
        return
    for rule in SCHEMA_RULES:
        store.update(_PREFIXES + rule)
    size = -1
    while size != len(store):
        size = len(store)
        for rule in INSTANCE_RULES:
            store.update(_PREFIXES + rule)
    store.update(_PREFIXES + TYPE_RULE)


def _owlrl(store) -> None:
    """Full OWL 2 RL via owlrl on an rdflib copy (slow on large graphs, as documented)."""
    graph = graph_from_oxigraph(store, Graph())
    infer(graph, "owlrl")
    store.clear()
    store.extend(quads_to_oxigraph(graph))
