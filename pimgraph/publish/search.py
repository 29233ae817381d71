"""The site's static search: an index of every resource and the table the browser needs to
treat a query as the build treated the text.

Two files below ``search/``, read by ``static/search.js`` with MiniSearch (no server):

``index.json``
    ``{"v", "langs", "types", "docs"}``: one document per resource (``i`` its local IRI,
    ``u``/``l``/``s`` its page URL, label and snippet by language, ``k`` its types' labels as
    an index into ``types``, whose entries hold the labels by language and their lemmas ``w``)
    with the searchable fields ``n`` (names: labels and alt labels, as folded words and their
    lemmas) and ``t`` (descriptions and notes, as lemmas).
``forms.json``
    ``{"v", "f"}``: folded inflected form -> the lemma(s) it stands for, space-separated, for
    the lemmas the index holds only ("rewitalizacji" -> "rewitalizacja").

Text in either language is searched from either page. Every word is lower-cased and
lemmatised with simplemma in its literal's language (Polish, English; both for untagged text),
then folded with ``pimgraph.core.text.loose_key``, so "slupsk" finds "Słupsk" and
"rewitalizacji" finds "rewitalizacja". The browser cannot run simplemma, so it folds each query
word the same way and looks it up in ``forms.json``; that table is simplemma's own dictionary
inverted, restricted to the index's lemmas, plus every form the build met. The JSON is compact
with sorted keys, so the same graph gives the same bytes.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

import simplemma
from rdflib import RDF, RDFS, SKOS, Literal, URIRef
from rdflib.namespace import DCTERMS
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory, DictionaryFactory

from pimgraph.core.choices import LANGUAGES
from pimgraph.core.labels import pick
from pimgraph.core.namespaces import PIM
from pimgraph.core.text import fold, loose_key
from pimgraph.graph.cache import cache_dir
from pimgraph.publish.html import site_page
from pimgraph.publish.i18n import ui
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.paths import DATA_NAMESPACE, html_path, inside, resource_stem
from pimgraph.rdf.canonical import write_atomically

SEARCH_DIR = "search"
INDEX_FILE = f"{SEARCH_DIR}/index.json"
FORMS_FILE = f"{SEARCH_DIR}/forms.json"
FORMAT_VERSION = 1  # search.js refuses files of another version rather than misreading them

NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
TEXT_PROPERTIES = (DCTERMS.description, SKOS.definition, SKOS.scopeNote, SKOS.note)
SNIPPET_LENGTH = 160
# The dictionaries simplemma ships for our two languages; untagged text tries Polish first,
# as the data is Polish with English translations.
LEMMA_LANGUAGES = ("pl", "en")
MIN_WORD = 2  # one-letter words ("i", "w", "z", "a") only bloat the index; search.js agrees
# Letters and digits, with the combining marks NFC leaves (casefolded "İ" is "i" + U+0307):
# search.js drops the marks before it splits, so a mark must not split a word here either.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = re.compile(f"(?:[^\\W_]|[{_MARKS}])+")


class Lemmas:
    """Lemmatises words once each and remembers, per dictionary, which lemmas were produced
    and which folded forms led to them, for the form table.

    simplemma decodes a dictionary in pure Python (some 8 s for Polish), so what it answered is
    also kept on disk (``known``, a ``LemmaStore``): a publish whose words were all seen before
    never loads a dictionary."""

    def __init__(self, dictionaries: DictionaryFactory, known: LemmaStore | None = None) -> None:
        self.dictionaries = dictionaries
        self.known = known or LemmaStore(None)
        self._lemmatizer = simplemma.Lemmatizer(
            lemmatization_strategy=DefaultStrategy(dictionary_factory=dictionaries)
        )
        self._cache: dict[tuple[str, str | None], str] = {}
        self.produced: set[str] = set()  # lemmas as simplemma spells them (case kept)
        self.met: dict[str, set[str]] = {}  # folded form -> folded lemmas, as the build saw them

    def lemma(self, word: str, lang: str | None) -> str:
        """The folded lemma of a case-folded ``word`` in the literal's language ``lang``."""
        key = (word, lang)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        languages = (lang,) if lang in LEMMA_LANGUAGES else LEMMA_LANGUAGES
        raw = self.known.lemma(word, languages) or self._lemmatizer.lemmatize(word, lang=languages)
        self.known.remember_lemma(word, languages, raw)
        self.produced.add(raw)
        folded = loose_key(raw)
        form = loose_key(word)
        if form != folded:
            self.met.setdefault(form, set()).add(folded)
        self._cache[key] = folded
        return folded

    def pairs(self, lang: str, lemmas: set[str]) -> list[tuple[str, str]]:
        """``dictionary_pairs`` for ``lemmas``, from the store where it has them all."""
        missing = self.known.missing_forms(lang, lemmas)
        if missing:
            found = dictionary_pairs(self.dictionaries, lang, missing)
            self.known.remember_forms(lang, missing, found)
        return self.known.pairs(lang, lemmas)


