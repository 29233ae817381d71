"""pimgraph: the linked-open-data knowledge graph of Poland's Partnership Initiative of Cities.

The library is layered (see docs/ARCHITECTURE.md); the command line in ``pimgraph.cli`` is a
thin layer on top of it and the library never imports it.
"""

# The one version source: pyproject.toml reads it, and a test checks that the ontology's
# owl:versionIRI and owl:versionInfo agree with it.
__version__ = "0.1.0"
