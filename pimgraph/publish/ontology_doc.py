"""Documentation of the PIM ontology, generated from ontology/pim.ttl, and its serialisations.

Each class and property gets an anchor named after its local name, so the hash IRI
``https://w3id.org/pim/ontology#City`` lands on ``ontology/index.en.html#City``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote

from markupsafe import Markup, escape
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from pimgraph.core.labels import compact
from pimgraph.core.namespaces import ONTOLOGY_IRI, PIM, VANN
from pimgraph.publish.html import a, http_iri, lang_tag, layout
from pimgraph.publish.i18n import OTHER, term_label, ui
from pimgraph.publish.paths import relative_url
from pimgraph.rdf.serialize import jsonld

PAGE = "ontology/index"
FILES = (
    ("ontology/pim.ttl", "text/turtle", "Turtle"),
    ("ontology/pim.rdf", "application/rdf+xml", "RDF/XML"),
    ("ontology/pim.jsonld", "application/ld+json", "JSON-LD"),
)
SECTIONS = (
    (OWL.Class, "classes"),
    (OWL.ObjectProperty, "object_properties"),
    (OWL.DatatypeProperty, "datatype_properties"),
    (OWL.AnnotationProperty, "annotation_properties"),
)


def serialisations(ontology_ttl: str) -> dict[str, str]:
    """The ontology as shipped (Turtle, comments kept), and as RDF/XML and JSON-LD."""

    graph = Graph().parse(data=ontology_ttl, format="turtle")
    return {
        "ontology/pim.ttl": ontology_ttl,
        "ontology/pim.rdf": graph.serialize(format="xml"),
        "ontology/pim.jsonld": jsonld(graph),
    }


class OntologyDoc:
    def __init__(self, graph: Graph):
        self.g = graph

    def text(self, term: Node, prop: URIRef, lang: str) -> Literal | None:
        values = [v for v in self.g.objects(term, prop) if isinstance(v, Literal)]
        for language in (lang, OTHER[lang], None):
            for value in values:
                if value.language == language:
                    return value
        return values[0] if values else None

    def label(self, term: Node, lang: str) -> str:
        value = self.text(term, RDFS.label, lang)
        if value is not None:
            return str(value)
        return term_label(str(term), lang) or compact(str(term))

    def ref(self, term: Node, lang: str) -> Markup:
        """A link to a term: an anchor on this page for our terms, the IRI for others."""
        if isinstance(term, BNode):
            members = self.g.value(term, OWL.unionOf)
            if members is not None:
                return Markup(" ∪ ").join(self.ref(m, lang) for m in Collection(self.g, members))
            return escape("_:" + str(term))
        text = str(term)
        if text.startswith(str(PIM)):
            return a("#" + anchor_of(term), self.label(term, lang))
        href = http_iri(text)
        return a(href, self.label(term, lang)) if href else escape(self.label(term, lang))

    def terms(self, kind: URIRef, lang: str) -> list[URIRef]:
        found = [
            t
            for t in self.g.subjects(RDF.type, kind)
            if isinstance(t, URIRef) and str(t).startswith(str(PIM))
        ]
        return sorted(set(found), key=lambda t: self.label(t, lang).casefold())

    def entry(self, term: URIRef, lang: str) -> dict[str, object]:
        """One term's anchor, name and facts (IRI, other label, definition, hierarchy)."""
        rows: list[tuple[str, object]] = [
            (ui("iri", lang), Markup('<span class="iri">{}</span>').format(term))
        ]
        other = self.text(term, RDFS.label, OTHER[lang])
        if other is not None and other.language == OTHER[lang]:
            rows.append((ui("labels", lang), escape(str(other)) + lang_tag(OTHER[lang])))
        definition = self.text(term, SKOS.definition, lang) or self.text(term, RDFS.comment, lang)
        if definition is not None:
            rows.append((ui("definition", lang), str(definition)))
        for prop, key in (
            (RDFS.subClassOf, "subclass_of"),
            (RDFS.domain, "domain"),
            (RDFS.range, "range"),
            (OWL.inverseOf, "inverse_of"),
        ):
            values = sorted(self.g.objects(term, prop), key=lambda v: self.label(v, lang))
            if values:
                rows.append((ui(key, lang), Markup(", ").join(self.ref(v, lang) for v in values)))
        return {"anchor": anchor_of(term), "name": self.label(term, lang), "facts": rows}

    def page(self, lang: str) -> tuple[PurePosixPath, str]:
        path = PurePosixPath(f"{PAGE}.{lang}.html")
        ontology = URIRef(ONTOLOGY_IRI)
        title = self.text(ontology, DCTERMS.title, lang)
        title_text = str(title) if title is not None else ui("ontology", lang)
        description = self.text(ontology, DCTERMS.description, lang)
        facts: list[tuple[str, object]] = [(ui("iri", lang), ONTOLOGY_IRI)]
        for prop, key in (
            (OWL.versionIRI, "version_iri"),
            (OWL.versionInfo, "version"),
            (DCTERMS.license, "licence"),
            (DCTERMS.created, "created"),
            (DCTERMS.modified, "modified"),
            (VANN.preferredNamespacePrefix, "prefix"),
            (VANN.preferredNamespaceUri, "namespace"),
        ):
            for value in self.g.objects(ontology, prop):
                href = http_iri(str(value)) if isinstance(value, URIRef) else None
                facts.append((ui(key, lang), a(href, str(value)) if href else str(value)))
        sections = [
            (key, ui(key, lang), [self.entry(t, lang) for t in terms])
            for kind, key in SECTIONS
            if (terms := self.terms(kind, lang))
        ]
        return path, layout(
            "ontology.html",
            lang=lang,
            title=title_text,
            path=path,
            other=PurePosixPath(f"{PAGE}.{OTHER[lang]}.html"),
            alternates=[(media, PurePosixPath(file)) for file, media, _ in FILES],
            summary=str(description or "")[:300],
            description=str(description) if description is not None else "",
            facts=facts,
            files=[(relative_url(path, file), label, media) for file, media, label in FILES],
            sections=sections,
        )


def anchor_of(term: Node) -> str:
    """The anchor of one of our terms on the page: its local name, percent-encoded."""
    return quote(str(term)[len(str(PIM)) :], safe="")
