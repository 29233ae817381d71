"""Documentation of the PIM ontology, generated from ontology/pim.ttl, and its serialisations.

Each class and property gets an anchor named after its local name, so the hash IRI
``https://w3id.org/pim/ontology#City`` lands on ``ontology/index.en.html#City``.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from pimgraph.core.labels import compact
from pimgraph.core.namespaces import ONTOLOGY_IRI, PIM, VANN
from pimgraph.publish.html import a, esc, http_iri, layout
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

    def ref(self, term: Node, path: PurePosixPath, lang: str) -> str:
        """A link to a term: an anchor on this page for our terms, the IRI for others."""
        if isinstance(term, BNode):
            members = self.g.value(term, OWL.unionOf)
            if members is not None:
                return " ∪ ".join(self.ref(m, path, lang) for m in Collection(self.g, members))
            return esc("_:" + str(term))
        text = str(term)
        if text.startswith(str(PIM)):
            fragment = esc(quote(text[len(str(PIM)) :], safe=""))
            return f'<a href="#{fragment}">{esc(self.label(term, lang))}</a>'
        href = http_iri(text)
        return a(href, self.label(term, lang)) if href else esc(self.label(term, lang))

    def terms(self, kind: URIRef, lang: str) -> list[URIRef]:
        found = [
            t
            for t in self.g.subjects(RDF.type, kind)
            if isinstance(t, URIRef) and str(t).startswith(str(PIM))
        ]
        return sorted(set(found), key=lambda t: self.label(t, lang).casefold())

    def entry(self, term: URIRef, path: PurePosixPath, lang: str) -> str:
        anchor = esc(quote(str(term)[len(str(PIM)) :], safe=""))
        rows = [(ui("iri", lang), f'<span class="iri">{esc(str(term))}</span>')]
        other = self.text(term, RDFS.label, OTHER[lang])
        if other is not None and other.language == OTHER[lang]:
            rows.append(
                (
                    ui("labels", lang),
                    f'{esc(str(other))}<span class="lang-tag">{esc(OTHER[lang])}</span>',
                )
            )
        definition = self.text(term, SKOS.definition, lang) or self.text(term, RDFS.comment, lang)
        if definition is not None:
            rows.append((ui("definition", lang), esc(str(definition))))
        for prop, key in (
            (RDFS.subClassOf, "subclass_of"),
            (RDFS.domain, "domain"),
            (RDFS.range, "range"),
            (OWL.inverseOf, "inverse_of"),
        ):
            values = sorted(self.g.objects(term, prop), key=lambda v: self.label(v, lang))
            if values:
                rows.append((ui(key, lang), ", ".join(self.ref(v, path, lang) for v in values)))
        body = "".join(f"<dt>{esc(name)}</dt><dd>{value}</dd>" for name, value in rows)
        return f'<h3 id="{anchor}">{esc(self.label(term, lang))}</h3><dl class="term">{body}</dl>'

    def page(self, lang: str) -> tuple[PurePosixPath, str]:
        path = PurePosixPath(f"{PAGE}.{lang}.html")
        ontology = URIRef(ONTOLOGY_IRI)
        title = self.text(ontology, DCTERMS.title, lang)
        title_text = str(title) if title is not None else ui("ontology", lang)
        parts = [f'<h1 id="title">{esc(title_text)}</h1>']
        description = self.text(ontology, DCTERMS.description, lang)
        if description is not None:
            parts.append(f'<p class="description">{esc(str(description))}</p>')
        facts = [(ui("iri", lang), esc(ONTOLOGY_IRI))]
        for prop, key in (
            (OWL.versionIRI, "version_iri"),
            (OWL.versionInfo, "version"),
            (DCTERMS.license, "licence"),
            (DCTERMS.created, "created"),
            (DCTERMS.modified, "modified"),
            (VANN.preferredNamespacePrefix, "prefix"),
            (VANN.preferredNamespaceUri, "namespace"),
        ):
            name = ui(key, lang)
            for value in self.g.objects(ontology, prop):
                href = http_iri(str(value)) if isinstance(value, URIRef) else None
                facts.append((name, a(href, str(value)) if href else esc(str(value))))
        parts.append(
            '<dl class="term">'
            + "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in facts)
            + "</dl>"
        )
        files = "".join(
            f"<li>{a(relative_url(path, file), label)} <span "
            f'class="muted">({esc(media)})</span></li>'
            for file, media, label in FILES
        )
        parts.append(
            f'<h2>{esc(ui("download_ontology", lang))}</h2><ul id="ontology-files">{files}</ul>'
        )
        contents, sections = [], []
        for kind, key in SECTIONS:
            terms = self.terms(kind, lang)
            if not terms:
                continue
            contents.append(f'<li><a href="#{key}">{esc(ui(key, lang))}</a> ({len(terms)})</li>')
            sections.append(
                f'<h2 id="{key}">{esc(ui(key, lang))}</h2>'
                + "".join(self.entry(t, path, lang) for t in terms)
            )
        parts.append("<ul>" + "".join(contents) + "</ul>")
        parts.extend(sections)
        alternates = [(media, PurePosixPath(file)) for file, media, _ in FILES]
        return path, layout(
            lang=lang,
            title=title_text,
            body="\n".join(parts),
            path=path,
            other=PurePosixPath(f"{PAGE}.{OTHER[lang]}.html"),
            alternates=alternates,
            summary=str(description or "")[:300],
        )
