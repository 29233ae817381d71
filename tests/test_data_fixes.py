"""Data fixes of issue 13 section 5, each checked against the value its source gives.

Expected values are copied from the seed presentation (shared/seed), not from the data.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

DATA = Path(__file__).resolve().parents[1] / "data"
ID = "https://w3id.org/pim/id/"

# The seed's closing slide ("Sieć / Inicjatyw / PPP", "Sieć / Zielona", "Sieć / Cyfrowa").
SEED_SHORT_NAMES = {
    "miasto-zielone": "Sieć Zielona",
    "miasto-cyfrowe": "Sieć Cyfrowa",
    "miasto-inicjatyw-ppp": "Sieć Inicjatyw PPP",
}


@pytest.fixture(scope="module")
def networks() -> Graph:
    return Graph().parse(DATA / "networks.ttl")


@pytest.mark.parametrize(("slug", "name"), sorted(SEED_SHORT_NAMES.items()))
def test_seed_short_network_name_is_an_alt_label(networks: Graph, slug: str, name: str) -> None:
    network = URIRef(f"{ID}network/{slug}")
    assert (network, SKOS.altLabel, Literal(name, lang="pl")) in networks
