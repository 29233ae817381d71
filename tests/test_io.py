"""Safe offline parsing: every bad file is one InputError naming the file (and line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from pimgraph.core.errors import InputError
from pimgraph.rdf.io import ParseLimits, parse_file

TURTLE_OK = '@prefix ex: <http://example.org/> .\nex:a ex:b "ç"@pl .\n'


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_parses_turtle(tmp_path: Path) -> None:
    assert len(parse_file(write(tmp_path, "ok.ttl", TURTLE_OK))) == 1


@pytest.mark.parametrize(
    ("name", "content", "where", "words"),
    [
        ("empty.ttl", "  \n", "empty.ttl", "empty"),
        (
            "latin2.ttl",
            b'@prefix ex: <http://example.org/> .\nex:a ex:b "\xb3\xf3d\xbc" .\n',
            "latin2.ttl:2",
            "UTF-8",
        ),
        ("page.ttl", "<!DOCTYPE html>\n<html><body>Not found</body></html>", "page.ttl:1", "HTML"),
        (
            "bad.nt",
            "<http://x/a> <http://x/b> <http://x/c> .\n<http://x/a> <http://x/b> .\n",
            "bad.nt:2",
            "N-Triples",
        ),
        (
            "bad.rdf",
            '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<oops\n</rdf:RDF>',
            "bad.rdf:4",
            "RDF/XML",
        ),
        ("bad.jsonld", '{\n "@id": "http://x/a",\n "http://x/b": \n}', "bad.jsonld:4", "JSON"),
        ("file.unknown", "x", "file.unknown", "extension"),
    ],
)
def test_bad_file_names_file_and_line(
    tmp_path: Path, name: str, content, where: str, words: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as caught:
        parse_file(path)
    message = str(caught.value)
    assert message.startswith(str(tmp_path / where) + ":"), message
    assert words in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "context",
    [
        '"https://schema.org/"',
        '"file:///etc/passwd"',
        '["ctx.jsonld"]',
        '{"@import": "https://example.org/c.jsonld"}',
    ],
)
def test_jsonld_contexts_from_outside_are_refused(tmp_path: Path, context: str) -> None:
    path = write(
        tmp_path, "remote.jsonld", f'{{\n "@context": {context},\n "@id": "http://x/a"\n}}'
    )
    with pytest.raises(InputError, match="remote.jsonld:2: JSON-LD"):
        parse_file(path)


def test_nested_scoped_remote_context_is_refused(tmp_path: Path) -> None:
    doc = '{"@context": {"p": {"@id": "http://x/p", "@context": "https://evil.example/c"}}, "@id": "http://x/a"}'
    with pytest.raises(InputError, match="fetched"):
        parse_file(write(tmp_path, "scoped.jsonld", doc))


def test_inline_jsonld_context_is_fine(tmp_path: Path) -> None:
    doc = '{"@context": {"ex": "http://example.org/"}, "@id": "ex:a", "ex:b": "c"}'
    assert len(parse_file(write(tmp_path, "ok.jsonld", doc))) == 1


def test_xml_entity_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + "".join(
            f' <!ENTITY lol{i} "{"&lol%s;" % ("" if i == 1 else i - 1) * 10}">\n'
            for i in range(1, 10)
        )
        + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">&lol9;</rdf:RDF>\n'
    )
    path = write(tmp_path, "bomb.rdf", bomb)
    assert path.stat().st_size < 2048
    with pytest.raises(InputError, match="bomb.rdf:2: RDF/XML with a DOCTYPE"):
        parse_file(path)


def test_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.ttl", TURTLE_OK * 100)
    with pytest.raises(InputError, match="over the limit"):
        parse_file(path, limits=ParseLimits(max_bytes=100))


def test_failed_file_adds_nothing_to_the_graph(tmp_path: Path) -> None:
    graph = Graph()
    parse_file(write(tmp_path, "ok.ttl", TURTLE_OK), graph)
    half = TURTLE_OK + 'ex:c ex:d "unterminated .\n'
    with pytest.raises(InputError):
        parse_file(write(tmp_path, "half.ttl", half), graph)
    assert len(graph) == 1
