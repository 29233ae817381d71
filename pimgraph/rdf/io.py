"""Safe, offline parsing of RDF files with ``file:line`` errors.

Every file a user hands to pimgraph goes through ``parse_file``. It never touches the network:
JSON-LD contexts must be inline (a remote or ``file:`` context, or ``@import``, is refused before
parsing), RDF/XML with a DOCTYPE or entity declarations is refused before the XML parser sees it
(so an entity bomb costs nothing), and a syntax error becomes one ``InputError`` naming the file
and line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from pimgraph.core import resources
from pimgraph.core.errors import InputError
from pimgraph.core.messages import _
from pimgraph.core.namespaces import ALLOWED_IRI_SCHEMES, iri_scheme
from pimgraph.core.text import string_end
from pimgraph.rdf.convert import quads_to_oxigraph, to_oxigraph, triple_from_oxigraph

# The formats pimgraph reads, by file extension; --format takes the same names.
FORMATS_BY_SUFFIX = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}
FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "json-ld": "JSON-LD", "xml": "RDF/XML"}
FORMAT_ALIASES = {
    "ttl": "turtle",
    "jsonld": "json-ld",
    "rdfxml": "xml",
    "rdf": "xml",
    "ntriples": "nt",
}

# A researcher's own files (validate PATHS, --data) may be large; untrusted submissions get
# the much smaller SUBMISSION_LIMITS.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024 * 1024
SUBMISSION_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_LITERAL = 64 * 1024

_XML_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


@dataclass(frozen=True)
class ParseLimits:
    """Bounds on untrusted input; the defaults suit the bundled graph and real submissions."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_literal: int = DEFAULT_MAX_LITERAL
    check_terms: bool = True  # off only for the bundled files, which the tests check instead


def guess_format(path: Path, explicit: str | None = None) -> str:
    """The rdflib format name for a file, from ``explicit`` or the file's extension."""
    if explicit:
        name = FORMAT_ALIASES.get(explicit.lower(), explicit.lower())
        if name not in FORMAT_NAMES:
            known = ", ".join(sorted(set(FORMAT_NAMES) | set(FORMAT_ALIASES)))
            raise InputError(f"unknown format {explicit!r}; use one of: {known}", str(path))
        return name
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise InputError(
            f"cannot tell the RDF format from the extension {path.suffix or '(none)'!r}; "
            f"rename the file ({known}) or pass --format",
            str(path),
        )
    return fmt


SUBMISSION_LIMITS = ParseLimits(max_bytes=SUBMISSION_MAX_BYTES)


def limits_for(path: Path | str, limits: ParseLimits) -> ParseLimits:
    """``limits`` for a user's file; for a bundled file (ours, checked by the tests) the same
    bounds without the per-term checks, which cost time on every cold start."""
    bundled = {resources.ontology_path(), *resources.data_paths()}
    if Path(path) in bundled:
        return ParseLimits(
            limits.max_bytes, limits.max_depth, limits.max_literal, check_terms=False
        )
    return limits


def read_text(path: Path, limits: ParseLimits = ParseLimits()) -> str:
    """The file's text, checked for existence, size, emptiness and UTF-8."""
    where = str(path)
    if not path.exists():
        raise InputError("no such file; check the path", where)
    if path.is_dir():
        raise InputError("is a folder; name the files inside it", where)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise InputError(
            f"file is {size:,} bytes, over the limit of {limits.max_bytes:,}; split it or raise --max-bytes",
            where,
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError("file is empty; nothing to read", where)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            f"byte {raw[error.start]:#04x} is not UTF-8; save the file as UTF-8", f"{where}:{line}"
        ) from None


def parse_file(
    path: Path | str,
    graph: Graph | None = None,
    fmt: str | None = None,
    limits: ParseLimits = ParseLimits(),
) -> Graph:
    """Parse one RDF file into ``graph`` (a new graph if None), safely and offline."""
    path = Path(path)
    fmt = guess_format(path, fmt)
    text = read_text(path, limits)
    target = graph if graph is not None else Graph()
    parse_text(text, target, fmt, str(path), limits)
    return target


