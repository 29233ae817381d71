"""WKT points, read one way everywhere (pages, maps, the catalogue's extent).

GeoSPARQL allows a CRS IRI before the geometry (``<http://www.opengis.net/def/crs/OGC/1.3/CRS84>
POINT(18.5 54.5)``), and the shapes accept it, so every reader must too. Only CRS84 order
(longitude, latitude) is used in our data.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

_POINT = re.compile(
    r"^\s*(?:<[^>]*>\s*)?POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)\s*$", re.IGNORECASE
)


def parse_point(wkt: str) -> tuple[float, float] | None:
    """(lon, lat) of a WKT ``POINT(lon lat)`` (an optional CRS IRI first), else None.

    A point outside -180..180 / -90..90, or with numbers that do not parse, is None: a reader
    shows no marker rather than a wrong one."""
    match = _POINT.match(wkt)
    if not match:
        return None
    try:
        lon, lat = float(match.group(1)), float(match.group(2))
    except ValueError:
        return None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return lon, lat


POLAND_OUTLINE_FILE = "poland-outline.json"


@cache
def poland_outline() -> dict:
    """Poland's outline beside this module (Natural Earth 1:50m, public domain, via the npm
    package world-atlas 2.0.2, simplified to 261 points; the file says how): a GeoJSON-like
    ``Polygon`` document, ``coordinates`` as rings of [lon, lat], with ``source`` and
    ``licence``. It lives in core because two features draw it (explore's pictures and the
    published site's map) and features may not import each other."""
    text = files("pimgraph.core").joinpath(POLAND_OUTLINE_FILE).read_text(encoding="utf-8")
    return json.loads(text)
