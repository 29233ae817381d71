"""Fuzzing, as the engines we rely on do it: property-based tests (hypothesis) of everything a
user or an attacker can send — RDF files, CSV submissions, SPARQL queries and HTTP requests.

Each target is a plain function ``target(settings) -> examples run``; the tests below run them
with the bounded, derandomised "ci" profile and ``bench/fuzz.py`` runs the same targets with
many more examples. The properties, for every input:

- a library call either succeeds or raises a ``PimgraphError`` (never any other exception);
- the command line exits 0, 1 or 2 (never 3), prints no "internal error" and no "Traceback";
- the server never answers 500 and logs no traceback;
- nothing reaches the network: an audit hook records every socket use of in-process runs, and
  every URL the fuzzer writes (SERVICE, FROM, LOAD, JSON-LD contexts) points at a loopback
  canary HTTP server that must see no request;
- nothing is written outside the target folder (the work folder and the cwd are snapshotted).

The number of examples each target ran is written to ``$PIMGRAPH_FUZZ_COUNTS`` (a folder set by
tests/conftest.py) and printed at the end of the pytest run.
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import logging
import os
import tempfile
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pimgraph.core.errors import PimgraphError
from tests.test_hostile_input import _NETWORK_EVENTS, _RECORDING

REPO = Path(__file__).resolve().parents[1]
SEED_TTL = [
    REPO / "examples" / "submissions" / "example-mid.ttl",
    REPO / "tests" / "fixtures" / "cli" / "conforming-city.ttl",
    REPO / "tests" / "fixtures" / "cli" / "city-without-en-label.ttl",
    REPO / "tests" / "fixtures" / "explore" / "own-theme-city.ttl",
]
SEED_CSV = [
    REPO / "examples" / "submissions" / "example-mid.csv",
    REPO / "examples" / "submissions" / "example-recommendations.csv",
]

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Examples per target in CI: 3,380 in all, about 80 s with pytest -n 2 on two cores.
CI_EXAMPLES = {
    "parse-turtle": 500,
    "parse-ntriples": 300,
    "parse-jsonld": 300,
    "parse-rdfxml": 300,
    "generate-turtle": 300,
    "csv-convert": 400,
    "submit-check": 80,
    "sparql-safety": 400,
    "query-file": 300,
    "serve": 500,
}

# ---------------------------------------------------------------------------------------------
# Watchers: the network audit hook, the canary server, folder snapshots, log records.

# The network audit hook is the hostile-input tests' one (Python cannot remove a hook, so
# there is one for the session; it records only while asked to).


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Fail if the block makes any socket connection or name lookup in this process."""
    _NETWORK_EVENTS.clear()
    _RECORDING[0] = True
    try:
        yield
    finally:
        _RECORDING[0] = False
    assert not _NETWORK_EVENTS, f"network requests were made: {_NETWORK_EVENTS[:3]}"


class Canary:
    """A loopback HTTP server that records every request; the fuzzer's URLs all point here."""

    def __init__(self) -> None:
        seen = self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append((self.command, self.path))
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_HEAD = do_GET

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def check(self) -> None:
        assert not self.seen, f"the canary server was reached: {self.seen[:3]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def snapshot(*folders: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below ``folders``, with its size and modification time."""
    found = {}
    for folder in folders:
        for path in [folder, *folder.rglob("*")] if folder.exists() else []:
            stat = path.lstat()
            found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


class _Records(logging.Handler):
    """Log records that would print a traceback on stderr (no handler: logging's last resort)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.tracebacks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or "Traceback" in record.getMessage():
            self.tracebacks.append(f"{record.name}: {record.getMessage()[:200]}")


@contextlib.contextmanager
def no_logged_traceback() -> Iterator[None]:
    handler = _Records()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    assert not handler.tracebacks, f"a traceback was logged: {handler.tracebacks[:2]}"


class Workspace:
    """A private folder that is also the cwd while a target runs, and a canary."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.inputs = root / "inputs"
        self.inputs.mkdir(parents=True, exist_ok=True)
        self.cwd = root / "cwd"
        self.cwd.mkdir(exist_ok=True)
        self.canary = Canary()

    def write(self, name: str, data: bytes) -> Path:
        path = self.inputs / name
        path.write_bytes(data)
        return path

    @contextlib.contextmanager
    def unchanged(self, *also: Path) -> Iterator[None]:
        """Fail if the block writes in the work folder, the cwd or ``also``."""
        before = snapshot(self.root, *also)
        yield
        after = snapshot(self.root, *also)
        assert after == before, f"files were written: {sorted(set(after) ^ set(before))[:5]}"


@contextlib.contextmanager
def workspace() -> Iterator[Workspace]:
    previous = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="pimgraph-fuzz-") as folder:
        space = Workspace(Path(folder))
        os.chdir(space.cwd)
        try:
            yield space
        finally:
            os.chdir(previous)
            space.canary.close()


# ---------------------------------------------------------------------------------------------
# Mutations of seed documents.

