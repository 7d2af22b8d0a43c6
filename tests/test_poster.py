"""The printable poster: one per campaign and language, with the campaign's figures, a QR code
to its page and, for a SEPA transfer, the transfer's EPC QR code, both read back here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import segno
from bs4 import BeautifulSoup
from markupsafe import Markup
from support import parse_html

from pledgekit.payments.sepa import epc_payload
from pledgekit.render.qr import qr_code

BASE_URL = "https://example.github.io/pledgekit/"
SLUGS = ["tenon-lamp", "winter-shelter-lille", "harbour-lights"]
PREFIXES = ["", "fr/", "ar/"]  # the example site's languages: English, French, Arabic
# The open pledge's transfer: any amount, the campaign's slug as the reference.
SHELTER_TRANSFER = epc_payload(
    "Association Maison Grenat",
    "FR7630006000011234567890189",
    "AGRIFRPP",
    None,
    "winter-shelter-lille",
)


def dark_modules(svg) -> set[tuple[int, int]]:
    """The dark modules (row, column) of a QR code as segno draws it: one stroked path of
    horizontal runs, each at the middle of its row ('M4 4.5h7m2 0h1…'), in module units."""
    x = y = 0.0
    modules = set()
    d = svg.find("path", attrs={"stroke": True})["d"]
    for command, numbers in re.findall(r"([MmHh])([^MmHh]*)", d):
        values = [float(value) for value in re.findall(r"-?[\d.]+", numbers)]
        if command in "Mm":
            x, y = (values[0], values[1]) if command == "M" else (x + values[0], y + values[1])
        else:
            end = values[0] if command == "H" else x + values[0]
            modules |= {
                (int(y), column) for column in range(round(min(x, end)), round(max(x, end)))
            }
            x = end
    return modules


def encoded(text: str) -> set[tuple[int, int]]:
    """The dark modules of `text` as a QR code at level M with a 4-module quiet zone."""
    code = segno.make_qr(text, error="m", boost_error=False, encoding="utf-8")
    rows = code.matrix_iter(scale=1, border=4)
    return {(r, c) for r, row in enumerate(rows) for c, dark in enumerate(row) if dark}


def reads_as(svg, text: str) -> bool:
    return bool(svg) and dark_modules(svg) == encoded(text)


def poster(site: Path, prefix: str, slug: str):
    return parse_html(site / f"{prefix}campaigns/{slug}/poster/index.html")


def words(element) -> str:
    return " ".join(element.get_text().split())


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_campaign_has_a_poster_in_every_language(example_site, slug, prefix):
    page = poster(example_site, prefix, slug)
    campaign = parse_html(example_site / f"{prefix}campaigns/{slug}/index.html")
    assert page.html["lang"] == campaign.html["lang"] and page.html["dir"] == campaign.html["dir"]
    assert page.find("h1").get_text() == campaign.find("h1").get_text()
    assert page.select_one(".poster__tagline").get_text() == campaign.select_one(".lead").get_text()
    # The same figures as the campaign page, in the same words.
    raised = campaign.select_one(".stats__item--raised strong").get_text()
    assert page.select_one(".poster__figure--raised strong").get_text() == raised
    # (The page's payments still to clear are for the screen: a printed poster outlives them.)
    figure = campaign.select_one(".stats__item--raised dd")
    for pending in figure.select(".stats__pending"):
        pending.decompose()
    assert page.select_one(".poster__figure--raised .stats__pending") is None
    assert words(page.select_one(".poster__figure--raised dd")) == words(figure)
    hero = page.select_one("img.poster__image")
    assert hero["alt"] == campaign.select_one(".hero img")["alt"]
    assert (example_site / f"{prefix}campaigns/{slug}/poster" / hero["src"]).resolve().is_file()
    # The QR code and the address written out are this language's page.
    address = f"{BASE_URL}{prefix}campaigns/{slug}/"
    code = page.select_one("svg.poster__qr")
    assert code["role"] == "img" and code["aria-label"] == code.find("title").get_text()
    assert reads_as(code, address)
    assert page.select_one(".poster__address").get_text() == address
    assert page.select_one(".poster__address a")["href"] == address
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # No third-party requests: every stylesheet and image is the site's own.
    sources = [tag.get("src") or tag.get("href") for tag in page.select("img, link, script")]
    assert all(source and not source.startswith(("http:", "//")) for source in sources)


def test_the_english_poster_of_the_shelter(example_site):
    page = poster(example_site, "", "winter-shelter-lille")
    assert page.title.get_text() == "Poster: Keep twelve more beds open this winter · Made Nearby"
    assert page.select_one(".poster__site").get_text() == "Made Nearby"
    assert page.find("h1").get_text() == "Keep twelve more beds open this winter"
    assert words(page.select_one(".poster__figure--raised")) == (
        "Pledged €19,878.60 of €60,000 goal"
    )
    assert [words(item) for item in page.select(".poster__figure")[1:]] == [
        "Funded 33%",
        "Time Open until January 31, 2027",
    ]
    assert page.select_one(".poster__as-of").get_text() == "Figures as of November 25, 2026."
    assert words(page.select_one(".matching-banner__offer")) == (
        "Every gift is doubled by Fondation Beffroi, up to €10,000, until Friday, December 4, 2026, "
        "11:59 PM (Central European Time)."
    )
    assert page.select_one("#poster-online-title").get_text() == "Back this campaign"
    assert page.select_one(".poster__qr")["aria-label"] == "QR code to this campaign's page"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_shelter_poster_carries_the_open_pledges_transfer(example_site, prefix):
    page = poster(example_site, prefix, "winter-shelter-lille")
    codes = page.select("svg.poster__qr")
    assert len(codes) == 2
    transfer = codes[1]
    assert reads_as(transfer, SHELTER_TRANSFER)
    # The very code the campaign page shows for the open pledge's transfer (sepa.py's).
    campaign = parse_html(example_site / f"{prefix}campaigns/winter-shelter-lille/index.html")
    assert dark_modules(transfer) == dark_modules(campaign.select_one("#open-pledge .transfer svg"))
    assert [words(row.dd) for row in page.select(".poster__transfer div")] == [
        "Association Maison Grenat",
        "FR76 3000 6000 0112 3456 7890 189",
        "AGRIFRPP",
        "winter-shelter-lille",
    ]
    assert transfer["role"] == "img" and "Association Maison Grenat" in transfer["aria-label"]
    assert transfer.find("title").get_text() == transfer["aria-label"]


def test_the_french_and_arabic_posters_are_in_their_language(example_site):
    french = poster(example_site, "fr/", "winter-shelter-lille")
    assert (
        french.select_one(".poster__qr")["aria-label"] == "Code QR vers la page de cette campagne"
    )
    assert french.select("svg.poster__qr")[1]["aria-label"] == (
        "Code QR de virement à Association Maison Grenat"
    )
    assert french.select_one(".poster__as-of").get_text() == "Chiffres au 25 novembre 2026."
    arabic = poster(example_site, "ar/", "winter-shelter-lille")
    assert arabic.html["dir"] == "rtl"
    assert arabic.select_one("#poster-online-title").get_text() == "ادعم هذه الحملة"
    # Addresses, IBANs and references read left to right inside the right-to-left page.
    assert arabic.select_one(".poster__address a")["dir"] == "ltr"
    assert all(code["dir"] == "ltr" for code in arabic.select(".poster__transfer code"))


def test_without_a_transfer_or_after_the_end_there_is_one_code(example_site):
    lamp = poster(example_site, "", "tenon-lamp")
    assert len(lamp.select("svg.poster__qr")) == 1 and not lamp.select(".poster__transfer")
    ended = poster(example_site, "", "harbour-lights")
    assert ended.select_one("#poster-online-title").get_text() == "Visit the campaign page"
    assert "The campaign has ended; pledges are closed." in words(ended.select_one(".poster__way"))
    assert words(ended.select(".poster__figure")[2]) == "Time Ended on October 15, 2026"


def test_every_campaign_of_the_states_site_has_a_poster(states_site):
    """Upcoming, live, funded, unsuccessful and ended campaigns all render one."""
    upcoming = poster(states_site, "", "upcoming-garden")
    assert words(upcoming.select(".poster__figure")[2]).startswith("Time Opens on ")
    assert "Pledges open when the campaign starts on" in words(upcoming.select_one(".poster__way"))
    for slug in ("live-lamp", "funded-book", "failed-game", "relief-flex"):
        assert poster(states_site, "", slug).select_one("svg.poster__qr")


def test_the_campaign_page_links_to_its_poster_and_the_sitemap_leaves_it_out(example_site):
    for prefix in PREFIXES:
        campaign = example_site / f"{prefix}campaigns/tenon-lamp/index.html"
        link = parse_html(campaign).select_one(".campaign__poster a")
        assert (campaign.parent / link["href"]).resolve() == (
            campaign.parent / "poster/index.html"
        ).resolve()
    assert "poster" not in (example_site / "sitemap.xml").read_text()


def test_the_appeal_theme_draws_the_poster_in_its_own_words(appeal_site):
    page = poster(appeal_site, "", "winter-shelter-lille")
    assert page.select_one("#poster-online-title").get_text() == "Give now"
    assert page.select_one("#poster-transfer-title").get_text() == "Give by bank transfer"
    assert page.select_one(".poster__figure--raised dt").get_text() == "Given"
    assert page.select_one(".poster__qr")["aria-label"] == "QR code to this appeal's page"
    assert reads_as(
        page.select_one("svg.poster__qr"),
        "https://example.github.io/pledgekit-appeal/campaigns/winter-shelter-lille/",
    )
    assert reads_as(page.select("svg.poster__qr")[1], SHELTER_TRANSFER)
    campaign = parse_html(appeal_site / "campaigns/winter-shelter-lille/index.html")
    assert campaign.select_one(".campaign__poster a")["href"] == "poster/index.html"


def test_the_qr_code_filter_names_the_code_once_escaped():
    label = Markup("Transfer QR code for %(name)s") % {"name": 'A & B "C"'}
    svg = qr_code("https://example.org/", label, "poster__qr")
    assert isinstance(svg, Markup)
    assert svg.startswith('<svg role="img" aria-label="Transfer QR code for A &amp; B &#34;C&#34;"')
    assert '<title>Transfer QR code for A &amp; B "C"</title>' in svg
    assert 'class="poster__qr"' in svg and 'viewBox="0 0 132 132"' in svg
    assert reads_as(BeautifulSoup(svg, "html5lib").find("svg"), "https://example.org/")
