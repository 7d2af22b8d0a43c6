"""PayPal's Activity download: localized numbers and dates, time zones, refund rows, problems."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support import FIXTURES

from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.paypal import PayPalImporter, read_amount, time_zone
from pledgekit.ledger.rows import Kind, LedgerRow, Status, backer_ref
from pledgekit.problems import Problem

EXPORTS = FIXTURES / "exports"
# The header of a business account's Activity download, as documented in payments.md.
HEADER = [
    "Date", "Time", "TimeZone", "Name", "Type", "Status", "Currency", "Gross", "Fee", "Net",
    "From Email Address", "To Email Address", "Transaction ID", "Shipping Address",
    "Address Status", "Item Title", "Item ID", "Shipping and Handling Amount", "Insurance Amount",
    "Sales Tax", "Option 1 Name", "Option 1 Value", "Option 2 Name", "Option 2 Value",
    "Reference Txn ID", "Invoice Number", "Custom Number", "Quantity", "Receipt ID", "Balance",
    "Address Line 1", "Address Line 2/District/Neighborhood", "Town/City",
    "State/Province/Region/County/Territory/Prefecture/Republic", "Zip/Postal Code", "Country",
    "Contact Phone Number", "Subject", "Note", "Country Code", "Balance Impact",
]  # fmt: skip
A_PAYMENT = {
    "Date": "11/04/2026",
    "Time": "10:00:00",
    "TimeZone": "PST",
    "Name": "Alice Example",
    "Type": "Donation Payment",
    "Status": "Completed",
    "Currency": "USD",
    "Gross": "25.00",
    "Fee": "-1.17",
    "Net": "23.83",
    "From Email Address": "alice@example.org",
    "To Email Address": "hello@wildmeadows.example",
    "Transaction ID": "1AB23456CD789012E",
    "Balance Impact": "Credit",
}


def read_csv(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line number, cells), skipping blank lines, as the import command reads."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    return header, [(reader.line_num, cells) for cells in reader if any(cells)]


def import_text(text: str, file: str = "export.csv") -> ImportResult:
    header, rows = read_csv(text)
    assert PayPalImporter.recognises(header)
    return PayPalImporter().read(header, rows, file)


def import_fixture(name: str) -> ImportResult:
    # Read as UTF-8, not UTF-8-SIG: the importer must cope with the byte-order mark itself.
    return import_text((EXPORTS / name).read_text(encoding="utf-8"), name)


def activity(*rows: dict[str, str], header: list[str] = HEADER) -> str:
    """An Activity download with these rows; cells not given are empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return buffer.getvalue()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def paypal_row(**fields) -> LedgerRow:
    return LedgerRow(processor="paypal", **fields)


# --- recognising the header -----------------------------------------------------------------


def test_recognises_the_documented_header_with_a_bom_spaces_and_extra_columns() -> None:
    assert PayPalImporter.recognises(HEADER)
    assert PayPalImporter.recognises(["\ufeff Date", *[f" {name} " for name in HEADER[1:]]])
    assert PayPalImporter.recognises([*HEADER, "Payment Source"])
    older = [name for name in HEADER if name != "Balance Impact"]  # Type alone is enough
    assert PayPalImporter.recognises(older)
    minimal = ["Transaction ID", "Gross", "Currency", "Date", "Type"]
    assert PayPalImporter.recognises(list(reversed(minimal)))


def test_does_not_recognise_other_exports() -> None:
    stripe = ["id", "Created date (UTC)", "Amount", "Currency", "Status", "Customer Email"]
    assert not PayPalImporter.recognises(stripe)
    assert not PayPalImporter.recognises([name for name in HEADER if name != "Gross"])
    neither = [name for name in HEADER if name not in ("Balance Impact", "Type")]
    assert not PayPalImporter.recognises(neither)


# --- whole exports ----------------------------------------------------------------------------


