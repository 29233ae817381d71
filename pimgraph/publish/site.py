"""Build the whole site into a temporary folder, then put it in place of the old one.

The build never writes into ``out_dir`` itself: it fills a sibling folder
``.<name>.building-<pid>-<random>`` and, only when every file is written, swaps it with the old
site in one atomic step (Linux ``renameat2(RENAME_EXCHANGE)``, macOS ``renamex_np(RENAME_SWAP)``),
so a reader finds the old complete site or the new one, never none and never a half-built one;
then the old site (now in the building folder) is removed. ``out_dir`` stays a plain folder; a
symbolic link to a folder is followed and the folder it names is replaced. Where the system
cannot swap (another OS, a file system without the flag), two renames are used, with the old
site kept as ``.<name>.old-<pid>`` for that instant.

Leftovers of a killed run (a building or old folder whose process is gone) are removed by the
next publish; an old site left alone by a run killed between the two renames is put back first.
A folder that is not empty and was not made by ``pimgraph publish`` (no ``.pimgraph-site``
marker) is never replaced.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

from pimgraph import __version__
from pimgraph.core.choices import LANGUAGES
from pimgraph.core.errors import UsageError
from pimgraph.core.geo import parse_point
from pimgraph.core.namespaces import (
    GEO,
    LINK_PROPERTIES,
    ONTOLOGY_IRI,
    PIM,
    PIMID,
    SCHEMA,
    link_target_of,
)
from pimgraph.core.pause import pause_at
from pimgraph.core.resources import ontology_path
from pimgraph.graph.asserted import parse_files
from pimgraph.graph.base import Engine
from pimgraph.graph.engine import open_engine
from pimgraph.publish import conneg
from pimgraph.publish.city_map import OUTLINE, check_tiles, outline_geojson
from pimgraph.publish.dcat import PREFIXES_DCAT, Catalogue, DatasetFacts
from pimgraph.publish.dumps import Dump, build_dumps, downloads_page
from pimgraph.publish.explore_pages import Explorations, ExplorePages, no_explorations
from pimgraph.publish.html import http_iri
from pimgraph.publish.indexes import Indexes
from pimgraph.publish.model import SiteGraph
from pimgraph.publish.ontology_doc import OntologyDoc, serialisations
from pimgraph.publish.pages import rdf_files, resource_page
from pimgraph.publish.paths import inside, is_plain, resource_stem, with_suffix
from pimgraph.publish.query_page import DEFAULT_ENDPOINT, query_page
from pimgraph.publish.search import search_files, search_page
from pimgraph.publish.swap import MARKER, recover, remove_leftovers, replace_folder
from pimgraph.publish.templating import static_files
from pimgraph.publish.void import service_description, void
from pimgraph.rdf.serialize import jsonld, turtle

DEFAULT_BASE = "https://w3id.org/pim/"


@dataclass
class PublishReport:
    out_dir: Path
    files: int = 0
    bytes: int = 0
    resources: int = 0
    pages: int = 0
    triples: int = 0
    seconds: float = 0.0
    hashed_paths: list[str] = field(default_factory=list)  # IRIs the rewrite rules cannot map


class SiteWriter:
    """Writes files below ``root`` only, through ``paths.inside``; counts what it wrote."""

    def __init__(self, root: Path):
        self.root = root
        self.files = 0
        self.bytes = 0

    def write(self, relative: PurePosixPath | str, data: str | bytes) -> None:
        target = inside(self.root, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        target.write_bytes(raw)
        self.files += 1
        self.bytes += len(raw)

    def produce(self, relative: PurePosixPath | str, make) -> None:
        """Let ``make(path)`` write the file ``relative`` (a picture drawn by another library)
        at its checked place below ``root``; count it when it is there."""
        target = inside(self.root, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        make(target)
        self.files += 1
        self.bytes += target.stat().st_size


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise UsageError(
            f"--out {out} is a folder with files not made by 'pimgraph publish'; "
            "choose an empty or new folder (it would be replaced)"
        )


def _build_date() -> datetime.date:
    # SOURCE_DATE_EPOCH (reproducible builds) fixes the date of the catalogue's dct:modified.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.datetime.now(datetime.UTC).date()


def _facts(asserted: Graph, inferred: Graph, resources: list[URIRef], base: str, sparql_url: str):
    created = asserted.value(URIRef(ONTOLOGY_IRI), DCTERMS.created)
    today = _build_date()
    issued = datetime.date.fromisoformat(str(created)) if created is not None else today
    editions = set(inferred.subjects(RDF.type, PIM.ProgrammeEdition))
    starts = [
        int(str(v)[:4])
        for e in editions
        for v in inferred.objects(e, SCHEMA.startDate)
        if str(v)[:4].isdigit()
    ]
    ends = [
        int(str(v)[:4])
        for e in editions
        for v in inferred.objects(e, SCHEMA.endDate)
        if str(v)[:4].isdigit()
    ]
    counts = Counter(
        str(o)
        for s, o in asserted.subject_objects(RDF.type)
        if isinstance(s, URIRef) and str(s).startswith(str(PIMID))
    )
    namespaces = {str(ns) for _, ns in asserted.namespaces()}
    used = sorted(
        ns for ns in namespaces if any(str(p).startswith(ns) for p in set(asserted.predicates()))
    )
    examples = [
        str(PIMID[x])
        for x in ("city/slupsk", "network/miasto-zielone")
        if PIMID[x] in set(resources)
    ]
    bbox, centroid = _extent(asserted)
    return DatasetFacts(
        linksets=linkset_counts(asserted),
        bbox=bbox,
        centroid=centroid,
        base=base,
        sparql_url=sparql_url,
        version=__version__,
        issued=issued,
        modified=today,
        start=datetime.date(min(starts), 1, 1) if starts else None,
        end=datetime.date(max(ends), 12, 31) if ends else None,
        triples=len(asserted),
        entities=len(resources),
        vocabularies=used,
        class_counts=dict(counts),
        examples=examples,
    )


def linkset_counts(graph: Graph) -> dict[str, dict[str, int]]:
    """Linked dataset key -> SKOS mapping property -> how many of our resources' triples link
    into that dataset with it (the void:Linkset sizes)."""
    counts: dict[str, Counter[str]] = {}
    for prop in LINK_PROPERTIES:
        for subject, target in graph.subject_objects(prop):
            key = link_target_of(str(target))
            if key and str(subject).startswith(str(PIMID)):
                counts.setdefault(key, Counter())[str(prop)] += 1
    return {key: dict(sorted(per.items())) for key, per in sorted(counts.items())}


def _extent(graph) -> tuple[str | None, str | None]:
    """The WKT box around the cities' map points (OpenStreetMap, as the data cites): the data's
    own spatial extent, computed rather than typed in from memory."""
    points = [
        point for value in graph.objects(None, GEO.asWKT) if (point := parse_point(str(value)))
    ]
    if not points:
        return None, None
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    box = f"POLYGON(({west} {south},{east} {south},{east} {north},{west} {north},{west} {south}))"
    mean = (
        round(sum(p[0] for p in points) / len(points), 6),
        round(sum(p[1] for p in points) / len(points), 6),
    )
    return box, f"POINT({mean[0]} {mean[1]})"


def build(
    root: Path,
    engine: Engine,
    languages: Iterable[str],
    base: str,
    sparql_url: str,
    report: PublishReport,
    explorations: Explorations,
    tiles: str | None = None,
) -> None:
    """Write the whole site below ``root`` and count it in ``report``; ``sparql_url`` is the
    endpoint as configured (an http(s) URL, or a path relative to the site: the query page asks
    it as given, the catalogue names it resolved against ``base``); ``tiles`` is the cities
    map's opt-in tile URL template (None: the outline of Poland only, no other host)."""
    writer = SiteWriter(root)
    asserted = parse_files(engine.info.inputs)
    site = SiteGraph(asserted, engine.to_rdflib())
    languages = tuple(languages)
    _resource_files(writer, site, languages, report, tiles)
    indexes = Indexes(site, tiles=tiles)
    ontology_text = ontology_path().read_text(encoding="utf-8")
    doc = OntologyDoc(Graph().parse(data=ontology_text, format="turtle"))
    dumps = build_dumps(asserted, writer.write)
    explore = ExplorePages(site, explorations)
    explore.draw(writer.produce)  # once: both languages embed the same pictures
    for lang in languages:
        pages = [
            *indexes.all_pages(lang, len(asserted)),
            doc.page(lang),
            downloads_page(dumps, lang),
            query_page(lang, site, sparql_url),
            search_page(lang),
            explore.page(lang),
        ]
        for path, text in pages:
            writer.write(path, text)
            report.pages += 1
    default = languages[-1] if "en" not in languages else "en"
    # Plain static hosts serve index.html for a folder: give them the default language.
    for name in ("index", "ontology/index", "explore/index"):
        writer.write(f"{name}.html", (root / f"{name}.{default}.html").read_bytes())
    for file_name, text in serialisations(ontology_text).items():
        writer.write(file_name, text)
    _catalogue_files(
        writer,
        _facts(asserted, site.inferred, site.resources, base, urljoin(base, sparql_url)),
        dumps,
    )
    for search_file, text in search_files(site, languages).items():
        writer.write(search_file, text)
    for static_file, data in static_files():  # the stylesheet, scripts, vendored libraries
        writer.write(static_file, data)
    writer.write(OUTLINE, outline_geojson())  # the cities map's base layer
    writer.write(MARKER, f"pimgraph {__version__}\n")
    report.files, report.bytes = writer.files, writer.bytes
    report.resources = len(site.resources)
    report.triples = len(asserted)


