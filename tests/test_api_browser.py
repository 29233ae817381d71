"""``/api/docs`` in a real headless Chromium against a real ``pimgraph serve``: Swagger UI lists
every stored query as an operation, runs one with its header's example value, and every file
the page loads (and the document and the call it makes) comes from this server only."""

from __future__ import annotations

import pytest

from pimgraph.sparql.catalogue import catalogue

from .test_browser import browser  # noqa: F401  (the fixture)
from .test_serve import Served

pytestmark = pytest.mark.browser
QUERIES = catalogue()


def test_the_docs_page_lists_every_stored_query_and_runs_one_from_this_server_only(
    tmp_path,
    browser,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        browser.get(server.base + "/api/docs")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock"))
        shown = [
            element.text
            for element in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-operation-id")
        ]
        assert set(shown) == set(QUERIES)  # each under every one of its tags
        paths = {
            element.get_attribute("data-path")
            for element in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
        }
        assert paths == {f"/api/queries/{query_id}" for query_id in QUERIES}

        # Open city-profile: its required parameter is filled with the header's example; run it.
        query = QUERIES["city-profile"]
        block = browser.find_element(By.ID, "operations-cities-city-profile")
        block.find_element(By.CSS_SELECTOR, ".opblock-summary").click()
        field = wait.until(lambda d: block.find_element(By.CSS_SELECTOR, "input[placeholder=city]"))
        assert field.get_attribute("value") == query.example_values()["city"]
        block.find_element(By.CSS_SELECTOR, ".execute").click()
        cell = ".live-responses-table .response .response-col_status"
        status = wait.until(lambda d: block.find_element(By.CSS_SELECTOR, cell).text.strip())
        assert status.startswith("200"), block.text
        body = block.find_element(By.CSS_SELECTOR, ".live-responses-table .microlight").text
        assert "https://w3id.org/pim/id/city/slupsk" in body

        loaded = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        assert any(name.endswith("/api") for name in loaded), loaded  # the document
        assert any("/api/queries/city-profile?" in name for name in loaded), loaded  # the call
        for name in loaded:
            assert name.startswith(server.base + "/"), name
    finally:
        server.stop()
