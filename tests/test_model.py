"""Model rules: money, currencies, slugs, links, dates, and the state derived from them."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pledgekit.model.campaign import CampaignFile, Tier
from pledgekit.model.state import (
    CampaignState,
    StretchGoalStatus,
    TierAvailability,
    campaign_state,
    remaining,
    stretch_goal_statuses,
    tier_availability,
)
from pledgekit.model.types import (
    check_asset_path,
    check_slug,
    check_web_url,
    parse_amount,
    parse_currency,
    parse_month,
)

START = datetime.fromisoformat("2026-11-01T09:00:00+01:00")
END = datetime.fromisoformat("2026-12-01T09:00:00+01:00")


def campaign(funding="all_or_nothing", goal=1000):
    return CampaignFile.model_validate(
        {
            "title": "T",
            "tagline": "t",
            "image": {"src": "a.svg", "alt": "a"},
            "creator": {"name": "C"},
            "goal": goal,
            "start": START,
            "end": END,
            "funding": funding,
        }
    )


@pytest.mark.parametrize("value", ["ten", "", None, True, 0, -5, "1e400000", "NaN", 2.5])
def test_amounts_refuse_words_floats_and_non_positive_values(value):
    with pytest.raises(
        ValueError, match=r"^must be a positive amount( such as 12500 or 12500\.50, got | up to )"
    ):
        parse_amount(value)


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e12"), places=2))
def test_amounts_round_trip_exactly(amount):
    assert parse_amount(str(amount)) == amount
    assert parse_amount(amount) == amount


def test_amounts_in_exponent_form_are_written_plainly():
    assert str(parse_amount("1e3")) == "1000"
    with pytest.raises(
        ValueError, match=r"^must be a positive amount up to 1,000,000,000,000, got '1e13'"
    ):
        parse_amount("1e13")


def test_currency_codes_are_iso_4217():
    assert parse_currency("eur") == "EUR"
    with pytest.raises(ValueError, match="unknown currency 'EUX'"):
        parse_currency("EUX")


@pytest.mark.parametrize("slug", ["lamp", "tenon-lamp", "a1", "x"])
def test_valid_slugs(slug):
    assert check_slug(slug) == slug


@pytest.mark.parametrize("slug", ["Lamp", "../etc", "a--b-", "-a", "a_b", "a/b", "", "é"])
def test_unsafe_slugs_are_refused(slug):
    with pytest.raises(ValueError, match="must be a slug"):
        check_slug(slug)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "JavaScript:x"]
)
def test_script_links_are_refused(url):
    with pytest.raises(ValueError, match="scheme are not allowed"):
        check_web_url(url)


@pytest.mark.parametrize(
    "path", ["../secret.svg", "/etc/passwd", "a/../../b.png", "a b.png", "./x.svg"]
)
def test_asset_paths_cannot_escape_the_campaign_folder(path):
    with pytest.raises(ValueError):
        check_asset_path(path)


def test_months_are_written_year_dash_month():
    assert parse_month("2027-03").isoformat() == "2027-03-01"
    with pytest.raises(
        ValueError, match="must be a month written YYYY-MM, such as 2027-03, got '2027-13'"
    ):
        parse_month("2027-13")


def test_dates_without_offset_use_the_site_timezone():
    data = CampaignFile.model_validate(
        {
            "title": "T",
            "tagline": "t",
            "image": {"src": "a.svg", "alt": "a"},
            "creator": {"name": "C"},
            "goal": 1,
            "start": "2026-11-01T09:00:00",
            "end": "2026-12-01",
        },
        context={"timezone": "Europe/Paris"},
    )
    assert data.start.isoformat() == "2026-11-01T09:00:00+01:00"
    assert data.end.isoformat() == "2026-12-01T00:00:00+01:00"


def test_end_before_start_and_claimed_over_limit_are_reported_together():
    with pytest.raises(ValidationError) as caught:
        CampaignFile.model_validate(
            {
                "title": "T",
                "tagline": "t",
                "image": {"src": "a.svg", "alt": "a"},
                "creator": {"name": "C"},
                "goal": "x",
                "start": END,
                "end": START,
                "tiers": [{"id": "a", "title": "A", "amount": 5, "limit": 1, "claimed": 2}],
            }
        )
    locations = {error["loc"] for error in caught.value.errors()}
    assert locations == {("goal",), ("end",), ("tiers", 0, "claimed")}


@pytest.mark.parametrize(
    ("funding", "raised", "now", "expected"),
    [
        ("all_or_nothing", 0, START - timedelta(seconds=1), CampaignState.UPCOMING),
        ("all_or_nothing", 0, START, CampaignState.LIVE),
        ("all_or_nothing", 999, END - timedelta(seconds=1), CampaignState.LIVE),
        ("all_or_nothing", 1000, START, CampaignState.FUNDED),
        ("all_or_nothing", 1000, END, CampaignState.SUCCESSFUL),
        ("all_or_nothing", Decimal("999.99"), END, CampaignState.UNSUCCESSFUL),
        ("flexible", Decimal("999.99"), END, CampaignState.ENDED),
        ("flexible", 5000, END, CampaignState.SUCCESSFUL),
    ],
)
def test_campaign_state_is_derived_from_dates_and_totals(funding, raised, now, expected):
    assert campaign_state(campaign(funding), Decimal(raised), now) is expected


def tier(**fields):
    return Tier.model_validate({"id": "t", "title": "T", "amount": 10, **fields})


def test_tier_availability_gives_the_first_reason():
    live, now = CampaignState.LIVE, START + timedelta(days=3)

    def availability(tier_, claimed=0, state=live):
        return tier_availability(tier_, state, now, claimed)

    assert availability(tier()) is TierAvailability.AVAILABLE
    assert availability(tier(limit=5), claimed=5) is TierAvailability.SOLD_OUT
    assert availability(tier(limit=5), claimed=4) is TierAvailability.AVAILABLE
    assert (
        availability(tier(available_from=now + timedelta(hours=1))) is TierAvailability.NOT_YET_OPEN
    )
    assert availability(tier(available_until=now)) is TierAvailability.CLOSED
    assert availability(tier(), state=CampaignState.UPCOMING) is TierAvailability.CAMPAIGN_UPCOMING
    assert availability(tier(), state=CampaignState.SUCCESSFUL) is TierAvailability.CAMPAIGN_ENDED
    assert availability(tier(), state=CampaignState.FUNDED) is TierAvailability.AVAILABLE
    assert remaining(tier(limit=5), 2) == 3 and remaining(tier(), 2) is None
    assert remaining(tier(limit=5), 9) == 0


def test_stretch_goals_reached_next_locked():
    statuses = stretch_goal_statuses([Decimal(100), Decimal(200), Decimal(300)], Decimal(150))
    assert statuses == [StretchGoalStatus.REACHED, StretchGoalStatus.NEXT, StretchGoalStatus.LOCKED]
    assert stretch_goal_statuses([Decimal(100)], Decimal(100)) == [StretchGoalStatus.REACHED]
