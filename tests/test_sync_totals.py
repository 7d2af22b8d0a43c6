"""`pledgekit ledger sync` from the sources whose APIs report totals or itemise donations
without an SDK (Every.org, Donorbox, Liberapay, GitHub Sponsors), each against a stand-in on
127.0.0.1 shaped as the processor documents it (tests/totals_standins.py): exact rows, exact
page figures, a second sync that changes no file, a new figure that replaces the row, retries,
refusals and unknown names said in one line with the ledger untouched."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from stripe_standin import StripeStandIn
from support import FIXED_NOW, parse_html, site_yaml
from sync_support import (
    STRIPE_KEY,
    friend_tier,
    ledger_rows,
    ledger_summary,
    one_campaign_site,
    snapshot,
    stripe_environment,
    supporter_site,
    sync,
    waits_fixture,  # noqa: F401 (the fixture `waits`)
)
from totals_standins import (
    Answer,
    DonorboxStandIn,
    EveryOrgStandIn,
    GitHubStandIn,
    LiberapayStandIn,
)

from pledgekit.build import build
from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status
from pledgekit.ledger.store import LEDGER_FILE
from pledgekit.ledger.sync import donorbox as donorbox_source
from pledgekit.ledger.sync.every_org import fundraiser_of
from pledgekit.ledger.sync.github_sponsors import login_of
from pledgekit.ledger.sync.liberapay import monthly_from_weekly
from pledgekit.ledger.sync.state import SYNC_FILE

# Made up at run time, so that no file of the repository holds anything shaped like a key.
EVERY_ORG_KEY = "pk_" + "EveryOrgPublicKey" + "31"
SUPPORTER_LINK = "https://buy.stripe.com/supporter01"
MOMENT = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def usd_site(folder: Path, open_pledge: str, tier_pledge: str | None = None) -> Path:
    """A site in USD whose campaign 'lamp' takes pledges through `open_pledge` (a YAML list
    of pledge options) and its tier 'supporter' (25 USD) through `tier_pledge`."""
    tier = tier_pledge or f"[{{processor: stripe, url: '{SUPPORTER_LINK}'}}]"
    return supporter_site(folder, tier, open_pledge, site=site_yaml(currency="USD"))


def summary_line(site: Path) -> str:
    return ledger_summary(site).output.splitlines()[0]


def all_files_and_output_lack(text: str, folders: list[Path], said: str) -> bool:
    found = [
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and text.encode() in path.read_bytes()
    ]
    return found == [] and text not in said


# -- Every.org ---------------------------------------------------------------------------

FUNDRAISER = "{processor: every_org, nonprofit: givedirectly, fundraiser: winter-lamps}"
RAISED_PATH = "/v0.2/nonprofit/givedirectly/fundraiser/winter-lamps/raised"


@pytest.fixture
def every_org():
    with EveryOrgStandIn(EVERY_ORG_KEY) as standin:
        yield standin


@pytest.fixture
def stripe():
    with StripeStandIn(STRIPE_KEY) as standin:
        yield standin


def every_org_site(folder: Path) -> Path:
    """The campaign's tier and open pledge both give to the fundraiser (nothing else)."""
    return usd_site(folder, f"[{FUNDRAISER}]", tier_pledge=f"[{FUNDRAISER}]")


def every_org_environment(standin: EveryOrgStandIn, key: str = EVERY_ORG_KEY) -> dict[str, str]:
    return {"PLEDGEKIT_EVERY_ORG_KEY": key, "PLEDGEKIT_EVERY_ORG_API_BASE": standin.base}


