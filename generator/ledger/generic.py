"""A generic CSV for money that reaches no processor export: bank statements, cash at events.

Columns (names in any case and order): id, date, amount, currency; optional: status (paid,
pending, failed; default paid), refunded, tier, name (only for backers who agreed to be named),
backer (an e-mail or any identity, used only to count distinct backers, never stored), processor
(default "generic")."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import partial

from generator.ledger.csvtools import Columns, plain_decimal, utc_datetime
from generator.ledger.importers import Importer, ImportResult, register_importer
from generator.ledger.rows import Kind, LedgerRow, Status, backer_ref
from generator.problems import Problem

REQUIRED = ("id", "date", "amount", "currency")
STATUSES = {"paid": Status.PAID, "pending": Status.PENDING, "failed": Status.FAILED}


@register_importer
class GenericImporter(Importer):
    name = "generic"

    @classmethod
    def recognises(cls, header: list[str]) -> bool:
        return Columns(header).has(*REQUIRED) and not Columns(header).has("Status", "Mode")

    def read(
        self, header: list[str], rows: Iterable[tuple[int, list[str]]], file: str
    ) -> ImportResult:
        columns = Columns(header)
        result = ImportResult()
        missing = [name for name in REQUIRED if not columns.has(name)]
        if missing:
            result.problems.append(
                Problem(file, 1, 1, "", f"missing column(s): {', '.join(missing)}")
            )
            return result
        seen: dict[tuple[str, str], LedgerRow] = {}
        for line, cells in rows:
            value = partial(columns.get, cells)
            problem = partial(Problem, file, line, 1)  # (column, message)
            row_problems = []
            date = utc_datetime(value("date"))
            amount = plain_decimal(value("amount"))
            refunded = plain_decimal(value("refunded") or "0")
            status = STATUSES.get((value("status") or "paid").lower())
            currency = value("currency").upper()
            if not value("id"):
                row_problems.append(
                    problem("id", "every row needs an id (a receipt or statement number)")
                )
            if date is None:
                row_problems.append(
                    problem(
                        "date",
                        f"cannot read the date {value('date')!r} (write 2026-11-04 or 2026-11-04T18:30:00+01:00)",
                    )
                )
            if amount is None or amount <= 0:
                row_problems.append(
                    problem(
                        "amount", f"cannot read the amount {value('amount')!r} (write 25 or 25.50)"
                    )
                )
            if refunded is None or refunded < 0:
                row_problems.append(
                    problem("refunded", f"cannot read the amount {value('refunded')!r}")
                )
            if status is None:
                row_problems.append(
                    problem(
                        "status",
                        f"unknown status {value('status')!r} (expected paid, pending or failed)",
                    )
                )
            if len(currency) != 3 or not currency.isalpha():
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
            )
            seen[row.key] = seen[row.key].merged_with(row) if row.key in seen else row
        result.rows = list(seen.values())
        return result
