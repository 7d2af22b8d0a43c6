"""`pledgekit ledger sync` with PayPal: a stand-in PayPal API on 127.0.0.1 shaped as PayPal's
published Transaction Search spec, the account's payments told to campaigns and tiers by item
number, 31-day windows, pages, retries, one-line failures, and no payer's e-mail or name kept."""

from __future__ import annotations

import copy
import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from jsonschema import Draft4Validator
from paypal_standin import SPEC, Answer, PayPalStandIn
from support import FIXED_NOW, parse_html, tier_yaml
from sync_support import (
    NOW,
    ledger_rows,
    ledger_summary,
    site_source,
    snapshot,
    supporter_site,
    sync,
    waits_fixture,  # noqa: F401 (the fixture `waits`)
)

from pledgekit.build import build
from pledgekit.ledger.rows import Kind, Recurring, Status
from pledgekit.ledger.store import LEDGER_FILE
from pledgekit.ledger.sync import paypal
from pledgekit.ledger.sync.paypal import PayPalSource, windows
from pledgekit.ledger.sync.state import SYNC_FILE

# Made up at run time, so that no file of the repository holds anything shaped like a secret.
CLIENT_ID = "AbCdStandInClient" + "Id7Q2x9"
SECRET = "EFgHStandInSecret" + "4Kx8Zp1"
MERCHANT = "ABCDEFGHJKLMN"  # a 13-character merchant id, as pledge options give it


def lamp_site(folder: Path, slug: str = "lamp", **campaign: object) -> Path:
    """A campaign (from 2026-11-01T08:00Z) taking 25.00 EUR for the tier 'supporter' and any
    amount without a reward, both through PayPal donate links of one merchant account."""
    pledge = f"[{{processor: paypal, business: {MERCHANT}}}]"
    return supporter_site(folder, pledge, pledge, slug=slug, **campaign)


@pytest.fixture
def standin():
    with PayPalStandIn(CLIENT_ID, SECRET) as account:
        yield account


def environment(standin: PayPalStandIn, **changes: str) -> dict[str, str]:
    return {
        "PLEDGEKIT_PAYPAL_CLIENT_ID": CLIENT_ID,
        "PLEDGEKIT_PAYPAL_SECRET": SECRET,
        "PLEDGEKIT_PAYPAL_API_BASE": standin.base,
        **changes,
    }


def source(site: Path, standin: PayPalStandIn, now: str = NOW, **fields: object) -> PayPalSource:
    moment = datetime.fromisoformat(now)
    return site_source(PayPalSource, site, environment=environment(standin), now=moment, **fields)


# -- the stand-in speaks PayPal's spec -------------------------------------------------------


FREE_TEXT = "^[a-zA-Z0-9_'\\-., \":;\\!?]*$"  # the spec's pattern of free text


def widened(schema: object) -> object:
    """The schema with each free-text pattern also letting by '/' and '@'."""
    if isinstance(schema, dict):
        return {
            name: FREE_TEXT.replace("_", "_/@") if value == FREE_TEXT else widened(value)
            for name, value in schema.items()
        }
    if isinstance(schema, list):
        return [widened(item) for item in schema]
    return schema


def spec_validator() -> Draft4Validator:
    """The spec's schemas (OpenAPI 3.0's are JSON Schema draft 4), its free-text patterns
    also letting by the '/' and '@' PayPal's answers carry (see paypal_standin)."""
    item_code = SPEC["components"]["schemas"]["item_detail"]["properties"]["item_code"]
    assert item_code["pattern"] == FREE_TEXT  # the pattern widened is the spec's
    return Draft4Validator({"components": widened(SPEC["components"])})


