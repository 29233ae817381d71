"""Hostile and broken submissions: one-line error naming file and line, non-zero exit, no
traceback, nothing written, and no network request at all."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from pimgraph.cli import main

PREFIXES = """@prefix pim: <https://w3id.org/pim/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
CITY = "<https://w3id.org/pim/id/city/test-x>"

# A switchable audit hook: Python cannot remove one, so it stays installed and records only
# while a test asks it to. Any socket connect or name lookup counts as a network request.
_NETWORK_EVENTS: list[tuple] = []
_RECORDING = [False]


def _audit(event: str, args: tuple) -> None:
    if _RECORDING[0] and event in (
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "urllib.Request",
        "http.client.connect",
    ):
        _NETWORK_EVENTS.append((event, args))


sys.addaudithook(_audit)


@pytest.fixture()
def no_network():
    _NETWORK_EVENTS.clear()
    _RECORDING[0] = True
    yield _NETWORK_EVENTS
    _RECORDING[0] = False
    assert not _NETWORK_EVENTS, f"network requests were made: {_NETWORK_EVENTS}"


def bomb() -> str:
    entities = ['  <!ENTITY lol "lol">']
    for level in range(1, 10):
        previous = "lol" if level == 1 else f"lol{level - 1}"
        entities.append(f'  <!ENTITY lol{level} "{("&" + previous + ";") * 10}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '<rdf:Description rdf:about="https://w3id.org/pim/id/city/test-x"><rdfs:label>&lol9;</rdfs:label>'
        "</rdf:Description>\n</rdf:RDF>\n"
    )


# name, content, expected 'file:line' suffix, words in the message
HOSTILE = [
    (
        "remote-context.jsonld",
        '{\n "@context": "https://schema.org/",\n "@id": "https://w3id.org/pim/id/city/test-x"\n}',
        ":2",
        "fetched",
    ),
    (
        "file-context.jsonld",
        '{\n "@context": "file:///etc/passwd",\n "@id": "https://w3id.org/pim/id/city/test-x"\n}',
        ":2",
        "fetched",
    ),
    (
        "import.jsonld",
        '{\n "@context": {"@import": "https://example.org/ctx.jsonld"},\n "@id": "https://w3id.org/pim/id/city/test-x"\n}',
        ":2",
        "@import",
    ),
    ("entity-bomb.rdf", bomb(), ":2", "DOCTYPE"),
    (
        "external-entity.rdf",
        '<?xml version="1.0"?>\n<!DOCTYPE x [ <!ENTITY e SYSTEM "file:///etc/passwd"> '
        "]>\n<x>&e;</x>",
        ":2",
        "DOCTYPE",
    ),
    (
        "space-iri.ttl",
        PREFIXES + '<https://w3id.org/pim/id/city/with space> rdfs:label "x"@pl .\n',
        ":4",
        "syntax",
    ),
    (
        "javascript-iri.ttl",
        PREFIXES + CITY + " rdfs:seeAlso <javascript:alert(1)> .\n",
        ":4",
        "javascript",
    ),
    (
        "ill-typed.ttl",
        PREFIXES + CITY + ' pim:order "first"^^xsd:integer .\n',
        ":4",
        "not a valid integer",
    ),
    (
        "latin2.ttl",
        (PREFIXES + CITY + ' rdfs:label "').encode() + b"\xb3\xf3d\xbc" + b'"@pl .\n',
        ":4",
        "UTF-8",
    ),
    ("empty.ttl", "", "", "empty"),
    (
        "page.ttl",
        "<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not found</body></html>\n",
        ":1",
        "HTML",
    ),
    (
        "deep.ttl",
        PREFIXES + CITY + " rdfs:seeAlso " + "[ rdfs:seeAlso " * 200 + CITY + " ]" * 200 + " .\n",
        ":4",
        "nest deeper",
    ),
    (
        "deep.jsonld",
        '{"@id": "https://w3id.org/pim/id/city/test-x", "http://x.org/p": '
        + "[" * 200
        + "1"
        + "]" * 200
        + "}",
        "",
        "nested",
    ),
    (
        "huge-literal.ttl",
        PREFIXES + CITY + ' rdfs:label "' + "x" * 70_000 + '"@pl .\n',
        ":4",
        "over the limit",
    ),
    ("relative.ttl", PREFIXES + '<city/x> rdfs:label "x"@pl .\n', ":4", "syntax"),
    ("not-csv.csv", "just one line without the template's columns\n", ":1", "required column"),
]


def snapshot(folder: Path) -> set[str]:
    return {str(p) for p in folder.rglob("*")} if folder.exists() else set()


