"""The index of the urban action initiatives (MIDs, ``mids.{lang}.html``): a faceted, sortable
table of every MID with the city preparing it, its edition and its themes (template
``mids.html``)."""

from __future__ import annotations

from pathlib import PurePosixPath

from pimgraph.core.namespaces import PIM
from pimgraph.publish.facets import FACET_SCRIPT, MID_FACETS, FacetIndex, facet_panel
from pimgraph.publish.html import SORTABLE_SCRIPT, page_file, site_page
from pimgraph.publish.i18n import ui
from pimgraph.publish.model import SiteGraph

HEADERS = ("name", "city", "edition", "themes")
COLUMNS = (PIM.preparedBy, PIM.edition, PIM.hasTheme)


def mids_page(site: SiteGraph, facets: FacetIndex, lang: str) -> tuple[PurePosixPath, str]:
    path = page_file("mids", lang)
    mids = site.instances(PIM.UrbanActionInitiative, lang)
    data = facets.data(mids, facets.mid, MID_FACETS, lang)
    rows = [
        {
            "iri": str(mid),
            "link": site.link(mid, path, lang),
            "columns": [
                site.links(dict.fromkeys(site.inferred.objects(mid, p)), path, lang)
                for p in COLUMNS
            ],
        }
        for mid in mids
    ]
    return site_page(
        "mids.html",
        "mids",
        lang,
        ui("mids", lang),
        scripts=[SORTABLE_SCRIPT, FACET_SCRIPT],
        panel=facet_panel(data, path.name, lang),
        headers=HEADERS,
        rows=rows,
    )