def test_what_the_stand_in_serves_is_shaped_as_paypals_spec(standin):
    payment = standin.add_payment("25.00", item_code="lamp/supporter", invoice_id="lamp-1")
    standin.add_refund(payment, "-25.00")
    standin.add_withdrawal("-50.00")
    token = requests.post(
        f"{standin.base}/v1/oauth2/token",
        auth=(CLIENT_ID, SECRET),
        data={"grant_type": "client_credentials"},
        timeout=5,
    ).json()
    assert (token["token_type"], token["expires_in"]) == ("Bearer", 31349)
    query = {"start_date": "2026-11-01T00:00:00Z", "end_date": "2026-12-01T00:00:00Z"}
    answer = requests.get(
        f"{standin.base}/v1/reporting/transactions",
        params={**query, "fields": "all"},
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=5,
    ).json()
    validator = spec_validator()
    reference = {"$ref": "#/components/schemas/search_response"}
    errors = list(validator.evolve(schema={**validator.schema, **reference}).iter_errors(answer))
    assert errors == []
    assert answer["total_items"] == 3
    for name, status, body in (
        ("error_401", 401, {"Authorization": "Bearer wrong"}),
        ("error_403", 403, None),
    ):
        standin.search_enabled = status != 403
        headers = body or {"Authorization": f"Bearer {token['access_token']}"}
        refused = requests.get(
            f"{standin.base}/v1/reporting/transactions", params=query, headers=headers, timeout=5
        )
        schema = {**validator.schema, "$ref": f"#/components/schemas/{name}"}
        assert refused.status_code == status
        assert list(validator.evolve(schema=schema).iter_errors(refused.json())) == []
    for parameter in ("start_date", "end_date"):
        pattern = SPEC["components"]["parameters"][parameter]["schema"]["pattern"]
        assert re.fullmatch(pattern, paypal.paypal_moment(FIXED_NOW))


# -- what a sync gives ---------------------------------------------------------------------


def lamp_account(standin: PayPalStandIn) -> dict[str, dict]:
    """Two supporters, an open pledge refunded in part, one refunded in full, a pending
    eCheck, a denied one, a monthly gift, and what is no backer's payment."""
    add = standin.add_payment
    made = {
        "ada": add("25.00", item_code="lamp/supporter", fee="-1.08", date="2026-11-02T09:00:00Z"),
        "bo": add(
            "25.00",
            item_code="lamp/supporter",
            fee="-1.08",
            date="2026-11-03T01:30:00-08:00",  # the account's zone: 09:30 UTC
            payer="PAYERACCOUNT2",
            email="bo@mail.example",
            given="Bo",
            surname="Berg",
        ),
        "open": add(
            "100.00",
            item_name="A lamp you can mend",
            fee="-3.74",
            date="2026-11-10T12:00:00Z",
            payer="PAYERACCOUNT3",
            email="cy@mail.example",
            given="Cy",
            surname="Cole",
        ),
        "returned": add(
            "60.00", date="2026-11-12T12:00:00Z", payer="PAYERACCOUNT4", email="di@mail.example"
        ),
        "echeck": add(
            "40.00",
            status="P",
            fee=None,
            date="2026-12-01T12:00:00Z",
            payer="PAYERACCOUNT5",
            email="ed@mail.example",
            balance_affecting=False,  # asked for with balance_affecting_records_only=N
        ),
        "denied": add("80.00", status="D", date="2026-12-02T12:00:00Z", payer="PAYERACCOUNT6"),
        "monthly": add(
            "10.00",
            code="T0002",
            fee="-0.64",
            date="2026-12-05T08:00:00Z",
            payer="PAYERACCOUNT7",
            email="fa@mail.example",
            given="Fay",
            surname="Ford",
        ),
        "sent": add("-15.00", code="T0006", fee=None, date="2026-11-20T12:00:00Z"),
    }
    made["partial_refund"] = standin.add_refund(made["open"], "-30.00", date="2026-11-15T12:00:00Z")  # fmt: skip
    made["full_refund"] = standin.add_refund(made["returned"], "-60.00", date="2026-11-16T12:00:00Z")  # fmt: skip
    standin.add_withdrawal("-50.00")
    return made


def ids(made: dict[str, dict], *names: str) -> list[str]:
    return [made[name]["transaction_info"]["transaction_id"] for name in names]


