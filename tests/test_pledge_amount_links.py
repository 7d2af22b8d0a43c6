"""The no-reward card's suggested amounts: a link to the processor with the amount filled in
where the card's processors can carry one, plain text where none can, in both themes."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from support import (
    FIXED_NOW,
    HERO_SVG,
    campaign_yaml,
    parse_html,
    site_yaml,
    tier_yaml,
    write_site,
)

from pledgekit.build import build
from pledgekit.payments.registry import PledgeRequest, get_processor

OPEN = PledgeRequest("lamp", None, "A lamp you can mend", None, "EUR")
MONTHLY = PledgeRequest("lamp", None, "A lamp you can mend", None, "EUR", "monthly")


def open_pledge(pledge: str, suggested: str = "[10, 25.50]", extra: str = "") -> str:
    return f"suggested: {suggested}\n{extra}pledge: {pledge}\n"


def card_amounts(
    tmp_path: Path,
    pledge: str,
    suggested: str = "[10, 25.50]",
    extra: str = "",
    site: str | None = None,
    language: str = "",
    **campaign: object,
) -> list[tuple[str, str | None]]:
    """Each suggested amount on the built card: its words, and where it links (None: text)."""
    fields = {"open_pledge": open_pledge(pledge, suggested, extra), **campaign}
    files = {
        "campaign.yaml": campaign_yaml(**fields),
        "story.md": "A lamp.\n",
        "hero.svg": HERO_SVG,
    }
    source = write_site(
        tmp_path / "source", site=site or site_yaml(languages=None), campaigns={"lamp": files}
    )
    result = build(source, tmp_path / "out", FIXED_NOW, strict=True, jobs=1)
    assert result.warnings == []
    page = parse_html(tmp_path / "out" / language / "campaigns/lamp/index.html")
    items = page.select("#open-pledge .impact li, #open-pledge .appeal-impact__item")
    found = []
    for item in items:
        link = item.select_one("a")
        words = " ".join((link or item).get_text().split())
        found.append((words, link["href"] if link else None))
    return found


def test_paypal_me_amounts_go_in_the_path(tmp_path):
    assert card_amounts(tmp_path, "[{processor: paypal_me, name: ines}]") == [
        ("Pledge €10 with PayPal", "https://paypal.me/ines/10EUR"),
        ("Pledge €25.50 with PayPal", "https://paypal.me/ines/25.50EUR"),
    ]


def test_paypal_donate_carries_the_amount_with_the_business_account(tmp_path):
    pledge = "[{processor: paypal, business: ines@example.org, item_name: Lamp gift}]"
    assert card_amounts(tmp_path, pledge) == [
        (
            "Pledge €10 with PayPal",
            "https://www.paypal.com/donate?business=ines%40example.org&amount=10"
            "&currency_code=EUR&item_name=Lamp+gift&no_recurring=1",
        ),
        (
            "Pledge €25.50 with PayPal",
            "https://www.paypal.com/donate?business=ines%40example.org&amount=25.50"
            "&currency_code=EUR&item_name=Lamp+gift&no_recurring=1",
        ),
    ]


def test_a_monthly_card_gives_monthly_links(tmp_path):
    """Liberapay takes only recurring gifts; the card's `recurring: monthly` reaches every
    amount's link, never a one-time one."""
    pledge = "[{processor: liberapay, user: ines}, {processor: paypal, business: ines@example.org}]"
    assert card_amounts(tmp_path, pledge, extra="recurring: monthly\n") == [
        (
            "Pledge €10 with Liberapay",
            "https://liberapay.com/ines/donate?amount=10&currency=EUR&period=monthly",
        ),
        (
            "Pledge €25.50 with Liberapay",
            "https://liberapay.com/ines/donate?amount=25.50&currency=EUR&period=monthly",
        ),
    ]


