"""Donation platforms and stores: each builds its documented link and refuses what it cannot do."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, get_processor

TIER = PledgeRequest("tenon-lamp", "early-bird", "Tenon lamp: Early bird", Decimal("49.50"), "EUR")
OPEN = PledgeRequest("tenon-lamp", None, "Tenon lamp", None, "EUR")
MONTHLY = PledgeRequest("relief", "friend", "Relief: Friend", Decimal(10), "EUR", "monthly")
OPEN_MONTHLY = PledgeRequest("relief", None, "Relief", None, "EUR", "monthly")
USD_TIER = PledgeRequest("tenon-lamp", "early-bird", "Tenon lamp: Early bird", Decimal(50), "USD")
USD_OPEN = PledgeRequest("tenon-lamp", None, "Tenon lamp", None, "USD")
USD_MONTHLY = PledgeRequest("relief", "friend", "Relief: Friend", Decimal(10), "USD", "monthly")
VARIANT = "0b2c5a5e-8d9a-4f3c-9a41-7e7a5c3d2b10"
CHECKOUT = f"https://tenon.lemonsqueezy.com/checkout/buy/{VARIANT}"


def link(name, options, request=TIER):
    processor = get_processor(name)
    parsed = processor.Options.model_validate({"processor": name, **options})
    return processor.problems(parsed, request), processor.url(parsed, request)


def url(name, options, request=TIER):
    problems, address = link(name, options, request)
    assert problems == []
    return address


def problems(name, options, request):
    return [message for _, message in link(name, options, request)[0]]


def error_messages(name, options):
    processor = get_processor(name)
    with pytest.raises(ValidationError) as caught:
        processor.Options.model_validate({"processor": name, **options})
    return [error["msg"] for error in caught.value.errors()]


def test_open_collective_donate_page_carries_amount_and_interval():
    options = {"collective": "tenon-lamp"}
    assert url("open_collective", options) == (
        "https://opencollective.com/tenon-lamp/donate?amount=49.50&interval=oneTime"
    )
    assert url("open_collective", options, OPEN) == "https://opencollective.com/tenon-lamp/donate"
    assert url("open_collective", options, MONTHLY) == (
        "https://opencollective.com/tenon-lamp/donate?amount=10&interval=month"
    )
    assert url("open_collective", options, OPEN_MONTHLY) == (
        "https://opencollective.com/tenon-lamp/donate?interval=month"
    )


def test_open_collective_tier_checkout():
    options = {"collective": "tenon-lamp", "tier": "early-bird-4211"}
    assert url("open_collective", options) == (
        "https://opencollective.com/tenon-lamp/contribute/early-bird-4211/checkout"
        "?amount=49.50&interval=oneTime"
    )
    assert url("open_collective", options, OPEN) == (
        "https://opencollective.com/tenon-lamp/contribute/early-bird-4211/checkout"
    )


def test_open_collective_refuses_bad_slugs_and_tiers():
    assert error_messages("open_collective", {}) == ["Field required"]
    assert error_messages("open_collective", {"collective": "Tenon Lamp"}) == [
        "Value error, Open Collective slugs are lower-case letters, digits and single hyphens, "
        "as in https://opencollective.com/<slug>, got 'Tenon Lamp'"
    ]
    assert error_messages("open_collective", {"collective": "tenon", "tier": "early-bird"}) == [
        "Value error, an Open Collective tier is written as in its contribute link: its name, "
        "a hyphen and its number, like backer-12345, got 'early-bird'"
    ]
    assert error_messages("open_collective", {"collective": "../evil"})


def test_liberapay_asks_for_a_monthly_gift():
    options = {"user": "Tenon_Lamp"}
    assert url("liberapay", options, MONTHLY) == (
        "https://liberapay.com/Tenon_Lamp/donate?amount=10&currency=EUR&period=monthly"
    )
    assert url("liberapay", options, OPEN_MONTHLY) == (
        "https://liberapay.com/Tenon_Lamp/donate?currency=EUR&period=monthly"
    )


def test_liberapay_refuses_one_time_gifts_and_bad_names():
    expected = ["Liberapay only takes recurring donations; set `recurring: monthly`"]
    assert problems("liberapay", {"user": "tenon"}, TIER) == expected
    assert problems("liberapay", {"user": "tenon"}, OPEN) == expected
    assert error_messages("liberapay", {}) == ["Field required"]
    assert error_messages("liberapay", {"user": "x y"}) == [
        "Value error, Liberapay user names are 1 to 32 letters, digits, '-', '_' or '.' "
        "(not starting with '.'), got 'x y'"
    ]
    assert error_messages("liberapay", {"user": ".."})
    assert error_messages("liberapay", {"user": "a" * 33})


def test_github_sponsors_one_time_monthly_and_open():
    options = {"user": "tenon-lamp"}
    assert url("github_sponsors", options, USD_TIER) == (
        "https://github.com/sponsors/tenon-lamp?frequency=one-time&amount=50"
    )
    assert url("github_sponsors", options, USD_OPEN) == (
        "https://github.com/sponsors/tenon-lamp?frequency=one-time"
    )
    assert url("github_sponsors", options, USD_MONTHLY) == (
        "https://github.com/sponsors/tenon-lamp?frequency=recurring&amount=10"
    )


def test_github_sponsors_refuses_cents_other_currencies_and_bad_names():
    cents = PledgeRequest("c", "t", "T", Decimal("49.50"), "USD")
    found, address = link("github_sponsors", {"user": "tenon"}, cents)
    assert [message for _, message in found] == ["GitHub Sponsors takes whole dollars, not 49.50"]
    assert address == "https://github.com/sponsors/tenon?frequency=one-time"
    assert problems("github_sponsors", {"user": "tenon"}, OPEN) == [
        "GitHub Sponsors does not take EUR (it takes USD)"
    ]
    assert error_messages("github_sponsors", {}) == ["Field required"]
    assert error_messages("github_sponsors", {"user": "-tenon"}) == [
        "Value error, GitHub user names are 1 to 39 letters, digits or single hyphens, "
        "not starting or ending with a hyphen, got '-tenon'"
    ]
    assert error_messages("github_sponsors", {"user": "a--b"})
    assert error_messages("github_sponsors", {"user": "a" * 40})


def test_every_org_puts_the_query_before_the_fragment():
    options = {"nonprofit": "givedirectly"}
    assert url("every_org", options, USD_TIER) == (
        "https://www.every.org/givedirectly?amount=50&frequency=ONCE#donate"
    )
    assert url("every_org", options, USD_OPEN) == (
        "https://www.every.org/givedirectly?frequency=ONCE#donate"
    )
    assert url("every_org", options, USD_MONTHLY) == (
        "https://www.every.org/givedirectly?amount=10&frequency=MONTHLY#donate"
    )
    assert url("every_org", {"nonprofit": "27-1661997"}, USD_OPEN) == (
        "https://www.every.org/27-1661997?frequency=ONCE#donate"
    )


def test_every_org_refuses_other_currencies_and_bad_names():
    assert problems("every_org", {"nonprofit": "givedirectly"}, TIER) == [
        "Every.org does not take EUR (it takes USD)"
    ]
    assert error_messages("every_org", {}) == ["Field required"]
    assert error_messages("every_org", {"nonprofit": "give/directly"}) == [
        "Value error, an Every.org nonprofit is named by its slug or EIN: letters, digits and "
        "single '-' or '_', as in https://www.every.org/givedirectly, got 'give/directly'"
    ]


def test_donorbox_sets_amount_and_interval():
    options = {"campaign": "tenon-lamp"}
    assert url("donorbox", options) == (
        "https://donorbox.org/tenon-lamp?amount=49.50&default_interval=o"
    )
    assert url("donorbox", options, OPEN) == "https://donorbox.org/tenon-lamp?default_interval=o"
    assert url("donorbox", options, MONTHLY) == (
        "https://donorbox.org/tenon-lamp?amount=10&default_interval=m"
    )


def test_donorbox_refuses_bad_campaigns():
    assert error_messages("donorbox", {}) == ["Field required"]
    assert error_messages("donorbox", {"campaign": "tenon lamp"}) == [
        "Value error, Donorbox campaigns are named by letters, digits and single '-' or '_', "
        "as in https://donorbox.org/<campaign>, got 'tenon lamp'"
    ]


@pytest.mark.parametrize(
    ("name", "label", "page"),
    [
        ("ko_fi", "Ko-fi", "https://ko-fi.com/tenon_lamp"),
        ("buy_me_a_coffee", "Buy Me a Coffee", "https://buymeacoffee.com/tenon_lamp"),
    ],
)
def test_profile_pages_serve_only_the_open_pledge(name, label, page):
    assert url(name, {"user": "tenon_lamp"}, OPEN) == page
    assert problems(name, {"user": "tenon_lamp"}, TIER) == [
        f"{label} links cannot carry an amount, so they cannot ask for this tier's 49.50 EUR; "
        "offer them for the pledge without a reward (open_pledge)"
    ]
    assert problems(name, {"user": "tenon_lamp"}, OPEN_MONTHLY) == [
        f"{label} links cannot set up monthly giving"
    ]
    assert error_messages(name, {}) == ["Field required"]


def test_profile_pages_refuse_bad_names():
    assert error_messages("ko_fi", {"user": "tenon/lamp"}) == [
        "Value error, Ko-fi page names are letters, digits, '-' or '_', "
        "as in https://ko-fi.com/<name>, got 'tenon/lamp'"
    ]
    assert error_messages("buy_me_a_coffee", {"user": "tenon lamp"}) == [
        "Value error, Buy Me a Coffee page names are letters, digits, '-' or '_', "
        "as in https://buymeacoffee.com/<name>, got 'tenon lamp'"
    ]


def test_lemon_squeezy_checkout_carries_campaign_and_tier():
    assert url("lemon_squeezy", {"url": CHECKOUT}) == (
        f"{CHECKOUT}?checkout%5Bcustom%5D%5Bcampaign%5D=tenon-lamp"
        "&checkout%5Bcustom%5D%5Btier%5D=early-bird"
    )
    assert url("lemon_squeezy", {"url": CHECKOUT}, OPEN) == (
        f"{CHECKOUT}?checkout%5Bcustom%5D%5Bcampaign%5D=tenon-lamp"
    )
    assert url("lemon_squeezy", {"url": CHECKOUT}, MONTHLY) == (
        f"{CHECKOUT}?checkout%5Bcustom%5D%5Bcampaign%5D=relief"
        "&checkout%5Bcustom%5D%5Btier%5D=friend"
    )


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            f"http://tenon.lemonsqueezy.com/checkout/buy/{VARIANT}",
            f"Lemon Squeezy links must use https://, got 'http://tenon.lemonsqueezy.com/checkout/buy/{VARIANT}'",
        ),
        (
            f"https://evil.example.com/checkout/buy/{VARIANT}",
            "Lemon Squeezy links must be on <name>.lemonsqueezy.com, got "
            f"'https://evil.example.com/checkout/buy/{VARIANT}'",
        ),
        (
            f"https://lemonsqueezy.com/checkout/buy/{VARIANT}",
            "Lemon Squeezy links must be on <name>.lemonsqueezy.com, got "
            f"'https://lemonsqueezy.com/checkout/buy/{VARIANT}'",
        ),
        (
            f"https://a.b.lemonsqueezy.com/checkout/buy/{VARIANT}",
            "Lemon Squeezy links must be on <name>.lemonsqueezy.com, got "
            f"'https://a.b.lemonsqueezy.com/checkout/buy/{VARIANT}'",
        ),
        (
            f"https://tenon.lemonsqueezy.com:8443/checkout/buy/{VARIANT}",
            "Lemon Squeezy links must be on <name>.lemonsqueezy.com, got "
            f"'https://tenon.lemonsqueezy.com:8443/checkout/buy/{VARIANT}'",
        ),
        (
            f"https://evil.example.com@tenon.lemonsqueezy.com/checkout/buy/{VARIANT}",
            "Lemon Squeezy links must be on <name>.lemonsqueezy.com, got "
            f"'https://evil.example.com@tenon.lemonsqueezy.com/checkout/buy/{VARIANT}'",
        ),
        (
            f"https://tenon.lemonsqueezy.com.evil.example/checkout/buy/{VARIANT}",
            "Lemon Squeezy links must be on <name>.lemonsqueezy.com, got "
            f"'https://tenon.lemonsqueezy.com.evil.example/checkout/buy/{VARIANT}'",
        ),
        (
            "https://tenon.lemonsqueezy.com/checkout/buy/12345",
            "must look like https://<store>.lemonsqueezy.com/checkout/buy/<variant id> "
            "(the id is a UUID; no ? or # part), got "
            "'https://tenon.lemonsqueezy.com/checkout/buy/12345'",
        ),
        (
            f"https://tenon.lemonsqueezy.com/buy/{VARIANT}",
            "must look like https://<store>.lemonsqueezy.com/checkout/buy/<variant id> "
            "(the id is a UUID; no ? or # part), got "
            f"'https://tenon.lemonsqueezy.com/buy/{VARIANT}'",
        ),
        (
            f"{CHECKOUT}?embed=1",
            "must look like https://<store>.lemonsqueezy.com/checkout/buy/<variant id> "
            f"(the id is a UUID; no ? or # part), got '{CHECKOUT}?embed=1'",
        ),
        (
            f"{CHECKOUT}#x",
            "must look like https://<store>.lemonsqueezy.com/checkout/buy/<variant id> "
            f"(the id is a UUID; no ? or # part), got '{CHECKOUT}#x'",
        ),
    ],
)
def test_lemon_squeezy_refuses_other_hosts_and_shapes(address, message):
    assert error_messages("lemon_squeezy", {"url": address}) == [f"Value error, {message}"]


def test_lemon_squeezy_needs_a_link():
    assert error_messages("lemon_squeezy", {}) == ["Field required"]


def test_gumroad_goes_straight_to_checkout_unless_told_otherwise():
    product = "https://tenon.gumroad.com/l/lamp-kit"
    assert url("gumroad", {"url": product}) == f"{product}?wanted=true"
    assert url("gumroad", {"url": product}, OPEN) == f"{product}?wanted=true"
    assert url("gumroad", {"url": product, "wanted": False}) == product


def test_gumroad_cannot_take_monthly_gifts():
    assert problems("gumroad", {"url": "https://tenon.gumroad.com/l/kit"}, MONTHLY) == [
        "Gumroad links cannot set up monthly giving"
    ]


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            "http://tenon.gumroad.com/l/kit",
            "Gumroad links must use https://, got 'http://tenon.gumroad.com/l/kit'",
        ),
        (
            "https://gumroad.com.evil.example/l/kit",
            "Gumroad links must be on <name>.gumroad.com, got 'https://gumroad.com.evil.example/l/kit'",
        ),
        (
            "https://tenon.gumroad.com:444/l/kit",
            "Gumroad links must be on <name>.gumroad.com, got 'https://tenon.gumroad.com:444/l/kit'",
        ),
        (
            "https://tenon.gumroad.com/l/kit?wanted=true",
            "must look like https://<user>.gumroad.com/l/<permalink> (no ? or # part), "
            "got 'https://tenon.gumroad.com/l/kit?wanted=true'",
        ),
        (
            "https://tenon.gumroad.com/kit",
            "must look like https://<user>.gumroad.com/l/<permalink> (no ? or # part), "
            "got 'https://tenon.gumroad.com/kit'",
        ),
    ],
)
def test_gumroad_refuses_other_hosts_and_shapes(address, message):
    assert error_messages("gumroad", {"url": address}) == [f"Value error, {message}"]


def test_gumroad_needs_a_link():
    assert error_messages("gumroad", {}) == ["Field required"]


@pytest.mark.parametrize(
    "name",
    [
        "open_collective",
        "liberapay",
        "github_sponsors",
        "every_org",
        "donorbox",
        "ko_fi",
        "buy_me_a_coffee",
        "lemon_squeezy",
        "gumroad",
    ],
)
def test_each_processor_is_registered_with_its_label_option(name):
    processor = get_processor(name)
    assert processor is not None and processor.name == name
    assert issubclass(processor.Options, ProcessorOptions)
    fields = list(processor.Options.model_fields)
    assert fields[0] == "processor" and "label" in fields
