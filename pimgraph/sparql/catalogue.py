"""The stored-query catalogue: self-describing ``.rq`` files and their parameters.

A stored query is valid SPARQL whose header is grlc-style comment lines::

    #+ summary: Pairs of cities that share themes
    #+ description: ...
    #+ tags: cities, themes

Parameters are BASIL-style variables: ``?_city_iri`` is required, ``?__lang`` optional; the part
after the last ``_`` names the type (``iri``, ``integer``, ``decimal``, ``boolean``, ``date``,
``literal``/``string``; none means a plain string). Values are always bound as RDF terms
(``pimgraph.sparql.binding``), never pasted into the text. A ``#+ param <name>: ...`` line says
what one parameter means (``pimgraph queries`` and the web API's OpenAPI document show it)::

    #+ param min: keep the pairs that share at least this many themes (default 1)
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path

from pimgraph.core import resources
from pimgraph.core.errors import InputError, UsageError
from pimgraph.core.messages import _
from pimgraph.sparql.form import find_form
from pimgraph.sparql.form import query_form as form_of

PARAMETER_TYPES = ("iri", "integer", "decimal", "boolean", "date", "literal", "string")
_HEADER = re.compile(r"^#\+\s*(\w+(?:\s+\w+)?)\s*:\s*(.*)$")
_PARAM_HEADER = "param "
_VARIABLE = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Parameter:
    """A query parameter declared by a BASIL-style variable."""

    variable: str  # without the leading '?', e.g. "_city_iri"
    name: str  # what users type, e.g. "city"
    type: str  # one of PARAMETER_TYPES; "string" when the variable names none
    required: bool
    description: str = ""  # from the query's "#+ param <name>:" header line

    def describe(self) -> str:
        optional = "" if self.required else "?"
        return f"{self.name}{optional}:{self.type}"


@dataclass(frozen=True)
class StoredQuery:
    id: str
    text: str
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    form: str = "SELECT"
    path: Path | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def body(self) -> str:
        """The query without its leading ``#+`` header lines (and the blank lines among and
        after them): what an editor shows."""
        lines = self.text.splitlines()
        while lines and (_HEADER.match(lines[0].strip()) or not lines[0].strip()):
            lines.pop(0)
        return "\n".join(lines) + "\n"

    def example_values(self) -> dict[str, str]:
        """``--param`` values of the ``#+ example:`` header: the one place a query's example
        parameters live (tests, the benchmark and the README all read them from here)."""
        words = shlex.split(self.extra.get("example", ""))
        pairs = [words[i + 1] for i, word in enumerate(words[:-1]) if word == "--param"]
        return dict(pair.split("=", 1) for pair in pairs if "=" in pair)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if name in (parameter.name, parameter.variable.lstrip("_")):
                return parameter
        known = ", ".join(p.name for p in self.parameters) or _("none")
        raise UsageError(
            _(
                "query '{query}' has no parameter '{name}' (its parameters: {known})",
                query=self.id,
                name=name,
                known=known,
            )
        )


def parse_parameters(text: str) -> tuple[Parameter, ...]:
    """The BASIL-style parameters a query's text uses, in order of first use."""
    found: dict[str, Parameter] = {}
    for match in _VARIABLE.finditer(_strip_comments(text)):
        underscores, rest = match.groups()
        variable = underscores + rest
        if variable in found:
            continue
        base, _sep, suffix = rest.rpartition("_")
        if base and suffix in PARAMETER_TYPES:
            name, kind = base, suffix
        else:
            name, kind = rest, "string"
        found[variable] = Parameter(variable, name, kind, required=underscores == "_")
    return tuple(found.values())


def _strip_comments(text: str) -> str:
    """The query text without ``#`` comments (IRIs and strings with ``#`` are kept)."""
    out = []
    for line in text.splitlines():
        out.append(code_part(line))
    return "\n".join(out)


def code_part(line: str) -> str:
    in_iri = False
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote and line[index - 1] != "\\":
                quote = ""
        elif in_iri:
            in_iri = char != ">"
        elif char in "\"'":
            quote = char
        elif char == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", line[index:]):
            in_iri = True
        elif char == "#":
            return line[:index]
    return line


