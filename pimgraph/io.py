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
import xml.sax
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import InputError

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
FORMAT_ALIASES = {"ttl": "turtle", "jsonld": "json-ld", "rdfxml": "xml", "rdf": "xml", "ntriples": "nt"}

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_DEPTH = 64

_XML_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)


@dataclass(frozen=True)
class ParseLimits:
    """Bounds on untrusted input; the defaults suit the bundled graph and real submissions."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH


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
    """Parse RDF text of format ``fmt`` into ``graph``; ``where`` names it in errors."""
    if fmt != "xml" and _HTML_START.match(text):
        raise InputError(
            f"this is an HTML page, not {FORMAT_NAMES[fmt]}; download the raw file instead", f"{where}:1"
        )
    # Parse into a scratch graph first: a file that fails halfway adds nothing to ``graph``.
    scratch = Graph()
    if fmt == "json-ld":
        _parse_jsonld(text, scratch, where, limits)
    elif fmt == "xml":
        _parse_rdfxml(text, scratch, where)
    else:
        _parse_text_syntax(text, scratch, fmt, where)
    for prefix, namespace in scratch.namespaces():
        graph.bind(prefix, namespace, override=False)
    graph += scratch


def _parse_text_syntax(text: str, graph: Graph, fmt: str, where: str) -> None:
    try:
        graph.parse(data=text, format=fmt)
    except BadSyntax as error:
        line = getattr(error, "lines", 0) + 1
        raise InputError(f"{FORMAT_NAMES[fmt]} syntax error: {error._why}", f"{where}:{line}") from None
    except ParserError as error:
        raise InputError(f"{FORMAT_NAMES[fmt]} syntax error: {error}", _line_of(text, fmt, where)) from None
    except (ValueError, TypeError, AttributeError, IndexError, KeyError) as error:
        # rdflib raises plain exceptions on some malformed input (bad escapes, bad IRIs).
        raise InputError(f"{FORMAT_NAMES[fmt]} syntax error: {error}", where) from None


def _line_of(text: str, fmt: str, where: str) -> str:
    """``where:line`` for line-based formats, whose parser does not say the line: the first
    line that fails on its own is the culprit."""
    if fmt == "nt":
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip() and not line.lstrip().startswith("#"):
                try:
                    Graph().parse(data=line, format="nt")
                except Exception:
                    return f"{where}:{number}"
    return where


def _parse_rdfxml(text: str, graph: Graph, where: str) -> None:
    match = _XML_DECLARATIONS.search(text.encode("utf-8"))
    if match:
        line = text[: match.start()].count("\n") + 1
        raise InputError(
            "RDF/XML with a DOCTYPE or entity declarations is refused (entities can expand "
            "without bound or read local files); remove the declarations",
            f"{where}:{line}",
        )
    try:
        graph.parse(data=text, format="xml")
    except xml.sax.SAXParseException as error:
        raise InputError(f"RDF/XML syntax error: {error.getMessage()}", f"{where}:{error.getLineNumber()}") from None
    except Exception as error:  # rdflib's RDF/XML parser raises many kinds on bad RDF
        raise InputError(f"RDF/XML error: {error}", where) from None


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


def _check_jsonld_tree(document: object, text: str, where: str, max_depth: int) -> None:
    """Refuse remote contexts, ``@import`` and over-deep nesting before any processing."""
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise InputError(f"JSON-LD nested deeper than {max_depth} levels; flatten the document", where)
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
