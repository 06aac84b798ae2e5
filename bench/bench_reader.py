"""How fast the HTML reader page is in headless Chromium, for the bundled essay and a 1,000-statement map.

Run on demand (not part of the tests); needs Debian's chromium and chromium-driver:

    .venv/bin/python bench/bench_reader.py
    .venv/bin/python bench/bench_reader.py --screenshot examples/iran-russia-reader.png

For each page: the time to build it (`argmap render -f html`, in process), its
size, and in the browser (1280x800 viewport, median of several loads) the
time from navigation start to the page's script being ready (the
`argmap-ready` mark: data parsed, essay indexed, map prepared) and to the
first contentful paint; interactive is the later of the two. Then what using
it costs: selecting a statement (highlight, scroll, centre, panel), a search
keystroke, and the evaluation switch, each with the layout it forces. Last,
under `argmap serve`, the time from saving the essay to the open page showing
the change.
Target: the bundled essay's page interactive within 300 ms.
"""

from __future__ import annotations

import argparse
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import browser  # noqa: E402  (tests/browser.py: the same headless Chromium the tests drive)
from bench_build import generate  # noqa: E402

LOADS = 7

TIMINGS = """
const ready = performance.getEntriesByName('argmap-ready')[0];
const paint = performance.getEntriesByName('first-contentful-paint')[0];
return [ready ? ready.startTime : null, paint ? paint.startTime : null];
"""

# Each action runs, then forces style and layout, so the figure includes what the reader waits for.
ACTION = """
const t0 = performance.now();
%s
document.body.getBoundingClientRect();
return performance.now() - t0;
"""
SELECT = "document.getElementById(arguments[0]).dispatchEvent(new MouseEvent('click', {bubbles: true}));"
SEARCH = """const box = document.getElementById('search'); box.value = arguments[0];
box.dispatchEvent(new Event('input', {bubbles: true}));"""
SWITCH = "document.getElementById('evaluation').click();"


def build_page(essay: Path, out: Path) -> tuple[float, int]:
    """Write the page of `essay`; (seconds to build it, statements)."""
    from argmap import formats, html, model

    started = time.perf_counter()
    graph = formats.load(str(essay)).graph
    out.write_text(html.reader(graph), encoding="utf-8")
    return time.perf_counter() - started, len(model.statements(graph))


def measure(driver, page: Path) -> dict:
    ready, paint = [], []
    for _ in range(LOADS):
        driver.get("about:blank")
        driver.get(page.as_uri())
        at_ready, at_paint = driver.execute_script(TIMINGS)
        ready.append(at_ready)
        paint.append(at_paint if at_paint is not None else at_ready)
    interactive = [max(r, p) for r, p in zip(ready, paint)]
    statements = driver.execute_script("return JSON.parse(document.getElementById('argmap-data').textContent).statements")
    middle = statements[len(statements) // 2]
    word = (middle["label"] or middle["id"]).split()[0]
    select = [driver.execute_script(ACTION % SELECT, s["el"]) for s in statements[1:6]]
    search = [driver.execute_script(ACTION % SEARCH, text) for text in (word[:1], word[:3], word, "")]
    switch = [driver.execute_script(ACTION % SWITCH) for _ in range(4)]
    errors = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    return {
        "ready": statistics.median(ready), "paint": statistics.median(paint),
        "interactive": statistics.median(interactive), "select": statistics.median(select),
        "search": statistics.median(search), "switch": statistics.median(switch), "errors": len(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=1000, help="size of the generated map")
    parser.add_argument("--screenshot", type=Path, help="also write a 1280x800 screenshot of the bundled essay's page here")
    args = parser.parse_args()
    if browser.missing():
        sys.exit(f"bench_reader: {browser.missing()}")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        generated = tmp / "generated.txt"
        size = 116 * args.statements
        generated.write_text(generate(size), encoding="utf-8")
        pages = []
        for name, essay in (("bundled essay (essays/iran-russia.txt)", ROOT / "essays" / "iran-russia.txt"),
                            ("generated map", generated)):
            out = tmp / (essay.stem + ".html")
            seconds, statements = build_page(essay, out)
            pages.append((f"{name}, {statements} statements", out, seconds))

        driver = browser.start()
        try:
            print(f"headless Chromium {driver.capabilities.get('browserVersion')}, {browser.WIDTH}x{browser.HEIGHT}, median of {LOADS} loads")
            for name, page, seconds in pages:
                figures = measure(driver, page)
                print(f"\n{name}")
                print(f"  page build (render -f html): {seconds * 1000:7.0f} ms   size {page.stat().st_size / 1024:8.0f} KB")
                print(f"  script ready:                {figures['ready']:7.0f} ms   first contentful paint {figures['paint']:6.0f} ms")
                print(f"  interactive:                 {figures['interactive']:7.0f} ms   (later of the two; target for the essay: 300 ms)")
                print(f"  select a statement:          {figures['select']:7.1f} ms   search keystroke {figures['search']:6.1f} ms   evaluation switch {figures['switch']:6.1f} ms")
                if figures["errors"]:
                    print(f"  console errors: {figures['errors']}")
            print(f"\nargmap serve, bundled essay: a save shows in the open page after {serve_latency(driver, tmp) * 1000:.0f} ms (median of 5 saves)")
            if args.screenshot:
                screenshot(driver, pages[0][1], args.screenshot)
                print(f"\nwrote {args.screenshot}")
        finally:
            driver.quit()


def serve_latency(driver, tmp: Path) -> float:
    """Seconds from writing the essay to the open page showing the new statement, under `argmap serve`."""
    essay = tmp / "served.txt"
    original = (ROOT / "essays" / "iran-russia.txt").read_text(encoding="utf-8")
    essay.write_text(original, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "argmap", "serve", str(essay), "--no-open"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        driver.get(re.search(r"http://\S+/", process.stdout.readline())[0])
        times = []
        for n in range(5):
            words = f"A statement added on save {n}"
            started = time.perf_counter()
            essay.write_text(original + f"\n[{words}]{{.evidence +thesis}}\n", encoding="utf-8")
            while words not in driver.execute_script("return document.getElementById('essay-text').textContent"):
                time.sleep(0.01)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)


def screenshot(driver, page: Path, path: Path) -> None:
    """The bundled essay's page with one statement selected: its spans, the map centred, the panel."""
    driver.get(page.as_uri())
    statements = driver.execute_script("return JSON.parse(document.getElementById('argmap-data').textContent).statements")
    chosen = next(index for index, s in enumerate(statements) if s["id"] == "russia-needs-iran")
    span = driver.find_element("css selector", f'.seg[data-s="{chosen}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", span)
    span.click()  # from the essay: the map centres on the statement, zoomed in to read
    driver.execute_script("document.getElementById('zoom-out').click(); document.activeElement.blur();")
    time.sleep(0.2)
    driver.save_screenshot(str(path))


if __name__ == "__main__":
    main()
