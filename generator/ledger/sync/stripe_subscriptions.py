"""Stripe monthly giving: a Payment Link for a recurring price makes Checkout Sessions that
start a subscription; each month, the first included, is a paid invoice of it, read here as
the payment row of the charge that paid it, marked monthly (the session itself pays nothing:
it is no row of its own)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, Protocol

from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.rows import LedgerRow, Recurring
from pledgekit.ledger.sync.answers import skip
from pledgekit.ledger.sync.credentials import one_line
from pledgekit.ledger.sync.retry import SourceFailure, with_retries
from pledgekit.ledger.sync.sources import Offer, SyncSettings
from pledgekit.ledger.sync.stripe_objects import supporter_name, value


class StripeReader(Protocol):
    """What the months are read with: the Stripe source's client, lists, calls and rows."""

    _base: str
    _client: Any
    _settings: SyncSettings
    counts_net: bool

    def _every(
        self, path: str, listing: Callable[..., Any], parameters: dict[str, Any]
    ) -> Iterator[Any]: ...

    def _call(self, path: str, request: Callable[..., Any], parameters: dict[str, Any]) -> Any: ...

    def charge_row(
        self, charge: Any, paid: bool, tier: str, name: str, identity: str, result: ImportResult
    ) -> LedgerRow: ...


INVOICES = "/v1/invoices"
SUBSCRIPTIONS = "/v1/subscriptions"
CHARGES = "/v1/charges"
PAYMENT_INTENTS = "/v1/payment_intents"
# Each invoice's payments (InvoicePayment objects), which name the charge or the PaymentIntent
# that paid it. The charge itself is one request more: expanding it from the invoice list
# would take more than the four levels Stripe expands.
EXPAND_PAYMENTS = ["data.payments"]
RECORDED_OUTSIDE = "invoice payments recorded outside Stripe (no charge to read)"


def add_subscription_months(
    source: StripeReader, session: Any, offers: list[Offer], result: ImportResult
) -> None:
    """The paid invoices of the subscription `session` started, into `result`: the payment
    row of each one's charge, monthly when every item of the subscription is billed once a
    month (another rhythm, yearly say, is money received but no monthly commitment: counted
    as one-time, with a note)."""
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
            rows = _months(source, invoice, tier, name, monthly, result)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise SourceFailure(
                f"stripe: {source._base}{INVOICES} answered with an invoice pledgekit cannot "
                f"read ({type(error).__name__}: {one_line(str(error), 80)})"
            ) from None
        for row in rows:
            result.add(row, 1, f"stripe invoice {invoice.id}")


def _bills_monthly(source: StripeReader, subscription_id: str, result: ImportResult) -> bool:
    """Whether every item of the subscription is billed once a month."""
    subscription = _retrieved(
        source, f"{SUBSCRIPTIONS}/{subscription_id}", source._client.v1.subscriptions.retrieve, {}
    )
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


def _months(
    source: StripeReader, invoice: Any, tier: str, name: str, monthly: bool, result: ImportResult
) -> list[LedgerRow]:
    """One paid invoice as the payment rows of the charges that paid it (one, unless the
    month was paid in parts), as session rows are: keyed by the charge (the id Stripe's
    export gives the same money), with its refunds, dispute and fee; none when nothing was
    paid."""
    if (value(invoice, "amount_paid") or 0) <= 0:
        skip(result, "invoices with nothing paid (a free trial, a 100 % coupon)")
        return []
    customer = value(invoice, "customer")
    if customer is not None and not isinstance(customer, str):
        customer = value(customer, "id")
    recurring = Recurring.MONTHLY if monthly else Recurring.ONCE
    return [
        # One donor's months share the customer; its id is hashed, never kept. The invoice
        # is listed with status=paid only: what the charge paid for says it is paid.
        replace(
            source.charge_row(charge, True, tier, name, str(customer or ""), result),
            recurring=recurring,
        )
        for charge in _charges_of(source, invoice, result)
    ]


def _charges_of(source: StripeReader, invoice: Any, result: ImportResult) -> list[Any]:
    """The charges that paid the invoice, as its paid payments (expanded) name them: a charge,
    or a PaymentIntent whose latest charge it is. A payment recorded outside Stripe has no
    charge: skipped and said. A paid invoice that names neither is a failure, not a guess."""
    payments = value(invoice, "payments")
    if value(payments, "has_more"):
        raise _unreadable(invoice, "lists more payments than one answer holds")
    charges, recorded = [], 0
    for payment in value(payments, "data") or []:
        if value(payment, "status") != "paid":
            continue  # an attempt that failed, or was canceled
        made = value(payment, "payment")
        kind = value(made, "type")
        if kind == "charge" and value(made, "charge"):
            charges.append(_charge(source, _id(value(made, "charge"))))
        elif kind == "payment_intent" and value(made, "payment_intent"):
            charges.append(_latest_charge(source, invoice, _id(value(made, "payment_intent"))))
        elif kind == "payment_record":  # money the creator marked as paid elsewhere
            skip(result, RECORDED_OUTSIDE)
            recorded += 1
    if not charges and not recorded:
        raise _unreadable(invoice, "names no charge or PaymentIntent that paid it")
    return charges


def _charge(source: StripeReader, charge_id: str) -> Any:
    """GET /v1/charges/ch_…, its balance transaction expanded for a site counting net."""
    parameters = {"expand": ["balance_transaction"]} if source.counts_net else {}
    return _retrieved(
        source, f"{CHARGES}/{charge_id}", source._client.v1.charges.retrieve, parameters
    )


def _latest_charge(source: StripeReader, invoice: Any, intent_id: str) -> Any:
    """The latest charge of the PaymentIntent that paid the invoice (the one that succeeded,
    after any that failed), expanded in GET /v1/payment_intents/pi_…."""
    expand = ["latest_charge.balance_transaction" if source.counts_net else "latest_charge"]
    intent = _retrieved(
        source,
        f"{PAYMENT_INTENTS}/{intent_id}",
        source._client.v1.payment_intents.retrieve,
        {"expand": expand},
    )
    charge = value(intent, "latest_charge")
    if charge is None or isinstance(charge, str):
        raise _unreadable(
            invoice, f"was paid through PaymentIntent {intent_id}, which names no charge"
        )
    return charge


def _retrieved(
    source: StripeReader, path: str, retrieve: Callable[..., Any], parameters: dict[str, Any]
) -> Any:
    """One object by its id (the last part of `path`), tried again when it fails in a way
    that passes."""
    object_id = path.rsplit("/", 1)[-1]

    def request(params: dict[str, Any]) -> Any:
        return retrieve(object_id, params=params)

    return with_retries(lambda: source._call(path, request, parameters), source._settings.policy)


def _unreadable(invoice: Any, why: str) -> SourceFailure:
    return SourceFailure(
        f"stripe: invoice {invoice.id} {why}: its month cannot be keyed by its charge, as "
        "Stripe's export keys it"
    )


def _id(field: Any) -> str:
    """An expandable field's id, whether Stripe gave the id or the object."""
    return str(field if isinstance(field, str) else value(field, "id"))
