"""Relief appeals: a sponsor's match of the gifts (campaign.yaml `matching`) and the registered
organisation behind an appeal (`organisation`): what the page says, how much of the match is
used, when it runs, how the build keeps up with it, and the mistakes `check` catches."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st
from support import FIXED_NOW, parse_html

from pledgekit.build import build
from pledgekit.ledger.rows import Kind, LedgerRow, Status
from pledgekit.ledger.totals import raised_between
from pledgekit.model.campaign import Campaign, CampaignFile
from pledgekit.model.schemas import json_schema
from pledgekit.model.state import MatchingStatus
from pledgekit.plan.campaign import campaign_view
from pledgekit.plan.window import stable_window
from pledgekit.problems import ContentErrors
from pledgekit.totals import matched_amount

SHELTER = "campaigns/winter-shelter-lille/index.html"
SITE = "title: T\nbase_url: https://example.org/fund/\ncurrency: EUR\ntimezone: Europe/Paris\n"
CAMPAIGN = """\
title: Winter beds
tagline: Twelve more beds
image: {src: hero.svg, alt: A shelter}
creator: {name: Friends of the shelter}
goal: 20000
start: 2026-11-01T09:00:00+01:00
end: 2026-12-31T23:59:00+01:00
funding: flexible
totals: {raised: 2500, backers: 40, updated: 2026-11-25T18:00:00+01:00}
open_pledge:
  pledge: [{processor: paypal_me, name: shelter}]
"""
MATCHING = """\
matching:
  sponsor: Fondation Beffroi
  cap: 10000
  until: 2026-12-05T00:00:00+01:00
"""
ORGANISATION = """\
organisation:
  legal_name: Association Maison Grenat
  registration: RNA W595012345
  country: fr
  website: https://maisongrenat.example/
  tax_deductibility:
    FR: 66 % of your gift comes off your income tax.
    BE: 45 % of gifts of €40 or more comes off your income tax.
"""
LEDGER_HEADER = (
    "processor,transaction_id,date,kind,gross,currency,refunded,status,refers_to,tier,backer,"
    "backer_ref\n"
)


def text(element: Tag | None) -> str:
    """The element's text with runs of spaces and line breaks as one space (no-break spaces,
    which French puts in amounts, are kept)."""
    assert element is not None
    return re.sub(r"[ \t\n]+", " ", element.get_text()).strip()


def write_site(
    root: Path, campaign: str, ledger: str | None = None, site_extra: str = "", theme: str = ""
) -> Path:
    folder = root / "site" / "campaigns" / "beds"
    folder.mkdir(parents=True)
    settings_text = SITE + site_extra + (f"theme: {theme}\n" if theme else "")
    (root / "site" / "site.yaml").write_text(settings_text, encoding="utf-8")
    (folder / "campaign.yaml").write_text(campaign, encoding="utf-8")
    (folder / "story.md").write_text("## Why\n\nBecause.\n", encoding="utf-8")
    (folder / "hero.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 9"/>')
    if ledger is not None:
        (folder / "ledger.csv").write_text(LEDGER_HEADER + ledger, encoding="utf-8")
    return root / "site"


def page_at(tmp_path: Path, campaign: str, now: datetime, **options) -> BeautifulSoup:
    source = write_site(tmp_path, campaign, **options)
    result = build(source, tmp_path / "out", now, strict=True, jobs=1)
    assert result.warnings == []
    return parse_html(tmp_path / "out" / "campaigns" / "beds" / "index.html")


def messages(source: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW)
    return [
        f"{problem.line}:{problem.field}: {problem.message}" for problem in caught.value.problems
    ]


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def campaign_of(yaml_data: dict) -> Campaign:
    """A campaign from campaign.yaml's fields, validated as the build would (no files)."""
    data = CampaignFile.model_validate(yaml_data, context={"timezone": "Europe/Paris"})
    return Campaign(slug="beds", source=data, currency="EUR")


BASE = {
    "title": "Winter beds",
    "tagline": "Twelve more beds",
    "image": {"src": "hero.svg", "alt": "A shelter"},
    "creator": {"name": "Friends"},
    "goal": 20000,
    "start": "2026-11-01T09:00:00+01:00",
    "end": "2026-12-31T23:59:00+01:00",
    "funding": "flexible",
}


