"""VoID (``.well-known/void``) and the SPARQL 1.1 Service Description of ``/sparql``.

Both describe the same dataset as the DCAT-AP catalogue (``pimgraph.publish.dcat``), from the
same facts, and name the same nodes.
"""

from __future__ import annotations

from rdflib import FOAF, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS as DCT

from pimgraph.core.namespaces import LINK_TARGETS, PIMID, VOID, bind_prefixes
from pimgraph.publish.dcat import CC_BY, FORMATS_W3C, LICENCE, SD, Catalogue, add_texts
from pimgraph.publish.dumps import Dump


def void(catalogue: Catalogue, dumps: list[Dump]) -> Graph:
    """VoID for ``.well-known/void``: size, URI space, dumps, endpoint, vocabularies."""
    f, d = catalogue.f, catalogue.dataset
    g = bind_prefixes(Graph())
    g.add((d, RDF.type, VOID.Dataset))
    add_texts(
        g,
        d,
        DCT.title,
        "Graf wiedzy Partnerskiej Inicjatywy Miast (PIM)",
        "Knowledge graph of the Partnership Initiative of Cities (PIM)",
    )
    g.add((d, DCT.license, CC_BY))
    g.add((d, DCT.license, LICENCE))
    g.add((d, DCT.publisher, catalogue.publisher))
    g.add((d, DCT.modified, Literal(f.modified.isoformat(), datatype=XSD.date)))
    g.add((d, FOAF.homepage, catalogue.home))
    g.add((d, VOID.uriSpace, Literal(str(PIMID))))
    g.add((d, VOID.sparqlEndpoint, URIRef(f.sparql_url)))
    g.add((d, VOID.triples, Literal(f.triples, datatype=XSD.integer)))
    g.add((d, VOID.entities, Literal(f.entities, datatype=XSD.integer)))
    g.add((d, VOID.rootResource, PIMID["programme/pim"]))
    for example in f.examples:
        g.add((d, VOID.exampleResource, URIRef(example)))
    for vocabulary in f.vocabularies:
        g.add((d, VOID.vocabulary, URIRef(vocabulary)))
    for dump in dumps:
        g.add((d, VOID.dataDump, URIRef(f.base + dump.path)))
    for name in FORMATS_W3C.values():
        g.add((d, VOID.feature, URIRef("http://www.w3.org/ns/formats/" + name)))
    _linksets(g, catalogue)
    for index, (cls, count) in enumerate(sorted(f.class_counts.items())):
        partition = URIRef(f"{catalogue.doc}#class-{index}")
        g.add((d, VOID.classPartition, partition))
        g.add((partition, VOID["class"], URIRef(cls)))
        g.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    return g


def _linksets(g: Graph, catalogue: Catalogue) -> None:
    """One void:Linkset per linked dataset, with its link properties and triple count."""
    d = catalogue.dataset
    for key, per_property in catalogue.f.linksets.items():
        linked = LINK_TARGETS[key]
        target = URIRef(f"{catalogue.doc}#dataset-{key}")
        g.add((target, RDF.type, VOID.Dataset))
        g.add((target, DCT.title, Literal(linked.name)))
        g.add((target, VOID.uriSpace, Literal(linked.space)))
        g.add((target, DCT.source, URIRef(linked.copy)))  # the copy the links were built from
        if linked.licence:
            g.add((target, DCT.license, URIRef(linked.licence)))
        linkset = URIRef(f"{catalogue.doc}#linkset-{key}")
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((linkset, VOID.subjectsTarget, d))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((d, VOID.subset, linkset))
        for prop in per_property:
            g.add((linkset, VOID.linkPredicate, URIRef(prop)))
        total = sum(per_property.values())
        g.add((linkset, VOID.triples, Literal(total, datatype=XSD.integer)))


def service_description(catalogue: Catalogue) -> Graph:
    """A SPARQL 1.1 Service Description of the /sparql endpoint (its dcat:endpointDescription)."""
    g = bind_prefixes(Graph())
    g.bind("sd", SD)
    node = URIRef(catalogue.f.base + "sparql-service.ttl#service")
    g.add((node, RDF.type, SD.Service))
    g.add((node, SD.endpoint, URIRef(catalogue.f.sparql_url)))
    g.add((node, SD.supportedLanguage, SD.SPARQL11Query))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "JSON-LD",
    ):
        g.add((node, SD.resultFormat, URIRef("http://www.w3.org/ns/formats/" + name)))
    g.add((node, RDFS.seeAlso, catalogue.dataset))
    return g
