"""The bundled example site: builds cleanly, links resolve, and it shows the range of features."""

from __future__ import annotations

from linkcheck import broken_links_from_disk, broken_links_on_host
from support import EXAMPLE, FIXED_NOW, parse_html

from pledgekit.build import build

BASE_URL = "https://example.github.io/pledgekit/"


def test_example_builds_without_warnings(tmp_path):
    result = build(EXAMPLE, tmp_path / "out", FIXED_NOW, strict=True)
    assert result.warnings == []
    assert result.pages >= 10


def test_example_links_resolve_from_disk_and_under_its_project_path(example_site):
    assert broken_links_from_disk(example_site) == []
    assert broken_links_on_host(example_site, BASE_URL) == []


def test_example_shows_three_kinds_of_campaign(example_site):
    cards = parse_html(example_site / "index.html").select(".card")
    states = sorted(card.select_one(".badge").text for card in cards)
    assert len(cards) >= 3 and {"Successful"} <= set(states)
    lamp = parse_html(example_site / "campaigns/tenon-lamp/index.html")
    classes = {" ".join(article["class"]) for article in lamp.select("article.tier")}
    assert {
        "tier tier--sold_out",
        "tier tier--closed",
        "tier tier--not_yet_open",
        "tier tier--available",
        "tier tier--open",
    } <= classes
    assert len(lamp.select("article.tier")) >= 7
    assert {item["class"][1] for item in lamp.select(".stretch-goal")} == {
        "stretch-goal--reached",
        "stretch-goal--next",
        "stretch-goal--locked",
    }
    shelter = parse_html(example_site / "campaigns/winter-shelter-lille/index.html")
    assert shelter.select(".impact li") and shelter.select_one(".budget")
    assert any(
        " ".join(h.text.split()).endswith("(Beneficiary)") for h in shelter.select(".person h3")
    )


def test_example_offers_several_processors_and_a_transfer_qr_code(example_site):
    hosts = set()
    for page in (example_site / "campaigns").glob("*/index.html"):
        document = parse_html(page)
        hosts |= {a["href"].split("/")[2] for a in document.select(".pledge-links a")}
        hosts |= {"sepa-transfer" for _ in document.select(".transfer svg[role=img]")}
    # Four link processors (Stripe, Gumroad, PayPal, Liberapay) and the SEPA transfer's QR code;
    # the ended campaign's PayPal.me links are not shown.
    assert hosts == {
        "buy.stripe.com",
        "tenonworks.gumroad.com",
        "www.paypal.com",
        "liberapay.com",
        "sepa-transfer",
    }