def test_stripe_links_cannot_carry_an_amount_so_the_amounts_stay_text(tmp_path):
    pledge = "[{processor: stripe, url: 'https://buy.stripe.com/6oE4gB0mQa3n9Gw8ww'}]"
    assert card_amounts(tmp_path, pledge) == [("€10", None), ("€25.50", None)]


def test_profile_pages_and_hosted_buttons_keep_the_amounts_text_too(tmp_path):
    pledge = (
        "[{processor: ko_fi, user: ines}, {processor: buy_me_a_coffee, user: ines},"
        " {processor: paypal, hosted_button_id: 8CWJX7ZUPQ5BL},"
        " {processor: link, label: Our shop, url: 'https://shop.example/give'}]"
    )
    assert card_amounts(tmp_path, pledge) == [("€10", None), ("€25.50", None)]


def test_the_first_processor_that_can_carry_the_amount_is_the_one_linked(tmp_path):
    """Ko-fi comes first on the card but takes no amount, so the amounts go to PayPal, named
    in each link; the buttons below still offer both."""
    pledge = "[{processor: ko_fi, user: ines}, {processor: paypal_me, name: ines}]"
    assert card_amounts(tmp_path, pledge, suggested="[10]") == [
        ("Pledge €10 with PayPal", "https://paypal.me/ines/10EUR")
    ]


def test_an_amount_one_processor_refuses_goes_to_the_next(tmp_path):
    """GitHub Sponsors takes whole dollars: 7.50 goes to PayPal.me instead."""
    site = site_yaml(languages=None, currency="USD")
    pledge = "[{processor: github_sponsors, user: ines}, {processor: paypal_me, name: ines}]"
    assert card_amounts(tmp_path, pledge, suggested="[5, 7.50]", site=site) == [
        (
            "Pledge $5 with GitHub Sponsors",
            "https://github.com/sponsors/ines?frequency=one-time&amount=5",
        ),
        ("Pledge $7.50 with PayPal", "https://paypal.me/ines/7.50USD"),
    ]


def test_site_defaults_link_the_amounts_too(tmp_path):
    site = site_yaml(languages=None) + (
        "defaults:\n  pledge:\n    - {processor: paypal_me, name: coop, label: PayPal (co-op)}\n"
    )
    campaign = {"tiers": tier_yaml(pledge=None)}
    assert card_amounts(tmp_path, "[]", suggested="[10]", site=site, **campaign) == [
        ("Pledge €10 with PayPal (co-op)", "https://paypal.me/coop/10EUR")
    ]


def test_a_generic_link_carries_the_amount_only_with_its_placeholder(tmp_path):
    pledge = "[{processor: link, label: Our shop, url: 'https://shop.example/give?eur={amount}'}]"
    assert card_amounts(tmp_path, pledge, suggested="[10]") == [
        ("Pledge €10 with Our shop", "https://shop.example/give?eur=10")
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-12-01T09:00:00+01:00", "2026-12-31T09:00:00+01:00"),  # not started yet
        ("2026-10-01T09:00:00+02:00", "2026-11-01T09:00:00+01:00"),  # ended
    ],
)
def test_while_the_campaign_takes_no_pledges_the_amounts_are_text(tmp_path, start, end):
    pledge = "[{processor: paypal_me, name: ines}]"
    assert card_amounts(tmp_path, pledge, start=start, end=end) == [
        ("€10", None),
        ("€25.50", None),
    ]


def test_the_impact_text_follows_the_linked_amount(tmp_path):
    pledge = "[{processor: paypal_me, name: ines}]"
    card_amounts(tmp_path, pledge, suggested="[10]", extra="impact: {10: a spare bulb}\n")
    page = parse_html(tmp_path / "out/campaigns/lamp/index.html")
    item = page.select_one("#open-pledge .impact li")
    assert " ".join(item.get_text().split()) == "Pledge €10 with PayPal — a spare bulb"
    link = item.select_one("a")
    assert link["rel"] == ["external", "nofollow", "noopener", "noreferrer"]
    assert link.select_one("strong").get_text() == "€10"


