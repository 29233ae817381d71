"""The build's report as lines a curator reads: matched, disputed, ambiguous, missing, files."""

from __future__ import annotations

from pimgraph.core.messages import _, ngettext
from pimgraph.links.build import LinkReport
from pimgraph.links.geonames import MATCH_RADIUS_KM, CityMatch


def report_lines(report: LinkReport, check: bool = False) -> list[str]:
    statuses = report.by_status()

    def count(status: str) -> int:
        return len(statuses.get(status, []))

    lines = [
        _(
            "GeoNames: {matched} matched, {disputed} matched with an admin3/TERC disagreement, "
            "{ambiguous} ambiguous, {missing} missing, of {cities}",
            cities=ngettext("{n} city", "{n} cities", len(report.matches)),
            matched=count("matched"),
            disputed=count("disputed"),
            ambiguous=count("ambiguous"),
            missing=count("missing"),
        )
    ]
    for match in statuses.get("disputed", []):
        lines.append("  " + _disputed(match))
    for match in statuses.get("ambiguous", []) + statuses.get("missing", []):
        lines.append("  " + _unmatched(match))
    per_vocabulary = report.links_per_vocabulary()
    lines.append(
        _(
            "links: {geonames} GeoNames, {eurovoc} EuroVoc, {sdg} SDG; {figures}",
            geonames=per_vocabulary["geonames"],
            eurovoc=per_vocabulary["eurovoc"],
            sdg=per_vocabulary["sdg"],
            figures=ngettext("{n} population figure", "{n} population figures", report.populations),
        )
    )
    if not report.changed:
        lines.append(_("the link files are up to date ({seconds:.1f} s)", seconds=report.seconds))
    elif check:
        lines.append(
            _(
                "out of date: {files}; run pimgraph links build and commit the files",
                files=", ".join(report.changed),
            )
        )
    else:
        lines.append(
            _(
                "wrote {files} ({seconds:.1f} s)",
                files=", ".join(report.changed),
                seconds=report.seconds,
            )
        )
    return lines


def _disputed(match: CityMatch) -> str:
    assert match.place is not None
    return _(
        "disputed: {city}: GeoNames {id} ({km:.1f} km) has admin3 {admin3}, our TERC is {terc}; "
        "linked on name and distance, TERC kept",
        city=match.city.name,
        id=match.place.geonameid,
        km=match.distance_km,
        admin3=match.place.admin3,
        terc=match.city.terc,
    )


def _unmatched(match: CityMatch) -> str:
    city = match.city.name
    if match.status == "ambiguous":
        ids = ", ".join(place.geonameid for place, _gap in match.near_candidates)
        return _(
            "ambiguous: {city}: {n} places of that name within {radius:.0f} km ({ids})",
            city=city,
            n=len(match.near_candidates),
            radius=MATCH_RADIUS_KM,
            ids=ids,
        )
    if not match.candidates:
        return _("missing: {city}: no GeoNames place of that name", city=city)
    if match.city.point is None:
        return _(
            "missing: {city}: we hold no map point to check {places} against",
            city=city,
            places=ngettext(
                "the one place of that name", "the {n} places of that name", len(match.candidates)
            ),
        )
    nearest = min(gap for _place, gap in match.candidates if gap is not None)
    return _(
        "missing: {city}: the nearest place of that name is {km:.0f} km away "
        "(radius {radius:.0f} km)",
        city=city,
        km=nearest,
        radius=MATCH_RADIUS_KM,
    )
