"""Text, CSV and JSON renderings of the explorations, and the rows the site shows.

``*_rows`` functions return plain dicts (labels and numbers, IRIs as strings): the table data
of each picture and of each command, in one shape for the CLI, the JSON output and the site.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap

from pimgraph.core.messages import _, ngettext
from pimgraph.explore.profiles import Profiles, Route, sort_key
from pimgraph.explore.similarity import MEASURE, Pair, SharedThemes, SimilarCities

PARTS = ("pairs", "clusters", "bridges")
CLIP = 36  # theme labels in tables are cut to this many characters; csv and json keep them whole


def describe_routes(profiles: Profiles, routes) -> str:
    """'Green City network + MID', 'own theme via «nature-based solutions»', ..."""
    parts = []
    for route in sorted(
        routes, key=lambda r: (r.kind != "network", r.kind, profiles.label(r.carrier))
    ):
        text = {"network": profiles.label(route.carrier), "mid": _("MID"), "own": _("own theme")}[
            route.kind
        ]
        if route.via is not None:
            text = _("{route} via «{theme}»", route=text, theme=profiles.label(route.via))
        if text not in parts:
            parts.append(text)
    return " + ".join(parts)


def through(profiles: Profiles, pair: Pair) -> list[tuple[str, list[str]]]:
    """The pair's shared themes grouped by how each city reaches them, heaviest group first."""
    groups: dict[str, list[str]] = {}
    for shared in pair.shared:
        a = describe_routes(profiles, shared.routes_a)
        b = describe_routes(profiles, shared.routes_b)
        key = (
            _("both: {routes}", routes=a)
            if a == b
            else f"{profiles.label(pair.a)}: {a}; {profiles.label(pair.b)}: {b}"
        )
        groups.setdefault(key, []).append(profiles.label(shared.theme))
    return list(groups.items())


def why(profiles: Profiles, pair: Pair, clip: int = 0) -> str:
    """'[both: Green City network] theme; theme | [...] ...', labels cut to ``clip`` characters."""

    def cut(text: str) -> str:
        return text if not clip or len(text) <= clip else text[: clip - 1].rstrip(" ,") + "…"

    return " | ".join(
        f"[{key}] {'; '.join(cut(t) for t in themes)}" for key, themes in through(profiles, pair)
    )


def _networks(profiles: Profiles, city) -> str:
    return ", ".join(profiles.label(n) for n in profiles.cities[city].networks) or "-"


def _route(profiles: Profiles, route: Route) -> dict:
    return {
        "kind": route.kind,
        "carrier": str(route.carrier),
        "carrier_label": profiles.label(route.carrier),
        "via": str(route.via) if route.via else None,
        "via_label": profiles.label(route.via) if route.via else None,
    }


def pair_row(profiles: Profiles, pair: Pair, rank: int, detail: bool = False) -> dict:
    row = {
        "rank": rank,
        "city_a": str(pair.a),
        "city_a_label": profiles.label(pair.a),
        "city_b": str(pair.b),
        "city_b_label": profiles.label(pair.b),
        "networks_a": _networks(profiles, pair.a),
        "networks_b": _networks(profiles, pair.b),
        "similarity": round(pair.similarity, 6),
        "shared_count": len(pair.shared),
        "shared_themes": [profiles.label(s.theme) for s in pair.shared],
        "why": why(profiles, pair),
    }
    if detail:
        row["shared"] = [
            {
                "theme": str(s.theme),
                "label": profiles.label(s.theme),
                "weight": round(s.weight, 6),
                "through_a": [_route(profiles, r) for r in sorted(s.routes_a)],
                "through_b": [_route(profiles, r) for r in sorted(s.routes_b)],
            }
            for s in pair.shared
        ]
    return row


def similar_rows(result: SimilarCities, detail: bool = False) -> list[dict]:
    return [
        pair_row(result.profiles, pair, rank, detail) for rank, pair in enumerate(result.pairs, 1)
    ]


