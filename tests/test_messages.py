"""The message catalogue: every message has Polish, plurals have Polish's three forms, the .mo is
fresh, and ``--lang pl`` / ``PIMGRAPH_LANG=pl`` really switch the command line to Polish."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from pimgraph.cli import main
from pimgraph.core.messages import LOCALE_DIR, _, ngettext, set_language

from .conftest import FIXTURES

PACKAGE = Path(__file__).resolve().parents[1] / "pimgraph"
PO = LOCALE_DIR / "pl" / "LC_MESSAGES" / "pimgraph.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None, "plural_forms": (1, 2)}

# Words that are the same in Polish (names, codes); anything else must be translated.
SAME_IN_POLISH = {"Format", "MID", "SHA-256", "SPARQL", "{url}: HTTP {code} {reason}{said}"}


def _catalogue():
    with PO.open("rb") as stream:
        return read_po(stream, locale="pl")


def _extracted() -> dict[str, str | tuple[str, str]]:
    found = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, keywords=KEYWORDS, comment_tags=()
    ):
        found[message[0] if isinstance(message, tuple) else message] = message
    return found


def _only_placeholders(text: str) -> bool:
    """A message like "{severity}: {where}: {message}" has no words to translate."""
    return not re.search(r"[A-Za-z]", re.sub(r"\{[^}]*\}", "", text))


def test_every_message_has_a_polish_translation() -> None:
    catalogue = _catalogue()
    untranslated, unchanged = [], []
    for msgid, message in sorted(_extracted().items()):
        entry = catalogue.get(msgid)
        strings = () if entry is None else entry.string
        strings = (strings,) if isinstance(strings, str) else tuple(strings)
        if not strings or not all(s.strip() for s in strings):
            untranslated.append(msgid)
            continue
        if isinstance(message, tuple) != isinstance(entry.id, tuple):
            untranslated.append(f"{msgid} (plural form differs from the code)")
        english = message if isinstance(message, tuple) else (message,)
        if strings[0] in english and msgid not in SAME_IN_POLISH and not _only_placeholders(msgid):
            unchanged.append(msgid)
        placeholders = set(re.findall(r"\{(\w+)", " ".join(english)))
        for text in strings:
            if set(re.findall(r"\{(\w+)", text)) - placeholders - {"n"}:
                untranslated.append(f"{msgid} (unknown placeholder in {text!r})")
    assert not untranslated, untranslated
    assert not unchanged, f"Polish equals English (add to SAME_IN_POLISH if right): {unchanged}"


def test_plural_entries_have_three_polish_forms() -> None:
    plurals = [m for m in _catalogue() if m.id and isinstance(m.id, tuple)]
    assert len(plurals) >= 10
    for message in plurals:
        assert len(message.string) == 3 and all(message.string), message.id


@pytest.mark.parametrize(
    ("singular", "plural", "expected"),
    [
        ("{n} error", "{n} errors", ["1 błąd", "3 błędy", "5 błędów", "22 błędy"]),
        (
            "{n} warning",
            "{n} warnings",
            ["1 ostrzeżenie", "3 ostrzeżenia", "5 ostrzeżeń", "22 ostrzeżenia"],
        ),
        ("{n} row", "{n} rows", ["1 wiersz", "3 wiersze", "5 wierszy", "22 wiersze"]),
        ("{n} triple", "{n} triples", ["1 trójka", "3 trójki", "5 trójek", "22 trójki"]),
        (
            "{n} violation",
            "{n} violations",
            ["1 naruszenie", "3 naruszenia", "5 naruszeń", "22 naruszenia"],
        ),
    ],
)
def test_polish_plural_forms_render(singular: str, plural: str, expected: list[str]) -> None:
    assert [ngettext(singular, plural, n, lang="pl") for n in (1, 3, 5, 22)] == expected
    assert [ngettext(singular, plural, n, lang="pl") for n in (12, 112)] == [
        expected[2].replace("5", str(n)) for n in (12, 112)
    ]
    english = [ngettext(singular, plural, n, lang="en") for n in (1, 3)]
    assert english == [singular.format(n=1), plural.format(n=3)]


def test_committed_mo_equals_a_fresh_compile_of_the_po() -> None:
    fresh = io.BytesIO()
    write_mo(fresh, _catalogue())
    fresh.seek(0)
    with MO.open("rb") as stream:
        committed = read_mo(stream)
    compiled = read_mo(fresh)

    def entries(catalogue):
        return {str(m.id): str(m.string) for m in catalogue if m.id}

    assert entries(committed) == entries(compiled), "run tests/tools/messages"


@pytest.fixture()
def bad_csv(tmp_path: Path) -> Path:
    from .test_submissions import MID_ROW, write_csv

    # Three errors on one row: a misspelled city, and two lists that do not pair up.
    row = MID_ROW | {
        "actions_pl": "A [2024..2025]; B [2025..2026]",
        "actions_en": "A [2024..2025]",
        "problems_en": "",
    }
    return write_csv(tmp_path / "mid.csv", "mid", [row])


def test_validate_in_polish() -> None:
    result = CliRunner().invoke(
        main, ["validate", str(FIXTURES / "cli" / "city-without-en-label.ttl"), "--lang", "pl"]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("NARUSZENIE: Miasto Bez Etykiety"), lines[0]
    assert "etykiet" in lines[0]  # the shape's own Polish message
    assert re.fullmatch(
        r"niezgodne z kształtami: \d+ trój(ka|ki|ek), 1 naruszenie, 0 ostrzeżeń", lines[-1]
    ), lines[-1]


def test_submit_check_in_polish(bad_csv: Path, submissions_dir: Path) -> None:
    result = CliRunner().invoke(main, ["submit", "check", str(bad_csv), "--lang", "pl"])
    assert result.exit_code == 1
    output = result.output
    assert "BŁĄD:" in output and "kolumna 'miasto / city'" in output
    assert "nieznane miasto 'Słubsk' (czy chodziło o: Słupsk?)" in output
    assert "2 działania po polsku, a 1 po angielsku" in output
    assert "1 problem po polsku, a 0 po angielsku" in output
    summary = output.strip().splitlines()[-1]
    assert summary.endswith(", 3 błędy, 0 ostrzeżeń)"), summary
    assert "wymaga poprawek przed dodaniem" in summary


def test_submit_check_json_keeps_its_severity_names(bad_csv: Path, submissions_dir: Path) -> None:
    import json

    result = CliRunner().invoke(main, ["submit", "check", str(bad_csv), "--output", "json"])
    report = json.loads(result.output)
    assert {f["severity"] for f in report["findings"]} == {"error"}
    assert report["conforms"] is False


def test_errors_in_polish(tmp_path: Path) -> None:
    unknown = CliRunner().invoke(main, ["query", "nope", "--lang", "pl"])
    assert unknown.exit_code == 2
    assert unknown.output.startswith("pimgraph: błąd: nieznane zapytanie 'nope'"), unknown.output
    empty = tmp_path / "empty.ttl"
    empty.write_text("\n", encoding="utf-8")
    bad = CliRunner().invoke(
        main, ["query", "cities-sharing-themes", "--data", str(empty), "--lang", "pl"]
    )
    assert bad.exit_code == 2
    assert f"{empty}: plik jest pusty" in bad.output, bad.output


def test_pimgraph_lang_sets_the_default(monkeypatch, bad_csv: Path, submissions_dir: Path) -> None:
    monkeypatch.setenv("PIMGRAPH_LANG", "pl")
    result = CliRunner().invoke(main, ["submit", "check", str(bad_csv)])
    assert result.exit_code == 1 and ", 3 błędy, 0 ostrzeżeń)" in result.output
    listing = CliRunner().invoke(main, ["submit", "list", "--into", str(bad_csv.parent / "none")])
    assert listing.output.strip() == "0 zgłoszeń"
    english = CliRunner().invoke(main, ["submit", "check", str(bad_csv), "--lang", "en"])
    assert ", 3 errors, 0 warnings)" in english.output


def test_a_run_in_polish_does_not_leak_into_the_next(bad_csv: Path) -> None:
    CliRunner().invoke(main, ["query", "nope", "--lang", "pl"])
    assert _("does not conform") == "does not conform"
    set_language(None)


@pytest.mark.parametrize(
    ("args", "polish", "english"),
    [
        (
            ["explore", "similar", "Słupsk"],
            ["Miasta najbardziej podobne do", "podobieństwo", "wspólne tematy [przez]"],
            ["Cities most like", "similarity"],
        ),
        (
            ["explore", "shared-themes", "--top", "3"],
            ["Miasta o wspólnych tematach", "Pary według podobieństwa", "Skupiska miast"],
            ["Cities sharing themes", "Pairs by similarity"],
        ),
        (["explain", "Słupsk", "Gdańsk"], ["najkrótsze ścieżki, 2 kroki:"], ["shortest path"]),
        (
            ["stats"],
            ["stwierdzon", "w danych (", "z ontologią i wnioskowaniem"],
            ["triples asserted"],
        ),
    ],
    ids=["explore-similar", "explore-shared-themes", "explain", "stats"],
)
def test_explore_explain_and_stats_in_polish(args, polish, english) -> None:
    result = CliRunner().invoke(main, [*args, "--lang", "pl"])
    assert result.exit_code == 0, result.output
    for words in polish:
        assert words in result.output, (words, result.output[:600])
    for words in english:
        assert words not in result.output, (words, result.output[:600])


def test_explore_errors_in_polish() -> None:
    result = CliRunner().invoke(main, ["explore", "similar", "Sieć Miasto Zielone", "--lang", "pl"])
    assert result.exit_code == 2
    assert "pimgraph: błąd:" in result.output and "nie jest miastem" in result.output
