"""The Jinja2 environment of the site: templates and static files shipped in this package.

Autoescaping is on for every template, so a value reaches a page escaped unless the code marks it
as already-escaped HTML (``Markup``), and an undefined name is an error, not an empty string.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

STATIC = PurePosixPath("static")  # the site folder the package's static files are copied to
STYLESHEET = STATIC / "site.css"


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("pimgraph.publish", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def static_files() -> list[tuple[PurePosixPath, bytes]]:
    """Every file of the package's static folder, as (path in the site, bytes), sorted."""
    found: list[tuple[PurePosixPath, bytes]] = []

    def walk(folder: Traversable, prefix: PurePosixPath) -> None:
        for item in folder.iterdir():
            if item.is_dir():
                walk(item, prefix / item.name)
            elif not item.name.startswith("."):
                found.append((prefix / item.name, item.read_bytes()))

    walk(files("pimgraph.publish") / "static", STATIC)
    return sorted(found)


def macro(template: str, name: str, **arguments: object) -> Markup:
    """The output of macro ``name`` of ``template``: a fragment that more than one page shows."""
    return Markup(getattr(environment().get_template(template).module, name)(**arguments))
