"""Numbers are bounded where they are written (issue 20, class 7): a count, an amount, a
percent, a ratio or a rate that no real campaign reaches is an error at its line and column,
with a short message; and every value that passes renders every page of a campaign (both
themes, the social card, totals.json) without an error, the largest ledger there can be
included. Before, `limit: 10^28` or `backers: 10^32` failed in a theme template with
InvalidOperation, and a 5,000-digit share with a ValueError."""

from __future__ import annotations

import functools
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import FIXED_NOW, HERO_SVG, campaign_yaml, site_yaml, tier_yaml, write_site

from pledgekit.build import build
from pledgekit.ledger.rows import Kind, LedgerRow
from pledgekit.model.campaign import Campaign, CampaignFile
from pledgekit.model.numbers import MAX_COUNT, MAX_DIGITS, digits_written, parse_count, quoted
from pledgekit.model.site import SiteConfig
from pledgekit.model.types import (
    MAX_AMOUNT,
    MAX_EXCHANGE_RATE,
    MAX_RATIO,
    MAX_SHARE,
    parse_amount,
    parse_exchange_rate,
    parse_share,
)
from pledgekit.parts.social_cards import social_card, theme_card_fonts
from pledgekit.plan.campaign import campaign_view
from pledgekit.plan.export import totals_data
from pledgekit.plan.outputs import campaign_pages
from pledgekit.problems import ContentErrors
from pledgekit.render.environment import make_environment
from pledgekit.render.pages import json_bytes, render_page
from pledgekit.render.social_card import draw_card
from pledgekit.render.themes import load_theme
from pledgekit.safe_read import MAX_FILE_BYTES

CAMPAIGN = "content/campaigns/lamp/campaign.yaml"
HUGE = 10**28  # the review's limit: and claimed:
FIVE_THOUSAND_ONES = "1" * 5000
FIVE_THOUSAND_ONES_SHOWN = "'111111111111111111111111…11111111' (5,000 characters)"
TINY = "0." + "0" * 5000 + "1"  # a positive amount, 5,001 digits after the point


def problems(tmp_path: Path, campaign: str, site: str | None = None, **files: str) -> list[str]:
    """Every problem of a small site with one campaign (lamp), as the CLI prints them."""
    lamp = {"campaign.yaml": campaign, "hero.svg": HERO_SVG, "story.md": "The story.\n", **files}
    source = write_site(tmp_path / "content", site=site or site_yaml(), campaigns={"lamp": lamp})
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW)
    return [str(problem) for problem in caught.value.problems]


def totals(raised: object = 5000, backers: object = 40) -> str:
    return f"{{raised: {raised}, backers: {backers}, updated: 2026-11-25T18:00:00+01:00}}"


def matching(ratio: object = 1, cap: object = 1000) -> str:
    return f"{{sponsor: A sponsor, ratio: {ratio}, cap: {cap}}}"


