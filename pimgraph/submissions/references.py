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
from pimgraph.core.messages import N_, _
from pimgraph.core.namespaces import PIM, PREFIXES
from pimgraph.core.text import fold, loose_key
from pimgraph.sparql.binding import checked_iri

# What each kind of reference must be. The messages name the kind in full sentences, one
# message each, so that a translation can decline the noun ("nie ma miasta o IRI ...").
KINDS = {
    "city": (PIM.City,),
    "network": (PIM.Network,),
    "theme": (PIM.Theme,),
    "scope": (PIM.RecommendationScope,),
    "kind": (PIM.ContentKind,),
    "framework": (PIM.PolicyFramework,),
    "edition": (PIM.ProgrammeEdition,),
}


# One whole sentence per kind (so Polish can decline the noun), translated when it is shown.
_NO_SUCH_IRI = {
    "city": N_("no city has the IRI <{iri}>"),
    "network": N_("no network has the IRI <{iri}>"),
    "theme": N_("no theme has the IRI <{iri}>"),
    "scope": N_("no scope has the IRI <{iri}>"),
    "kind": N_("no kind of content has the IRI <{iri}>"),
    "framework": N_("no policy framework has the IRI <{iri}>"),
    "edition": N_("no edition has the IRI <{iri}>"),
}
_SEVERAL = {
    "city": N_("'{text}' names several cities ({listed}); give the IRI"),
    "network": N_("'{text}' names several networks ({listed}); give the IRI"),
    "theme": N_("'{text}' names several themes ({listed}); give the IRI"),
    "scope": N_("'{text}' names several scopes ({listed}); give the IRI"),
    "kind": N_("'{text}' names several kinds of content ({listed}); give the IRI"),
    "framework": N_("'{text}' names several policy frameworks ({listed}); give the IRI"),
    "edition": N_("'{text}' names several editions ({listed}); give the IRI"),
}
_UNKNOWN = {
    "city": N_("unknown city '{text}'"),
    "network": N_("unknown network '{text}'"),
    "theme": N_("unknown theme '{text}'"),
    "scope": N_("unknown scope '{text}'"),
    "kind": N_("unknown kind of content '{text}'"),
    "framework": N_("unknown policy framework '{text}'"),
    "edition": N_("unknown edition '{text}'"),
}


def _no_such_iri(kind: str, iri: URIRef) -> str:
    return _(_NO_SUCH_IRI[kind], iri=iri)


def _several(kind: str, text: str, listed: str) -> str:
    return _(_SEVERAL[kind], text=text, listed=listed)


def _unknown(kind: str, text: str) -> str:
    return _(_UNKNOWN[kind], text=text)


# Subclasses through the ontology's rdfs:subClassOf, so this works on the asserted graph too.
_TYPED_LABELS = (
    """SELECT ?resource ?label WHERE {
  ?resource a/rdfs:subClassOf* ?_class_iri ; """
    """rdfs:label|skos:prefLabel|skos:altLabel|skos:notation ?label .
}"""
)


@dataclass(frozen=True)
class Resolution:
    iri: URIRef | None
    warning: str | None = None  # in the user's language
    error: str | None = None
    suggestion: str | None = None


class Resolver:
    """Looks values up among resources of one class, with the labels read once per class."""

    def __init__(self, engine, extra_labels: dict[URIRef, dict[URIRef, list[str]]] | None = None):
        self.engine = engine
        self._labels: dict[URIRef, dict[URIRef, list[str]]] = {}
        self._extra = extra_labels or {}

    def labels(self, cls: URIRef) -> dict[URIRef, list[str]]:
        """Resource -> its labels, for resources of ``cls`` (with inference, so subclasses
        count)."""
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
        cls = KINDS[kind][0]
        text = value.strip()
        iri = _as_iri(text)
        table = self.labels(cls)
        if iri is not None:
            if iri in table:
                return Resolution(iri)
            return Resolution(
                None,
                error=_no_such_iri(kind, iri),
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
                error=_several(kind, text, listed),
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
                warning=_("read '{text}' as '{shown}'", text=text, shown=shown),
            )
        return Resolution(
            None,
            error=_unknown(kind, text),
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
