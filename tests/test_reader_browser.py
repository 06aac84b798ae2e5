"""The reader page in a real browser: headless Chromium driven by Selenium.

One browser serves every test here (starting it is most of the cost).
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import browser
from conftest import run_cli
from test_html import HOSTILE, HOSTILE_AIF

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(browser.missing() is not None, reason=f"no browser: {browser.missing()}")


@pytest.fixture(scope="module")
def driver():
    driver = browser.start()
    yield driver
    driver.quit()


def open_page(driver, where: Path | str):
    driver.get("about:blank")
    driver.get_log("browser")  # what earlier pages logged is not this page's
    driver.get(where.as_uri() if isinstance(where, Path) else where)
    assert driver.execute_script("return document.body.classList.contains('ready')"), console(driver)
    return json.loads(driver.execute_script("return document.getElementById('argmap-data').textContent"))


def console(driver) -> list[dict]:
    """What the page logged since last asked: errors include CSP refusals and failed loads."""
    return [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]


def page_of(tmp_path: Path, source: Path | str, *args: str) -> Path:
    out = tmp_path / (Path(source).stem + ".html")
    result = run_cli("render", str(source), "-f", "html", "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return out


def classes(driver, selector: str) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute('class'))", selector)


def in_view(driver, element, container_id: str) -> bool:
    """Whether `element` lies within the visible box of the scrolling container."""
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(), c = document.getElementById(arguments[1]).getBoundingClientRect();"
        "return r.bottom > c.top && r.top < c.bottom && r.right > c.left && r.left < c.right;", element, container_id)


def index_of(data: dict, statement: str) -> int:
    return [row["id"] for row in data["statements"]].index(statement)


@pytest.fixture(scope="module")
def iran(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("iran")
    essay = tmp / "iran-russia.txt"
    essay.write_bytes((ROOT / "essays/iran-russia.txt").read_bytes())
    return page_of(tmp, essay)


def test_map_and_essay_select_each_other(driver, iran, tmp_path):
    data = open_page(driver, iran)
    assert console(driver) == []
    # a statement far down the essay: clicking it on the map scrolls the essay to its spans
    target = index_of(data, "western-sanctions")
    node = driver.find_element("id", data["statements"][target]["el"])
    node.click()
    spans = driver.find_elements("css selector", f'.seg[data-s="{target}"]')
    assert spans and all("selected" in span.get_attribute("class") for span in spans)
    assert in_view(driver, spans[0], "essay")
    assert "selected" in node.get_attribute("class")
    panel = driver.find_element("id", "panel").text
    assert "West already sanctions Russia" in panel and "Status" in panel and "Strength" in panel
    assert "Leads to" in panel and "supports" in panel  # a chain to the thesis

    # clicking a span in the essay selects its statement on the map, centred
    driver.execute_script("document.getElementById('essay').scrollTop = 0")
    needs = index_of(data, "russia-needs-iran")
    span = driver.find_element("css selector", f'.seg[data-s="{needs}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", span)
    span.click()
    selected = driver.find_elements("css selector", "g.statement.selected")
    assert [g.get_attribute("id") for g in selected] == [data["statements"][needs]["el"]]
    assert "selected" not in node.get_attribute("class")
    centre = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(), m = document.getElementById('map').getBoundingClientRect();"
        "return [r.left + r.width / 2 - (m.left + m.width / 2), r.top + r.height / 2 - (m.top + m.height / 2)]", selected[0])
    assert abs(centre[0]) < 5 and abs(centre[1]) < 5
    panel = driver.find_element("id", "panel").text
    assert "Russia needs Iran" in panel and "Supported by" in panel and "Iran supplies Russia drones" in panel

    # the evaluation switch draws the status tags and keeps the selection
    tags = lambda: driver.execute_script(  # noqa: E731
        "return Array.from(document.querySelectorAll('#map text')).filter(t => /^(IN|OUT|UNDEC)$/.test(t.textContent)).length")
    assert tags() == 0
    driver.find_element("id", "evaluation").click()
    assert tags() >= len(data["statements"])
    assert [g.get_attribute("id") for g in driver.find_elements("css selector", "g.statement.selected")] == [data["statements"][needs]["el"]]
    driver.find_element("id", "evaluation").click()
    assert tags() == 0

    # search dims what does not match, on the map and in the essay
    search = driver.find_element("id", "search")
    search.send_keys("drones")
    matching = [i for i, row in enumerate(data["statements"]) if "drones" in (row["label"] + " " + row["text"] + " " + row["id"]).lower()]
    assert matching
    assert driver.find_element("id", "search-count").text == f"{len(matching)} of {len(data['statements'])}"
    dimmed = {g.get_attribute("id") for g in driver.find_elements("css selector", "g.statement.dim")}
    assert dimmed == {row["el"] for i, row in enumerate(data["statements"]) if i not in matching}
    from selenium.webdriver.common.keys import Keys

    search.send_keys(Keys.ENTER)  # Enter picks the first match
    assert driver.find_element("css selector", "g.statement.selected").get_attribute("id") == data["statements"][matching[0]]["el"]
    search.send_keys(Keys.ESCAPE)  # Esc in the box clears the search
    assert driver.find_elements("css selector", "g.statement.dim") == []

    # the keyboard alone: Tab reaches the statements, Enter selects, Esc clears
    driver.find_element("id", "zoom-fit").click()
    for _ in range(3):  # past the essay, which scrolls, to the first statement
        driver.switch_to.active_element.send_keys(Keys.TAB)
        focused = driver.switch_to.active_element
        if "statement" in (focused.get_attribute("class") or ""):
            break
    assert "statement" in (focused.get_attribute("class") or "")
    focused.send_keys(Keys.ENTER)
    assert "selected" in focused.get_attribute("class")
    focused.send_keys(Keys.ESCAPE)
    assert driver.find_elements("css selector", ".selected") == []

    # zoom: the buttons change what part of the map is shown
    shown = lambda: driver.execute_script("return document.querySelector('#map svg').getBoundingClientRect().width")  # noqa: E731
    before = shown()
    driver.find_element("id", "zoom-in").click()
    assert shown() == pytest.approx(before * 1.25)

    assert console(driver) == []
    shot = tmp_path / "reader.png"
    driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_hostile_essay_runs_nothing(driver, tmp_path):
    essay = tmp_path / "hostile.txt"
    essay.write_text(HOSTILE, encoding="utf-8")
    data = open_page(driver, page_of(tmp_path, essay, "--evaluate"))
    for row in data["statements"]:
        driver.find_element("id", row["el"]).click()
        for span in driver.find_elements("css selector", ".seg"):
            span.click()
    driver.find_element("id", "evaluation").click()
    driver.find_element("id", "search").send_keys("<img")
    assert driver.execute_script("return typeof window.pwned") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('img, a[href], iframe, object, embed').length") == 0
    assert driver.execute_script("return document.scripts.length") == 2  # the data and the page's own
    assert "<img src=x onerror=\"window.pwned=4\">" in driver.find_element("id", "essay-text").text
    assert driver.title.startswith("</title><script>")
    assert console(driver) == []


def test_hostile_ids_run_nothing(driver, tmp_path):
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(HOSTILE_AIF), encoding="utf-8")
    data = open_page(driver, page_of(tmp_path, source))
    for row in data["statements"]:
        driver.find_element("id", row["el"]).click()
        assert row["label"] in driver.find_element("id", "panel").text
    assert driver.execute_script("return typeof window.pwned") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('img, a[href]').length") == 0
    assert driver.execute_script("return document.scripts.length") == 2
    assert console(driver) == []


def test_map_without_essay_works_alone(driver, tmp_path):
    source = ROOT / "tests/fixtures/formats/aifdb_sample.json"
    data = open_page(driver, page_of(tmp_path, source))
    assert "not available" in driver.find_element("id", "essay").text
    driver.find_element("css selector", '.seg[data-s="1"]').click()
    assert driver.find_element("css selector", "g.statement.selected").get_attribute("id") == data["statements"][1]["el"]
    assert data["statements"][1]["label"] in driver.find_element("id", "panel").text
    assert console(driver) == []


def test_an_undercut_of_an_undercut_names_the_undercut_it_attacks(driver, tmp_path):
    """What `query --claim` says of it (`undercuts u's undercut of the step s -> t`), not a plain undercut."""
    essay = tmp_path / "undercuts.txt"
    essay.write_text("[s]{#s +t} [u]{#u _s>t@doubt} [v]{#v -@doubt} [T]{#t .thesis}", encoding="utf-8")
    data = open_page(driver, page_of(tmp_path, essay))
    driver.find_element("id", data["statements"][index_of(data, "t")]["el"]).click()
    panel = driver.find_element("id", "panel").text
    assert "undercuts u\u2019s undercut of the step s \u2192 t" in panel
    assert "undercuts the step s \u2192 t" in panel  # u itself
    assert console(driver) == []


UPDATE_SECONDS = 5  # the page follows a save within a second; the margin is for a loaded CI machine


def test_serve_follows_the_essay_as_it_is_edited(driver, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    essay = tmp_path / "essay.txt"
    original = (ROOT / "essays/iran-russia.txt").read_text(encoding="utf-8")
    essay.write_text(original, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "argmap", "serve", str(essay), "--no-open"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline())[0]
        data = open_page(driver, url)
        wait = WebDriverWait(driver, UPDATE_SECONDS)
        thesis = data["statements"][index_of(data, "thesis")]["el"]
        driver.find_element("id", thesis).click()
        driver.execute_script("document.getElementById('essay').scrollTop = 400")

        essay.write_text(original + "\n[A brand new statement]{#brand-new .evidence +thesis}\n", encoding="utf-8")
        essay_text = lambda: driver.execute_script("return document.getElementById('essay-text').textContent")  # noqa: E731
        wait.until(lambda d: "A brand new statement" in essay_text())
        data = json.loads(driver.execute_script("return document.getElementById('argmap-data').textContent"))
        assert driver.find_element("id", data["statements"][index_of(data, "brand-new")]["el"])
        assert [g.get_attribute("id") for g in driver.find_elements("css selector", "g.statement.selected")] == [thesis]
        assert driver.execute_script("return document.getElementById('essay').scrollTop") == 400

        lines = original.count("\n") + 3
        essay.write_text(original + "\n\n[broken]{#broken .claim +nowhere}\n", encoding="utf-8")
        errors = driver.find_element("id", "errors")
        wait.until(lambda d: errors.is_displayed())
        assert re.fullmatch(rf"{re.escape(str(essay))}:{lines}:\d+: error: unknown statement 'nowhere'.*", errors.text)
        assert "A brand new statement" in essay_text()  # the last good map stays

        essay.write_text(original, encoding="utf-8")
        wait.until(lambda d: not errors.is_displayed() and "A brand new statement" not in essay_text())
        assert console(driver) == []

        process.send_signal(signal.SIGINT)  # Ctrl-C: a clean stop, and the page says the server is gone
        out, err = process.communicate(timeout=10)
        assert process.returncode == 0, err
        assert "Traceback" not in err and "argmap serve: stopped" in out
        wait.until(lambda d: "argmap serve is not answering" in errors.text)
        assert "A brand new statement" not in essay_text() and driver.find_elements("css selector", "g.statement")
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=10)