# -- Each number is bounded at its line -------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (  # the review's case
            {"tiers": tier_yaml(limit=HUGE, claimed=HUGE)},
            [
                f"16:12: tiers[0].limit: must be at most 1,000,000,000, got '{HUGE}'",
                f"17:14: tiers[0].claimed: must be at most 1,000,000,000, got '{HUGE}'",
            ],
        ),
        (
            {"tiers": tier_yaml(claimed=HUGE)},
            [f"16:14: tiers[0].claimed: must be at most 1,000,000,000, got '{HUGE}'"],
        ),
        (
            {"tiers": tier_yaml(limit=MAX_COUNT + 1)},
            ["16:12: tiers[0].limit: must be at most 1,000,000,000, got '1000000001'"],
        ),
        (
            {"tiers": tier_yaml(limit=FIVE_THOUSAND_ONES)},
            [
                f"16:12: tiers[0].limit: must be at most 1,000,000,000, got {FIVE_THOUSAND_ONES_SHOWN}"
            ],
        ),
        (
            {"tiers": tier_yaml(claimed=-1)},
            ["16:14: tiers[0].claimed: must be 0 or more, got '-1'"],
        ),
        (  # YAML reads 1e32 as text: a number all the same, and too large
            {"totals": totals(backers="1e32")},
            ["9:33: totals.backers: must be at most 1,000,000,000, got '1e32'"],
        ),
        (
            {"totals": totals(backers=10**32)},
            [f"9:33: totals.backers: must be at most 1,000,000,000, got '{10**32}'"],
        ),
        (
            {"totals": totals(backers="1.0e+32")},
            ["9:33: totals.backers: must be at most 1,000,000,000, got '1.0E+32'"],
        ),
        (
            {"totals": totals(backers="2.5")},
            ["9:33: totals.backers: must be a whole number such as 3, got '2.5'"],
        ),
        (
            {"tiers": tier_yaml(amount=FIVE_THOUSAND_ONES)},
            [
                "13:13: tiers[0].amount: must be a positive amount up to 1,000,000,000,000, "
                f"got {FIVE_THOUSAND_ONES_SHOWN}"
            ],
        ),
        (
            {"tiers": tier_yaml(amount=TINY)},
            [  # YAML reads it as a number, which Decimal writes shorter
                "13:13: tiers[0].amount: must be written with at most 30 digits, got '1E-5001' "
                "(5,001 digits written out)"
            ],
        ),
        (
            {"tiers": tier_yaml(amount="1e-5000")},
            [
                "13:13: tiers[0].amount: must be written with at most 30 digits, got '1e-5000' "
                "(5,000 digits written out)"
            ],
        ),
        (
            {"totals": totals(raised=FIVE_THOUSAND_ONES)},
            [
                "9:18: totals.raised: must be zero or a positive amount up to 1,000,000,000,000, "
                f"got {FIVE_THOUSAND_ONES_SHOWN}"
            ],
        ),
        (
            {"goal": "0.5"},
            ["5:7: goal: must be 1 or more, got '0.5'"],
        ),
        (
            {"budget": "- {label: Oak, share: 1e-5000}\n"},
            [
                "17:25: budget[0].share: must be written with at most 30 digits, got '1e-5000' "
                "(5,000 digits written out)"
            ],
        ),
        (
            {"stretch_goals": "- {amount: 10000000000000, title: A second lamp}\n"},
            [
                "17:14: stretch_goals[0].amount: must be a positive amount up to "
                "1,000,000,000,000, got '10000000000000'"
            ],
        ),
        (
            {"open_pledge": "{suggested: [25, 1e40], pledge: [{processor: paypal_me, name: i}]}"},
            [
                "16:31: open_pledge.suggested[1]: must be a positive amount up to "
                "1,000,000,000,000, got '1e40'"
            ],
        ),
        (
            {"matching": matching(ratio="1e30")},
            ["16:39: matching.ratio: must be at most 100, got '1e30'"],
        ),
        (
            {"matching": matching(ratio="1e-3000")},
            [
                "16:39: matching.ratio: must be written with at most 30 digits, got '1e-3000' "
                "(3,000 digits written out)"
            ],
        ),
        (
            {"matching": matching(cap=FIVE_THOUSAND_ONES)},
            [
                "16:47: matching.cap: must be a positive amount up to 1,000,000,000,000, "
                f"got {FIVE_THOUSAND_ONES_SHOWN}"
            ],
        ),
        (
            {"exchange_rates": "{USD: {rate: 10000000, date: 2026-11-20}}"},
            ["16:30: exchange_rates.USD.rate: must be at most 1,000,000, got '10000000'"],
        ),
        (
            {"exchange_rates": "{USD: {rate: 1e-3000, date: 2026-11-20}}"},
            [
                "16:30: exchange_rates.USD.rate: must be written with at most 30 digits, "
                "got '1e-3000' (3,000 digits written out)"
            ],
        ),
    ],
    ids=lambda value: str(value)[:40] if isinstance(value, dict) else None,
)
def test_a_number_out_of_bounds_is_an_error_at_its_line(tmp_path, fields, expected):
    assert problems(tmp_path, campaign_yaml(**fields)) == [f"{CAMPAIGN}:{e}" for e in expected]


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (FIVE_THOUSAND_ONES, f"must be at most 100, got {FIVE_THOUSAND_ONES_SHOWN}"),
        (150, "must be at most 100, got '150'"),
    ],
)
def test_a_share_over_100_is_an_error_at_its_line(tmp_path, share, expected):
    """One problem, at the share: a share the model refuses is not added into the sum of
    shares (which said 'add up to 1.111…E+4999%' before)."""
    found = problems(tmp_path, campaign_yaml(budget=f"- {{label: Oak, share: {share}}}\n"))
    assert found == [f"{CAMPAIGN}:17:25: budget[0].share: {expected}"]


