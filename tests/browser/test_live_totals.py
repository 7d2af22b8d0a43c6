"""Live totals: with a public totals source named, a small script refreshes the figures; the page
is complete without it, and stays as built when the source fails or disagrees."""

from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest
from conftest import _PagesHandler
from support import FIXED_NOW
from test_content_rules import CAMPAIGN, write_site

from pledgekit.build import build

pytestmark = pytest.mark.browser


@pytest.fixture
def live_site(tmp_path):
    """A one-campaign site whose live_totals point at /live/totals.json on the same test server."""
    root = tmp_path / "served"
    (root / "live").mkdir(parents=True)
    handler = functools.partial(_PagesHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    campaign = (
        CAMPAIGN
        + f"totals: {{raised: 40, backers: 2, updated: 2026-11-20T10:00:00+01:00}}\nlive_totals: {{url: '{base}live/totals.json'}}\n"
    )
    build(write_site(tmp_path, campaign), root / "fund", FIXED_NOW)
    yield base + "fund/campaigns/lamp/", root / "live" / "totals.json"
    server.shutdown()


def figures(page) -> dict[str, str]:
    return {
        "raised": page.inner_text(".campaign__stats [data-live=raised]"),
        "percent": page.inner_text(".campaign__stats [data-live=percent]"),
        "backers": page.inner_text(".campaign__stats [data-live=backers]"),
        "bar": page.get_attribute(".campaign__stats [role=progressbar]", "aria-valuenow"),
    }


BUILT = {"raised": "€40", "percent": "40%", "backers": "2", "bar": "40"}


def test_figures_refresh_from_the_source(open_page, live_site):
    url, source = live_site
    source.write_text(json.dumps({"raised": "125.50", "currency": "EUR", "backers": 9}))
    page = open_page(url)
    page.wait_for_selector("[data-live-state=updated]")
    assert figures(page) == {"raised": "€125.50", "percent": "125%", "backers": "9", "bar": "100"}
    assert page.inner_text("[data-live=updated]") == "Live figures, fetched when this page opened."
    assert page.outside_requests == []


def test_open_collective_json_is_read_in_cents(open_page, live_site, tmp_path):
    url, source = live_site
    # Rebuild the same campaign with the Open Collective format.
    page_file = tmp_path / "served/fund/campaigns/lamp/index.html"
    page_file.write_text(
        page_file.read_text().replace(
            'data-live-format="pledgekit"', 'data-live-format="open_collective"'
        )
    )
    source.write_text(
        json.dumps(
            {
                "slug": "lamp",
                "currency": "EUR",
                "balance": 7000,
                "yearlyIncome": 9000,
                "backersCount": 4,
            }
        )
    )
    page = open_page(url)
    page.wait_for_selector("[data-live-state=updated]")
    assert figures(page) == {"raised": "€70", "percent": "70%", "backers": "4", "bar": "70"}


@pytest.mark.parametrize(
    "content", [None, '{"raised": "125", "currency": "USD", "backers": 9}', "not json"]
)
def test_a_failing_or_mismatched_source_leaves_the_built_figures(open_page, live_site, content):
    url, source = live_site
    if content is not None:
        source.write_text(content)
    page = open_page(url)
    page.wait_for_selector("[data-live-state=unavailable]")
    assert figures(page) == BUILT


def test_without_javascript_the_built_figures_show(open_page, live_site):
    url, source = live_site
    source.write_text(json.dumps({"raised": "125.50", "currency": "EUR", "backers": 9}))
    page = open_page(url, javascript=False)
    assert figures(page) == BUILT
