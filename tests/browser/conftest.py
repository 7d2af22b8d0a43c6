"""Browser fixtures: built sites served from 127.0.0.1 under a project path, and Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, sync_playwright
from tools import chromium

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]

# One page of each kind a visitor meets, in the fixture site (states) and the example site.
PAGE_TYPES = {
    "index": "repo/index.html",
    "campaign-live": "repo/campaigns/live-lamp/index.html",
    "campaign-funded": "repo/campaigns/funded-book/index.html",
    "campaign-upcoming": "repo/campaigns/upcoming-garden/index.html",
    "campaign-unsuccessful": "repo/campaigns/failed-game/index.html",
    "campaign-ended": "repo/campaigns/relief-flex/index.html",
    "update": "repo/campaigns/live-lamp/updates/first-prototype/index.html",
    "card": "repo/campaigns/live-lamp/card/index.html",
    "not-found": "repo/no/such/page/",
    "example-index": "pledgekit/index.html",
    "example-product": "pledgekit/campaigns/tenon-lamp/index.html",
    "example-appeal": "pledgekit/campaigns/winter-shelter-lille/index.html",
    "example-ended": "pledgekit/campaigns/harbour-lights/index.html",
    "example-update": "pledgekit/campaigns/tenon-lamp/updates/funded/index.html",
    "example-supporters": "pledgekit/campaigns/winter-shelter-lille/supporters/index.html",
    "example-supporters-rtl": "pledgekit/ar/campaigns/winter-shelter-lille/supporters/index.html",
    "example-poster": "pledgekit/campaigns/winter-shelter-lille/poster/index.html",
    "example-poster-ended": "pledgekit/campaigns/harbour-lights/poster/index.html",
    "example-poster-rtl": "pledgekit/ar/campaigns/winter-shelter-lille/poster/index.html",
    "styleguide": "styleguide/index.html",
    "appeal-index": "appeal/index.html",
    "appeal-campaign": "appeal/campaigns/winter-shelter-lille/index.html",
    "appeal-update": "appeal/campaigns/winter-shelter-lille/updates/first-cold-snap/index.html",
    "appeal-poster": "appeal/campaigns/winter-shelter-lille/poster/index.html",
    "appeal-supporters": "appeal/campaigns/winter-shelter-lille/supporters/index.html",
    "appeal-styleguide": "appeal-styleguide/index.html",
}


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, and each site's own 404.html for a missing address (as GitHub Pages does)."""

    def log_message(self, format, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        site = Path(self.directory) / self.path.lstrip("/").split("/", 1)[0]
        not_found = site / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


@pytest.fixture(scope="session")
def server_root(
    states_site, example_site, styleguide_site, appeal_site, appeal_styleguide, tmp_path_factory
):
    """Each site under the project path of its base_url, as GitHub Pages would serve it:
    the fixture site at /repo/, the example site at /pledgekit/; the relief-appeal example at
    /appeal/; the style guides of both built-in themes at /styleguide/ and /appeal-styleguide/."""
    root = tmp_path_factory.mktemp("served")
    (root / "repo").symlink_to(states_site)
    (root / "pledgekit").symlink_to(example_site)
    (root / "styleguide").symlink_to(styleguide_site)
    (root / "appeal").symlink_to(appeal_site)
    (root / "appeal-styleguide").symlink_to(appeal_styleguide)
    handler = functools.partial(_PagesHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser):
    """open_page(url, width=1280, javascript=True): a page that blocks and records every request
    leaving this machine (page.outside_requests)."""
    contexts = []

    def opener(url: str, width: int = 1280, javascript: bool = True) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=javascript
        )
        contexts.append(context)
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

    yield opener
    for context in contexts:
        context.close()
