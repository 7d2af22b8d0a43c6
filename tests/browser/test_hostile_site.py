"""Every page of a site whose every text field holds script-injection attempts
(tests/hostile_site.py), loaded in Chromium: no dialog opens, no request leaves 127.0.0.1, and
the console shows no policy violation nor script error."""

from __future__ import annotations

import functools
import http.server
import threading
import time

import pytest
from conftest import _PagesHandler
from hostile_site import write_hostile_site
from support import FIXED_NOW

from pledgekit.build import build

pytestmark = pytest.mark.browser
TIME_LIMIT = 75  # seconds for loading every page


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-browser")
    root = folder / "served"
    build(write_hostile_site(folder / "content"), root / "fund", FIXED_NOW)
    handler = functools.partial(_PagesHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", root
    server.shutdown()


def test_no_page_runs_content_or_calls_another_site(browser, hostile_server):
    base, root = hostile_server
    addresses = [base + path.relative_to(root).as_posix() for path in sorted(root.rglob("*.html"))]
    assert len(addresses) > 50
    context = browser.new_context()
    page = context.new_page()
    dialogs, outside, console = [], [], []

    def guard(route):
        if route.request.url.startswith(base) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    def dialog(opened):
        dialogs.append(f"{page.url}: {opened.type} {opened.message}")
        opened.dismiss()

    page.route("**/*", guard)
    page.on("dialog", dialog)
    page.on("pageerror", lambda error: console.append(f"{page.url}: {error}"))

    def logged(message):
        # A payload's <img src=x> asks this server for a file that is not there: harmless, and
        # the request guard above already keeps every request on 127.0.0.1.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            console.append(f"{page.url}: {message.text}")

    page.on("console", logged)
    started = time.monotonic()
    try:
        for address in addresses:
            page.goto(address, wait_until="load")
            # Every handler a payload could have set: focus, hover, toggle, animation.
            page.keyboard.press("Tab")
            page.mouse.move(200, 300)
            assert time.monotonic() - started < TIME_LIMIT, "too slow: loaded " + address
        page.wait_for_timeout(300)
    finally:
        context.close()
    assert not dialogs
    assert not outside
    assert not console
