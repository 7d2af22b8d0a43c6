"""Stripe's payments export (Dashboard → Payments → Export), either header generation."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pledgekit.ledger.csvtools import Columns
from pledgekit.ledger.importers import Importer, ImportResult
from pledgekit.ledger.row_cells import RowCells
from pledgekit.ledger.rows import Status, payment_row

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


class StripeImporter(Importer):
    name = "stripe"
    required = (("id",), CREATED, ("Amount",), ("Currency",), ("Status",))

    @classmethod
    def recognises(cls, header: list[str]) -> bool:
        columns = Columns(header)
        return (
            columns.has("id", "Amount", "Currency", "Status")
            and columns.first(*CREATED) is not None
        )

    def read_rows(
        self,
        columns: Columns,
        rows: Iterable[tuple[int, list[str]]],
        file: str,
        result: ImportResult,
    ) -> None:
        created = columns.first(*CREATED)
        assert created is not None  # a required column
        settled_apart = 0  # payments whose fee is in another currency than they were paid in
        for line, cells in rows:
            row = RowCells(columns, cells, file, line)
            if row.value("Mode").lower() == "test":
                result.skipped["test-mode payments"] = (
                    result.skipped.get("test-mode payments", 0) + 1
                )
                continue
            transaction = row.value("id") or row.value("PaymentIntent ID")
            if not transaction:
                row.problem("id", "a payment without an id")
            date = row.moment(created)
            currency = row.value("Currency").upper()
            row.check_currency("Currency", currency)
            gross = row.amount("Amount", currency)
            if gross is not None and gross < 0:
                row.problem("Amount", f"a payment of a negative amount {row.value('Amount')!r}")
            refunded = row.amount("Amount Refunded", currency, empty="0")
            if refunded is not None and refunded < 0:  # it would add to what the payment counts for
                row.problem(
                    "Amount Refunded", f"a negative refund {row.value('Amount Refunded')!r}"
                )
            fee = Decimal(0)
            # Stripe's Fee is in the Converted Currency (the account's settlement currency):
            # counted only when that is the payment's own, never converted at a guessed rate.
            settled_in = (row.value("Converted Currency") or currency).upper()
            if row.value("Fee").strip() and settled_in != currency:
                settled_apart += 1
            elif row.value("Fee").strip():
                fee = row.amount("Fee", currency)
                if fee is not None and fee < 0:
                    row.problem("Fee", f"a negative fee {row.value('Fee')!r}")
            status = STATUSES.get(row.value("Status").lower())
            if status is None:
                row.problem(
                    "Status",
                    f"unknown status {row.value('Status')!r} (expected Paid, Refunded or Failed)",
                )
            dispute_text = row.value("Dispute Status").lower()
            if dispute_text and not dispute_text.startswith("warning"):  # warnings move no money
                if dispute_text not in DISPUTES:
                    row.problem(
                        "Dispute Status", f"unknown dispute status {row.value('Dispute Status')!r}"
                    )
                else:
                    status = DISPUTES[dispute_text]
            if row.problems:
                result.problems += row.problems
                continue
            assert (
                gross is not None
                and refunded is not None
                and fee is not None
                and status is not None
                and date is not None
            )
            if row.value("Status").lower() == "refunded" and refunded == 0:
                refunded = gross  # an older export may leave Amount Refunded empty on a full refund
            if row.value("Captured").lower() == "false" and status is Status.PAID:
                status = Status.PENDING  # authorised, not yet taken
            payment = payment_row(
                "stripe",
                transaction,
                date,
                gross,
                currency,
                refunded=refunded,
                status=status,
                identity=row.value("Customer ID") or row.value("Customer Email"),
                tier=row.value(TIER_METADATA),
                backer=row.value(NAME_METADATA),
                fee=fee,
            )
            result.add(payment, line, file)
        if settled_apart:
            result.notes.append(
                f"the fees of {settled_apart} payment{'s' if settled_apart != 1 else ''} are in "
                "the currency they were settled in, not the one they were paid in: not counted "
                "(their fee is 0 in the ledger)"
            )