def test_an_every_org_total_and_a_stripe_ledger_add_up_and_a_second_sync_changes_nothing(
    every_org, stripe, waits, tmp_path
):
    site = usd_site(tmp_path, f"[{FUNDRAISER}]")
    supporter = stripe.add_link(SUPPORTER_LINK)
    for number in range(2):
        stripe.add_sale(supporter, 2500, currency="usd", email=f"backer{number}@mail.example")
    every_org.set_raised("givedirectly", "winter-lamps", raised=123456, supporters=38)
    environment = {**every_org_environment(every_org), **stripe_environment(stripe)}
    first = sync(site, environment=environment)
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[:2] == [
        "lamp: every_org: 1 total read: 1 added, 0 updated, 0 unchanged",
        "  + every_org total:givedirectly/winter-lamps 2026-12-07 total 1234.56 USD from 38 supporters",
    ]
    assert "lamp: stripe: 2 payments read: 2 added, 0 updated, 0 unchanged" in first.stdout
    total = next(row for row in ledger_rows(site) if row.kind is Kind.TOTAL)
    assert total == LedgerRow(
        processor="every_org",
        transaction_id="total:givedirectly/winter-lamps",
        date=MOMENT,
        kind=Kind.TOTAL,
        gross=Decimal("1234.56"),
        currency="USD",
        status=Status.PAID,
        recurring=Recurring.ONCE,
        supporters=38,
    )
    # The key rides in the query, as Every.org's docs show it; nothing else is asked.
    assert [(method, path, query) for method, path, query, _ in every_org.requests] == [
        ("GET", RAISED_PATH, {"apiKey": [EVERY_ORG_KEY]})
    ]
    assert summary_line(site) == "lamp: 1,284.56 USD from 40 backers, 3 ledger rows"
    record = json.loads((site / "campaigns/lamp" / SYNC_FILE).read_text())
    assert record["sources"]["every_org"] == {"as_of": "2026-12-07T10:00:00Z"}
    output = tmp_path / "out"
    build(site, output, FIXED_NOW)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert page.select_one("[data-live=raised]").text == "$1,284.56"
    every_org_links = {a["href"] for a in page.select("a[href*='every.org']")}
    assert every_org_links == {
        "https://www.every.org/givedirectly/f/winter-lamps?frequency=ONCE#donate"
    }
    totals = json.loads((output / "campaigns/lamp/totals.json").read_text())
    assert (totals["raised"], totals["backers"]) == ("1284.56", 40)

    # The same figure half an hour later: no file changes, the first date stays.
    before = snapshot(site)
    second = sync(site, environment=environment, now="2026-12-07T10:30:00+00:00")
    assert second.exit_code == 0, second.output
    assert "lamp: every_org: 1 total read: 0 added, 0 updated, 1 unchanged" in second.stdout
    assert snapshot(site) == before

    # A new figure replaces the row, dated when it was read.
    every_org.set_raised("givedirectly", "winter-lamps", raised=150000, supporters=41)
    third = sync(site, environment=environment, now="2026-12-07T12:00:00+00:00")
    assert third.exit_code == 0, third.output
    assert "lamp: every_org: 1 total read: 0 added, 1 updated, 0 unchanged" in third.stdout
    assert (
        "  ~ every_org total:givedirectly/winter-lamps 2026-12-07 total 1500.00 USD from 41 "
        "supporters (was 1234.56 USD from 38 supporters)"
    ) in third.stdout.splitlines()
    [total] = [row for row in ledger_rows(site) if row.kind is Kind.TOTAL]
    assert (total.gross, total.supporters, total.date) == (
        Decimal("1500.00"),
        41,
        datetime(2026, 12, 7, 12, 0, tzinfo=UTC),
    )
    assert summary_line(site) == "lamp: 1,550.00 USD from 43 backers, 3 ledger rows"
    said = first.output + second.output + third.output
    assert all_files_and_output_lack(EVERY_ORG_KEY, [site, output], said)
    assert waits == []


