"""Options shared by several commands, defined once."""

from __future__ import annotations

import click

lang_option = click.option(
    "--lang", type=click.Choice(["en", "pl"]), default="en", show_default=True,
    help="Language of labels and messages.",
)

REASONING_HELP = ("Inference before querying: rdfs (default: subclasses, sub-properties, inverses, "
                  "transitive skos:broader; what the stored queries need), none, or owlrl (full OWL 2 RL, slow).")

store_option = click.option(
    "--store", "backend", type=click.Choice(["oxigraph", "memory"]), default="oxigraph", show_default=True,
    help="Local engine: oxigraph (fast) or memory (rdflib's store; same answers).")
reasoning_option = click.option(
    "--reasoning", type=click.Choice(["rdfs", "none", "owlrl"]), default="rdfs", show_default=True,
    help=REASONING_HELP)
data_option = click.option(
    "--data", "data_files", multiple=True, type=click.Path(path_type=str),
    help="Add this RDF file to the bundled graph (repeatable).")
no_cache_option = click.option("--no-cache", is_flag=True, help="Neither read nor write the graph cache.")
