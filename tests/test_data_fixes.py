"""Data fixes of issue 13 section 5, each checked against the value its source gives.

Expected values are copied from the seed presentation (shared/seed), not from the data.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from pimgraph.core.namespaces import PIMID

# The seed's closing slide ("Sieć / Inicjatyw / PPP", "Sieć / Zielona", "Sieć / Cyfrowa").
SEED_SHORT_NAMES = {
    "miasto-zielone": "Sieć Zielona",
    "miasto-cyfrowe": "Sieć Cyfrowa",
    "miasto-inicjatyw-ppp": "Sieć Inicjatyw PPP",
}


@pytest.mark.parametrize(("slug", "name"), sorted(SEED_SHORT_NAMES.items()))
def test_seed_short_network_name_is_an_alt_label(data_graph: Graph, slug: str, name: str) -> None:
    assert (PIMID[f"network/{slug}"], SKOS.altLabel, Literal(name, lang="pl")) in data_graph