SPECIAL = [
    b'"',
    b"'",
    b'"""',
    b"\\",
    b"\\u0022",
    b"\\U0000003C",
    b"\\u005C",
    b"<",
    b">",
    b"{",
    b"}",
    b"[",
    b"]",
    b"(",
    b")",
    b"\xef\xbb\xbf",  # BOM
    b"\x00",
    b"\r",
    b"\r\n",
    b"\n",
    b"#",
    b"@",
    b"^^",
    b"_:b0",
    b".",
    b";",
    b",",
    b"&",
    b"&amp;",
    b"%",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xa8",  # LINE SEPARATOR
    b"<!DOCTYPE x>",
    b"<!ENTITY e 'x'>",
    b"<![CDATA[",
    b"]]>",
    b"javascript:alert(1)",
    b"file:///etc/passwd",
    b"@prefix : <https://example.org/> .\n",
    b"@base <https://example.org/> .\n",
    b'"@context"',
    b'"@id"',
    b'"@import"',
    b"null",
    b"-1e999",
    b'"2024-02-30"^^<http://www.w3.org/2001/XMLSchema#date>',
    b'"x"^^<http://www.w3.org/2001/XMLSchema#integer>',
    b"[" * 80,
    b"(" * 300,  # deep nesting: parsers must refuse it, not recurse
    b"{" * 300,
    b"x" * 300,
]


def canary_tokens(canary: Canary) -> list[bytes]:
    url = canary.url.encode()
    return [
        b"<" + url + b"x>",
        url + b"ctx.jsonld",
        b'"@context": "' + url + b'ctx.jsonld", ',
        b'{"@import": "' + url + b'imp"}',
        b'rdf:resource="' + url + b'r"',
    ]


@st.composite
def mutated(draw, seeds: list[bytes], extra: list[bytes] = ()) -> bytes:
    """A seed document with one to five mutations: flips, insertions, cuts, duplicated lines."""
    data = bytearray(draw(st.sampled_from(seeds)))
    tokens = SPECIAL + list(extra)
    for _ in range(draw(st.integers(1, 5))):
        size = len(data)
        at = draw(st.integers(0, size))
        action = draw(
            st.sampled_from(
                ["flip", "insert", "insert", "insert", "delete", "truncate", "dup-line", "swap"]
            )
        )
        if action == "flip" and size:
            data[min(at, size - 1)] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            token = draw(st.sampled_from(tokens) | st.binary(min_size=1, max_size=4))
            data[at:at] = token
        elif action == "delete":
            data[at : at + draw(st.integers(1, 16))] = b""
        elif action == "truncate":
            del data[at:]
        elif action in ("dup-line", "swap"):
            lines = bytes(data).split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            if action == "dup-line":
                lines.insert(index, lines[index])
            else:
                other = draw(st.integers(0, len(lines) - 1))
                lines[index], lines[other] = lines[other], lines[index]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def seeds_as(fmt: str) -> list[bytes]:
    """The Turtle seeds in ``fmt`` (N-Triples, JSON-LD, RDF/XML serialised by rdflib)."""
    from rdflib import Graph

    if fmt == "turtle":
        return [path.read_bytes() for path in SEED_TTL]
    out = []
    for path in SEED_TTL:
        graph = Graph().parse(path)
        out.append(graph.serialize(format=fmt, encoding="utf-8"))
    return out


# ---------------------------------------------------------------------------------------------
# The targets.


