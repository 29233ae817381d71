"""The site's search and query editor in a real headless Chromium against a real
``pimgraph serve``: a query typed without diacritics or in an inflected Polish form finds the
resource and the keyboard opens it; a /sparql link opens the editor filled in, and a run leaves
a permalink that reproduces the query. Expected pages and labels come from the graph."""

from __future__ import annotations

import pytest

from pimgraph.core.namespaces import PIMID
from pimgraph.graph.engine import open_engine
from pimgraph.publish.i18n import ui

from .test_browser import browser, editor_text, set_editor_text, wait_for_editor  # noqa: F401
from .test_serve import Served

pytestmark = pytest.mark.browser


def _results(driver, wait):
    from selenium.webdriver.common.by import By

    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results [role=option]"))
    return driver.find_elements(By.CSS_SELECTOR, "#search-results [role=option]")


def test_search_finds_folded_and_inflected_words_and_opens_with_the_keyboard(
    tmp_path,
    browser,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    engine = open_engine(use_cache=False)
    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        # The results page: an inflected Polish word finds the theme's lemma.
        browser.get(server.base + "/search.pl.html?q=rewitalizacji")
        options = _results(browser, wait)
        label = engine.label(PIMID["theme/rewitalizacja"], "pl")
        assert label in options[0].text, [o.text for o in options]
        options[0].click()  # a click opens the result's page
        wait.until(lambda d: d.current_url.endswith("/id/theme/rewitalizacja.pl.html"))

        # The box on every page: "slupsk" (no diacritics) finds Słupsk; ArrowDown + Enter opens it.
        browser.get(server.base + "/index.en.html")
        box = browser.find_element(By.ID, "search-input")
        assert box.get_attribute("placeholder") == ui("search_placeholder", "en")
        box.send_keys("slupsk")
        options = _results(browser, wait)
        assert engine.label(PIMID["city/slupsk"], "en") in options[0].text
        box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
        wait.until(lambda d: d.current_url.endswith("/id/city/slupsk.en.html"))
        assert browser.find_element(By.ID, "title").text == engine.label(PIMID["city/slupsk"], "en")

        # Both scripts and the index came from this server only.
        for entry in browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        ):
            assert entry.startswith(server.base), entry
    finally:
        server.stop()


def test_a_sparql_link_opens_the_editor_filled_and_running_keeps_a_permalink(
    tmp_path,
    browser,  # noqa: F811
) -> None:
    import urllib.parse

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    query = "SELECT ?city WHERE { ?city a pim:City ; pim:tercCode ?terc } ORDER BY ?city"
    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        browser.get(server.base + "/sparql?" + urllib.parse.urlencode({"query": query}))
        wait.until(lambda d: "/query.en.html" in d.current_url)
        wait_for_editor(browser, wait)
        assert editor_text(browser) == query
        changed = query.replace("ORDER BY ?city", "ORDER BY DESC(?city)")
        set_editor_text(browser, changed)
        browser.find_element(By.ID, "run").click()
        wait.until(ec.presence_of_element_located((By.ID, "result-table")))
        assert len(browser.find_elements(By.CSS_SELECTOR, "#result-table tbody tr")) == 28
        permalink = browser.current_url
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(permalink).query)["query"] == [changed]
        browser.get(permalink)  # the permalink reproduces the query
        wait_for_editor(browser, wait)
        assert editor_text(browser) == changed
    finally:
        server.stop()


def test_a_construct_query_shows_its_graph_as_turtle(tmp_path, browser) -> None:  # noqa: F811
    import urllib.parse

    from rdflib import Graph
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    query = "CONSTRUCT { ?c a pim:City } WHERE { ?c a pim:City ; pim:tercCode ?t }"
    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        browser.get(server.base + "/query.en.html?" + urllib.parse.urlencode({"query": query}))
        wait_for_editor(browser, wait)
        browser.find_element(By.ID, "run").click()
        wait.until(
            ec.presence_of_element_located((By.CSS_SELECTOR, "#result-turtle, #result-error"))
        )
        assert not browser.find_elements(By.ID, "result-error"), browser.find_element(
            By.ID, "results"
        ).text
        turtle = browser.find_element(By.ID, "result-turtle").text
        assert len(Graph().parse(data=turtle, format="turtle")) == 28
    finally:
        server.stop()