def with_match(raised: int | str = 2500, **matching) -> Campaign:
    return campaign_of(
        BASE
        | {"totals": {"raised": raised, "backers": 3, "updated": "2026-11-25T18:00:00+01:00"}}
        | {"matching": {"sponsor": "Fondation Beffroi", "cap": 10000, **matching}}
    )


# The bundled example: the winter shelter appeal, doubled by Fondation Beffroi from 16 November
# until Friday 4 December, up to €10,000; the gifts come from its ledger.csv.


def test_the_appeal_shows_the_match_above_the_gifts(appeal_site):
    page = parse_html(appeal_site / SHELTER)
    give = page.select_one("main section#give")
    banner = give.select_one(".matching-banner")
    # Right under the section's heading, before the gift amounts.
    assert banner.find_previous_sibling() is give.h2
    assert banner.find_next_sibling()["id"] == "open-pledge"
    assert text(banner.select_one(".matching-banner__offer")) == (
        "Every gift is doubled by Fondation Beffroi, up to €10,000, until Friday, December 4, 2026, "
        "11:59\u202fPM (Central European Time)."
    )
    # `until` is 5 December at midnight: the last minute matched is 23:59 on the 4th, and the
    # <time> keeps the exact instant.
    assert banner.time["datetime"] == "2026-12-05T00:00:00+01:00"
    assert text(banner.select_one(".matching-banner__left")) == (
        "€5,737.40 of the €10,000 match is still available."
    )
    assert len(page.select(".matching-banner")) == 1


def test_the_figures_show_the_match_apart_from_the_gifts(appeal_site, example_site):
    """The ledger's gifts dated from 16 November (€4,262.60) are matched one for one; the
    raised figure and the percent stay the gifts alone (€19,878.60, 33% of €60,000)."""
    for site, word in ((appeal_site, "Given"), (example_site, "Pledged")):  # the appeal's words
        stats = parse_html(site / SHELTER).select_one(".stats")
        raised = text(stats.select_one(".stats__item--raised"))
        # A €100 eCheck still clearing is said apart and matched by nothing yet.
        assert raised == f"{word} €19,878.60 of €60,000 goal €100 pending, counted once paid"
        matched = stats.select_one(".stats__item--matched")
        assert text(matched.dt) == "Matched by Fondation Beffroi"
        assert text(matched.dd) == (
            "€4,262.60 of the €10,000 match used With the match: €24,141.20 in all"
        )
        assert text(matched.dd.strong) == "€4,262.60"
        assert text(stats.select_one("[data-live=percent]")) == "33%"
        assert stats.select_one(".progress")["aria-valuenow"] == "33"


def test_the_default_theme_shows_the_match_with_the_figures(example_site):
    stats = parse_html(example_site / SHELTER).select_one("section.campaign__stats")
    banner = stats.select_one(".matching-banner")
    assert banner.find_next_sibling()["class"] == ["stats"]
    assert text(banner) == (
        "Every gift is doubled by Fondation Beffroi, up to €10,000, until Friday, December 4, "
        "2026, 11:59\u202fPM (Central European Time). €5,737.40 of the €10,000 match is still "
        "available."
    )


def test_the_organisation_is_shown_with_the_people(appeal_site, example_site):
    appeal, default = parse_html(appeal_site / SHELTER), parse_html(example_site / SHELTER)
    for page, section in ((appeal, "people"), (default, "creator")):
        block = page.select_one(f"main section#{section} > .organisation")
        assert text(block.select_one(".organisation__role")) == "Registered organisation"
        assert text(block.h3) == "Association Maison Grenat"
        facts = [(text(div.dt), text(div.dd)) for div in block.select(".organisation__facts div")]
        assert facts == [
            ("Registration", "RNA W595012345"),
            ("Registered in", "France"),
            ("Website", "maisongrenat.example"),
        ]
        link = block.select_one(".organisation__facts a")
        assert (link["href"], link["rel"]) == (
            "https://maisongrenat.example/",
            ["external", "noopener", "noreferrer"],
        )
        assert text(block.h4) == "Tax relief on your gift"
        [(country, statement)] = [
            (text(div.dt), text(div.dd)) for div in block.select(".organisation__tax div")
        ]
        assert country == "France"
        assert statement.startswith("75 % of your gift comes off your income tax up to")
        assert "and 66 % above it" in statement
    people = appeal.select_one("main section#people")
    assert people.select(".appeal-person, .organisation")[-1]["class"] == ["organisation"]


