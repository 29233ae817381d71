"""The ontology: metadata, the public contract of terms, its own QA shapes, and consistency."""

from __future__ import annotations

import pytest
from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

import pimgraph
from pimgraph.core import codegen, resources
from pimgraph.core.namespaces import PIM, VANN

ONTOLOGY = URIRef("https://w3id.org/pim/ontology")

# The issue fixes these IRIs as a public contract; users' queries depend on them.
CONTRACT_CLASSES = [
    "Programme",
    "ProgrammeEdition",
    "Network",
    "City",
    "Theme",
    "Problem",
    "Recommendation",
    "ImprovementPlan",
    "UrbanActionInitiative",
    "Objective",
    "ProgrammeActivity",
    "PolicyFramework",
]
CONTRACT_PROPERTIES = [
    "edition",
    "hasTheme",
    "addresses",
    "proposedBy",
    "scope",
    "preparedBy",
    "order",
]
ORG = "http://www.w3.org/ns/org#"


def test_version_iri_matches_package_version(ontology: Graph) -> None:
    version = pimgraph.__version__
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(
        f"https://w3id.org/pim/ontology/{version}"
    )
    assert str(ontology.value(ONTOLOGY, OWL.versionInfo)) == version


@pytest.mark.parametrize(
    "prop",
    [
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.created,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
        DCTERMS.bibliographicCitation,
    ],
    ids=lambda p: str(p).rsplit("/", 1)[-1],
)
def test_fair_metadata(ontology: Graph, prop: URIRef) -> None:
    assert ontology.value(ONTOLOGY, prop) is not None, f"ontology header lacks {prop}"


def test_licence_and_namespace(ontology: Graph) -> None:
    assert ontology.value(ONTOLOGY, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "pim"
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(PIM)


@pytest.mark.parametrize("name", CONTRACT_CLASSES)
def test_contract_class(ontology: Graph, name: str) -> None:
    assert (PIM[name], RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("name", CONTRACT_PROPERTIES)
def test_contract_property(ontology: Graph, name: str) -> None:
    kinds = set(ontology.objects(PIM[name], RDF.type))
    assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}


def test_network_and_theme_alignment(ontology: Graph) -> None:
    assert (PIM.Network, RDFS.subClassOf, URIRef(ORG + "OrganizationalCollaboration")) in ontology
    assert (PIM.Theme, RDFS.subClassOf, SKOS.Concept) in ontology


def _pim_terms(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {t for k in kinds for t in graph.subjects(RDF.type, k) if str(t).startswith(str(PIM))}


def test_every_term_has_bilingual_label_and_definition(ontology: Graph) -> None:
    problems = []
    for term in sorted(_pim_terms(ontology)):
        languages = sorted(
            lit.language for lit in ontology.objects(term, RDFS.label) if isinstance(lit, Literal)
        )
        if languages != ["en", "pl"]:
            problems.append(f"{term}: labels {languages}")
        definitions = [
            d
            for d in ontology.objects(term, SKOS.definition)
            if getattr(d, "language", None) == "en"
        ]
        if not definitions:
            problems.append(f"{term}: no English skos:definition")
    assert not problems, "\n".join(problems)


def test_object_properties_have_domain_range_and_inverses(ontology: Graph) -> None:
    missing = [
        str(p)
        for p in ontology.subjects(RDF.type, OWL.ObjectProperty)
        if str(p).startswith(str(PIM))
        and str(p)
        not in {str(t) for t in (PIM.about, PIM.disputed, PIM.linkSubject, PIM.linkTarget)}
        and (ontology.value(p, RDFS.domain) is None or ontology.value(p, RDFS.range) is None)
    ]
    assert not missing
    for forward, backward in [
        (PIM.proposedBy, PIM.proposes),
        (PIM.preparedBy, PIM.hasInitiative),
        (PIM.edition, PIM.editionIncludes),
        (PIM.planOf, PIM.hasImprovementPlan),
    ]:
        assert (forward, OWL.inverseOf, backward) in ontology or (
            backward,
            OWL.inverseOf,
            forward,
        ) in ontology


def test_ontology_passes_its_qa_shapes(ontology: Graph) -> None:
    import pyshacl

    qa = Graph().parse(resources.ontology_qa_path())
    conforms, _, text = pyshacl.validate(ontology, shacl_graph=qa, advanced=True)
    assert conforms, text


def test_qa_shapes_catch_a_missing_label(ontology: Graph) -> None:
    import pyshacl

    broken = Graph() + ontology
    for value in list(broken.objects(PIM.City, RDFS.label)):
        if value.language == "en":
            broken.remove((PIM.City, RDFS.label, value))
    qa = Graph().parse(resources.ontology_qa_path())
    conforms, results, _ = pyshacl.validate(broken, shacl_graph=qa, advanced=True)
    assert not conforms
    from rdflib import SH

    assert PIM.City in set(results.objects(None, SH.focusNode))


def test_generated_namespace_module_is_current(ontology: Graph) -> None:
    committed = codegen.TARGET.read_text(encoding="utf-8")
    assert committed == codegen.render(ontology), "run: python -m pimgraph.core.codegen"


def test_closed_namespace_refuses_unknown_terms() -> None:
    with pytest.raises(AttributeError):
        _ = PIM.Citty
