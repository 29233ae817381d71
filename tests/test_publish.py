"""``pimgraph publish``: the static linked-open-data site, built once for this module with an
extra data file holding a label with <script>, a non-http IRI and hostile IRIs."""

from __future__ import annotations

import gzip
import hashlib
import html
import html.parser
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from pimgraph.cli import main
from pimgraph.core.errors import UsageError
from pimgraph.core.namespaces import PIM, PIMID, VOID
from pimgraph.graph.asserted import parse_files
from pimgraph.graph.engine import open_engine
from pimgraph.publish import conneg, publish_site
from pimgraph.publish.paths import inside, is_plain, resource_stem, safe_segment
from pimgraph.publish.site import MARKER
from pimgraph.serve.explorations import site_explorations

from .conftest import VOCABS, need

SCRIPT_LABEL = "<script>alert('pwned')</script> & Co"
HOSTILE_IRIS = (
    "https://w3id.org/pim/id/city/..%2F..%2Fetc",
    "https://w3id.org/pim/id/city/../../../outside-the-site",
    "https://w3id.org/pim/id/../escape",
)
EXTRA_TTL = f"""
@prefix pim: <https://w3id.org/pim/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/pim/id/city/test-script> a pim:City ;
    rdfs:label {json.dumps(SCRIPT_LABEL)}@en , {json.dumps(SCRIPT_LABEL)}@pl ;
    dcterms:description "<img src=x onerror=alert(1)> \\"quoted\\""@en ;
    rdfs:seeAlso <urn:example:not-a-link> , <https://example.org/safe> ;
    pim:participatedIn <https://w3id.org/pim/id/edition/2021-2023> .
<{HOSTILE_IRIS[0]}> a pim:City ; rdfs:label "Hostile one"@en ;
    rdfs:seeAlso <https://w3id.org/pim/id/city/test-script> .
<{HOSTILE_IRIS[1]}> a pim:City ; rdfs:label "Hostile two"@en .
<{HOSTILE_IRIS[2]}> rdfs:label "Hostile three"@en .
"""