@pytest.mark.parametrize(("name", "content", "line", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
@pytest.mark.parametrize("command", ["check", "add"])
def test_hostile_submission(
    tmp_path: Path,
    submissions_dir: Path,
    no_network,
    command: str,
    name: str,
    content,
    line: str,
    words: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    before = snapshot(submissions_dir) | snapshot(tmp_path)
    result = CliRunner().invoke(main, ["submit", command, str(path)])
    assert result.exit_code == 2, result.output
    output = result.output.strip()
    assert len(output.splitlines()) == 1 and "Traceback" not in output, output
    assert f"{path}{line}:" in output or (not line and f"{path}:" in output), output
    assert words in output, output
    assert snapshot(submissions_dir) | snapshot(tmp_path) == before  # nothing written


def test_size_limit(tmp_path: Path, submissions_dir: Path) -> None:
    path = tmp_path / "big.ttl"
    path.write_text(PREFIXES + (CITY + ' rdfs:label "x"@pl .\n') * 100, encoding="utf-8")
    result = CliRunner().invoke(main, ["submit", "check", str(path), "--max-bytes", "1000"])
    assert result.exit_code == 2 and "over the limit of 1,000" in result.output


def test_entity_bomb_never_reaches_a_parser(tmp_path: Path, monkeypatch) -> None:
    # The refusal happens on the raw bytes: neither expat nor Oxigraph is ever called.
    from xml.parsers import expat

    import pyoxigraph

    def boom(*args, **kwargs):
        raise AssertionError("a parser was called on the entity bomb")

    monkeypatch.setattr(pyoxigraph, "parse", boom)
    monkeypatch.setattr(expat, "ParserCreate", boom)
    path = tmp_path / "bomb.rdf"
    path.write_text(bomb(), encoding="utf-8")
    assert path.stat().st_size < 1024
    result = CliRunner().invoke(main, ["submit", "check", str(path)])
    assert result.exit_code == 2 and "DOCTYPE" in result.output


def test_shapes_in_a_submission_are_ignored_and_reported(
    tmp_path: Path, submissions_dir: Path, no_network
) -> None:
    # The submission tries to switch our label shape off and to add a shape of its own;
    # our shapes still run (the city lacks an English label) and a warning says so.
    path = tmp_path / "sneaky.ttl"
    path.write_text(
        PREFIXES
        + """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/pim/shapes#LabelEnShape> sh:deactivated true .
<https://w3id.org/pim/id/test/evil-shape> a sh:NodeShape ;
    sh:targetNode <https://w3id.org/pim/id/city/slupsk> ;
    sh:property [ sh:path rdfs:label ; sh:maxCount 0 ] .
"""
        + CITY
        + """ a pim:City ; rdfs:label "Miasto X"@pl ;
    pim:participatedIn <https://w3id.org/pim/id/edition/2021-2023> ;
    dcterms:source <https://example.org/x> .
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["submit", "check", str(path)])
    assert result.exit_code == 1, result.output
    assert "ignored" in result.output and "SHACL" in result.output
    assert "English label" in result.output
    assert "slupsk" not in result.output  # the submitted shape did not run


def test_bad_file_in_a_folder_spoils_all(tmp_path: Path, submissions_dir: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    good = Path(__file__).resolve().parents[1] / "examples" / "submissions" / "example-mid.ttl"
    (folder / "a-good.ttl").write_bytes(good.read_bytes())
    (folder / "b-bad.ttl").write_text(
        PREFIXES + CITY + ' rdfs:label "unterminated .\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["submit", "add", str(folder)])
    assert result.exit_code == 2 and "b-bad.ttl:4:" in result.output
    assert not submissions_dir.exists() or not any(submissions_dir.iterdir())


def _negative_syntax_tests(suite: Path) -> list[Path]:
    manifest = Graph().parse(suite / "manifest.ttl")
    negative = URIRef("http://www.w3.org/ns/rdftest#TestTurtleNegativeSyntax")
    action = URIRef("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#action")
    return sorted(
        suite / str(manifest.value(test, action)).rsplit("/", 1)[-1]
        for test in manifest.subjects(
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), negative
        )
    )


def test_w3c_turtle_negative_syntax_suite(w3c_turtle_suite: Path, submissions_dir: Path) -> None:
    tests = _negative_syntax_tests(w3c_turtle_suite)
    assert len(tests) >= 70
    unclean = []
    for path in tests:
        result = CliRunner().invoke(main, ["submit", "check", str(path)])
        output = result.output.strip()
        if (
            result.exit_code != 2
            or "Traceback" in output
            or len(output.splitlines()) != 1
            or str(path) not in output
        ):
            unclean.append(f"{path.name}: exit {result.exit_code}: {output[:200]}")
    assert not unclean, "\n".join(unclean)
