"""Stripe's payments export (Dashboard → Payments → Export), either header generation."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from functools import partial

from pledgekit.ledger.amounts import plain_amount
from pledgekit.ledger.bounds import Refused, checked_moment
from pledgekit.ledger.csvtools import Columns, utc_datetime
from pledgekit.ledger.importers import Importer, ImportResult
from pledgekit.ledger.rows import Kind, LedgerRow, Status, backer_ref
from pledgekit.problems import Problem

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
            else:
                try:
                    checked_moment(date, value(created))
                except Refused as refusal:
                    row_problems.append(problem(created, str(refusal)))
            currency = value("Currency").upper()
            if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
                row_problems.append(
                    problem("Currency", f"cannot read the currency {value('Currency')!r}")
                )
            gross = refunded = None
            try:
                gross = plain_amount(value("Amount"), currency)
                if gross < 0:
                    row_problems.append(
                        problem("Amount", f"a payment of a negative amount {value('Amount')!r}")
                    )
            except Refused as refusal:
                row_problems.append(problem("Amount", str(refusal)))
            try:
                refunded = plain_amount(value("Amount Refunded") or "0", currency)
                if refunded < 0:  # it would add to what the payment counts for
                    message = f"a negative refund {value('Amount Refunded')!r}"
                    row_problems.append(problem("Amount Refunded", message))
            except Refused as refusal:
                row_problems.append(problem("Amount Refunded", str(refusal)))
            fee = Decimal(0)
            # Stripe's Fee is in the Converted Currency (the account's settlement currency):
            # counted only when that is the payment's own, never converted at a guessed rate.
            settled_in = (value("Converted Currency") or currency).upper()
            if value("Fee").strip() and settled_in != currency:
                settled_apart += 1
            elif value("Fee").strip():
                try:
                    fee = plain_amount(value("Fee"), currency)
                    if fee < 0:
                        row_problems.append(problem("Fee", f"a negative fee {value('Fee')!r}"))
                except Refused as refusal:
                    row_problems.append(problem("Fee", str(refusal)))
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
                fee=fee,
            )
            result.add(row, line, file)
        if settled_apart:
            result.notes.append(
                f"the fees of {settled_apart} payment{'s' if settled_apart != 1 else ''} are in "
                "the currency they were settled in, not the one they were paid in: not counted "
                "(their fee is 0 in the ledger)"
            )
