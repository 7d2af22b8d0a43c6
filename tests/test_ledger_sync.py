"""`pledgekit ledger sync` with Stripe: a stand-in Stripe API on 127.0.0.1 built from Stripe's
own example objects, the acceptance scenario of issue 21, failures said in one line, retries,
the record of reads (ledger-sync.json), kills and two syncs at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import stripe as stripe_sdk
from click.testing import CliRunner
from stripe_standin import Answer, StripeStandIn
from support import (
    FIXED_NOW,
    HERO_SVG,
    REPOSITORY,
    campaign_yaml,
    parse_html,
    site_yaml,
    tier_yaml,
    write_site,
)
from sync_support import (
    NOW,
    STRIPE_KEY,
    ledger_rows,
    ledger_summary,
    one_campaign_site,
    snapshot,
    stripe_environment,
    supporter_site,
    sync,
    sync_settings,
    waits_fixture,  # noqa: F401 (the fixture `waits`)
)

from pledgekit.build import build
from pledgekit.cli import main
from pledgekit.ledger import importing
from pledgekit.ledger.rows import Status
from pledgekit.ledger.store import LEDGER_FILE
from pledgekit.ledger.sync.credentials import without_secrets
from pledgekit.ledger.sync.retry import SourceFailure, retry_after_seconds
from pledgekit.ledger.sync.run import sync_ledgers
from pledgekit.ledger.sync.sources import offers_of, source_names
from pledgekit.ledger.sync.state import RESTAMP_AFTER, SYNC_FILE, reads_after
from pledgekit.ledger.sync.stripe import StripeSource
from pledgekit.ledger.sync.stripe_objects import major_units, supporter_name
from pledgekit.load.private_files import private_reason
from pledgekit.problems import ContentErrors
from pledgekit.validate.folder import validated_site

SUPPORTER_LINK = "https://buy.stripe.com/supporter01"
ANY_AMOUNT_LINK = "https://buy.stripe.com/anyamount01"


def lamp_site(folder: Path, slug: str = "lamp", **campaign: object) -> Path:
    """A site whose campaign takes 25.00 EUR for the tier 'supporter' and any amount for the
    pledge without a reward, both through Stripe Payment Links."""
    tier = f"[{{processor: stripe, url: '{SUPPORTER_LINK}'}}]"
    any_amount = f"[{{processor: stripe, url: '{ANY_AMOUNT_LINK}'}}]"
    return supporter_site(folder, tier, any_amount, slug=slug, **campaign)


@pytest.fixture
def standin():
    with StripeStandIn(STRIPE_KEY) as account:
        yield account


def stripe_source(site: Path, environment: dict[str, str], **fields: object) -> StripeSource:
    """A Stripe source of the site's offers (told no campaign: it counts gross)."""
    validated = validated_site(site)
    settings = sync_settings(environment=environment, **fields)
    return StripeSource(offers_of(validated.links), settings)


# -- the stand-in speaks Stripe ----------------------------------------------------------


def test_the_sdk_parses_what_the_stand_in_serves_into_its_own_objects(standin):
    link = standin.add_link(SUPPORTER_LINK)
    standin.add_sale(link, 2500, refunded=1000, email="ada@mail.example")
    client = stripe_sdk.StripeClient(STRIPE_KEY, base_addresses={"api": standin.base})
    links = client.v1.payment_links.list()
    sessions = client.v1.checkout.sessions.list(
        params={"payment_link": link, "expand": ["data.payment_intent.latest_charge"]}
    )
    session = sessions.data[0]
    charge = session.payment_intent.latest_charge
    assert (type(links.data[0]), links.data[0].url) == (stripe_sdk.PaymentLink, SUPPORTER_LINK)
    assert isinstance(session, stripe_sdk.checkout.Session)
    assert isinstance(session.payment_intent, stripe_sdk.PaymentIntent)
    assert isinstance(charge, stripe_sdk.Charge)
    assert (session.status, session.payment_status, session.livemode) == ("complete", "paid", True)
    assert (charge.amount, charge.amount_refunded, charge.currency) == (2500, 1000, "eur")
    # Fields the tests never set are Stripe's own example values.
    assert session.success_url == "https://example.com/success"
    assert charge.payment_method_details.card.last4 == "4242"