def test_the_two_example_campaigns_agree():
    """content/ and examples/relief-appeal/ hold the same appeal (only a comment differs)."""
    root = Path(__file__).resolve().parent.parent
    ours = root / "examples/relief-appeal/campaigns/winter-shelter-lille/campaign.yaml"
    bundled = root / "content/campaigns/winter-shelter-lille/campaign.yaml"

    def without_comments(path: Path) -> str:
        return re.sub(r"(?m)^#.*\n", "", path.read_text(encoding="utf-8"))

    assert without_comments(ours) == without_comments(bundled)


# When the match runs


def test_a_doubled_gift_on_a_small_site(tmp_path):
    page = page_at(tmp_path, CAMPAIGN + MATCHING, FIXED_NOW)
    assert text(page.select_one(".matching-banner")) == (
        "Every gift is doubled by Fondation Beffroi, up to €10,000, until Friday, December 4, "
        "2026, 11:59\u202fPM (Central European Time). €7,500 of the €10,000 match is still "
        "available."
    )
    assert text(page.select_one(".stats__item--matched dd")) == (
        "€2,500 of the €10,000 match used With the match: €5,000 in all"
    )


@pytest.mark.parametrize(
    ("ratio", "offer", "used", "combined"),
    [
        (
            "2",
            "Every gift is tripled by Fondation Beffroi, up to €10,000, until Friday, December 4, "
            "2026, 11:59\u202fPM (Central European Time).",
            "€5,000",
            "€7,500",
        ),
        (
            "0.5",
            "Every gift is matched at 50% by Fondation Beffroi, up to €10,000, until Friday, "
            "December 4, 2026, 11:59\u202fPM (Central European Time).",
            "€1,250",
            "€3,750",
        ),
        (
            "3",
            "Every gift is matched at 300% by Fondation Beffroi, up to €10,000, until Friday, "
            "December 4, 2026, 11:59\u202fPM (Central European Time).",
            "€7,500",
            "€10,000",
        ),
    ],
)
def test_other_ratios_say_what_the_sponsor_adds(tmp_path, ratio, offer, used, combined):
    campaign = CAMPAIGN + MATCHING + f"  ratio: {ratio}\n"
    page = page_at(tmp_path, campaign, FIXED_NOW)
    assert text(page.select_one(".matching-banner__offer")) == offer
    assert text(page.select_one(".stats__item--matched dd")) == (
        f"{used} of the €10,000 match used With the match: {combined} in all"
    )


@pytest.mark.parametrize(
    ("now", "status"),
    [
        ("2026-10-31T12:00:00+01:00", MatchingStatus.NOT_STARTED),  # the campaign is upcoming
        ("2026-11-01T09:00:00+01:00", MatchingStatus.ACTIVE),
        ("2026-12-04T23:59:59.999999+01:00", MatchingStatus.ACTIVE),
        ("2026-12-05T00:00:00+01:00", MatchingStatus.ENDED),  # `until` is not matched
        ("2027-01-15T12:00:00+01:00", MatchingStatus.ENDED),
    ],
)
def test_the_match_runs_until_until(now, status):
    view = campaign_view(with_match(until="2026-12-05T00:00:00+01:00"), {}, [], moment(now))
    assert view.matching is not None
    assert view.matching.status is status
    assert view.matching.active is (status is MatchingStatus.ACTIVE)
    assert view.matching.ends == moment("2026-12-05T00:00:00+01:00")
    assert (view.matching.used, view.matching.left) == (Decimal(2500), Decimal(7500))


def test_the_match_starts_at_from_and_ends_with_the_campaign():
    campaign = with_match(**{"from": "2026-11-20T00:00:00+01:00", "used": 0})
    before = campaign_view(campaign, {}, [], moment("2026-11-19T23:59:00+01:00")).matching
    during = campaign_view(campaign, {}, [], moment("2026-11-20T00:00:00+01:00")).matching
    after = campaign_view(campaign, {}, [], moment("2026-12-31T23:59:00+01:00")).matching
    assert (before.status, during.status, after.status) == (
        MatchingStatus.NOT_STARTED,
        MatchingStatus.ACTIVE,
        MatchingStatus.ENDED,
    )
    # Without `until`, the match runs as long as the campaign.
    assert during.starts == moment("2026-11-20T00:00:00+01:00")
    assert during.ends == moment("2026-12-31T23:59:00+01:00")