class Counter:
    """How many examples a target ran, and how many of each outcome."""

    def __init__(self) -> None:
        self.n = 0
        self.outcomes: dict[str, int] = {}

    def saw(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def _run(test: Callable[[], None], config: settings, counter: Counter) -> Counter:
    try:
        settings(config)(test)()
    except BaseException as error:
        error.fuzz_counter = counter  # type: ignore[attr-defined]  # counted even on failure
        raise
    return counter


def _check_parse(path: Path, space: Workspace) -> str:
    """parse_file and load_into_store agree: both refuse with an InputError, or both load."""
    import pyoxigraph as ox

    from pimgraph.rdf.io import SUBMISSION_LIMITS, load_into_store, parse_file

    with no_network(), no_logged_traceback(), space.unchanged():
        try:
            graph = parse_file(path, limits=SUBMISSION_LIMITS)
        except PimgraphError:
            graph = None
        store = ox.Store()
        try:
            load_into_store(path, store, SUBMISSION_LIMITS)
            loaded = True
        except PimgraphError:
            loaded = False
        if graph is None:
            assert not loaded and len(store) == 0, "load_into_store took what parse_file refused"
        else:
            assert loaded, "load_into_store refused what parse_file took"
            assert len(store) == len(graph)
    space.canary.check()
    return "refused" if graph is None else "accepted"


def parser_target(fmt: str, suffix: str) -> Callable[[settings], Counter]:
    def target(config: settings) -> Counter:
        counter = Counter()
        with workspace() as space:

            @given(mutated(seeds_as(fmt), canary_tokens(space.canary)))
            def test(data: bytes) -> None:
                counter.n += 1
                space.canary.seen.clear()
                counter.saw(_check_parse(space.write("doc" + suffix, data), space))

            return _run(test, config, counter)

    return target


# Grammar-aware Turtle: random triples of IRIs, literals and blank nodes, escaped correctly.
_IRI_CHARS = st.characters(
    codec="utf-8", categories=["L", "N"], include_characters="-._~/!$&'()*+,;=:@?"
)
_iris = st.builds(
    lambda path: "https://example.org/" + path, st.text(_IRI_CHARS, min_size=0, max_size=12)
)
_langs = st.from_regex(r"[a-z]{2,3}", fullmatch=True) | st.sampled_from(
    ["pl", "en-GB", "PL-pl", "de-CH-1901", "zh-Hant-TW", "sr-Latn", "es-419", "x-private"]
)
_DATATYPES = {
    "http://www.w3.org/2001/XMLSchema#integer": st.integers(-(10**30), 10**30).map(str),
    "http://www.w3.org/2001/XMLSchema#boolean": st.sampled_from(["true", "false", "1", "0"]),
    "http://www.w3.org/2001/XMLSchema#decimal": st.decimals(
        allow_nan=False, allow_infinity=False, places=3
    ).map(lambda d: format(d, "f")),
    "http://www.w3.org/2001/XMLSchema#date": st.dates().map(lambda d: d.isoformat()),
    "http://www.w3.org/2001/XMLSchema#string": st.text(max_size=20),
}
_literals = st.one_of(
    st.tuples(st.text(max_size=40), st.none(), st.none()),
    st.tuples(st.text(max_size=40), _langs, st.none()),
    st.sampled_from(sorted(_DATATYPES)).flatmap(
        lambda dt: st.tuples(_DATATYPES[dt], st.none(), st.just(dt))
    ),
)


def _escape_iri(iri: str, uchar: bool) -> str:
    return "".join(f"\\u{ord(c):04X}" if uchar and c in "~'" else c for c in iri)


def _escape_string(text: str, style: int) -> str:
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"' if style != 1 else "\\u0022")
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif ord(char) < 0x20 or char in "[]()#'" and style == 2:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


@st.composite
def turtle_documents(draw) -> tuple[str, set]:
    """A Turtle document and the set of (s, p, o) it must yield, blank nodes as labels."""
    from rdflib import RDF, BNode, Literal, URIRef

    triples = set()
    lines = []
    uchar = draw(st.booleans())
    for _ in range(draw(st.integers(1, 8))):
        subject = draw(_iris | st.from_regex(r"b[0-9]{1,2}", fullmatch=True))
        predicate = draw(_iris)
        kind = draw(st.sampled_from(["iri", "literal", "bnode", "nested", "list"]))
        if subject.startswith("b"):
            s_text, s_term = f"_:{subject}", BNode(subject)
        else:
            s_text, s_term = f"<{_escape_iri(subject, uchar)}>", URIRef(subject)
        if kind == "iri":
            iri = draw(_iris)
            o_text, o_term = f"<{_escape_iri(iri, uchar)}>", URIRef(iri)
        elif kind == "bnode":
            label = draw(st.from_regex(r"b[0-9]{1,2}", fullmatch=True))
            o_text, o_term = f"_:{label}", BNode(label)
        elif kind in ("nested", "list"):
            # [ p "literal" ] or ( "literal" ): brackets around strings that may hold brackets
            value = draw(st.text(max_size=20))
            inner = _escape_string(value, draw(st.integers(0, 2)))
            o_term = BNode()
            if kind == "nested":
                o_text = f"[ <{_escape_iri(predicate, uchar)}> {inner} ]"
                triples.add((o_term, URIRef(predicate), Literal(value)))
            else:
                o_text = f"( {inner} )"
                triples.add((o_term, RDF.first, Literal(value)))
                triples.add((o_term, RDF.rest, RDF.nil))
        else:
            value, lang, datatype = draw(_literals)
            o_text = _escape_string(value, draw(st.integers(0, 2)))
            if lang:
                o_text += "@" + lang
                o_term = Literal(value, lang=lang)
            elif datatype:
                o_text += f"^^<{datatype}>"
                o_term = Literal(value, datatype=URIRef(datatype))
            else:
                o_term = Literal(value)
        separator = draw(st.sampled_from([" ", "\t", "\n", "\r\n", " # a comment\n"]))
        lines.append(f"{s_text}{separator}<{_escape_iri(predicate, uchar)}> {o_text} .")
        triples.add((s_term, URIRef(predicate), o_term))
    return "\n".join(lines) + "\n", triples


def _normal(triples) -> set:
    """Triples with blank nodes named by position-free labels and literals compared by value."""
    from rdflib import BNode, Literal

    def term(t):
        if isinstance(t, BNode):
            return ("bnode",)
        if isinstance(t, Literal):
            language = t.language.lower() if t.language else None  # tags are case-insensitive
            datatype = str(t.datatype) if t.datatype else None
            if datatype == "http://www.w3.org/2001/XMLSchema#string":
                datatype = None  # RDF 1.1: a simple literal is an xsd:string
            return ("literal", str(t), language, datatype)
        return ("iri", str(t))

    return {tuple(term(t) for t in triple) for triple in triples}


def generate_turtle_target(config: settings) -> Counter:
    from pimgraph.rdf.io import SUBMISSION_LIMITS, parse_file

    counter = Counter()
    with workspace() as space:

        @given(turtle_documents())
        def test(document: tuple[str, set]) -> None:
            counter.n += 1
            space.canary.seen.clear()
            text, expected = document
            path = space.write("generated.ttl", text.encode("utf-8"))
            with no_network(), space.unchanged():
                graph = parse_file(path, limits=SUBMISSION_LIMITS)  # valid by construction
            assert _normal(graph) == _normal(expected)
            _check_parse(path, space)

        return _run(test, config, counter)


def _csv_seeds() -> list[bytes]:
    from pimgraph.submissions import render_template

    return [path.read_bytes() for path in SEED_CSV] + [
        render_template(kind).encode("utf-8") for kind in ("mid", "recommendations")
    ]


CSV_TOKENS = [
    b",",
    b";",
    b"\t",
    b'""',
    b'"a,b"',
    b"=HYPERLINK(1)",
    b"2024-13",
    b"[2024-02-30..2024-01]",
    b"[..]",
    b"[2024-06..",
    b"..2024]",
    b"[9999-99-99..0000-00-00]",
    b"https://w3id.org/pim/id/city/slupsk",
    b"<javascript:x>",
    b"pim:City",
    b"Miasto Zielone",
    b"2021-2023",
]


def csv_convert_target(config: settings) -> Counter:
    from pimgraph.graph.engine import open_engine
    from pimgraph.rdf.io import SUBMISSION_LIMITS, read_text
    from pimgraph.submissions.check import detect_kind, submission_iri
    from pimgraph.submissions.csv_convert import convert
    from pimgraph.submissions.references import Resolver

    engine = open_engine(reasoning="none")
    resolver = Resolver(engine)
    counter = Counter()
    with workspace() as space:

        @given(mutated(_csv_seeds(), CSV_TOKENS))
        def test(data: bytes) -> None:
            counter.n += 1
            space.canary.seen.clear()
            path = space.write("sub.csv", data)
            with no_network(), no_logged_traceback(), space.unchanged():
                try:
                    text = read_text(path, SUBMISSION_LIMITS)
                    kind = detect_kind(path, text, None)
                    convert(text, kind, str(path), resolver, submission_iri("0" * 64))
                    counter.saw("converted")
                except PimgraphError:
                    counter.saw("refused")

        return _run(test, config, counter)


def _cli(args: list[str], space: Workspace, *watched: Path):
    """``pimgraph ARGS`` in-process; fails on exit 3, an internal error or a traceback."""
    from click.testing import CliRunner

    from pimgraph.cli import main

    with no_network(), no_logged_traceback(), space.unchanged(*watched):
        result = CliRunner().invoke(main, args, catch_exceptions=True)
    output = result.output  # stdout and stderr, interleaved
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), f"exit {result.exit_code}: {output[-500:]}"
    assert "internal error" not in output, output[-500:]
    assert "Traceback" not in output, output[-500:]
    space.canary.check()
    return result


