"""Whole-site tests: the fixture site with a campaign in every state, built and parsed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from linkcheck import broken_links_from_disk, broken_links_on_host
from support import FIXED_NOW, FIXTURES, parse_html

from pledgekit.build import build

BASE_URL = "https://user.github.io/repo/"


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_every_expected_file_is_written(states_site):
    names = set(files_of(states_site))
    for slug in ("live-lamp", "funded-book", "upcoming-garden", "failed-game", "relief-flex"):
        assert {
            f"campaigns/{slug}/index.html",
            f"campaigns/{slug}/totals.json",
            f"campaigns/{slug}/hero.svg",
        } <= names
    assert {
        "index.html",
        "page/2/index.html",
        "page/3/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "static/style.css",
        "campaigns/live-lamp/updates/first-prototype/index.html",
    } <= names
    assert "CNAME" not in names


def test_index_is_paginated_in_visitor_order(states_site):
    pages = [
        states_site / "index.html",
        states_site / "page/2/index.html",
        states_site / "page/3/index.html",
    ]
    titles = [[a.text for a in parse_html(page).select(".card__title a")] for page in pages]
    # Live ending soonest, then upcoming, then the most recently ended.
    assert titles == [
        ["Campaign live-lamp", "Campaign funded-book"],
        ["Campaign upcoming-garden", "Campaign relief-flex"],
        ["Campaign failed-game"],
    ]
    first = parse_html(pages[0])
    assert first.find("link", rel="next")["href"] == "page/2/index.html"
    assert first.select_one('.pagination a[aria-current="page"]').text == "1"
    second = parse_html(pages[1])
    assert second.find("link", rel="prev")["href"] == "../../index.html"


def test_campaign_card_shows_figures_and_state(states_site):
    card = parse_html(states_site / "index.html").select(".card")[0]
    assert card.select_one(".card__image")["alt"] == "A pale blue rectangle"
    assert (
        " ".join(card.select_one(".card__figures").text.split())
        == "€2,500.50 of €10,000 · 25% funded · 7 backers"
    )
    assert " ".join(card.select_one(".card__time").text.split()) == "Live 4 days to go"


def test_campaign_page_stats_and_progress(states_site):
    page = parse_html(states_site / "campaigns/live-lamp/index.html")
    assert page.find("h1").text == "Campaign live-lamp"
    bar = page.select_one(".campaign__stats [role=progressbar]")
    assert (bar["aria-valuenow"], bar["aria-valuetext"]) == ("25", "25% of the goal")
    stats = {item.dt.text: " ".join(item.dd.text.split()) for item in page.select(".stats__item")}
    assert stats == {
        "Pledged": "€2,500.50 of €10,000 goal",
        "Funded": "25%",
        "Backers": "7",
        "Time": "4 days to go",
    }
    updated = page.select_one(".stats__updated")
    assert " ".join(updated.text.split()) == (
        "Totals last updated November 20, 2026, 10:00 AM (Central European Time)."
    )
    assert updated.time["datetime"] == "2026-11-20T10:00:00+01:00"


def tiers_of(page):
    return {article["id"]: article for article in page.select("article.tier")}


def test_tiers_show_availability_and_only_open_tiers_link_out(states_site):
    tiers = tiers_of(parse_html(states_site / "campaigns/live-lamp/index.html"))
    assert list(tiers) == [
        "open-pledge",
        "tier-early-bird",
        "tier-lamp",
        "tier-sold",
        "tier-later",
    ]
    reasons = {
        key: " ".join(t.select_one(".tier__unavailable").text.split())
        for key, t in tiers.items()
        if t.select_one(".tier__unavailable")
    }
    assert reasons == {
        # available_until 8 November, 00:00: the last minute it could be chosen
        "tier-early-bird": "Closed: it was available until November 7, 2026, 11:59 PM "
        "(Central European Time).",
        "tier-sold": "Sold out: all 20 have been claimed.",
        # available_from 29 November, 00:00: the start of that day
        "tier-later": "Opens on November 29, 2026 (Central European Time).",
    }
    for key in reasons:
        assert tiers[key].select(".pledge-links a") == []
    lamp_links = tiers["tier-lamp"].select(".pledge-links a")
    assert [a.text for a in lamp_links] == ["Pledge €79 with Stripe", "Pledge €79 with PayPal"]
    assert (
        lamp_links[0]["href"] == "https://buy.stripe.com/abc456?client_reference_id=live-lamp-lamp"
    )
    paypal = urlsplit(lamp_links[1]["href"])
    assert parse_qs(paypal.query)["amount"] == ["79"] and parse_qs(paypal.query)[
        "currency_code"
    ] == ["EUR"]
    facts = tiers["tier-lamp"].select_one(".tier__facts")
    assert [(d.dt.text, d.dd.text) for d in facts.find_all("div")] == [
        ("Backers", "12"),
        ("Limited", "38 of 50 left"),
    ]
    # The deep link of each tier is its own anchor.
    assert tiers["tier-lamp"].select_one(".tier__title a")["href"] == "#tier-lamp"
    # The site's default processor serves the pledge without a reward.
    assert (
        tiers["open-pledge"].select_one(".pledge-links a")["href"]
        == "https://paypal.me/fixturefund"
    )


def test_stretch_goals_are_sorted_with_their_status(states_site):
    page = parse_html(states_site / "campaigns/live-lamp/index.html")
    goals = [" ".join(li.text.split()) for li in page.select(".stretch-goal")]
    assert goals == [
        "Reached €2,000 · Better box",
        "Next €12,000 · Second colour",
        "Locked €15,000 · Wall mount",
    ]


def test_campaigns_that_are_not_live_offer_no_pledge_link(states_site):
    expectations = {
        "upcoming-garden": (
            "Upcoming",
            "Starts in 13 days",
            "Pledges open when the campaign starts on December 10, 2026, 9:00 AM "
            "(Central European Time).",
        ),
        "failed-game": (
            "Unsuccessful",
            "Ended on October 1, 2026",
            "The campaign has ended; pledges are closed.",
        ),
        "relief-flex": (
            "Ended",
            "Ended on October 15, 2026",
            "The campaign has ended; pledges are closed.",
        ),
    }
    for slug, (badge, time_left, reason) in expectations.items():
        page = parse_html(states_site / f"campaigns/{slug}/index.html")
        assert page.select_one(".campaign__meta .badge").text == badge
        assert " ".join(page.select(".stats__item dd")[-1].text.split()) == time_left
        assert page.select(".pledge-links a") == []
        assert " ".join(page.select_one(".tier__unavailable").text.split()) == reason
        assert page.find("a", string="Back this campaign") is None


def test_funded_campaign_still_takes_pledges(states_site):
    page = parse_html(states_site / "campaigns/funded-book/index.html")
    assert page.select_one(".campaign__meta .badge").text == "Funded"
    assert page.select_one("[role=progressbar]")["aria-valuenow"] == "100"
    assert page.select_one("[role=progressbar]")["aria-valuetext"] == "150% of the goal"
    assert [a["href"] for a in page.select(".pledge-links a")] == [
        "https://paypal.me/fixturefund/25EUR"
    ]


def test_totals_json_has_exact_figures(states_site):
    data = json.loads((states_site / "campaigns/live-lamp/totals.json").read_text())
    assert data == {
        "campaign": "live-lamp",
        "raised": "2500.50",
        "pending": "0",  # no payment waiting to clear (no ledger)
        "goal": "10000",
        "currency": "EUR",
        "percent": 25,
        "backers": 7,
        "state": "live",
        "start": "2026-11-01T09:00:00+01:00",
        "end": "2026-12-01T09:00:00+01:00",
        "updated": "2026-11-20T10:00:00+01:00",
        "as_of": "2026-11-20T10:00:00+01:00",  # no ledger-sync.json: as counted
        "sources": {},
        "monthly": None,  # no monthly goal, no monthly gift
        "converted": {},  # no payment in another currency
        "fees": "gross",  # raised counts what backers paid
    }


def test_update_page_links_back_and_resolves_images(states_site):
    page = parse_html(states_site / "campaigns/live-lamp/updates/first-prototype/index.html")
    assert page.find("h1").text == "First prototype"
    assert page.select_one(".breadcrumb a")["href"] == "../../index.html"
    assert page.select_one(".prose a")["href"] == "../../hero.svg"
    assert page.find("time")["datetime"] == "2026-11-10T00:00:00+01:00"


def test_sitemap_robots_and_404(states_site):
    root = ElementTree.parse(states_site / "sitemap.xml").getroot()
    locations = [
        element.text for element in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert locations[0] == BASE_URL and BASE_URL + "campaigns/live-lamp/" in locations
    # the home page's 3, 4 campaign pages and an update, and the discovery pages: the
    # orderings (1 + 2 + 2 pages), the overviews of categories and tags, and the search
    assert len(locations) == 17 and all(location.startswith(BASE_URL) for location in locations)
    assert (
        states_site / "robots.txt"
    ).read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE_URL}sitemap.xml\n"
    not_found = parse_html(states_site / "404.html")
    assert not_found.find("link", rel="stylesheet")["href"] == "/repo/static/style.css"
    assert not_found.find("a", string="See all campaigns")["href"] == "/repo/"


def test_canonical_urls_are_clean_and_absolute(states_site):
    page = parse_html(states_site / "campaigns/live-lamp/index.html")
    assert page.find("link", rel="canonical")["href"] == BASE_URL + "campaigns/live-lamp/"
    assert page.find("html")["lang"] == "en"


def test_links_resolve_from_disk_and_under_a_project_path(states_site):
    assert broken_links_from_disk(states_site) == []
    assert broken_links_on_host(states_site, BASE_URL) == []


def test_link_checker_finds_a_broken_link(tmp_path):
    (tmp_path / "index.html").write_text(
        '<a href="missing/index.html">x</a><img src="a.svg" alt=""><a href="#nope">y</a>'
    )
    assert sorted(broken_links_from_disk(tmp_path)) == [
        "index.html: #nope (no such id)",
        "index.html: a.svg",
        "index.html: missing/index.html",
    ]


def test_same_input_same_output_byte_for_byte(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    build(FIXTURES / "states", first, FIXED_NOW)
    build(FIXTURES / "states", second, FIXED_NOW)
    assert files_of(first) == files_of(second)


def test_cname_is_written_when_configured(tmp_path):
    source = tmp_path / "site"
    source.mkdir()
    (source / "site.yaml").write_text(
        "title: T\nbase_url: https://fund.example.org/\ncname: fund.example.org\n"
    )
    build(source, tmp_path / "out", FIXED_NOW)
    assert (tmp_path / "out" / "CNAME").read_text() == "fund.example.org\n"
    assert parse_html(tmp_path / "out" / "index.html").find(
        "p", string="There are no campaigns yet."
    )


def test_progress_badge_is_an_accessible_svg(states_site):
    root = ElementTree.parse(states_site / "campaigns/live-lamp/badge.svg").getroot()
    svg = "{http://www.w3.org/2000/svg}"
    assert (root.get("role"), root.get("aria-label")) == ("img", "pledged: 25% of €10,000")
    assert [text.text for text in root.iter(f"{svg}text")] == ["pledged", "25% of €10,000"]
    widths = [int(rect.get("width")) for rect in root.iter(f"{svg}rect")]
    assert int(root.get("width")) == sum(widths)


def test_embeddable_card_opens_links_in_the_embedding_page(states_site):
    card = parse_html(states_site / "campaigns/live-lamp/card/index.html")
    assert card.find("base")["target"] == "_top"
    assert card.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert card.select_one(".card__title a")["href"] == BASE_URL + "campaigns/live-lamp/"
    assert (
        card.find("a", string="Back this campaign")["href"]
        == BASE_URL + "campaigns/live-lamp/#rewards"
    )
    assert (
        " ".join(card.select_one(".card__figures").text.split())
        == "€2,500.50 of €10,000 · 25% funded"
    )


def test_campaign_page_offers_embed_and_badge_snippets(states_site):
    page = parse_html(states_site / "campaigns/live-lamp/index.html")
    iframe = parse_html_fragment(page.find("textarea", id="embed-card").text).find("iframe")
    assert (iframe["src"], iframe["width"], iframe["height"]) == (
        BASE_URL + "campaigns/live-lamp/card/",
        "220",
        "420",
    )
    assert page.find("textarea", id="embed-badge").text == (
        f"[![Pledged]({BASE_URL}campaigns/live-lamp/badge.svg)]({BASE_URL}campaigns/live-lamp/)"
    )
    sitemap = (states_site / "sitemap.xml").read_text()
    assert "card/" not in sitemap and "badge.svg" not in sitemap


def parse_html_fragment(text):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html5lib")