# -- the acceptance scenario of issue 21 -------------------------------------------------


def test_a_stripe_account_synced_gives_exact_totals_and_a_second_sync_changes_nothing(
    standin, waits, tmp_path
):
    site = lamp_site(tmp_path)
    supporter = standin.add_link(SUPPORTER_LINK)
    any_amount = standin.add_link(ANY_AMOUNT_LINK)
    emails = [f"backer{number:02d}@mail.example" for number in range(15)]
    for number in range(10):
        standin.add_sale(
            supporter, 2500, email=emails[number], created=f"2026-11-{10 + number}T09:00:00+00:00"
        )
    standin.add_sale(any_amount, 10000, refunded=10000, email=emails[10], name="Zoé")
    eighty = standin.add_sale(any_amount, 8000, refunded=3000, email=emails[11])
    standin.add_sale(
        any_amount, 4000, payment_status="unpaid", charge_status="pending", email=emails[12]
    )
    standin.add_sale(any_amount, 50000, status="expired", payment_status="unpaid", email=emails[13])

    first = sync(site, environment=stripe_environment(standin))
    assert first.exit_code == 0, first.output
    assert (
        first.stdout.splitlines()[0]
        == "lamp: stripe: 13 payments read: 13 added, 0 updated, 0 unchanged"
    )
    assert "  skipped 1 open or expired sessions (nothing paid)" in first.stdout.splitlines()
    assert first.stderr == ""
    rows = ledger_rows(site)
    assert sorted((row.gross, row.refunded, row.status.value, row.tier) for row in rows) == sorted(
        [(Decimal("25.00"), Decimal("0.00"), "paid", "supporter")] * 10
        + [
            (Decimal("100.00"), Decimal("100.00"), "paid", ""),
            (Decimal("80.00"), Decimal("30.00"), "paid", ""),
            (Decimal("40.00"), Decimal("0.00"), "pending", ""),
        ]
    )
    assert [row.backer for row in rows if row.backer] == ["Zoé"]
    record = json.loads((site / "campaigns/lamp" / SYNC_FILE).read_text())
    assert record == {"version": 1, "sources": {"stripe": {"as_of": "2026-12-07T10:00:00Z"}}}

    summary = ledger_summary(site)
    lines = summary.output.splitlines()
    assert lines[0] == "lamp: 300.00 EUR from 11 backers, 13 ledger rows"
    assert lines[-1] == (
        "Pending: 40.00 EUR from 1 payment not yet paid (delayed methods such as SEPA Debit), "
        "not counted"
    )
    output = tmp_path / "out"
    build(site, output, FIXED_NOW)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert page.select_one("[data-live=raised]").text == "€300"
    assert page.select_one(".stats__pending").text == "€40 pending, counted once paid"
    totals = json.loads((output / "campaigns/lamp/totals.json").read_text())
    assert (totals["raised"], totals["pending"], totals["backers"]) == ("300.00", "40.00", 11)
    assert not list(output.rglob(SYNC_FILE))

    # Nothing new, an hour later at most: no file changes, not even the record of reads.
    before = snapshot(site)
    second = sync(site, environment=stripe_environment(standin), now="2026-12-07T10:50:00+00:00")
    assert second.exit_code == 0, second.output
    assert (
        second.stdout.splitlines()[0]
        == "lamp: stripe: 13 payments read: 0 added, 0 updated, 13 unchanged"
    )
    assert snapshot(site) == before

    # The 80.00 is refunded in full, and one more 25.00 is paid.
    eighty.charge.update(amount_refunded=8000, refunded=True)
    standin.add_sale(supporter, 2500, email=emails[14], created="2026-12-06T18:00:00+00:00")
    third = sync(site, environment=stripe_environment(standin), now="2026-12-07T11:00:00+00:00")
    assert (
        third.stdout.splitlines()[0]
        == "lamp: stripe: 14 payments read: 1 added, 1 updated, 12 unchanged"
    )
    assert (
        f"  ~ stripe {eighty.charge['id']} 2026-11-20 80.00 EUR paid refunded 80.00 (was paid, refunded 30.00)"
        in third.stdout.splitlines()
    )
    summary = ledger_summary(site)
    assert summary.output.splitlines()[0] == "lamp: 275.00 EUR from 11 backers, 14 ledger rows"
    build(site, output, FIXED_NOW)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert page.select_one("[data-live=raised]").text == "€275"
    record = json.loads((site / "campaigns/lamp" / SYNC_FILE).read_text())
    assert record["sources"]["stripe"]["as_of"] == "2026-12-07T11:00:00Z"

    # No e-mail the API gave, nor the key, is in any file or anything said.
    said = first.output + second.output + third.output + summary.output
    for folder in (site, output):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not [email for email in emails if email.encode() in data], path
                assert STRIPE_KEY.encode() not in data and b"Full Legal Name" not in data, path
    assert not [email for email in emails if email in said] and STRIPE_KEY not in said
    assert waits == []