def test_every_org_503_then_success_and_429_honouring_retry_after(every_org, waits, tmp_path):
    site = every_org_site(tmp_path)
    every_org.set_raised("givedirectly", "winter-lamps", raised=5000, supporters=2)
    every_org.fail(
        RAISED_PATH,
        Answer(503, b"<html>down for maintenance</html>"),
        Answer(429, b'{"message": "Too many requests"}', {"Retry-After": "7"}),
    )
    result = sync(site, environment=every_org_environment(every_org))
    assert result.exit_code == 0, result.output
    assert waits == [1.0, 7.0]
    # The tier and the open pledge name one fundraiser: read once, one row.
    assert [(row.transaction_id, row.gross) for row in ledger_rows(site)] == [
        ("total:givedirectly/winter-lamps", Decimal("50.00"))
    ]
    assert len(every_org.requests) == 3


def test_every_org_failing_on_every_try_never_says_the_key(every_org, waits, tmp_path):
    site = every_org_site(tmp_path)
    every_org.fail(RAISED_PATH, *[Answer(502, b"bad gateway")] * 4)
    result = sync(site, environment=every_org_environment(every_org))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"every_org: {every_org.base}{RAISED_PATH} answers 502 (Bad Gateway), after 4 tries"
    ]
    assert waits == [1.0, 2.0, 4.0]
    unreachable = {
        **every_org_environment(every_org),
        "PLEDGEKIT_EVERY_ORG_API_BASE": "http://127.0.0.1:9",
    }
    result = sync(site, environment=unreachable)
    assert result.stderr.splitlines() == [
        "every_org: cannot reach http://127.0.0.1:9/ (connection refused), after 4 tries"
    ]
    assert EVERY_ORG_KEY not in result.output


def test_a_refused_every_org_key_is_one_line_and_the_ledger_is_untouched(
    every_org, waits, tmp_path
):
    site = every_org_site(tmp_path)
    every_org.set_raised("givedirectly", "winter-lamps", raised=5000, supporters=2)
    before = snapshot(site)
    wrong = "pk_" + "SomebodyElses" + "Key9"
    result = sync(site, environment=every_org_environment(every_org, key=wrong))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "every_org: the key in PLEDGEKIT_EVERY_ORG_KEY was refused (401): Invalid API key"
    ]
    assert snapshot(site) == before and waits == [] and wrong not in result.output


def test_an_unknown_every_org_fundraiser_is_one_line_and_the_ledger_is_untouched(
    every_org, waits, tmp_path
):
    site = every_org_site(tmp_path)
    before = snapshot(site)
    result = sync(site, environment=every_org_environment(every_org))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "every_org: Every.org has no fundraiser 'winter-lamps' of the nonprofit 'givedirectly': "
        f"check the pledge option's nonprofit and fundraiser ({every_org.base}{RAISED_PATH}: 404)"
    ]
    assert snapshot(site) == before and waits == []


def test_a_link_to_the_nonprofit_alone_reads_nothing_and_says_so(every_org, tmp_path):
    nonprofit = "[{processor: every_org, nonprofit: givedirectly}]"
    site = usd_site(tmp_path, nonprofit, tier_pledge=f"[{FUNDRAISER}]")
    every_org.set_raised("givedirectly", "winter-lamps", raised=5000, supporters=2)
    result = sync(site, environment=every_org_environment(every_org))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "lamp: every_org: 1 total read: 1 added, 0 updated, 0 unchanged",
        "  + every_org total:givedirectly/winter-lamps 2026-12-07 total 50.00 USD from 2 supporters",
        "  note: https://www.every.org/givedirectly (the pledge without a reward) is the "
        "nonprofit's own page, not a fundraiser's: Every.org reports no figure for one campaign "
        "there, so nothing was read for it (give the pledge option `fundraiser:`)",
    ]
    assert len(every_org.requests) == 1


