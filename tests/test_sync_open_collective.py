"""`pledgekit ledger sync` with Open Collective: a stand-in GraphQL API on 127.0.0.1 that runs
every query against Open Collective's published schema; contributions refunded, pending,
monthly, incognito and named; pages, retries, one-line failures, an optional token."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from open_collective_standin import SCHEMA, Answer, OpenCollectiveStandIn
from support import FIXED_NOW, parse_html, tier_yaml
from sync_support import (
    ledger_rows,
    ledger_summary,
    site_source,
    snapshot,
    supporter_site,
    sync,
    waits_fixture,  # noqa: F401 (the fixture `waits`)
)

from pledgekit.build import build
from pledgekit.ledger.rows import Recurring, Status
from pledgekit.ledger.store import LEDGER_FILE
from pledgekit.ledger.sync.open_collective import (
    CONTRIBUTIONS_QUERY,
    PENDING_QUERY,
    OpenCollectiveSource,
    cents,
    collective_and_tier,
    in_currency,
)
from pledgekit.ledger.sync.retry import SourceFailure
from pledgekit.ledger.sync.sources import SyncSettings
from pledgekit.ledger.sync.state import SYNC_FILE

# Made up at run time, so that no file of the repository holds anything shaped like a token.
TOKEN = "oc" + "PledgekitFakeToken" + "5Vd81"
COLLECTIVE = "tenon-lamp"


def lamp_site(folder: Path, slug: str = "lamp", collective: str = COLLECTIVE, **fields) -> Path:
    """A campaign (1 Nov to 31 Dec 2026) whose tier 'supporter' links to the Open Collective
    tier supporter-4521 of the collective, and whose pledge without a reward to its donate page."""
    tier = f"[{{processor: open_collective, collective: {collective}, tier: supporter-4521}}]"
    donate = f"[{{processor: open_collective, collective: {collective}}}]"
    return supporter_site(folder, tier, donate, slug=slug, **fields)


@pytest.fixture
def standin():
    with OpenCollectiveStandIn(token=TOKEN) as api:
        api.add_collective(COLLECTIVE)
        yield api


def environment(standin: OpenCollectiveStandIn, **more: str) -> dict[str, str]:
    return {"PLEDGEKIT_OPEN_COLLECTIVE_API_BASE": standin.base, **more}


def source(site: Path, standin: OpenCollectiveStandIn, **fields: object) -> OpenCollectiveSource:
    return site_source(OpenCollectiveSource, site, environment=environment(standin), **fields)


def give(standin, cents_given: int, who, on: str, **order: object):
    """A contribution paid at once: its order and its transaction, a few seconds apart."""
    placed = standin.order(COLLECTIVE, cents_given, who, f"{on}T09:00:00.000Z", **order)
    return placed, standin.contribution(COLLECTIVE, placed, f"{on}T09:00:04.000Z")


# -- the stand-in speaks Open Collective's schema -----------------------------------------


def test_pledgekits_queries_are_valid_against_open_collectives_schema_and_ask_no_email(standin):
    from graphql import parse, validate

    # The stand-in holds contributors' e-mails where the schema has them, and serves them to
    # a query that asks: pledgekit's never do.
    placed = standin.order(
        COLLECTIVE, 2500, standin.person("Ada", "ada@mail.example"), "2026-11-10"
    )
    standin.contribution(COLLECTIVE, placed, "2026-11-10")
    asking = (
        '{ account(slug: "tenon-lamp") { transactions(limit: 1, offset: 0) { nodes { '
        "fromAccount { ... on Individual { email emails } } } } } }"
    )
    assert standin.answer({"query": asking}) == (
        200,
        {
            "data": {
                "account": {
                    "transactions": {
                        "nodes": [
                            {
                                "fromAccount": {
                                    "email": "ada@mail.example",
                                    "emails": ["ada@mail.example"],
                                }
                            }
                        ]
                    }
                }
            }
        },
    )

    for query in (CONTRIBUTIONS_QUERY, PENDING_QUERY):
        assert validate(SCHEMA, parse(query)) == []
        assert "email" not in query and "legalName" not in query
    # A field the schema lacks is refused, as the API refuses it.
    wrong = parse('{ account(slug: "x") { transactions(limit: 1, offset: 0) { nodes { tip } } } }')
    assert [error.message for error in validate(SCHEMA, wrong)] == [
        "Cannot query field 'tip' on type 'Transaction'. Did you mean 'id' or 'type'?"
    ]


# -- what counts: the whole story ---------------------------------------------------------


def test_a_collective_synced_gives_exact_rows_and_totals_and_a_second_sync_changes_nothing(
    standin, waits, tmp_path
):
    site = lamp_site(tmp_path)
    supporter = standin.tier("supporter", 4521, "Supporter")
    emails = [f"backer{number}@mail.example" for number in range(7)]
    ada = standin.person("Ada Lovelace", emails[0])
    order, _ = give(standin, 2500, ada, "2026-11-10", tier=supporter)
    fee = standin.accounts[COLLECTIVE]["_transactions"][-1]["paymentProcessorFee"]
    fee["valueInCents"] = -105.0
    _, refunded = give(standin, 10000, standin.person("Bruno Diaz", emails[1]), "2026-11-11")
    standin.refund(refunded)
    waiting = standin.order(
        COLLECTIVE, 4000, standin.person("Chloé Martin", emails[2]), "2026-11-12T08:00:00.000Z",
        status="PENDING",
    )  # fmt: skip
    dana = standin.person("Dana Scully", emails[3])
    monthly = standin.order(
        COLLECTIVE, 1000, dana, "2026-11-05T07:00:00.000Z", status="ACTIVE", frequency="MONTHLY"
    )
    standin.contribution(COLLECTIVE, monthly, "2026-11-05T07:00:03.000Z")
    standin.contribution(COLLECTIVE, monthly, "2026-12-05T07:00:03.000Z")
    give(standin, 6000, standin.person("Eve", emails[4], incognito=True), "2026-11-14")
    give(standin, 3000, standin.person("Farid Guest", emails[5], guest=True), "2026-11-15")
    give(standin, 50000, standin.person("Gus Early", emails[6]), "2026-10-20")  # before start

    first = sync(site, environment=environment(standin))
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[0] == "lamp: open_collective: 7 payments read: 7 added, 0 updated, 0 unchanged"
    assert (
        lines[-1] == "  skipped 1 contributions made before the campaign's start or after its end"
    )
    assert first.stderr == ""
    rows = ledger_rows(site)
    assert sorted(
        (row.transaction_id.partition(":")[0], row.date.isoformat(), row.gross, row.refunded,
         row.status.value, row.tier, row.backer, row.fee, row.recurring.value)
        for row in rows
    ) == sorted([
        ("order", "2026-11-10T09:00:00+00:00", Decimal("25.00"), Decimal("0"), "paid",
         "supporter", "Ada Lovelace", Decimal("1.05"), ""),
        ("order", "2026-11-11T09:00:00+00:00", Decimal("100.00"), Decimal("100.00"), "paid",
         "", "Bruno Diaz", Decimal("0"), ""),
        ("order", "2026-11-12T08:00:00+00:00", Decimal("40.00"), Decimal("0"), "pending",
         "", "Chloé Martin", Decimal("0"), ""),
        ("transaction", "2026-11-05T07:00:03+00:00", Decimal("10.00"), Decimal("0"), "paid",
         "", "Dana Scully", Decimal("0"), "monthly"),
        ("transaction", "2026-12-05T07:00:03+00:00", Decimal("10.00"), Decimal("0"), "paid",
         "", "Dana Scully", Decimal("0"), "monthly"),
        ("order", "2026-11-14T09:00:00+00:00", Decimal("60.00"), Decimal("0"), "paid",
         "", "", Decimal("0"), ""),
        ("order", "2026-11-15T09:00:00+00:00", Decimal("30.00"), Decimal("0"), "paid",
         "", "", Decimal("0"), ""),
    ])  # fmt: skip
    assert f"order:{order['id']}" in {row.transaction_id for row in rows}
    # Dana's two months are one backer; every backer is a pseudonymous key.
    assert len({row.backer_ref for row in rows}) == 6
    record = json.loads((site / "campaigns/lamp" / SYNC_FILE).read_text())
    assert record == {
        "version": 1,
        "sources": {"open_collective": {"as_of": "2026-12-07T10:00:00Z"}},
    }

    summary = ledger_summary(site)
    assert summary.output.splitlines()[0] == "lamp: 135.00 EUR from 4 backers, 7 ledger rows"
    assert summary.output.splitlines()[-1] == (
        "Pending: 40.00 EUR from 1 payment not yet paid (delayed methods such as SEPA Debit), "
        "not counted"
    )
    output = tmp_path / "out"
    build(site, output, FIXED_NOW)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert page.select_one("[data-live=raised]").text == "€135"
    totals = json.loads((output / "campaigns/lamp/totals.json").read_text())
    assert (totals["raised"], totals["backers"]) == ("135.00", 4)

    # Nothing new, within the hour: no file changes, not even the record of reads.
    before = snapshot(site)
    second = sync(site, environment=environment(standin), now="2026-12-07T10:50:00+00:00")
    assert second.stdout.splitlines()[0] == (
        "lamp: open_collective: 7 payments read: 0 added, 0 updated, 7 unchanged"
    )
    assert snapshot(site) == before

    # Chloé's bank transfer arrives: the pending row is paid, under the same key.
    waiting["status"] = "PAID"
    standin.contribution(COLLECTIVE, waiting, "2026-11-20T16:00:00.000Z")
    third = sync(site, environment=environment(standin), now="2026-12-07T11:00:00+00:00")
    assert third.stdout.splitlines()[:2] == [
        "lamp: open_collective: 7 payments read: 0 added, 1 updated, 6 unchanged",
        f"  ~ open_collective order:{waiting['id']} 2026-11-12 40.00 EUR paid (was pending, "
        "refunded 0)",
    ]
    build(site, output, FIXED_NOW)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert page.select_one("[data-live=raised]").text == "€175"

    # No e-mail the API holds, nor the token, is in any file or anything said.
    said = first.output + second.output + third.output + summary.output
    for folder in (site, output):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not [email for email in emails if email.encode() in data], path
    assert not [email for email in emails if email in said]
    assert waits == []
    assert {request["token"] for request in standin.requests} == {None}  # no token: none sent


def test_a_lost_dispute_and_fees_in_the_hosts_currency(standin, tmp_path):
    site = lamp_site(tmp_path)
    who = standin.person("Ada Lovelace", "ada@mail.example")
    _, disputed = give(standin, 5000, who, "2026-11-10")
    standin.refund(disputed, kind="DISPUTE")
    placed = standin.order(COLLECTIVE, 2000, who, "2026-11-11T09:00:00.000Z")
    # A host keeping its books in USD: fees in USD, at 1 EUR = 1.0800 USD.
    standin.contribution(
        COLLECTIVE, placed, "2026-11-11T09:00:02.000Z", processor_fee=97, platform_fee=11,
        host_currency="USD", rate=1.08,
    )  # fmt: skip
    result = source(site, standin).read("lamp")
    assert sorted((row.gross, row.status, row.refunded, row.fee) for row in result.rows) == [
        (Decimal("20.00"), Status.PAID, Decimal("0"), Decimal("1.00")),  # 1.08 USD / 1.08
        (Decimal("50.00"), Status.LOST, Decimal("50.00"), Decimal("0")),
    ]
    assert {row.recurring for row in result.rows} == {Recurring.ONCE}


def test_pagination_reads_every_page_oldest_first(standin, tmp_path):
    site = lamp_site(tmp_path)
    standin.page_size = 2
    for day in range(10, 15):
        give(
            standin, 2500, standin.person(f"Backer {day}", f"b{day}@mail.example"), f"2026-11-{day}"
        )
    result = source(site, standin).read("lamp")
    assert [row.date.day for row in result.rows] == [10, 11, 12, 13, 14]
    pages = [
        (request["variables"]["offset"], request["variables"]["limit"])
        for request in standin.requests
        if "PledgekitContributions" in request["query"]
    ]
    assert pages == [(0, 100), (2, 100), (4, 100)]
    assert len(standin.requests) == 3 + 1  # and one page of pending orders


def test_since_is_sent_as_date_from(standin, tmp_path):
    site = lamp_site(tmp_path)
    give(standin, 2500, standin.person("Ada", "ada@mail.example"), "2026-11-10")
    give(standin, 2500, standin.person("Bo", "bo@mail.example"), "2026-11-20")
    result = source(site, standin, since=datetime(2026, 11, 15, tzinfo=UTC)).read("lamp")
    assert [row.date.day for row in result.rows] == [20]
    assert {request["variables"]["dateFrom"] for request in standin.requests} == {
        "2026-11-15T00:00:00+00:00"
    }


def test_a_collective_two_campaigns_share_is_told_apart_by_its_tier(standin, tmp_path):
    site = lamp_site(tmp_path)
    lamp_site(
        tmp_path, slug="desk",
        tiers=tier_yaml(id="desk", amount=120, pledge=(
            f"[{{processor: open_collective, collective: {COLLECTIVE}, tier: desk-7788}}]"
        )),
        open_pledge=None,
    )  # fmt: skip
    who = standin.person("Ada", "ada@mail.example")
    give(standin, 2500, who, "2026-11-10", tier=standin.tier("supporter", 4521, "Supporter"))
    give(standin, 12000, who, "2026-11-11", tier=standin.tier("desk", 7788, "Desk"))
    give(standin, 12000, who, "2026-11-12", tier=standin.tier("desk", 7788, "Desk"))
    give(standin, 900, who, "2026-11-13")  # the donate page, which only lamp links to
    give(standin, 5000, who, "2026-11-14", tier=standin.tier("sponsor", 99, "Sponsor"))  # whose?
    reader = source(site, standin)
    lamp, desk = reader.read("lamp"), reader.read("desk")
    assert sorted((row.tier, row.gross) for row in lamp.rows) == [
        ("", Decimal("9.00")),
        ("supporter", Decimal("25.00")),
    ]
    assert [(row.tier, row.gross) for row in desk.rows] == [("desk", Decimal("120.00"))] * 2
    reason = (
        "contributions to a collective several campaigns share, through no Open Collective tier "
        "that tells which"
    )
    assert lamp.skipped == desk.skipped == {reason: 1}
    assert len(standin.requests) == 2  # the collective read once for both


# -- failures: one line each, content untouched -------------------------------------------


def test_an_unknown_slug_is_one_line_exit_1_and_the_ledger_untouched(standin, waits, tmp_path):
    site = lamp_site(tmp_path, collective="tenon-lammp")
    before = snapshot(site)
    result = sync(site, environment=environment(standin))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"open_collective: {standin.base} knows no collective or project 'tenon-lammp' "
        "(campaign lamp, tier supporter, the pledge without a reward): No collective found "
        "with slug tenon-lammp"
    ]
    assert snapshot(site) == before and waits == []


def test_a_refused_token_names_the_variable_and_is_never_shown(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    wrong = "oc" + "SomebodyElsesToken" + "9Kx"
    result = sync(
        site, environment=environment(standin, PLEDGEKIT_OPEN_COLLECTIVE_TOKEN=f" {wrong} ")
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "open_collective: the token in PLEDGEKIT_OPEN_COLLECTIVE_TOKEN was refused (401): "
        "Invalid Personal Token (Api Key): [hidden]"
    ]
    assert wrong not in result.output and waits == []
    # The right one is sent as Personal-Token.
    good = sync(site, environment=environment(standin, PLEDGEKIT_OPEN_COLLECTIVE_TOKEN=TOKEN))
    assert good.exit_code == 0, good.output
    assert standin.requests[-1]["token"] == TOKEN


def test_configured_only_reads_open_collective_without_a_token(standin, tmp_path):
    site = lamp_site(tmp_path)
    give(standin, 2500, standin.person("Ada", "ada@mail.example"), "2026-11-10")
    result = sync(site, "--configured-only", environment=environment(standin))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "lamp: open_collective: 1 payment read: 1 added, 0 updated, 0 unchanged"
    )


def test_a_503_then_success_and_a_429_honouring_retry_after(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    give(standin, 2500, standin.person("Ada", "ada@mail.example"), "2026-11-10")
    standin.fail(
        Answer(503, b"<html>down for maintenance</html>"),
        Answer(429, b'{"error": {"message": "Rate limit exceeded"}}', {"Retry-After": "7"}),
    )
    result = sync(site, environment=environment(standin))
    assert result.exit_code == 0, result.output
    assert waits == [1.0, 7.0]
    assert len(ledger_rows(site)) == 1


def test_failing_on_every_try_and_an_unreachable_api_say_the_address(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    standin.fail(*[Answer(502, b"bad gateway")] * 4)
    result = sync(site, environment=environment(standin))
    assert result.stderr.splitlines() == [
        f"open_collective: {standin.base} answers 502 (Bad Gateway), after 4 tries"
    ]
    assert waits == [1.0, 2.0, 4.0]
    dead = {"PLEDGEKIT_OPEN_COLLECTIVE_API_BASE": "http://127.0.0.1:9/graphql/v2"}
    unreachable = sync(site, environment=dead)
    assert unreachable.exit_code == 1
    assert unreachable.stderr.splitlines() == [
        "open_collective: cannot reach http://127.0.0.1:9/graphql/v2 (connection refused), "
        "after 4 tries"
    ]
    assert not (site / "campaigns/lamp" / LEDGER_FILE).exists()


def test_an_answer_that_is_not_json_or_has_errors_is_one_line(standin, waits, tmp_path):
    site = lamp_site(tmp_path)
    standin.fail(Answer(200, b'{"data": {"account": '))
    result = sync(site, environment=environment(standin))
    assert result.stderr.splitlines() == [
        f"open_collective: {standin.base} answered with what is not JSON (HTTP 200)"
    ]
    standin.fail(Answer(200, json.dumps({"errors": [{"message": "Too busy"}]}).encode()))
    with pytest.raises(SourceFailure) as failure:
        source(site, standin).read("lamp")
    assert str(failure.value) == f"open_collective: {standin.base} answered with an error: Too busy"


def test_amounts_links_and_the_address_variable():
    assert cents({"valueInCents": 2500.0, "currency": "EUR"}) == Decimal("25.00")
    assert cents({"valueInCents": -105, "currency": "EUR"}) == Decimal("1.05")
    assert cents({"valueInCents": 50000.0, "currency": "JPY"}) == Decimal("500.00")
    with pytest.raises(ValueError):
        cents({"valueInCents": 12.5, "currency": "EUR"})
    assert str(in_currency(Decimal("500.00"), "JPY")) == "500"
    assert str(in_currency(Decimal("5.12"), "KWD")) == "5.120"
    assert str(in_currency(Decimal("12.34"), "JPY")) == "12.34"  # the ledger's checks refuse it
    assert collective_and_tier("https://opencollective.com/tenon-lamp/donate") == (
        "tenon-lamp",
        None,
    )
    assert collective_and_tier(
        "https://opencollective.com/tenon-lamp/contribute/backer-12/checkout"
    ) == ("tenon-lamp", "backer-12")
    with pytest.raises(SourceFailure) as failure:
        OpenCollectiveSource(
            [], SyncSettings(environment={"PLEDGEKIT_OPEN_COLLECTIVE_API_BASE": "ftp://x"})
        )
    assert str(failure.value) == (
        "open_collective: PLEDGEKIT_OPEN_COLLECTIVE_API_BASE must be an http:// or https:// "
        "address, got 'ftp://x'"
    )