def test_a_read_that_changes_nothing_moves_as_of_only_after_an_hour():
    read = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    reads = {"stripe": read, "paypal-export": datetime(2026, 12, 1, tzinfo=UTC)}
    assert reads_after(reads, ["stripe"], read + RESTAMP_AFTER, ledger_changed=False) is None
    later = read + RESTAMP_AFTER + (RESTAMP_AFTER / 60)
    assert reads_after(reads, ["stripe"], later, ledger_changed=False) == {**reads, "stripe": later}
    soon = read.replace(minute=5)
    assert reads_after(reads, ["stripe"], soon, ledger_changed=True) == {**reads, "stripe": soon}
    assert reads_after(reads, ["open-collective"], soon, False) == {
        **reads,
        "open-collective": soon,
    }


def test_an_import_records_when_its_export_was_read(tmp_path):
    site = lamp_site(tmp_path)
    export = tmp_path / "bank.csv"
    export.write_text("id,date,amount,currency\nbank-1,2026-11-14,60,EUR\n", encoding="utf-8")
    command = ["ledger", "import", "lamp", str(export), "--source", str(site), "--now", NOW]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    record = json.loads((site / "campaigns/lamp" / SYNC_FILE).read_text())
    assert record == {
        "version": 1,
        "sources": {"generic-export": {"as_of": "2026-12-07T10:00:00Z"}},
    }
    before = snapshot(site)
    again = CliRunner().invoke(main, [*command[:-1], "2026-12-07T10:30:00+00:00"])
    assert again.exit_code == 0 and snapshot(site) == before
    dry = CliRunner().invoke(main, [*command[:-1], "2026-12-09T10:00:00Z", "--dry-run"])
    assert dry.exit_code == 0 and snapshot(site) == before


def test_the_record_of_reads_is_private_like_the_ledger(tmp_path):
    assert private_reason("campaigns/lamp/ledger-sync.json") == "the ledger holds backers' payments"
    site = lamp_site(tmp_path)
    (site / "campaigns/lamp/story.md").write_text("See [when](ledger-sync.json).\n")
    (site / "campaigns/lamp" / SYNC_FILE).write_text('{"version": 1, "sources": {}}\n')
    result = CliRunner().invoke(
        main, ["build", "--source", str(site), "--output", str(tmp_path / "out")]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "content/campaigns/lamp/story.md:1:1: 'ledger-sync.json' is never published (the ledger "
        "holds backers' payments)",
        "Error: 1 error; nothing was written",
    ]


def test_a_name_is_kept_only_from_the_supporter_name_field():
    def session(*fields: tuple[str, str, str]):
        custom = [{"key": key, "type": kind, "text": {"value": text}} for key, kind, text in fields]
        return stripe_sdk.checkout.Session.construct_from({"custom_fields": custom}, "")

    assert supporter_name(session(("supporter_name", "text", " Zoé  M. "))) == "Zoé M."
    assert supporter_name(session(("Supporter-Name", "text", "Ada"))) == "Ada"
    assert supporter_name(session(("supportername", "dropdown", "Ada"))) == ""
    assert supporter_name(session(("nickname", "text", "Ada"))) == ""


