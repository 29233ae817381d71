"""Resolve what a submission names — a city, network, theme, scope — against the graph.

A value may be an IRI, a prefixed name, or a label in Polish or English (alternative labels and
notations such as ``legal`` count too). A label that matches only when diacritics are ignored
("Slupsk") is accepted with a warning; anything else unknown is an error with the closest label
of the right kind as a suggestion.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from rdflib import URIRef

from pimgraph.core.errors import UsageError
from pimgraph.core.namespaces import PIM, PREFIXES
from pimgraph.core.text import fold, loose_key
from pimgraph.sparql.binding import checked_iri

# What each kind of reference must be, with its name in both languages for messages.
KINDS = {
    "city": (PIM.City, "city", "miasto"),
    "network": (PIM.Network, "network", "sieć"),
    "theme": (PIM.Theme, "theme", "temat"),
    "scope": (PIM.RecommendationScope, "scope", "zakres"),
    "kind": (PIM.ContentKind, "kind of content", "rodzaj treści"),
    "framework": (PIM.PolicyFramework, "policy framework", "ramy polityki"),
    "edition": (PIM.ProgrammeEdition, "edition", "edycja"),
}

# Subclasses through the ontology's rdfs:subClassOf, so this works on the asserted graph too.
_TYPED_LABELS = """SELECT ?resource ?label WHERE {
  ?resource a/rdfs:subClassOf* ?_class_iri ; rdfs:label|skos:prefLabel|skos:altLabel|skos:notation ?label .
}"""


@dataclass(frozen=True)
class Resolution:
    iri: URIRef | None
    warning: tuple[str, str] | None = None  # (en, pl)
    error: tuple[str, str] | None = None
    suggestion: str | None = None


class Resolver:
    """Looks values up among resources of one class, with the labels read once per class."""

    def __init__(self, engine, extra_labels: dict[URIRef, dict[URIRef, list[str]]] | None = None):
        self.engine = engine
        self._labels: dict[URIRef, dict[URIRef, list[str]]] = {}
        self._extra = extra_labels or {}

    def labels(self, cls: URIRef) -> dict[URIRef, list[str]]:
        """Resource -> its labels, for resources of ``cls`` (with inference, so subclasses count)."""
        if cls not in self._labels:
            from rdflib import Variable

            table: dict[URIRef, list[str]] = {}
            for resource, label in self.engine.query(
                _TYPED_LABELS, {Variable("_class_iri"): cls}
            ).rows:
                table.setdefault(resource, []).append(str(label))
            for resource, labels in self._extra.get(cls, {}).items():
                table.setdefault(resource, []).extend(labels)
            self._labels[cls] = table
        return self._labels[cls]

    def exists(self, iri: URIRef, cls: URIRef) -> bool:
        return iri in self.labels(cls)

    def resolve(self, value: str, kind: str) -> Resolution:
        cls, name_en, name_pl = KINDS[kind]
        text = value.strip()
        iri = _as_iri(text)
        table = self.labels(cls)
        if iri is not None:
            if iri in table:
                return Resolution(iri)
            return Resolution(
                None,
                error=(f"no {name_en} has the IRI <{iri}>", f"nie ma {name_pl} o IRI <{iri}>"),
                suggestion=self._closest(str(iri).rsplit("/", 1)[-1].replace("-", " "), table),
            )
        exact = sorted(
            r for r, labels in table.items() if any(fold(label) == fold(text) for label in labels)
        )
        if len(exact) == 1:
            return Resolution(exact[0])
        if len(exact) > 1:
            listed = ", ".join(f"<{r}>" for r in exact)
            return Resolution(
                None,
                error=(
                    f"'{text}' names several {name_en} resources ({listed}); give the IRI",
                    f"'{text}' oznacza kilka zasobów typu {name_pl} ({listed}); podaj IRI",
                ),
            )
        loose = sorted(
            r
            for r, labels in table.items()
            if any(loose_key(label) == loose_key(text) for label in labels)
        )
        if len(loose) == 1:
            shown = self.engine.label(loose[0], "pl")
            return Resolution(
                loose[0],
                warning=(f"read '{text}' as '{shown}'", f"odczytano '{text}' jako '{shown}'"),
            )
        return Resolution(
            None,
            error=(f"unknown {name_en} '{text}'", f"nieznane: {name_pl} '{text}'"),
            suggestion=self._closest(text, table),
        )

    def _closest(self, text: str, table: dict[URIRef, list[str]]) -> str | None:
        by_label = {loose_key(label): label for labels in table.values() for label in labels}
        close = difflib.get_close_matches(loose_key(text), list(by_label), n=1, cutoff=0.5)
        return by_label[close[0]] if close else None


def _as_iri(text: str) -> URIRef | None:
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, colon, local = text.partition(":")
    try:
        if colon and prefix in PREFIXES and not local.startswith("//"):
            return checked_iri(PREFIXES[prefix] + local, "value")
        if text.startswith(("http://", "https://", "urn:")):
            return checked_iri(text, "value")
    except UsageError:
        return None
    return None