def test_every_org_without_its_key_or_with_a_malformed_answer(every_org, waits, tmp_path):
    site = every_org_site(tmp_path)
    missing = sync(site, environment={})
    assert missing.exit_code == 1
    assert missing.stderr.splitlines() == [
        "every_org: PLEDGEKIT_EVERY_ORG_KEY is not set: give it the public API key of your "
        "Every.org developer dashboard, https://www.every.org/developer (see docs/ledger.md)"
    ]
    configured_only = sync(site, "--configured-only", environment={})
    assert configured_only.exit_code == 0
    assert configured_only.stdout.splitlines() == [
        "every_org: not read: PLEDGEKIT_EVERY_ORG_KEY is not set (--configured-only)"
    ]
    every_org.fail(RAISED_PATH, Answer(200, b"<html>maintenance</html>"))
    every_org.fail(RAISED_PATH, Answer(200, b'{"raised": "12.50", "supporters": 2}'))
    for said in ("what is not JSON (HTTP 200)", "what is not a fundraiser's raised amount"):
        result = sync(site, environment=every_org_environment(every_org))
        assert result.exit_code == 1
        [line] = result.stderr.splitlines()
        assert line.startswith(f"every_org: {every_org.base}{RAISED_PATH} answered with {said}")
    assert not (site / "campaigns/lamp" / LEDGER_FILE).exists() and waits == []


def test_the_fundraiser_is_read_from_the_link():
    assert fundraiser_of("https://www.every.org/givedirectly") == ("givedirectly", None)
    assert fundraiser_of("https://www.every.org/givedirectly/f/winter-lamps") == (
        "givedirectly",
        "winter-lamps",
    )
    assert fundraiser_of("https://www.every.org/27-1661997/f/a%20b") == ("27-1661997", "a b")


# -- Donorbox ----------------------------------------------------------------------------

DONORBOX_EMAIL = "treasurer@lamps.example"
DONORBOX_KEY = "Donorbox" + "ApiKey" + "5Tq8"
DONORBOX = "{processor: donorbox, campaign: lamp-fund}"


@pytest.fixture
def donorbox():
    with DonorboxStandIn(DONORBOX_EMAIL, DONORBOX_KEY) as standin:
        yield standin


def donorbox_environment(standin: DonorboxStandIn, key: str = DONORBOX_KEY) -> dict[str, str]:
    return {
        "PLEDGEKIT_DONORBOX_EMAIL": DONORBOX_EMAIL,
        "PLEDGEKIT_DONORBOX_KEY": key,
        "PLEDGEKIT_DONORBOX_API_BASE": standin.base,
    }


def donorbox_site(folder: Path) -> Path:
    return usd_site(folder, f"[{DONORBOX}]", tier_pledge=f"[{DONORBOX}]")


