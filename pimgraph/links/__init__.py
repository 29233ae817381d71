"""Links to other datasets (GeoNames, EuroVoc, the UN SDGs): the fifth star of linked data.

``build_links`` reads the offline package files and the curated ``data/links/mappings.csv``
and writes ``data/links/*.ttl``: plain SKOS mapping triples, a pim:LinkRecord of evidence for
each, and GeoNames' populations as sourced figures. ``pimgraph links build`` is its front end.
"""

from pimgraph.links.build import LINK_FILES, LinkReport, LinkSources, build_links

__all__ = ["LINK_FILES", "LinkReport", "LinkSources", "build_links"]