def parse_text(
    text: str, graph: Graph, fmt: str, where: str, limits: ParseLimits = ParseLimits()
) -> None:
    """Parse RDF text of format ``fmt`` into ``graph``; ``where`` names it in errors.

    Turtle, N-Triples and RDF/XML go through Oxigraph's parser, which is strict (it rejects all
    78 negative-syntax tests of the W3C Turtle suite, where rdflib accepts 25) and reports line
    and column; JSON-LD goes through rdflib after its contexts are checked. Then every term is
    checked (IRI schemes, literal sizes, ill-typed literals). The graph grows only if all is well.
    """
    _check_text(text, fmt, where, limits)
    scratch = Graph()
    if fmt == "json-ld":
        _parse_jsonld(text, scratch, where, limits)
    else:
        _parse_native(text, scratch, fmt, where)
    if limits.check_terms:
        check_terms(scratch, text, where, limits)
    if fmt == "json-ld":  # rdflib's JSON-LD terms are not checked the way Oxigraph's parser checks
        _check_storable(scratch, text, where)
    for prefix, namespace in scratch.namespaces():
        graph.bind(prefix, namespace, override=False)
    graph += scratch


def _check_text(text: str, fmt: str, where: str, limits: ParseLimits) -> None:
    """The checks on the raw text, before any parser: HTML pages, XML declarations, nesting."""
    if fmt != "xml" and _HTML_START.match(text):
        raise InputError(
            f"this is an HTML page, not {FORMAT_NAMES[fmt]}; download the raw file instead",
            f"{where}:1",
        )
    if fmt == "xml":
        _refuse_xml_declarations(text, where)
        _check_well_formed_xml(text, where)
    elif fmt == "turtle":
        _check_nesting(text, where, limits.max_depth)


# Formats Oxigraph's store loads in bulk, straight from the file.
_BULK_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES"}


def load_into_store(path: Path | str, store: Any, limits: ParseLimits = ParseLimits()) -> None:
    """Load one file into a pyoxigraph ``Store`` through exactly the checks ``parse_file`` makes.

    A bundled Turtle file streams straight in. A user's Turtle or N-Triples file is read and
    checked as text, parsed once by Oxigraph with every term checked, then bulk-loaded; other
    formats go through ``parse_file``. Nothing reaches the store unless the whole file passed.
    """
    import pyoxigraph as ox

    path = Path(path)
    limits = limits_for(path, limits)
    fmt = guess_format(path)
    if fmt not in _BULK_FORMATS:
        store.extend(quads_to_oxigraph(parse_file(path, fmt=fmt, limits=limits)))
        return
    rdf_format = getattr(ox.RdfFormat, _BULK_FORMATS[fmt])
    where = str(path)
    try:
        if not limits.check_terms:
            store.bulk_load(path=str(path), format=rdf_format)
            return
        text = read_text(path, limits)
        _check_text(text, fmt, where, limits)
        data = text.encode("utf-8")
        for quad in ox.parse(data, format=rdf_format):
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode):
                    _check_iri(term.value, text, where)
                elif isinstance(term, ox.Literal):
                    _check_literal(term.value, term.datatype.value, text, where, limits)
        store.bulk_load(data, format=rdf_format)
    except SyntaxError as error:
        raise native_syntax_error(error, fmt, where) from None


_NATIVE_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "xml": "RDF_XML"}
_POSITION = re.compile(r"line (\d+) column (\d+)")


def _parse_native(text: str, graph: Graph, fmt: str, where: str) -> None:
    import pyoxigraph as ox

    try:
        parser = ox.parse(text.encode("utf-8"), format=getattr(ox.RdfFormat, _NATIVE_FORMATS[fmt]))
        for quad in parser:
            graph.add(triple_from_oxigraph(quad))
        for prefix, namespace in (getattr(parser, "prefixes", None) or {}).items():
            graph.bind(prefix, namespace, override=False)
    except SyntaxError as error:
        raise native_syntax_error(error, fmt, where) from None


def native_syntax_error(error: SyntaxError, fmt: str, where: str) -> InputError:
    """One ``file:line: ... (column N): reason`` error from an Oxigraph parser error."""
    reason = _POSITION.sub("", error.msg or str(error))
    reason = re.sub(
        r"\s*\(line \d+\)|line \d+ between columns \d+ and \d+:?|Parser error at :?", "", reason
    )
    line = f":{error.lineno}" if error.lineno else ""
    column = f" (column {error.offset})" if error.offset else ""
    return InputError(
        f"{FORMAT_NAMES[fmt]} syntax error{column}: {reason.strip(' :')}", f"{where}{line}"
    )