def test_donorbox_donations_are_itemised_without_any_donors_details(
    donorbox, waits, tmp_path, monkeypatch
):
    monkeypatch.setattr(donorbox_source, "PAGE_SIZE", 2)  # three pages of donations
    site = donorbox_site(tmp_path)
    lamp = donorbox.add_campaign("lamp-fund", "Lamp fund")
    other = donorbox.add_campaign("desk-fund", "Desk fund")
    donorbox.add_donation(lamp, "25.0", processing_fee=1.03, donor={"id": 101},
                          donation_date="2026-11-20T09:00:00.000Z")  # fmt: skip
    refunded = donorbox.add_donation(lamp, "100.0", amount_refunded="40.0", processing_fee=3.2,
                                     donor={"id": 102}, donation_date="2026-11-21T09:00:00.000Z")  # fmt: skip
    donorbox.add_donation(lamp, "10.0", recurring=True, donor={"id": 103},
                          donation_date="2026-11-22T09:00:00.000Z")  # fmt: skip
    donorbox.add_plan(lamp, donor=103)
    donorbox.add_donation(lamp, "60.0", recurring=True, donor={"id": 104},
                          donation_date="2026-11-23T09:00:00.000Z")  # fmt: skip
    donorbox.add_plan(lamp, donor=104, kind="annual")
    donorbox.add_donation(lamp, "30.0", status="failed", donor={"id": 105},
                          donation_date="2026-11-24T09:00:00.000Z")  # fmt: skip
    donorbox.add_donation(lamp, "45.0", status="on_hold", donor={"id": 106},
                          donation_date="2026-11-25T09:00:00.000Z")  # fmt: skip
    donorbox.add_donation(other, "999.0", donor={"id": 107})
    first = sync(site, environment=donorbox_environment(donorbox))
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[0] == (
        "lamp: donorbox: 5 payments read: 5 added, 0 updated, 0 unchanged"
    )
    assert "  skipped 1 donations in a state pledgekit does not count (on_hold)" in first.stdout
    rows = sorted(ledger_rows(site), key=lambda row: row.date)
    assert [
        (row.transaction_id, row.date.day, row.gross, row.refunded, row.status.value, row.tier,
         row.fee, row.recurring.value, row.backer)
        for row in rows
    ] == [
        ("3", 20, Decimal("25.00"), Decimal("0.00"), "paid", "supporter", Decimal("1.03"), "", ""),
        ("4", 21, Decimal("100.00"), Decimal("40.00"), "paid", "", Decimal("3.20"), "", ""),
        ("5", 22, Decimal("10.00"), Decimal("0.00"), "paid", "", Decimal("0.59"), "monthly", ""),
        ("7", 23, Decimal("60.00"), Decimal("0.00"), "paid", "", Decimal("0.59"), "", ""),
        ("9", 24, Decimal("30.00"), Decimal("0.00"), "failed", "", Decimal("0.59"), "", ""),
    ]  # fmt: skip
    assert len({row.backer_ref for row in rows}) == 5
    assert summary_line(site) == "lamp: 155.00 USD from 4 backers, 5 ledger rows"
    # Every list read oldest first, page after page, the donations of this campaign only.
    donations = [query for _, path, query, _ in donorbox.requests if path == "/api/v1/donations"]
    assert [(q["campaign_id"], q["page"], q["per_page"], q["order"]) for q in donations] == [
        ([str(lamp)], [str(page)], ["2"], ["asc"]) for page in (1, 2, 3, 4)
    ]

    # Nothing new: no file changes. Then more of the 100.00 is refunded.
    before = snapshot(site)
    second = sync(site, environment=donorbox_environment(donorbox), now="2026-12-07T10:40:00Z")
    assert "lamp: donorbox: 5 payments read: 0 added, 0 updated, 5 unchanged" in second.stdout
    assert snapshot(site) == before
    refunded["amount_refunded"] = "100.0"
    third = sync(site, environment=donorbox_environment(donorbox), now="2026-12-07T11:00:00Z")
    assert "lamp: donorbox: 5 payments read: 0 updated" not in third.stdout
    assert "lamp: donorbox: 5 payments read: 0 added, 1 updated, 4 unchanged" in third.stdout
    assert summary_line(site) == "lamp: 95.00 USD from 3 backers, 5 ledger rows"

    # The donors' names, e-mails and addresses the API gives are in no file and never said.
    said = first.output + second.output + third.output
    for text in ("donor@example.org", "plan-donor@example.org", "John Doe", "Bruce", "Melbourne",
                 DONORBOX_KEY, DONORBOX_EMAIL):  # fmt: skip
        assert all_files_and_output_lack(text, [site], said), text
    assert waits == []


