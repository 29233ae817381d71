"""The vendored front-end libraries are exactly what tests/tools/vendor-frontend pins: every file
in the manifests with its hash, nothing else, a licence per package, and the site's copies in the
wheel (the browser tests' axe-core stays out of it)."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "tools" / "vendor-frontend"
PUBLISH = ROOT / "pimgraph" / "publish"
SERVE = ROOT / "pimgraph" / "serve"
# The script's names for the three folders, and the folders.
FOLDERS = {
    "site": PUBLISH / "static" / "vendor",
    "serve": SERVE / "static" / "vendor",
    "tests": ROOT / "tests" / "vendor",
}
# vendor "${site}" FOLDER NAME@VERSION \
#   INTEGRITY \
PIN = re.compile(r'^vendor "\$\{(\w+)\}" (\S+) (\S+)@([^@\s]+) \\\n\s+(sha512-\S+)', re.MULTILINE)


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))["packages"]


def _pins() -> dict[tuple[str, str], tuple[str, str, str]]:
    """(root, folder) -> (name, version, integrity) as the script pins them."""
    text = SCRIPT.read_text(encoding="utf-8")
    return {(m[1], m[2]): (m[3], m[4], m[5]) for m in PIN.finditer(text)}


@pytest.mark.parametrize("root", sorted(FOLDERS))
def test_every_listed_file_has_its_hash(root: str) -> None:
    folder = FOLDERS[root]
    wrong = []
    for package, entry in _manifest(folder).items():
        for name, meta in entry["files"].items():
            path = folder / package / name
            if not path.is_file():
                wrong.append(f"{package}/{name}: missing")
                continue
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != meta["sha256"] or len(data) != meta["size"]:
                wrong.append(f"{package}/{name}: changed")
    assert not wrong, f"rerun tests/tools/vendor-frontend (do not edit vendored files): {wrong}"


@pytest.mark.parametrize("root", sorted(FOLDERS))
def test_no_file_outside_the_manifest(root: str) -> None:
    folder = FOLDERS[root]
    listed = {"MANIFEST.json"} | {
        f"{package}/{name}"
        for package, entry in _manifest(folder).items()
        for name in entry["files"]
    }
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert present == listed, f"stray: {sorted(present - listed)}"


@pytest.mark.parametrize("root", sorted(FOLDERS))
def test_each_package_keeps_its_licence(root: str) -> None:
    for package, entry in _manifest(FOLDERS[root]).items():
        assert entry["license"], package
        assert entry["license_file"] in entry["files"], package
        licence = FOLDERS[root] / package / entry["license_file"]
        assert licence.stat().st_size > 0, package


@pytest.mark.parametrize("root", sorted(FOLDERS))
def test_manifest_is_written_canonically(root: str) -> None:
    path = FOLDERS[root] / "MANIFEST.json"
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_manifests_match_the_pins_in_the_script() -> None:
    pins = _pins()
    # minisearch, yasgui, leaflet, markercluster; swagger-ui-dist; axe-core
    assert len(pins) == 6, pins
    vendored = {
        (root, package): (entry["name"], entry["version"], entry["integrity"])
        for root, folder in FOLDERS.items()
        for package, entry in _manifest(folder).items()
    }
    assert vendored == pins


def _package_data() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]


def _matches(path: str, pattern: str) -> bool:
    """setuptools' glob: each ``*`` stays within one folder."""
    parts, pattern_parts = PurePosixPath(path).parts, PurePosixPath(pattern).parts
    return len(parts) == len(pattern_parts) and all(
        fnmatchcase(part, glob) for part, glob in zip(parts, pattern_parts, strict=True)
    )


@pytest.mark.parametrize(("root", "package"), [("site", PUBLISH), ("serve", SERVE)])
def test_the_wheel_ships_every_vendored_file(root: str, package: Path) -> None:
    patterns = _package_data()[f"pimgraph.{package.name}"]
    folder = FOLDERS[root]
    files = [p.relative_to(package).as_posix() for p in folder.rglob("*") if p.is_file()]
    assert files
    missed = [f for f in files if not any(_matches(f, pattern) for pattern in patterns)]
    assert not missed, f"add to [tool.setuptools.package-data] pimgraph.{package.name}: {missed}"


def test_the_test_libraries_stay_out_of_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = config["tool"]["setuptools"]["packages"]
    assert not [p for p in packages if p.split(".")[0] == "tests"]
    assert not [p for ps in _package_data().values() for p in ps if "axe" in p]