def test_a_paypal_account_synced_gives_exact_rows_and_totals_and_keeps_no_payer(
    standin, waits, tmp_path
):
    site = lamp_site(tmp_path)
    made = lamp_account(standin)
    first = sync(site, environment=environment(standin))
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert (
        lines[0] == "lamp: paypal: 7 payments and 2 refunds read: 9 added, 0 updated, 0 unchanged"
    )
    assert lines[-2:] == [
        "  skipped 1 payments this account sent (not backer payments)",
        "  skipped 1 transactions of event code 'T0400' (not backer payments)",
    ]
    assert first.stderr == ""
    rows = {row.transaction_id: row for row in ledger_rows(site)}
    ada, bo, open_, returned, echeck, denied, monthly = ids(
        made, "ada", "bo", "open", "returned", "echeck", "denied", "monthly"
    )
    partial, full = ids(made, "partial_refund", "full_refund")
    seen = {
        key: (
            row.kind, f"{row.gross:f}", row.status, row.tier, f"{row.fee:f}", row.recurring,
            row.refers_to, row.date.isoformat(),
        )
        for key, row in rows.items()
    }  # fmt: skip
    paid, once = Status.PAID, Recurring.ONCE
    assert seen == {
        ada: (Kind.PAYMENT, "25.00", paid, "supporter", "1.08", once, "", "2026-11-02T09:00:00+00:00"),
        bo: (Kind.PAYMENT, "25.00", paid, "supporter", "1.08", once, "", "2026-11-03T09:30:00+00:00"),
        open_: (Kind.PAYMENT, "100.00", paid, "", "3.74", once, "", "2026-11-10T12:00:00+00:00"),
        returned: (Kind.PAYMENT, "60.00", Status.FAILED, "", "1.49", once, "", "2026-11-12T12:00:00+00:00"),
        echeck: (Kind.PAYMENT, "40.00", Status.PENDING, "", "0", once, "", "2026-12-01T12:00:00+00:00"),
        denied: (Kind.PAYMENT, "80.00", Status.FAILED, "", "1.49", once, "", "2026-12-02T12:00:00+00:00"),
        monthly: (Kind.PAYMENT, "10.00", paid, "", "0.64", Recurring.MONTHLY, "", "2026-12-05T08:00:00+00:00"),
        partial: (Kind.REFUND, "-30.00", paid, "", "0", once, open_, "2026-11-15T12:00:00+00:00"),
        full: (Kind.REFUND, "-60.00", paid, "", "0", once, returned, "2026-11-16T12:00:00+00:00"),
    }  # fmt: skip
    # Pseudonymous keys from the payers' account ids; the same payer is one backer.
    assert len({rows[key].backer_ref for key in (ada, bo, open_, monthly)}) == 4
    assert all(row.backer == "" for row in rows.values())

    summary = ledger_summary(site)
    assert summary.output.splitlines()[0] == "lamp: 130.00 EUR from 4 backers, 9 ledger rows"
    output = tmp_path / "out"
    build(site, output, FIXED_NOW)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert page.select_one("[data-live=raised]").text == "€130"
    totals = json.loads((output / "campaigns/lamp/totals.json").read_text())
    assert (totals["raised"], totals["backers"]) == ("130.00", 4)
    record = json.loads((site / "campaigns/lamp" / SYNC_FILE).read_text())
    assert record == {"version": 1, "sources": {"paypal": {"as_of": "2026-12-07T10:00:00Z"}}}

    # Nothing new, less than an hour later: no file changes, not even the record of reads.
    before = snapshot(site)
    second = sync(site, environment=environment(standin), now="2026-12-07T10:50:00+00:00")
    assert second.exit_code == 0, second.output
    assert (
        second.stdout.splitlines()[0]
        == "lamp: paypal: 7 payments and 2 refunds read: 0 added, 0 updated, 9 unchanged"
    )
    assert snapshot(site) == before

    # The eCheck clears: the same transaction, now S; the pending row becomes paid.
    made["echeck"]["transaction_info"]["transaction_status"] = "S"
    third = sync(site, environment=environment(standin), now="2026-12-07T11:00:00+00:00")
    assert third.stdout.splitlines()[0] == (
        "lamp: paypal: 7 payments and 2 refunds read: 0 added, 1 updated, 8 unchanged"
    )
    assert {row.transaction_id: row.status for row in ledger_rows(site)}[echeck] is Status.PAID

    # No payer's e-mail, name or phone, nor the credentials, in any file or anything said.
    said = first.output + second.output + third.output + summary.output
    secrets = [CLIENT_ID, SECRET, "A21AAStandInAccessToken"]
    payer_words = [
        "@mail.example",
        "Lovelace",
        "Berg",
        "Cole",
        "Ford",
        "612345678",
        "Donation from",
    ]
    for folder in (site, output):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not [word for word in payer_words + secrets if word.encode() in data], path
    assert not [word for word in payer_words + secrets if word in said]
    assert waits == []
    assert standin.tokens_given == 3  # one token a run


