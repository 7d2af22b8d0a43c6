"""A stand-in for Stripe's API on 127.0.0.1: Payment Links, Checkout Sessions and disputes,
answered with Stripe's own example objects (tests/fixtures/stripe) and scripted failures."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from standin_http import Answer, ServedStandIn, StandInHandler
from support import FIXTURES

_RESOURCES = json.loads(
    (FIXTURES / "stripe" / "fixtures3-excerpt.json").read_text(encoding="utf-8")
)["resources"]
# invoice, invoice_payment and subscription, for monthly giving (README.md beside them)
_SUBSCRIPTIONS = FIXTURES / "stripe" / "fixtures3-subscriptions.json"
_RESOURCES.update(json.loads(_SUBSCRIPTIONS.read_text(encoding="utf-8"))["resources"])


def stripe_object(name: str, **fields: Any) -> dict[str, Any]:
    """A copy of Stripe's example object `name` with `fields` set."""
    return {**copy.deepcopy(_RESOURCES[name]), **fields}


def list_envelope(url: str, data: list[dict[str, Any]], has_more: bool) -> dict[str, Any]:
    """A list answer, shaped as Stripe's example of one (a charge's `refunds`)."""
    envelope = copy.deepcopy(_RESOURCES["charge"]["refunds"])
    envelope.update(url=url, data=data, has_more=has_more)
    return envelope


def timestamp(moment: str) -> int:
    return int(datetime.fromisoformat(moment).timestamp())


@dataclass
class Sale:
    """One Checkout Session with its payment intent and latest charge (none: no payment)."""

    session: dict[str, Any]
    intent: dict[str, Any] | None
    charge: dict[str, Any] | None
    balance: dict[str, Any] | None = None  # the charge's balance transaction, once it settled

    def answer(self, expanded: bool, balance_expanded: bool = False) -> dict[str, Any]:
        session = copy.deepcopy(self.session)
        if self.intent is None or not expanded:
            session["payment_intent"] = self.intent["id"] if self.intent else None
            return session
        intent = copy.deepcopy(self.intent)
        intent["latest_charge"] = copy.deepcopy(self.charge)
        if balance_expanded and self.balance is not None and intent["latest_charge"]:
            intent["latest_charge"]["balance_transaction"] = copy.deepcopy(self.balance)
        session["payment_intent"] = intent
        return session