def write_extra(folder: Path) -> Path:
    path = folder / "extra.ttl"
    path.write_text(EXTRA_TTL, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("publish")
    extra = write_extra(root)
    engine = open_engine([extra], use_cache=False)
    report = publish_site(root / "parent" / "site", engine=engine, explorations=site_explorations)
    return report, engine, parse_files(engine.info.inputs)


@pytest.fixture(scope="module")
def site(built) -> Path:
    return built[0].out_dir


def data_iris(engine) -> set[str]:
    rows = engine.query(
        "SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } "
        "FILTER(isIRI(?x) && STRSTARTS(STR(?x), 'https://w3id.org/pim/id/')) }"
    ).rows
    return {str(row[0]) for row in rows}


class Page(html.parser.HTMLParser):
    """What a test needs from a page: its language, links, element ids and visible text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.charset = None
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.script_depth = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "meta" and "charset" in attrs:
            self.charset = attrs["charset"]
        if tag in ("a", "link") and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "img" and "src" in attrs:
            self.srcs.append(attrs["src"])
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in ("script", "style"):
            self.script_depth += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.script_depth -= 1

    def handle_data(self, data):
        if not self.script_depth:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def test_every_resource_has_two_pages_and_its_rdf(built, site) -> None:
    report, engine, asserted = built
    iris = data_iris(engine)
    assert report.resources == len(iris)
    for iri in iris:
        stem = resource_stem(iri)
        for suffix in (".pl.html", ".en.html", ".ttl", ".jsonld"):
            assert (site / f"{stem}{suffix}").is_file(), f"{iri}: no {suffix}"
        expected = Graph()
        for p, o in asserted.predicate_objects(URIRef(iri)):
            expected.add((URIRef(iri), p, o))
        turtle = Graph().parse(site / f"{stem}.ttl", format="turtle")
        assert isomorphic(turtle, expected), iri
        assert isomorphic(Graph().parse(site / f"{stem}.jsonld", format="json-ld"), expected), iri


def test_pages_are_utf8_html_in_their_language_and_links_stay_http(site) -> None:
    pages = sorted(site.rglob("*.html"))
    assert pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        page = Page(text)
        assert page.charset == "utf-8", path
        expected = "pl" if path.name.endswith(".pl.html") else "en"
        assert page.lang == expected, path
        for href in page.hrefs:
            target = href.split("#")[0]
            if "://" in target or ":" in target.split("/")[0]:
                assert target.startswith(("https://", "http://")), f"{path}: link {href!r}"
            elif target:
                # Every link inside the site resolves to a file of the site.
                resolved = (path.parent / target).resolve()
                assert resolved.is_file() and resolved.is_relative_to(site.resolve()), (
                    f"{path}: {href}"
                )


def test_a_script_label_is_shown_escaped(site) -> None:
    stem = resource_stem("https://w3id.org/pim/id/city/test-script")
    for lang in ("pl", "en"):
        raw = (site / f"{stem}.{lang}.html").read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<img src=x" not in raw
        # Quotes, <, > and & all escaped (markupsafe writes ' as &#39;).
        assert "&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; Co" in raw
        page = Page(raw)
        assert SCRIPT_LABEL in page.visible  # the reader sees the text as written
        assert "urn:example:not-a-link" in page.visible  # a non-http IRI is shown as text ...
        assert not any(h.startswith("urn:") for h in page.hrefs)  # ... never as a link
        assert "https://example.org/safe" in page.hrefs
    cities = (site / "cities.en.html").read_text(encoding="utf-8")
    assert "<script>alert" not in cities and "&lt;script&gt;" in cities


def test_hostile_iris_get_files_inside_the_site_only(built, site) -> None:
    report = built[0]
    parent = site.parent
    assert sorted(p.name for p in parent.iterdir()) == [
        "site"
    ]  # no build or backup folder left over
    assert set(HOSTILE_IRIS) <= set(report.hashed_paths)
    for iri in HOSTILE_IRIS:
        stem = resource_stem(iri)
        assert ".." not in stem.parts
        assert (site / f"{stem}.en.html").is_file()
        assert inside(site, f"{stem}.en.html").is_relative_to(site)
    outside = [p for p in parent.parent.rglob("*") if not p.is_relative_to(site)]
    assert not any(p.name.startswith(("outside-the-site", "escape", "etc")) for p in outside)
    assert (site / "id/city" / safe_segment("..")).is_dir()  # "..": a hashed folder inside the site


@pytest.mark.parametrize(
    "segment",
    [
        "..",
        ".",
        "",
        "..%2F..%2Fetc",
        "a/b",
        "ąę",
        "x" * 300,
        "a\x00b",
        ".hidden",
        "slupsk.ttl",
        "-leading-dash",
    ],
)
def test_unsafe_segments_are_hashed(segment) -> None:
    safe = safe_segment(segment)
    assert safe.startswith("_") and len(safe) == 25 and safe[1:].isalnum()


def test_plain_slugs_are_kept_and_inside_refuses_escapes(tmp_path) -> None:
    assert str(resource_stem("https://w3id.org/pim/id/city/slupsk")) == "id/city/slupsk"
    assert is_plain("https://w3id.org/pim/id/city/miedzyrzec-podlaski")
    for bad in ("../x", "/etc/passwd", "a/../../b", ".."):
        with pytest.raises(ValueError):
            inside(tmp_path, bad)
    (tmp_path / "link").symlink_to("/etc")
    with pytest.raises(ValueError, match="leaves the site"):
        inside(tmp_path, "link/passwd")


def test_index_pages_list_what_the_graph_holds(built, site) -> None:
    engine = built[1]
    for page, cls in (
        ("networks", PIM.Network),
        ("cities", PIM.City),
        ("themes", PIM.Theme),
        ("recommendations", PIM.Recommendation),
        ("editions", PIM.ProgrammeEdition),
    ):
        members = [row[0] for row in engine.query(f"SELECT ?x WHERE {{ ?x a <{cls}> }}").rows]
        assert members, cls
        for lang in ("pl", "en"):
            text = Page((site / f"{page}.{lang}.html").read_text(encoding="utf-8")).visible
            for member in members:
                assert " ".join(engine.label(member, lang).split()) in text, (
                    f"{page}.{lang}: {member}"
                )
    cities = (site / "cities.en.html").read_text(encoding="utf-8")
    # The sortable table, and the sorter it loads (a site file, not inline script).
    assert 'class="sortable"' in cities and '<script src="static/sortable.js"' in cities
    assert "localeCompare" in (site / "static" / "sortable.js").read_text(encoding="utf-8")


def test_city_page_has_a_local_map_and_coordinates(built, site) -> None:
    engine = built[1]
    row = engine.query(
        "SELECT ?city ?wkt WHERE { ?city a pim:City ; geo:hasGeometry/geo:asWKT ?wkt } LIMIT 1"
    ).rows[0]
    lon, lat = (float(v) for v in str(row[1]).split("(")[1].rstrip(")").split())
    text = (site / f"{resource_stem(str(row[0]))}.en.html").read_text(encoding="utf-8")
    assert "<svg" in text and f"{lat:.5f}° N, {lon:.5f}° E" in text
    assert "openstreetmap.org/?mlat=" in text
    # Nothing loaded from another host: no image, and every script is one of the site's own
    # files, by a relative URL (the scripts came with the search box).
    assert "<img" not in text
    sources = re.findall(r'\bsrc="([^"]*)"', text)
    assert sources and all(not re.match(r"(?i)([a-z][a-z0-9+.-]*:|//)", s) for s in sources)
    assert all(
        (site / resource_stem(str(row[0]))).parent.joinpath(s).resolve().is_file() for s in sources
    )


def test_dumps_hold_the_asserted_graph_with_true_checksums(built, site) -> None:
    asserted = built[2]
    sums = dict(
        reversed(line.split("  ")) for line in (site / "dumps/SHA256SUMS").read_text().splitlines()
    )
    assert len(sums) == 6
    for name, digest in sums.items():
        data = (site / "dumps" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
        if name.endswith(".gz"):
            assert gzip.decompress(data) == (site / "dumps" / name[:-3]).read_bytes()
    for name, fmt in (("pim.ttl", "turtle"), ("pim.nt", "nt"), ("pim.jsonld", "json-ld")):
        assert isomorphic(Graph().parse(site / "dumps" / name, format=fmt), asserted), name


def _dcat_shapes(*names: str) -> Graph:
    from rdflib.namespace import SH

    shapes = Graph()
    for name in names:
        shapes.parse(VOCABS / "dcat-ap-3.0.1" / name)
    # dcat-ap-SHACL.ttl points at two property shapes defined only in the release's range file
    # (left out of shared/vocabs, see its README); pySHACL refuses dangling shape references.
    for shape, prop in list(shapes.subject_objects(SH.property)):
        if (prop, None, None) not in shapes:
            shapes.remove((shape, SH.property, prop))
    return shapes


@pytest.mark.parametrize(
    "shape_files",
    [("dcat-ap-SHACL.ttl",), ("shapes.ttl", "range.ttl"), ("shapes_recommended.ttl",)],
)
def test_dcat_ap_catalogue_conforms_to_the_official_shapes(site, shape_files) -> None:
    need((VOCABS / "dcat-ap-3.0.1").is_dir(), f"the DCAT-AP 3.0.1 shapes in {VOCABS}")
    from pyshacl import validate

    catalogue = Graph().parse(site / "catalog.ttl")
    conforms, _, text = validate(
        catalogue, shacl_graph=_dcat_shapes(*shape_files), inference="none", allow_warnings=False
    )
    assert conforms, text


def test_catalogue_facts_match_the_files(site) -> None:
    from rdflib import DCAT, Namespace

    spdx = Namespace("http://spdx.org/rdf/terms#")
    catalogue = Graph().parse(site / "catalog.ttl")
    for variant in ("catalog.rdf", "catalog.jsonld"):
        assert isomorphic(Graph().parse(site / variant), catalogue), variant
    distributions = list(catalogue.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 6
    for distribution in distributions:
        url = str(catalogue.value(distribution, DCAT.downloadURL))
        assert url.startswith("https://w3id.org/pim/dumps/")
        data = (site / url.removeprefix("https://w3id.org/pim/")).read_bytes()
        assert int(catalogue.value(distribution, DCAT.byteSize)) == len(data)
        checksum = catalogue.value(distribution, spdx.checksum)
        assert (
            str(catalogue.value(checksum, spdx.checksumValue)) == hashlib.sha256(data).hexdigest()
        )
        assert URIRef("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0") in set(
            catalogue.objects(distribution, URIRef("http://purl.org/dc/terms/license"))
        )
    rights = " ".join(
        str(o)
        for o in catalogue.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
    )
    assert "OpenStreetMap" in rights
    assert not any("mailto:" in str(term) for triple in catalogue for term in triple)


def test_void_counts_the_dumped_triples(site) -> None:
    void = Graph().parse(site / ".well-known/void", format="turtle")
    dataset = next(void.subjects(VOID.uriSpace, Literal(str(PIMID))))
    dumped = Graph().parse(site / "dumps/pim.nt", format="nt")
    assert int(void.value(dataset, VOID.triples)) == len(dumped)
    assert len(list(void.objects(dataset, VOID.dataDump))) == 6


# The linksets, counted by hand from the dump: one per linked dataset.
@pytest.mark.parametrize(
    ("space", "predicates"),
    [
        ("https://sws.geonames.org/", {SKOS.exactMatch}),
        ("http://eurovoc.europa.eu/", {SKOS.closeMatch, SKOS.relatedMatch}),
        ("http://metadata.un.org/sdg/", {SKOS.relatedMatch}),
    ],
)
def test_void_has_one_linkset_per_linked_dataset_with_its_count(site, space, predicates) -> None:
    void = Graph().parse(site / ".well-known/void", format="turtle")
    dumped = Graph().parse(site / "dumps/pim.nt", format="nt")
    ours = next(void.subjects(VOID.uriSpace, Literal(str(PIMID))))
    target = next(void.subjects(VOID.uriSpace, Literal(space)))
    (linkset,) = void.subjects(VOID.objectsTarget, target)
    assert (linkset, RDF.type, VOID.Linkset) in void
    assert void.value(linkset, VOID.subjectsTarget) == ours
    assert set(void.objects(linkset, VOID.linkPredicate)) == predicates
    expected = sum(
        1
        for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch)
        for s, o in dumped.subject_objects(p)
        if str(o).startswith(space) and str(s).startswith(str(PIMID))
    )
    assert expected > 20 and int(void.value(linkset, VOID.triples)) == expected
    if "geonames" in space:
        assert expected == 28  # every city of 2021-2023


def test_ontology_documentation_and_serialisations(site, ontology) -> None:
    for name, fmt in (("pim.ttl", "turtle"), ("pim.rdf", "xml"), ("pim.jsonld", "json-ld")):
        assert isomorphic(Graph().parse(site / "ontology" / name, format=fmt), ontology), name
    terms = [
        t
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for t in ontology.subjects(RDF.type, kind)
        if str(t).startswith(str(PIM))
    ]
    assert terms
    for lang in ("pl", "en"):
        page = Page((site / f"ontology/index.{lang}.html").read_text(encoding="utf-8"))
        for term in terms:
            assert str(term).split("#")[1] in page.ids, term
            label = next(
                str(v)
                for v in ontology.objects(
                    term, URIRef("http://www.w3.org/2000/01/rdf-schema#label")
                )
                if isinstance(v, Literal) and v.language == lang
            )
            assert label in page.visible, (lang, term)


def test_rewrite_routes_map_every_plain_iri_to_its_files(built, site) -> None:
    for iri in data_iris(built[1]):
        if not is_plain(iri):
            continue
        route, path = conneg.match(iri.removeprefix("https://w3id.org/pim/"))
        assert route.name == "resource"
        for media in route.offered():
            for lang in ("pl", "en"):
                assert (site / route.target(media, path, lang)).is_file(), (iri, media)
    for path in ("ontology", "ontology/0.1.0", "catalog", ""):
        route, matched = conneg.match(path)
        for media in route.offered():
            assert (site / route.target(media, matched, "pl")).is_file(), (path, media)
    htaccess = (site / ".htaccess").read_text()
    nginx = (site / "nginx.conf").read_text()
    for route in conneg.ROUTES:
        assert f"RewriteRule ^{route.pattern}$" in htaccess
        assert f"# {route.name}" in nginx
    assert "R=303" in htaccess and "return 303" in nginx


def test_negotiation_follows_q_values() -> None:
    offered = ["text/html", "text/turtle", "application/ld+json"]
    assert conneg.negotiate("text/turtle", offered) == "text/turtle"
    assert (
        conneg.negotiate("text/html;q=0.5, application/ld+json", offered) == "application/ld+json"
    )
    assert conneg.negotiate("*/*", offered) == "text/html"
    assert conneg.negotiate(None, offered) == "text/html"
    assert conneg.negotiate("image/png", offered) is None
    assert conneg.negotiate("text/*;q=0.9, text/turtle;q=0", offered) == "text/html"
    assert conneg.choose_language("pl-PL,pl;q=0.9,en;q=0.8") == "pl"
    assert conneg.choose_language("en-US,en;q=0.9") == "en"
    assert conneg.choose_language("de") == "en"


def test_a_folder_not_made_by_publish_is_never_replaced(tmp_path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(UsageError, match="not made by 'pimgraph publish'"):
        publish_site(tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_a_failed_build_leaves_the_old_site(tmp_path, monkeypatch) -> None:
    from pimgraph.publish import site as site_module

    out = tmp_path / "site"
    out.mkdir()
    (out / MARKER).write_text("pimgraph\n")
    (out / "index.html").write_text("old site")

    def broken(root, *args, **kwargs):
        (root / "index.html").write_text("half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(site_module, "build", broken)
    with pytest.raises(RuntimeError):
        publish_site(out, engine=object())
    assert (out / "index.html").read_text() == "old site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_cli_publish_reports_a_bad_data_file_in_one_line(tmp_path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["publish", "--out", str(tmp_path / "site"), "--data", str(bad)]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output and str(bad) in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "site").exists()


# ---- the exploration page: pictures and tables of which cities share themes (2021-2023)
def _table_rows(raw: str, table_id: str) -> list[str]:
    found = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', raw, re.S)
    assert found, table_id
    return re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)


def _check_exploration_tables(site: Path, engine) -> None:
    from pimgraph.explore import MEASURE, shared

    for lang in ("pl", "en"):
        path = site / "explore" / f"index.{lang}.html"
        raw = path.read_text(encoding="utf-8")
        page = Page(raw)
        assert page.lang == lang and {"title", "measure", "pairs", "clusters"} <= page.ids
        result = shared("2021-2023", lang, engine)
        assert MEASURE in page.visible  # the measure, stated once, word for word
        rows = _table_rows(raw, "pairs")
        assert len(rows) == 30
        for row, pair in zip(rows, result.pairs, strict=False):
            hrefs = re.findall(r'href="([^"]+)"', row)
            cities = [h for h in hrefs if "/id/city/" in f"/{h}"]
            assert cities[:2] == [
                f"../{resource_stem(str(city))}.{lang}.html" for city in (pair.a, pair.b)
            ]
            for href in hrefs:
                assert (path.parent / href).resolve().is_file(), href
            assert engine.label(pair.a, lang) in Page(row).visible
        clustered = " ".join(_table_rows(raw, "clusters"))
        for city in result.profiles.cities:
            assert clustered.count(f'href="../{resource_stem(str(city))}.{lang}.html"') == 1
        bridges = Page(" ".join(_table_rows(raw, "bridges"))).visible
        assert result.bridges and all(
            engine.label(b.theme, lang) in bridges for b in result.bridges
        )


def test_exploration_pages_in_both_languages_are_linked_from_home_and_nav(site) -> None:
    for lang in ("pl", "en"):
        assert (site / "explore" / f"index.{lang}.html").is_file()
        home = Page((site / f"index.{lang}.html").read_text(encoding="utf-8"))
        assert home.hrefs.count(f"explore/index.{lang}.html") == 2  # the navigation and Browse
        cities = Page((site / f"cities.{lang}.html").read_text(encoding="utf-8"))
        assert f"explore/index.{lang}.html" in cities.hrefs
    assert (site / "explore/index.html").read_bytes() == (
        site / "explore/index.en.html"
    ).read_bytes()
    route, path = conneg.match("explore")
    assert route.target("text/html", path, "pl") == "explore/index.pl.html"


def test_exploration_page_embeds_three_valid_pictures_of_the_site(built, site) -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        need(False, "matplotlib (the plot extra) to draw the pictures")
    for lang in ("pl", "en"):
        path = site / "explore" / f"index.{lang}.html"
        page = Page(path.read_text(encoding="utf-8"))
        assert page.srcs == ["network.svg", "map.png", "heatmap.png"]
        assert {"picture-network", "picture-map", "picture-heatmap"} <= page.ids
        assert "plot-hint" not in page.ids
        for src in page.srcs:
            assert (path.parent / src).resolve().is_relative_to(site.resolve())
    svg = ET.parse(site / "explore/network.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    for name in ("map.png", "heatmap.png"):
        data = (site / "explore" / name).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000, name
    assert conneg.media_type_of("network.svg") == "image/svg+xml"  # pimgraph serve shows it
    _check_exploration_tables(site, built[1])


def test_exploration_page_without_matplotlib_has_tables_and_a_one_line_hint(
    built, tmp_path, monkeypatch
) -> None:
    # None in sys.modules makes 'import matplotlib' raise ImportError, as on a machine without it.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    report = publish_site(tmp_path / "site", engine=built[1], explorations=site_explorations)
    site = report.out_dir
    assert not any(p.suffix in (".svg", ".png") for p in (site / "explore").iterdir())
    for lang in ("pl", "en"):
        raw = (site / "explore" / f"index.{lang}.html").read_text(encoding="utf-8")
        page = Page(raw)
        assert "<img" not in raw and "plot-hint" in page.ids
        hint = re.search(r'<p class="muted" id="plot-hint">(.*?)</p>', raw).group(1)
        assert "\n" not in hint and 'pip install "pimgraph[plot]"' in html.unescape(hint)
        assert raw.count("pimgraph[plot]") == 1
    _check_exploration_tables(site, built[1])


@pytest.mark.parametrize(
    ("page", "lang", "words"),
    [
        ("id/city/slupsk.en.html", "en", ["Links to other datasets", "GeoNames", "Słupsk", " km)"]),
        ("id/city/slupsk.pl.html", "pl", ["Powiązania z innymi zbiorami danych", "GeoNames"]),
        (
            "id/theme/jakosc-powietrza.en.html",
            "en",
            ["EuroVoc", "air quality", "UN SDG", "Target 11.6"],
        ),
    ],
)
def test_city_and_theme_pages_show_their_links_with_labels(site, page, lang, words) -> None:
    parsed = Page((site / page).read_text(encoding="utf-8"))
    assert "links-out" in parsed.ids
    text = " ".join(parsed.text)
    for word in words:
        assert word in text, (word, page)
    external = [
        h for h in parsed.hrefs if "geonames.org" in h or "eurovoc" in h or "un.org/sdg" in h
    ]
    assert external, parsed.hrefs
    # the link records are pages of their own: the evidence column links to them
    assert any("link/" in h and h.endswith(f".{lang}.html") for h in parsed.hrefs)