def test_the_search_asks_every_window_of_at_most_31_days_with_every_field(standin, tmp_path):
    """--since 70 days back: exactly three windows, each starting where the last ended."""
    site = lamp_site(tmp_path)
    standin.add_payment("25.00", item_code="lamp/supporter", date="2026-10-29T10:00:00Z")
    result = source(site, standin, since=datetime(2026, 9, 28, 10, tzinfo=UTC)).read("lamp")
    assert [(row.gross, row.tier) for row in result.rows] == [(Decimal("25.00"), "supporter")]
    assert [(search["start_date"], search["end_date"]) for search in standin.searches()] == [
        ("2026-09-28T10:00:00Z", "2026-10-29T10:00:00Z"),
        ("2026-10-29T10:00:00Z", "2026-11-29T10:00:00Z"),
        ("2026-11-29T10:00:00Z", "2026-12-07T10:00:00Z"),
    ]
    assert {
        (search["fields"], search["page_size"], search["page"], search["balance_affecting_records_only"])
        for search in standin.searches()
    } == {("all", "500", "1", "N")}  # fmt: skip


def test_windows_cut_a_span_into_31_days_and_the_rest():
    start = datetime(2026, 11, 1, 8, tzinfo=UTC)
    assert windows(start, datetime(2026, 12, 7, 10, tzinfo=UTC)) == [
        (start, datetime(2026, 12, 2, 8, tzinfo=UTC)),
        (datetime(2026, 12, 2, 8, tzinfo=UTC), datetime(2026, 12, 7, 10, tzinfo=UTC)),
    ]
    assert windows(start, start) == []


def test_the_default_span_is_the_campaigns_start_to_now(standin, tmp_path):
    site = lamp_site(tmp_path)
    source(site, standin).read("lamp")
    assert [(search["start_date"], search["end_date"]) for search in standin.searches()] == [
        ("2026-11-01T08:00:00Z", "2026-12-02T08:00:00Z"),
        ("2026-12-02T08:00:00Z", "2026-12-07T10:00:00Z"),
    ]


def test_reading_goes_back_three_years_at_most(standin, tmp_path):
    """PayPal lists three years: an earlier --since reads from 1,095 days before now."""
    site = lamp_site(tmp_path)
    source(site, standin, since=datetime(2020, 1, 1, tzinfo=UTC)).read("lamp")
    searches = standin.searches()
    assert (searches[0]["start_date"], searches[-1]["end_date"]) == (
        "2023-12-08T10:00:00Z",
        "2026-12-07T10:00:00Z",
    )
    assert len(searches) == 36  # 1,095 days: 35 windows of 31 days and one of 10


def test_every_page_is_read(standin, tmp_path):
    site = lamp_site(tmp_path)
    standin.page_size_cap = 2
    for day in range(1, 6):
        standin.add_payment("25.00", item_code="lamp/supporter", date=f"2026-11-1{day}T09:00:00Z")
    reading = source(site, standin)
    result = reading.read("lamp")
    assert len(result.rows) == 5
    assert [(search["start_date"][:10], search["page"]) for search in standin.searches()] == [
        ("2026-11-01", "1"), ("2026-11-01", "2"), ("2026-11-01", "3"), ("2026-12-02", "1"),
    ]  # fmt: skip
    assert reading.read("lamp") is result  # the account is read once a run


# -- which campaign, which tier ----------------------------------------------------------------