def submit_check_target(config: settings) -> Counter:
    from pimgraph.core.resources import chosen_submissions_dir

    counter = Counter()
    with workspace() as space:

        @given(mutated(_csv_seeds(), CSV_TOKENS), st.sampled_from(["text", "json"]))
        def test(data: bytes, output: str) -> None:
            counter.n += 1
            space.canary.seen.clear()
            path = space.write("sub.csv", data)
            # The folder submissions would go to (none outside a data folder) stays as it was.
            folder = chosen_submissions_dir()
            watched = (folder,) if folder is not None else ()
            result = _cli(["submit", "check", str(path), "--output", output], space, *watched)
            counter.saw(f"exit {result.exit_code}")

        return _run(test, config, counter)


# Grammar-aware SPARQL.
_VARS = st.sampled_from(["?s", "?o", "?x", "$s", "?label"])
_PREDICATES = st.sampled_from(
    ["a", "rdfs:label", "pim:participatedIn", "pim:hasTheme", "skos:prefLabel", "<urn:x:p>", "?p"]
)
_OBJECTS = st.sampled_from(["pim:City", "pim:Theme", "<https://w3id.org/pim/id/city/slupsk>"])
_KEYWORD_ESCAPES = {"SERVICE": "SERV\\u0049CE", "FROM": "FR\\u004FM", "LOAD": "L\\u004FAD"}


@st.composite
def sparql_strings(draw) -> str:
    value = draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12))
    quote = draw(st.sampled_from(['"', "'", '"""', "'''"]))
    escaped = value.replace("\\", "\\\\").replace(quote[0], "\\" + quote[0])
    if len(quote) == 1:
        escaped = escaped.replace("\n", "\\n").replace("\r", "\\r")
    suffix = draw(st.sampled_from(["", "", "@pl", "@en-GB", "^^xsd:string", "^^xsd:integer"]))
    return quote + escaped + quote + suffix


def _keyword(draw, word: str) -> str:
    style = draw(st.integers(0, 4))
    if style == 1:
        return word.lower()
    if style == 2 and word in _KEYWORD_ESCAPES:
        return _KEYWORD_ESCAPES[word]
    if style == 3:
        return "".join(c.lower() if draw(st.booleans()) else c for c in word)
    return word


@st.composite
def expressions(draw, depth: int = 0) -> str:
    atoms = st.one_of(
        _VARS,
        sparql_strings(),
        st.integers(-5, 5).map(str),
        st.sampled_from(["true", "false", "1.5e3", "<urn:x:y>", "pim:City"]),
    )
    if depth > 2 or draw(st.booleans()):
        return draw(atoms)
    kind = draw(st.sampled_from(["call", "binary", "not", "regex", "exists"]))
    left = draw(expressions(depth + 1))
    if kind == "call":
        name = draw(
            st.sampled_from(["STR", "LANG", "STRLEN", "LCASE", "isIRI", "BOUND", "ENCODE_FOR_URI"])
        )
        return f"{name}({left})"
    if kind == "binary":
        op = draw(st.sampled_from(["=", "!=", "<", "&&", "||", "+", "*", "IN"]))
        right = draw(expressions(depth + 1))
        return f"({left} {op} ({right}))" if op == "IN" else f"({left} {op} {right})"
    if kind == "not":
        return f"!{left}"
    if kind == "regex":
        return f'REGEX(STR({left}), {draw(sparql_strings())}, "i")'
    return f"EXISTS {{ {draw(groups(depth + 2))} }}"


