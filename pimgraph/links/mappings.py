"""The curators' mappings to EuroVoc and the SDGs: one CSV row per link, checked before use.

``data/links/mappings.csv`` (subject,property,target,note_en,note_pl) is the file curators edit;
the Turtle is built from it. A row is refused, with its line, when its subject is not one of
ours, its property is not a SKOS mapping property, or its target is not in the offline copy of
the vocabulary (a typo in a EuroVoc number fails the build rather than linking nowhere).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from pimgraph.core.errors import InputError
from pimgraph.core.messages import _
from pimgraph.core.namespaces import PIMID, link_target_of
from pimgraph.links.sources import EUROVOC_PREFIX, SDG_PREFIX

COLUMNS = ("subject", "property", "target", "note_en", "note_pl")
MAPPING_PROPERTIES = {
    "exactMatch": SKOS.exactMatch,
    "closeMatch": SKOS.closeMatch,
    "relatedMatch": SKOS.relatedMatch,
}
TARGETS = {"eurovoc": EUROVOC_PREFIX, "sdg": SDG_PREFIX}  # the curated ones; GeoNames is matched


@dataclass(frozen=True)
class Mapping:
    subject: URIRef
    property: URIRef
    target: URIRef
    target_label: Literal
    vocabulary: str  # a key of TARGETS
    note_en: str
    note_pl: str
    line: int


def vocabulary_of(target: str) -> str | None:
    """ "eurovoc" or "sdg" for a target a curator may map to, else None."""
    key = link_target_of(target)
    return key if key in TARGETS else None


def read_mappings(
    path: Path, graph: Graph, labels: dict[str, dict[URIRef, Literal]]
) -> list[Mapping]:
    """The rows of ``path``, each checked against ``graph`` (our resources) and ``labels``
    (vocabulary key -> target IRI -> label, from the offline files)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(_("cannot read the mappings: {error}", error=error), str(path)) from None
    reader = csv.DictReader(text.splitlines(keepends=True))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise InputError(_("the header must be {columns}", columns=",".join(COLUMNS)), f"{path}:1")
    mappings, seen = [], set()
    for row in reader:
        where = f"{path}:{reader.line_num}"
        mapping = _mapping(row, graph, labels, where, reader.line_num)
        if (mapping.subject, mapping.target) in seen:
            raise InputError(_("the same subject and target are mapped twice"), where)
        seen.add((mapping.subject, mapping.target))
        mappings.append(mapping)
    return mappings


def _mapping(
    row: dict[str, str],
    graph: Graph,
    labels: dict[str, dict[URIRef, Literal]],
    where: str,
    line: int,
) -> Mapping:
    subject = PIMID[row["subject"].strip()]
    if (subject, RDFS.label, None) not in graph:
        raise InputError(
            _("no resource {iri} in the data: copy the path from data/*.ttl", iri=subject), where
        )
    prop = MAPPING_PROPERTIES.get(row["property"].strip())
    if prop is None:
        raise InputError(
            _("property must be one of {choices}", choices=", ".join(MAPPING_PROPERTIES)), where
        )
    target = row["target"].strip()
    vocabulary = vocabulary_of(target)
    label = labels.get(vocabulary or "", {}).get(URIRef(target))
    if vocabulary is None or label is None:
        raise InputError(
            _("{target} is not in the offline EuroVoc or SDG files: check the IRI", target=target),
            where,
        )
    notes = row["note_en"].strip(), row["note_pl"].strip()
    if not all(notes):
        raise InputError(_("a mapping needs a note in English and in Polish saying why"), where)
    return Mapping(subject, prop, URIRef(target), label, vocabulary, *notes, line)
