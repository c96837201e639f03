"""Uses `huibao serve`'s page in Debian's Chromium, driven by Playwright, as a clerk would: looks
at the pages, keeps reading while a file is saved in an editor, makes a YAML mistake and fixes
it, clicks a table cell and types over its text; then tries what another web page could.

    python3 serve.py URL PROJECT [SCREENSHOTS]

Prints one JSON object of what it saw; tests/it/serve.rs asserts on it. Edits on disk are made
the way an editor saves (the whole file written again).
"""

import http.client
import json
import pathlib
import sys
import time
import urllib.parse

from playwright.sync_api import sync_playwright

URL, PROJECT = sys.argv[1], pathlib.Path(sys.argv[2])
SHOTS = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 else None
ITEM = PROJECT / "content/yongan/03-推广海西汽车产品.yaml"
PORT = urllib.parse.urlparse(URL).port
seen = {}


def generation(page):
    return int(page.evaluate("document.body.dataset.generation || '0'"))


def state(page):
    return page.evaluate("fetch('/state').then(r => r.json())")


def page_texts(page):
    """Each shown page's text, as its SVG draws it."""
    return page.evaluate(
        "[...document.querySelectorAll('.sheet')].map(s => [...s.querySelectorAll('text')]"
        ".map(t => t.textContent).join(''))")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def save(path, text):
    path.write_text(text, encoding="utf-8")


def wait_built(page, before, timeout=90):
    """Until the page has taken in a build after `before`."""
    end = time.time() + timeout
    while time.time() < end:
        if generation(page) > before:
            return True
        page.wait_for_timeout(20)
    return False


def wait_until(page, script, timeout=90):
    """Until `script` is true in the page (polled: the page's CSP forbids the eval that
    Playwright's own wait_for_function uses)."""
    end = time.time() + timeout
    while time.time() < end:
        if page.evaluate(script):
            return True
        page.wait_for_timeout(20)
    raise TimeoutError(f"{script}: page at build {generation(page)}, server at "
                       f"{state(page)['generation']}, page errors {errors}, pending {pending}, "
                       f"sync {page.evaluate('[syncing, again]')}")


