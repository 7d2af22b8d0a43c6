"""`pledgekit serve` in Chromium: a saved edit reloads the open page by itself; a broken file
shows the error page, which turns back into the site once the file is fixed."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect
from support import FIXTURES, TESTS
from test_serve import Served, edit

pytestmark = pytest.mark.browser
ARTIFACTS = TESTS / "artifacts"


@pytest.fixture
def served(tmp_path):
    source = tmp_path / "content"
    shutil.copytree(FIXTURES / "states", source)
    server = Served(source)
    server.source = source
    yield server
    server.stop()


def test_the_open_page_reloads_itself_after_an_edit(open_page, served):
    page = open_page(served.address + "campaigns/live-lamp/")
    assert page.locator("h1").inner_text() == "Campaign live-lamp"
    page.evaluate("window.notReloaded = true")
    # Waits through locators and load states: the pages' Content-Security-Policy forbids the
    # eval() that wait_for_function's string predicates use.
    page.wait_for_load_state("load")
    campaign = served.source / "campaigns/live-lamp/campaign.yaml"
    edit(campaign, "title: Campaign", "title: Edited campaign")
    expect(page.locator("h1")).to_have_text("Edited campaign live-lamp", timeout=15000)
    assert page.evaluate("window.notReloaded") is None  # a new document, not a patched one
    assert page.outside_requests == []

    original = campaign.read_text()
    campaign.write_text(original.replace("goal: ", "goal: [", 1))
    expect(page.locator("h1")).to_have_text("The site could not be built", timeout=15000)
    problems = page.locator(".problems").inner_text()
    assert problems.splitlines() == [
        "content/campaigns/live-lamp/campaign.yaml:5:7",
        "YAML syntax error: the value of 'goal' opens a list with [ that is never closed; "
        'close it (goal: [10000]) or, for text, put it in quotes (goal: "[10000")',
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-error-page.png"), full_page=True)

    campaign.write_text(original)
    expect(page.locator("h1")).to_have_text("Edited campaign live-lamp", timeout=15000)
    page.screenshot(path=str(ARTIFACTS / "serve-recovered.png"))
    assert page.outside_requests == []


def test_a_served_draft_carries_its_marker(open_page, tmp_path):
    source = tmp_path / "content"
    shutil.copytree(FIXTURES / "states", source)
    edit(source / "campaigns/live-lamp/campaign.yaml", "\ntiers:\n", "\ndraft: true\ntiers:\n")
    server = Served(source, "--drafts")
    try:
        page = open_page(server.address)
        card = page.locator(".card", has=page.locator(".badge--draft"))
        assert card.locator(".card__title").inner_text() == "Campaign live-lamp"
        assert card.locator(".badge--draft").is_visible()
        page.goto(server.address + "campaigns/live-lamp/")
        assert page.locator(".draft-notice").is_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "serve-draft.png"))
    finally:
        server.stop()


def test_many_open_tabs_all_load_and_all_reload(browser, served):
    """A browser opens few connections to one host: one tab holds the event stream and tells
    the others, so the eighth tab loads as fast as the first and every tab reloads."""
    context = browser.new_context()
    try:
        tabs = []
        for _ in range(8):
            tab = context.new_page()
            tab.goto(served.address + "campaigns/live-lamp/", timeout=5000)
            tab.wait_for_load_state("load")
            tabs.append(tab)
        edit(served.source / "campaigns/live-lamp/campaign.yaml", "title: Campaign", "title: All")
        for tab in tabs:
            expect(tab.locator("h1")).to_have_text("All live-lamp", timeout=15000)
    finally:
        context.close()