# -- failures: one line each, content untouched -------------------------------------------


def test_a_rejected_key_exits_1_with_one_line_and_leaves_content_untouched(
    standin, waits, tmp_path
):
    site = lamp_site(tmp_path)
    standin.add_link(SUPPORTER_LINK)
    before = snapshot(site)
    wrong = "rk_" + "live_" + "SomebodyElsesKey4Kx"
    result = sync(site, environment=stripe_environment(standin, key=wrong))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "stripe: the key in PLEDGEKIT_STRIPE_KEY was refused (401): Invalid API Key provided: [hidden]"
    ]
    assert snapshot(site) == before and waits == []
    assert wrong not in result.output


def test_an_unreachable_api_exits_1_with_one_line_after_retries(waits, tmp_path):
    site = lamp_site(tmp_path)
    before = snapshot(site)
    environment = {
        "PLEDGEKIT_STRIPE_KEY": STRIPE_KEY,
        "PLEDGEKIT_STRIPE_API_BASE": "http://127.0.0.1:9",
    }
    result = sync(site, environment=environment)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "stripe: cannot reach http://127.0.0.1:9/ (connection refused), after 4 tries"
    ]
    assert waits == [1.0, 2.0, 4.0]  # backoff, doubled each time
    assert snapshot(site) == before


def test_a_missing_key_says_which_variable_and_what_key_to_make(tmp_path):
    site = lamp_site(tmp_path)
    result = sync(site, environment={})
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "stripe: PLEDGEKIT_STRIPE_KEY is not set: give it a restricted key (rk_live_…) with Read "
        "on Checkout Sessions, Payment Links, PaymentIntents, Charges, Disputes, Invoices and "
        "Subscriptions (see docs/ledger.md)"
    ]
    assert not (site / "campaigns/lamp" / LEDGER_FILE).exists()


def test_configured_only_leaves_out_a_source_without_its_key(tmp_path):
    """The scheduled workflow reads only what the repository has secrets for: an unset (or
    empty, as GitHub passes a missing secret) key is a note, not a failure."""
    site = lamp_site(tmp_path)
    before = snapshot(site)
    for environment in ({}, {"PLEDGEKIT_STRIPE_KEY": ""}):
        result = sync(site, "--configured-only", environment=environment)
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines() == [
            "stripe: not read: PLEDGEKIT_STRIPE_KEY is not set (--configured-only)"
        ]
        assert result.stderr == ""
        assert snapshot(site) == before


def test_a_full_secret_key_works_but_warns_and_a_publishable_key_is_refused(standin, tmp_path):
    site = lamp_site(tmp_path)
    secret = "sk_" + "live_" + "FullSecretKey9Zq"
    standin.key = secret
    standin.add_sale(standin.add_link(SUPPORTER_LINK), 2500)
    result = sync(site, environment=stripe_environment(standin, key=secret))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "stripe: warning: PLEDGEKIT_STRIPE_KEY holds a secret key (sk_live_…), which can move "
        "money and change the account; a restricted key (rk_live_…) with only Read on Checkout "
        "Sessions, Payment Links, PaymentIntents, Charges, Disputes, Invoices and Subscriptions "
        "is the safe choice (see docs/ledger.md)"
    ]
    assert len(ledger_rows(site)) == 1 and secret not in result.output
    publishable = sync(site, environment=stripe_environment(standin, key="pk_" + "live_" + "x1"))
    assert publishable.exit_code == 1
    assert publishable.stderr.splitlines() == [
        "stripe: PLEDGEKIT_STRIPE_KEY does not hold a restricted or secret key (one begins with "
        "rk_live_): a publishable key (pk_…) cannot read payments"
    ]


def test_malformed_json_is_one_line_and_the_ledger_stays_as_it_was(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    standin.add_sale(standin.add_link(SUPPORTER_LINK), 2500)
    assert sync(site, environment=stripe_environment(standin)).exit_code == 0
    before = snapshot(site)
    standin.fail("/v1/checkout/sessions", Answer(200, b'{"object": "list", "data": [{'))
    result = sync(site, environment=stripe_environment(standin), now="2026-12-08T10:00:00Z")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"stripe: {standin.base}/v1/checkout/sessions answered with what is not JSON (HTTP 200)"
    ]
    assert snapshot(site) == before  # not even the record of reads moved


