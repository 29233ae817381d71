"""Every rendering of query results: the tables people read and the W3C formats programs read.

``table`` shows labels in the reader's language and fits the terminal; ``json`` is SPARQL 1.1
Query Results JSON; ``csv`` and ``tsv`` are the W3C SPARQL 1.1 CSV/TSV result formats; ``md`` is
a Markdown table; ``to_xml`` is the SPARQL Query Results XML Format that ``serve``'s ``/sparql``
offers.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from pimgraph.graph.result import QueryResult


def from_sparql_json(document: dict) -> QueryResult:
    """Convert SPARQL 1.1 Query Results JSON (also Virtuoso's ``typed-literal``)."""
    if "boolean" in document:
        return QueryResult("ASK", boolean=bool(document["boolean"]))
    variables = list(document["head"].get("vars", []))
    if variables == ["__ASK_RETVAL"]:
        # Virtuoso answers ASK in JSON as a one-row SELECT of __ASK_RETVAL (1 or 0).
        rows = document["results"]["bindings"]
        return QueryResult(
            "ASK", boolean=bool(rows) and rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false")
        )
    rows = []
    for binding in document["results"]["bindings"]:
        rows.append(tuple(_json_term(binding.get(name)) for name in variables))
    return QueryResult("SELECT", variables, rows)


def _json_term(value: dict | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        language = value.get("xml:lang") or value.get("lang")
        datatype = value.get("datatype")
        if language:
            return Literal(value["value"], lang=language)
        return Literal(value["value"], datatype=URIRef(datatype) if datatype else None)
    raise ValueError(f"unknown term type {kind!r} in results")


def _json_value(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value: dict = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype:
        value["datatype"] = str(term.datatype)
    return value


def to_json(result: QueryResult) -> str:
    if result.form == "ASK":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [
        {
            name: _json_value(term)
            for name, term in zip(result.variables, row, strict=True)
            if term is not None
        }
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}},
        ensure_ascii=False,
        indent=1,
    )


def to_csv(result: QueryResult) -> str:
    # W3C SPARQL 1.1 CSV: plain lexical forms, blank nodes as _:label, CRLF line ends.
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(
            ["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]
        )
    return out.getvalue()


def to_tsv(result: QueryResult) -> str:
    # W3C SPARQL 1.1 TSV: header of ?vars, terms in Turtle/N-Triples syntax.
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Node) -> str:
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n")


Labeller = Callable[[Node], str]


def _display(term: Node | None, labeller: Labeller | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef) and labeller is not None:
        return labeller(term)
    return str(term)


def to_markdown(result: QueryResult, labeller: Labeller | None = None) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    for row in result.rows:
        lines.append("| " + " | ".join(cell(_display(t, labeller)) for t in row) + " |")
    return "\n".join(lines) + "\n"


def to_table(
    result: QueryResult, labeller: Labeller | None = None, width: int | None = None
) -> str:
    """A plain-text table that fits ``width`` columns (the terminal's by default)."""
    if result.form == "ASK":
        return "yes" if result.boolean else "no"
    width = width or shutil.get_terminal_size((120, 24)).columns
    cells = [[_display(t, labeller).replace("\n", " ") for t in row] for row in result.rows]
    headers = list(result.variables)
    natural = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    widths = _fit(natural, width - 2 * (len(headers) - 1))

    def line(values: list[str]) -> str:
        return "  ".join(_clip(v, w).ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(headers), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)


def _fit(natural: list[int], budget: int) -> list[int]:
    """Shrink the widest columns first until the row fits ``budget`` characters."""
    widths = list(natural)
    minimum = 6
    while sum(widths) > budget and max(widths) > minimum:
        widest = max(range(len(widths)), key=widths.__getitem__)
        widths[widest] -= 1
    return widths


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def render(result: QueryResult, fmt: str, labeller: Labeller | None = None) -> str:
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return result.graph.serialize(format="turtle")
    if fmt == "json":
        return to_json(result)
    if result.form == "ASK":
        return "true" if result.boolean else "false"
    if fmt == "csv":
        return to_csv(result)
    if fmt == "tsv":
        return to_tsv(result)
    if fmt == "md":
        return to_markdown(result, labeller)
    return to_table(result, labeller)


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
    ]
    if result.form == "ASK":
        out += [
            "<head/>",
            f"<boolean>{'true' if result.boolean else 'false'}</boolean>",
            "</sparql>",
        ]
        return "\n".join(out) + "\n"
    out.append(
        "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.variables) + "</head>"
    )
    out.append("<results>")
    for row in result.rows:
        cells = []
        for name, term in zip(result.variables, row, strict=True):
            if term is None:
                continue
            if isinstance(term, URIRef):
                value = f"<uri>{escape(str(term))}</uri>"
            elif isinstance(term, BNode):
                value = f"<bnode>{escape(str(term))}</bnode>"
            else:
                assert isinstance(term, Literal), term  # results hold IRIs, blank nodes, literals
                value = _xml_literal(term)
            cells.append(f"<binding name={quoteattr(name)}>{value}</binding>")
        out.append("<result>" + "".join(cells) + "</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _xml_literal(term: Literal) -> str:
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype:
        datatype = quoteattr(str(term.datatype))
        return f"<literal datatype={datatype}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"