def _comment(draw) -> str:
    return draw(st.sampled_from(["", "", " ", "\n", " # c\n", " #c\r", " # c\r\n", "\t"]))


# SERVICE hidden where one parser may see a string, a comment or an IRI and the other sees
# code: escapes of quotes, '>' and line breaks (which SPARQL expands first), and bare CRs.
SMUGGLE_WRAPPERS = [
    ('?s ?p "\\u0022 } ', ' { "'),
    ('?s ?p "x\\u0022 . ', ' ?s ?p ""'),
    ("?s ?p '\\u0027 . ", " ?s ?p ''"),
    ('?s ?p """\\u0022\\u0022\\u0022 . ', ' ?s ?p """"""'),
    ("# \\u000A ", "\n"),
    ("# \\u000D ", "\n"),
    ("# a bare CR ends a comment\r", "\n"),
    ("#\r", " # and a LF\n"),
    ("?s ?p <urn:x\\u003E . ", " ?s ?p <urn:y>"),
    ('?s ?p "\\\\" . ', ' ?s ?p "x"'),
    ("", ""),
]


@st.composite
def smuggled_service(draw) -> str:
    silent = draw(st.sampled_from(["", "SILENT "]))
    service = f"{_keyword(draw, 'SERVICE')} {silent}<{{canary}}smuggled> {{ ?s ?p ?o }}"
    opener, closer = draw(st.sampled_from(SMUGGLE_WRAPPERS))
    return opener + service + closer


@st.composite
def groups(draw, depth: int = 0) -> str:
    """A group graph pattern's contents: triples, FILTER, BIND, OPTIONAL, UNION, nesting."""
    parts = []
    triples = 0
    for _ in range(draw(st.integers(1, 3))):
        kinds = ["triple", "filter", "bind"]
        if depth < 2:
            kinds += ["optional", "union", "group", "minus", "values"]
        if draw(st.integers(0, 3)) == 0:
            kinds += ["service", "graph", "smuggle", "smuggle"]
        kind = draw(st.sampled_from(kinds))
        if kind == "triple" and triples < 2:
            triples += 1
            subject = draw(_VARS)
            obj = draw(_VARS | _OBJECTS | sparql_strings())
            parts.append(f"{subject} {draw(_PREDICATES)} {obj} .")
        elif kind == "filter":
            parts.append(f"FILTER({draw(expressions())})")
        elif kind == "bind":
            parts.append(f"BIND({draw(expressions())} AS ?b{draw(st.integers(0, 3))})")
        elif kind == "optional":
            parts.append(f"OPTIONAL {{ {draw(groups(depth + 1))} }}")
        elif kind == "union":
            parts.append(f"{{ {draw(groups(depth + 1))} }} UNION {{ {draw(groups(depth + 1))} }}")
        elif kind == "group":
            parts.append(f"{{ {draw(groups(depth + 1))} }}")
        elif kind == "minus":
            parts.append(f"MINUS {{ {draw(groups(depth + 1))} }}")
        elif kind == "values":
            parts.append(f"VALUES ?x {{ <urn:x:1> {draw(sparql_strings())} UNDEF }}")
        elif kind == "service":
            silent = draw(st.sampled_from(["", "SILENT "]))
            parts.append(f"{_keyword(draw, 'SERVICE')} {silent}<{{canary}}sparql> {{ ?s ?p ?o }}")
        elif kind == "smuggle":
            parts.append(draw(smuggled_service()))
        elif kind == "graph":
            parts.append(f"GRAPH ?g {{ {draw(groups(depth + 1))} }}")
        else:
            parts.append("?s a pim:City .")
    return _comment(draw).join(parts) or "?s ?p ?o"


@st.composite
def sparql_queries(draw) -> str:
    """A query (now and then an update) with its URLs pointing at ``{canary}``."""
    prologue = draw(st.sampled_from(["", "PREFIX ex: <https://example.org/>\n", "BASE <urn:x:>\n"]))
    where = draw(groups())
    form = draw(st.integers(0, 9))
    dataset = ""
    if draw(st.integers(0, 9)) == 0:
        dataset = f" {_keyword(draw, 'FROM')} <{{canary}}data> "
    modifiers = draw(st.sampled_from(["", " ORDER BY ?s", " GROUP BY ?s", " OFFSET 1"]))
    if form < 5:
        head = draw(st.sampled_from(["*", "?s", "DISTINCT ?s ?o", "(COUNT(*) AS ?n)", "?s ?label"]))
        if "COUNT" in head or "GROUP" in modifiers:
            head, modifiers = "(COUNT(*) AS ?n)", ""
        text = f"{_keyword(draw, 'SELECT')} {head}{dataset} WHERE {{ {where} }}{modifiers} LIMIT 5"
    elif form < 7:
        text = f"ASK{dataset} {{ {where} }}"
    elif form < 9:
        text = f"CONSTRUCT {{ ?s ?p ?o }}{dataset} WHERE {{ {where} }} LIMIT 5"
    else:
        text = draw(
            st.sampled_from(
                [
                    "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
                    "DELETE WHERE { ?s ?p ?o }",
                    f"{_keyword(draw, 'LOAD')} <{{canary}}load>",
                    "CLEAR ALL",
                    "DESCRIBE <https://w3id.org/pim/id/city/slupsk>",
                ]
            )
        )
    return prologue + _comment(draw) + text