def test_a_us_business_export() -> None:
    result = import_fixture("paypal-activity-us.csv")
    assert result.problems == []
    assert result.rows == [
        paypal_row(
            transaction_id="1AB23456CD789012E",
            fee=Decimal("1.17"),  # the export's Fee, kept by PayPal
            date=utc("2026-10-28T16:15:02"),  # 09:15:02 PDT
            kind=Kind.PAYMENT,
            gross=Decimal("25.00"),
            currency="USD",
            status=Status.PAID,
            tier="wild-meadows/seed-packet",
            backer_ref=backer_ref("paypal", "alice@example.org"),
        ),
        paypal_row(
            transaction_id="2BC34567DE890123F",
            fee=Decimal("0.79"),  # the export's Fee, kept by PayPal
            date=utc("2026-10-31T01:40:00"),  # 18:40 PDT the day before
            kind=Kind.PAYMENT,
            gross=Decimal("10.00"),
            currency="USD",
            status=Status.PAID,
            tier="title:Monthly friend",  # no item number: the title, for the tier matcher
            backer_ref=backer_ref("paypal", "bob@example.com"),
        ),
        paypal_row(
            transaction_id="3CD45678EF901234G",
            fee=Decimal("44.24"),  # the export's Fee, kept by PayPal
            date=utc("2026-11-02T15:05:33"),  # 07:05:33 PST
            kind=Kind.PAYMENT,
            gross=Decimal("1250.00"),
            currency="USD",
            status=Status.PAID,
            tier="wild-meadows/patron",
            backer_ref=backer_ref("paypal", "carol@example.net"),
        ),
        paypal_row(  # pending on line 5, completed on line 11: one row, paid, first seen
            transaction_id="4DE56789FG012345H",
            fee=Decimal("2.24"),  # the export's Fee, kept by PayPal
            date=utc("2026-11-03T17:00:00"),
            kind=Kind.PAYMENT,
            gross=Decimal("50.00"),
            currency="USD",
            status=Status.PAID,
            backer_ref=backer_ref("paypal", "dave@example.org"),
        ),
        paypal_row(
            transaction_id="5EF67890GH123456J",
            date=utc("2026-11-04T22:20:10"),  # 16:20:10 CST
            kind=Kind.PAYMENT,
            gross=Decimal("100.00"),
            currency="USD",
            status=Status.FAILED,  # Denied
            tier="wild-meadows/patron",
            backer_ref=backer_ref("paypal", "eve@example.org"),
        ),
        paypal_row(  # a full refund of the first donation
            transaction_id="8HJ90123KL456789M",
            date=utc("2026-11-14T19:45:00"),
            kind=Kind.REFUND,
            gross=Decimal("-25.00"),
            currency="USD",
            status=Status.PAID,
            refers_to="1AB23456CD789012E",
        ),
        paypal_row(  # a partial refund of the express checkout payment
            transaction_id="9JK01234LM567890N",
            date=utc("2026-11-16T07:10:00"),  # 23:10 PST the day before
            kind=Kind.REFUND,
            gross=Decimal("-250.00"),
            currency="USD",
            status=Status.PAID,
            refers_to="3CD45678EF901234G",
        ),
        paypal_row(
            transaction_id="0KL12345MN678901P",
            fee=Decimal("0.99"),  # the export's Fee, kept by PayPal
            date=utc("2026-11-17T22:00:00"),
            kind=Kind.PAYMENT,
            gross=Decimal("20.00"),
            currency="EUR",
            status=Status.PAID,
            tier="wild-meadows/seed-packet",
            backer_ref=backer_ref("paypal", "grace@example.eu"),
        ),
    ]
    assert result.skipped == {
        "memo rows (moved no money)": 1,
        "debit rows of type 'General Withdrawal' (not backer payments)": 1,
        # The euro payment converted to dollars: counting the credit would count it twice.
        "debit rows of type 'General Currency Conversion' (not backer payments)": 1,
        "credit rows of type 'General Currency Conversion' (not backer payments)": 1,
    }
    assert result.notes == ["dates read as MM/DD/YYYY ('10/28/2026' on line 2)"]