@pytest.mark.parametrize(
    ("raised", "status", "used", "left"),
    [
        ("9999.99", MatchingStatus.ACTIVE, "9999.99", "0.01"),
        ("10000", MatchingStatus.USED_UP, "10000", "0"),
        ("25000", MatchingStatus.USED_UP, "10000", "0"),
    ],
)
def test_a_match_used_up_is_no_longer_active(raised, status, used, left):
    view = campaign_view(with_match(raised), {}, [], FIXED_NOW)
    assert view.matching.status is status
    assert (view.matching.used, view.matching.left) == (Decimal(used), Decimal(left))
    assert view.matching.combined == Decimal(raised) + Decimal(used)
    # The gifts alone decide the percent: the match is not counted as raised.
    assert view.totals.raised == Decimal(raised)


def test_no_banner_once_the_match_is_used_up_or_over(tmp_path):
    used_up = CAMPAIGN.replace("raised: 2500", "raised: 12000") + MATCHING
    page = page_at(tmp_path / "used-up", used_up, FIXED_NOW)
    assert page.select(".matching-banner") == []
    assert text(page.select_one(".stats__item--matched dd")) == (
        "€10,000 of the €10,000 match used With the match: €22,000 in all"
    )
    page = page_at(tmp_path / "over", CAMPAIGN + MATCHING, moment("2026-12-05T00:00:00+01:00"))
    assert page.select(".matching-banner") == []
    assert text(page.select_one(".stats__item--matched dd")).startswith(
        "€2,500 of the €10,000 match used"
    )


def test_the_stable_window_stops_when_the_match_does():
    """A page built while the match runs is built again when it ends, and only then."""
    campaign = with_match(until="2026-12-04T18:00:00+01:00")
    until = moment("2026-12-04T18:00:00+01:00")
    # At 17:00 the page says "27 days to go" until 23:59: the match ends first.
    view = campaign_view(campaign, {}, [], moment("2026-12-04T17:00:00+01:00"))
    assert view.matching.active
    assert view.stable[1] == until
    after = campaign_view(campaign, {}, [], until)
    assert not after.matching.active
    assert after.stable[0] == until
    assert stable_window(campaign.source, moment("2026-11-10T12:00:00+01:00")) == (
        moment("2026-11-01T09:00:00+01:00"),
        until,
    )
    starting = with_match(**{"from": "2026-11-20T00:00:00+01:00", "used": 0})
    assert stable_window(starting.source, moment("2026-11-10T12:00:00+01:00")) == (
        moment("2026-11-01T09:00:00+01:00"),
        moment("2026-11-20T00:00:00+01:00"),
    )


def test_a_later_build_takes_the_banner_down_like_a_cold_build(tmp_path):
    source = write_site(
        tmp_path, CAMPAIGN + MATCHING.replace("2026-12-05T00:00", "2026-12-04T18:00")
    )
    incremental, cold = tmp_path / "incremental", tmp_path / "cold"
    build(source, incremental, moment("2026-12-04T17:00:00+01:00"), jobs=1)
    assert parse_html(incremental / "campaigns/beds/index.html").select(".matching-banner")
    result = build(source, incremental, moment("2026-12-04T18:00:00+01:00"), jobs=1)
    assert result.rendered == 1
    build(source, cold, moment("2026-12-04T18:00:00+01:00"), jobs=1, fresh=True)
    page = (incremental / "campaigns/beds/index.html").read_bytes()
    assert page == (cold / "campaigns/beds/index.html").read_bytes()
    assert parse_html(incremental / "campaigns/beds/index.html").select(".matching-banner") == []


# How much of the match is used


def payment(when: str, amount: str, currency: str = "EUR", **fields) -> LedgerRow:
    return LedgerRow(
        "generic",
        f"T-{when}-{amount}",
        moment(when),
        Kind.PAYMENT,
        Decimal(amount),
        currency,
        **fields,
    )