def test_donorbox_refusals_unknown_campaigns_and_retries_are_one_line(donorbox, waits, tmp_path):
    site = donorbox_site(tmp_path)
    before = snapshot(site)
    wrong = "Somebody" + "ElsesKey" + "77"
    refused = sync(site, environment=donorbox_environment(donorbox, key=wrong))
    assert refused.exit_code == 1 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        "donorbox: PLEDGEKIT_DONORBOX_EMAIL and PLEDGEKIT_DONORBOX_KEY were refused: give the "
        "login e-mail of the organisation and its current API key (401): You need to sign in or "
        "sign up before continuing."
    ]
    assert wrong not in refused.output and DONORBOX_EMAIL not in refused.output
    unknown = sync(site, environment=donorbox_environment(donorbox))
    assert unknown.exit_code == 1
    assert unknown.stderr.splitlines() == [
        "donorbox: no campaign of this Donorbox account has the address "
        "https://donorbox.org/lamp-fund (its slug 'lamp-fund'): check the pledge option's campaign"
    ]
    missing = sync(site, environment={"PLEDGEKIT_DONORBOX_EMAIL": DONORBOX_EMAIL})
    assert missing.stderr.splitlines() == [
        "donorbox: PLEDGEKIT_DONORBOX_KEY is not set: give the organisation's login e-mail and "
        "an API key (Donorbox: Account → API & Zapier Integration; see docs/ledger.md)"
    ]
    assert snapshot(site) == before and waits == []

    lamp = donorbox.add_campaign("lamp-fund", "Lamp fund")
    donorbox.add_donation(lamp, "25.0", donor={"id": 101})
    donorbox.fail("/api/v1/campaigns", Answer(503, b"<html>maintenance</html>"))
    donorbox.fail(
        "/api/v1/donations", Answer(429, b'{"error": "Rate limit"}', {"Retry-After": "5"})
    )
    result = sync(site, environment=donorbox_environment(donorbox))
    assert result.exit_code == 0, result.output
    assert waits == [1.0, 5.0]
    assert [row.gross for row in ledger_rows(site)] == [Decimal("25.00")]


# -- Liberapay ---------------------------------------------------------------------------

LIBERAPAY_PATH = "/lampmaker/public.json"


@pytest.fixture
def liberapay():
    with LiberapayStandIn() as standin:
        yield standin


def liberapay_site(folder: Path) -> Path:
    """A campaign in EUR whose monthly tier 'friend' gives through Liberapay."""
    tier = friend_tier("[{processor: liberapay, user: lampmaker}]")
    return one_campaign_site(folder, {"totals": None, "tiers": tier})


def test_liberapay_weekly_receipts_become_a_monthly_total_read_without_a_key(
    liberapay, waits, tmp_path
):
    site = liberapay_site(tmp_path)
    liberapay.set_receiving("lampmaker", "10.00", patrons=7)
    environment = {"PLEDGEKIT_LIBERAPAY_API_BASE": liberapay.base}
    # Nothing to set: a scheduled run (--configured-only) reads it too.
    first = sync(site, "--configured-only", environment=environment)
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        "lamp: liberapay: 1 total read: 1 added, 0 updated, 0 unchanged",
        "  + liberapay total:lampmaker 2026-12-07 total 43.33 EUR a month from 7 supporters",
    ]
    assert ledger_rows(site) == [
        LedgerRow(
            processor="liberapay",
            transaction_id="total:lampmaker",
            date=MOMENT,
            kind=Kind.TOTAL,
            gross=Decimal("43.33"),
            currency="EUR",
            recurring=Recurring.MONTHLY,
            supporters=7,
        )
    ]
    assert [(method, path) for method, path, _, _ in liberapay.requests] == [
        ("GET", LIBERAPAY_PATH),
        ("GET", "/lampmaker/patrons/public.csv"),  # nobody public: an empty body
    ]
    before = snapshot(site)
    second = sync(site, environment=environment, now="2026-12-07T10:45:00+00:00")
    assert "lamp: liberapay: 1 total read: 0 added, 0 updated, 1 unchanged" in second.stdout
    assert snapshot(site) == before

    liberapay.set_receiving("lampmaker", "12.50", patrons=8)
    third = sync(site, environment=environment, now="2026-12-08T09:00:00+00:00")
    assert "lamp: liberapay: 1 total read: 0 added, 1 updated, 0 unchanged" in third.stdout
    [row] = ledger_rows(site)
    assert (row.gross, row.supporters, row.date) == (
        Decimal("54.17"),
        8,
        datetime(2026, 12, 8, 9, 0, tzinfo=UTC),
    )
    assert waits == []