def query_form(text: str) -> str:
    """The query's form keyword (``pimgraph.sparql.form.query_form``, the one detector)."""
    return form_of(text)


def parse_query(
    text: str, query_id: str, path: Path | None = None, default_summary: str | None = None
) -> StoredQuery:
    """A ``StoredQuery`` from the text of a ``.rq`` file; a missing summary is an error unless
    ``default_summary`` stands in (an ad hoc query: its text stays the user's, line for line)."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            key, value = match.groups()
            header[key.lower()] = (header.get(key.lower(), "") + " " + value.strip()).strip()
    where = str(path) if path else query_id
    header = {" ".join(key.split()): value for key, value in header.items()}
    if not header.get("summary") and default_summary:
        header["summary"] = default_summary
    if not header.get("summary"):
        raise InputError(_("stored query has no '#+ summary:' header line; add one"), where)
    form = find_form(text)
    if form is None:
        raise InputError(_("no SELECT, ASK, CONSTRUCT or DESCRIBE found"), where)
    tags = tuple(t.strip() for t in header.get("tags", "").split(",") if t.strip())
    return StoredQuery(
        id=query_id,
        text=text,
        summary=header["summary"],
        description=header.get("description", ""),
        tags=tags,
        parameters=_described(parse_parameters(text), header, where),
        form=form,
        path=path,
        extra={
            k: v
            for k, v in header.items()
            if k not in {"summary", "description", "tags"} and not k.startswith(_PARAM_HEADER)
        },
    )


def _described(
    parameters: tuple[Parameter, ...], header: dict[str, str], where: str
) -> tuple[Parameter, ...]:
    """``parameters`` with the text of their ``#+ param <name>:`` lines; a line naming no
    parameter of the query is an error (a renamed variable would leave it behind)."""
    texts = {k[len(_PARAM_HEADER) :]: v for k, v in header.items() if k.startswith(_PARAM_HEADER)}
    names = {p.name for p in parameters}
    for name in texts:
        if name not in names:
            raise InputError(
                _(
                    "'#+ param {name}:' describes no parameter of this query (its parameters: "
                    "{known})",
                    name=name,
                    known=", ".join(sorted(names)) or _("none"),
                ),
                where,
            )
    return tuple(replace(p, description=texts.get(p.name, p.description)) for p in parameters)


def read_query_text(path: Path) -> str:
    """The text of a ``.rq`` file, or a one-line error naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(_("no such query file; check the path"), str(path)) from None
    except UnicodeDecodeError:
        raise InputError(_("query file is not UTF-8 text"), str(path)) from None


def load_query_file(
    path: Path, query_id: str | None = None, require_summary: bool = True
) -> StoredQuery:
    text = read_query_text(path)
    if require_summary:
        return parse_query(text, query_id or path.stem, path)
    return adhoc_query(text, str(path), query_id or path.stem, path)


def adhoc_query(
    text: str, where: str, query_id: str = "adhoc", path: Path | None = None
) -> StoredQuery:
    """A query the user typed, piped in or wrote in a file: a summary header is optional, and
    nothing is prepended to the text, so ``sparql.safety.check_syntax`` (which ``sparql.run.load``
    applies) points at the user's own line and column."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(_("the query is empty"), where)
    return parse_query(text, query_id, path, default_summary=f"ad hoc query from {where}")


def catalogue() -> dict[str, StoredQuery]:
    """Every stored query bundled with pimgraph, by id (the file name without ``.rq``)."""
    return {path.stem: load_query_file(path) for path in resources.query_paths()}


def checks() -> dict[str, StoredQuery]:
    """The data-quality queries (``queries/checks/<id>-violation.rq``): each must return no rows."""
    return {path.stem: load_query_file(path) for path in resources.check_paths()}


def get(query_id: str) -> StoredQuery:
    queries = catalogue()
    if query_id in queries:
        return queries[query_id]
    import difflib

    close = difflib.get_close_matches(query_id, list(queries), n=3)
    if close:
        raise UsageError(
            _(
                "unknown query '{query}'; did you mean {close}?",
                query=query_id,
                close=", ".join(close),
            )
        )
    raise UsageError(_("unknown query '{query}'; 'pimgraph queries' lists them", query=query_id))