class LemmaStore:
    """What simplemma answered, kept between runs in the graph cache's folder: word -> lemma
    per language choice, and lemma -> the dictionary's forms of it. One file per simplemma
    version, so a new release's dictionaries are never mixed with an old one's answers."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.lemmas: dict[str, str] = {}
        self.forms: dict[str, dict[str, list[str]]] = {}
        self.changed = False
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.lemmas, self.forms = dict(data["lemmas"]), dict(data["forms"])
            except (OSError, ValueError, KeyError, TypeError):
                self.lemmas, self.forms = {}, {}  # a damaged cache is rebuilt, never trusted

    @staticmethod
    def _key(word: str, languages: tuple[str, ...]) -> str:
        return ",".join(languages) + "\t" + word

    def lemma(self, word: str, languages: tuple[str, ...]) -> str | None:
        return self.lemmas.get(self._key(word, languages))

    def remember_lemma(self, word: str, languages: tuple[str, ...], lemma: str) -> None:
        key = self._key(word, languages)
        if key not in self.lemmas:
            self.lemmas[key] = lemma
            self.changed = True

    def missing_forms(self, lang: str, lemmas: set[str]) -> set[str]:
        return lemmas - set(self.forms.get(lang, {}))

    def remember_forms(self, lang: str, lemmas: set[str], pairs: list[tuple[str, str]]) -> None:
        known = self.forms.setdefault(lang, {})
        for lemma in lemmas:
            known.setdefault(lemma, [])
        for form, lemma in pairs:
            known[lemma].append(form)
        self.changed = True

    def pairs(self, lang: str, lemmas: set[str]) -> list[tuple[str, str]]:
        known = self.forms.get(lang, {})
        return sorted((form, lemma) for lemma in lemmas for form in known.get(lemma, []))

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        data = {"lemmas": self.lemmas, "forms": self.forms}
        with contextlib.suppress(OSError):  # a cache not written only costs time next run
            write_atomically(self.path, _json(data))


LEMMA_CACHE_VARIABLE = "PIMGRAPH_LEMMA_CACHE"  # a folder; default: lemmas/ in the cache folder


def lemma_store() -> LemmaStore:
    """The store for this simplemma: in $PIMGRAPH_LEMMA_CACHE, else in the graph cache's folder.
    It only remembers what a pure function answered, so builds with private graph caches (the
    tests') may share one."""
    folder = os.environ.get(LEMMA_CACHE_VARIABLE) or str(cache_dir() / "lemmas")
    return LemmaStore(Path(folder) / f"simplemma-{simplemma.__version__}.json")


def words(text: str) -> list[str]:
    """The case-folded words of ``text`` (diacritics kept: simplemma needs them)."""
    return [w for w in _WORD.findall(fold(text)) if len(loose_key(w)) >= MIN_WORD]


def _unique(items: Iterable[str]) -> list[str]:
    # Each term once per field: term frequency barely matters for short texts, bytes do.
    return list(dict.fromkeys(items))


def _literals(site: SiteGraph, iri: URIRef, properties) -> list[Literal]:
    found = {v for p in properties for v in site.graph.objects(iri, p) if isinstance(v, Literal)}
    return sorted(found, key=lambda v: (v.language or "", str(v)))


def snippet(text: str, limit: int = SNIPPET_LENGTH) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def _by_language(literals: list[Literal], lang: str) -> str | None:
    texts: dict[str | None, str] = {}
    for value in literals:
        texts.setdefault(value.language, str(value))
    return pick(texts, lang)


# The records of evidence behind the links to other datasets are found from the resource they
# link ("Słupsk"), not on their own: as results they would crowd out the resources themselves.
NOT_SEARCHED = (PIM.LinkRecord,)


class SearchIndex:
    """The documents and the form table for one site, built once and kept in memory."""

    def __init__(self, site: SiteGraph, languages: Iterable[str] = LANGUAGES):
        self.site = site
        self.languages = tuple(lang for lang in LANGUAGES if lang in set(languages))
        # A factory of our own, not simplemma's process-wide one: its dictionaries (some
        # 400 MB for Polish) go when the index is built, not stay in a `pimgraph serve`.
        self.lemmas = Lemmas(DefaultDictionaryFactory(), lemma_store())
        self._types: dict[tuple[str, ...], int] = {}
        self.docs = [
            self._document(iri)
            for iri in site.resources
            if not any(site.has_type(iri, kind) for kind in NOT_SEARCHED)
        ]
        self.type_entries = [self._type_entry(labels) for labels in self._types]
        self.form_table = self.forms()
        self.lemmas.known.save()

    def _document(self, iri: URIRef) -> dict:
        site = self.site
        names = _literals(site, iri, NAME_PROPERTIES)
        texts = _literals(site, iri, TEXT_PROPERTIES)
        stem = resource_stem(str(iri))
        name_terms: list[str] = []
        for value in names:
            for word in words(str(value)):
                # The folded word as written too: a name is typed as it is spelt, often only
                # its beginning, and a proper name's lemma may be another place's name.
                name_terms += (loose_key(word), self.lemmas.lemma(word, value.language))
        text_terms = [
            self.lemmas.lemma(word, value.language) for value in texts for word in words(str(value))
        ]
        doc = {
            "i": str(iri)[len(DATA_NAMESPACE) :],
            "u": {lang: str(html_path(stem, lang)) for lang in self.languages},
            "l": {lang: site.label(iri, lang) for lang in self.languages},
            "k": self._type_key(iri),
        }
        for field, terms in (("n", name_terms), ("t", text_terms)):
            if terms:  # an absent field is an empty one to MiniSearch
                doc[field] = " ".join(_unique(terms))
        snippets = self._snippets(iri)
        if snippets:
            doc["s"] = snippets
        return doc

    def _snippets(self, iri: URIRef) -> dict[str, str]:
        """The snippet by language: the description, else a definition, a scope note, a note
        (the first property with any text), in the page's language if it has one."""
        for prop in TEXT_PROPERTIES:
            texts = _literals(self.site, iri, (prop,))
            if texts:
                found = {lang: _by_language(texts, lang) for lang in self.languages}
                return {lang: snippet(text) for lang, text in found.items() if text}
        return {}

    def _type_key(self, iri: URIRef) -> int:
        """The index of the resource's type labels in the shared ``types`` table: few
        distinct combinations, repeated on thousands of documents."""
        site = self.site
        types = sorted(
            (t for t in site.graph.objects(iri, RDF.type) if isinstance(t, URIRef)), key=str
        )
        labels = tuple(
            ", ".join(sorted(site.label(t, lang) for t in types)) for lang in self.languages
        )
        return self._types.setdefault(labels, len(self._types))

    def _type_entry(self, labels: tuple[str, ...]) -> dict:
        """A ``types`` entry: the labels by language and, as ``w``, their lemmas, so that
        "miasto słupsk" finds the city Słupsk (search.js indexes them with each document)."""
        entry: dict[str, str] = dict(zip(self.languages, labels, strict=True))
        terms = [
            self.lemmas.lemma(word, lang)
            for lang, text in zip(self.languages, labels, strict=True)
            for word in words(text)
        ]
        if terms:
            entry["w"] = " ".join(_unique(terms))
        return entry

    def index_data(self) -> dict:
        return {
            "v": FORMAT_VERSION,
            "langs": list(self.languages),
            "types": self.type_entries,
            "docs": self.docs,
        }

    def indexed_lemmas(self) -> set[str]:
        fields = [doc.get(field, "") for doc in self.docs for field in ("n", "t")]
        fields += [entry.get("w", "") for entry in self.type_entries]
        return {term for text in fields for term in text.split()}

    def forms(self) -> dict[str, str]:
        """Folded form -> the folded lemmas (space-separated) it stands for, for the lemmas the
        index holds; a form equal to its only lemma is left out (the browser tries the word
        itself anyway)."""
        wanted = self.indexed_lemmas()
        table: dict[str, set[str]] = {f: set(ls) for f, ls in self.lemmas.met.items()}
        spelt = {raw for raw in self.lemmas.produced if loose_key(raw) in wanted}
        for lang in LEMMA_LANGUAGES:
            for form, lemma in self.lemmas.pairs(lang, spelt):
                folded_form, folded_lemma = loose_key(form), loose_key(lemma)
                # Only what search.js can ask for: one word ("'d" is no query word).
                if len(folded_form) >= MIN_WORD and _WORD.fullmatch(folded_form):
                    table.setdefault(folded_form, set()).add(folded_lemma)
        return {
            form: " ".join(sorted(lemmas))
            for form, lemmas in table.items()
            if lemmas & wanted and lemmas != {form}
        }

    def forms_data(self) -> dict:
        return {"v": FORMAT_VERSION, "f": self.form_table}


def dictionary_pairs(
    dictionaries: DictionaryFactory, lang: str, lemmas: set[str]
) -> list[tuple[str, str]]:
    """The (form, lemma) pairs of simplemma's ``lang`` dictionary whose lemma is in
    ``lemmas`` (spelt as simplemma spells them)."""
    mapping = dictionaries.get_dictionary(lang)
    raw = getattr(mapping, "_dict", None)
    if isinstance(raw, dict):
        # simplemma keeps the dictionary as bytes -> bytes and decodes on access: comparing
        # bytes scans the 3.7 million Polish forms in half a second instead of ten.
        wanted = {lemma.encode("utf-8") for lemma in lemmas}
        return sorted(
            (form.decode("utf-8"), lemma.decode("utf-8"))
            for form, lemma in raw.items()
            if lemma in wanted
        )
    return sorted((form, lemma) for form, lemma in mapping.items() if lemma in lemmas)


def _json(data: Mapping) -> str:
    # Compact and with sorted keys: small, and the same graph gives the same bytes.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def search_files(site: SiteGraph, languages: Iterable[str] = LANGUAGES) -> dict[str, str]:
    """Site-relative path -> text of the search files, for a writer that puts them in place."""
    index = SearchIndex(site, languages)
    return {INDEX_FILE: _json(index.index_data()), FORMS_FILE: _json(index.forms_data())}


def write_search_files(
    site: SiteGraph, out_dir: Path, languages: Iterable[str] = LANGUAGES
) -> list[Path]:
    """Write ``search/index.json`` and ``search/forms.json`` below ``out_dir``; their paths."""
    written = []
    for relative, text in search_files(site, languages).items():
        target = inside(Path(out_dir), relative)
        write_atomically(target, text)
        written.append(target)
    return written


def search_page(lang: str) -> tuple[PurePosixPath, str]:
    """``search.{lang}.html``: the results page every page's search box submits to (``?q=``);
    search.js fills it in the browser, and says so when JavaScript is off."""
    return site_page("search.html", "search", lang, ui("search", lang), ui("search_intro", lang))
