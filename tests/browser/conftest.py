"""Browser fixtures: built sites served from 127.0.0.1 under a project path, and Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
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
    "index": "states/index.html",
    "campaign-live": "states/campaigns/live-lamp/index.html",
    "campaign-funded": "states/campaigns/funded-book/index.html",
    "campaign-upcoming": "states/campaigns/upcoming-garden/index.html",
    "campaign-unsuccessful": "states/campaigns/failed-game/index.html",
    "campaign-ended": "states/campaigns/relief-flex/index.html",
    "update": "states/campaigns/live-lamp/updates/first-prototype/index.html",
    "not-found": "states/404.html",
    "example-index": "example/index.html",
    "example-product": "example/campaigns/tenon-lamp/index.html",
    "example-appeal": "example/campaigns/winter-shelter-lille/index.html",
    "example-ended": "example/campaigns/harbour-lights/index.html",
    "example-update": "example/campaigns/tenon-lamp/updates/funded/index.html",
}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def server_root(states_site, example_site, tmp_path_factory):
    """http://127.0.0.1:<port>/states/ and /example/: each site under its own project path."""
    root = tmp_path_factory.mktemp("served")
    (root / "states").symlink_to(states_site)
    (root / "example").symlink_to(example_site)
    handler = functools.partial(_QuietHandler, directory=str(root))
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
