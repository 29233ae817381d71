"""A published copy of the bundled site for the tests that look at every page, and one page of
each kind in it, found by walking the folder (so pages added later are covered too)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .test_serve import pimgraph_command


def publish(folder: Path) -> Path:
    """``pimgraph publish`` of the bundled graph into ``folder/site``, as a user runs it."""
    site = folder / "site"
    env = {**os.environ, "PIMGRAPH_CACHE_DIR": str(folder / "cache")}
    done = subprocess.run(
        [*pimgraph_command(), "publish", "--out", str(site)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def html_pages(site: Path) -> list[Path]:
    """Every HTML page the site publishes (the vendored libraries' own files are not pages)."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "static")


def page_kinds(site: Path, lang: str = "en") -> dict[str, str]:
    """One page of each kind, by site-relative URL path: every page outside ``id/`` (the
    indexes, search, query, ontology, explore) and the first page of each ``id/<type>/``."""
    kinds: dict[str, str] = {}
    for page in html_pages(site):
        relative = page.relative_to(site)
        if not page.name.endswith(f".{lang}.html"):
            continue
        kind = relative.parent.as_posix() if relative.parts[0] == "id" else relative.as_posix()
        kinds.setdefault(kind, "/" + relative.as_posix())
    return kinds
