"""Test-mode and sandbox pledge links (where backers pay nothing): a warning in check and build,
an error under --strict, at the link's own file:line:column; drafts may hold them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXED_NOW, HERO_SVG, campaign_yaml, site_yaml, tier_yaml, write_site

from pledgekit.build import build
from pledgekit.cli import main
from pledgekit.payments.registry import get_processor
from pledgekit.problems import ContentErrors

STRIPE_TEST = "https://buy.stripe.com/test_4gw6sJ0wQ4J3e0UcMQ"
STRIPE_WARNING = (
    "this is a Stripe test-mode link (test_…): backers who follow it pay nothing; "
    "use the live link from the Stripe Dashboard"
)


def stripe_tier(url: str = STRIPE_TEST, **fields: object) -> str:
    return tier_yaml(pledge=f"- processor: stripe\n  url: {url}\n", **fields)


def lamp_site(tmp_path: Path, campaign: str, site: str | None = None) -> Path:
    files = {"campaign.yaml": campaign, "story.md": "A lamp.\n", "hero.svg": HERO_SVG}
    return write_site(
        tmp_path / "source",
        site=site or site_yaml(languages=None),
        campaigns={"lamp": files},
    )


def warnings(source: Path) -> list[str]:
    return [str(problem) for problem in build(source, None, FIXED_NOW).warnings]


def test_a_stripe_test_mode_link_in_a_live_campaign_is_a_warning(tmp_path):
    source = lamp_site(tmp_path, campaign_yaml(tiers=stripe_tier()))
    assert warnings(source) == [
        f"source/campaigns/lamp/campaign.yaml:17:14: warning: tiers[0].pledge[0].url: "
        f"{STRIPE_WARNING}"
    ]


def test_under_strict_it_is_an_error(tmp_path):
    source = lamp_site(tmp_path, campaign_yaml(tiers=stripe_tier()))
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW, strict=True)
    assert [str(problem) for problem in caught.value.problems] == [
        f"source/campaigns/lamp/campaign.yaml:17:14: tiers[0].pledge[0].url: {STRIPE_WARNING}"
    ]


def test_check_and_build_print_it_and_strict_fails(tmp_path, monkeypatch):
    lamp_site(tmp_path, campaign_yaml(tiers=stripe_tier()))
    monkeypatch.chdir(tmp_path)
    now = ["--now", "2026-11-26T12:00:00+01:00"]
    line = (
        "source/campaigns/lamp/campaign.yaml:17:14: warning: tiers[0].pledge[0].url: "
        + STRIPE_WARNING
    )
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "--source", "source", *now])
    assert checked.exit_code == 0 and line in checked.output.splitlines()
    built = runner.invoke(main, ["build", "--source", "source", "--output", "out", *now])
    assert built.exit_code == 0 and line in built.output.splitlines()
    strict = runner.invoke(main, ["check", "--strict", "--source", "source", *now])
    assert strict.exit_code == 1
    assert line.replace(" warning:", "") in strict.output.splitlines()


def test_the_open_pledge_and_site_defaults_are_checked_too(tmp_path):
    site = site_yaml(languages=None) + (
        "defaults:\n  pledge:\n    - processor: link\n"
        "      label: PayPal\n"
        "      url: https://www.sandbox.paypal.com/donate?hosted_button_id=8CWJX7ZUPQ5BL\n"
    )
    campaign = campaign_yaml(
        tiers=tier_yaml(pledge=None),
        open_pledge=f"pledge: [{{processor: stripe, url: '{STRIPE_TEST}'}}]\n",
    )
    assert warnings(lamp_site(tmp_path, campaign, site)) == [
        f"source/campaigns/lamp/campaign.yaml:16:37: warning: open_pledge.pledge[0].url: "
        f"{STRIPE_WARNING}",
        "source/site.yaml:10:12: warning: defaults.pledge[0].url: this is a PayPal sandbox "
        "link (www.sandbox.paypal.com): backers who follow it pay nothing; use the live link "
        "on www.paypal.com",
    ]


def test_drafts_may_hold_test_links(tmp_path):
    """A draft is not published, so it may be tried out with test links."""
    draft_tier = stripe_tier(id="spare", title="Spare parts") + "  draft: true\n"
    live_tier = stripe_tier(url="https://buy.stripe.com/testa1B2c3D4")  # a live token
    campaign = campaign_yaml(tiers=live_tier + draft_tier)
    assert warnings(lamp_site(tmp_path / "tier", campaign)) == []
    campaign = campaign_yaml(tiers=stripe_tier()) + "draft: true\n"
    assert warnings(lamp_site(tmp_path / "campaign", campaign)) == []


def test_an_ended_campaign_is_warned_about_too(tmp_path):
    """Validation does not know the moment of the build (its results are kept between
    builds), so only drafts are spared: a campaign's dates do not change the warning."""
    campaign = campaign_yaml(
        tiers=stripe_tier(),
        start="2026-09-01T09:00:00+02:00",
        end="2026-10-01T09:00:00+02:00",
    )
    assert warnings(lamp_site(tmp_path, campaign)) == [
        f"source/campaigns/lamp/campaign.yaml:17:14: warning: tiers[0].pledge[0].url: "
        f"{STRIPE_WARNING}"
    ]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "https://buy.stripe.com/test_4gw6sJ0wQ4J3e0UcMQ?prefilled_email={campaign}",
            STRIPE_WARNING,
        ),
        ("https://donate.stripe.com/test_6oE4gB0mQa3n9Gw8ww", STRIPE_WARNING),
        (
            "https://sandbox.paypal.com/ncp/payment/ABCDEF123",
            "this is a PayPal sandbox link (sandbox.paypal.com): backers who follow it pay "
            "nothing; use the live link on www.paypal.com",
        ),
        (
            "https://staging.opencollective.com/lamps/donate?amount={amount}",
            "this is an Open Collective staging link (staging.opencollective.com): backers who "
            "follow it pay nothing; use the live link on opencollective.com",
        ),
        (
            "https://staging.every.org/lamps?amount={amount}#donate",
            "this is an Every.org staging link (staging.every.org): backers who follow it pay "
            "nothing; use the live link on www.every.org",
        ),
        ("https://buy.stripe.com/6oE4gB0mQa3n9Gw8ww", None),
        ("https://www.paypal.com/donate?hosted_button_id=8CWJX7ZUPQ5BL", None),
        ("https://opencollective.com/lamps/donate?amount={amount}", None),
        ("https://shop.example/test_{tier}", None),
    ],
)
def test_generic_links_to_known_sandboxes_are_recognised(url, reason):
    link = get_processor("link")
    options = link.Options.model_validate({"processor": "link", "label": "Pay", "url": url})
    assert link.sandbox(options) == (("url", reason) if reason else None)


def test_processors_that_build_their_own_links_have_no_sandbox_form():
    """PayPal donate, PayPal.me, Open Collective, Every.org and the others write the live host
    themselves; Lemon Squeezy's and Donorbox's test modes are settings of the account, not
    addresses, so they cannot be told from a link."""
    options = {
        "paypal": {"business": "ines@example.org"},
        "paypal_me": {"name": "ines"},
        "open_collective": {"collective": "lamps"},
        "every_org": {"nonprofit": "lamps"},
        "donorbox": {"campaign": "lamps"},
        "lemon_squeezy": {
            "url": "https://lamps.lemonsqueezy.com/checkout/buy/0f9e2c4a-8d1b-4c3e-9a7f-2b6d5e8c1a34"
        },
    }
    for name, values in options.items():
        processor = get_processor(name)
        parsed = processor.Options.model_validate({"processor": name, **values})
        assert processor.sandbox(parsed) is None, name
