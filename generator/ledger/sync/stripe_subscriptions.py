"""Stripe monthly giving: a Payment Link for a recurring price makes Checkout Sessions that
start a subscription; each month, the first included, is a paid invoice of it, read here as a
payment row marked monthly (the session itself pays nothing: it is no row of its own)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.ledger.importers import ImportResult
from generator.ledger.rows import Kind, LedgerRow, Recurring, Status, backer_ref
from generator.ledger.sync.answers import skip
from generator.ledger.sync.credentials import one_line
from generator.ledger.sync.retry import SourceFailure, with_retries
from generator.ledger.sync.sources import Offer

if TYPE_CHECKING:
    from generator.ledger.sync.stripe import StripeSource

INVOICES = "/v1/invoices"
SUBSCRIPTIONS = "/v1/subscriptions"
# Each invoice's payments (InvoicePayment objects), which name the charge that paid it: the
# id Stripe's payments export gives the same money, so an export and a sync agree on its row.
EXPAND_PAYMENTS = ["data.payments"]


def add_subscription_months(
    source: StripeSource, session: Any, offers: list[Offer], result: ImportResult
) -> None:
    """The paid invoices of the subscription `session` started, into `result`: one payment row
    each, monthly when every item of the subscription is billed once a month (another rhythm,
    yearly say, is money received but no monthly commitment: counted as one-time, with a
    note)."""
    from generator.ledger.sync.stripe import supporter_name, value

    subscription = value(session, "subscription")  # its id, or the object when expanded
    subscription_id = subscription if isinstance(subscription, str) else value(subscription, "id")
    if not subscription_id:
        skip(result, "subscription sessions with no subscription yet")
        return
    monthly = _bills_monthly(source, str(subscription_id), result)
    tiers = {offer.tier or "" for offer in offers}
    tier = tiers.pop() if len(tiers) == 1 else ""
    name = supporter_name(session)
    parameters = {"subscription": subscription_id, "status": "paid", "expand": EXPAND_PAYMENTS}
    listing = source._client.v1.invoices.list
    for invoice in source._every(INVOICES, listing, parameters):
        try:
            row = _month(source, invoice, tier, name, monthly)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise SourceFailure(
                f"stripe: {source._base}{INVOICES} answered with an invoice pledgekit cannot "
                f"read ({type(error).__name__}: {one_line(str(error), 80)})"
            ) from None
        if row is None:
            skip(result, "invoices with nothing paid (a free trial, a 100 % coupon)")
        else:
            result.add(row, 1, f"stripe invoice {invoice.id}")


def _bills_monthly(source: StripeSource, subscription_id: str, result: ImportResult) -> bool:
    """Whether every item of the subscription is billed once a month."""
    from generator.ledger.sync.stripe import value

    path = f"{SUBSCRIPTIONS}/{subscription_id}"

    def retrieve(params: dict[str, Any]) -> Any:
        return source._client.v1.subscriptions.retrieve(subscription_id, params=params)

    subscription = with_retries(lambda: source._call(path, retrieve, {}), source._settings.policy)
    rhythms = {
        (value(value(value(item, "price"), "recurring"), "interval"),
         value(value(value(item, "price"), "recurring"), "interval_count"))
        for item in value(value(subscription, "items"), "data") or []
    }  # fmt: skip
    if rhythms == {("month", 1)}:
        return True
    note = (
        f"stripe: subscription {subscription_id} is not billed once a month: its payments count "
        "in what was raised, not in the monthly figure"
    )
    if note not in result.notes:
        result.notes.append(note)
    return False


def _month(
    source: StripeSource, invoice: Any, tier: str, name: str, monthly: bool
) -> LedgerRow | None:
    """One paid invoice as a payment row; None when nothing was paid."""
    from generator.ledger.sync.stripe import major_units, moment, value

    currency = str(invoice.currency).upper()
    paid = major_units(value(invoice, "amount_paid") or 0, currency)
    if paid <= 0:
        return None
    transitions = value(invoice, "status_transitions")
    paid_at = value(transitions, "paid_at") or invoice.created
    customer = value(invoice, "customer")
    if customer is not None and not isinstance(customer, str):
        customer = value(customer, "id")
    return LedgerRow(
        processor="stripe",
        transaction_id=_charge_of(invoice) or str(invoice.id),
        date=moment(paid_at),
        kind=Kind.PAYMENT,
        gross=paid,
        currency=currency,
        status=Status.PAID,  # listed with status=paid only
        tier=tier,
        backer=name,
        # One donor's months share the customer; its id is hashed, never kept.
        backer_ref=backer_ref("stripe", str(customer or "")),
        recurring=Recurring.MONTHLY if monthly else Recurring.ONCE,
    )


def _charge_of(invoice: Any) -> str:
    """The charge that paid the invoice, when its payments (expanded) name one; '' otherwise
    (a payment through a PaymentIntent names the intent, not the charge: the invoice's own id
    then keys the row)."""
    from generator.ledger.sync.stripe import value

    payments = value(value(invoice, "payments"), "data") or []
    for payment in payments:
        if value(payment, "status") != "paid":
            continue
        made = value(payment, "payment")
        if value(made, "type") == "charge" and value(made, "charge"):
            charge = value(made, "charge")
            return str(charge if isinstance(charge, str) else value(charge, "id"))
    return ""
