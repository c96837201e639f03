"""Times `huibao serve` from a file saved on disk to the page updated in Chromium (driven by
Playwright): `python3 serve.py URL FILE FROM TO RUNS` prints the times in ms as JSON.

A run writes FILE with FROM replaced by TO (or back, every other run, so each run is a real
change) and waits until the page has taken in the new build: its changed pages fetched and
drawn (the page sets `data-generation` only then). The new text is then checked on the page.
"""

import json
import pathlib
import sys
import time

from playwright.sync_api import sync_playwright

URL, FILE, FROM, TO, RUNS = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])


def generation(page):
    return int(page.evaluate("document.body.dataset.generation || '0'"))


def shown(page, text):
    return page.evaluate(
        "t => [...document.querySelectorAll('.sheet text')].map(e => e.textContent).join('')"
        ".includes(t)", text)


times = []
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(URL)
    while generation(page) == 0:
        page.wait_for_timeout(20)
    page.evaluate("document.fonts.ready.then(() => true)")
    for i in range(RUNS):
        old, new = (FROM, TO) if i % 2 == 0 else (TO, FROM)
        text = FILE.read_text(encoding="utf-8")
        before = generation(page)
        clock = time.perf_counter()
        FILE.write_text(text.replace(old, new, 1), encoding="utf-8")
        while generation(page) == before:
            time.sleep(0.002)
        times.append((time.perf_counter() - clock) * 1000)
        if i % 2 == 0 and not shown(page, TO.removeprefix("title: ")[-6:]):
            sys.exit(f"run {i}: the page does not show {TO!r}")
        page.wait_for_timeout(150)  # the watcher quiet again
    browser.close()
print(json.dumps(times))