def _refuse_xml_declarations(text: str, where: str) -> None:
    match = _XML_DECLARATIONS.search(text.encode("utf-8"))
    if match:
        line = text.encode("utf-8")[: match.start()].count(b"\n") + 1
        raise InputError(
            "RDF/XML with a DOCTYPE or entity declarations is refused (entities can expand "
            "without bound or read local files); remove the declarations",
            f"{where}:{line}",
        )


def _check_well_formed_xml(text: str, where: str) -> None:
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
        raise InputError(f"RDF/XML syntax error: {reason}", f"{where}:{error.lineno}") from None


def _check_nesting(text: str, where: str, max_depth: int) -> None:
    """Refuse Turtle whose [ ] and ( ) nest deeper than ``max_depth`` (strings, IRIs, comments skipped)."""
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
                    f"brackets nest deeper than {max_depth} levels; flatten the data",
                    f"{where}:{line}",
                )
        elif char in "])":
            depth -= 1
        index += 1


def check_terms(graph: Graph, text: str, where: str, limits: ParseLimits = ParseLimits()) -> None:
    """Refuse IRIs with disallowed schemes, over-long literals and ill-typed literals."""
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef):
                _check_iri(str(term), text, where)
            elif isinstance(term, Literal):
                datatype = (
                    str(term.datatype)
                    if term.datatype
                    else _LANG_STRING
                    if term.language
                    else _STRING
                )
                _check_literal(str(term), datatype, text, where, limits)


_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# Characters no IRI may hold (RFC 3987); JSON-LD can spell them ("\u0022") where Oxigraph's
# parsers already refuse them, and Oxigraph's store cannot hold such an IRI.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


def _check_iri(iri: str, text: str, where: str) -> None:
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
            f"IRI <{iri}> uses the scheme {scheme!r}; only {', '.join(sorted(ALLOWED_IRI_SCHEMES))} are allowed",
            _line_of_text(text, iri, where),
        )


def _check_literal(value: str, datatype: str, text: str, where: str, limits: ParseLimits) -> None:
    if len(value) > limits.max_literal:
        raise InputError(
            f"a literal of {len(value):,} characters is over the limit of {limits.max_literal:,}",
            _line_of_text(text, value[:40], where),
        )
    if (
        datatype not in (_STRING, _LANG_STRING)
        and Literal(value, datatype=URIRef(datatype)).ill_typed
    ):
        raise InputError(
            f"{value[:60]!r} is not a valid {datatype.rsplit('#', 1)[-1]}; fix the value or its datatype",
            _line_of_text(text, value[:60], where),
        )


def _line_of_text(text: str, needle: str, where: str) -> str:
    index = text.find(needle) if needle else -1
    return f"{where}:{text[:index].count(chr(10)) + 1}" if index >= 0 else where


def _parse_jsonld(text: str, graph: Graph, where: str, limits: ParseLimits) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"JSON syntax error: {error.msg}", f"{where}:{error.lineno}") from None
    except RecursionError:
        raise InputError(f"JSON nested too deeply (limit {limits.max_depth})", where) from None
    _check_jsonld_tree(document, text, where, limits.max_depth)
    try:
        graph.parse(data=json.dumps(document), format="json-ld")
    except Exception as error:  # the JSON-LD processor raises many kinds on bad documents
        raise InputError(f"JSON-LD error: {error}", where) from None


def _check_storable(graph: Graph, text: str, where: str) -> None:
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


def _check_jsonld_tree(document: object, text: str, where: str, max_depth: int) -> None:
    """Refuse remote contexts, ``@import`` and over-deep nesting before any processing."""
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise InputError(
                f"JSON-LD nested deeper than {max_depth} levels; flatten the document", where
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
                f"JSON-LD context {item!r} would be fetched from outside the file; "
                "put the context inline (pimgraph never fetches contexts)",
                _json_line(text, item, where),
            )
        if isinstance(item, dict) and "@import" in item:
            raise InputError(
                "JSON-LD @import would fetch a context from outside the file; put it inline",
                _json_line(text, "@import", where),
            )


def _json_line(text: str, needle: str, where: str) -> str:
    index = text.find(needle)
    return f"{where}:{text[:index].count(chr(10)) + 1}" if index >= 0 else where