def test_a_european_export_with_day_first_dates_and_comma_decimals() -> None:
    result = import_fixture("paypal-activity-eu.csv")
    assert result.problems == []
    assert result.rows == [
        paypal_row(
            transaction_id="3NP45678QR901234S",
            fee=Decimal("43.56"),  # the export's Fee, kept by PayPal
            date=utc("2026-10-05T18:15:00"),  # 05/10 is the 5th of October, 20:15 CEST
            kind=Kind.PAYMENT,
            gross=Decimal("1234.56"),
            currency="EUR",
            status=Status.PAID,
            tier="wild-meadows/patron",
            backer_ref=backer_ref("paypal", "franz@example.de"),
        ),
        paypal_row(
            transaction_id="4PQ56789RS012345T",
            fee=Decimal("1.10"),  # the export's Fee, kept by PayPal
            date=utc("2026-10-25T09:30:00"),  # Paris left summer time at 03:00 that morning
            kind=Kind.PAYMENT,
            gross=Decimal("25.00"),
            currency="EUR",
            status=Status.PAID,
            tier="wild-meadows/monthly-friend",
            backer_ref=backer_ref("paypal", "lea@example.fr"),
        ),
        paypal_row(
            transaction_id="5QR67890ST123456U",
            fee=Decimal("2.90"),  # the export's Fee, kept by PayPal
            date=utc("2026-11-07T08:05:00"),
            kind=Kind.PAYMENT,
            gross=Decimal("75.00"),
            currency="EUR",  # written "eur"
            status=Status.PAID,
            tier="title:Wild Meadows: Seed packet",
            backer_ref=backer_ref("paypal", "jan@example.nl"),
        ),
        paypal_row(
            transaction_id="7ST89012UV345678W",
            date=utc("2026-11-12T16:45:30"),
            kind=Kind.REFUND,
            gross=Decimal("-617.28"),
            currency="EUR",
            status=Status.PAID,
            refers_to="3NP45678QR901234S",
        ),
    ]
    assert result.skipped == {
        "memo rows (moved no money)": 1,
        "debit rows of type 'User Initiated Withdrawal' (not backer payments)": 1,
    }
    assert result.notes == ["dates read as DD/MM/YYYY ('25/10/2026' on line 3)"]


@pytest.mark.parametrize("name", ["paypal-activity-us.csv", "paypal-activity-eu.csv"])
def test_no_email_address_or_name_is_kept(name: str) -> None:
    text = (EXPORTS / name).read_text(encoding="utf-8")
    header, rows = read_csv(text)
    people = {
        cells[header.index(column)]
        for _, cells in rows
        for column in ("Name", "From Email Address", "To Email Address")
    } - {""}
    for row in import_fixture(name).rows:
        assert row.backer == ""
        assert not {row.tier, row.backer_ref, row.refers_to, row.transaction_id} & people


# --- dates, times and zones -------------------------------------------------------------------


def test_dates_no_day_tells_are_read_month_first_with_a_note() -> None:
    result = import_text(activity({**A_PAYMENT, "Date": "01/02/2026", "TimeZone": "GMT"}))
    assert result.problems == []
    assert result.rows[0].date == utc("2026-01-02T10:00:00")
    assert result.notes == ["dates read as MM/DD/YYYY (no day above 12 told otherwise)"]


def test_one_day_first_date_turns_the_whole_file_day_first() -> None:
    result = import_text(
        activity(
            {**A_PAYMENT, "Date": "01/02/2026", "TimeZone": "UTC"},
            {**A_PAYMENT, "Date": "13/02/2026", "TimeZone": "UTC", "Transaction ID": "T2"},
        )
    )
    assert [row.date for row in result.rows] == [
        utc("2026-02-01T10:00:00"),
        utc("2026-02-13T10:00:00"),
    ]


def test_dates_written_both_ways_are_a_problem() -> None:
    result = import_text(
        activity(
            {**A_PAYMENT, "Date": "13/02/2026"},
            {**A_PAYMENT, "Date": "02/14/2026", "Transaction ID": "T2"},
        )
    )
    assert result.rows == []
    assert result.problems == [
        Problem(
            "export.csv",
            3,
            1,
            "Date",
            "dates are written day first ('13/02/2026' on line 2) and month first "
            "('02/14/2026' on line 3); export the file again",
        )
    ]


def test_iso_dates_iana_zones_and_numeric_offsets() -> None:
    result = import_text(
        activity(
            {**A_PAYMENT, "Date": "2026-07-01", "TimeZone": "Europe/Paris"},
            {**A_PAYMENT, "Date": "2026-07-01", "TimeZone": "GMT+05:30", "Transaction ID": "T2"},
            {
                **A_PAYMENT,
                "Date": "2026-07-01",
                "TimeZone": "America/Los_Angeles",
                "Transaction ID": "T3",
            },
        )
    )
    assert result.problems == [] and result.notes == []
    assert [row.date for row in result.rows] == [
        utc("2026-07-01T08:00:00"),
        utc("2026-07-01T04:30:00"),
        utc("2026-07-01T17:00:00"),
    ]


def test_unknown_time_zone_is_a_problem_naming_the_column() -> None:
    result = import_text(
        activity(A_PAYMENT, {**A_PAYMENT, "TimeZone": "XST", "Transaction ID": "T2"})
    )
    assert result.problems == [
        Problem(
            "export.csv",
            3,
            1,
            "TimeZone",
            "unknown time zone 'XST' (expected e.g. PST, CET or Europe/Paris)",
        )
    ]


