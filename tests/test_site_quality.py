"""The quality bars every page of the published site must meet, in a real headless Chromium
against a real ``pimgraph serve --site``, on one page of each kind found by walking the
published folder (tests/published.py), so a new kind of page is covered as soon as it exists:

- with JavaScript off, every page shows its content (title, properties, tables, the themes
  tree); the search, the query editor and the cities map say that they need JavaScript;
- with JavaScript on, no page makes the browser request anything from another host (Chrome's
  own network log, every request, failed ones too);
- at 375 px (a phone) no page, in either language, scrolls sideways;
- axe-core finds no serious or critical accessibility violation on any kind of page.

Expected counts and labels come from the graph and the message catalogue."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from pimgraph.core.namespaces import PIMID
from pimgraph.publish.i18n import ui

from .published import page_kinds, publish
from .test_accessibility import _summary, _violations
from .test_browser import browser, browser_without_js, start_chromium  # noqa: F401  (fixtures)
from .test_serve import Served

pytestmark = pytest.mark.browser

LANG = "en"
COUNTS = {  # index page -> (rows selector, class of the resources it lists)
    "/cities.en.html": ("#cities tbody tr", "City"),
    "/networks.en.html": ("#networks tbody tr", "Network"),
}
# Pages whose main feature runs in the browser, and the message each shows without scripts.
NOSCRIPT = {
    "/search.en.html": "search_noscript",
    "/query.en.html": "query_noscript",
    "/cities.en.html": "map_noscript",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quality")
    site = publish(folder)
    server = Served(folder, "--site", str(site))
    yield server, page_kinds(site, LANG), page_kinds(site, "pl")
    server.stop()


@pytest.fixture
def logged_browser(tmp_path, monkeypatch):
    driver = start_chromium(tmp_path, monkeypatch, network_log=True)
    yield driver
    driver.quit()


def _count(engine, kind: str) -> int:
    return int(
        engine.query(f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a pim:{kind} }}").rows[0][0]
    )


def _resource_problems(driver, engine, page: str) -> list[str]:
    """A resource page without scripts: its label as the title, its IRI, a table of links."""
    from selenium.webdriver.common.by import By

    iri = PIMID[page.removeprefix("/id/").removesuffix(f".{LANG}.html")]
    problems = []
    title, label = driver.find_element(By.ID, "title").text, engine.label(iri, LANG)
    if title != label.replace("\xa0", " "):  # WebDriver reads a no-break space as a space
        problems.append(f"title {title!r}, the graph's label {label!r}")
    if str(iri) not in driver.find_element(By.CLASS_NAME, "iri").text:
        problems.append(f"no IRI {iri}")
    rows = driver.find_elements(By.CSS_SELECTOR, "#out tbody tr, #in tbody tr")
    if not [row for row in rows if row.is_displayed()]:
        problems.append("no table of properties or links")
    return problems


def _page_problems(driver, engine, page: str) -> list[str]:
    from selenium.webdriver.common.by import By

    main = driver.find_element(By.TAG_NAME, "main")
    problems = []
    if not driver.find_element(By.ID, "title").text.strip() or len(main.text) < 40:
        problems.append("no title or almost no content")
    if page.startswith("/id/"):
        problems += _resource_problems(driver, engine, page)
    if page in COUNTS:
        selector, kind = COUNTS[page]
        shown, expected = len(driver.find_elements(By.CSS_SELECTOR, selector)), _count(engine, kind)
        if shown != expected:
            problems.append(f"{shown} rows for {expected} {kind} resources")
    if page in NOSCRIPT and ui(NOSCRIPT[page], LANG) not in main.text:
        problems.append(f"no visible {NOSCRIPT[page]} message")
    return problems


def test_every_kind_of_page_shows_its_content_with_javascript_off(
    served,
    engine,
    browser_without_js,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    server, kinds, _ = served
    assert set(NOSCRIPT) | set(COUNTS) | {"/themes.en.html"} <= set(kinds.values())
    driver = browser_without_js
    problems = {}
    for page in [*kinds.values(), "/id/city/slupsk.en.html"]:
        driver.get(server.base + page)
        found = _page_problems(driver, engine, page)
        if found:
            problems[page] = found
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)

    # The themes tree lists every theme; Słupsk's page draws its position without scripts.
    driver.get(server.base + "/themes.en.html")
    links = {
        a.get_attribute("href")
        for a in driver.find_elements(By.CSS_SELECTOR, "ul.tree a[href*='id/theme/']")
    }
    assert len(links) == _count(engine, "Theme")
    driver.get(server.base + "/id/city/slupsk.en.html")
    assert driver.find_element(By.CSS_SELECTOR, "#map svg circle").is_displayed()

    # The header's search box still submits to the results page, which says what it needs.
    driver.get(server.base + "/index.en.html")
    driver.find_element(By.ID, "search-input").send_keys("slupsk", Keys.ENTER)
    WebDriverWait(driver, 30).until(lambda d: "/search.en.html?q=slupsk" in d.current_url)
    assert ui("search_noscript", LANG) in driver.find_element(By.TAG_NAME, "main").text


def _settle(driver, page: str) -> None:
    """Wait for what the page loads after its HTML: search results, the map's markers."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(driver, 60)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
    if page.startswith("/search.") and "?q=" in page:
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results [role=option]"))
    if page.startswith("/cities."):
        wait.until(lambda d: d.find_element(By.ID, "cities-map").get_attribute("data-markers"))
    driver.execute_async_script("setTimeout(arguments[arguments.length - 1], 300)")


