"""The discovery pages in Chromium: no WCAG violation on category, tag and search pages, and a
search that finds campaigns as the visitor types, or lists the categories without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from test_accessibility import axe_violations, describe

pytestmark = pytest.mark.browser

PAGES = {
    "category": "pledgekit/categories/design/index.html",
    "categories": "pledgekit/categories/index.html",
    "tag": "pledgekit/tags/lighting/index.html",
    "tags": "pledgekit/tags/index.html",
    "ordering": "pledgekit/ending-soon/index.html",
    "search": "pledgekit/search/index.html",
    "search-rtl": "pledgekit/ar/search/index.html",
    "ordering-paged": "repo/ending-soon/index.html",  # the fixture site shows 2 a page
}


def searched(open_page, url: str, query: str, width: int = 1280):
    page = open_page(url, width)
    box = page.get_by_role("searchbox")
    box.wait_for(state="visible", timeout=10_000)  # once search.json is read
    box.fill(query)
    return page


@pytest.mark.parametrize("name", PAGES)
def test_no_wcag_violations(open_page, server_root, name):
    for width in (360, 1280):
        page = open_page(server_root + PAGES[name], width)
        if name.startswith("search"):  # the box and its results, as a visitor sees them
            page.get_by_role("searchbox").wait_for(state="visible", timeout=10_000)
            page.get_by_role("searchbox").fill("a")
        violations = axe_violations(page)
        assert violations == [], f"{name} at {width}px:\n{describe(violations)}"
        assert page.outside_requests == []
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{name} scrolls sideways at {width}px"


def test_typing_finds_the_campaigns_whose_title_or_tagline_match(open_page, server_root):
    page = searched(open_page, server_root + PAGES["search"], "LAMP")
    results = page.locator(".search__results a")
    results.first.wait_for()
    assert results.all_inner_texts() == ["Tenon: a desk lamp you can repair with one screwdriver"]
    assert page.locator("[aria-live]").inner_text() == "1 campaign found"
    results.first.click()
    page.wait_for_url("**/pledgekit/campaigns/tenon-lamp/")
    assert page.outside_requests == []


def test_accents_and_case_do_not_matter_and_each_language_has_its_index(open_page, server_root):
    # The French tagline says "L'État finance douze des vingt-quatre lits…".
    page = searched(open_page, server_root + "pledgekit/fr/search/index.html", "etat FINANCE")
    page.locator(".search__results a").first.wait_for()
    assert page.locator(".search__results a").all_inner_texts() == [
        "Gardons douze lits de plus ouverts cet hiver"
    ]
    assert page.locator("[aria-live]").inner_text() == "1 campagne trouvée"
    page.get_by_role("searchbox").fill("zzz")
    expect(page.locator("[aria-live]")).to_have_text(re.compile("^0"))  # no eval() under the CSP
    assert page.locator(".search__results li").count() == 0


def test_without_javascript_the_search_page_lists_the_categories(open_page, server_root):
    page = open_page(server_root + PAGES["search"], 360, javascript=False)
    assert not page.get_by_role("searchbox").is_visible()
    assert page.locator("main .groups a").all_inner_texts() == ["Community", "Design", "Games"]
    page.get_by_role("link", name="Design").click()
    page.wait_for_url("**/pledgekit/categories/design/index.html")
    assert page.locator(".card__title a").all_inner_texts() == [
        "Tenon: a desk lamp you can repair with one screwdriver"
    ]
