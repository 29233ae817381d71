"""Namespaces pimgraph publishes and reads, bound on purpose.

``PIM`` is closed (generated from the ontology, see ``pimgraph.core.codegen``): ``PIM.Citty`` raises
instead of minting a wrong IRI. Data IRIs live under ``PIMID``.
"""

from __future__ import annotations

from rdflib import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, Graph, Namespace

from pimgraph.core.terms import PIM

PIMID = Namespace("https://w3id.org/pim/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
VOID = Namespace("http://rdfs.org/ns/void#")
PIMSH = Namespace("https://w3id.org/pim/shapes#")

ONTOLOGY_IRI = "https://w3id.org/pim/ontology"

# Schemes an IRI in our data or a parameter may use; javascript:, file:, data: and friends are
# refused wherever an IRI comes in.
ALLOWED_IRI_SCHEMES = frozenset({"http", "https", "urn", "mailto", "tag"})


def iri_scheme(iri: str) -> str:
    """The IRI's scheme, lower-cased ("" when it has none)."""
    scheme, colon, _ = iri.partition(":")
    return scheme.lower() if colon else ""


# Every prefix we publish; rdflib would otherwise invent ns1: for an unbound one.
PREFIXES: dict[str, str] = {
    "pim": str(PIM),
    "pimid": str(PIMID),
    "org": str(ORG),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "geo": str(GEO),
    "schema": str(SCHEMA),
    "vann": str(VANN),
    "dcat": str(DCAT),
    "void": str(VOID),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
    "pimsh": str(PIMSH),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every published prefix on ``graph`` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every published prefix, for queries that rely on them."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