def cluster_rows(result: SharedThemes) -> list[dict]:
    profiles = result.profiles
    rows = []
    for number, members in enumerate(result.clusters, 1):
        counts: dict[str, int] = {}
        for city in members:
            for network in profiles.cities[city].networks:
                counts[profiles.label(network)] = counts.get(profiles.label(network), 0) + 1
        rows.append(
            {
                "cluster": number,
                "size": len(members),
                "networks": ", ".join(
                    f"{name} ({n})"
                    for name, n in sorted(counts.items(), key=lambda i: (-i[1], sort_key(i[0])))
                ),
                "cities": [profiles.label(c) for c in members],
                "city_iris": [str(c) for c in members],
            }
        )
    return rows


def bridge_rows(result: SharedThemes) -> list[dict]:
    profiles = result.profiles
    return [
        {
            "theme": str(b.theme),
            "label": profiles.label(b.theme),
            "weight": round(b.weight, 6),
            "network_count": len(b.networks),
            "city_count": len(b.cities),
            "networks": ", ".join(f"{profiles.label(n)} ({len(c)})" for n, c in b.networks.items()),
        }
        for b in result.bridges
    ]


def _header(profiles: Profiles) -> dict:
    return {
        "edition": str(profiles.edition) if profiles.edition else None,
        "cities_compared": len(profiles.cities),
        "measure": MEASURE,
    }


