"""The pages in a real browser (Debian's Chromium, headless): layout, JavaScript off, no
third-party requests, pages opened from disk. Screenshots are saved for a person to look at."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import TESTS
from playwright.sync_api import sync_playwright

pytestmark = pytest.mark.browser
ARTIFACTS = TESTS / "artifacts"
PAGE_TYPES = {
    "index": "index.html",
    "campaign-funded": "campaigns/live-lamp/index.html",
    "campaign-upcoming": "campaigns/upcoming-garden/index.html",
    "campaign-unsuccessful": "campaigns/failed-game/index.html",
    "update": "campaigns/live-lamp/updates/first-prototype/index.html",
    "not-found": "404.html",
}
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("PLEDGEKIT_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail(
                "CI is set but Debian's chromium is not installed (apt-get install -y chromium)"
            )
        pytest.skip("no chromium on this machine (browser tests run in CI)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def served_site(states_site):
    """The built fixture site served from 127.0.0.1 under a project path, like GitHub Pages."""
    root = states_site.parent / "served"
    if not root.exists():
        root.mkdir()
        (root / "repo").symlink_to(states_site)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repo/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def open_page(browser, url: str, width: int, javascript: bool = True):
    """A page that records every request and blocks any that leave this machine."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.outside_requests = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith("file:") or host == "127.0.0.1":
            route.continue_()
        else:
            page.outside_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.goto(url)
    return page


@pytest.mark.parametrize("width", [360, 1280])
def test_every_page_type_fits_the_screen_and_asks_no_third_party(browser, served_site, width):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in PAGE_TYPES.items():
        page = open_page(browser, served_site + path, width)
        assert page.outside_requests == [], name
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, (
            f"{name} scrolls sideways at {width}px ({scroll_width}px wide)"
        )
        # The stylesheet loaded: the theme's background colour is applied.
        assert (
            page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(251, 250, 247)"
        ), name
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        page.context.close()
    print(f"screenshots in {ARTIFACTS}")


def test_pledging_works_with_javascript_off(browser, served_site):
    on = open_page(browser, served_site + "campaigns/live-lamp/index.html", 1280)
    off = open_page(browser, served_site + "campaigns/live-lamp/index.html", 1280, javascript=False)
    links = [
        page.eval_on_selector_all(
            ".pledge-links a", "links => links.map(a => [a.textContent, a.href])"
        )
        for page in (on, off)
    ]
    assert links[0] == links[1]
    assert [
        "Pledge €79 with Stripe",
        "https://buy.stripe.com/abc456?client_reference_id=live-lamp-lamp",
    ] in links[1]
    assert off.inner_text(".stats__item--raised dd").split("\n")[0] == "€2,500.50"
    for page in (on, off):
        page.context.close()


def test_pages_work_opened_from_disk(browser, states_site):
    page = open_page(browser, (states_site / "index.html").as_uri(), 1280)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(251, 250, 247)"
    page.click("text=Campaign live-lamp")
    page.wait_for_load_state()
    assert page.url == (states_site / "campaigns/live-lamp/index.html").as_uri()
    images = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
    assert images and all(width > 0 for width in images)
    page.context.close()
