"""A generic CSV for money that reaches no processor export: bank statements, cash at events.

Columns (names in any case and order): id, date, amount, currency; optional: status (paid,
pending, failed; default paid), refunded, tier, name (only for backers who agreed to be named),
backer (an e-mail or any identity, used only to count distinct backers, never stored), processor
(default "generic"), recurring (monthly for one of a series of monthly gifts, or empty)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import partial

from pledgekit.ledger.amounts import plain_amount
from pledgekit.ledger.bounds import Refused, checked_moment
from pledgekit.ledger.csvtools import Columns, utc_datetime
from pledgekit.ledger.importers import Importer, ImportResult
from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status, backer_ref
from pledgekit.problems import Problem

REQUIRED = ("id", "date", "amount", "currency")
STATUSES = {"paid": Status.PAID, "pending": Status.PENDING, "failed": Status.FAILED}
RECURRING = {"": Recurring.ONCE, "monthly": Recurring.MONTHLY}
AMOUNT_EXAMPLE = " (write 25 or 25.50)"


class GenericImporter(Importer):
    name = "generic"
    required = tuple((name,) for name in REQUIRED)

    @classmethod
    def recognises(cls, header: list[str]) -> bool:
        return Columns(header).has(*REQUIRED) and not Columns(header).has("Status", "Mode")

    def read_rows(
        self,
        columns: Columns,
        rows: Iterable[tuple[int, list[str]]],
        file: str,
        result: ImportResult,
    ) -> None:
        for line, cells in rows:
            value = partial(columns.get, cells)
            problem = partial(Problem, file, line, 1)  # (column, message)
            row_problems = []
            status = STATUSES.get((value("status") or "paid").lower())
            currency = value("currency").upper()
            if not value("id"):
                row_problems.append(
                    problem("id", "every row needs an id (a receipt or statement number)")
                )
            date = utc_datetime(value("date"))
            if date is None:
                row_problems.append(
                    problem(
                        "date",
                        f"cannot read the date {value('date')!r} (write 2026-11-04 or 2026-11-04T18:30:00+01:00)",
                    )
                )
            else:
                try:
                    checked_moment(date, value("date"))
                except Refused as refusal:
                    row_problems.append(problem("date", str(refusal)))
            amount = refunded = None
            try:
                amount = plain_amount(value("amount"), currency, AMOUNT_EXAMPLE)
                if amount <= 0:
                    row_problems.append(
                        problem(
                            "amount", f"a payment of {value('amount')!r}: write a positive amount"
                        )
                    )
            except Refused as refusal:
                row_problems.append(problem("amount", str(refusal)))
            try:
                refunded = plain_amount(value("refunded") or "0", currency)
                if refunded < 0:
                    row_problems.append(
                        problem(
                            "refunded",
                            f"a refund of {value('refunded')!r}: write a positive amount",
                        )
                    )
            except Refused as refusal:
                row_problems.append(problem("refunded", str(refusal)))
            if status is None:
                row_problems.append(
                    problem(
                        "status",
                        f"unknown status {value('status')!r} (expected paid, pending or failed)",
                    )
                )
            recurring = RECURRING.get(value("recurring").lower())
            if recurring is None:
                row_problems.append(
                    problem(
                        "recurring",
                        f"unknown recurring {value('recurring')!r} (expected monthly, or nothing "
                        "for a one-time gift)",
                    )
                )
            if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
                row_problems.append(
                    problem("currency", f"cannot read the currency {value('currency')!r}")
                )
            if row_problems:
                result.problems += row_problems
                continue
            assert (
                date is not None
                and amount is not None
                and refunded is not None
                and status is not None
                and recurring is not None
            )
            processor = value("processor") or "generic"
            row = LedgerRow(
                processor=processor,
                transaction_id=value("id"),
                date=date,
                kind=Kind.PAYMENT,
                gross=amount,
                currency=currency,
                refunded=min(refunded, amount) if amount else Decimal(0),
                status=status,
                tier=value("tier"),
                backer=value("name"),
                backer_ref=backer_ref(processor, value("backer")),
                recurring=recurring,
            )
            result.add(row, line, file)