def test_a_503_then_success_and_a_429_honouring_retry_after(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    standin.add_sale(standin.add_link(SUPPORTER_LINK), 2500)
    standin.fail("/v1/payment_links", Answer(503, b"<html>down for maintenance</html>"))
    standin.fail(
        "/v1/checkout/sessions",
        Answer(
            429,
            b'{"error": {"message": "Too many requests", "type": "rate_limit_error"}}',
            {"Retry-After": "7"},
        ),
        Answer(
            429,
            b'{"error": {"message": "Too many requests", "type": "rate_limit_error"}}',
            {
                "Retry-After": "Mon, 07 Dec 2026 10:00:03 GMT",
                "Date": "Mon, 07 Dec 2026 10:00:00 GMT",
            },
        ),
    )
    result = sync(site, environment=stripe_environment(standin))
    assert result.exit_code == 0, result.output
    assert waits == [1.0, 7.0, 3.0]
    assert len(ledger_rows(site)) == 1


def test_a_source_failing_on_every_try_says_the_address_and_status(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    standin.fail("/v1/payment_links", *[Answer(503, b"down")] * 4)
    result = sync(site, environment=stripe_environment(standin))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"stripe: {standin.base}/v1/payment_links answers 503 (Service Unavailable), after 4 tries"
    ]
    assert waits == [1.0, 2.0, 4.0]


def test_a_server_asking_to_wait_too_long_is_a_failure_at_once(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    body = b'{"error": {"message": "Slow down", "type": "rate_limit_error"}}'
    standin.fail("/v1/payment_links", Answer(429, body, {"Retry-After": "3600"}))
    result = sync(site, environment=stripe_environment(standin))
    assert result.stderr.splitlines() == [
        f"stripe: {standin.base}/v1/payment_links answers 429 (too many requests) (it asks to "
        "wait 3600 s: try again later)"
    ]
    assert waits == []


def test_retry_after_reads_seconds_or_a_date_against_the_answers_own_date():
    assert retry_after_seconds("12") == 12.0
    sent = "Mon, 07 Dec 2026 10:00:00 GMT"
    assert retry_after_seconds("Mon, 07 Dec 2026 10:01:30 GMT", sent) == 90.0
    assert retry_after_seconds("Mon, 07 Dec 2026 09:00:00 GMT", sent) == 0.0
    assert retry_after_seconds("soon", sent) is None and retry_after_seconds(None) is None


def test_secrets_and_key_shaped_text_are_hidden():
    text = "Invalid API Key provided: rk_live_*********ABCD; the key was abc123secret"
    assert without_secrets(text, ["abc123secret"]) == (
        "Invalid API Key provided: [hidden]; the key was [hidden]"
    )


# -- what counts -------------------------------------------------------------------------


def test_pagination_is_followed_to_the_end(standin, tmp_path):
    site = lamp_site(tmp_path)
    standin.page_size = 2
    for number in range(3):
        standin.add_link(f"https://buy.stripe.com/other{number}")
    supporter = standin.add_link(SUPPORTER_LINK)
    for number in range(5):
        standin.add_sale(supporter, 2500, created=f"2026-11-1{number}T09:00:00+00:00")
    source = stripe_source(site, stripe_environment(standin))
    result = source.read("lamp")
    assert len(result.rows) == 5
    pages = [query.get("starting_after", [None])[0] for path, query in standin.requests]
    assert len(standin.requests) == 2 + 3  # links: 4 on 2 pages; sessions: 5 on 3 pages
    assert pages[0] is None and pages[1] is not None and pages[2] is None
    assert all(query["limit"] == ["100"] for _, query in standin.requests)
    assert all(
        query["expand[0]"] == ["data.payment_intent.latest_charge"]
        for path, query in standin.requests
        if path == "/v1/checkout/sessions"
    )


def test_disputes_test_mode_and_delayed_payments(standin, tmp_path):
    site = lamp_site(tmp_path)
    link = standin.add_link(ANY_AMOUNT_LINK)
    for status in ("won", "lost", "needs_response", "warning_needs_response"):
        standin.add_dispute(standin.add_sale(link, 1000, customer=f"cus_{status}"), status)
    standin.add_sale(link, 3000, livemode=False)
    standin.add_sale(link, 3500, payment_status="unpaid", with_charge=False)
    standin.add_sale(link, 4500, charge_status="failed", payment_status="unpaid")
    result = stripe_source(site, stripe_environment(standin)).read("lamp")
    assert sorted(row.status.value for row in result.rows) == [
        "disputed", "failed", "lost", "paid", "won",
    ]  # fmt: skip
    assert result.skipped == {
        "sessions awaiting a payment that has not started (no charge yet)": 1,
        "test-mode sessions": 1,
    }
    assert not [row for row in result.rows if row.status is Status.PAID and row.gross != 10]


def test_a_link_shared_by_campaigns_is_told_apart_by_client_reference_id(standin, tmp_path):
    shared = "https://buy.stripe.com/shared01"
    site = write_site(
        tmp_path / "content",
        site=site_yaml() + f"defaults:\n  pledge:\n    - {{processor: stripe, url: '{shared}'}}\n",
        campaigns={
            slug: {
                "campaign.yaml": campaign_yaml(tiers=tier_yaml(id="lamp", pledge="[]")),
                "hero.svg": HERO_SVG,
                "story.md": "Oak.\n",
            }
            for slug in ("lamp", "desk")
        },
    )
    link = standin.add_link(shared)
    standin.add_sale(link, 12000, client_reference_id="lamp-lamp")
    standin.add_sale(link, 12000, client_reference_id="desk-lamp")
    standin.add_sale(link, 12000, client_reference_id="desk-lamp")
    standin.add_sale(link, 12000)  # no reference: whose?
    source = stripe_source(site, stripe_environment(standin))
    lamp, desk = source.read("lamp"), source.read("desk")
    assert [(row.tier, row.gross) for row in lamp.rows] == [("lamp", Decimal("120.00"))]
    assert len(desk.rows) == 2
    reason = "sessions of a link several campaigns share, without the client_reference_id that tells which"
    assert lamp.skipped == {reason: 1}
    assert len([path for path, _ in standin.requests if path == "/v1/checkout/sessions"]) == 1


def test_since_reads_only_later_sessions_and_a_missing_link_is_a_note(standin, tmp_path):
    site = lamp_site(tmp_path)
    since = datetime(2026, 12, 1, tzinfo=UTC)
    standin.add_sale(standin.add_link(SUPPORTER_LINK), 2500, created="2026-11-30T23:59:59+00:00")
    result = stripe_source(site, stripe_environment(standin), since=since).read("lamp")
    assert result.rows == []
    assert standin.requests[-1][1]["created[gte]"] == [str(int(since.timestamp()))]
    assert result.notes == [
        "no Payment Link of this Stripe account has the address "
        "https://buy.stripe.com/anyamount01 (the pledge without a reward)"
    ]


def test_amounts_in_stripes_minor_units():
    assert major_units(2500, "EUR") == Decimal("25.00")
    assert major_units(500, "JPY") == Decimal("500")
    assert major_units(5120, "KWD") == Decimal("5.120")
    assert major_units(50000, "ISK") == Decimal("500.00")  # Stripe's hundredths


def test_a_dry_run_writes_nothing_and_names_what_would_change(standin, tmp_path):
    site = lamp_site(tmp_path)
    standin.add_sale(standin.add_link(SUPPORTER_LINK), 2500, created="2026-11-14T09:00:00+00:00")
    before = snapshot(site)
    result = sync(site, "--dry-run", environment=stripe_environment(standin))
    lines = result.stdout.splitlines()
    assert lines[0] == "lamp: stripe: 1 payment read: 1 added, 0 updated, 0 unchanged"
    assert lines[1].startswith("  + stripe ch_standin") and lines[1].endswith(
        " 2026-11-14 25.00 EUR paid tier supporter"
    )
    assert lines[-1] == "Dry run: no ledger was written."
    assert snapshot(site) == before


def test_a_site_without_sync_sources_has_nothing_to_sync(tmp_path):
    site = one_campaign_site(tmp_path, {})
    result = sync(site, environment={})
    assert result.exit_code == 0
    assert result.output == (
        "Nothing to sync: no campaign takes pledges through a source `ledger sync` reads "
        f"({', '.join(source_names())}); import the others' exports with `ledger import`.\n"
    )  # every registered source, by name


def test_a_failing_source_leaves_the_campaigns_it_did_not_reach(standin, tmp_path):
    """Two campaigns: the first is synced, the API fails for the second; the first keeps its
    rows and the second is as it was."""
    site = lamp_site(tmp_path)
    lamp_site(
        tmp_path,
        slug="desk",
        tiers=tier_yaml(
            id="desk", pledge="[{processor: stripe, url: 'https://buy.stripe.com/desk01'}]"
        ),
        open_pledge=None,
    )
    standin.add_sale(standin.add_link(SUPPORTER_LINK), 2500)
    desk = standin.add_link("https://buy.stripe.com/desk01")
    standin.add_sale(desk, 12000)
    validated = validated_site(site)
    original = standin.route

    def failing_for_desk(path, query):
        if query.get("payment_link") == [desk]:
            return 400, standin.error("No such payment link")
        return original(path, query)

    standin.route = failing_for_desk
    report = sync_ledgers(
        validated, site, ["lamp", "desk"], sync_settings(environment=stripe_environment(standin)),
        datetime(2026, 12, 7, 10, tzinfo=UTC), dry_run=False,
    )  # fmt: skip
    assert report.failures == [
        f"stripe: {standin.base}/v1/checkout/sessions refused the request (400): No such payment link"
    ]
    assert len(ledger_rows(site)) == 1 and (site / "campaigns/lamp" / SYNC_FILE).exists()
    assert not (site / "campaigns/desk" / LEDGER_FILE).exists()
    assert not (site / "campaigns/desk" / SYNC_FILE).exists()


def test_source_failures_never_hold_the_key(standin, tmp_path):
    site = lamp_site(tmp_path)
    standin.fail(
        "/v1/payment_links",
        Answer(400, json.dumps({"error": {"message": f"bad key {STRIPE_KEY} here"}}).encode()),
    )
    with pytest.raises(SourceFailure) as failure:
        stripe_source(site, stripe_environment(standin)).read("lamp")
    assert (
        str(failure.value)
        == f"stripe: {standin.base}/v1/payment_links refused the request (400): bad key [hidden] here"
    )


# -- processes: killed mid-way, two at once ------------------------------------------------


def sync_process(site: Path, standin: StripeStandIn, key: str = STRIPE_KEY, now: str = NOW):
    environment = {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY),
        "PLEDGEKIT_STRIPE_KEY": key,
        "PLEDGEKIT_STRIPE_API_BASE": standin.base,
    }
    command = [
        sys.executable,
        "-m",
        "pledgekit",
        "ledger",
        "sync",
        "--source",
        str(site),
        "--now",
        now,
    ]
    return subprocess.Popen(
        command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_sync_killed_mid_way_loses_no_row(standin, tmp_path):
    """Killed while it reads the second campaign's sessions: the first campaign's ledger is
    whole, the second's untouched; the next sync brings every row."""
    site = lamp_site(tmp_path)
    lamp_site(
        tmp_path,
        slug="stool",
        tiers=tier_yaml(
            id="stool", pledge="[{processor: stripe, url: 'https://buy.stripe.com/stool01'}]"
        ),
        open_pledge=None,
    )
    supporter, stool = (
        standin.add_link(SUPPORTER_LINK),
        standin.add_link("https://buy.stripe.com/stool01"),
    )
    for number in range(30):
        standin.add_sale(supporter, 2500, created=f"2026-11-{1 + number % 28:02d}T09:00:00+00:00")
        standin.add_sale(stool, 12000, created=f"2026-11-{1 + number % 28:02d}T10:00:00+00:00")
    reached, release = threading.Event(), threading.Event()

    def hold_stool(path, query):
        if query.get("payment_link") == [stool]:
            reached.set()
            release.wait(30)

    standin.before_answer = hold_stool
    process = sync_process(site, standin)
    try:
        assert reached.wait(60), process.communicate(timeout=5)
        process.kill()
        process.wait(timeout=30)
    finally:
        release.set()
        process.kill()
        process.communicate()
    assert len(ledger_rows(site, "lamp")) == 30
    assert not (site / "campaigns/stool" / LEDGER_FILE).exists()
    assert sorted(path.name for path in (site / "campaigns/lamp").iterdir()) == sorted(
        ["campaign.yaml", "hero.svg", "story.md", LEDGER_FILE, SYNC_FILE]
    )
    standin.before_answer = None
    again = sync_process(site, standin)
    assert again.wait(60) == 0, again.communicate()
    assert (len(ledger_rows(site, "lamp")), len(ledger_rows(site, "stool"))) == (30, 30)


def test_two_syncs_at_once_keep_both_their_rows(standin, tmp_path):
    """Two syncs read the account as it was at two moments (a payment came in between) and
    reach the ledger together: the lock makes them take turns, so no row is lost."""
    site = lamp_site(tmp_path)
    supporter = standin.add_link(SUPPORTER_LINK)
    standin.add_sale(supporter, 2500, created="2026-11-10T09:00:00+00:00")
    late = standin.add_sale(supporter, 2500, created="2026-11-11T09:00:00+00:00")
    both_asked, lock = threading.Barrier(2, timeout=30), threading.Lock()
    original = standin.route
    keys_seen: list[str] = []

    def answer(path, query):
        status, body = original(path, query)
        if path == "/v1/checkout/sessions":
            with lock:
                first = not keys_seen
                keys_seen.append("x")
            if first:  # the first to ask does not see the late payment yet
                body["data"] = [item for item in body["data"] if item["id"] != late.session["id"]]
            both_asked.wait()  # both answered at once: they merge at the same moment
        return status, body

    standin.route = answer
    runs = [sync_process(site, standin), sync_process(site, standin)]
    for run in runs:
        _, errors = run.communicate(timeout=60)
        assert run.returncode == 0, errors
    assert len(ledger_rows(site)) == 2


def test_an_unreadable_record_of_reads_stops_the_merge_before_the_ledger_is_written(
    standin, tmp_path
):
    site = lamp_site(tmp_path)
    standin.add_sale(standin.add_link(SUPPORTER_LINK), 2500)
    rows = stripe_source(site, stripe_environment(standin)).read("lamp")
    record = site / "campaigns/lamp" / SYNC_FILE
    record.write_text('{"version": 1,\n "sources": {"stripe": }}\n')
    result = sync(site, environment=stripe_environment(standin))  # the loader refuses it first
    assert result.exit_code == 1 and "the ledgers are unchanged" in result.stderr
    assert not (site / "campaigns/lamp" / LEDGER_FILE).exists()
    with pytest.raises(ContentErrors) as refused:  # and the writer, should it change since
        importing.merge_under_lock(
            site / "campaigns/lamp", rows.rows, rows, "stripe", False, read=("stripe", FIXED_NOW)
        )
    assert [str(problem) for problem in refused.value.problems] == [
        f"{record}:2:24: cannot record when the sources were read: it is not valid JSON; fix or "
        "delete the file (the next sync writes it anew); nothing was written"
    ]
    assert not (site / "campaigns/lamp" / LEDGER_FILE).exists()


def test_the_help_names_every_sources_variables_and_the_workflow_passes_them():
    """A creator learns from `ledger sync --help` which variable each source reads, and the
    workflow `pledgekit init` writes hands every one of them to the sync as a secret."""
    from pledgekit.ledger.sync.sources import get_source
    from pledgekit.scaffold.site import WORKFLOW

    help_text = " ".join(CliRunner().invoke(main, ["ledger", "sync", "--help"]).output.split())
    variables = [
        variable for name in source_names() for variable in get_source(name).secret_variables
    ]
    assert len(variables) >= 8
    for variable in variables:
        assert variable in help_text
        assert f"{variable}: ${{{{ secrets.{variable} }}}}" in WORKFLOW
