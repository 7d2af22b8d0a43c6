"""Every language of the example appeal in Chromium: no WCAG violation, the Arabic pages mirror,
the language menu leads to the same page in another language, and the page loads on a 2G
connection."""

from __future__ import annotations

import time

import pytest
from test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser
APPEAL = "campaigns/winter-shelter-lille/"
PAGES = [  # the appeal in both example sites, in each of their languages
    f"{site}/{language}{page}"
    for site in ("pledgekit", "appeal")
    for language in ("", "fr/", "ar/")
    for page in ("", APPEAL, f"{APPEAL}updates/first-cold-snap/")
]
# Chrome's "Regular 2G" profile: 250 kbit/s down, 50 kbit/s up, 300 ms round trips.
TWO_G = {
    "offline": False,
    "latency": 300,
    "downloadThroughput": 250_000 / 8,
    "uploadThroughput": 50_000 / 8,
}


@pytest.mark.parametrize("path", PAGES)
def test_every_language_passes_axe(open_page, server_root, path):
    for width in (360, 1280):
        violations = axe_violations(open_page(server_root + path, width))
        assert violations == [], f"{path} at {width}px:\n{describe(violations)}"


def test_the_arabic_appeal_mirrors(open_page, server_root, tmp_path):
    page = open_page(f"{server_root}appeal/ar/{APPEAL}", 360)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    track = page.locator(".progress").first.bounding_box()
    fill = page.locator(".progress__bar").first.bounding_box()
    assert (
        abs((fill["x"] + fill["width"]) - (track["x"] + track["width"])) < 1
    )  # fills from the right
    assert fill["width"] < track["width"]
    heading = page.locator("h1").bounding_box()
    assert heading["x"] + heading["width"] > 360 - 40  # starts at the right edge
    page.screenshot(path=str(tmp_path / "appeal-ar-360.png"), full_page=True)
    wide = open_page(f"{server_root}pledgekit/ar/{APPEAL}", 1280)
    cards = wide.locator("#rewards .tier").all()
    first, second = cards[0].bounding_box(), cards[1].bounding_box()
    assert first["y"] == second["y"] and first["x"] > second["x"]  # the grid runs right to left


def test_the_language_menu_opens_the_same_page_in_another_language(open_page, server_root):
    page = open_page(f"{server_root}appeal/fr/{APPEAL}", 1280)
    assert page.locator("h1").inner_text() != ""
    page.locator(".language-switcher a[hreflang='ar']").click()
    page.wait_for_load_state()
    assert page.url == f"{server_root}appeal/ar/{APPEAL}index.html"
    assert page.evaluate("document.documentElement.lang") == "ar"
    page.locator(".language-switcher a[hreflang='en']").click()
    page.wait_for_load_state()
    assert page.url == f"{server_root}appeal/{APPEAL}index.html"


@pytest.mark.parametrize("language", ["", "fr/", "ar/"])
def test_the_appeal_loads_on_a_2g_connection(browser, server_root, language):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send("Network.setCacheDisabled", {"cacheDisabled": True})
        session.send("Network.emulateNetworkConditions", TWO_G)
        sizes: list[int] = []
        page.on(
            "requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"])
        )
        started = time.perf_counter()
        page.goto(f"{server_root}appeal/{language}{APPEAL}", wait_until="load")
        loaded = time.perf_counter() - started
        # The way to give is on the first screen once the page has loaded.
        give = page.locator("#give h2").bounding_box()
        assert give is not None and give["y"] < 740
        print(f"2G {language or 'en/'}: load {loaded:.1f} s, {len(sizes)} requests, {sum(sizes)} B")
        assert loaded < 12, f"the load event took {loaded:.1f} s on 2G"
    finally:
        context.close()
