"""Every external term we use exists in its vocabulary: no typo mints a term nobody defines."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from pimgraph.core import resources

from .conftest import VOCABS, need

# Offline copies of the W3C/OGC vocabularies (shared/vocabs).
VOCABULARY_FILES = {
    "http://www.w3.org/ns/org#": "org.ttl",
    "http://www.w3.org/2004/02/skos/core#": "skos.nt",
    "http://www.w3.org/ns/prov#": "prov-o.ttl",
    "http://www.w3.org/ns/dcat#": "dcat3.ttl",
    "http://www.opengis.net/ont/geosparql#": "geosparql-1.0.nt",
}

# Vocabularies with no offline copy, checked by hand against their specifications: a new term
# here is a conscious, reviewed addition.
HAND_CHECKED = {
    "http://purl.org/dc/terms/": {
        "source",
        "description",
        "title",
        "license",
        "creator",
        "created",
        "modified",
        "publisher",
        "language",
        "bibliographicCitation",
        "isPartOf",
        "hasPart",
        "issued",
        "date",
        "rights",
        "identifier",
        "temporal",
        "spatial",
        "conformsTo",
        "format",
        "accessRights",
        "type",
        "subject",
        "contributor",
        "references",
        "relation",
        "alternative",
        "abstract",
        "Location",
        "PeriodOfTime",
        "LicenseDocument",
        "Agent",
        "Standard",
        "MediaType",
        "RightsStatement",
        "startDate",
        "endDate",
        "provenance",
        "hasVersion",
        "replaces",
        "dateSubmitted",  # the portal's approval record (pimgraph.submissions.provenance)
        "dateAccepted",
    },
    "https://schema.org/": {
        "startDate",
        "endDate",
        "jobTitle",
        "location",
        "name",
        "url",
        "Event",
        "Person",
        "Place",
        "address",
        "image",
        "description",
    },
    "http://purl.org/vocab/vann/": {"preferredNamespacePrefix", "preferredNamespaceUri"},
}


def _shipped_graph() -> Graph:
    graph = Graph()
    for path in [resources.ontology_path(), *resources.data_paths(), resources.shapes_path()]:
        graph.parse(path)
    return graph


def _used_terms(graph: Graph, namespace: str) -> set[str]:
    used = set()
    for triple in graph:
        for node in triple:
            if (
                isinstance(node, URIRef)
                and str(node).startswith(namespace)
                and str(node) != namespace
            ):
                used.add(str(node)[len(namespace) :])
    return used


@pytest.fixture(scope="module")
def shipped() -> Graph:
    return _shipped_graph()


@pytest.mark.parametrize("namespace", sorted(VOCABULARY_FILES))
def test_term_declared_in_offline_vocabulary(shipped: Graph, namespace: str) -> None:
    path = VOCABS / VOCABULARY_FILES[namespace]
    need(path.exists(), f"offline vocabulary {path}")
    vocabulary = Graph().parse(path)
    declared = {
        str(s)[len(namespace) :] for s in vocabulary.subjects() if str(s).startswith(namespace)
    }
    unknown = sorted(_used_terms(shipped, namespace) - declared)
    assert not unknown, f"not declared in {path.name}: {unknown}"


@pytest.mark.parametrize("namespace", sorted(HAND_CHECKED))
def test_term_in_hand_checked_list(shipped: Graph, namespace: str) -> None:
    unknown = sorted(_used_terms(shipped, namespace) - HAND_CHECKED[namespace])
    assert not unknown, (
        f"check these against the {namespace} specification, then list them: {unknown}"
    )


def test_vocabulary_files_are_not_shipped() -> None:
    # shared/vocabs is for tests only; the package must not carry copies.
    package_files = {p.name for p in Path(resources.data_dir()).iterdir()}
    assert not package_files & {"org.ttl", "skos.nt", "prov-o.ttl", "dcat3.ttl"}
