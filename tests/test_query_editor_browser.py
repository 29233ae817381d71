"""The query page's editor (YASQE) and gallery in a real headless Chromium against a real
``pimgraph serve``: a stored query run from the gallery with a picked city gives the rows the
library gives, labels in the page's language; typing in the editor asks no other host; the
downloads have the right type and rows; WKT points show on a map; at 375 px nothing scrolls
sideways; on a static host with no endpoint the page says which URL it tried and how to set
it. Expected rows come from ``pimgraph.sparql.run``, never typed in here."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import urllib.parse

import pytest

from pimgraph.core.namespaces import PIMID
from pimgraph.graph.engine import open_engine
from pimgraph.graph.values import with_values_block
from pimgraph.publish.i18n import ui
from pimgraph.publish.site import publish_site
from pimgraph.sparql.binding import bind
from pimgraph.sparql.catalogue import get as stored_query
from pimgraph.sparql.run import run as run_query

from .servers import free_port, stop_process
from .test_browser import browser, editor_text, set_editor_text, wait_for_editor  # noqa: F401
from .test_serve import Served

pytestmark = pytest.mark.browser

CITIES_WITH_POINTS = """SELECT ?city ?wkt WHERE {
  ?city a pim:City ; geo:hasGeometry/geo:asWKT ?wkt .
} ORDER BY ?city"""


def _results(driver, wait):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    wait.until(
        ec.presence_of_element_located(
            (By.CSS_SELECTOR, "#result-table, #result-turtle, #result-error")
        )
    )
    errors = driver.find_elements(By.ID, "result-error")
    assert not errors, errors[0].text


def _hints(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [li.text for li in driver.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li")]


def _table(driver) -> list[list[str | None]]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#result-table tbody tr')).map("
        "tr => Array.from(tr.cells).map(td => td.getAttribute('data-value')))"
    )


def test_a_stored_query_from_the_gallery_binds_the_picked_city_in_the_page_language(
    tmp_path,
    browser,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    engine = open_engine(use_cache=False)
    query = stored_query("city-profile")
    result, _labeller = run_query(query, ["city=Słupsk"], engine, "en")
    expected = [[None if t is None else str(t) for t in row] for row in result.rows]
    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        browser.get(server.base + "/query.en.html")
        wait_for_editor(browser, wait)
        card = browser.find_element(By.ID, "stored-city-profile")
        assert query.summary in card.text
        picker = Select(card.find_element(By.NAME, "param-city"))
        slupsk = str(PIMID["city/slupsk"])
        assert {o.get_attribute("value") for o in picker.options} >= {slupsk}
        # The picker shows the cities' English labels.
        assert engine.label(PIMID["city/slupsk"], "en") in [o.text for o in picker.options]
        picker.select_by_value(slupsk)
        card.find_element(By.CSS_SELECTOR, "button.gallery-run").click()
        _results(browser, wait)
        assert _table(browser) == expected
        assert len(expected) < 100  # one city's rows, not every city's
        labels = [row[2] for row in expected if row[2]]
        assert labels and all(
            lit.language == "en" for row in result.rows for lit in [row[2]] if lit is not None
        )
        # The editor holds the bound query without its header lines, and the address is its
        # permalink: opened again, it fills the editor with the same text.
        text = editor_text(browser)
        assert not text.lstrip().startswith("#+")
        assert f"<{slupsk}>" in text and '"en"' in text
        permalink = browser.current_url
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(permalink).query)["query"] == [text]
        browser.get(permalink)
        wait_for_editor(browser, wait)
        assert editor_text(browser) == text
        browser.find_element(By.ID, "run").click()
        _results(browser, wait)
        assert _table(browser) == expected
    finally:
        server.stop()


def test_typing_in_the_editor_asks_no_other_host_and_completes_our_prefixes(
    tmp_path,
    browser,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        browser.get(server.base + "/query.en.html")
        wait_for_editor(browser, wait)
        set_editor_text(browser, "")
        browser.find_element(By.CSS_SELECTOR, "#editor .CodeMirror").click()
        field = browser.find_element(By.CSS_SELECTOR, "#editor .CodeMirror textarea")
        field.send_keys("PREFIX pi")
        field.send_keys(Keys.CONTROL, " ")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li"))
        hints = [li.text for li in browser.find_elements(By.CSS_SELECTOR, ".CodeMirror-hints li")]
        assert any(h.startswith("pim: <https://w3id.org/pim/ontology#>") for h in hints), hints
        field.send_keys(Keys.ESCAPE)
        # Classes and properties complete from our graph (YASGUI would ask LOV).
        field.send_keys("m: <https://w3id.org/pim/ontology#>\nSELECT * WHERE { ?s a pim:Ci")
        field.send_keys(Keys.CONTROL, " ")
        wait.until(lambda d: "pim:City" in _hints(d))
        field.send_keys(Keys.ESCAPE)
        field.send_keys(" ; pim:terc")
        field.send_keys(Keys.CONTROL, " ")
        wait.until(lambda d: "pim:tercCode" in _hints(d))
        field.send_keys(Keys.ESCAPE)
        browser.execute_script("return new Promise(r => setTimeout(r, 1500))")
        for entry in browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        ):
            assert entry.startswith(server.base), entry
        # Everything the page loads or links in (scripts, styles, pictures, frames) is ours;
        # only <a href> (links a reader may follow) may name another host.
        for url in browser.execute_script(
            "return Array.from(document.querySelectorAll('[src], link[href], [srcset]'))"
            ".map(e => e.src || e.href || e.srcset)"
        ):
            assert url.startswith(server.base), url
    finally:
        server.stop()


def test_downloads_give_csv_and_json_and_wkt_points_show_on_a_map(
    tmp_path,
    browser,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    engine = open_engine(use_cache=False)
    rows = engine.query(CITIES_WITH_POINTS).rows
    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        browser.get(
            server.base + "/query.en.html?" + urllib.parse.urlencode({"query": CITIES_WITH_POINTS})
        )
        wait_for_editor(browser, wait)
        browser.find_element(By.ID, "run").click()
        _results(browser, wait)
        assert len(_table(browser)) == len(rows)
        wait.until(lambda d: d.find_element(By.ID, "result-map").get_attribute("data-markers"))
        shown = browser.find_element(By.ID, "result-map")
        assert shown.is_displayed()
        assert int(shown.get_attribute("data-markers")) == len(rows)
        assert len(
            browser.find_elements(By.CSS_SELECTOR, "#result-map path.leaflet-interactive")
        ) == len(rows)
        for button, media in (
            ("download-csv", "text/csv"),
            ("download-json", "application/sparql-results+json"),
        ):
            browser.execute_script(
                "var a = document.getElementById('download-file'); if (a) a.remove();"
            )
            browser.find_element(By.ID, button).click()
            wait.until(lambda d: d.find_elements(By.ID, "download-file"))
            link = browser.find_element(By.ID, "download-file")
            assert link.get_attribute("data-type").startswith(media)
            body = browser.execute_async_script(
                "var done = arguments[1]; fetch(arguments[0]).then(r => r.text()).then(done)",
                link.get_attribute("href"),
            )
            if media == "text/csv":
                table = list(csv.reader(io.StringIO(body)))
                assert table[0] == ["city", "wkt"] and len(table) - 1 == len(rows)
                assert {r[0] for r in table[1:]} == {str(r[0]) for r in rows}
            else:
                bindings = json.loads(body)["results"]["bindings"]
                assert {b["city"]["value"] for b in bindings} == {str(r[0]) for r in rows}
    finally:
        server.stop()


def test_at_375_px_the_page_does_not_scroll_sideways(tmp_path, browser) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        browser.set_window_size(375, 800)
        browser.get(server.base + "/query.pl.html")
        wait_for_editor(browser, wait)
        card = browser.find_element(By.ID, "stored-city-profile")
        Select(card.find_element(By.NAME, "param-city")).select_by_value(str(PIMID["city/slupsk"]))
        card.find_element(By.CSS_SELECTOR, "button.gallery-run").click()
        _results(browser, wait)
        width = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width[0] <= width[1], width
    finally:
        server.stop()


def test_on_a_static_host_the_page_names_the_endpoint_and_how_to_set_it(
    tmp_path,
    browser,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    site = tmp_path / "site"
    publish_site(site, engine=open_engine(use_cache=False), languages=("en",))
    port = free_port()
    static = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait = WebDriverWait(browser, 60)
    try:
        base = f"http://127.0.0.1:{port}"
        wait.until(lambda d: _answers(base))
        browser.get(base + "/query.en.html")
        wait_for_editor(browser, wait)
        browser.find_element(By.ID, "run").click()
        wait.until(lambda d: d.find_elements(By.ID, "result-error"))
        message = browser.find_element(By.ID, "result-error").text
        assert message == ui("query_needs_server", "en").replace("{url}", base + "/sparql")
        assert "pimgraph publish --sparql-url" in message and "pimgraph serve" in message
    finally:
        stop_process(static)


def _answers(base: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(base + "/query.en.html", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def test_typed_fields_bind_like_the_cli_and_a_bad_value_is_refused(
    tmp_path,
    browser,  # noqa: F811
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    engine = open_engine(use_cache=False)
    query = stored_query("cities-sharing-themes")
    result, _labeller = run_query(query, ["min=04"], engine, "en")
    bindings = bind(query, {"min": "04"}, engine, {"lang": "en"})
    wait = WebDriverWait(browser, 60)
    server = Served(tmp_path)
    try:
        browser.get(server.base + "/query.en.html")
        wait_for_editor(browser, wait)
        card = browser.find_element(By.ID, "stored-cities-sharing-themes")
        field = card.find_element(By.NAME, "param-min")
        assert field.get_attribute("type") == "number"
        browser.execute_script("arguments[0].type = 'text'", field)  # what a script could send
        field.send_keys("4 || true")
        before = editor_text(browser)
        card.find_element(By.CSS_SELECTOR, "button.gallery-run").click()
        problem = card.find_element(By.CSS_SELECTOR, ".query-problem").text
        assert "4 || true" in problem and "integer" in problem
        assert editor_text(browser) == before and not browser.find_elements(By.ID, "result-table")
        field.clear()
        field.send_keys("04")
        card.find_element(By.CSS_SELECTOR, "button.gallery-run").click()
        _results(browser, wait)
        # The same text the CLI sends an endpoint, and the same rows.
        assert editor_text(browser) == with_values_block(query.body, bindings)
        assert _table(browser) == [[None if t is None else str(t) for t in r] for r in result.rows]
    finally:
        server.stop()