@pytest.mark.parametrize(
    ("per_page", "expected"),
    [
        (10**40, "must be at most 500, got '100000000000000000000000…00000000' (41 characters)"),
        (
            "9" * 5000,
            "must be at most 500, got '999999999999999999999999…99999999' (5,000 characters)",
        ),
        ("1e9", "must be at most 500, got '1e9'"),
        (0, "must be 1 or more, got '0'"),
    ],
)
def test_per_page_is_bounded_at_its_line(tmp_path, per_page, expected):
    site = site_yaml(per_page=per_page)
    found = problems(tmp_path, campaign_yaml(), site=site)
    assert found == [f"content/site.yaml:7:11: per_page: {expected}"]


def test_a_translation_amount_is_bounded_at_its_line(tmp_path):
    """campaign.fr.yaml names open-pledge amounts (impact texts by amount) as keys."""
    translation = f"open_pledge:\n  impact:\n    {10**44}: Un kit\n"
    campaign = campaign_yaml(
        open_pledge="{suggested: [25], impact: {25: A kit}, pledge: [{processor: paypal_me, name: i}]}"
    )
    found = problems(tmp_path, campaign, **{"campaign.fr.yaml": translation})
    assert found == [
        f"content/campaigns/lamp/campaign.fr.yaml:3:5: open_pledge.impact.{10**44}: must be a "
        "positive amount up to 1,000,000,000,000, got '100000000000000000000000…00000000' (45 characters)"
    ]


def test_a_stripe_link_limit_is_bounded_at_its_line(tmp_path):
    """A tier without a limit of its own takes its Payment Link's: the same bound."""
    link = f"[{{processor: stripe, url: 'https://buy.stripe.com/abc123', limit: {HUGE}}}]"
    found = problems(tmp_path, campaign_yaml(tiers=tier_yaml(pledge=link)))
    assert found == [
        f"{CAMPAIGN}:15:79: tiers[0].pledge[0].limit: must be at most 1,000,000,000, got '{HUGE}'"
    ]


def test_numbers_at_their_bounds_build(tmp_path):
    """The largest values allowed are not errors."""
    fields = {
        "goal": 1,
        "tiers": tier_yaml(amount=MAX_AMOUNT, limit=MAX_COUNT, claimed=MAX_COUNT),
        "totals": totals(raised=MAX_AMOUNT, backers=MAX_COUNT),
        "budget": f"- {{label: Oak, share: {MAX_SHARE}}}\n",
        "matching": matching(ratio=MAX_RATIO, cap=MAX_AMOUNT),
        "exchange_rates": f"{{USD: {{rate: {MAX_EXCHANGE_RATE}, date: 2026-11-20}}}}",
    }
    source = write_site(
        tmp_path / "content",
        site=site_yaml(per_page=500),
        campaigns={
            "lamp": {
                "campaign.yaml": campaign_yaml(**fields),
                "hero.svg": HERO_SVG,
                "story.md": "The story.\n",
            }
        },
    )
    result = build(source, tmp_path / "output", FIXED_NOW, jobs=1)
    assert result.campaigns == 1
    page = (tmp_path / "output/campaigns/lamp/index.html").read_text(encoding="utf-8")
    assert "1,000,000,000" in page and "100,000,000,000,000%" in page  # backers, percent


# -- The parsers: the digits are bounded before any arithmetic --------------------------------