def _resource_files(
    writer: SiteWriter,
    site: SiteGraph,
    languages: tuple[str, ...],
    report: PublishReport,
    tiles: str | None,
) -> None:
    """Each resource's page in every language, with its Turtle and JSON-LD."""
    for iri in site.resources:
        stem = resource_stem(str(iri))
        if not is_plain(str(iri)):
            report.hashed_paths.append(str(iri))
        for lang in languages:
            writer.write(with_suffix(stem, f".{lang}.html"), resource_page(site, iri, lang, tiles))
            report.pages += 1
        for suffix, text in rdf_files(site, iri).items():
            writer.write(with_suffix(stem, suffix), text)


def _catalogue_files(writer: SiteWriter, facts: DatasetFacts, dumps: list[Dump]) -> None:
    """The DCAT-AP catalogue, VoID, the SPARQL service description and the rewrite rules."""
    catalogue = Catalogue(facts)
    dcat = catalogue.graph(dumps)
    writer.write("catalog.ttl", turtle(dcat, PREFIXES_DCAT))
    writer.write("catalog.jsonld", jsonld(dcat, PREFIXES_DCAT))
    writer.write("catalog.rdf", dcat.serialize(format="xml"))
    writer.write(".well-known/void", turtle(void(catalogue, dumps), PREFIXES_DCAT))
    writer.write("sparql-service.ttl", turtle(service_description(catalogue), PREFIXES_DCAT))
    writer.write(".htaccess", conneg.htaccess())
    writer.write("nginx.conf", conneg.nginx())


