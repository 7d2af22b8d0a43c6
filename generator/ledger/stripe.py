"""Stripe's payments export (Dashboard → Payments → Export), either header generation."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import partial

from generator.ledger.csvtools import Columns, plain_decimal, utc_datetime
from generator.ledger.importers import Importer, ImportResult, register_importer
from generator.ledger.rows import Kind, LedgerRow, Status, backer_ref
from generator.problems import Problem

CREATED = ("Created date (UTC)", "Created (UTC)")
STATUSES = {"paid": Status.PAID, "refunded": Status.PAID, "failed": Status.FAILED}
DISPUTES = {
    "needs_response": Status.DISPUTED,
    "under_review": Status.DISPUTED,
    "won": Status.WON,
    "lost": Status.LOST,
}
TIER_METADATA = "tier (metadata)"
NAME_METADATA = "public_name (metadata)"  # set only when the backer agreed to be named


@register_importer
class StripeImporter(Importer):
    name = "stripe"

    @classmethod
    def recognises(cls, header: list[str]) -> bool:
        columns = Columns(header)
        return (
            columns.has("id", "Amount", "Currency", "Status")
            and columns.first(*CREATED) is not None
        )

    def read(
        self, header: list[str], rows: Iterable[tuple[int, list[str]]], file: str
    ) -> ImportResult:
        columns = Columns(header)
        created = columns.first(*CREATED)
        result = ImportResult()
        seen: dict[str, LedgerRow] = {}
        for line, cells in rows:
            value = partial(columns.get, cells)
            problem = partial(Problem, file, line, 1)  # (column, message)
            if value("Mode").lower() == "test":
                result.skipped["test-mode payments"] = (
                    result.skipped.get("test-mode payments", 0) + 1
                )
                continue
            row_problems = []
            transaction = value("id") or value("PaymentIntent ID")
            if not transaction:
                row_problems.append(problem("id", "a payment without an id"))
            date = utc_datetime(value(created))
            if date is None:
                row_problems.append(problem(created, f"cannot read the date {value(created)!r}"))
            gross = plain_decimal(value("Amount"))
            if gross is None or gross < 0:
                row_problems.append(
                    problem("Amount", f"cannot read the amount {value('Amount')!r}")
                )
            refunded_text = value("Amount Refunded") or "0"
            refunded = plain_decimal(refunded_text)
            if refunded is None:
                row_problems.append(
                    problem("Amount Refunded", f"cannot read the amount {refunded_text!r}")
                )
            currency = value("Currency").upper()
            if len(currency) != 3 or not currency.isalpha():
                row_problems.append(
                    problem("Currency", f"cannot read the currency {value('Currency')!r}")
                )
            status = STATUSES.get(value("Status").lower())
            if status is None:
                row_problems.append(
                    problem(
                        "Status",
                        f"unknown status {value('Status')!r} (expected Paid, Refunded or Failed)",
                    )
                )
            dispute_text = value("Dispute Status").lower()
            if dispute_text and not dispute_text.startswith("warning"):  # warnings move no money
                if dispute_text not in DISPUTES:
                    row_problems.append(
                        problem(
                            "Dispute Status", f"unknown dispute status {value('Dispute Status')!r}"
                        )
                    )
                else:
                    status = DISPUTES[dispute_text]
            if row_problems:
                result.problems += row_problems
                continue
            assert (
                gross is not None
                and refunded is not None
                and status is not None
                and date is not None
            )
            if value("Status").lower() == "refunded" and refunded == 0:
                refunded = gross  # an older export may leave Amount Refunded empty on a full refund
            if value("Captured").lower() == "false" and status is Status.PAID:
                status = Status.PENDING  # authorised, not yet taken
            identity = value("Customer ID") or value("Customer Email")
            row = LedgerRow(
                processor="stripe",
                transaction_id=transaction,
                date=date,
                kind=Kind.PAYMENT,
                gross=gross,
                currency=currency,
                refunded=min(refunded, gross) if gross else Decimal(0),
                status=status,
                tier=value(TIER_METADATA),
                backer=value(NAME_METADATA),
                backer_ref=backer_ref("stripe", identity),
            )
            seen[transaction] = seen[transaction].merged_with(row) if transaction in seen else row
        result.rows = list(seen.values())
        return result