def _requests(driver) -> list[str]:
    """Every URL the browser asked for since the last call (Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_no_page_requests_anything_from_another_host(served, logged_browser) -> None:
    from selenium.webdriver.common.by import By

    server, kinds, _ = served
    driver = logged_browser
    origin = urlsplit(server.base)
    pages = [*kinds.values(), "/id/city/slupsk.en.html", "/search.en.html?q=rewitalizacji"]
    problems, seen = {}, 0
    driver.get("about:blank")
    _requests(driver)  # what the browser opened with (its own new-tab page) is not the site's
    for page in pages:
        driver.get(server.base + page)
        driver.find_element(By.ID, "search-input").click()  # the focus loads the search index
        _settle(driver, page)
        urls = [u for u in _requests(driver) if not u.startswith(("data:", "blob:", "chrome"))]
        seen += len(urls)
        foreign = [u for u in urls if urlsplit(u)[:2] != origin[:2]]
        foreign += [  # what the page itself recorded, as a second witness
            u
            for u in driver.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)"
            )
            if not u.startswith((server.base + "/", "data:", "blob:"))
        ]
        if foreign:
            problems[page] = sorted(set(foreign))
    assert not problems, json.dumps(problems, indent=1)
    assert seen > 3 * len(pages)  # the log did record: pages, styles, scripts, the index


def test_no_page_scrolls_sideways_at_375_px(served, tmp_path, browser) -> None:  # noqa: F811
    """A phone's width: no kind of page is wider than the window (axe and the landing pages
    are in tests/test_accessibility.py); a failure leaves a screenshot of each page."""
    server, kinds, polish = served
    browser.set_window_size(375, 800)
    wide = {}
    pages = [*kinds.values(), *polish.values(), "/search.pl.html?q=rewitalizacji"]
    for page in pages:
        browser.get(server.base + page)
        _settle(browser, page)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            shot = tmp_path / (page.strip("/").replace("/", "_").replace("?", "_") + ".png")
            browser.save_screenshot(str(shot))
            wide[page] = f"{overflow} px too wide, see {shot}"
    assert not wide, json.dumps(wide, indent=1)


def test_every_kind_of_page_has_no_serious_accessibility_violation(
    served,
    browser,  # noqa: F811
) -> None:
    """axe-core on one page of each kind (tests/test_accessibility.py: the landing pages, at
    both widths), so a new kind of page is checked too."""
    server, kinds, _ = served
    browser.set_script_timeout(120)
    problems = {}
    for page in kinds.values():
        browser.get(server.base + page)
        _settle(browser, page)
        found = _summary(_violations(browser))
        if found:
            problems[page] = found
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
