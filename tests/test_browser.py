"""A newcomer's visit in a real headless Chromium, against a real ``pimgraph serve``:
home -> networks -> a network -> one of its cities -> Polish -> the query page -> a stored query.

Every expected text comes from the graph or the query catalogue, never typed in here."""

from __future__ import annotations

import shutil
import tempfile

import pytest
from rdflib import Literal, Variable

from pimgraph.core.messages import ngettext
from pimgraph.core.namespaces import PIMID
from pimgraph.graph.engine import open_engine
from pimgraph.graph.values import with_values_block
from pimgraph.publish.i18n import ui
from pimgraph.sparql.catalogue import get as stored_query

from .conftest import need
from .test_serve import Served

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
A_NETWORK_AND_A_MAPPED_CITY = """
SELECT ?network ?city ?wkt WHERE {
  ?network a pim:Network ; org:hasMember ?city .
  ?city a pim:City ; geo:hasGeometry/geo:asWKT ?wkt .
} ORDER BY ?network ?city LIMIT 1"""


def editor_text(driver) -> str:
    """The text in the query page's editor (YASQE, a CodeMirror on ``#editor``)."""
    return driver.execute_script(
        "return document.querySelector('#editor .CodeMirror').CodeMirror.getValue()"
    )


def set_editor_text(driver, text: str) -> None:
    driver.execute_script(
        "document.querySelector('#editor .CodeMirror').CodeMirror.setValue(arguments[0])", text
    )


def wait_for_editor(driver, wait) -> None:
    wait.until(lambda d: d.execute_script("return !!document.querySelector('#editor .CodeMirror')"))


def start_chromium(tmp_path, monkeypatch, prefs: dict | None = None, network_log: bool = False):
    """Debian's headless Chromium through its chromedriver, never a downloaded one; with
    ``network_log``, ``driver.get_log("performance")`` holds every request it made."""
    need(
        bool(shutil.which("chromium") and shutil.which("chromedriver")),
        "Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
    )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # Selenium Manager must never download a driver
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=en-US",
        "--window-size=1200,1000",
        f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path, prefix='chromium-')}",
    ):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en", **(prefs or {})})
    if network_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or CHROMEDRIVER), options=options
    )
    driver.set_page_load_timeout(60)
    return driver


@pytest.fixture
def browser(tmp_path, monkeypatch):
    driver = start_chromium(tmp_path, monkeypatch)
    yield driver
    driver.quit()


@pytest.fixture
def browser_without_js(tmp_path, monkeypatch):
    """The same Chromium with JavaScript switched off, as a visitor may have it."""
    driver = start_chromium(
        tmp_path, monkeypatch, {"profile.managed_default_content_settings.javascript": 2}
    )
    yield driver
    driver.quit()


def test_a_newcomer_browses_both_languages_and_runs_a_stored_query(tmp_path, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    engine = open_engine(use_cache=False)
    network, city, wkt = engine.query(A_NETWORK_AND_A_MAPPED_CITY).rows[0]
    lon, lat = (float(v) for v in str(wkt).split("(")[1].rstrip(")").split())
    networks = engine.query("SELECT ?n WHERE { ?n a pim:Network }").rows
    wait = WebDriverWait(browser, 60)

    def title() -> str:
        return browser.find_element(By.ID, "title").text

    def nav(key: str, lang: str):
        return browser.find_element(
            By.XPATH, f"//header/nav/a[normalize-space()='{ui(key, lang)}']"
        )

    server = Served(tmp_path)  # builds the site into a temporary folder, as a newcomer would
    try:
        # Home: says what PIM is.
        browser.get(server.base + "/")
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        assert title() == engine.label(PIMID["programme/pim"], "en")
        assert browser.find_element(By.CLASS_NAME, "description").text.strip()

        # Networks: every network listed; open the one chosen from the graph.
        nav("networks", "en").click()
        wait.until(lambda d: title() == ui("networks", "en"))
        assert len(browser.find_elements(By.CSS_SELECTOR, "#networks tbody tr")) == len(networks)
        browser.find_element(By.CSS_SELECTOR, "#networks").find_element(
            By.LINK_TEXT, engine.label(network, "en")
        ).click()
        wait.until(lambda d: title() == engine.label(network, "en"))

        # The network's page links to its member city; the city's page shows its map point.
        browser.find_element(By.CSS_SELECTOR, "#out").find_element(
            By.LINK_TEXT, engine.label(city, "en")
        ).click()
        wait.until(lambda d: title() == engine.label(city, "en"))
        assert browser.find_element(By.ID, "coordinates").text == f"{lat:.5f}° N, {lon:.5f}° E"
        assert browser.find_elements(By.CSS_SELECTOR, "#map svg circle")
        assert engine.label(network, "en") in browser.find_element(By.TAG_NAME, "main").text

        # Switch to Polish: the same city, Polish headings and labels.
        browser.find_element(By.ID, "lang-switch").click()
        wait.until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "pl")
        assert title() == engine.label(city, "pl")
        main_text = browser.find_element(By.TAG_NAME, "main").text
        assert ui("location", "pl") in main_text and engine.label(network, "pl") in main_text
        assert browser.current_url.endswith(".pl.html")

        # The query page: run a stored query from the gallery, read the table.
        query = stored_query("cities-sharing-themes")
        expected_rows = len(engine.query(query.text).rows)
        nav("query", "pl").click()
        wait.until(lambda d: title() == ui("query", "pl"))
        wait_for_editor(browser, wait)
        card = browser.find_element(By.ID, f"stored-{query.id}")
        assert query.summary in card.text
        card.find_element(By.CSS_SELECTOR, "button.gallery-run").click()
        wait.until(
            ec.presence_of_element_located((By.CSS_SELECTOR, "#result-table, #result-error"))
        )
        assert not browser.find_elements(By.ID, "result-error"), browser.find_element(
            By.ID, "results"
        ).text
        # The editor holds the query without its '#+' header lines, the page's language bound
        # by the VALUES block the CLI would send a remote endpoint.
        assert editor_text(browser) == with_values_block(
            query.body, {Variable("__lang"): Literal("pl")}
        )
        assert browser.find_element(By.ID, "result-status").text == ngettext(
            "{n} row", "{n} rows", expected_rows, lang="pl"
        )
        headers = [
            th.text for th in browser.find_elements(By.CSS_SELECTOR, "#result-table thead th")
        ]
        assert headers == engine.query(query.text).variables
        assert (
            len(browser.find_elements(By.CSS_SELECTOR, "#result-table tbody tr")) == expected_rows
        )
        first_city = browser.find_element(By.CSS_SELECTOR, "#result-table tbody tr td a")
        assert first_city.get_attribute("title").startswith(str(PIMID["city/"]))
        first_city.click()  # results link to the site's own pages
        wait.until(
            lambda d: (
                d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "pl"
                and d.current_url.endswith(".pl.html")
                and "/id/city/" in d.current_url
            )
        )
    finally:
        server.stop()