def test_only_the_gifts_made_while_the_match_runs_are_matched():
    since, until = moment("2026-11-16T00:00:00+01:00"), moment("2026-12-05T00:00:00+01:00")
    refunded = payment("2026-11-20T10:00:00+01:00", "100.00")
    rows = [
        payment("2026-11-15T23:59:59+01:00", "1000.00"),  # before `from`
        payment("2026-11-16T00:00:00+01:00", "25.00"),  # at `from`: matched
        refunded,
        LedgerRow(  # a refund of 40 after the match ended still lowers what was matched
            "generic",
            "R-1",
            moment("2026-12-10T10:00:00+01:00"),
            Kind.REFUND,
            Decimal("-40.00"),
            "EUR",
            refers_to=refunded.transaction_id,
        ),
        payment("2026-11-21T10:00:00+01:00", "50.00", "USD"),  # at the rate below: 46.00
        payment("2026-11-21T11:00:00+01:00", "70.00", "GBP"),  # no rate: never counted
        payment("2026-11-22T10:00:00+01:00", "10.00", status=Status.PENDING),
        payment("2026-12-05T00:00:00+01:00", "500.00"),  # at `until`: not matched
    ]
    rates = {"USD": Decimal("0.92")}
    assert raised_between(rows, "EUR", rates, since, until) == Decimal("131.00")
    assert raised_between(rows, "EUR", rates, None, None) == Decimal("1631.00")
    campaign = campaign_of(
        BASE
        | {"exchange_rates": {"USD": {"rate": "0.92", "date": "2026-11-20"}}}
        | {
            "matching": {
                "sponsor": "Fondation Beffroi",
                "ratio": "0.5",
                "cap": 10000,
                "from": since.isoformat(),
                "until": until.isoformat(),
            }
        }
    )
    view = campaign_view(campaign, {}, rows, FIXED_NOW)
    assert view.totals.raised == Decimal("1631.00")
    assert view.matching.used == Decimal("65.50")  # half of 131.00
    assert view.matching.combined == Decimal("1696.50")


def test_a_used_amount_written_by_hand_wins():
    view = campaign_view(with_match(2500, used="1234.56"), {}, [], FIXED_NOW)
    assert (view.matching.used, view.matching.left) == (Decimal("1234.56"), Decimal("8765.44"))


@pytest.mark.parametrize(
    ("given", "ratio", "cap", "currency", "matched"),
    [
        ("25.01", "0.5", "10000", "EUR", "12.50"),  # 12.505 rounded down, never up
        ("100", "0.333", "10000", "EUR", "33.30"),
        ("1001", "0.5", "10000", "JPY", "500"),
        ("0.001", "1", "10", "KWD", "0.001"),
        ("6000", "2", "10000", "EUR", "10000"),
        ("0", "1", "10000", "EUR", "0.00"),
    ],
)
def test_matched_amounts_are_exact(given, ratio, cap, currency, matched):
    result = matched_amount(Decimal(given), Decimal(ratio), Decimal(cap), currency)
    assert result == Decimal(matched)
    assert str(result) == matched


@settings(max_examples=300, deadline=None)
@given(
    given_=st.decimals(min_value=0, max_value=10**9, places=2),
    ratio=st.decimals(min_value=Decimal("0.001"), max_value=100, places=3),
    cap=st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2),
    more=st.decimals(min_value=0, max_value=10**6, places=2),
)
def test_the_match_is_never_above_the_cap_and_exact_to_the_cent(given_, ratio, cap, more):
    matched = matched_amount(given_, ratio, cap, "EUR")
    assert Decimal(0) <= matched <= cap
    assert matched.as_tuple().exponent >= -2 or matched == cap
    exact = given_ * ratio  # at most 14 + 6 digits: exact in Decimal's 28
    if exact >= cap:
        assert matched == cap
    else:
        # Rounded down to the cent: less than a cent below the exact product, never above it.
        assert matched <= exact < matched + Decimal("0.01")
    # More gifts never lower what is matched.
    assert matched_amount(given_ + more, ratio, cap, "EUR") >= matched


# Mistakes `check` catches, at their line