@st.composite
def sparql_texts(draw, canary: Canary) -> str:
    """Generated queries, sometimes mutated byte-wise, with the canary's URL filled in."""
    if draw(st.integers(0, 3)) == 0:  # the known attack shapes in an otherwise plain query
        head = draw(st.sampled_from(["SELECT * WHERE", "ASK", "CONSTRUCT { ?s ?p ?o } WHERE"]))
        text = f"{head} {{ ?s ?p ?o {draw(smuggled_service())} }} LIMIT 1"
    else:
        text = draw(sparql_queries())
    text = text.replace("{canary}", canary.url)
    if draw(st.integers(0, 3)) == 0:
        data = draw(mutated([text.encode("utf-8")], canary_tokens(canary) + [b"SERVICE", b"}"]))
        text = data.decode("utf-8", errors="replace")
    return text


def sparql_safety_target(config: settings) -> Counter:
    from pimgraph.sparql.safety import check_query

    counter = Counter()
    with workspace() as space:

        @given(sparql_texts(space.canary))
        def test(text: str) -> None:
            counter.n += 1
            space.canary.seen.clear()
            with no_network(), no_logged_traceback():
                try:
                    check_query(text)
                    counter.saw("accepted")
                except PimgraphError:
                    counter.saw("refused")

        return _run(test, config, counter)


def query_file_target(config: settings) -> Counter:
    counter = Counter()
    with workspace() as space:

        @given(sparql_texts(space.canary), st.sampled_from(["json", "csv", "table"]))
        def test(text: str, fmt: str) -> None:
            counter.n += 1
            space.canary.seen.clear()
            path = space.write("q.rq", text.encode("utf-8"))
            result = _cli(["query", "--file", str(path), "--format", fmt], space)
            counter.saw(f"exit {result.exit_code}")

        return _run(test, config, counter)


# HTTP requests to one real ``pimgraph serve``.
_SITE_PATHS = [
    "/",
    "/index.en.html",
    "/index.pl.html",
    "/id/city/slupsk",
    "/id/city/slupsk.ttl",
    "/id/theme/",
    "/ontology",
    "/ontology/1.0.0/",
    "/catalog",
    "/explore/",
    "/sparql",
    "/query.en.html",
    "/.well-known/void",
    "/.git/config",
    "/void",
    "/SHA256SUMS",
]
_PATH_PIECES = st.sampled_from(
    [
        "id",
        "city",
        "slupsk",
        "..",
        ".",
        "%2e%2e",
        "%2F",
        "%00",
        "%ff",
        "%C5%82",
        "",
        "a b",
        ".ttl",
        ".en.html",
        "index",
        "~",
        ";x",
        "?",
        "#",
        "%",
        "//",
        "\\",
    ]
)
_ACCEPTS = st.sampled_from(
    [
        "",
        "*/*",
        "text/html",
        "text/turtle",
        "application/ld+json",
        "application/rdf+xml",
        "application/n-triples",
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "text/turtle;q=0.5, text/html;q=0.4",
        "text/*;q=abc",
        "*/*;q=0",
        "text/html;q=1.5",
        ";;,,",
        "text/turtle;q=",
        "application/json, */*;q=0.1",
        "image/png",
    ]
)
_RESULT_ACCEPTS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
    "application/ld+json",
    "application/json;q=0.9, text/turtle",
    "*/*",
]
_LANGUAGES = st.sampled_from(["", "pl", "en", "pl-PL,en;q=0.5", "de", "*", ";q=x", "en;q=2"])
_HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30)


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="/%;=&?~:@!$'()*+,")


@st.composite
def requests(draw, canary: Canary) -> tuple[str, str, dict[str, str], bytes | None]:
    headers = {}
    accept = draw(_ACCEPTS | _HEADER_TEXT)
    if accept:
        headers["Accept"] = accept
    language = draw(_LANGUAGES | _HEADER_TEXT)
    if language:
        headers["Accept-Language"] = language
    kind = draw(st.sampled_from(["site", "pieces", "sparql-get", "sparql-get", "sparql-post"]))
    method = draw(st.sampled_from(["GET"] * 8 + ["HEAD", "POST", "PUT", "OPTIONS"]))
    if kind == "sparql-get" and draw(st.integers(0, 9)):
        method = "GET"
        if "Accept" in headers and draw(st.booleans()):
            headers["Accept"] = draw(st.sampled_from(_RESULT_ACCEPTS))
    body = None
    if kind == "site":
        path = draw(st.sampled_from(_SITE_PATHS))
    elif kind == "pieces":
        path = "/" + "/".join(draw(st.lists(_PATH_PIECES, max_size=5)))
        path = _quote(path)
    else:
        query = draw(st.one_of(*[sparql_texts(canary)] * 4, st.text(max_size=30)))
        params = [("query", query)] + draw(
            st.lists(
                st.sampled_from(
                    [
                        ("query", query),
                        ("update", query),
                        ("default-graph-uri", canary.url),
                        ("query", ""),
                        ("x", "y"),
                    ]
                ),
                max_size=2,
            )
        )
        if draw(st.integers(0, 9)) == 0:
            params = params[1:]
        encoded = urllib.parse.urlencode(params)
        if kind == "sparql-get":
            path = "/sparql?" + encoded
        else:
            method = "POST"
            path = "/sparql" + draw(st.sampled_from(["", "?" + encoded[:40]]))
            if draw(st.booleans()):
                headers["Accept"] = draw(st.sampled_from(_RESULT_ACCEPTS))
            content_type = draw(
                st.sampled_from(
                    [
                        "application/x-www-form-urlencoded",
                        "application/x-www-form-urlencoded; charset=utf-8",
                        "application/sparql-query",
                        "application/sparql-update",
                        "text/plain",
                        "",
                    ]
                )
            )
            if content_type:
                headers["Content-Type"] = content_type
            raw = draw(
                st.sampled_from(
                    [encoded.encode(), query.encode("utf-8", "replace"), b"\xff\xfe", b""]
                )
            )
            body = raw
            if draw(st.integers(0, 9)) == 0:
                headers["Content-Length"] = draw(st.sampled_from(["abc", "-1", "99999999", "0"]))
    return method, path, headers, body