def _check_options(languages: tuple[str, ...], base: str, sparql_url: str | None) -> None:
    unknown = [lang for lang in languages if lang not in LANGUAGES]
    if unknown or not languages:
        raise UsageError(
            f"languages must be among {', '.join(LANGUAGES)}; got {', '.join(unknown) or 'none'}"
        )
    if not base.endswith("/") or not base.startswith(("http://", "https://")):
        raise UsageError(f"--base {base!r} must be an http(s) IRI ending in '/'")
    if sparql_url is not None and not (http_iri(sparql_url) or _relative_path(sparql_url)):
        raise UsageError(
            f"--sparql-url {sparql_url!r} must be an http(s) URL or a path relative to the site"
        )


def _relative_path(url: str) -> bool:
    """A path without a scheme, host, query or fragment (``sparql``, ``/pim/sparql``)."""
    parts = urlsplit(url)
    return (
        bool(url.strip())
        and not (parts.scheme or parts.netloc or parts.query or parts.fragment)
        and not url.startswith("//")
        and not any(c.isspace() or c in '<>"\\^`{|}' for c in url)
    )


def publish_site(
    out_dir: Path | str,
    engine=None,
    extra: Iterable[Path | str] = (),
    languages: Iterable[str] = LANGUAGES,
    base: str = DEFAULT_BASE,
    sparql_url: str | None = None,
    explorations: Callable[[Engine], Explorations] | None = None,
    tiles: str | None = None,
) -> PublishReport:
    """Build the linked-open-data site for the graph into ``out_dir`` (replaced when complete).

    ``engine`` defaults to ``open_engine(extra)``; ``base`` is the site's public IRI (download
    and endpoint addresses in the catalogue start with it); ``sparql_url`` (an http(s) URL or
    a path relative to the site) defaults to the site's own ``sparql``, which ``pimgraph serve``
    answers; the query page sends its queries there. ``explorations(engine)`` gives the
    exploration page its data (the publish feature does not compute it:
    ``pimgraph.serve.explorations.site_explorations`` asks ``pimgraph.explore``); without it
    the page says there are no cities to compare.
    ``tiles`` (an http(s) ``{z}/{x}/{y}`` URL template) adds a tile layer under the cities map;
    without it the map shows the bundled outline of Poland and asks no other host.
    """
    started = time.perf_counter()
    given = Path(out_dir).absolute()
    # A link to a folder: replace the folder it names and keep the link.
    out = given.resolve() if given.is_symlink() else given
    recover(out)
    _check_target(out)
    languages = tuple(languages)
    _check_options(languages, base, sparql_url)
    tiles = check_tiles(tiles)
    if engine is None:
        engine = open_engine(extra)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    report = PublishReport(given)
    building = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-{os.getpid()}-", dir=out.parent))
    try:
        explored = explorations(engine) if explorations is not None else no_explorations()
        sparql = sparql_url or DEFAULT_ENDPOINT
        build(building, engine, languages, base, sparql, report, explored, tiles)
        building.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        pause_at("swap")
        replace_folder(building, out)
        pause_at("swapped")
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report
