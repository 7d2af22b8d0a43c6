"""Freshness in the browser: static/updated-ago.js says again how long ago the figures were read,
for the moment the page is read (the browser's clock, frozen here), in the page's language,
every minute; it shows the out-of-date notice once the figures are as old as the site allows,
and takes the as_of of the figures live-totals.js fetches. Without JavaScript the build's words
stay."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from datetime import UTC, timedelta

import pytest
from conftest import _PagesHandler
from support import FIXED_NOW, HERO_SVG, campaign_yaml, site_yaml, write_site
from test_accessibility import axe_violations, describe

from pledgekit.build import build

pytestmark = pytest.mark.browser
READ = FIXED_NOW.astimezone(UTC) - timedelta(hours=3)  # the build says "Updated 3 hours ago"
RECORD = json.dumps({"version": 1, "sources": {"stripe": {"as_of": f"{READ:%Y-%m-%dT%H:%M:%SZ}"}}})


def iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def served(tmp_path):
    """A site with two synced campaigns, one of them with live totals from /live/totals.json,
    served from 127.0.0.1: (the site's address, the live totals file)."""
    root = tmp_path / "served"
    (root / "live").mkdir(parents=True)
    handler = functools.partial(_PagesHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    files = {"story.md": "A story.\n", "hero.svg": HERO_SVG, "ledger-sync.json": RECORD}
    live = campaign_yaml(live_totals=f"{{url: '{base}live/totals.json'}}")
    source = write_site(
        tmp_path / "site",
        site=site_yaml(),
        campaigns={
            "lamp": {**files, "campaign.yaml": campaign_yaml()},
            "live": {**files, "campaign.yaml": live},
        },
    )
    build(source, root / "fund", FIXED_NOW)
    yield base + "fund/", root / "live" / "totals.json"
    server.shutdown()


def opened_at(open_page, url: str, moment):
    """The page as read at `moment` (the browser's clock installed there, its timers held)."""
    page = open_page(url)
    page.clock.install(time=moment)
    page.reload()
    return page


def freshness(page) -> tuple[str, str, bool]:
    notice = page.locator(".stats__stale")
    return page.inner_text(".stats__updated"), notice.inner_text(), notice.is_visible()


def test_the_time_is_said_again_for_the_moment_the_page_is_read(open_page, served):
    site, _ = served
    page = opened_at(open_page, site + "campaigns/lamp/", READ + timedelta(hours=47))
    assert freshness(page) == (
        "Updated 1 day ago.",
        "These figures were last updated 1 day ago and may be out of date.",
        False,
    )
    page.clock.fast_forward("01:00:00")  # the script looks again each minute: now 48 hours
    assert freshness(page) == (
        "Updated 2 days ago.",
        "These figures were last updated 2 days ago and may be out of date.",
        True,
    )


def test_in_the_pages_language(open_page, served):
    site, _ = served
    page = opened_at(open_page, site + "fr/campaigns/lamp/", READ + timedelta(days=5))
    assert freshness(page) == (
        "Mis à jour il y a 5 jours.",
        "Ces chiffres ont été mis à jour pour la dernière fois il y a 5 jours et ne sont "
        "peut-être plus à jour.",
        True,
    )
    page = opened_at(open_page, site + "campaigns/lamp/", READ + timedelta(seconds=20))
    assert freshness(page)[0] == "Updated just now."


def test_without_javascript_the_builds_words_stay(open_page, served):
    site, _ = served
    page = open_page(site + "campaigns/lamp/", javascript=False)
    assert freshness(page) == (
        "Updated 3 hours ago.",
        "These figures were last updated 3 hours ago and may be out of date.",
        False,
    )


@pytest.mark.parametrize(
    ("as_of", "said"),
    [
        (iso(READ + timedelta(days=3, hours=-2)), "Updated 2 hours ago."),
        (None, "Updated just now."),
    ],
)
def test_live_figures_are_as_of_what_they_say(open_page, served, as_of, said):
    site, source = served
    totals = {"raised": "125.50", "currency": "EUR", "backers": 9}
    source.write_text(json.dumps(totals | ({"as_of": as_of} if as_of else {})))
    page = opened_at(open_page, site + "campaigns/live/", READ + timedelta(days=3))
    page.wait_for_selector("[data-live-state=updated]")
    assert page.inner_text(".campaign__stats [data-live=raised]") == "€125.50"
    assert freshness(page)[0] == said
    assert not page.locator(".stats__stale").is_visible()  # stale as built, fresh as fetched
    assert page.outside_requests == []


@pytest.mark.parametrize("language", ["", "ar/"])
def test_the_notice_passes_axe(open_page, served, language):
    site, _ = served
    page = opened_at(open_page, f"{site}{language}campaigns/lamp/", READ + timedelta(days=3))
    assert page.locator(".stats__stale").is_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
