"""axe-core (vendored for the tests only, tests/vendor/axe-core) in a real headless Chromium on
the pages a visitor lands on: no serious or critical accessibility violation, at desktop width
and at 375 px, where the page must not scroll sideways either."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_browser import browser  # noqa: F401  (the fixture)
from .test_serve import Served

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = (
    "/index.en.html",
    "/index.pl.html",
    "/id/city/slupsk.en.html",
    "/id/network/miasto-zielone.pl.html",
    "/id/theme/jakosc-powietrza.en.html",
    "/id/recommendation/rewitalizacja-prawne.pl.html",
    "/cities.en.html",
    "/cities.pl.html?network=miasto-zielone&theme=jakosc-srodowiska-i-adaptacja-do-zmian-klimatu",
    "/recommendations.pl.html",
    "/mids.en.html",
    "/mids.pl.html?edition=2021-2023",
    "/search.en.html?q=rewitalizacji",
    "/query.en.html",
)
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = Served(tmp_path_factory.mktemp("a11y"))
    yield server
    server.stop()


def _violations(driver) -> list[dict]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    found = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(function (r) { done(JSON.stringify(r.violations)); })"
        ".catch(function (e) { done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
        " help: String(e), nodes: []}])); });"
    )
    return [v for v in json.loads(found) if v.get("impact") in SERIOUS]


def _summary(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    ]


@pytest.mark.parametrize("width", [1200, 375])
def test_pages_have_no_serious_accessibility_violation(served, browser, width) -> None:  # noqa: F811
    browser.set_script_timeout(120)
    browser.set_window_size(width, 900)
    problems = {}
    for page in PAGES:
        browser.get(served.base + page)
        violations = _summary(_violations(browser))
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            violations.append(f"scrolls sideways by {overflow} px")
        if violations:
            problems[page] = violations
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("width", [1200, 375])
def test_the_query_page_with_results_and_a_map_has_no_serious_violation(
    served,
    browser,  # noqa: F811
    width,
) -> None:
    import urllib.parse

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    query = "SELECT ?city ?wkt WHERE { ?city a pim:City ; geo:hasGeometry/geo:asWKT ?wkt }"
    browser.set_script_timeout(120)
    browser.set_window_size(width, 900)
    browser.get(served.base + "/query.en.html?" + urllib.parse.urlencode({"query": query}))
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 60).until(
        lambda d: d.find_element(By.ID, "result-map").get_attribute("data-markers")
    )
    browser.find_element(By.CSS_SELECTOR, "#gallery details summary").click()  # a description
    # A stored query with comments and prefixed names in the editor, and a field's problem.
    browser.find_element(By.CSS_SELECTOR, "#stored-cities-sharing-themes .gallery-open").click()
    browser.find_element(By.CSS_SELECTOR, "#stored-city-profile .gallery-open").click()
    assert browser.find_element(By.CSS_SELECTOR, "#stored-city-profile .query-problem").text
    problems = _summary(_violations(browser))
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0 and not problems, (overflow, problems)
