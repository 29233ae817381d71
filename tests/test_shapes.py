"""Every shape has a passing and a failing fixture; the failing one says what must fail.

A fixture is validated together with the bundled data it mentions (the same neighbourhood
``pimgraph submit check`` validates; ``test_context_matches_full_validation`` shows that this
gives the verdicts of validating everything). A failing fixture lists its expected results in
header lines::

    # expect: focus=<IRI> path=<IRI or -> constraint=sh:SomeConstraintComponent
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, SH, Graph, URIRef

from pimgraph.validation.shapes import validate_graph, validation_context

from .conftest import FIXTURES

SHAPE_FIXTURES = sorted((FIXTURES / "shapes").glob("*/*.ttl"))
EXPECT = re.compile(r"^#\s*expect:\s*focus=<([^>]+)>\s+path=(<[^>]+>|-)\s+constraint=sh:(\w+)\s*$")


def _expectations(path: Path) -> set[tuple[str, str | None, str]]:
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(line.strip())
        if match:
            focus, result_path, constraint = match.groups()
            found.add((focus, None if result_path == "-" else result_path[1:-1], constraint))
    return found


def _results(data: Graph, shapes: Graph, ontology: Graph):
    report = validate_graph(data, shapes, ontology)
    results = report.results_graph
    rows = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if results.value(result, SH.resultSeverity) != SH.Violation:
            continue
        path = results.value(result, SH.resultPath)
        component = str(results.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        rows.add(
            (
                str(results.value(result, SH.focusNode)),
                str(path) if isinstance(path, URIRef) else None,
                component,
            )
        )
    return rows


def test_every_node_shape_has_passing_and_failing_fixtures(shapes: Graph) -> None:
    names = {
        str(s).rsplit("#", 1)[-1]
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if isinstance(s, URIRef)
    }
    folders = {
        p.name: {f.name.split("-")[0] for f in p.glob("*.ttl")}
        for p in (FIXTURES / "shapes").iterdir()
        if p.is_dir()
    }
    lacking = sorted(n for n in names if folders.get(n, set()) != {"pass", "fail"})
    assert not lacking, f"shapes without both a pass-*.ttl and a fail-*.ttl fixture: {lacking}"


@pytest.mark.parametrize("fixture", SHAPE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shape_fixture(fixture: Path, shapes: Graph, ontology: Graph) -> None:
    addition = Graph().parse(fixture)
    own_subjects = {str(s) for s in addition.subjects()}
    results = {
        r for r in _results(validation_context(addition), shapes, ontology) if r[0] in own_subjects
    }
    if fixture.name.startswith("pass-"):
        assert not results, f"a passing fixture gave violations: {sorted(results)}"
        return
    expected = _expectations(fixture)
    assert expected, f"{fixture.name} states no '# expect:' line"
    assert expected <= results, f"missing: {sorted(expected - results)}; got: {sorted(results)}"


# A sample across shapes: the neighbourhood gives the same results as the whole graph.
SAMPLE = [
    f
    for f in SHAPE_FIXTURES
    if f.parent.name
    in {
        "CityShape",
        "RecommendationShape",
        "NetworkShape",
        "UrbanActionInitiativeShape",
        "MembershipShape",
    }
]


@pytest.mark.parametrize("fixture", SAMPLE, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_context_matches_full_validation(
    fixture: Path, data_graph: Graph, shapes: Graph, ontology: Graph
) -> None:
    addition = Graph().parse(fixture)
    own = {str(s) for s in addition.subjects()}
    full = {r for r in _results(data_graph + addition, shapes, ontology) if r[0] in own}
    quick = {r for r in _results(validation_context(addition), shapes, ontology) if r[0] in own}
    assert quick == full