def test_payments_go_to_the_campaign_their_item_number_names(standin, tmp_path):
    site = lamp_site(tmp_path)
    lamp_site(
        tmp_path,
        slug="desk",
        tiers=tier_yaml(
            id="desk", amount=120, pledge=f"[{{processor: paypal, business: {MERCHANT}}}]"
        ),
        open_pledge=None,
    )
    standin.add_payment("25.00", item_code="lamp/supporter")
    standin.add_payment("120.00", item_code="desk/desk")
    standin.add_payment("120.00", invoice_id="desk/desk")
    standin.add_payment("30.00", custom="lamp")
    standin.add_payment("25.00", item_code="chair/seat")  # a campaign of no site's
    standin.add_payment("12.00")  # names none
    reading = source(site, standin)
    lamp, desk = reading.read("lamp"), reading.read("desk")
    assert [(row.gross, row.tier) for row in lamp.rows] == [
        (Decimal("25.00"), "supporter"),
        (Decimal("30.00"), ""),
    ]
    assert [(row.gross, row.tier) for row in desk.rows] == [(Decimal("120.00"), "desk")] * 2
    skipped = {
        "payments whose item number names a campaign that does not take PayPal": 1,
        "payments that name no campaign (no item number, invoice id or custom field "
        "'<campaign>/<tier>')": 1,
    }
    assert lamp.skipped == skipped and desk.skipped == skipped


def test_an_item_title_or_an_amount_tells_the_tier_and_no_title_is_kept(standin, tmp_path):
    site = lamp_site(tmp_path)
    standin.add_payment("30.00", item_name="Supporter")
    standin.add_payment("25.00", item_name="Gift from ada@mail.example")
    standin.add_payment("31.00", item_name="Gift from ada@mail.example")
    result = source(site, standin).read("lamp")
    assert [(row.gross, row.tier) for row in result.rows] == [
        (Decimal("30.00"), "supporter"),
        (Decimal("25.00"), "supporter"),  # the only tier of that amount
        (Decimal("31.00"), ""),
    ]


def test_a_refund_of_a_payment_read_before_goes_to_the_only_campaign(standin, tmp_path):
    site = lamp_site(tmp_path)
    payment = standin.add_payment("25.00", date="2026-10-20T09:00:00Z")  # before --since
    standin.add_refund(payment, "-25.00", date="2026-11-20T09:00:00Z")
    result = source(site, standin, since=datetime(2026, 11, 1, tzinfo=UTC)).read("lamp")
    assert [(row.kind, row.refers_to) for row in result.rows] == [
        (Kind.REFUND, payment["transaction_info"]["transaction_id"])
    ]


# -- failures: one line each, content untouched ----------------------------------------------


def test_refused_credentials_name_both_variables(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    standin.add_payment("25.00")
    before = snapshot(site)
    wrong = "SomebodyElses" + "Secret9"
    result = sync(site, environment=environment(standin, PLEDGEKIT_PAYPAL_SECRET=wrong))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"paypal: {standin.base}/v1/oauth2/token refused PLEDGEKIT_PAYPAL_CLIENT_ID and "
        "PLEDGEKIT_PAYPAL_SECRET (401 invalid_client: Client Authentication failed): give the "
        "client id and secret of one REST app, from its Live tab (see docs/ledger.md)"
    ]
    assert snapshot(site) == before and waits == [] and wrong not in result.output


def test_an_app_without_transaction_search_is_told_to_enable_it(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    standin.search_enabled = False
    result = sync(site, environment=environment(standin))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "paypal: the REST app of PLEDGEKIT_PAYPAL_CLIENT_ID may not search transactions (403 "
        "NOT_AUTHORIZED: Authorization failed due to insufficient permissions. "
        "(PERMISSION_DENIED)): enable Transaction Search in the app's settings on "
        "developer.paypal.com, which can take up to 9 hours (see docs/ledger.md)"
    ]
    assert not (site / "campaigns/lamp" / LEDGER_FILE).exists()


