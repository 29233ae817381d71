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
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from pimgraph.core import resources
from pimgraph.core.errors import InputError
from pimgraph.core.messages import _, ngettext
from pimgraph.rdf.convert import quads_to_oxigraph, triple_from_oxigraph
from pimgraph.rdf.guards import (
    check_iri,
    check_jsonld_tree,
    check_literal,
    check_nesting,
    check_storable,
    check_terms,
    check_well_formed_xml,
    refuse_xml_declarations,
)

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

BYTE_ORDER_MARK = "\ufeff"
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
            raise InputError(
                _("unknown format '{name}'; use one of: {known}", name=explicit, known=known),
                str(path),
            )
        return name
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise InputError(
            _(
                "cannot tell the RDF format from the extension '{suffix}'; "
                "rename the file ({known}) or pass --format",
                suffix=path.suffix or _("(none)"),
                known=known,
            ),
            str(path),
        )
    return fmt


DEFAULT_LIMITS = ParseLimits()
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


STDIN = "-"
STDIN_NAME = "<stdin>"


def is_stdin(path: Path | str) -> bool:
    """Whether ``path`` is ``-``, the command-line name of standard input."""
    return str(path) == STDIN


def read_bytes(path: Path | str, limits: ParseLimits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes (``-``: standard input), checked for existence and size."""
    if is_stdin(path):
        raw = sys.stdin.buffer.read(limits.max_bytes + 1)
        if len(raw) > limits.max_bytes:
            raise InputError(
                _(
                    "input is over the limit of {limit} bytes; split it or raise --max-bytes",
                    limit=format(limits.max_bytes, ","),
                ),
                STDIN_NAME,
            )
        return raw
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise InputError(_("no such file; check the path"), where)
    if path.is_dir():
        raise InputError(_("is a folder; name the files inside it"), where)
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise InputError(
            ngettext(
                "file is {n:,} byte, over the limit of {limit:,}; split it or raise --max-bytes",
                "file is {n:,} bytes, over the limit of {limit:,}; split it or raise --max-bytes",
                size,
                limit=limits.max_bytes,
            ),
            where,
        )
    return path.read_bytes()


def decode_text(raw: bytes, where: str) -> str:
    """UTF-8 text from ``raw``, without a leading byte-order mark; empty input is an error.

    Windows editors write a UTF-8 byte-order mark at the start of a file: no format we read
    allows it, and it is not part of the text, so it is dropped."""
    try:
        text = raw.decode("utf-8").removeprefix(BYTE_ORDER_MARK)
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InputError(
            _("byte {byte:#04x} is not UTF-8; save the file as UTF-8", byte=raw[error.start]),
            f"{where}:{line}",
        ) from None
    if not text.strip():
        raise InputError(_("file is empty; nothing to read"), where)
    return text


def source_name(path: Path | str) -> str:
    """How errors name an input: its path, or ``<stdin>``."""
    return STDIN_NAME if is_stdin(path) else str(path)


def read_text(path: Path | str, limits: ParseLimits = DEFAULT_LIMITS) -> str:
    """The file's text (``-``: standard input), checked for existence, size, emptiness and UTF-8."""
    return decode_text(read_bytes(path, limits), source_name(path))


def sniff_format(text: str) -> str:
    """The RDF format of text that came without a file name: JSON-LD, RDF/XML, else Turtle
    (which also reads N-Triples)."""
    start = text.lstrip()[:1]
    if start in ("{", "["):
        return "json-ld"
    if start == "<" and re.match(r"\s*<(\?xml|rdf:RDF|!--)", text):
        return "xml"
    return "turtle"


def parse_file(
    path: Path | str,
    graph: Graph | None = None,
    fmt: str | None = None,
    limits: ParseLimits = DEFAULT_LIMITS,
) -> Graph:
    """Parse one RDF file (``-``: standard input) into ``graph`` (a new graph if None), safely
    and offline."""
    if is_stdin(path):
        text = read_text(path, limits)
        fmt = guess_format(Path(STDIN_NAME), fmt) if fmt else sniff_format(text)
    else:
        path = Path(path)
        fmt = guess_format(path, fmt)
        text = read_text(path, limits)
    target = graph if graph is not None else Graph()
    parse_text(text, target, fmt, source_name(path), limits)
    return target


def parse_text(
    text: str, graph: Graph, fmt: str, where: str, limits: ParseLimits = DEFAULT_LIMITS
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
        check_terms(scratch, text, where, limits.max_literal)
    if fmt == "json-ld":  # rdflib's JSON-LD terms are not checked the way Oxigraph's parser checks
        check_storable(scratch, text, where)
    for prefix, namespace in scratch.namespaces():
        graph.bind(prefix, namespace, override=False)
    graph += scratch


def _check_text(text: str, fmt: str, where: str, limits: ParseLimits) -> None:
    """The checks on the raw text, before any parser: HTML pages, XML declarations, nesting."""
    if fmt != "xml" and _HTML_START.match(text):
        raise InputError(
            _(
                "this is an HTML page, not {format}; download the raw file instead",
                format=FORMAT_NAMES[fmt],
            ),
            f"{where}:1",
        )
    if fmt == "xml":
        refuse_xml_declarations(text, where)
        check_well_formed_xml(text, where)
    elif fmt == "turtle":
        check_nesting(text, where, limits.max_depth)


# Formats Oxigraph's store loads in bulk, straight from the file.
_BULK_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES"}


def load_into_store(path: Path | str, store: Any, limits: ParseLimits = DEFAULT_LIMITS) -> None:
    """Load one file into a pyoxigraph ``Store`` through exactly the checks ``parse_file`` makes.

    A bundled Turtle file streams straight in. A user's Turtle or N-Triples file is read and
    checked as text, parsed once by Oxigraph with every term checked, then bulk-loaded; other
    formats go through ``parse_file``. Nothing reaches the store unless the whole file passed.
    """
    import pyoxigraph as ox

    if is_stdin(path):
        store.extend(quads_to_oxigraph(parse_file(path, limits=limits)))
        return
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
                    check_iri(term.value, text, where)
                elif isinstance(term, ox.Literal):
                    check_literal(term.value, term.datatype.value, text, where, limits.max_literal)
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
    reason = reason.strip(" :")
    if error.offset:
        message = _(
            "{format} syntax error (column {column}): {reason}",
            format=FORMAT_NAMES[fmt],
            column=error.offset,
            reason=reason,
        )
    else:
        message = _("{format} syntax error: {reason}", format=FORMAT_NAMES[fmt], reason=reason)
    return InputError(message, f"{where}{line}")


def _parse_jsonld(text: str, graph: Graph, where: str, limits: ParseLimits) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            _("{format} syntax error: {reason}", format="JSON", reason=error.msg),
            f"{where}:{error.lineno}",
        ) from None
    except RecursionError:
        raise InputError(
            _("JSON nested too deeply (limit {limit})", limit=limits.max_depth), where
        ) from None
    check_jsonld_tree(document, text, where, limits.max_depth)
    try:
        graph.parse(data=json.dumps(document), format="json-ld")
    except Exception as error:  # the JSON-LD processor raises many kinds on bad documents
        raise InputError(_("JSON-LD error: {error}", error=error), where) from None