@settings(max_examples=300, deadline=None, database=None)
@given(st.integers(min_value=-(10**60), max_value=10**60))
@example(MAX_COUNT)
@example(MAX_COUNT + 1)
def test_a_count_is_in_bounds_or_refused_with_its_bound(number):
    for written in (number, str(number), Decimal(number)):
        try:
            count = parse_count(written)
        except ValueError as error:
            assert not 0 <= number <= MAX_COUNT
            bound = "must be 0 or more" if number < 0 else "must be at most 1,000,000,000"
            assert str(error).startswith(bound), error
        else:
            assert count == number and 0 <= count <= MAX_COUNT


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.decimals(allow_nan=True, allow_infinity=True)
    | st.from_regex(r"\A[0-9]{1,60}(\.[0-9]{1,60})?([eE][+-]?[0-9]{1,7})?\Z")
)
def test_every_number_parser_ends_in_a_bounded_number_or_a_short_message(value):
    """An amount, a share and a rate: within their bounds and MAX_DIGITS, or refused with a
    message that quotes at most 40 characters of the value, quickly."""
    for parse, highest in (
        (parse_amount, MAX_AMOUNT),
        (parse_share, MAX_SHARE),
        (parse_exchange_rate, MAX_EXCHANGE_RATE),
    ):
        started = time.perf_counter()
        try:
            number = parse(value)
        except ValueError as error:
            assert len(str(error)) < 200, error
        else:
            assert 0 < number <= highest and digits_written(number) <= MAX_DIGITS
        assert time.perf_counter() - started < 0.5


def test_a_quoted_value_is_cut_short_and_never_fails():
    assert quoted("lots") == "'lots'"
    assert quoted(FIVE_THOUSAND_ONES) == FIVE_THOUSAND_ONES_SHOWN
    assert quoted(10 ** (5000)) == "a number too long to show"  # past Python's str() limit


# -- Every value that passes renders every page ------------------------------------------------

PLACES = {"JPY": 0, "EUR": 2, "KWD": 3, "CLF": 4}  # the decimal places of each currency
THEMES = ("default", "appeal")
NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


@functools.cache
def environment(theme_name: str, language: str):
    theme, _ = load_theme(theme_name, Path(__file__).parent)
    config = SiteConfig.model_validate(
        {"title": "Fund", "base_url": "https://example.org/", "language": language}
    )
    return theme, config, make_environment(theme, config, language)


def render_everything(campaign: Campaign, ledger: list[LedgerRow], language: str) -> None:
    """Every page of the campaign in both themes, its social card and totals.json."""
    view = campaign_view(campaign, {}, ledger, NOW)
    json_bytes(totals_data(view))
    for theme_name in THEMES:
        theme, config, env = environment(theme_name, language)
        for page in campaign_pages(view):
            render_page(env, config, page)  # ContentErrors if a template fails
        draw_card(social_card(view, env, theme, theme_card_fonts(theme)))


def amounts(currency: str, lowest: Decimal | int = 0) -> st.SearchStrategy[Decimal]:
    """Amounts a campaign in `currency` may give: up to MAX_AMOUNT, in its minor units."""
    places = PLACES[currency]
    smallest = Decimal(1).scaleb(-places)
    return st.decimals(
        min_value=max(Decimal(lowest), smallest), max_value=MAX_AMOUNT, places=places
    ) | st.sampled_from([max(Decimal(lowest), smallest), MAX_AMOUNT])


def bounded(highest: Decimal) -> st.SearchStrategy[Decimal]:
    """Numbers more than 0 and at most `highest`, of up to MAX_DIGITS digits."""
    return (
        st.decimals(min_value=Decimal("1e-20"), max_value=highest, places=20)
        .map(lambda number: number.normalize())
        .filter(lambda number: number > 0 and digits_written(number) <= MAX_DIGITS)
    ) | st.sampled_from([highest, Decimal("1e-20"), Decimal("0." + "3" * 29)])