def test_missing_credentials_say_which_variables(tmp_path):
    site = lamp_site(tmp_path)
    result = sync(site, environment={"PLEDGEKIT_PAYPAL_CLIENT_ID": CLIENT_ID})
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "paypal: PLEDGEKIT_PAYPAL_SECRET is not set: give the client id and secret of a PayPal "
        "REST app with Transaction Search enabled (see docs/ledger.md)"
    ]
    neither = sync(site, "--configured-only", environment={})
    assert neither.exit_code == 0
    assert neither.stdout.splitlines() == [
        "paypal: not read: PLEDGEKIT_PAYPAL_CLIENT_ID and PLEDGEKIT_PAYPAL_SECRET are not set "
        "(--configured-only)"
    ]


def test_a_503_then_success_and_a_429_honouring_retry_after(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    standin.add_payment("25.00", item_code="lamp/supporter")
    unavailable = json.dumps({"name": "SERVICE_UNAVAILABLE", "message": "Service Unavailable."})
    standin.fail("/v1/oauth2/token", Answer(503, unavailable.encode()))
    busy = json.dumps({"name": "RATE_LIMIT_REACHED", "message": "Too many requests."}).encode()
    standin.fail("/v1/reporting/transactions", Answer(429, busy, {"Retry-After": "7"}))
    result = sync(site, environment=environment(standin))
    assert result.exit_code == 0, result.output
    assert waits == [1.0, 7.0]
    assert len(ledger_rows(site)) == 1


def test_a_search_failing_on_every_try_says_the_address_and_status(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    standin.fail("/v1/reporting/transactions", *[Answer(503, b"<html>down</html>")] * 4)
    result = sync(site, environment=environment(standin))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"paypal: {standin.base}/v1/reporting/transactions answers 503 (Service Unavailable), "
        "after 4 tries"
    ]
    assert waits == [1.0, 2.0, 4.0]


def test_an_unreachable_api_and_an_answer_that_is_not_json(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    down = sync(
        site, environment=environment(standin, PLEDGEKIT_PAYPAL_API_BASE="http://127.0.0.1:9")
    )
    assert down.stderr.splitlines() == [
        "paypal: cannot reach http://127.0.0.1:9/ (connection refused), after 4 tries"
    ]
    standin.fail("/v1/reporting/transactions", Answer(200, b'{"transaction_details": [{'))
    garbled = sync(site, environment=environment(standin))
    assert garbled.exit_code == 1
    assert garbled.stderr.splitlines() == [
        f"paypal: {standin.base}/v1/reporting/transactions answered with what is not JSON (HTTP 200)"
    ]
    assert not (site / "campaigns/lamp" / LEDGER_FILE).exists()


# -- the sandbox ---------------------------------------------------------------------------


class ToStandIn(requests.adapters.HTTPAdapter):
    """Sends what is asked of PayPal's sandbox to the stand-in instead."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base

    def send(self, request, **arguments):
        request = copy.copy(request)
        request.url = request.url.replace("https://api-m.sandbox.paypal.com", self.base)
        return super().send(request, **arguments)


def test_a_sandbox_address_warns_and_nothing_it_reads_counts(standin, waits, monkeypatch, tmp_path):
    site = lamp_site(tmp_path)
    standin.add_payment("25.00", item_code="lamp/supporter")
    standin.add_payment("50.00")

    def routed() -> requests.Session:
        session = requests.Session()
        session.mount("https://api-m.sandbox.paypal.com", ToStandIn(standin.base))
        return session

    monkeypatch.setattr(paypal, "http_session", routed)
    sandbox = environment(standin, PLEDGEKIT_PAYPAL_API_BASE="https://api-m.sandbox.paypal.com")
    result = sync(site, environment=sandbox)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "paypal: warning: PLEDGEKIT_PAYPAL_API_BASE is PayPal's sandbox "
        "(api-m.sandbox.paypal.com): it reads only sandbox transactions, which are never counted"
    ]
    assert result.stdout.splitlines()[:2] == [
        "lamp: paypal: 0 payments read: 0 added, 0 updated, 0 unchanged",
        "  skipped 2 sandbox transactions (never counted)",
    ]
    assert len(standin.searches()) == 2
