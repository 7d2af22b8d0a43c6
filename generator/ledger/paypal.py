"""PayPal's Activity download (CSV): payments and refund rows, in local numbers, dates and zones."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pledgekit.ledger.amounts import local_amount
from pledgekit.ledger.bounds import Refused, as_utc, checked_moment
from pledgekit.ledger.csvtools import Columns, clean_header
from pledgekit.ledger.importers import Importer, ImportResult
from pledgekit.ledger.row_cells import RowCells
from pledgekit.ledger.rows import (
    TITLE_PREFIX,
    Kind,
    LedgerRow,
    Status,
    backer_ref,
    is_currency_code,
)
from pledgekit.problems import Problem

PROCESSOR = "paypal"
REQUIRED = ("Transaction ID", "Gross", "Currency", "Date")
TIME_ZONE = ("TimeZone", "Time Zone")


STATUSES = {
    "completed": Status.PAID,
    # Older downloads also mark the payment itself refunded; its separate refund row subtracts.
    "refunded": Status.PAID,
    "partially refunded": Status.PAID,
    "pending": Status.PENDING,
    "denied": Status.FAILED,
    "failed": Status.FAILED,
    "reversed": Status.FAILED,
    "canceled": Status.FAILED,
    "cancelled": Status.FAILED,
}

# Debit rows of these types sent a backer's money back; other debits (withdrawals, holds,
# currency conversions, purchases) are the account holder's own business.
REFUND_TYPES = ("refund", "reversal", "chargeback")
# Credit rows of these types are not gifts: a currency conversion credits the converted amount of
# a payment already counted, a released hold returns money already counted, and deposits or
# transfers come from the account holder's own bank; a refund or reversal credited is money back
# from the holder's own purchases.
NOT_GIFT_CREDITS = ("currency conversion", "hold", "deposit", "transfer", "withdrawal", "fee")
NOT_GIFT_CREDITS += REFUND_TYPES

# The abbreviations PayPal writes; each names its offset, summer time included. CST is read as
# North American Central (not China), BST as British Summer Time (not Bangladesh).
ZONE_OFFSETS = {
    "UTC": 0, "GMT": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "JST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}  # fmt: skip
NUMERIC_ZONE = re.compile(r"(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?")
SLASH_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
GROUP_SEPARATORS = ",. '\u00a0\u202f"  # 1,250 · 1.250 · 1 250 · 1'250 · no-break spaces


def read_amount(text: str) -> Decimal | None:
    """'1,250.00', '-1.234,56', '1 234,56', '25,00', '25': the exact amount, else None.

    The decimal separator is the last separator when exactly two digits follow it; every other
    separator groups thousands, one kind per value, in groups of three."""
    body = text.strip().replace("\u2212", "-")
    negative = body.startswith("-")
    body = body.removeprefix("-")
    point, cents = "", ""
    if len(body) > 3 and body[-3] in ".," and body[-2:].isdigit():
        point, cents, body = body[-3], body[-2:], body[:-3]
    groups = re.split(f"[{GROUP_SEPARATORS}]", body)
    separators = set(re.findall(f"[{GROUP_SEPARATORS}]", body))
    if (
        not all(group.isascii() and group.isdigit() for group in groups)
        or len(separators) > 1
        or point in separators
        or (len(groups) > 1 and not (len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])))
        or (len(groups) > 1 and groups[0].startswith("0"))  # 0,001 is no number of thousands
    ):
        return None
    digits = "".join(groups) + (f".{cents}" if cents else "")
    return -Decimal(digits) if negative else Decimal(digits)


@dataclass(frozen=True)
class DateOrder:
    """How a file writes its dates: day first or month first, decided once for the whole file."""

    day_first: bool | None  # None: the file writes them both ways
    note: str = ""
    problem: Problem | None = None


def date_order(dates: list[tuple[int, str]], file: str, field: str) -> DateOrder:
    """Day first when some date starts above 12, month first when some date has its middle part
    above 12, month first (with a note) when no date tells."""
    parts = [(line, text, SLASH_DATE.fullmatch(text)) for line, text in dates]
    slashed = [(line, text, int(match[1]), int(match[2])) for line, text, match in parts if match]
    day_first = next(((line, text) for line, text, first, _ in slashed if first > 12), None)
    month_first = next(((line, text) for line, text, _, second in slashed if second > 12), None)
    if day_first and month_first:
        line = max(day_first[0], month_first[0])
        message = (
            f"dates are written day first ({day_first[1]!r} on line {day_first[0]}) and month "
            f"first ({month_first[1]!r} on line {month_first[0]}); export the file again"
        )
        return DateOrder(None, problem=Problem(file, line, 1, field, message))
    if day_first:
        return DateOrder(
            True, f"dates read as DD/MM/YYYY ({day_first[1]!r} on line {day_first[0]})"
        )
    if month_first:
        return DateOrder(
            False, f"dates read as MM/DD/YYYY ({month_first[1]!r} on line {month_first[0]})"
        )
    note = "dates read as MM/DD/YYYY (no day above 12 told otherwise)" if slashed else ""
    return DateOrder(False, note)


def read_date(text: str, day_first: bool) -> date | None:
    """'11/04/2026' (as the file's order says), '2026-11-04' -> a date, else None."""
    if match := ISO_DATE.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := SLASH_DATE.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        day, month = (first, second) if day_first else (second, first)
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_time(text: str) -> time | None:
    """'08:04:12' or '8:04' -> a time, else None."""
    match = CLOCK.fullmatch(text)
    if not match:
        return None
    try:
        return time(int(match[1]), int(match[2]), int(match[3] or 0))
    except ValueError:
        return None


@cache
def time_zone(name: str) -> tzinfo | None:
    """'PST', 'CEST', 'GMT+01:00', 'Europe/Paris' -> the zone, else None."""
    if name.upper() in ZONE_OFFSETS:
        return timezone(timedelta(hours=ZONE_OFFSETS[name.upper()]))
    if match := NUMERIC_ZONE.fullmatch(name):
        offset = timedelta(hours=int(match[2]), minutes=int(match[3] or 0))
        return (
            timezone(-offset if match[1] == "-" else offset)
            if offset < timedelta(hours=15)
            else None
        )
    if not name or name.startswith(("/", ".")):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class Skip:
    """A row that is no backer's payment or refund, and why."""

    reason: str


def movement(impact: str, kind: str) -> Kind | Skip:
    """Kind.PAYMENT or Kind.REFUND for a row that moved a backer's money, else why it is
    skipped. `impact` is credit or debit; `kind` is PayPal's Type column."""
    lowered = kind.lower()
    if impact == "debit":
        if any(word in lowered for word in REFUND_TYPES) and "fee" not in lowered:
            return Kind.REFUND
        return Skip(f"debit rows of type {kind!r} (not backer payments)")
    if any(word in lowered for word in NOT_GIFT_CREDITS):
        return Skip(f"credit rows of type {kind!r} (not backer payments)")
    return Kind.PAYMENT


def paypal_columns(header: list[str]) -> Columns:
    """Columns by name. A reader that keeps the byte-order mark sees the first cell as
    '\ufeff"Date"', quotes included, since the mark stands before the opening quote."""
    return Columns([cell.removeprefix('"').removesuffix('"') for cell in clean_header(header)])


def tier_hint(item_id: str, item_title: str) -> str:
    """The item number as sent ('<campaign>/<tier>' from pledgekit's buttons), else the item
    title, for the import to match against the campaign and its tiers."""
    if item_id.strip():
        return item_id.strip()
    return f"{TITLE_PREFIX}{item_title}" if item_title else ""


class PayPalImporter(Importer):
    name = "paypal"
    # Without a time and its zone, a payment near midnight could land on the wrong day.
    required = (*((name,) for name in REQUIRED), ("Time",), TIME_ZONE)

    @classmethod
    def columns(cls, header: list[str]) -> Columns:
        return paypal_columns(header)

    @classmethod
    def recognises(cls, header: list[str]) -> bool:
        columns = paypal_columns(header)
        return columns.has(*REQUIRED) and columns.first("Balance Impact", "Type") is not None

    def read_rows(
        self,
        columns: Columns,
        rows: Iterable[tuple[int, list[str]]],
        file: str,
        result: ImportResult,
    ) -> None:
        lines = list(rows)  # read twice: the day/month order is decided over the whole file
        order = date_order(
            [(line, columns.get(cells, "Date")) for line, cells in lines], file, "Date"
        )
        if order.problem:
            result.problems.append(order.problem)
        if order.note:
            result.notes.append(order.note)
        for line, cells in lines:
            outcome = self._read_row(RowCells(columns, cells, file, line), columns, order)
            if isinstance(outcome, Skip):
                result.skipped[outcome.reason] = result.skipped.get(outcome.reason, 0) + 1
            elif isinstance(outcome, list):
                result.problems += outcome
            else:
                result.add(outcome, line, file)

    def _read_row(
        self, row: RowCells, columns: Columns, order: DateOrder
    ) -> LedgerRow | Skip | list[Problem]:
        """One row: a ledger row, the reason it is skipped, or what is wrong with it."""
        value = row.value
        gross = read_amount(value("Gross"))
        if gross is None:
            row.problem("Gross", f"cannot read the amount {value('Gross')!r}")
        if columns.has("Balance Impact"):
            impact = value("Balance Impact").lower()
            if impact == "memo":
                return Skip("memo rows (moved no money)")
            if impact not in ("credit", "debit"):
                message = f"unknown balance impact {value('Balance Impact')!r} (expected Credit, Debit or Memo)"
                row.problem("Balance Impact", message)
                return row.problems
        elif gross is None:
            return row.problems  # without Balance Impact, only the sign tells money in from out
        else:
            impact = "debit" if gross < 0 else "credit"
        kind = movement(impact, value("Type"))
        if isinstance(kind, Skip):
            return kind  # not a backer's money: its amount does not matter
        status_text = value("Status")
        if kind is Kind.REFUND and status_text.lower() == "reversed":
            return Skip("refund rows reversed (no money went back)")
        status = STATUSES.get(status_text.lower())
        if status is None:
            message = f"unknown status {status_text!r} (expected Completed, Pending, Denied, Failed, Reversed or Canceled)"
            row.problem("Status", message)
        transaction = value("Transaction ID")
        if not transaction:
            row.problem("Transaction ID", "a row without a transaction id")
        currency = value("Currency").upper()
        if not is_currency_code(currency):
            row.problem("Currency", f"cannot read the currency {value('Currency')!r}")
        elif gross is not None:
            try:
                local_amount(value("Gross"), currency, read_amount)
            except Refused as refusal:  # a separator it cannot tell, more decimals than cents
                row.problem("Gross", str(refusal))
        if gross is not None and kind is Kind.PAYMENT and gross < 0:
            row.problem("Gross", f"a payment of a negative amount {value('Gross')!r}")
        if gross is not None and kind is Kind.REFUND and gross > 0:
            row.problem("Gross", f"a refund of a positive amount {value('Gross')!r}")
        refers_to = value("Reference Txn ID") if kind is Kind.REFUND else ""
        if kind is Kind.REFUND and not refers_to:
            row.problem("Reference Txn ID", "a refund row that names no original payment")
        fee = Decimal(0)  # PayPal writes the fee it kept as a negative amount in the row's currency
        if kind is Kind.PAYMENT and value("Fee").strip():
            read_fee = read_amount(value("Fee"))
            if read_fee is None:
                row.problem("Fee", f"cannot read the fee {value('Fee')!r}")
            else:
                fee = abs(read_fee)
        moment = self._moment(row, columns, order)
        if row.problems or moment is None:
            return row.problems
        assert gross is not None and status is not None
        payment = kind is Kind.PAYMENT
        return LedgerRow(
            processor=PROCESSOR,
            transaction_id=transaction,
            date=moment,
            kind=kind,
            gross=gross,  # not Net: the fee is the creator's cost, the backer gave Gross
            currency=currency,
            # Refund rows carry the part of the fee PayPal gives back: not counted, so that a
            # refunded payment's fee stays what PayPal first kept (net is never below 0).
            fee=fee,
            status=status,
            refers_to=refers_to,
            tier=tier_hint(value("Item ID"), value("Item Title")) if payment else "",
            # A refund's From is the account holder; PayPal says nothing about being named.
            backer_ref=backer_ref(PROCESSOR, value("From Email Address")) if payment else "",
        )

    def _moment(self, row: RowCells, columns: Columns, order: DateOrder) -> datetime | None:
        """The row's Date, Time and TimeZone as one UTC moment; None, and the row's problems
        say why, when they cannot be read."""
        value = row.value
        zone_column = columns.first(*TIME_ZONE)
        assert zone_column is not None
        day = None
        if order.day_first is not None or not SLASH_DATE.fullmatch(value("Date")):
            # When the file writes dates both ways, one problem already says so.
            day = read_date(value("Date"), bool(order.day_first))
            if day is None:
                message = f"cannot read the date {value('Date')!r} (expected MM/DD/YYYY, DD/MM/YYYY or YYYY-MM-DD)"
                row.problem("Date", message)
        clock = read_time(value("Time"))
        if clock is None:
            message = f"cannot read the time {value('Time')!r} (expected HH:MM:SS)"
            row.problem("Time", message)
        zone = time_zone(value(zone_column))
        if zone is None:
            message = (
                f"unknown time zone {value(zone_column)!r} (expected e.g. PST, CET or Europe/Paris)"
            )
            row.problem(zone_column, message)
        if day is None or clock is None or zone is None:
            return None
        moment = as_utc(datetime.combine(day, clock, zone))
        try:
            return checked_moment(moment, f"{value('Date')} {value('Time')}")
        except Refused as refusal:
            row.problem("Date", str(refusal))
            return None
