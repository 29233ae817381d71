"""What the site shows, read once from the graph: resources, labels, links in and out, points.

Two graphs are kept: the asserted one (ontology + data + the user's files, as written; what the
resource pages, the per-resource RDF files and the dumps show) and the inferred one (what
``pimgraph query`` sees; the index pages use it, so a city that states only ``org:memberOf``
still appears under its network).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath
from urllib.parse import quote

from markupsafe import Markup, escape
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from pimgraph.core.geo import parse_point
from pimgraph.core.labels import DISPLAY_LABEL_PROPERTIES, compact, pick
from pimgraph.core.namespaces import GEO, ONTOLOGY_IRI, PIM, bind_prefixes
from pimgraph.core.text import loose_key
from pimgraph.publish.html import a, http_iri, lang_tag, muted
from pimgraph.publish.i18n import term_label
from pimgraph.publish.paths import html_path, is_data_iri, relative_url, resource_stem

ONTOLOGY_PAGE = "ontology/index"


class SiteGraph:
    def __init__(self, asserted: Graph, inferred: Graph):
        self.graph = bind_prefixes(asserted)
        self.inferred = inferred
        self._labels: dict[Node, dict[str | None, str]] = defaultdict(dict)
        for prop in DISPLAY_LABEL_PROPERTIES:
            for subject, value in asserted.subject_objects(prop):
                if isinstance(value, Literal):
                    self._labels[subject].setdefault(value.language, str(value))
        found = {
            term
            for triple in asserted
            for term in (triple[0], triple[2])
            if isinstance(term, URIRef) and is_data_iri(str(term))
        }
        self.resources: list[URIRef] = sorted(found, key=str)
        self.points: dict[URIRef, tuple[float, float]] = self._read_points()

    # ---- labels and kinds
    def label(self, term: Node, lang: str) -> str:
        if isinstance(term, Literal):
            return str(term)
        text = str(term)
        return pick(self._labels.get(term, {}), lang) or term_label(text, lang) or compact(text)

    def labels_of(self, term: Node) -> list[Literal]:
        return sorted(
            (
                v
                for p in DISPLAY_LABEL_PROPERTIES
                for v in self.graph.objects(term, p)
                if isinstance(v, Literal)
            ),
            key=lambda v: (v.language or "", str(v)),
        )

    @staticmethod
    def kind(iri: URIRef) -> str:
        parts = resource_stem(str(iri)).parts
        return parts[1] if len(parts) > 2 else ""

    def has_type(self, term: Node, cls: URIRef) -> bool:
        return (term, RDF.type, cls) in self.inferred

    def instances(self, cls: URIRef, lang: str) -> list[URIRef]:
        found = {s for s in self.inferred.subjects(RDF.type, cls) if isinstance(s, URIRef)}
        return sorted(found, key=lambda t: self.sort_key(t, lang))

    def sort_key(self, term: Node, lang: str) -> tuple:
        text = self.label(term, lang).casefold()
        # The language tag and datatype last: equal texts ("PIM3"@en, "PIM3"@pl) keep one order
        # from build to build, so a page changes only when its data does.
        return (
            loose_key(text),
            text,
            str(term),
            getattr(term, "language", None) or "",
            str(getattr(term, "datatype", None) or ""),
        )

    # ---- links
    def href(self, term: Node, from_path: PurePosixPath, lang: str) -> str | None:
        if not isinstance(term, URIRef):
            return None
        text = str(term)
        if is_data_iri(text):
            return relative_url(from_path, html_path(resource_stem(text), lang))
        if text == ONTOLOGY_IRI or text.startswith(ONTOLOGY_IRI + "/"):
            return relative_url(from_path, f"{ONTOLOGY_PAGE}.{lang}.html")
        if text.startswith(str(PIM)):
            fragment = quote(text[len(str(PIM)) :], safe="")
            return relative_url(from_path, f"{ONTOLOGY_PAGE}.{lang}.html") + "#" + fragment
        return http_iri(text)

    def link(self, term: Node, from_path: PurePosixPath, lang: str) -> Markup:
        """An HTML fragment for any term: a labelled link, a plain IRI, or a literal."""
        if isinstance(term, Literal):
            return literal_html(term)
        if isinstance(term, BNode):
            return muted("_:" + str(term))
        href = self.href(term, from_path, lang)
        text = self.label(term, lang)
        return a(href, text) if href else escape(text)

    def links(self, terms, path: PurePosixPath, lang: str) -> list[Markup]:
        """Links to ``terms`` (or their names) in label order; the templates join them."""
        ordered = sorted(set(terms), key=lambda t: self.sort_key(t, lang))
        return [self.link(t, path, lang) for t in ordered]

    def out_links(self, iri: URIRef) -> list[tuple[Node, Node]]:
        return sorted(self.graph.predicate_objects(iri), key=lambda po: (str(po[0]), str(po[1])))

    def in_links(self, iri: URIRef) -> list[tuple[Node, Node]]:
        return sorted(self.graph.subject_predicates(iri), key=lambda sp: (str(sp[1]), str(sp[0])))

    def description(self, iri: URIRef) -> Graph:
        """The concise bounded description: the resource's triples, following blank nodes."""
        out = bind_prefixes(Graph())
        todo: list[Node] = [iri]
        seen: set[Node] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for p, o in self.graph.predicate_objects(node):
                out.add((node, p, o))
                if isinstance(o, BNode):
                    todo.append(o)
        return out

    # ---- geometry
    def _read_points(self) -> dict[URIRef, tuple[float, float]]:
        points: dict[URIRef, tuple[float, float]] = {}
        for feature, geometry in self.graph.subject_objects(GEO.hasGeometry):
            for wkt in self.graph.objects(geometry, GEO.asWKT):
                point = parse_point(str(wkt))
                if point and isinstance(feature, URIRef):
                    points[feature] = point
                    if isinstance(geometry, URIRef):
                        points.setdefault(geometry, point)
        for geometry, wkt in self.graph.subject_objects(GEO.asWKT):
            point = parse_point(str(wkt))
            if point and isinstance(geometry, URIRef):
                points.setdefault(geometry, point)
        return points


def literal_html(value: Literal) -> Markup:
    text = escape(str(value))
    if value.language:
        return text + lang_tag(value.language)
    if value.datatype and str(value.datatype).endswith("wktLiteral"):
        return Markup('<span class="iri">{}</span>').format(text)
    return text