def test_match_mistakes_are_reported_at_their_line(tmp_path):
    campaign = CAMPAIGN + (
        "matching:\n"  # line 12
        "  sponsor: ''\n"
        "  ratio: 0\n"
        "  cap: 10000.125\n"
        "  from: 2026-12-02T00:00:00+01:00\n"
        "  until: 2026-12-01T00:00:00+01:00\n"
        "  used: 20000\n"
    )
    assert messages(write_site(tmp_path, campaign)) == [
        "13:matching.sponsor: must not be empty",
        "14:matching.ratio: must be more than 0, got '0'",
        "15:matching.cap: EUR amounts have at most 2 decimal places, got 10000.125",
        "17:matching.until: must be after from (2026-12-02T00:00:00+01:00)",
        "18:matching.used: used (20000) is more than the cap (10000.125)",
    ]


def test_a_match_must_run_while_the_campaign_does(tmp_path):
    campaign = CAMPAIGN + (
        "matching:\n"
        "  sponsor: Fondation Beffroi\n"
        "  cap: 10000\n"
        "  from: 2027-01-01T00:00:00+01:00\n"  # line 15
        "  until: 2026-10-01T00:00:00+01:00\n"
        "  used: 0\n"
    )
    assert messages(write_site(tmp_path / "crossed", campaign)) == [
        "16:matching.until: must be after from (2027-01-01T00:00:00+01:00)"
    ]
    campaign = campaign.replace("2027-01-01T00:00", "2026-09-01T00:00")
    assert messages(write_site(tmp_path / "before", campaign)) == [
        "16:matching.until: must be after the campaign's start (2026-11-01T09:00:00+01:00)"
    ]
    campaign = campaign.replace("2026-09-01T00:00", "2027-01-01T00:00").replace(
        "2026-10-01T00:00", "2027-01-10T00:00"
    )
    assert messages(write_site(tmp_path / "after", campaign)) == [
        "15:matching.from: must be before the campaign's end (2026-12-31T23:59:00+01:00)"
    ]


def test_hand_totals_cannot_say_what_a_match_with_dates_used(tmp_path):
    """Totals written by hand have no dates: the build asks for `used` rather than guess."""
    since = CAMPAIGN + MATCHING + "  from: 2026-11-16T00:00:00+01:00\n"  # line 16
    assert messages(write_site(tmp_path / "from", since)) == [
        "16:matching.from: without a ledger.csv, pledgekit cannot tell which gifts came after "
        "this moment: give `used`, how much of the match is used (or leave `from` out)"
    ]
    counted_later = CAMPAIGN.replace("2026-11-25T18:00", "2026-12-06T09:00") + MATCHING
    assert messages(write_site(tmp_path / "later", counted_later)) == [
        "15:matching.until: the totals were counted after the match ended, so they hold gifts "
        "it does not match: give `used`, how much of the match was used"
    ]
    # With `used`, with a ledger that dates each gift, or before anything is raised (the
    # first `pledgekit ledger import` validates the campaign before it has a ledger), all is
    # well.
    nothing_yet = since.replace(
        "totals: {raised: 2500, backers: 40, updated: 2026-11-25T18:00:00+01:00}\n", ""
    )
    for name, campaign, ledger, used in (
        ("used", since + "  used: 1200\n", None, "1,200"),
        ("ledger", since, "generic,VIR-1,2026-11-20T10:00:00Z,payment,80,EUR,0,paid,,,,\n", "80"),
        ("nothing yet", nothing_yet, None, "0"),
    ):
        source = write_site(tmp_path / name, campaign, ledger)
        result = build(source, tmp_path / name / "out", FIXED_NOW, strict=True, jobs=1)
        assert result.warnings == []
        page = parse_html(tmp_path / name / "out" / "campaigns" / "beds" / "index.html")
        assert text(page.select_one(".stats__item--matched dd strong")) == f"€{used}"


def test_organisation_mistakes_are_reported_at_their_line(tmp_path):
    campaign = CAMPAIGN + (
        "organisation:\n"  # line 12
        "  legal_name: Asso\n"
        "  country: XX\n"
        "  website: javascript:alert(1)\n"
        "  tax_deductibility:\n"
        "    FR: ok\n"
        "    UK: Gift Aid adds 25p to every pound.\n"  # GB is the United Kingdom
        "    be: ''\n"
    )
    assert messages(write_site(tmp_path, campaign)) == [
        "14:organisation.country: unknown country code 'XX': expected an ISO 3166 code like FR or BE",
        "15:organisation.website: links with the javascript: scheme are not allowed, "
        "got 'javascript:alert(1)'",
        "18:organisation.tax_deductibility.UK: unknown country code 'UK': expected an ISO 3166 "
        "code like FR or BE",
        "19:organisation.tax_deductibility.be: must not be empty",
    ]


