"""The DCAT-AP 3 catalogue (catalogue, dataset, one distribution per dump, the SPARQL service),
the VoID description, and a SPARQL service description.

The catalogue conforms to the official DCAT-AP 3.0.1 SHACL shapes, the recommended ones
included (a test runs them). Every node it points at is typed with the class the shapes expect
(a licence is a ``dct:LicenseDocument``, a theme a ``skos:Concept`` with a label, ...), because
a harvester sees only this document. Controlled values come from the EU authority tables and
ADMS; nothing is invented: the publisher is the pimgraph project and the contact point is the
site's home page (no e-mail address is published).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from rdflib import DCAT, FOAF, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS as DCT

from pimgraph.core.namespaces import PIMID, bind_prefixes
from pimgraph.publish.dumps import Dump

DCATAP = Namespace("http://data.europa.eu/r5r/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
LICENCE = URIRef(EU + "licence/CC_BY_4_0")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
POLAND = URIRef(EU + "country/POL")
DCAT_VERSION = URIRef(str(DCAT) + "version")  # DCAT 3; rdflib's DCAT namespace predates it
FORMATS_W3C = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD"}

# Prefixes of the catalogue beyond pimgraph's published ones.
PREFIXES_DCAT = {
    "dcatap": str(DCATAP),
    "spdx": str(SPDX),
    "vcard": str(VCARD),
    "foaf": str(FOAF),
    "sd": str(SD),
    "adms": str(ADMS),
}
WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")


@dataclass
class DatasetFacts:
    base: str  # the site's IRI, e.g. https://w3id.org/pim/
    sparql_url: str
    version: str
    issued: datetime.date
    modified: datetime.date
    start: datetime.date | None
    end: datetime.date | None
    triples: int
    entities: int
    vocabularies: list[str] = field(default_factory=list)
    class_counts: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    bbox: str | None = None  # WKT box around the cities' map points, computed from the data
    centroid: str | None = None  # WKT mean point of the same map points
    linksets: dict[str, dict[str, int]] = field(default_factory=dict)  # dataset -> prop -> n


def add_texts(graph: Graph, node, prop, pl: str, en: str) -> None:
    graph.add((node, prop, Literal(pl, lang="pl")))
    graph.add((node, prop, Literal(en, lang="en")))


def _concept(graph: Graph, iri: URIRef, label: str, cls: URIRef = SKOS.Concept) -> URIRef:
    graph.add((iri, RDF.type, cls))
    graph.add((iri, SKOS.prefLabel, Literal(label, lang="en")))
    return iri


class Catalogue:
    def __init__(self, facts: DatasetFacts):
        self.f = facts
        self.doc = facts.base + "catalog"
        self.catalog = URIRef(self.doc + "#catalog")
        self.dataset = URIRef(self.doc + "#dataset")
        self.service = URIRef(self.doc + "#sparql")
        self.publisher = URIRef(self.doc + "#publisher")
        self.contact = URIRef(self.doc + "#contact")
        self.rights = URIRef(self.doc + "#attribution")
        self.home = URIRef(facts.base)

    def _shared(self, g: Graph) -> None:
        """What the catalogue, VoID and the service description all say: who, under which
        licence, where, and the EU vocabularies they use."""
        self._publisher(g)
        self._licence(g)
        if self.f.bbox:
            self._extent(g)
        self._vocabularies(g)

    def _publisher(self, g: Graph) -> None:
        g.add((self.publisher, RDF.type, FOAF.Agent))
        add_texts(g, self.publisher, FOAF.name, "projekt pimgraph", "the pimgraph project")
        g.add((self.publisher, FOAF.homepage, self.home))
        g.add(
            (
                self.publisher,
                DCT.type,
                _concept(
                    g,
                    URIRef("http://purl.org/adms/publishertype/PrivateIndividual(s)"),
                    "Private Individual(s)",
                ),
            )
        )
        g.add((self.contact, RDF.type, VCARD.Organization))
        g.add((self.contact, RDF.type, VCARD.Kind))
        g.add((self.contact, VCARD.fn, Literal("pimgraph", lang="en")))
        g.add((self.contact, VCARD.hasURL, self.home))
        g.add((self.home, RDF.type, FOAF.Document))

    def _licence(self, g: Graph) -> None:
        g.add((LICENCE, RDF.type, DCT.LicenseDocument))
        g.add(
            (
                LICENCE,
                RDFS.label,
                Literal("Creative Commons Attribution 4.0 International", lang="en"),
            )
        )
        g.add((LICENCE, RDFS.seeAlso, CC_BY))
        g.add(
            (
                LICENCE,
                DCT.type,
                _concept(g, URIRef("http://purl.org/adms/licencetype/Attribution"), "Attribution"),
            )
        )
        g.add((self.rights, RDF.type, DCT.RightsStatement))
        add_texts(
            g,
            self.rights,
            RDFS.label,
            "Dane: CC BY 4.0, autorzy pimgraph. Współrzędne miast: © autorzy OpenStreetMap, ODbL "
            "1.0 (https://www.openstreetmap.org/copyright). Kody TERC i SIMC: rejestr TERYT GUS. "
            "Powiązania z GeoNames i liczby ludności: © GeoNames, CC BY 4.0 "
            "(https://creativecommons.org/licenses/by/4.0/), plik cities500. Cele, zadania i "
            "wskaźniki zrównoważonego rozwoju: Organizacja Narodów Zjednoczonych (UN SDG KOS, "
            "Wydział Statystyczny ONZ). Deskryptory EuroVoc: © Unia Europejska. Każdy fakt "
            "wskazuje swoje źródło (dcterms:source).",
            "Data: CC BY 4.0, pimgraph contributors. City coordinates: © OpenStreetMap "
            "contributors, ODbL 1.0 (https://www.openstreetmap.org/copyright). TERC and SIMC "
            "codes: the GUS TERYT register. GeoNames links and populations: © GeoNames, CC BY 4.0 "
            "(https://creativecommons.org/licenses/by/4.0/), the cities500 file. Sustainable "
            "Development Goals, targets and indicators: the United Nations (UN SDG KOS, UN "
            "Statistics Division). EuroVoc descriptors: © European Union. Every fact names its "
            "source (dcterms:source).",
        )

    def _extent(self, g: Graph) -> None:
        """The data's own extent: the box around the cities' OpenStreetMap points."""
        extent = URIRef(self.f.base + "id/coverage/miasta")
        g.add((extent, RDF.type, DCT.Location))
        add_texts(
            g, extent, RDFS.label, "Zasięg miast w danych", "Extent of the cities in the data"
        )
        g.add((extent, DCAT.bbox, Literal(self.f.bbox, datatype=WKT)))
        g.add((extent, DCAT.centroid, Literal(self.f.centroid, datatype=WKT)))
        # Where the extent lies, in the EU country authority, for harvesters that facet by
        # country.
        g.add((extent, DCT.isPartOf, POLAND))

    def _vocabularies(self, g: Graph) -> None:
        for code in ("POL", "ENG"):
            g.add((URIRef(EU + "language/" + code), RDF.type, DCT.LinguisticSystem))
        _concept(g, URIRef(EU + "data-theme"), "Data theme", SKOS.ConceptScheme)
        g.add((URIRef(EU + "data-theme"), DCT.title, Literal("Data theme", lang="en")))
        for code, label in (
            ("REGI", "Regions and cities"),
            ("GOVE", "Government and public sector"),
        ):
            _concept(g, URIRef(EU + "data-theme/" + code), label)
            g.add((URIRef(EU + "data-theme/" + code), SKOS.inScheme, URIRef(EU + "data-theme")))

    def _common(self, g: Graph, node: URIRef) -> None:
        g.add((node, DCT.publisher, self.publisher))
        g.add((node, DCAT.contactPoint, self.contact))
        for code in ("REGI", "GOVE"):
            g.add((node, DCAT.theme, URIRef(EU + "data-theme/" + code)))
        for word, lang in (
            ("Partnerska Inicjatywa Miast", "pl"),
            ("miasta", "pl"),
            ("polityka miejska", "pl"),
            ("Partnership Initiative of Cities", "en"),
            ("cities", "en"),
            ("urban policy", "en"),
            ("linked open data", "en"),
            ("Poland", "en"),
        ):
            g.add((node, DCAT.keyword, Literal(word, lang=lang)))

    def graph(self, dumps: list[Dump]) -> Graph:
        g = bind_prefixes(Graph())
        for prefix, ns in (("dcatap", DCATAP), ("spdx", SPDX), ("vcard", VCARD), ("foaf", FOAF)):
            g.bind(prefix, ns)
        self._shared(g)
        f = self.f
        c = self.catalog
        g.add((c, RDF.type, DCAT.Catalog))
        add_texts(
            g,
            c,
            DCT.title,
            "Katalog danych Partnerskiej Inicjatywy Miast",
            "Catalogue of the Partnership Initiative of Cities data",
        )
        add_texts(
            g,
            c,
            DCT.description,
            "Otwarte dane powiązane o Partnerskiej Inicjatywie Miast (PIM) publikowane "
            "przez projekt pimgraph.",
            "Linked open data about Poland's Partnership Initiative of Cities (PIM), "
            "published by the pimgraph project.",
        )
        g.add((c, DCT.publisher, self.publisher))
        g.add((c, FOAF.homepage, self.home))
        g.add((c, DCT.license, LICENCE))
        g.add((c, DCT.rights, self.rights))
        if f.bbox:
            g.add((c, DCT.spatial, URIRef(f.base + "id/coverage/miasta")))
        g.add((c, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
        g.add((c, DCAT.dataset, self.dataset))
        g.add((c, DCAT.service, self.service))
        for node in (c, self.dataset):
            g.add((node, DCT.issued, Literal(f.issued.isoformat(), datatype=XSD.date)))
            g.add((node, DCT.modified, Literal(f.modified.isoformat(), datatype=XSD.date)))
            for code in ("POL", "ENG"):
                g.add((node, DCT.language, URIRef(EU + "language/" + code)))
        self._dataset(g)
        self._service(g)
        for dump in dumps:
            self._distribution(g, dump)
        return g

    def _dataset(self, g: Graph) -> None:
        f, d = self.f, self.dataset
        g.add((d, RDF.type, DCAT.Dataset))
        add_texts(
            g,
            d,
            DCT.title,
            "Graf wiedzy Partnerskiej Inicjatywy Miast (PIM)",
            "Knowledge graph of the Partnership Initiative of Cities (PIM)",
        )
        add_texts(
            g,
            d,
            DCT.description,
            "Program PIM, jego edycje, sieci tematyczne, miasta (z kodami TERC i SIMC oraz punktem "
            "na mapie), "
            "tematy (SKOS), plany ulepszeń i ich zalecenia, miejskie inicjatywy działań, cele, "
            "działania i "
            "źródło każdego faktu, w języku polskim i angielskim.",
            "The PIM programme, its editions, thematic networks, cities (with TERC and SIMC codes "
            "and a map "
            "point), themes (SKOS), improvement plans and their recommendations, urban action "
            "initiatives, "
            "objectives, activities and the source of every fact, in Polish and English.",
        )
        self._common(g, d)
        g.add((d, DCT.identifier, Literal(str(PIMID))))
        g.add((d, DCAT_VERSION, Literal(f.version)))
        g.add((d, DCAT.landingPage, self.home))
        if f.bbox:
            g.add((d, DCT.spatial, URIRef(f.base + "id/coverage/miasta")))
        g.add((d, DCT.accessRights, URIRef(EU + "access-right/PUBLIC")))
        g.add((URIRef(EU + "access-right/PUBLIC"), RDF.type, DCT.RightsStatement))
        ontology = URIRef("https://w3id.org/pim/ontology")
        g.add((d, DCT.conformsTo, ontology))
        g.add((ontology, RDF.type, DCT.Standard))
        self._provenance(g)
        if f.start or f.end:
            period = URIRef(self.doc + "#period")
            g.add((d, DCT.temporal, period))
            g.add((period, RDF.type, DCT.PeriodOfTime))
            if f.start:
                g.add((period, DCAT.startDate, Literal(f.start.isoformat(), datatype=XSD.date)))
            if f.end:
                g.add((period, DCAT.endDate, Literal(f.end.isoformat(), datatype=XSD.date)))

    def _provenance(self, g: Graph) -> None:
        """Where the data comes from, the links' offline copies included."""
        d = self.dataset
        provenance = URIRef(self.doc + "#provenance")
        g.add((d, DCT.provenance, provenance))
        g.add((provenance, RDF.type, DCT.ProvenanceStatement))
        add_texts(
            g,
            provenance,
            RDFS.label,
            "Opracowane ręcznie z prezentacji „Założenia Partnerskiej Inicjatywy Miast na lata "
            "2021-2023” "
            "(MFiPR i Bank Światowy), rejestru TERYT GUS, OpenStreetMap i publicznych stron WWW; "
            "powiązania z GeoNames (cities500), EuroVoc i celami zrównoważonego rozwoju ONZ "
            "zbudowane poleceniem 'pimgraph links build' z lokalnych kopii tych zbiorów.",
            "Curated by hand from the presentation 'Założenia Partnerskiej Inicjatywy Miast na "
            "lata 2021-2023' "
            "(MFiPR and the World Bank), the GUS TERYT register, OpenStreetMap and public web "
            "pages; links to GeoNames (cities500), EuroVoc and the UN Sustainable Development "
            "Goals built by 'pimgraph links build' from offline copies of those datasets.",
        )

    def _service(self, g: Graph) -> None:
        s = self.service
        g.add((s, RDF.type, DCAT.DataService))
        add_texts(
            g, s, DCT.title, "Punkt końcowy SPARQL grafu PIM", "SPARQL endpoint of the PIM graph"
        )
        add_texts(
            g,
            s,
            DCT.description,
            "Punkt końcowy SPARQL 1.1 (tylko odczyt) udostępniany przez 'pimgraph serve'; "
            "graf z wnioskowaniem RDFS.",
            "Read-only SPARQL 1.1 endpoint served by 'pimgraph serve'; the graph with RDFS "
            "inference.",
        )
        g.add((s, DCAT.endpointURL, URIRef(self.f.sparql_url)))
        description = URIRef(self.f.base + "sparql-service.ttl")
        g.add((s, DCAT.endpointDescription, description))
        protocol = URIRef("https://www.w3.org/TR/sparql11-protocol/")
        g.add((s, DCT.conformsTo, protocol))
        g.add((protocol, RDF.type, DCT.Standard))
        g.add((s, DCAT.servesDataset, self.dataset))
        g.add((s, DCT.license, LICENCE))
        self._common(g, s)

    def _distribution(self, g: Graph, dump: Dump) -> None:
        node = URIRef(f"{self.doc}#{dump.name.replace('.', '-')}")
        url = URIRef(self.f.base + dump.path)
        g.add((self.dataset, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))
        packed = " (gzip)" if dump.compressed else ""
        add_texts(
            g,
            node,
            DCT.title,
            f"Cały graf PIM: {dump.format.name}{packed}",
            f"The whole PIM graph: {dump.format.name}{packed}",
        )
        add_texts(
            g,
            node,
            DCT.description,
            f"Ontologia i dane (bez trójek wywnioskowanych) w formacie {dump.format.name}{packed}.",
            f"The ontology and the data (without inferred triples) as {dump.format.name}{packed}.",
        )
        g.add((node, DCAT.accessURL, url))
        g.add((node, DCAT.downloadURL, url))
        file_type = URIRef(EU + "file-type/" + dump.format.eu_file_type)
        g.add((node, DCT.format, file_type))
        g.add((file_type, RDF.type, DCT.MediaTypeOrExtent))
        media = URIRef(IANA + dump.format.media_type)
        g.add((node, DCAT.mediaType, media))
        g.add((media, RDF.type, DCT.MediaType))
        if dump.compressed:
            gzip_type = URIRef(IANA + "application/gzip")
            g.add((node, DCAT.compressFormat, gzip_type))
            g.add((gzip_type, RDF.type, DCT.MediaType))
        g.add((node, DCAT.byteSize, Literal(dump.size, datatype=XSD.nonNegativeInteger)))
        checksum = URIRef(f"{self.doc}#sha256-{dump.name.replace('.', '-')}")
        g.add((node, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
        g.add((checksum, SPDX.checksumValue, Literal(dump.sha256, datatype=XSD.hexBinary)))
        g.add((node, DCT.license, LICENCE))
        g.add((node, DCT.rights, self.rights))
        availability = _concept(g, URIRef(EU + "planned-availability/STABLE"), "stable")
        g.add((node, DCATAP.availability, availability))
        g.add((node, DCT.issued, Literal(self.f.modified.isoformat(), datatype=XSD.date)))
