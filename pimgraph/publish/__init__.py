"""Publish the graph as linked open data: a static site that any web server can host.

``publish_site(out_dir)`` writes one page per data resource (Polish and English) with its
Turtle and JSON-LD, index pages, the ontology's documentation and serialisations, dumps with
checksums, a DCAT-AP 3 catalogue, VoID, and rewrite rules (Apache, nginx) for content
negotiation. Modules: ``site`` (the build), ``paths`` (IRI -> safe file path), ``model`` (what
the pages show), ``pages``/``indexes``/``ontology_doc``/``query_page`` (HTML), ``dumps``,
``dcat`` (DCAT-AP) and ``void`` (VoID, SPARQL service description), ``conneg``,
``explore_pages`` (the exploration page, from data its caller computes with ``pimgraph.explore``)
and ``search`` (the static search's index and form table, read by ``static/search.js``).
"""

from pimgraph.publish.site import DEFAULT_BASE, PublishReport, publish_site

__all__ = ["DEFAULT_BASE", "PublishReport", "publish_site"]