def raw(method, path, headers, body=None):
    """A request as another program (or a page on another site) would send it."""
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    c.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for k, v in headers.items():
        c.putheader(k, v)
    if body is not None:
        c.putheader("Content-Length", str(len(body)))
    c.endheaders()
    try:
        if body is not None:
            c.send(body)
    except OSError:
        pass  # refused before it was all sent: the answer still says why
    r = c.getresponse()
    return r.status, r.read().decode("utf-8", "replace")


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"])
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    # A debug build on a loaded machine (the whole suite on two cores) builds in seconds.
    page.set_default_timeout(90000)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url} {r.failure}"))
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    pending = set()
    page.on("request", lambda r: pending.add(r.url))
    page.on("requestfinished", lambda r: pending.discard(r.url))
    page.goto(URL)
    wait_until(page, "Number(document.body.dataset.generation || 0) > 0", 180)
    page.evaluate("document.fonts.ready.then(() => true)")
    first = state(page)
    texts = page_texts(page)
    seen["pages"] = len(texts)
    seen["pages_built"] = len(first["views"][0]["pages"])
    seen["first_page"] = texts[0]
    seen["parts"] = [part["name"] for part in first["parts"]]
    seen["fonts_loaded"] = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').length")
    shot(page, "1-first-page")

    # Reading the last page of 附件1 while the item file is saved in an editor.
    last_yongan = max(i for i, pg in enumerate(first["views"][0]["pages"]) if pg["part"] == 1)
    page.evaluate(f"document.getElementById('page-{last_yongan + 1}').scrollIntoView()")
    page.wait_for_timeout(200)
    seen["scroll_before"] = page.evaluate("window.scrollY")
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/page/" in r.url else None)
    before = generation(page)
    original = ITEM.read_text(encoding="utf-8")
    clock = time.time()
    save(ITEM, original.replace("一是积极开展交流沟通。", "一是多次开展交流沟通。"))
    seen["rebuilt"] = wait_built(page, before)
    seen["save_to_page_ms"] = round((time.time() - clock) * 1000)
    after = state(page)
    seen["scroll_after"] = page.evaluate("window.scrollY")
    seen["new_text_shown"] = any("一是多次开展交流沟通" in t for t in page_texts(page))
    old_hashes = [pg["hash"] for pg in first["views"][0]["pages"]]
    new_hashes = [pg["hash"] for pg in after["views"][0]["pages"]]
    seen["pages_changed"] = sum(1 for a, b in zip(old_hashes, new_hashes) if a != b) \
        + abs(len(new_hashes) - len(old_hashes))
    seen["pages_fetched"] = len(fetched)
    shot(page, "2-after-save")

    # A YAML mistake, shown over the last good pages, then fixed.
    before = generation(page)
    broken = ITEM.read_text(encoding="utf-8").replace("lead_leader: 薛加良", "lead_leader: [薛加良")
    save(ITEM, broken)
    wait_built(page, before)
    page.wait_for_selector("#problems:not([hidden])", timeout=90000)
    seen["problems"] = page.inner_text("#problems")
    seen["pages_during_problem"] = len(page_texts(page))
    shot(page, "3-problem")
    before = generation(page)
    save(ITEM, broken.replace("lead_leader: [薛加良", "lead_leader: 薛加良"))
    wait_built(page, before)
    page.wait_for_selector("#problems", state="hidden", timeout=90000)
    seen["problems_cleared"] = True

    # A click on the 事项推进情况 cell of item 3, and the text typed over.
    target = page.locator("text", has_text="一是多次").first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    page.mouse.click(box["x"] + 2, box["y"] + box["height"] / 2)
    page.wait_for_selector("#source:not([hidden])", timeout=90000)
    seen["source"] = page.inner_text("#source-where")
    seen["source_value"] = page.input_value("#source-value")
    shot(page, "4-source")
    value = seen["source_value"].replace("一是多次开展交流沟通。", "一是三次开展交流沟通。")
    page.fill("#source-value", value)
    before = generation(page)
    page.click("#source-save")
    seen["edit_rebuilt"] = wait_built(page, before)
    page.wait_for_timeout(300)
    seen["edited_shown"] = any("一是三次开展交流沟通" in t for t in page_texts(page))
    seen["edit_error"] = page.inner_text("#source-error")
    shot(page, "5-edited")

    # A click on a column head: text the templates make.
    head = page.locator("text", has_text="事项推进情况").first
    head.scroll_into_view_if_needed()
    box = head.bounding_box()
    page.mouse.click(box["x"] + 2, box["y"] + box["height"] / 2)
    wait_until(page, "document.getElementById('source-note').textContent.length > 0")
    seen["head_note"] = page.inner_text("#source-note")
    seen["head_editable"] = page.is_visible("#source-save")

    # What another page, or a program, could try.
    secret = page.evaluate("document.body.dataset.secret")
    own = f"127.0.0.1:{PORT}"
    edit = json.dumps({"file": str(ITEM), "field": "rows[0].lead_leader",
                       "old": "薛加良", "new": "某某某"}, ensure_ascii=False).encode()
    seen["foreign_host"] = raw("GET", "/state", {"Host": f"attacker.example:{PORT}"})[0]
    seen["foreign_host_edit"] = raw("POST", "/edit", {
        "Host": f"attacker.example:{PORT}", "Origin": f"http://attacker.example:{PORT}",
        "X-Huibao-Secret": secret, "Content-Type": "application/json"}, edit)[0]
    seen["foreign_origin"] = raw("POST", "/edit", {
        "Host": own, "Origin": "http://attacker.example", "X-Huibao-Secret": secret,
        "Content-Type": "application/json"}, edit)[0]
    seen["no_secret"] = raw("POST", "/edit", {
        "Host": own, "Origin": f"http://{own}", "Content-Type": "application/json"}, edit)[0]
    outside = json.dumps({"file": str(PROJECT / "templates/style.yaml"), "field": "pages",
                          "old": "", "new": "x"}).encode()
    seen["outside_content"] = raw("POST", "/edit", {
        "Host": own, "Origin": f"http://{own}", "X-Huibao-Secret": secret,
        "Content-Type": "application/json"}, outside)[0]
    seen["too_large"] = raw("POST", "/edit", {
        "Host": own, "Origin": f"http://{own}", "X-Huibao-Secret": secret,
        "Content-Type": "application/json"}, b"x" * (1024 * 1024))[0]
    seen["traversal"] = raw("GET", "/font/..%2F..%2Fcontent%2Fmeeting.yaml.ttf", {"Host": own})[0]
    seen["errors"] = errors
    browser.close()

print(json.dumps(seen, ensure_ascii=False))