@st.composite
def campaigns(draw) -> tuple[Campaign, list[LedgerRow]]:
    currency = draw(st.sampled_from(sorted(PLACES)))
    limit = draw(st.integers(1, MAX_COUNT) | st.just(MAX_COUNT))
    cap = draw(amounts(currency))
    data = {
        "title": "A lamp",
        "tagline": "Oak",
        "image": {"src": "hero.svg", "alt": "The lamp"},
        "creator": {"name": "Ines"},
        "goal": draw(amounts(currency, lowest=1)),
        "currency": currency,
        "start": "2026-11-01T00:00:00+00:00",
        "end": "2026-12-31T00:00:00+00:00",
        "funding": draw(st.sampled_from(["flexible", "all_or_nothing"])),
        "totals": {
            "raised": draw(amounts(currency) | st.just(Decimal(0))),
            "backers": draw(st.integers(0, MAX_COUNT) | st.just(MAX_COUNT)),
            "updated": "2026-11-25T00:00:00+00:00",
        },
        "tiers": [
            {
                "id": "lamp",
                "title": "The lamp",
                "amount": draw(amounts(currency)),
                "limit": limit,
                "claimed": draw(st.integers(0, limit) | st.just(limit)),
            }
        ],
        "stretch_goals": [{"amount": draw(amounts(currency)), "title": "More"}],
        "budget": [{"label": "Oak", "share": draw(bounded(MAX_SHARE))}],
        "open_pledge": {"suggested": [draw(amounts(currency))]},
        "matching": {"sponsor": "A sponsor", "ratio": draw(bounded(MAX_RATIO)), "cap": cap},
        "exchange_rates": {"USD": {"rate": draw(bounded(MAX_EXCHANGE_RATE)), "date": "2026-11-20"}},
    }
    campaign = Campaign(slug="lamp", source=CampaignFile.model_validate(data), currency=currency)
    rows = [
        LedgerRow("stripe", f"t{n}", NOW.replace(day=2), Kind.PAYMENT, gross, row_currency)
        for n, (gross, row_currency) in enumerate(
            draw(
                st.lists(
                    st.tuples(amounts("JPY", lowest=1), st.sampled_from([currency, "USD"])),
                    max_size=4,
                )
            )
        )
    ]
    return campaign, rows


@settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(campaigns(), st.sampled_from(["en", "fr", "ar-EG"]))
def test_every_value_that_passes_renders_every_page(drawn, language):
    campaign, ledger = drawn
    started = time.perf_counter()
    render_everything(campaign, ledger, language)
    assert time.perf_counter() - started < 30


# The most rows a ledger can hold: it is read only up to MAX_FILE_BYTES, and a row takes at
# least 40 bytes (processor, id, date, kind, amount, currency, refunded, status, 11 commas).
LARGEST_LEDGER_ROWS = MAX_FILE_BYTES // 40


@pytest.mark.parametrize("currency", ["JPY", "CLF"])  # the fewest and the most decimal places
def test_the_largest_ledger_at_the_highest_rate_renders_every_page(currency):
    """Every row at the largest amount, in another currency at the highest rate, against the
    smallest goal: the totals, the percent and the match stay within Decimal's 28 digits."""
    data = CampaignFile.model_validate(
        {
            "title": "A lamp",
            "tagline": "Oak",
            "image": {"src": "hero.svg", "alt": "The lamp"},
            "creator": {"name": "Ines"},
            "goal": 1,
            "currency": currency,
            "start": "2026-11-01T00:00:00+00:00",
            "end": "2026-12-31T00:00:00+00:00",
            "matching": {"sponsor": "A sponsor", "ratio": MAX_RATIO, "cap": MAX_AMOUNT},
            "exchange_rates": {"USD": {"rate": MAX_EXCHANGE_RATE, "date": "2026-11-20"}},
            "tiers": [{"id": "lamp", "title": "The lamp", "amount": MAX_AMOUNT}],
        }
    )
    campaign = Campaign(slug="lamp", source=data, currency=currency)
    row = LedgerRow("stripe", "t", NOW.replace(day=2), Kind.PAYMENT, MAX_AMOUNT, "USD", tier="lamp")
    started = time.perf_counter()
    render_everything(campaign, [row] * LARGEST_LEDGER_ROWS, "en")
    view = campaign_view(campaign, {}, [row] * LARGEST_LEDGER_ROWS, NOW)
    assert view.totals.raised == MAX_AMOUNT * MAX_EXCHANGE_RATE * LARGEST_LEDGER_ROWS  # exact
    assert view.percent == int(view.totals.raised * 100)
    assert time.perf_counter() - started < 60
