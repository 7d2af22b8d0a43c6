"""The ledger's later columns: a processor's fee, monthly gifts and processor-reported totals,
read from ledgers written before them, bounded, and counted without double counting."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status
from pledgekit.ledger.store import COLUMNS, FIRST_COLUMNS, ledger_text, merge, parse_ledger
from pledgekit.ledger.totals import ledger_totals, raised_between

DAY = datetime(2026, 11, 14, tzinfo=UTC)


def row(transaction_id: str, gross: str, **fields: object) -> LedgerRow:
    values: dict = {"processor": "every_org", "date": DAY, "kind": Kind.PAYMENT}
    values |= {"gross": Decimal(gross), "currency": "USD", "transaction_id": transaction_id}
    return LedgerRow(**{**values, **fields})


def test_a_ledger_of_the_first_twelve_columns_reads_and_is_written_back_whole():
    old = (
        ",".join(FIRST_COLUMNS)
        + "\n"
        + "stripe,cs_1,2026-11-14T00:00:00Z,payment,25,EUR,0,paid,,,,\n"
    )
    [read], problems = parse_ledger(old, "ledger.csv")
    assert problems == []
    assert (read.fee, read.recurring, read.supporters) == (Decimal(0), Recurring.ONCE, None)
    assert ledger_text([read]).splitlines() == [
        ",".join(COLUMNS),
        "stripe,cs_1,2026-11-14T00:00:00Z,payment,25,EUR,0,paid,,,,,0,,",
    ]


def test_fee_recurring_and_supporters_round_trip_and_are_bounded():
    rows = [
        row("p1", "25.00", fee=Decimal("1.10"), recurring=Recurring.MONTHLY),
        row("total:fund", "1200.00", kind=Kind.TOTAL, supporters=38),
    ]
    read, problems = parse_ledger(ledger_text(rows), "ledger.csv")
    assert problems == [] and sorted(read, key=str) == sorted(rows, key=str)
    header = ",".join(COLUMNS)
    bad = (
        f"{header}\n"
        "generic,a,2026-11-14T00:00:00Z,payment,25,EUR,0,paid,,,,,-1,,\n"
        "generic,b,2026-11-14T00:00:00Z,payment,25,EUR,0,paid,,,,,0.001,,\n"
        "generic,c,2026-11-14T00:00:00Z,payment,25,EUR,0,paid,,,,,0,weekly,\n"
        "generic,d,2026-11-14T00:00:00Z,total,25,EUR,0,paid,,,,,0,,٣\n"
        "generic,e,2026-11-14T00:00:00Z,total,25,EUR,0,paid,,,,,0,,1000000001\n"
    )
    read, problems = parse_ledger(bad, "ledger.csv")
    assert read == []
    assert [str(problem) for problem in problems] == [
        "ledger.csv:2:1: fee: a fee is never negative, got '-1'",
        "ledger.csv:3:1: fee: EUR amounts have at most 2 decimal places, got '0.001'",
        "ledger.csv:4:1: unreadable ledger row: 'weekly' is not a valid Recurring",
        "ledger.csv:5:1: unreadable ledger row: supporters must be a whole number, got '٣'",
        "ledger.csv:6:1: supporters: supporters are counted from 0 to 1,000,000,000, got 1000000001",
    ]


def test_a_reported_total_stands_for_its_processors_payments_and_counts_its_supporters():
    rows = [
        # Every.org's own figure, and two of its donations a CSV import also brought in.
        row("total:org/fund", "1200.00", kind=Kind.TOTAL, supporters=38),
        row("d1", "25.00", backer_ref="x"),
        row("d2", "40.00", backer_ref="y"),
        # Another processor's payments still add up.
        row("cs_1", "30.00", processor="stripe", backer_ref="z"),
        # A figure a month is no money raised.
        row(
            "total:liberapay",
            "50.00",
            kind=Kind.TOTAL,
            recurring=Recurring.MONTHLY,
            processor="liberapay",
            supporters=7,
        ),
    ]
    totals = ledger_totals(rows, "USD")
    assert (totals.raised, totals.backers) == (Decimal("1230.00"), 39)
    # A reported total has no dates of its own payments: no dated window holds it.
    assert raised_between(rows, "USD", None, DAY, None) == Decimal("30.00")


def test_a_total_read_again_changes_nothing_and_a_new_figure_replaces_it():
    first = row("total:fund", "100.00", kind=Kind.TOTAL, supporters=3)
    same = row(
        "total:fund",
        "100.00",
        kind=Kind.TOTAL,
        supporters=3,
        date=datetime(2026, 11, 15, tzinfo=UTC),
    )
    more = row(
        "total:fund",
        "125.00",
        kind=Kind.TOTAL,
        supporters=4,
        date=datetime(2026, 11, 16, tzinfo=UTC),
    )
    held, changes = merge([first], [same])
    assert (held, changes.unchanged, changes.updated) == ([first], 1, [])
    held, changes = merge(held, [more])
    assert held == [more] and changes.updated == [(first, more)] and not changes.conflicts
    pending = row("total:fund", "130.00", kind=Kind.TOTAL, status=Status.PENDING)
    assert ledger_totals([pending], "USD").raised == 0
