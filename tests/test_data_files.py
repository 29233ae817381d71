"""The curated data files: canonical form, no blank nodes, slugs from names, labels and sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from pimgraph.core import resources
from pimgraph.core.namespaces import PIM, PIMID
from pimgraph.core.text import slugify
from pimgraph.rdf.canonical import canonical_turtle

DATA_FILES = resources.data_paths()


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_file_is_in_canonical_form(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text == canonical_turtle(Graph().parse(path)), (
        f"run: python -m pimgraph.rdf.canonical {path}"
    )


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_no_blank_nodes(path: Path) -> None:
    blanks = [t for t in Graph().parse(path) if any(isinstance(n, BNode) for n in t)]
    assert not blanks, blanks[:3]


def test_every_resource_has_one_label_per_language_and_a_source(data_graph: Graph) -> None:
    problems = []
    for subject in {
        s for s in data_graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(PIMID))
    }:
        languages = sorted(
            o.language for o in data_graph.objects(subject, RDFS.label) if isinstance(o, Literal)
        )
        if languages != ["en", "pl"]:
            problems.append(f"{subject}: labels {languages}")
        if data_graph.value(subject, DCTERMS.source) is None:
            problems.append(f"{subject}: no dcterms:source")
    assert not problems, "\n".join(sorted(problems)[:20])


def test_city_slugs_are_folded_from_the_polish_name(data_graph: Graph) -> None:
    wrong = []
    for city in data_graph.subjects(RDF.type, PIM.City):
        name = next(str(o) for o in data_graph.objects(city, RDFS.label) if o.language == "pl")
        if str(city) != str(PIMID[f"city/{slugify(name)}"]):
            wrong.append(f"{city} vs {name}")
    assert not wrong, wrong


def test_terc_codes_keep_leading_zeros(data_graph: Graph) -> None:
    codes = [str(o) for o in data_graph.objects(None, PIM.tercCode)]
    assert len(codes) == 28 and all(len(c) == 7 and c.isdigit() for c in codes)
    assert "0801011" in codes  # Kostrzyn nad Odrą