def test_a_misspelt_key_is_an_error_with_a_suggestion(tmp_path):
    campaign = CAMPAIGN + MATCHING + "  form: 2026-11-16T00:00:00+01:00\n"
    assert messages(write_site(tmp_path, campaign)) == [
        "16:matching.form: unknown key 'form' (did you mean 'from'?)"
    ]


def test_the_schema_names_from_as_written():
    definitions = json_schema("campaign")["$defs"]
    assert list(definitions["Matching"]["properties"]) == [
        "sponsor",
        "ratio",
        "cap",
        "from",
        "until",
        "used",
    ]
    assert definitions["Matching"]["additionalProperties"] is False
    assert definitions["Organisation"]["properties"]["country"]["anyOf"][0]["pattern"] == (
        "^[A-Za-z]{2}$"
    )


# Country names in the page's language


@pytest.mark.parametrize(
    ("language", "countries", "registered_in"),
    [
        ("en", ["France", "Belgium"], "France"),
        ("fr", ["France", "Belgique"], "France"),
        ("de", ["Frankreich", "Belgien"], "Frankreich"),
        ("ar", ["فرنسا", "بلجيكا"], "فرنسا"),
    ],
)
def test_countries_are_named_in_the_page_language(tmp_path, language, countries, registered_in):
    page = page_at(
        tmp_path, CAMPAIGN + ORGANISATION, FIXED_NOW, site_extra=f"language: {language}\n"
    )
    block = page.select_one(".organisation")
    assert [text(dt) for dt in block.select(".organisation__tax dt")] == countries
    assert [text(dd) for dd in block.select(".organisation__tax dd")] == [
        "66 % of your gift comes off your income tax.",
        "45 % of gifts of €40 or more comes off your income tax.",
    ]
    assert text(block.select(".organisation__facts dd")[1]) == registered_in


def test_the_banner_in_french_and_arabic(tmp_path):
    french = page_at(tmp_path / "fr", CAMPAIGN + MATCHING, FIXED_NOW, site_extra="language: fr\n")
    assert text(french.select_one(".matching-banner")) == (
        "Chaque don est doublé par Fondation Beffroi jusqu’au vendredi 4 décembre 2026, 23:59 "
        "(heure d’Europe centrale), dans la limite de 10\u202f000\u00a0€. Il reste "
        "7\u202f500\u00a0€ sur les 10\u202f000\u00a0€ de l’abondement."
    )
    arabic = page_at(tmp_path / "ar", CAMPAIGN + MATCHING, FIXED_NOW, site_extra="language: ar\n")
    offer = text(arabic.select_one(".matching-banner__offer"))
    assert offer.startswith(
        "يُضاعَف كل تبرع من قِبل Fondation Beffroi حتى الجمعة، 4 ديسمبر 2026، 11:59 م (توقيت وسط أوروبا)"
    )


def test_an_appeal_without_them_shows_neither(tmp_path):
    page = page_at(tmp_path, CAMPAIGN, FIXED_NOW, theme="appeal")
    assert page.select(".matching-banner, .stats__item--matched, .organisation") == []


def test_the_style_guide_shows_the_match_running(styleguide_site):
    page = parse_html(styleguide_site / "index.html")
    section = page.select_one("#sg-nonprofit")
    assert text(section.select_one(".matching-banner__offer")) == (
        "Every gift is doubled by The Sample Foundation, up to €5,000, until Friday, June 26, 2026, "
        "11:59\u202fPM (Central European Time)."
    )
    used = [
        text(item.select_one(".stats__item--matched dd strong"))
        for item in page.select("#sg-states .styleguide__item")
    ]
    assert used == ["€4,250", "€4,250", "€5,000", "€5,000", "€4,250", "€4,250"]
    assert text(section.select_one(".organisation h3")) == (
        "Atelier de quartier (association loi 1901)"
    )
