"""Processors: each builds links of its documented shape and refuses what it cannot do."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from pydantic import ValidationError

from pledgekit.payments.registry import PledgeRequest, get_processor, processor_names

TIER = PledgeRequest("tenon-lamp", "early-bird", "Tenon lamp: Early bird", Decimal("49.50"), "EUR")
OPEN = PledgeRequest("tenon-lamp", None, "Tenon lamp", None, "EUR")


def link(name, options, request=TIER):
    processor = get_processor(name)
    parsed = processor.Options.model_validate({"processor": name, **options})
    return processor.problems(parsed, request), processor.url(parsed, request)


def error_messages(name, options):
    processor = get_processor(name)
    with pytest.raises(ValidationError) as caught:
        processor.Options.model_validate({"processor": name, **options})
    return [error["msg"] for error in caught.value.errors()]


def test_registry_lists_the_processors():
    assert processor_names() == [
        "buy_me_a_coffee", "donorbox", "every_org", "github_sponsors", "gumroad", "ko_fi",
        "lemon_squeezy", "liberapay", "link", "open_collective", "paypal", "paypal_me", "sepa",
        "stripe",
    ]  # fmt: skip
    assert get_processor("nope") is None


def test_stripe_payment_link_carries_a_client_reference_and_utm():
    problems, url = link(
        "stripe", {"url": "https://buy.stripe.com/test_3cs7uS", "utm_source": "site"}
    )
    assert problems == []
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "buy.stripe.com", "/test_3cs7uS")
    assert parse_qs(parts.query) == {
        "client_reference_id": ["tenon-lamp-early-bird"],
        "utm_source": ["site"],
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://evil.example.com/abc", "Stripe Payment links must be on buy.stripe.com"),
        ("http://buy.stripe.com/abc", "Stripe Payment links must use https://"),
        ("https://buy.stripe.com/abc?x=1", "must look like https://buy.stripe.com/<token>"),
        ("https://buy.stripe.com/", "must look like https://buy.stripe.com/<token>"),
    ],
)
def test_stripe_refuses_other_hosts_and_shapes(url, message):
    assert any(message in text for text in error_messages("stripe", {"url": url}))


def test_stripe_refuses_bad_utm_values():
    assert any(
        "utm values" in m
        for m in error_messages("stripe", {"url": "https://buy.stripe.com/a", "utm_source": "a b"})
    )


def test_paypal_donate_link_with_business_amount_currency_and_item():
    problems, url = link("paypal", {"business": "give@example.org"})
    assert problems == []
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("www.paypal.com", "/donate")
    assert parse_qs(parts.query) == {
        "business": ["give@example.org"],
        "amount": ["49.50"],
        "currency_code": ["EUR"],
        "item_name": ["Tenon lamp: Early bird"],
        "item_number": ["tenon-lamp/early-bird"],
        "no_recurring": ["1"],
    }


def test_paypal_hosted_button_and_monthly():
    monthly = PledgeRequest("relief", "monthly", "Relief", Decimal(10), "EUR", "monthly")
    problems, url = link("paypal", {"hosted_button_id": "ABCD1234EFGH"}, monthly)
    assert problems == []
    assert parse_qs(urlsplit(url).query) == {
        "hosted_button_id": ["ABCD1234EFGH"],
        "no_recurring": ["0"],
    }


def test_paypal_needs_exactly_one_account():
    assert error_messages("paypal", {}) == [
        "Value error, give either hosted_button_id or business (e-mail or merchant id)"
    ]


def test_paypal_refuses_currencies_it_does_not_take():
    problems, _ = link(
        "paypal", {"business": "a@b.org"}, PledgeRequest("c", "t", "T", Decimal(5), "XOF")
    )
    assert problems[0][1].startswith("PayPal does not take XOF (it takes AUD, BRL,")


def test_paypal_me_puts_amount_and_currency_in_the_path():
    assert link("paypal_me", {"name": "tenonlamp"})[1] == "https://paypal.me/tenonlamp/49.50EUR"
    assert link("paypal_me", {"name": "tenonlamp"}, OPEN)[1] == "https://paypal.me/tenonlamp"
    whole = PledgeRequest("c", "t", "T", Decimal(25), "USD")
    assert link("paypal_me", {"name": "tenonlamp"}, whole)[1] == "https://paypal.me/tenonlamp/25USD"


def test_paypal_me_cannot_take_monthly_gifts():
    monthly = PledgeRequest("c", "t", "T", Decimal(5), "EUR", "monthly")
    assert link("paypal_me", {"name": "x"}, monthly)[0] == [
        ("", "PayPal links cannot set up monthly giving")
    ]
    assert error_messages("paypal_me", {"name": "has space"})


def test_generic_link_fills_and_encodes_placeholders():
    request = PledgeRequest("a b", "t&x", "T", Decimal("5.5"), "EUR")
    problems, url = link(
        "link",
        {
            "url": "https://pay.example.org/give?amt={amount}&c={currency}&t={tier}&k={campaign}",
            "label": "Bank",
        },
        request,
    )
    assert problems == []
    assert url == "https://pay.example.org/give?amt=5.50&c=EUR&t=t%26x&k=a%20b"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://pay.example.org/{amout}", "unknown placeholder {amout}"),
        ("http://pay.example.org/", "links must use https://"),
        ("javascript:alert(1)", "links with the javascript: scheme are not allowed"),
        ("https://pay.example.org/{", "unbalanced braces"),
    ],
)
def test_generic_link_refuses_bad_templates(url, message):
    assert any(message in text for text in error_messages("link", {"url": url, "label": "X"}))