def test_the_appeal_theme_links_each_tile(tmp_path):
    site = site_yaml(languages=None, theme="appeal")
    pledge = "[{processor: paypal_me, name: ines}]"
    assert card_amounts(tmp_path, pledge, site=site) == [
        ("Give €10 with PayPal", "https://paypal.me/ines/10EUR"),
        ("Give €25.50 with PayPal", "https://paypal.me/ines/25.50EUR"),
    ]
    page = parse_html(tmp_path / "out/campaigns/lamp/index.html")
    tile = page.select_one("#open-pledge .appeal-impact__item")
    assert tile.select_one(".appeal-impact__amount").get_text() == "€10"
    assert tile.select_one("a")["class"] == ["appeal-impact__link"]


def test_the_link_words_are_in_the_pages_language(tmp_path):
    pledge = "[{processor: paypal_me, name: ines}]"
    assert card_amounts(tmp_path, pledge, suggested="[10]", site=site_yaml(), language="fr") == [
        ("Contribuer 10 € via PayPal", "https://paypal.me/ines/10EUR")
    ]


@pytest.mark.parametrize(
    ("name", "options", "request_", "url"),
    [
        ("paypal_me", {"name": "ines"}, OPEN, "https://paypal.me/ines/20EUR"),
        (
            "liberapay",
            {"user": "ines"},
            MONTHLY,
            "https://liberapay.com/ines/donate?amount=20&currency=EUR&period=monthly",
        ),
        (
            "open_collective",
            {"collective": "lamps"},
            OPEN,
            "https://opencollective.com/lamps/donate?amount=20&interval=oneTime",
        ),
        (
            "open_collective",
            {"collective": "lamps"},
            MONTHLY,
            "https://opencollective.com/lamps/donate?amount=20&interval=month",
        ),
        (
            "donorbox",
            {"campaign": "lamps"},
            MONTHLY,
            "https://donorbox.org/lamps?amount=20&default_interval=m",
        ),
        (
            "paypal",
            {"business": "ines@example.org"},
            MONTHLY,
            "https://www.paypal.com/donate?business=ines%40example.org&amount=20"
            "&currency_code=EUR&item_name=A+lamp+you+can+mend&no_recurring=0",
        ),
        ("paypal", {"hosted_button_id": "8CWJX7ZUPQ5BL"}, OPEN, None),
        ("stripe", {"url": "https://buy.stripe.com/6oE4gB0mQa3n9Gw8ww"}, OPEN, None),
        ("gumroad", {"url": "https://ines.gumroad.com/l/lamp"}, OPEN, None),
        ("ko_fi", {"user": "ines"}, OPEN, None),
        ("sepa", {"beneficiary": "Ines Martin", "iban": "FR7630006000011234567890189"}, OPEN, None),
    ],
)
def test_which_processors_fill_in_an_amount(name, options, request_, url):
    processor = get_processor(name)
    parsed = processor.Options.model_validate({"processor": name, **options})
    assert processor.amount_url(parsed, replace(request_, amount=Decimal(20))) == url


def test_every_org_and_github_sponsors_take_dollars():
    request = PledgeRequest("lamp", None, "Lamp", Decimal(20), "USD")
    every_org = get_processor("every_org")
    options = every_org.Options.model_validate({"processor": "every_org", "nonprofit": "lamps"})
    assert every_org.amount_url(options, request) == (
        "https://www.every.org/lamps?amount=20&frequency=ONCE#donate"
    )
    sponsors = get_processor("github_sponsors")
    options = sponsors.Options.model_validate({"processor": "github_sponsors", "user": "ines"})
    assert sponsors.amount_url(options, request) == (
        "https://github.com/sponsors/ines?frequency=one-time&amount=20"
    )
    cents = PledgeRequest("lamp", None, "Lamp", Decimal("20.50"), "USD")
    assert sponsors.amount_url(options, cents) is None
