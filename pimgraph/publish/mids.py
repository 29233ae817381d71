"""The index of the urban action initiatives (MIDs, ``mids.{lang}.html``): a faceted, sortable
table of every MID with the city preparing it, its edition and its themes (template
``mids.html``)."""

from __future__ import annotations

from pathlib import PurePosixPath

from markupsafe import Markup

from pimgraph.core.namespaces import PIM
from pimgraph.publish.facets import FACET_SCRIPT, MID_FACETS, FacetIndex, facet_panel
from pimgraph.publish.html import SORT_SCRIPT, page_file, site_page
from pimgraph.publish.i18n import ui
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.templating import render

HEADERS = ("name", "city", "edition", "themes")
COLUMNS = (PIM.preparedBy, PIM.edition, PIM.hasTheme)


def mids_page(site: SiteGraph, facets: FacetIndex, lang: str) -> tuple[PurePosixPath, str]:
    path = page_file("mids", lang)
    mids = site.instances(PIM.UrbanActionInitiative, lang)
    data = facets.data(mids, facets.mid, MID_FACETS, lang)
    rows = [
        {
            "iri": str(mid),
            "cells": [
                Markup(site.link(mid, path, lang)),  # link() escapes
                *(
                    Markup(site.links(dict.fromkeys(site.inferred.objects(mid, p)), path, lang))
                    for p in COLUMNS
                ),
            ],
        }
        for mid in mids
    ]
    body = render(
        "mids.html",
        title=ui("mids", lang),
        about=ui("mids_intro", lang),
        panel=Markup(facet_panel(data, path.name, lang)),  # rendered from a template
        headers=[ui(h, lang) for h in HEADERS],
        rows=rows,
        sort_hint=ui("sort_hint", lang),
        sort_script=Markup(SORT_SCRIPT),
    )
    return site_page("mids", lang, ui("mids", lang), body, scripts=(FACET_SCRIPT,))