STATUSES = {200, 303, 400, 404, 405, 406, 413, 415, 501, 503}


class ServedForFuzz:
    """One ``pimgraph serve`` subprocess for the serve target (started by the caller)."""

    def __init__(self, folder: Path) -> None:
        from .test_serve import Served

        folder.mkdir(parents=True, exist_ok=True)
        self.served = Served(folder, "--time-limit", "3", "--workers", "2")
        self.log_offset = 0

    def new_log(self) -> str:
        text = self.served.log_path.read_bytes()[self.log_offset :]
        self.log_offset += len(text)
        return text.decode("utf-8", "replace")

    def stop(self) -> None:
        self.served.stop()


def serve_target(config: settings, server: ServedForFuzz | None = None) -> Counter:
    counter = Counter()
    with workspace() as space, contextlib.ExitStack() as stack:
        if server is None:
            server = ServedForFuzz(space.root / "serve")
            stack.callback(server.stop)
        server.new_log()
        site = server.served.site_folder()
        site_files = snapshot(site)

        @given(requests(space.canary))
        def test(request: tuple[str, str, dict[str, str], bytes | None]) -> None:
            counter.n += 1
            space.canary.seen.clear()
            method, path, headers, body = request
            if "Content-Length" in headers and headers["Content-Length"] == "99999999":
                body = b""  # a lying length: the server must refuse it, not wait for it
            status, _, answer = server.served.request(method, path, headers, body, timeout=30)
            counter.saw(str(status))
            assert status in STATUSES, f"HTTP {status}: {answer[:300]!r}"
            assert b"internal error" not in answer, answer[:300]
            log = server.new_log()
            assert "Traceback" not in log, log[-1500:]
            assert server.served.process.poll() is None, "the server died"
            space.canary.check()
            assert snapshot(site) == site_files, "a request changed the served site"

        return _run(test, config, counter)


TARGETS: dict[str, Callable[..., Counter]] = {
    "parse-turtle": parser_target("turtle", ".ttl"),
    "parse-ntriples": parser_target("nt", ".nt"),
    "parse-jsonld": parser_target("json-ld", ".jsonld"),
    "parse-rdfxml": parser_target("xml", ".rdf"),
    "generate-turtle": generate_turtle_target,
    "csv-convert": csv_convert_target,
    "submit-check": submit_check_target,
    "sparql-safety": sparql_safety_target,
    "query-file": query_file_target,
    "serve": serve_target,
}


def ci_settings(target: str) -> settings:
    return settings(
        settings.get_profile("ci"),
        max_examples=CI_EXAMPLES[target],
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    )


def record(target: str, counter: Counter) -> None:
    """Leave the count for the end-of-run summary (tests/conftest.py prints it)."""
    folder = os.environ.get("PIMGRAPH_FUZZ_COUNTS")
    if folder:
        Path(folder, f"{target}.json").write_text(
            json.dumps({"examples": counter.n, "outcomes": counter.outcomes})
        )


def _fuzz(target: str, **kwargs) -> Counter:
    try:
        counter = TARGETS[target](ci_settings(target), **kwargs)
    except BaseException as error:
        if hasattr(error, "fuzz_counter"):
            record(target, error.fuzz_counter)
        raise
    record(target, counter)
    assert counter.n > 0
    return counter


# ---------------------------------------------------------------------------------------------
# The tests: one per target, with the "ci" budget.


@pytest.mark.parametrize(
    "target", ["parse-turtle", "parse-ntriples", "parse-jsonld", "parse-rdfxml"]
)
def test_fuzz_parsers(target: str) -> None:
    counter = _fuzz(target)
    # Mutants that every parser refuses, or that all parse, would test nothing.
    assert counter.outcomes.get("accepted") and counter.outcomes.get("refused"), counter.outcomes


def test_fuzz_generated_turtle_round_trips() -> None:
    _fuzz("generate-turtle")


def test_fuzz_csv_conversion() -> None:
    _fuzz("csv-convert")


def test_fuzz_submit_check() -> None:
    _fuzz("submit-check")


def test_fuzz_sparql_safety() -> None:
    _fuzz("sparql-safety")


def test_fuzz_query_file() -> None:
    _fuzz("query-file")


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory):
    server = ServedForFuzz(tmp_path_factory.mktemp("fuzz-serve"))
    yield server
    server.stop()


def test_fuzz_serve(fuzz_server: ServedForFuzz) -> None:
    _fuzz("serve", server=fuzz_server)


# ---------------------------------------------------------------------------------------------
# Regressions for what the fuzzing found.

CR_SMUGGLED = [
    "SELECT * WHERE { ?s ?p ?o # x\rSERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c }\n } LIMIT 1",
    "ASK { ?s ?p ?o # x\rSERVICE SILENT <http://127.0.0.1:9/sparql> { ?a ?b ?c }\n }",
    "SELECT * # x\rFROM <http://127.0.0.1:9/data.ttl>\n WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", CR_SMUGGLED)
