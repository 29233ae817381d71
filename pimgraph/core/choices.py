"""The closed sets of names a user chooses from, defined once for the library and the CLI.

This module imports nothing, so ``pimgraph --help`` can build every ``click.Choice`` from it
without loading rdflib; the modules that act on a choice import their list from here.
"""

from __future__ import annotations

LANGUAGES = ("pl", "en")
DEFAULT_LANGUAGE = "en"
LANGUAGE_VARIABLE = "PIMGRAPH_LANG"  # sets the default --lang

# Local engines (pimgraph.graph.backends); a test checks this equals the registered backends.
BACKENDS = ("oxigraph", "memory")
DEFAULT_BACKEND = "oxigraph"

REASONING_MODES = ("rdfs", "none", "owlrl")
DEFAULT_REASONING = "rdfs"

QUERY_RESULT_FORMATS = ("table", "csv", "tsv", "json", "md")
REPORT_FORMATS = ("text", "json", "turtle")
LISTING_FORMATS = ("table", "json")
EXPLORE_FORMATS = ("table", "csv", "json")

# RDF syntaxes a submission or --data file may use (names as --format takes them).
RDF_FORMATS = ("turtle", "nt", "json-ld", "xml")
SUBMISSION_KINDS = ("mid", "recommendations")

PUSH_STORE_TYPES = ("auto", "oxigraph", "virtuoso", "gsp", "update")
AUTH_SCHEMES = ("digest", "basic")

# The SHACL engines `validate` can run (pimgraph.validation.engines); the first is the default.
SHACL_ENGINES = ("rudof", "pyshacl")
