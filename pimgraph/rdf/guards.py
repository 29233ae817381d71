"""The checks that keep hostile input out, run on a file's text before and after parsing.

``pimgraph.rdf.io`` calls them; each raises one ``InputError`` naming the file and line: XML
declarations (entity bombs, local files), malformed XML, Turtle or JSON-LD nested too deeply,
JSON-LD contexts that would be fetched, IRIs with disallowed schemes, over-long and ill-typed
literals.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef

from pimgraph.core.errors import InputError
from pimgraph.core.messages import _, ngettext
from pimgraph.core.namespaces import ALLOWED_IRI_SCHEMES, iri_scheme
from pimgraph.core.text import string_end
from pimgraph.rdf.convert import to_oxigraph

_XML_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def refuse_xml_declarations(text: str, where: str) -> None:
    match = _XML_DECLARATIONS.search(text.encode("utf-8"))
    if match:
        line = text.encode("utf-8")[: match.start()].count(b"\n") + 1
        raise InputError(
            _(
                "RDF/XML with a DOCTYPE or entity declarations is refused (entities can expand "
                "without bound or read local files); remove the declarations"
            ),
            f"{where}:{line}",
        )


def check_well_formed_xml(text: str, where: str) -> None:
    """Expat's well-formedness check, for the line number Oxigraph's RDF/XML errors lack.

    Safe here: the text has no DOCTYPE, so there is nothing to expand or fetch.
    """
    from xml.parsers import expat

    # The text is already decoded as UTF-8: a declared encoding="..." must not reach expat, which
    # fails on an unknown name with a LookupError instead of an ExpatError.
    parser = expat.ParserCreate("utf-8")
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code)
        raise InputError(
            _("{format} syntax error: {reason}", format="RDF/XML", reason=reason),
            f"{where}:{error.lineno}",
        ) from None


def check_nesting(text: str, where: str, max_depth: int) -> None:
    """Refuse Turtle whose [ ] and ( ) nest deeper than ``max_depth`` (strings, IRIs,
    comments skipped)."""
    depth = 0
    line = 1
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\n":
            line += 1
        elif char == "#":
            end = text.find("\n", index)
            index = length if end < 0 else end
            continue
        elif char == "<":
            end = text.find(">", index)
            if end > 0 and "\n" not in text[index:end]:
                index = end + 1
                continue
        elif char in "\"'":
            end = string_end(text, index)
            line += text.count("\n", index, end)
            index = end
            continue
        elif char in "[(":
            depth += 1
            if depth > max_depth:
                raise InputError(
                    ngettext(
                        "brackets nest deeper than {n} level; flatten the data",
                        "brackets nest deeper than {n} levels; flatten the data",
                        max_depth,
                    ),
                    f"{where}:{line}",
                )
        elif char in "])":
            depth -= 1
        index += 1


def check_terms(graph: Graph, text: str, where: str, max_literal: int) -> None:
    """Refuse IRIs with disallowed schemes, over-long literals and ill-typed literals."""
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                check_iri(str(term), text, where)
            elif isinstance(term, Literal):
                datatype = (
                    str(term.datatype)
                    if term.datatype
                    else _LANG_STRING
                    if term.language
                    else _STRING
                )
                check_literal(str(term), datatype, text, where, max_literal)


_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# Characters no IRI may hold (RFC 3987); JSON-LD can spell them ("\u0022") where Oxigraph's
# parsers already refuse them, and Oxigraph's store cannot hold such an IRI.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


def check_iri(iri: str, text: str, where: str) -> None:
    bad = _NOT_IN_IRI.search(iri)
    if bad:
        raise InputError(
            _(
                "IRI <{iri}> holds the character {char}, which no IRI may hold; "
                "percent-encode it or remove it",
                iri=iri,
                char=repr(bad.group()),
            ),
            _line_of_text(text, iri, where),
        )
    scheme = iri_scheme(iri)
    if scheme not in ALLOWED_IRI_SCHEMES:
        raise InputError(
            _(
                "IRI <{iri}> uses the scheme '{scheme}'; only {allowed} are allowed",
                iri=iri,
                scheme=scheme,
                allowed=", ".join(sorted(ALLOWED_IRI_SCHEMES)),
            ),
            _line_of_text(text, iri, where),
        )


def check_literal(value: str, datatype: str, text: str, where: str, max_literal: int) -> None:
    if len(value) > max_literal:
        raise InputError(
            ngettext(
                "a literal of {n:,} character is over the limit of {limit:,}",
                "a literal of {n:,} characters is over the limit of {limit:,}",
                len(value),
                limit=max_literal,
            ),
            _line_of_text(text, value[:40], where),
        )
    if (
        datatype not in (_STRING, _LANG_STRING)
        and Literal(value, datatype=URIRef(datatype)).ill_typed
    ):
        raise InputError(
            _(
                "{value} is not a valid {datatype}; fix the value or its datatype",
                value=repr(value[:60]),
                datatype=datatype.rsplit("#", 1)[-1],
            ),
            _line_of_text(text, value[:60], where),
        )


def _line_of_text(text: str, needle: str, where: str) -> str:
    index = text.find(needle) if needle else -1
    return f"{where}:{text[:index].count(chr(10)) + 1}" if index >= 0 else where


def check_jsonld_tree(document: object, text: str, where: str, max_depth: int) -> None:
    """Refuse remote contexts, ``@import`` and over-deep nesting before any processing."""
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise InputError(
                ngettext(
                    "JSON-LD nested deeper than {n} level; flatten the document",
                    "JSON-LD nested deeper than {n} levels; flatten the document",
                    max_depth,
                ),
                where,
            )
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@context":
                    _check_context(value, text, where)
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)


def _check_context(context: object, text: str, where: str) -> None:
    contexts = context if isinstance(context, list) else [context]
    for item in contexts:
        if isinstance(item, str):
            raise InputError(
                _(
                    "JSON-LD context '{context}' would be fetched from outside the file; "
                    "put the context inline (pimgraph never fetches contexts)",
                    context=item,
                ),
                _line_of_text(text, item, where),
            )
        if isinstance(item, dict) and "@import" in item:
            raise InputError(
                _("JSON-LD @import would fetch a context from outside the file; put it inline"),
                _line_of_text(text, "@import", where),
            )


def check_storable(graph: Graph, text: str, where: str) -> None:
    """Refuse terms Oxigraph cannot hold (bad language tags, IRIs, blank node ids): every command
    loads into an Oxigraph store, which would otherwise fail later with a ValueError."""
    for triple in graph:
        for term in triple:
            try:
                to_oxigraph(term)
            except ValueError as error:
                raise InputError(
                    _("not valid RDF: {term}: {reason}", term=term.n3()[:120], reason=str(error)),
                    _line_of_text(text, str(term)[:40], where),
                ) from None
