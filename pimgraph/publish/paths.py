"""Where each IRI's files live in the site, and links between pages, never outside the site.

A data IRI ``https://w3id.org/pim/id/city/slupsk`` lives at ``id/city/slupsk`` (plus
``.pl.html``, ``.en.html``, ``.ttl``, ``.jsonld``), so a web server can map the IRI path to the
file with a plain rewrite. Only path segments that are ordinary slugs (ASCII letters, digits,
``-`` and ``_``, starting with a letter or digit) are kept as they are; any other segment — empty,
``.``, ``..``, percent-encoded, non-ASCII, too long — becomes ``_`` plus a hash of its bytes. The
path is built from these checked segments, never by joining raw IRI text, so no IRI can name a
file outside the site; ``inside`` checks the final path once more before anything is written.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from pimgraph.core.namespaces import PIMID

DATA_NAMESPACE = str(PIMID)
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


def safe_segment(segment: str) -> str:
    """``segment`` if it is an ordinary slug, else ``_`` + 24 hex digits of its SHA-256."""
    if _SLUG.fullmatch(segment):
        return segment
    # A leading "_" never starts a kept slug, so a hashed name cannot collide with a real one.
    return "_" + hashlib.sha256(segment.encode("utf-8")).hexdigest()[:24]


def is_data_iri(iri: str) -> bool:
    return iri.startswith(DATA_NAMESPACE)


def resource_stem(iri: str) -> PurePosixPath:
    """The site-relative path of a data IRI's files, without suffix: ``id/city/slupsk``."""
    if not is_data_iri(iri):
        raise ValueError(f"not a data IRI: {iri}")
    local = iri[len(DATA_NAMESPACE) :]
    # Query strings and fragments are part of the local text here: they are hashed with it.
    segments = [safe_segment(part) for part in local.split("/")]
    return PurePosixPath("id", *segments)


def is_plain(iri: str) -> bool:
    """True when every segment is a kept slug, i.e. the rewrite rules can map the IRI path."""
    return str(resource_stem(iri)) == "id/" + iri[len(DATA_NAMESPACE) :]


def html_path(stem: PurePosixPath, lang: str) -> PurePosixPath:
    return stem.with_name(f"{stem.name}.{lang}.html")


def with_suffix(stem: PurePosixPath, suffix: str) -> PurePosixPath:
    return stem.with_name(stem.name + suffix)


def relative_url(from_file: PurePosixPath, to_file: PurePosixPath | str) -> str:
    """A relative link from one site file to another, so the site works under any base path."""
    target = str(to_file)
    start = posixpath.dirname(str(from_file)) or "."
    return quote(posixpath.relpath(target, start), safe="/._-~")


def inside(root: Path, relative: PurePosixPath | str) -> Path:
    """``root / relative``, refusing any result that would not lie inside ``root``."""
    relative = PurePosixPath(relative)
    if relative.is_absolute() or any(part in ("..", ".", "") for part in relative.parts):
        raise ValueError(f"unsafe site path {str(relative)!r}")
    target = (root / Path(*relative.parts)).resolve()
    if not target.is_relative_to(root.resolve()):
        raise ValueError(f"site path {str(relative)!r} leaves the site folder")
    return target


def search_root(page: PurePosixPath | str) -> str:
    """The relative URL from a page to the site's root ("" or "../../"), for the search form's
    ``data-search-root``: search.js finds ``search/*.json``, the scripts and the result pages
    below it."""
    return "../" * (len(PurePosixPath(page).parts) - 1)