@pytest.mark.parametrize(
    ("name", "offset"),
    [
        ("PST", -8),
        ("pdt", -7),
        ("CEST", 2),
        ("BST", 1),
        ("UTC+2", 2),
        ("-0330", -3.5),
    ],
)
def test_time_zone_abbreviations_and_offsets(name: str, offset: float) -> None:
    zone = time_zone(name)
    assert zone is not None
    assert zone.utcoffset(datetime(2026, 1, 1)) == timedelta(hours=offset)


@pytest.mark.parametrize("name", ["", "XST", "Mars/Olympus", "/etc/passwd", "../UTC", "UTC+99"])
def test_time_zones_that_cannot_be_told(name: str) -> None:
    assert time_zone(name) is None


def test_missing_time_zone_column_is_one_problem() -> None:
    header = [name for name in HEADER if name != "TimeZone"]
    result = import_text(activity(A_PAYMENT, A_PAYMENT, header=header))
    assert result.rows == []
    assert result.problems == [
        Problem("export.csv", 1, 1, "", "missing column(s): TimeZone or Time Zone")
    ]


# --- which rows count ------------------------------------------------------------------------


def test_payment_types_all_count_and_other_movements_are_skipped() -> None:
    kinds = [
        ("Donation Payment", "Credit", "10.00"),
        ("Subscription Payment", "Credit", "10.00"),
        ("General Payment", "Credit", "10.00"),
        ("Express Checkout Payment", "Credit", "10.00"),
        ("Website Payment", "Credit", "10.00"),
        ("Mobile Payment", "Credit", "10.00"),
        ("Payment Refund", "Debit", "-10.00"),
        ("Payment Reversal", "Debit", "-10.00"),
        ("General Withdrawal", "Debit", "-10.00"),
        ("Hold on Balance for Dispute Investigation", "Debit", "-10.00"),
        ("Cancellation of Hold for Dispute Resolution", "Credit", "10.00"),
        ("Bank Deposit to PP Account", "Credit", "10.00"),
        ("General Authorization", "Memo", "10.00"),
    ]
    rows = [
        {
            **A_PAYMENT,
            "Type": kind,
            "Balance Impact": impact,
            "Gross": gross,
            "Transaction ID": f"T{number}",
            "Reference Txn ID": "T0" if impact == "Debit" else "",
        }
        for number, (kind, impact, gross) in enumerate(kinds)
    ]
    result = import_text(activity(*rows))
    assert result.problems == []
    assert [(row.transaction_id, row.kind) for row in result.rows] == [
        *[(f"T{number}", Kind.PAYMENT) for number in range(6)],
        ("T6", Kind.REFUND),
        ("T7", Kind.REFUND),
    ]
    assert result.skipped == {
        "debit rows of type 'General Withdrawal' (not backer payments)": 1,
        "debit rows of type 'Hold on Balance for Dispute Investigation' (not backer payments)": 1,
        "credit rows of type 'Cancellation of Hold for Dispute Resolution' (not backer payments)": 1,
        "credit rows of type 'Bank Deposit to PP Account' (not backer payments)": 1,
        "memo rows (moved no money)": 1,
    }


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Completed", Status.PAID),
        ("Pending", Status.PENDING),
        ("Denied", Status.FAILED),
        ("Failed", Status.FAILED),
        ("Reversed", Status.FAILED),
        ("Canceled", Status.FAILED),
        ("Cancelled", Status.FAILED),
    ],
)
def test_payment_statuses(text: str, status: Status) -> None:
    result = import_text(activity({**A_PAYMENT, "Status": text}))
    assert [row.status for row in result.rows] == [status]


def test_a_reversed_refund_row_is_skipped() -> None:
    refund = {
        **A_PAYMENT,
        "Type": "Payment Refund",
        "Status": "Reversed",
        "Gross": "-25.00",
        "Balance Impact": "Debit",
        "Transaction ID": "R1",
        "Reference Txn ID": "1AB23456CD789012E",
    }
    result = import_text(activity(A_PAYMENT, refund))
    assert [row.transaction_id for row in result.rows] == ["1AB23456CD789012E"]
    assert result.skipped == {"refund rows reversed (no money went back)": 1}


def test_without_balance_impact_the_sign_tells_payments_from_refunds() -> None:
    header = [name for name in HEADER if name != "Balance Impact"]
    refund = {
        **A_PAYMENT,
        "Type": "Payment Refund",
        "Gross": "-5.00",
        "Transaction ID": "R1",
        "Reference Txn ID": A_PAYMENT["Transaction ID"],
    }
    result = import_text(activity(A_PAYMENT, refund, header=header))
    assert [(row.kind, row.gross) for row in result.rows] == [
        (Kind.PAYMENT, Decimal("25.00")),
        (Kind.REFUND, Decimal("-5.00")),
    ]


