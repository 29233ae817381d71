"""RDF terms between rdflib and pyoxigraph, in both directions, losslessly.

pimgraph's public results are rdflib terms; Oxigraph parses and stores. Plain literals are
``xsd:string`` in RDF 1.1, and rdflib spells them without a datatype, so that is how they come
back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_STRING = str(XSD.string)

Triple = tuple[Node, Node, Node]


def to_oxigraph(term: Node) -> Any:
    """An rdflib IRI, blank node or literal as the pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def from_oxigraph(term: Any) -> Node | None:
    """A pyoxigraph term (or None, an unbound variable) as the rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def triple_from_oxigraph(quad: Any) -> Triple:
    """An Oxigraph triple or quad as an rdflib triple (the graph name is dropped)."""
    return (
        _node(from_oxigraph(quad.subject)),
        _node(from_oxigraph(quad.predicate)),
        _node(from_oxigraph(quad.object)),
    )


def quads_to_oxigraph(triples: Iterable[Triple]) -> Iterator[Any]:
    """rdflib triples as Oxigraph quads in the default graph."""
    for s, p, o in triples:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))


def graph_from_oxigraph(quads: Iterable[Any], graph: Graph) -> Graph:
    """Add Oxigraph triples or quads to ``graph`` and return it."""
    for quad in quads:
        graph.add(triple_from_oxigraph(quad))
    return graph


def _node(term: Node | None) -> Node:
    assert term is not None, "a stored triple has no unbound position"
    return term
