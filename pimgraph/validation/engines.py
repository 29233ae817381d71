"""The SHACL engines ``validate`` can run: rudof (compiled, the default) and pySHACL.

Both answer with a SHACL validation report graph (``sh:ValidationReport`` and its
``sh:ValidationResult``\\ s), which ``shapes.validate_graph`` turns into one :class:`Report`, so the
rest of pimgraph never knows which engine ran. rudof's report is brought to what the SHACL
specification (and pySHACL) reports, in two steps:

* results of shapes that are only *operands* of ``sh:or``, ``sh:and``, ``sh:xone``, ``sh:not``,
  ``sh:node`` or ``sh:qualifiedValueShape`` are dropped: those shapes are evaluated to decide
  the outer constraint, which is the one result SHACL reports (rudof 0.3 reports the inner
  failures as well);
* each result's ``sh:resultMessage`` is the ``sh:message`` of its source shape, as pySHACL
  gives it (rudof writes its own English sentence).

The tests validate every shape fixture and the synthetic graphs' planted errors with both
engines and compare the findings.
"""

from __future__ import annotations

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from pimgraph.core.choices import SHACL_ENGINES
from pimgraph.core.errors import UsageError
from pimgraph.core.messages import _

ENGINES = SHACL_ENGINES
DEFAULT_ENGINE = SHACL_ENGINES[0]

# The constraint parameters whose values are shapes evaluated, not reported.
_OPERAND_LISTS = (SH["or"], SH["and"], SH.xone)
_OPERANDS = (SH["not"], SH.node, SH.qualifiedValueShape)
_SHAPE_NAME = "urn:pimgraph:shape:"  # what a blank-node shape is called while rudof runs
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def shacl_report(data: Graph, shapes: Graph, engine: str = DEFAULT_ENGINE) -> Graph:
    """The SHACL validation report of ``data`` (which already holds the ontology it needs)
    against ``shapes``, from ``engine``."""
    if engine == "pyshacl":
        return _pyshacl(data, shapes)
    if engine == "rudof":
        return _rudof(data, shapes)
    raise UsageError(
        _(
            "unknown SHACL engine {engine}; use one of: {known}",
            engine=engine,
            known=", ".join(ENGINES),
        )
    )


def _pyshacl(data: Graph, shapes: Graph) -> Graph:
    import pyshacl  # heavy: imported only when this engine runs

    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        abort_on_first=False,
        inplace=True,
    )
    return results


def _rudof(data: Graph, shapes: Graph) -> Graph:
    import pyrudof  # a compiled engine: imported only when this engine runs

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(data.serialize(format="nt"), pyrudof.RDFFormat.NTriples)
    # Blank-node shapes go in named by IRIs, so the results name the very shape they came from
    # (rudof's own blank nodes would not match ours). Only shapes: a path expression or a list
    # must stay a blank node ([ sh:inversePath p ] named by an IRI would be the predicate path).
    named = {shape: URIRef(f"{_SHAPE_NAME}{shape}") for shape in _blank_shapes(shapes)}
    renamed = Graph()
    for s, p, o in shapes:
        renamed.add((named.get(s, s), p, named.get(o, o)))
    rudof.read_shacl(renamed.serialize(format="nt"), pyrudof.ShaclFormat.NTriples)
    rudof.validate_shacl()
    text = rudof.serialize_shacl_validation_results(pyrudof.ResultShaclValidationFormat.NTriples)
    results = Graph().parse(data=text, format="nt")
    back: dict[Node, Node] = {iri: shape for shape, iri in named.items()}
    for result, iri in list(results.subject_objects(SH.sourceShape)):
        if iri in back:
            results.set((result, SH.sourceShape, back[iri]))
    return _as_specified(results, shapes)


def _blank_shapes(shapes: Graph) -> set[Node]:
    """The shapes written as blank nodes: operands and inline property shapes."""
    found = set(operand_shapes(shapes)) | set(shapes.objects(None, SH.property))
    return {shape for shape in found if isinstance(shape, BNode)}


def operand_shapes(shapes: Graph) -> set[Node]:
    """The shapes used only as operands of logical or shape-based constraints."""
    operands: set[Node] = set()
    for prop in _OPERAND_LISTS:
        for head in shapes.objects(None, prop):
            operands.update(Collection(shapes, head))
    for prop in _OPERANDS:
        operands.update(shapes.objects(None, prop))
    # A shape that is also a property shape of a node shape, or targets nodes itself, is
    # reported in that role.
    reported = set(shapes.objects(None, SH.property)) | {
        shape for prop in _TARGETS for shape in shapes.subjects(prop, None)
    }
    return operands - reported


def _as_specified(results: Graph, shapes: Graph) -> Graph:
    """rudof's report with the operand shapes' results dropped and the shapes' own messages."""
    operands = operand_shapes(shapes)
    report = next(iter(results.subjects(RDF.type, SH.ValidationReport)), None)
    kept = 0
    for result in list(results.subjects(RDF.type, SH.ValidationResult)):
        shape = results.value(result, SH.sourceShape)
        if shape in operands:
            results.remove((None, SH.result, result))
            results.remove((result, None, None))
            continue
        kept += 1
        messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
        if messages:
            results.remove((result, SH.resultMessage, None))
            for message in messages:
                results.add((result, SH.resultMessage, message))
    if report is not None:
        results.set((report, SH.conforms, Literal(kept == 0)))
    return results