def test_a_week_is_52_twelfths_of_a_month_in_the_currencys_places():
    assert monthly_from_weekly(Decimal("10.00"), "EUR") == Decimal("43.33")
    assert monthly_from_weekly(Decimal("12.50"), "EUR") == Decimal("54.17")
    assert monthly_from_weekly(Decimal("3"), "EUR") == Decimal("13.00")
    assert monthly_from_weekly(Decimal("7"), "JPY") == Decimal("30")
    assert monthly_from_weekly(Decimal("1.000"), "KWD") == Decimal("4.333")
    assert monthly_from_weekly(Decimal("0.00"), "EUR") == Decimal("0.00")


def test_liberapay_unknown_hidden_and_failing_accounts(liberapay, waits, tmp_path):
    site = liberapay_site(tmp_path)
    environment = {"PLEDGEKIT_LIBERAPAY_API_BASE": liberapay.base}
    before = snapshot(site)
    unknown = sync(site, environment=environment)
    assert unknown.exit_code == 1 and unknown.stdout == ""
    assert unknown.stderr.splitlines() == [
        "liberapay: Liberapay has no account 'lampmaker': check the pledge option's user "
        f"({liberapay.base}{LIBERAPAY_PATH}: 404)"
    ]
    assert snapshot(site) == before

    liberapay.set_receiving("lampmaker", None, patrons=3)
    hidden = sync(site, environment=environment)
    assert hidden.exit_code == 0, hidden.output
    assert hidden.stdout.splitlines() == [
        "lamp: liberapay: 0 payments read: 0 added, 0 updated, 0 unchanged",
        f"  note: lampmaker hides what they receive on Liberapay ({liberapay.base}"
        f"{LIBERAPAY_PATH} gives no receiving): nothing was read for it; show it in Liberapay's "
        "privacy settings to have it synced",
    ]
    assert not (site / "campaigns/lamp" / LEDGER_FILE).exists()

    liberapay.set_receiving("lampmaker", "2.00", patrons=1)
    liberapay.fail(
        LIBERAPAY_PATH,
        Answer(503, b"<html>maintenance</html>"),
        Answer(429, b"Too many requests", {"Retry-After": "2"}),
    )
    retried = sync(site, environment=environment)
    assert retried.exit_code == 0, retried.output
    assert waits == [1.0, 2.0]
    assert [row.gross for row in ledger_rows(site)] == [Decimal("8.67")]

    liberapay.fail(LIBERAPAY_PATH, Answer(200, b'{"receiving": {"amount": "x"}, "npatrons": 1}'))
    malformed = sync(site, environment=environment, now="2026-12-09T10:00:00Z")
    assert malformed.exit_code == 1
    assert malformed.stderr.splitlines() == [
        f"liberapay: {liberapay.base}{LIBERAPAY_PATH} answered with what is not an account's "
        "public figures (receiving as an amount and a currency, npatrons as a whole number)"
    ]


# -- GitHub Sponsors ---------------------------------------------------------------------

GITHUB_TOKEN = "github_" + "pat_" + "PledgekitFake" + "11A"
SPONSORS = "[{processor: github_sponsors, user: lampmaker}]"


@pytest.fixture
def github():
    with GitHubStandIn(GITHUB_TOKEN, page_size=2) as standin:
        yield standin


def github_environment(standin: GitHubStandIn, token: str = GITHUB_TOKEN) -> dict[str, str]:
    return {"PLEDGEKIT_GITHUB_TOKEN": token, "PLEDGEKIT_GITHUB_API_BASE": standin.base}