@pytest.mark.parametrize(
    ("item_id", "item_title", "tier"),
    [
        ("wild-meadows/patron", "Wild Meadows: Patron", "wild-meadows/patron"),
        ("patron", "", "patron"),
        ("", "Wild Meadows: Patron", "title:Wild Meadows: Patron"),
        ("", "", ""),
    ],
)
def test_tier_hint_is_the_item_number_else_the_title(
    item_id: str, item_title: str, tier: str
) -> None:
    result = import_text(activity({**A_PAYMENT, "Item ID": item_id, "Item Title": item_title}))
    assert [row.tier for row in result.rows] == [tier]


# --- problems --------------------------------------------------------------------------------


def test_a_malformed_amount_is_a_problem_at_its_line_and_column() -> None:
    result = import_text(
        activity(A_PAYMENT, {**A_PAYMENT, "Gross": "12,5,0", "Transaction ID": "T2"})
    )
    assert result.problems == [
        Problem("export.csv", 3, 1, "Gross", "cannot read the amount '12,5,0'")
    ]


def test_every_problem_in_the_file_is_reported() -> None:
    refund = {**A_PAYMENT, "Type": "Payment Refund", "Gross": "-5.00", "Balance Impact": "Debit"}
    result = import_text(
        activity(
            {**A_PAYMENT, "Gross": "25.0"},
            {**A_PAYMENT, "Status": "Sent"},
            {**A_PAYMENT, "Transaction ID": ""},
            {**A_PAYMENT, "Currency": "US$"},
            {**refund, "Transaction ID": "R1"},
            {**A_PAYMENT, "Time": "25:00:00", "TimeZone": "Moon/Base"},
            {**A_PAYMENT, "Date": "02/30/2026"},
            {**A_PAYMENT, "Balance Impact": "Sideways"},
            {**A_PAYMENT, "Gross": "-25.00"},
            A_PAYMENT,
        )
    )
    assert [(problem.line, problem.field) for problem in result.problems] == [
        (2, "Gross"),
        (3, "Status"),
        (4, "Transaction ID"),
        (5, "Currency"),
        (6, "Reference Txn ID"),
        (7, "Time"),
        (7, "TimeZone"),
        (8, "Date"),
        (9, "Balance Impact"),
        (10, "Gross"),
    ]
    assert result.problems[4].message == "a refund row that names no original payment"


# --- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1,250.00", "1250.00"),
        ("-1,250.00", "-1250.00"),
        ("1.234,56", "1234.56"),
        ("-1.234,56", "-1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1'234.56", "1234.56"),
        ("1.234.567,89", "1234567.89"),
        ("25.00", "25.00"),
        ("25,00", "25.00"),
        ("0,05", "0.05"),
        ("1234.56", "1234.56"),
        ("1,000", "1000"),  # yen: no decimals, and PayPal has no three-decimal currency
        ("25", "25"),
        (" 25.00 ", "25.00"),
    ],
)
def test_read_amount(text: str, amount: str) -> None:
    assert read_amount(text) == Decimal(amount)
    assert str(read_amount(text)) == amount


@pytest.mark.parametrize(
    "text",
    [
        "",
        "12,5,0",
        "1,234,56",
        "1.234.56",
        "1,234.567,89",
        "12.5",
        "1,2345.00",
        ".50",
        "25.00 USD",
        "$25",
        "1.000,000",
        "--5",
    ],
)
def test_read_amount_refuses_what_it_cannot_read_exactly(text: str) -> None:
    assert read_amount(text) is None


STYLES = [(",", "."), (".", ","), (" ", ","), ("\u00a0", ","), ("'", "."), ("", "."), ("", ",")]


@given(
    amount=st.decimals(
        min_value=Decimal("-1e12"),
        max_value=Decimal("1e12"),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ),
    style=st.sampled_from(STYLES),
)
def test_any_two_place_amount_in_either_locale_reads_back(
    amount: Decimal, style: tuple[str, str]
) -> None:
    group, point = style
    us = f"{abs(amount):,.2f}"
    written = us.replace(",", "\x00").replace(".", point).replace("\x00", group)
    text = f"-{written}" if amount < 0 else written
    assert read_amount(text) == amount
    assert read_amount(text).as_tuple().exponent == -2
