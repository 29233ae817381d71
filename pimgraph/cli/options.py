"""Options shared by several commands, defined once; their choices come from the library."""

from __future__ import annotations

import click

from pimgraph.core.choices import (
    BACKENDS,
    DEFAULT_BACKEND,
    DEFAULT_LANGUAGE,
    DEFAULT_REASONING,
    LANGUAGE_VARIABLE,
    LANGUAGES,
    REASONING_MODES,
)
from pimgraph.core.messages import set_language


def choice(names: tuple[str, ...]) -> click.Choice:
    """A ``click.Choice`` over one of the library's closed lists (``pimgraph.core.choices``)."""
    return click.Choice(list(names))


def _use_language(ctx: click.Context, param: click.Parameter, value: str) -> str:
    # Messages are rendered where they are raised, deep in the library: the choice must be
    # in force before the command runs.
    set_language(value)
    return value


lang_option = click.option(
    "--lang",
    type=choice(LANGUAGES),
    default=DEFAULT_LANGUAGE,
    show_default=True,
    envvar=LANGUAGE_VARIABLE,
    show_envvar=True,
    callback=_use_language,
    is_eager=True,
    help="Language of labels and messages.",
)

REASONING_HELP = (
    "Inference before querying: rdfs (default: subclasses, sub-properties, inverses, "
    "transitive skos:broader; what the stored queries need), none, or owlrl (full OWL 2 RL, slow)."
)

store_option = click.option(
    "--store",
    "backend",
    type=choice(BACKENDS),
    default=DEFAULT_BACKEND,
    show_default=True,
    help="Local engine: oxigraph (fast) or memory (rdflib's store; same answers).",
)
reasoning_option = click.option(
    "--reasoning",
    type=choice(REASONING_MODES),
    default=DEFAULT_REASONING,
    show_default=True,
    help=REASONING_HELP,
)
data_option = click.option(
    "--data",
    "data_files",
    multiple=True,
    type=click.Path(path_type=str),
    help="Add this RDF file to the bundled graph (repeatable).",
)
no_cache_option = click.option(
    "--no-cache", is_flag=True, help="Neither read nor write the graph cache."
)