def test_github_sponsors_active_monthly_sponsorships_become_a_monthly_total(
    github, waits, tmp_path
):
    site = usd_site(tmp_path, SPONSORS, tier_pledge=SPONSORS)
    github.sponsor("lampmaker", 5)
    github.sponsor("lampmaker", 10)
    github.sponsor("lampmaker", 25, private=True)
    github.sponsor("lampmaker", 50, one_time=True)
    github.sponsor("somebody-else", 100)
    first = sync(site, environment=github_environment(github))
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        "lamp: github_sponsors: 1 total read: 1 added, 0 updated, 0 unchanged",
        "  + github_sponsors total:lampmaker 2026-12-07 total 40.00 USD a month from 3 supporters",
        "  skipped 1 one-time sponsorships (not a monthly figure)",
    ]
    assert ledger_rows(site) == [
        LedgerRow(
            processor="github_sponsors",
            transaction_id="total:lampmaker",
            date=MOMENT,
            kind=Kind.TOTAL,
            gross=Decimal("40.00"),
            currency="USD",
            recurring=Recurring.MONTHLY,
            supporters=3,
        )
    ]
    # Two pages of two, asked for with the private ones, by the tier link and the open
    # pledge's alike (one account: read once).
    assert [body["variables"] for _, _, _, body in github.requests] == [
        {"login": "lampmaker", "after": None},
        {"login": "lampmaker", "after": "2"},
    ]
    before = snapshot(site)
    second = sync(site, environment=github_environment(github), now="2026-12-07T10:20:00Z")
    assert "lamp: github_sponsors: 1 total read: 0 added, 0 updated, 1 unchanged" in (second.stdout)
    assert snapshot(site) == before
    github.sponsor("lampmaker", 15)
    third = sync(site, environment=github_environment(github), now="2026-12-07T11:00:00Z")
    assert "lamp: github_sponsors: 1 total read: 0 added, 1 updated, 0 unchanged" in (third.stdout)
    assert [(row.gross, row.supporters) for row in ledger_rows(site)] == [(Decimal("55.00"), 4)]
    said = first.output + second.output + third.output
    assert all_files_and_output_lack(GITHUB_TOKEN, [site], said) and waits == []


def test_github_sponsors_failures_are_one_line_and_rate_limits_wait(github, waits, tmp_path):
    site = usd_site(tmp_path, SPONSORS, tier_pledge=SPONSORS)
    before = snapshot(site)
    missing = sync(site, environment={})
    assert missing.stderr.splitlines() == [
        "github_sponsors: PLEDGEKIT_GITHUB_TOKEN is not set: give it a token of the sponsored "
        "account that only reads (see docs/ledger.md)"
    ]
    wrong = "github_" + "pat_" + "SomebodyElses"
    refused = sync(site, environment=github_environment(github, token=wrong))
    assert refused.stderr.splitlines() == [
        "github_sponsors: the token in PLEDGEKIT_GITHUB_TOKEN was refused (401): Bad credentials"
    ]
    assert wrong not in refused.output
    unknown = sync(site, environment=github_environment(github))
    assert unknown.exit_code == 1
    assert unknown.stderr.splitlines() == [
        "github_sponsors: GitHub has no user or organization 'lampmaker': check the pledge "
        "option's user"
    ]
    github.errors = [
        {
            "type": "INSUFFICIENT_SCOPES",
            "message": "Your token has not been granted the required scopes to execute this query.",
        }
    ]
    scopes = sync(site, environment=github_environment(github))
    assert scopes.stderr.splitlines() == [
        f"github_sponsors: {github.base}/graphql refused the query (INSUFFICIENT_SCOPES): Your "
        "token has not been granted the required scopes to execute this query."
    ]
    assert snapshot(site) == before and waits == []

    github.sponsor("lampmaker", 5)
    github.fail(
        "/graphql",
        Answer(
            403, b'{"message": "You have exceeded a secondary rate limit."}', {"Retry-After": "9"}
        ),
        Answer(502, b"<html>bad gateway</html>"),
    )
    result = sync(site, environment=github_environment(github))
    assert result.exit_code == 0, result.output
    assert waits == [9.0, 2.0]
    assert [row.gross for row in ledger_rows(site)] == [Decimal("5.00")]


def test_the_sponsored_account_is_read_from_the_link():
    assert login_of("https://github.com/sponsors/lampmaker") == "lampmaker"
    assert login_of("https://github.com/lampmaker") == ""
