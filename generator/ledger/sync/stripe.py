"""Stripe, through its official SDK: the Checkout Sessions of each campaign's Payment Links,
with their charges' refunds and disputes, as ledger rows keyed like the CSV export's."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.rows import Kind, LedgerRow, Status, backer_ref
from pledgekit.ledger.stripe import DISPUTES  # the dispute states, as the CSV importer reads them
from pledgekit.ledger.sync.answers import checked_base, connection_trouble, skip, status_phrase
from pledgekit.ledger.sync.bounded import AnswerTooLarge, bounded_session
from pledgekit.ledger.sync.credentials import credential, one_line, without_secrets
from pledgekit.ledger.sync.paging import Paging
from pledgekit.ledger.sync.retry import SourceFailure, Transient, retry_after_seconds, with_retries
from pledgekit.ledger.sync.sources import (
    Offer,
    SyncSettings,
    SyncSource,
    bare_link,
)
from pledgekit.ledger.sync.stripe_objects import major_units, moment, supporter_name, value
from pledgekit.ledger.sync.stripe_subscriptions import add_subscription_months

KEY_VARIABLE = "PLEDGEKIT_STRIPE_KEY"
BASE_VARIABLE = "PLEDGEKIT_STRIPE_API_BASE"
DEFAULT_BASE = "https://api.stripe.com"
# What a restricted key needs, each as Read (docs/ledger.md, "The key").
PERMISSIONS = (
    "Checkout Sessions, Payment Links, PaymentIntents, Charges, Disputes, Invoices and "
    "Subscriptions"
)
PAGE_SIZE = 100  # the most Stripe's list calls give at once
# The session's intent and its latest charge (refunds, dispute flag) in the same answer.
EXPAND = ["data.payment_intent.latest_charge"]
# For a site that counts net of fees (site.yaml `fees: net`), the charge's balance transaction
# too (the fee Stripe kept: four levels, the most Stripe expands), which a restricted key
# reads only with Read on Balance as well; a site that counts gross never asks for it.
EXPAND_FEES = ["data.payment_intent.latest_charge.balance_transaction"]


class StripeSource(SyncSource):
    name = "stripe"
    processor = "stripe"
    secret_variables = (KEY_VARIABLE,)

    def __init__(self, offers: list[Offer], settings: SyncSettings):
        import stripe  # the SDK, loaded only by a sync that reads Stripe

        self._sdk = stripe
        self._settings = settings
        self._offers = [offer for offer in offers if offer.processor == self.processor]
        self._key = self._checked_key(credential(settings.environment, KEY_VARIABLE))
        base = settings.environment.get(BASE_VARIABLE) or DEFAULT_BASE
        self._base = checked_base(self.name, BASE_VARIABLE, base)
        self._client = stripe.StripeClient(
            self._key,
            base_addresses={"api": self._base},
            # Retries are ours (with_retries): on 429 and 5xx too, with Retry-After.
            max_network_retries=0,
            http_client=stripe.RequestsClient(
                timeout=settings.policy.timeout, session=bounded_session(self.name)
            ),
        )
        self._links: dict[str, str] | None = None  # bare url -> plink id, listed once a run
        self._sessions: dict[str, list[Any]] = {}  # plink id -> its sessions, read once a run
        # Whether a charge's balance transaction (its fee) is read too.
        self.counts_net = any(campaign.fees == "net" for campaign in settings.campaigns.values())
        self._expand = EXPAND_FEES if self.counts_net else EXPAND

    # -- credentials and address --------------------------------------------------------

    def _checked_key(self, key: str | None) -> str:
        if key is None:
            raise SourceFailure(
                f"stripe: {KEY_VARIABLE} is not set: give it a restricted key (rk_live_…) with "
                f"Read on {PERMISSIONS} (see docs/ledger.md)"
            )
        kind = key[:8]
        if kind not in ("rk_live_", "sk_live_", "rk_test_", "sk_test_"):
            raise SourceFailure(
                f"stripe: {KEY_VARIABLE} does not hold a restricted or secret key (one begins "
                f"with rk_live_): a publishable key (pk_…) cannot read payments"
            )
        if kind.startswith("sk_"):
            self._settings.warn(
                f"stripe: warning: {KEY_VARIABLE} holds a secret key ({kind}…), which can move "
                f"money and change the account; a restricted key (rk_live_…) with only Read on "
                f"{PERMISSIONS} is the safe choice (see docs/ledger.md)"
            )
        if kind.endswith("_test_"):
            self._settings.warn(
                f"stripe: warning: {KEY_VARIABLE} holds a test-mode key ({kind}…): it reads only "
                f"test-mode payments, which are never counted"
            )
        return key

    # -- reading ------------------------------------------------------------------------

    def read(self, campaign: str) -> ImportResult:
        result = ImportResult()
        ours = [offer for offer in self._offers if offer.campaign == campaign]
        links = self._payment_links()
        for url in dict.fromkeys(offer.url for offer in ours):
            link = links.get(url)
            if link is None:
                places = ", ".join(offer.place for offer in ours if offer.url == url)
                result.notes.append(
                    f"no Payment Link of this Stripe account has the address {url} ({places})"
                )
                continue
            sharing = [offer for offer in self._offers if offer.url == url]
            for session in self._checkout_sessions(link):
                self._add(session, sharing, campaign, result)
        return result

    def _payment_links(self) -> dict[str, str]:
        if self._links is None:
            found = self._every("/v1/payment_links", self._client.v1.payment_links.list, {})
            self._links = {bare_link(str(value(link, "url"))): link.id for link in found}
        return self._links

    def _checkout_sessions(self, link: str) -> list[Any]:
        if link not in self._sessions:
            parameters: dict[str, Any] = {"payment_link": link, "expand": self._expand}
            if self._settings.since is not None:
                parameters["created"] = {"gte": int(self._settings.since.timestamp())}
            listing = self._client.v1.checkout.sessions.list
            self._sessions[link] = list(self._every("/v1/checkout/sessions", listing, parameters))
        return self._sessions[link]

    def _every(
        self, path: str, listing: Callable[..., Any], parameters: dict[str, Any]
    ) -> Iterator[Any]:
        """Every object of a list, page after page to the end, each page tried again when
        it fails in a way that passes."""
        paging = Paging("stripe", f"{self._base}{path}", PAGE_SIZE)
        after = None
        while True:
            # A list that gives its last object again is going round, not forward.
            paging.ask(after)
            page_parameters = {**parameters, "limit": PAGE_SIZE}
            if after is not None:
                page_parameters["starting_after"] = after
            page = with_retries(
                lambda parameters=page_parameters: self._call(path, listing, parameters),
                self._settings.policy,
            )
            data = value(page, "data")
            if not isinstance(data, list):
                raise SourceFailure(f"stripe: {self._base}{path} answered with no list of objects")
            yield from data
            if not value(page, "has_more") or not data:
                return
            after = data[-1].id

    def _call(self, path: str, listing: Callable[..., Any], parameters: dict[str, Any]) -> Any:
        """One request, its failure said in one line (SourceFailure), or Transient when it
        may pass."""
        sdk, url = self._sdk, f"{self._base}{path}"
        try:
            return listing(params=parameters)
        except sdk.AuthenticationError as error:
            raise SourceFailure(
                f"stripe: the key in {KEY_VARIABLE} was refused ({error.http_status}): "
                f"{self._said(error)}"
            ) from None
        except sdk.PermissionError as error:
            raise SourceFailure(
                f"stripe: the key in {KEY_VARIABLE} may not read {path} ({error.http_status}): "
                f"{self._said(error)}; give it Read on {PERMISSIONS}"
            ) from None
        except sdk.RateLimitError as error:
            raise Transient(
                f"stripe: {url} answers {error.http_status} (too many requests)",
                self._retry_after(error),
            ) from None
        except sdk.APIConnectionError as error:
            if isinstance(error.__cause__, AnswerTooLarge):  # the bound, not the network
                raise error.__cause__ from None
            trouble = connection_trouble(error)
            raise Transient(f"stripe: cannot reach {self._base}/ ({trouble})") from None
        except sdk.StripeError as error:
            status = error.http_status or 0
            if status >= 500:
                raise Transient(
                    f"stripe: {url} answers {status} ({status_phrase(status)})",
                    self._retry_after(error),
                ) from None
            # The SDK says so in its message (and puts the headers where the JSON would be).
            if str(error.user_message).startswith("Invalid response body from API"):
                raise SourceFailure(
                    f"stripe: {url} answered with what is not JSON (HTTP {status})"
                ) from None
            raise SourceFailure(
                f"stripe: {url} refused the request ({status}): {self._said(error)}"
            ) from None
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise SourceFailure(
                f"stripe: {url} answered with what is not a Stripe list ({type(error).__name__})"
            ) from None

    def _said(self, error: Any) -> str:
        """What the server said, on one line, with no key in it (Stripe's own message about
        a refused key shows part of it)."""
        return without_secrets(one_line(str(error.user_message or "no message")), [self._key])

    @staticmethod
    def _retry_after(error: Any) -> float | None:
        headers = {name.lower(): text for name, text in (error.headers or {}).items()}
        return retry_after_seconds(headers.get("retry-after"), headers.get("date"))

    # -- one session --------------------------------------------------------------------

    def _add(self, session: Any, sharing: list[Offer], campaign: str, result: ImportResult) -> None:
        """The session's payment into `result` when it belongs to `campaign`, else counted
        among the skipped when it is no payment; nothing for another campaign's session."""
        offers = self._offers_of(session, sharing)
        if not offers:
            skip(
                result,
                "sessions of a link several campaigns share, without the client_reference_id that tells which",
            )
            return
        if offers[0].campaign != campaign:
            return  # counted for its own campaign
        try:
            row = self._row(session, offers, result)
        except (AttributeError, KeyError, TypeError, ValueError) as error:
            raise SourceFailure(
                f"stripe: {self._base}/v1/checkout/sessions answered with a session pledgekit "
                f"cannot read ({type(error).__name__}: {one_line(str(error), 80)})"
            ) from None
        if row is not None:
            result.add(row, 1, f"stripe session {session.id}")

    @staticmethod
    def _offers_of(session: Any, sharing: list[Offer]) -> list[Offer]:
        """The offers a session was made through: those whose link carried the session's
        client_reference_id, else every offer of its link when one campaign has it."""
        reference = value(session, "client_reference_id")
        told = [offer for offer in sharing if offer.reference and offer.reference == reference]
        if told:
            return told
        if len({offer.campaign for offer in sharing}) == 1:
            return sharing
        return []

    def _row(self, session: Any, offers: list[Offer], result: ImportResult) -> LedgerRow | None:
        if not value(session, "livemode"):
            skip(result, "test-mode sessions")  # never counted, never imported
            return None
        if value(session, "status") != "complete":
            skip(result, "open or expired sessions (nothing paid)")
            return None
        if value(session, "mode") == "subscription":  # monthly giving: a row per paid invoice
            add_subscription_months(self, session, offers, result)
            return None
        if value(session, "mode") != "payment":
            skip(result, "sessions that only save a payment method (nothing paid)")
            return None
        if value(session, "payment_status") == "no_payment_required":
            skip(result, "sessions with nothing to pay")
            return None
        intent = value(session, "payment_intent")
        charge = value(intent, "latest_charge") if intent is not None else None
        if charge is None:
            skip(result, "sessions awaiting a payment that has not started (no charge yet)")
            return None
        if isinstance(charge, str):
            raise SourceFailure(
                f"stripe: {self._base}/v1/checkout/sessions did not expand the sessions' charges"
            )
        tiers = {offer.tier or "" for offer in offers}
        # The open pledge's link (no tier), or a link several tiers share: none to tell.
        tier = tiers.pop() if len(tiers) == 1 else ""
        details = value(session, "customer_details")
        # The e-mail is hashed here and never kept (as the CSV importer does with it).
        identity = value(session, "customer") or value(details, "email") or ""
        paid = value(session, "payment_status") == "paid"
        return self.charge_row(charge, paid, tier, supporter_name(session), str(identity), result)

    def charge_row(
        self, charge: Any, paid: bool, tier: str, name: str, identity: str, result: ImportResult
    ) -> LedgerRow:
        """A charge as the payment row the export gives it: keyed by its id, with its amount,
        refunds, dispute state and fee; `paid` when what it paid for (a session, an invoice)
        says so; `identity` (a customer id or e-mail) is hashed, never kept."""
        currency = str(charge.currency).upper()
        gross = major_units(charge.amount, currency)
        return LedgerRow(
            processor="stripe",
            transaction_id=str(charge.id),  # the id the Dashboard's export gives the payment
            date=moment(charge.created),
            kind=Kind.PAYMENT,
            gross=gross,
            currency=currency,
            refunded=min(major_units(charge.amount_refunded or 0, currency), gross),
            status=self._status(charge, paid),
            tier=tier,
            backer=name,
            backer_ref=backer_ref("stripe", identity),
            fee=charge_fee(charge, currency, result),
        )

    def _status(self, charge: Any, paid: bool) -> Status:
        if charge.status == "failed":
            return Status.FAILED
        paid = paid and charge.status == "succeeded" and value(charge, "captured") is not False
        status = Status.PAID if paid else Status.PENDING  # delayed methods: 2 to 14 days
        if value(charge, "disputed"):
            status = self._dispute_status(charge) or status
        return status

    def _dispute_status(self, charge: Any) -> Status | None:
        """The state of the charge's latest dispute that moves money (Stripe's warnings, or
        inquiries, move none), as the CSV importer reads the export's Dispute Status."""
        listing = self._client.v1.disputes.list
        disputes = list(self._every("/v1/disputes", listing, {"charge": charge.id}))
        for dispute in sorted(disputes, key=lambda dispute: dispute.created, reverse=True):
            status = DISPUTES.get(str(value(dispute, "status")))
            if status is not None:
                return status
        return None


def charge_fee(charge: Any, currency: str, result: ImportResult) -> Decimal:
    """The fee Stripe kept of the charge, from its balance transaction: 0 before the charge
    settles (none yet), and 0 with a note when it settled in another currency than it was
    paid in (the fee is in that currency; pledgekit converts only at the creator's rates).
    Stripe keeps its fee when it refunds a payment, and the refund tells none."""
    balance = value(charge, "balance_transaction")
    if balance is None or isinstance(balance, str):
        return Decimal(0)
    settled = str(balance.currency).upper()
    if settled != currency:
        note = (
            f"stripe: the fees of payments in {currency} are in {settled}, the currency they "
            "settled in: not counted (0 in the ledger)"
        )
        if note not in result.notes:
            result.notes.append(note)
        return Decimal(0)
    return major_units(balance.fee or 0, currency)
