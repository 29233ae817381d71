"""Turn ``--param name=value`` strings into RDF terms, and bind them without touching the text.

An IRI parameter accepts a full IRI, a prefixed name (``pimid:city/slupsk``) or a label in
Polish or English (``Słupsk``), resolved against the graph; an ambiguous or unknown label is an
error that lists the candidates. Typed parameters are checked (``15 || true`` is not an
integer). Remote queries get a ``VALUES`` block built from ``term.n3()`` inserted at the start
of the top-level group; local ones use rdflib's ``initBindings``.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from rdflib import XSD, Graph, Literal, URIRef, Variable
from rdflib.term import Node

from pimgraph.core.errors import UsageError
from pimgraph.core.labels import label, label_index
from pimgraph.core.messages import _, ngettext
from pimgraph.core.namespaces import ALLOWED_IRI_SCHEMES, PREFIXES, iri_scheme
from pimgraph.core.text import fold
from pimgraph.sparql.catalogue import Parameter, StoredQuery

# What RFC 3987 forbids in an IRI, plus the characters that would break out of <...> in SPARQL.
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|\\^`]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """``["city=Słupsk", ...]`` -> ``{"city": "Słupsk"}``; a malformed pair is a usage error."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(_("--param takes name=value, got {pair}", pair=repr(pair)))
        name = name.strip().lstrip("?$").lstrip("_")
        if name in values:
            raise UsageError(_("parameter '{name}' is given twice", name=name))
        values[name] = value.strip()
    return values


def checked_iri(text: str, where: str) -> URIRef:
    """``text`` as an IRI, refusing anything that is not a plain absolute http(s)/urn IRI."""
    if _BAD_IRI_CHARS.search(text) or not _SCHEME.match(text):
        raise UsageError(_("{where}: {text} is not an absolute IRI", where=where, text=repr(text)))
    scheme = iri_scheme(text)
    if scheme not in ALLOWED_IRI_SCHEMES:
        raise UsageError(
            _(
                "{where}: IRI scheme '{scheme}' is not allowed (use http or https)",
                where=where,
                scheme=scheme,
            )
        )
    return URIRef(text)


class LabelSource(Protocol):
    """Where labels come from besides a Graph: a ``pimgraph.graph.engine.Engine``."""

    def label_index(self) -> dict[str, set[URIRef]]: ...

    def label(self, term: Node, lang: str = "en") -> str: ...


class _LazyIndex(dict):
    """The label index, built on first look-up only: a value given as an IRI (or no value at
    all) must not cost a scan of every label in a big graph."""

    def __init__(self, source):
        super().__init__()
        self.source, self._name_of, self.loaded = source, str, False

    def _load(self) -> None:
        if not self.loaded and self.source is not None:
            index, self._name_of = _resolver(self.source)
            self.update(index)
        self.loaded = True

    def get(self, key, default=None):
        self._load()
        return super().get(key, default)

    def __iter__(self):
        self._load()
        return super().__iter__()

    def __getitem__(self, key):
        self._load()
        return super().__getitem__(key)

    def name_of(self, term: URIRef) -> str:
        self._load()
        return self._name_of(term)


def _resolver(source) -> tuple[Mapping[str, set[URIRef]], Callable[[URIRef], str]]:
    if isinstance(source, Graph):
        return label_index(source), lambda term: label(source, term, "pl")
    return source.label_index(), lambda term: source.label(term, "pl")


def resolve_resource(
    value: str,
    where: str,
    index: Mapping[str, set[URIRef]] | None,
    name_of: Callable[[URIRef], str] = str,
) -> URIRef:
    """An IRI from an IRI, a prefixed name, or a unique label in ``index``."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return checked_iri(text[1:-1], where)
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return checked_iri(PREFIXES[prefix] + local, where)
    if _SCHEME.match(text) and "://" in text or text.startswith("urn:"):
        return checked_iri(text, where)
    if index is None or (isinstance(index, _LazyIndex) and index.source is None):
        raise UsageError(
            _(
                "{where}: {text} is not an IRI (labels can only be looked up in a graph)",
                where=where,
                text=repr(text),
            )
        )
    matches = sorted(index.get(fold(text), set()))
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = "; ".join(f"{name_of(m)} <{m}>" for m in matches[:8])
        raise UsageError(
            ngettext(
                "{where}: {text} names {n} resource: {listed}; give the IRI",
                "{where}: {text} names {n} resources: {listed}; give the IRI",
                len(matches),
                where=where,
                text=repr(text),
                listed=listed,
            )
        )
    close = difflib.get_close_matches(fold(text), list(index), n=3, cutoff=0.6)
    if close:
        suggestions = "; ".join(
            f"{name_of(resource)} <{resource}>"
            for label in close
            for resource in sorted(index[label])[:1]
        )
        raise UsageError(
            _(
                "{where}: nothing is labelled {text}; did you mean: {suggestions}?",
                where=where,
                text=repr(text),
                suggestions=suggestions,
            )
        )
    raise UsageError(
        _(
            "{where}: nothing is labelled {text}; give an IRI or a label in Polish or English",
            where=where,
            text=repr(text),
        )
    )


def to_term(
    parameter: Parameter,
    value: str,
    index: Mapping[str, set[URIRef]] | None = None,
    name_of: Callable[[URIRef], str] = str,
) -> Node:
    """The RDF term for one parameter value, checked against the parameter's type."""
    where = f"--param {parameter.name}"
    kind = parameter.type
    if kind == "iri":
        return resolve_resource(value, where, index, name_of)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", value.strip()):
            raise UsageError(
                _("{where}: {value} is not an integer", where=where, value=repr(value))
            )
        return Literal(int(value), datatype=XSD.integer)
    if kind == "decimal":
        if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", value.strip()):
            raise UsageError(
                _("{where}: {value} is not a decimal number", where=where, value=repr(value))
            )
        return Literal(value.strip(), datatype=XSD.decimal)
    if kind == "boolean":
        folded = value.strip().lower()
        if folded not in {"true", "false", "1", "0"}:
            raise UsageError(
                _("{where}: {value} is not true or false", where=where, value=repr(value))
            )
        return Literal(folded in {"true", "1"})
    if kind == "date":
        try:
            return Literal(datetime.date.fromisoformat(value.strip()))
        except ValueError:
            raise UsageError(
                _("{where}: {value} is not a date (YYYY-MM-DD)", where=where, value=repr(value))
            ) from None
    return Literal(value)


def bind(
    query: StoredQuery,
    values: Mapping[str, str],
    source: Graph | LabelSource | None = None,
    defaults: Mapping[str, str] | None = None,
) -> dict[Variable, Node]:
    """Variable -> term for every parameter given; missing required ones are a usage error.

    ``source`` (a Graph or an Engine) resolves labels given for IRI parameters.
    """
    defaults = defaults or {}
    for name in values:
        query.parameter(name)  # raises on an unknown parameter name
    lazy = _LazyIndex(source)
    bindings: dict[Variable, Node] = {}
    for parameter in query.parameters:
        raw = next(
            (
                values[key]
                for key in (parameter.name, parameter.variable.lstrip("_"))
                if key in values
            ),
            None,
        )
        if raw is None:
            raw = defaults.get(parameter.name)
        if raw is None:
            if parameter.required:
                raise UsageError(
                    _(
                        "query '{query}' needs --param {name}=<{type}> ({description})",
                        query=query.id,
                        name=parameter.name,
                        type=parameter.type,
                        description=parameter.describe(),
                    )
                )
            continue
        bindings[Variable(parameter.variable)] = to_term(parameter, raw, lazy, lazy.name_of)
    return bindings
