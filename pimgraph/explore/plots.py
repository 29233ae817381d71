"""What every picture shares: the plot extra, network colours, city markers, label nudging,
and writing the file atomically.

matplotlib comes with the optional extra ``pimgraph[plot]``; it is imported here, inside the
functions, so the rest of pimgraph works without it. Figures are drawn on a bare
``matplotlib.figure.Figure`` (no pyplot state), and every city marker and legend entry carries
an SVG id (``city-<slug>``, ``legend-network-<slug>``) so that a reader or a test can find them.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import URIRef

from pimgraph.core.errors import UsageError
from pimgraph.core.messages import N_, _

PLOT_EXTRA = N_('pictures need the plot extra: pip install "pimgraph[plot]"')
FORMATS = (".svg", ".png")
# Okabe-Ito colours (readable with colour-blindness), fixed per known network.
NETWORK_COLOURS = {
    "miasto-zielone": "#009E73",
    "miasto-cyfrowe": "#0072B2",
    "miasto-inicjatyw-ppp": "#E69F00",
    "rewitalizacja": "#CC79A7",
    "mobilnosc-miejska": "#56B4E9",
    "miasto-kompaktowe": "#D55E00",
    "jakosc-powietrza": "#999999",
    "miasto-efektywne-energetycznie": "#F0E442",
    "miasto-dostepnych-mieszkan": "#882255",
}
SPARE_COLOURS = ("#332288", "#117733", "#AA4499", "#44AA99", "#882255", "#DDCC77")
NO_NETWORK = "#BBBBBB"
# Where a label may go around its point, in points: right, left, above, below, then diagonals.
_CANDIDATES = (
    (7, 0, "left", "center"),
    (-7, 0, "right", "center"),
    (0, 8, "center", "bottom"),
    (0, -8, "center", "top"),
    (6, 6, "left", "bottom"),
    (-6, 6, "right", "bottom"),
    (6, -6, "left", "top"),
    (-6, -6, "right", "top"),
    (14, 10, "left", "bottom"),
    (-14, -10, "right", "top"),
    (14, -10, "left", "top"),
    (-14, 10, "right", "bottom"),
)


def require_matplotlib():
    """The matplotlib module, or the one-line error that names the extra."""
    try:
        import matplotlib
        from matplotlib.figure import Figure  # noqa: F401
    except ImportError:
        raise UsageError(_(PLOT_EXTRA)) from None
    return matplotlib


def check_path(path: str | Path, option: str = "--plot") -> Path:
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise UsageError(
            _("{option}: {path} must end in .svg or .png", option=option, path=repr(str(path)))
        )
    if target.parent != Path("") and not target.parent.is_dir():
        raise UsageError(
            _(
                "{option}: folder {folder} does not exist",
                option=option,
                folder=repr(str(target.parent)),
            )
        )
    return target


def slug(iri: URIRef) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def network_colours(networks: list[URIRef]) -> dict[URIRef, str]:
    colours, spare = {}, iter(SPARE_COLOURS * 4)
    for network in networks:
        colours[network] = NETWORK_COLOURS.get(slug(network)) or next(spare)
    return colours


def new_figure(width: float, height: float):
    matplotlib = require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    matplotlib.rcParams["svg.hashsalt"] = "pimgraph"  # stable ids: the same picture, the same file
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable SVG
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def draw_city(
    ax,
    x: float,
    y: float,
    city: URIRef,
    networks: list[URIRef],
    colours,
    size: float = 11,
    zorder: int = 5,
):
    """A marker filled with the city's first network's colour, ringed with its second's."""
    fill = colours.get(networks[0], NO_NETWORK) if networks else NO_NETWORK
    ring = colours.get(networks[1], "white") if len(networks) > 1 else "white"
    (marker,) = ax.plot(
        [x],
        [y],
        marker="o",
        linestyle="",
        markersize=size,
        markerfacecolor=fill,
        markeredgecolor=ring,
        markeredgewidth=3 if len(networks) > 1 else 1.2,
        zorder=zorder,
    )
    marker.set_gid(f"city-{slug(city)}")
    return marker