def test_a_comment_ended_by_a_bare_cr_hides_no_service_or_from(query: str) -> None:
    # Oxigraph ends a comment at CR, rdflib's parser only at LF: the check used to see a comment
    # where Oxigraph ran SERVICE (pimgraph serve then POSTed to the named server).
    from pimgraph.serve.protocol import check
    from pimgraph.sparql.safety import check_query

    with pytest.raises(PimgraphError, match="SERVICE|FROM"):
        check_query(query)
    with pytest.raises(PimgraphError, match="SERVICE|FROM"):
        check(query)


def test_a_bare_cr_is_still_a_line_break_for_queries_that_are_fine() -> None:
    from pimgraph.serve.protocol import check
    from pimgraph.sparql.safety import check_query

    query = "SELECT ?s # which cities\rWHERE { ?s a pim:City }"
    assert check_query(query).form == check(query).form == "SELECT"
    assert check(query).text == "SELECT ?s # which cities\nWHERE { ?s a pim:City }"


@pytest.mark.parametrize("char", ["\\u0022", " ", "<", "\\\\", "{", "`"])
def test_a_json_ld_iri_with_a_forbidden_character_is_refused(tmp_path: Path, char: str) -> None:
    # JSON can spell characters no IRI may hold; rdflib took them, so the file parsed, and then
    # Oxigraph's store refused the IRI: a ValueError, exit 3 from 'submit check' and '--data'.
    import pyoxigraph as ox

    from pimgraph.rdf.io import load_into_store, parse_file

    path = tmp_path / "bad-iri.jsonld"
    path.write_text(
        '{"@id": "https://w3id.org/pim/id/city/x",\n'
        f' "http:{char}//www.w3.org/2000/01/rdf-schema#label": "x"}}',
        encoding="utf-8",
    )
    with pytest.raises(PimgraphError, match="which no IRI may hold"):
        parse_file(path)
    store = ox.Store()
    with pytest.raises(PimgraphError, match="which no IRI may hold"):
        load_into_store(path, store)
    assert len(store) == 0
    from click.testing import CliRunner

    from pimgraph.cli import main

    result = CliRunner().invoke(main, ["submit", "check", str(path)])
    assert result.exit_code == 2 and "which no IRI may hold" in result.output, result.output


@pytest.mark.parametrize(
    "value",
    [
        '{"@language": "n", "@value": "x"}',  # a language tag BCP 47 does not allow
        '{"@type": "https://example.org/a type", "@value": "x"}',  # a datatype IRI
        '{"@id": "_:b c"}',
    ],
)
def test_a_json_ld_term_oxigraph_cannot_hold_is_refused(tmp_path: Path, value: str) -> None:
    # rdflib's JSON-LD processor took these; Oxigraph's store then failed with a ValueError.
    import pyoxigraph as ox

    from pimgraph.rdf.io import load_into_store, parse_file

    path = tmp_path / "bad-term.jsonld"
    path.write_text(
        '{"@id": "https://w3id.org/pim/id/city/x",\n'
        f' "http://www.w3.org/2000/01/rdf-schema#label": {value}}}',
        encoding="utf-8",
    )
    with pytest.raises(PimgraphError, match="not valid RDF"):
        parse_file(path)
    store = ox.Store()
    with pytest.raises(PimgraphError, match="not valid RDF"):
        load_into_store(path, store)
    assert len(store) == 0


@pytest.mark.parametrize("encoding", ["ttf-8", "no-such-encoding", "latin-1"])
def test_rdf_xml_declaring_another_encoding_is_an_input_error(
    tmp_path: Path, encoding: str
) -> None:
    # expat honoured the declaration and raised LookupError for an unknown name: exit 3. Now
    # expat reads the (UTF-8) text as UTF-8 and Oxigraph's refusal of the declaration is told.
    from click.testing import CliRunner

    from pimgraph.cli import main
    from pimgraph.rdf.io import parse_file

    path = tmp_path / "declared.rdf"
    path.write_text(
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '<rdf:Description rdf:about="https://w3id.org/pim/id/city/x">'
        '<rdfs:label xml:lang="pl">Łódź</rdfs:label></rdf:Description>\n</rdf:RDF>\n',
        encoding="utf-8",
    )
    with pytest.raises(PimgraphError, match="UTF-8"):
        parse_file(path)
    result = CliRunner().invoke(main, ["submit", "check", str(path)])
    assert result.exit_code == 2 and "UTF-8" in result.output, result.output
    assert "internal error" not in result.output


@pytest.mark.parametrize("escape", ["\\U0020049C", "\\UFFFFFFFF", "\\U00110000"])
def test_a_unicode_escape_past_the_last_code_point_is_a_syntax_error(escape: str) -> None:
    # rdflib's escape expansion raised ValueError: exit 3 from 'query --file', HTTP 500 from serve.
    from pimgraph.serve.protocol import check
    from pimgraph.sparql.safety import check_query

    query = f'SELECT * WHERE {{ ?s ?p "{escape}" }}'
    # Refused with a one-line reason (the escape names no character), never a crash.
    with pytest.raises(PimgraphError, match="syntax error|not a Unicode character"):
        check_query(query)
    with pytest.raises(PimgraphError, match="syntax error|not a Unicode character"):
        check(query)