class StripeStandIn(ServedStandIn):
    """Stripe's API for one account, on a port of 127.0.0.1 (start() gives its address)."""

    def __init__(self, key: str, page_size: int = 100):
        self.key = key
        self.page_size = page_size  # the most one page holds, whatever `limit` asks
        self.links: list[dict[str, Any]] = []
        self.sales: list[Sale] = []
        self.disputes: list[dict[str, Any]] = []
        self.subscriptions: dict[str, dict[str, Any]] = {}  # id -> subscription
        self.invoices: list[dict[str, Any]] = []  # newest last; listed newest first
        self.charges: dict[str, dict[str, Any]] = {}  # id -> the charge that paid a month
        self.intents: dict[str, dict[str, Any]] = {}  # id -> a month's PaymentIntent
        self.balances: dict[str, dict[str, Any]] = {}  # charge id -> a month's balance
        self.scripted: dict[str, list[Answer]] = {}  # path -> answers to serve first
        self.requests: list[tuple[str, dict[str, list[str]]]] = []  # (path, query)
        self.before_answer: Callable[[str, dict[str, list[str]]], None] | None = None
        self._number = 0

    # -- the account ---------------------------------------------------------------------

    def _next_id(self, prefix: str) -> str:
        self._number += 1
        return f"{prefix}_standin{self._number:04d}"

    def add_link(self, url: str, livemode: bool = True) -> str:
        link_id = self._next_id("plink")
        self.links.append(stripe_object("payment_link", id=link_id, url=url, livemode=livemode))
        return link_id

    def add_sale(
        self,
        link: str,
        amount: int,
        *,
        currency: str = "eur",
        status: str = "complete",
        payment_status: str = "paid",
        charge_status: str = "succeeded",
        refunded: int = 0,
        disputed: bool = False,
        created: str = "2026-11-20T10:00:00+00:00",
        email: str = "",
        customer: str | None = None,
        name: str | None = None,
        client_reference_id: str | None = None,
        livemode: bool = True,
        with_charge: bool = True,
        fee: int | None = None,
        settled_in: str | None = None,
    ) -> Sale:
        """A session of the Payment Link `link` for `amount` minor units; a charge unless the
        session took no payment (open, expired) or `with_charge` is false; with `fee`, the
        charge's balance transaction, which holds the fee in the currency the payment settled
        in (`settled_in`, else its own; the amounts then as if at 1:1, as no test reads them)."""
        moment = timestamp(created)
        paid_something = status == "complete" and with_charge
        intent = stripe_object(
            "payment_intent",
            id=self._next_id("pi"),
            amount=amount,
            currency=currency,
            created=moment,
            livemode=livemode,
            status="succeeded" if payment_status == "paid" else "processing",
        )
        charge = None
        if paid_something:
            charge = stripe_object(
                "charge",
                id=self._next_id("ch"),
                amount=amount,
                amount_captured=amount if charge_status == "succeeded" else 0,
                amount_refunded=refunded,
                refunded=refunded == amount,
                captured=charge_status == "succeeded",
                currency=currency,
                created=moment,
                disputed=disputed,
                livemode=livemode,
                paid=charge_status == "succeeded",
                payment_intent=intent["id"],
                status=charge_status,
            )
        fields = []
        if name is not None:
            fields.append(
                {
                    "key": "supporter_name",
                    "label": {"custom": "Name to show on the supporters page", "type": "custom"},
                    "optional": True,
                    "type": "text",
                    "text": {
                        "default_value": None,
                        "maximum_length": None,
                        "minimum_length": None,
                        "value": name,
                    },
                }
            )
        details = copy.deepcopy(_RESOURCES["checkout.session"]["customer_details"])
        details.update(email=email or None, name="Full Legal Name" if email else None)
        session = stripe_object(
            "checkout.session",
            id=self._next_id("cs_live" if livemode else "cs_test"),
            amount_subtotal=amount,
            amount_total=amount,
            client_reference_id=client_reference_id,
            created=moment,
            currency=currency,
            custom_fields=fields,
            customer=customer,
            customer_details=details,
            livemode=livemode,
            payment_link=link,
            payment_status=payment_status,
            status=status,
            url=None,
        )
        balance = None
        if charge is not None:
            balance = self._settle(charge, fee, settled_in)
        sale = Sale(session, intent if status == "complete" else None, charge, balance)
        self.sales.append(sale)
        return sale

    def _settle(
        self, charge: dict[str, Any], fee: int | None, settled_in: str | None
    ) -> dict[str, Any] | None:
        """With `fee`, the charge's balance transaction, which holds the fee in the currency
        the payment settled in (`settled_in`, else its own); else none yet (not settled)."""
        if fee is None:
            charge["balance_transaction"] = None
            return None
        settled = settled_in or charge["currency"]
        balance = stripe_object(
            "balance_transaction",
            id=self._next_id("txn"),
            amount=charge["amount"],
            currency=settled,
            created=charge["created"],
            fee=fee,
            fee_details=[
                {
                    "amount": fee,
                    "application": None,
                    "currency": settled,
                    "description": "Stripe processing fees",
                    "type": "stripe_fee",
                }
            ],
            net=charge["amount"] - fee,
            source=charge["id"],
        )
        charge["balance_transaction"] = balance["id"]
        return balance

    def add_dispute(self, sale: Sale | dict[str, Any], status: str) -> None:
        """A dispute of the sale's charge, or of a month's charge (one of `charges`)."""
        charge = sale.charge if isinstance(sale, Sale) else sale
        assert charge is not None
        charge["disputed"] = True
        self.disputes.append(
            stripe_object(
                "dispute",
                id=self._next_id("dp"),
                charge=charge["id"],
                amount=charge["amount"],
                currency=charge["currency"],
                status=status,
                livemode=charge["livemode"],
            )
        )

    @staticmethod
    def refund(charge: dict[str, Any], amount: int) -> None:
        """`amount` minor units of the charge given back."""
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]

    def add_subscription(
        self,
        link: str,
        months: list[tuple[int, str]],
        *,
        customer: str = "cus_standin",
        currency: str = "eur",
        interval: tuple[str, int] = ("month", 1),
        name: str | None = None,
        charged: bool = True,
        fee: int | None = None,
    ) -> dict[str, Any]:
        """A Checkout Session of `link` in subscription mode and its subscription, billed
        every `interval`, with a paid invoice per (amount in minor units, paid at) of `months`;
        each paid by a charge (`charges`, with a balance transaction holding `fee` when given)
        that the invoice's payment names (`charged`) or, as Stripe also says, through the
        PaymentIntent (`intents`) whose latest charge it is."""
        sale = self.add_sale(
            link, months[0][0], currency=currency, created=months[0][1], customer=customer,
            name=name, with_charge=False,
        )  # fmt: skip
        subscription_id = self._next_id("sub")
        sale.session.update(mode="subscription", subscription=subscription_id)
        sale.intent = None  # a subscription's session has no payment intent of its own
        subscription = stripe_object("subscription", id=subscription_id, customer=customer)
        item = subscription["items"]["data"][0]
        item["subscription"] = subscription_id
        item["price"].update(currency=currency, livemode=True)
        item["price"]["recurring"].update(interval=interval[0], interval_count=interval[1])
        self.subscriptions[subscription_id] = subscription
        for amount, paid_at in months:
            invoice_id = self._next_id("in")
            charge = stripe_object(
                "charge",
                id=self._next_id("ch"),
                amount=amount,
                amount_captured=amount,
                amount_refunded=0,
                refunded=False,
                captured=True,
                currency=currency,
                created=timestamp(paid_at),
                customer=customer,
                disputed=False,
                livemode=True,
                paid=True,
                payment_intent=None,
                status="succeeded",
            )
            self.charges[charge["id"]] = charge
            balance = self._settle(charge, fee, None)
            if balance is not None:
                self.balances[charge["id"]] = balance
            made = {"type": "charge", "charge": charge["id"]}
            if not charged:
                intent = stripe_object(
                    "payment_intent",
                    id=self._next_id("pi"),
                    amount=amount,
                    amount_received=amount,
                    created=timestamp(paid_at),
                    currency=currency,
                    customer=customer,
                    latest_charge=charge["id"],
                    livemode=True,
                    status="succeeded",
                )
                charge["payment_intent"] = intent["id"]
                self.intents[intent["id"]] = intent
                made = {"type": "payment_intent", "payment_intent": intent["id"]}
            payment = stripe_object(
                "invoice_payment",
                id=self._next_id("inpay"),
                amount_paid=amount,
                amount_requested=amount,
                created=timestamp(paid_at),
                currency=currency,
                invoice=invoice_id,
                status="paid",
                payment=made,
            )
            invoice = stripe_object(
                "invoice",
                id=invoice_id,
                amount_due=amount,
                amount_paid=amount,
                amount_remaining=0,
                billing_reason="subscription_cycle",
                created=timestamp(paid_at),
                currency=currency,
                customer=customer,
                livemode=True,
                status="paid",
                parent={
                    "quote_details": None,
                    "subscription_details": {"metadata": {}, "subscription": subscription_id},
                    "type": "subscription_details",
                },
            )
            invoice["status_transitions"]["paid_at"] = timestamp(paid_at)
            invoice["payments"] = list_envelope(
                f"/v1/invoices/{invoice_id}/payments", [payment], False
            )
            self.invoices.append(invoice)
        return subscription

    def fail(self, path: str, *answers: Answer) -> None:
        """Serve these answers, in order, to the next requests for `path`."""
        self.scripted.setdefault(path, []).extend(answers)

    # -- the server ----------------------------------------------------------------------

    def handler(self) -> type[StandInHandler]:
        standin = self

        class Handler(StandInHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                standin.requests.append((parts.path, query))
                if standin.before_answer:
                    standin.before_answer(parts.path, query)
                scripted = standin.scripted.get(parts.path)
                if scripted:
                    return self.send_answer(scripted.pop(0))
                if self.headers.get("Authorization") != f"Bearer {standin.key}":
                    return self.send_json(
                        401, standin.error("Invalid API Key provided: rk_live_*********ABCD")
                    )
                status, body = standin.route(parts.path, query)
                self.send_json(status, body)

        return Handler

    @staticmethod
    def error(message: str, kind: str = "invalid_request_error") -> dict[str, Any]:
        return {"error": {"message": message, "type": kind}}

    def route(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        if path == "/v1/payment_links":
            return 200, self.page(path, self.links, query)
        if path == "/v1/checkout/sessions":
            link = query.get("payment_link", [""])[0]
            since = int(query.get("created[gte]", ["0"])[0])
            expand = [
                value
                for name, values in query.items()
                if name.startswith("expand[")
                for value in values
            ]
            balance = "data.payment_intent.latest_charge.balance_transaction"
            # Stripe expands every object on the way to the deepest one named.
            expanded = "data.payment_intent.latest_charge" in expand or balance in expand
            sessions = [
                sale.answer(expanded, balance in expand)
                for sale in self.sales
                if sale.session["payment_link"] == link and sale.session["created"] >= since
            ]
            sessions.sort(key=lambda session: session["created"], reverse=True)  # newest first
            return 200, self.page(path, sessions, query)
        if path == "/v1/disputes":
            charge = query.get("charge", [""])[0]
            return 200, self.page(path, [d for d in self.disputes if d["charge"] == charge], query)
        if path == "/v1/invoices":
            wanted = query.get("subscription", [""])[0]
            status = query.get("status", [None])[0]
            expanded = "data.payments" in query.get("expand[0]", [])
            invoices = [
                invoice
                if expanded
                else {key: item for key, item in invoice.items() if key != "payments"}
                for invoice in reversed(self.invoices)  # newest first
                if invoice["parent"]["subscription_details"]["subscription"] == wanted
                and status in (None, invoice["status"])
            ]
            return 200, self.page(path, invoices, query)
        if path.startswith("/v1/charges/"):
            found = self.charges.get(path.removeprefix("/v1/charges/"))
            if found is None:
                return 404, self.error(f"No such charge: '{path.rsplit('/', 1)[-1]}'")
            return 200, self.month_charge(found["id"], "balance_transaction" in expansions(query))
        if path.startswith("/v1/payment_intents/"):
            found = self.intents.get(path.removeprefix("/v1/payment_intents/"))
            if found is None:
                return 404, self.error(f"No such payment_intent: '{path.rsplit('/', 1)[-1]}'")
            intent, expand = copy.deepcopy(found), expansions(query)
            balance = "latest_charge.balance_transaction" in expand
            # Stripe expands every object on the way to the deepest one named.
            if intent["latest_charge"] and ("latest_charge" in expand or balance):
                intent["latest_charge"] = self.month_charge(intent["latest_charge"], balance)
            return 200, intent
        if path.startswith("/v1/subscriptions/"):
            found = self.subscriptions.get(path.removeprefix("/v1/subscriptions/"))
            if found is None:
                return 404, self.error(f"No such subscription: '{path.rsplit('/', 1)[-1]}'")
            return 200, found
        return 404, self.error(f"Unrecognized request URL (GET: {path})")

    def month_charge(self, charge_id: str, balance_expanded: bool) -> dict[str, Any]:
        charge = copy.deepcopy(self.charges[charge_id])
        if balance_expanded and charge_id in self.balances:
            charge["balance_transaction"] = copy.deepcopy(self.balances[charge_id])
        return charge

    def page(
        self, url: str, objects: list[dict[str, Any]], query: dict[str, list[str]]
    ) -> dict[str, Any]:
        """One page of a list: at most `limit` (and page_size) objects after `starting_after`."""
        limit = min(int(query.get("limit", ["10"])[0]), self.page_size)
        after = query.get("starting_after", [None])[0]
        start = 0
        if after is not None:
            start = next(index for index, item in enumerate(objects) if item["id"] == after) + 1
        chunk = objects[start : start + limit]
        return list_envelope(url, chunk, start + limit < len(objects))


def expansions(query: dict[str, list[str]]) -> list[str]:
    """What a request asks to expand (expand[0]=…, expand[1]=…, as the SDK sends it)."""
    return [
        value for name, values in query.items() if name.startswith("expand[") for value in values
    ]