def similar_json(result: SimilarCities) -> str:
    profiles = result.profiles
    document = {
        "city": str(result.city),
        "label": profiles.label(result.city),
        **_header(profiles),
        "results": similar_rows(result, detail=True),
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def shared_json(result: SharedThemes, top: int) -> str:
    profiles = result.profiles
    pairs = result.pairs[:top] if top > 0 else result.pairs
    document = {
        **_header(profiles),
        "pair_count": len(result.pairs),
        "pairs": [pair_row(profiles, p, i, detail=True) for i, p in enumerate(pairs, 1)],
        "clusters": cluster_rows(result),
        "bridges": bridge_rows(result),
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def csv_text(rows: list[dict], columns: list[str]) -> str:
    """W3C-style CSV (CRLF line ends) of ``rows``; list values joined with ' | '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [" | ".join(v) if isinstance(v, list) else v for v in (row[c] for c in columns)]
        )
    return out.getvalue()


# Columns of a city pair; the similar-cities table leaves out city A (the city asked about).
_SHARED_COLUMNS = [
    "rank",
    "city_a",
    "city_a_label",
    "networks_a",
    "city_b",
    "city_b_label",
    "networks_b",
    "similarity",
    "shared_count",
    "shared_themes",
    "why",
]


def similar_csv(result: SimilarCities) -> str:
    return csv_text(
        similar_rows(result),
        [c for c in _SHARED_COLUMNS if c not in ("city_a", "city_a_label", "networks_a")],
    )


def shared_csv(result: SharedThemes, part: str, top: int) -> str:
    if part == "clusters":
        return csv_text(cluster_rows(result), ["cluster", "size", "networks", "cities"])
    if part == "bridges":
        return csv_text(
            bridge_rows(result),
            ["theme", "label", "weight", "network_count", "city_count", "networks"],
        )
    pairs = result.pairs[:top] if top > 0 else result.pairs
    rows = [pair_row(result.profiles, p, i) for i, p in enumerate(pairs, 1)]
    return csv_text(rows, _SHARED_COLUMNS)


def table(headers: list[str], rows: list[list[str]], width: int | None = None) -> str:
    """Columns at their natural width; the last one wraps to fit ``width`` (the terminal's)."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    fixed = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers[:-1])]
    indent = sum(fixed) + 2 * len(fixed)
    last = max(width - indent, 30)
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(headers[:-1], fixed, strict=True))
        + "  "
        + headers[-1],
        "  ".join("-" * w for w in fixed) + "  " + "-" * min(last, 40),
    ]
    for row in rows:
        wrapped = textwrap.wrap(row[-1], last, break_on_hyphens=False) or [""]
        lines.append(
            "  ".join(c.ljust(w) for c, w in zip(row[:-1], fixed, strict=True)) + "  " + wrapped[0]
        )
        lines += [" " * indent + more for more in wrapped[1:]]
    return "\n".join(line.rstrip() for line in lines)


def _scope(profiles: Profiles) -> str:
    compared = ngettext("{n} city compared", "{n} cities compared", len(profiles.cities))
    if profiles.edition:
        return _(
            "{compared}, edition {edition}",
            compared=compared,
            edition=profiles.label(profiles.edition),
        )
    return _("{compared}, all editions", compared=compared)


def similar_table(result: SimilarCities, width: int | None = None) -> str:
    profiles = result.profiles
    rows = [
        [
            str(rank),
            profiles.label(p.b),
            _networks(profiles, p.b),
            f"{p.similarity:.3f}",
            str(len(p.shared)),
            why(profiles, p, CLIP),
        ]
        for rank, p in enumerate(result.pairs, 1)
    ]
    head = (
        _(
            "Cities most like {city} ({networks}), by shared themes",
            city=profiles.label(result.city),
            networks=_networks(profiles, result.city),
        )
        + f"\n{_(MEASURE)}; {_scope(profiles)}\n"
    )
    if not rows:
        return head + "\n" + _("no city shares a theme with it")
    return (
        head
        + "\n"
        + table(
            [
                "#",
                _("city"),
                _("network"),
                _("similarity"),
                _("shared"),
                _("shared themes [through]"),
            ],
            rows,
            width,
        )
    )


def shared_table(result: SharedThemes, top: int, width: int | None = None, parts=None) -> str:
    """The pairs, the clusters and the bridging themes (or only ``parts`` of them)."""
    parts = parts or PARTS
    out = [_("Cities sharing themes: {scope}", scope=_scope(result.profiles)) + f"\n{_(MEASURE)}"]
    if "pairs" in parts:
        out += _pairs_part(result, top, width)
    if "clusters" in parts:
        out += _clusters_part(result, width)
    if "bridges" in parts:
        out += _bridges_part(result, width)
    return "\n".join(out)


def _pairs_part(result: SharedThemes, top: int, width: int | None) -> list[str]:
    profiles = result.profiles
    pairs = result.pairs[:top] if top > 0 else result.pairs
    lines = [
        [
            str(i),
            profiles.label(p.a),
            profiles.label(p.b),
            f"{p.similarity:.3f}",
            str(len(p.shared)),
            why(profiles, p, CLIP),
        ]
        for i, p in enumerate(pairs, 1)
    ]
    title = ngettext(
        "Pairs by similarity ({shown} of {n} pair sharing a theme)",
        "Pairs by similarity ({shown} of {n} pairs sharing a theme)",
        len(result.pairs),
        shown=len(pairs),
    )
    headers = [
        "#",
        _("city"),
        _("city"),
        _("similarity"),
        _("shared"),
        _("shared themes [through]"),
    ]
    return ["\n" + title, table(headers, lines, width)]


def _clusters_part(result: SharedThemes, width: int | None) -> list[str]:
    lines = [
        [str(r["cluster"]), str(r["size"]), r["networks"], ", ".join(r["cities"])]
        for r in cluster_rows(result)
    ]
    return [
        "\n"
        + _("Clusters of cities (greedy modularity communities, pairs weighted by similarity)"),
        table(["#", _("size"), _("networks (cities)"), _("cities")], lines, width),
    ]


def _bridges_part(result: SharedThemes, width: int | None) -> list[str]:
    lines = [
        [
            str(r["network_count"]),
            str(r["city_count"]),
            f"{r['weight']:.3f}",
            f"{r['label']} — {r['networks']}",
        ]
        for r in bridge_rows(result)
    ]
    headers = [
        _("networks"),
        _("cities"),
        _("weight"),
        _("theme — networks (its cities holding it)"),
    ]
    return [
        "\n" + _("Themes bridging networks (held by cities of more than one network)"),
        table(headers, lines, width) if lines else _("none"),
    ]


def render_similar(result: SimilarCities, fmt: str) -> str:
    """``explore similar`` as ``table``, ``csv`` or ``json`` text."""
    return {"table": similar_table, "csv": similar_csv, "json": similar_json}[fmt](result)


def render_shared(result: SharedThemes, fmt: str, top: int, only: str | None = None) -> str:
    """``explore shared-themes`` as text; ``only`` one part (csv always shows one: pairs)."""
    if fmt == "csv":
        return shared_csv(result, only or "pairs", top)
    if fmt == "json":
        return shared_json(result, top)
    return shared_table(result, top, parts=(only,) if only else None)