def network_legend(
    figure,
    networks: list[URIRef],
    colours,
    label,
    ring_note=False,
    loc="outside right upper",
    **options,
):
    """One legend entry per network (ids ``legend-network-<slug>``), and a note on ringed markers,
    outside the drawing so that it hides no city."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=9,
            markerfacecolor=colours[n],
            markeredgecolor="white",
            label=label(n),
        )
        for n in networks
    ]
    if ring_note:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=9,
                markerfacecolor="white",
                markeredgecolor="#555555",
                markeredgewidth=2.5,
                label="ring: a second network",
            )
        )
    legend = figure.legend(
        handles=handles,
        loc=loc,
        title="network",
        frameon=True,
        fontsize=8,
        title_fontsize=9,
        **options,
    )
    for text, network in zip(legend.get_texts(), networks, strict=False):
        text.set_gid(f"legend-network-{slug(network)}")
    if ring_note:
        legend.get_texts()[-1].set_gid("legend-note-ring")
    return legend


def place_labels(ax, items, fontsize: float = 8, preferred=None) -> None:
    """Label points, nudging each label to the first nearby spot that overlaps nothing so far.

    ``items`` are (x, y, text, gid); ``preferred`` optionally gives, per item, the candidate
    offset to try first (dx, dy, ha, va in points). A label that fits nowhere takes the spot
    with the least overlap.
    """
    figure = ax.figure
    renderer = figure.canvas.get_renderer()
    figure.draw_without_rendering()
    frame = figure.bbox  # labels may leave the axes, not the figure
    points = [ax.transData.transform((x, y)) for x, y, _, _ in items]
    radius = 5.0 * figure.dpi / 72
    taken = [(px - radius, py - radius, px + radius, py + radius) for px, py in points]
    for legend in figure.legends:  # draw the legend first: labels then keep off it
        box = legend.get_window_extent(renderer)
        taken.append((box.x0, box.y0, box.x1, box.y1))
    for index, (x, y, text, gid) in enumerate(items):
        annotation = ax.annotate(
            text,
            (x, y),
            xytext=(7, 0),
            textcoords="offset points",
            fontsize=fontsize,
            zorder=8,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
        )
        if gid:
            annotation.set_gid(gid)
        candidates = ([preferred[index]] if preferred else []) + list(_CANDIDATES)
        # (cost, dx, dy, ha, va, box) of the cheapest candidate so far
        best: tuple[float, float, float, str, str, tuple[float, float, float, float]] | None = None
        for dx, dy, ha, va in candidates:
            annotation.xyann = (dx, dy)
            annotation.set_horizontalalignment(ha)
            annotation.set_verticalalignment(va)
            box = annotation.get_window_extent(renderer)
            box = (box.x0, box.y0, box.x1, box.y1)
            cost = sum(_overlap(box, other) for i, other in enumerate(taken) if i != index)
            cost += _outside(box, (frame.x0, frame.y0, frame.x1, frame.y1)) * 4
            if best is None or cost < best[0]:
                best = (cost, dx, dy, ha, va, box)
            if cost == 0:
                break
        assert best is not None  # candidates always holds the _CANDIDATES
        _, dx, dy, ha, va, box = best
        annotation.xyann = (dx, dy)
        annotation.set_horizontalalignment(ha)
        annotation.set_verticalalignment(va)
        taken.append(box)
    # Freeze the layout the labels were placed in: the layout engine would otherwise make room
    # for labels that reach past the axes and so move every point from under its label.
    figure.set_layout_engine("none")


def _overlap(a, b) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _outside(box, frame) -> float:
    inside = _overlap(box, frame)
    return (box[2] - box[0]) * (box[3] - box[1]) - inside


def save(figure, path: str | Path, option: str = "--plot") -> Path:
    """Write the figure to ``path`` through a temporary file and a rename."""
    target = check_path(path, option)
    fmt = target.suffix.lower().lstrip(".")
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=target.suffix, dir=directory
    )
    os.close(handle)
    try:
        # No creation date in the file: the same picture gives the same bytes.
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(temporary, format=fmt, dpi=120, metadata=metadata)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # mkstemp makes it private; a picture is for everyone
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
