"""A generic CSV for money that reaches no processor export: bank statements, cash at events.

Columns (names in any case and order): id, date, amount, currency; optional: status (paid,
pending, failed; default paid), refunded, tier, name (only for backers who agreed to be named),
backer (an e-mail or any identity, used only to count distinct backers, never stored), processor
(default "generic"), recurring (monthly for one of a series of monthly gifts, or empty)."""

from __future__ import annotations

from collections.abc import Iterable

from pledgekit.ledger.csvtools import Columns
from pledgekit.ledger.importers import Importer, ImportResult
from pledgekit.ledger.row_cells import RowCells
from pledgekit.ledger.rows import Recurring, Status, payment_row

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
            row = RowCells(columns, cells, file, line)
            status = STATUSES.get((row.value("status") or "paid").lower())
            currency = row.value("currency").upper()
            if not row.value("id"):
                row.problem("id", "every row needs an id (a receipt or statement number)")
            date = row.moment("date", " (write 2026-11-04 or 2026-11-04T18:30:00+01:00)")
            amount = row.amount("amount", currency, AMOUNT_EXAMPLE)
            if amount is not None and amount <= 0:
                row.problem(
                    "amount", f"a payment of {row.value('amount')!r}: write a positive amount"
                )
            refunded = row.amount("refunded", currency, empty="0")
            if refunded is not None and refunded < 0:
                row.problem(
                    "refunded", f"a refund of {row.value('refunded')!r}: write a positive amount"
                )
            if status is None:
                row.problem(
                    "status",
                    f"unknown status {row.value('status')!r} (expected paid, pending or failed)",
                )
            recurring = RECURRING.get(row.value("recurring").lower())
            if recurring is None:
                row.problem(
                    "recurring",
                    f"unknown recurring {row.value('recurring')!r} (expected monthly, or nothing "
                    "for a one-time gift)",
                )
            row.check_currency("currency", currency)
            if row.problems:
                result.problems += row.problems
                continue
            assert (
                date is not None
                and amount is not None
                and refunded is not None
                and status is not None
                and recurring is not None
            )
            processor = row.value("processor") or "generic"
            payment = payment_row(
                processor,
                row.value("id"),
                date,
                amount,
                currency,
                refunded=refunded,
                status=status,
                identity=row.value("backer"),
                tier=row.value("tier"),
                backer=row.value("name"),
                recurring=recurring,
            )
            result.add(payment, line, file)
