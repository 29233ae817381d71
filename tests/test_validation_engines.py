"""rudof (the default engine) and pySHACL (the reference) give the same findings: on every shape
fixture with its neighbourhood in the bundled graph (which gives the whole graph's verdicts, see
test_shapes), on the bundled graph itself, and on the planted errors of a synthetic graph. A
finding is compared by everything the report shows: focus node, path, constraint component,
source shape, value, severity and the message in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from pimgraph.core.errors import UsageError
from pimgraph.graph.asserted import load_data_graph
from pimgraph.validation.engines import ENGINES, operand_shapes, shacl_report
from pimgraph.validation.shapes import load_shapes, validate_graph, validation_context

from .test_bench_generator import synthetic  # noqa: F401  (the fixture)
from .test_shapes import SHAPE_FIXTURES


def _findings(data: Graph, engine: str) -> tuple[bool, list[tuple]]:
    report = validate_graph(data, engine=engine, lang="en")
    found = sorted(
        (
            f.focus,
            f.path or "",
            f.constraint,
            f.shape or "",
            f.value or "",
            f.severity.name,
            tuple(sorted(f.messages.items())),
        )
        for f in report.findings
    )
    return report.conforms, found


def _both(data: Graph) -> dict[str, tuple[bool, list[tuple]]]:
    """Each engine's verdict and findings, on copies of ``data``."""
    return {engine: _findings(data + Graph(), engine) for engine in ENGINES}


@pytest.fixture(scope="module")
def bundled() -> Graph:
    return load_data_graph()


@pytest.mark.parametrize("fixture", SHAPE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_engines_agree_on_every_fixture(fixture: Path) -> None:
    # The neighbourhood holds only the types of the resources the fixture mentions, so those
    # have findings too: the engines must agree on those as well.
    addition = Graph().parse(fixture)
    found = _both(validation_context(addition))
    assert found["rudof"] == found["pyshacl"]
    own = {str(s) for s in addition.subjects()}
    on_own = [f for f in found["rudof"][1] if f[0] in own]
    assert bool(on_own) == fixture.name.startswith("fail-"), on_own


def test_engines_agree_on_the_bundled_graph(bundled: Graph) -> None:
    found = _both(bundled)
    assert found["rudof"] == found["pyshacl"] and found["rudof"][0]


def test_engines_agree_on_the_planted_errors(synthetic) -> None:  # noqa: F811
    path, expected = synthetic
    found = _both(load_data_graph([path]))
    assert found["rudof"] == found["pyshacl"]
    assert len(found["rudof"][1]) == len(expected["errors"])


def test_operand_shapes_are_the_nested_ones_only() -> None:
    shapes = load_shapes()
    operands = operand_shapes(shapes)
    # Every operand is a blank node inside a constraint; no named shape of ours is one.
    assert operands and all(not str(s).startswith("https://") for s in operands)


def test_an_unknown_engine_is_a_usage_error(bundled: Graph) -> None:
    with pytest.raises(UsageError, match="rudof, pyshacl"):
        shacl_report(bundled, load_shapes(), "jena")
