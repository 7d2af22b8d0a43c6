"""Open Collective, through its public GraphQL API (v2): the contributions each campaign's
collective or project received, with refunds, fees and monthly gifts, as ledger rows."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from pledgekit.ledger.bounds import currency_places
from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status, backer_ref
from pledgekit.ledger.sync.answers import checked_base, connection_trouble, skip, status_phrase
from pledgekit.ledger.sync.bounded import read_at_most
from pledgekit.ledger.sync.credentials import credential, one_line, without_secrets
from pledgekit.ledger.sync.paging import Paging
from pledgekit.ledger.sync.retry import SourceFailure, Transient, retry_after_seconds, with_retries
from pledgekit.ledger.sync.sources import Offer, SyncSettings, SyncSource

TOKEN_VARIABLE = "PLEDGEKIT_OPEN_COLLECTIVE_TOKEN"
BASE_VARIABLE = "PLEDGEKIT_OPEN_COLLECTIVE_API_BASE"
DEFAULT_BASE = "https://api.opencollective.com/graphql/v2"
PAGE_SIZE = 100  # Open Collective's own default page; it allows up to 1,000
# Open Collective counts every amount in hundredths, whatever the currency (500 JPY: 50000).
CENTS = Decimal("0.01")

# Who gave (never an e-mail): a name is kept only from a public profile (see backer_name).
_CONTRIBUTOR = (
    "fragment contributor on Account { id type name isIncognito ... on Individual { isGuest } }"
)
# Oldest first, so that a contribution arriving while the pages are read lands on a later
# page instead of shifting every offset (newest first, Open Collective's default, would).
CONTRIBUTIONS_QUERY = (
    """query PledgekitContributions($slug: String!, $limit: Int!, $offset: Int!, $dateFrom: DateTime) {
  account(slug: $slug) {
    transactions(type: CREDIT, kind: [CONTRIBUTION, ADDED_FUNDS], limit: $limit, offset: $offset,
        dateFrom: $dateFrom, orderBy: {field: CREATED_AT, direction: ASC}) {
      totalCount
      nodes {
        id
        createdAt
        amount { valueInCents currency }
        platformFee { valueInCents currency }
        paymentProcessorFee(fetchPaymentProcessorFee: true) { valueInCents currency }
        hostCurrencyFxRate
        isRefunded
        refundTransaction { refundKind }
        fromAccount { ...contributor }
        order { id createdAt frequency tier { slug legacyId } }
      }
    }
  }
}
"""
    + _CONTRIBUTOR
)
# Contributions not yet received: a bank transfer awaited (PENDING), a debit in progress
# (PROCESSING).
PENDING_QUERY = (
    """query PledgekitPendingOrders($slug: String!, $limit: Int!, $offset: Int!, $dateFrom: DateTime) {
  account(slug: $slug) {
    orders(filter: INCOMING, status: [PENDING, PROCESSING], limit: $limit, offset: $offset,
        dateFrom: $dateFrom, orderBy: {field: CREATED_AT, direction: ASC}) {
      totalCount
      nodes {
        id
        createdAt
        frequency
        amount { valueInCents currency }
        tier { slug legacyId }
        fromAccount { ...contributor }
      }
    }
  }
}
"""
    + _CONTRIBUTOR
)


def collective_and_tier(url: str) -> tuple[str, str | None]:
    """The collective's slug and the Open Collective tier of a pledge option's link
    (https://opencollective.com/<slug>/donate, …/<slug>/contribute/<tier>/checkout)."""
    parts = [part for part in urlsplit(url).path.split("/") if part]
    tier = parts[2] if len(parts) >= 3 and parts[1] == "contribute" else None
    return (parts[0] if parts else ""), tier


def cents(amount: Any) -> Decimal:
    """An Open Collective Amount ({valueInCents, currency}) in major units, never negative
    (fees come negative)."""
    value = Decimal(str(amount["valueInCents"]))
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError(f"valueInCents {amount['valueInCents']!r} is not a whole number")
    return abs(value).scaleb(-2).quantize(CENTS)


def in_currency(amount: Decimal, currency: str) -> Decimal:
    """The amount with its currency's own decimal places when that loses nothing (500.00
    JPY is 500); else as it is, for the ledger's checks to refuse and say."""
    unit = Decimal(1).scaleb(-currency_places(currency))
    return amount.quantize(unit) if amount.quantize(unit) == amount else amount


def contributor_ref(processor: str, contributor: dict[str, Any] | None) -> str:
    """A pseudonymous key for the contributor's account (none when the API shows none)."""
    return backer_ref(processor, str((contributor or {}).get("id") or ""))


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def backer_name(contributor: dict[str, Any] | None) -> str:
    """The name Open Collective shows on its own public contributors list: none for an
    incognito profile or a guest (who gave without an account)."""
    if not contributor or contributor.get("isIncognito") or contributor.get("isGuest"):
        return ""
    return " ".join(str(contributor.get("name") or "").split())


class OpenCollectiveSource(SyncSource):
    name = "open_collective"
    processor = "open_collective"
    secret_variables = (TOKEN_VARIABLE,)
    required_variables = ()  # public reads need no token: --configured-only still reads it

    def __init__(self, offers: list[Offer], settings: SyncSettings):
        self._settings = settings
        self._offers = [offer for offer in offers if offer.processor == self.processor]
        self._token = credential(settings.environment, TOKEN_VARIABLE)
        base = settings.environment.get(BASE_VARIABLE) or DEFAULT_BASE
        # The whole GraphQL endpoint, posted to as written (a final slash kept).
        self._base = checked_base(self.name, BASE_VARIABLE, base, keep_final_slash=True)
        self._read: dict[tuple[str, str], list[dict[str, Any]]] = {}  # (query, slug) -> nodes

    # -- reading ------------------------------------------------------------------------

    def read(self, campaign: str) -> ImportResult:
        result = ImportResult()
        ours = [offer for offer in self._offers if offer.campaign == campaign]
        for slug in dict.fromkeys(collective_and_tier(offer.url)[0] for offer in ours):
            sharing = [offer for offer in self._offers if collective_and_tier(offer.url)[0] == slug]
            try:
                for node in self._nodes(CONTRIBUTIONS_QUERY, "transactions", slug, campaign):
                    self._add(
                        self._contribution(node), node.get("order"), sharing, campaign, result
                    )
                for order in self._nodes(PENDING_QUERY, "orders", slug, campaign):
                    if order.get("frequency") in ("MONTHLY", "YEARLY"):
                        # Its payments are keyed by transaction, which a pending one has not.
                        skip(result, "recurring contributions whose first payment is pending")
                        continue
                    self._add(self._pending(order), order, sharing, campaign, result)
            except (AttributeError, KeyError, TypeError, ValueError, InvalidOperation) as error:
                raise SourceFailure(
                    f"open_collective: {self._base} answered with a contribution to {slug!r} "
                    f"pledgekit cannot read ({type(error).__name__}: {one_line(str(error), 80)})"
                ) from None
        return result

    def _nodes(self, query: str, listing: str, slug: str, campaign: str) -> list[dict[str, Any]]:
        """Every node of the collective's list, read once a run (campaigns may share it)."""
        if (query, slug) not in self._read:
            self._read[(query, slug)] = list(self._every(query, listing, slug, campaign))
        return self._read[(query, slug)]

    def _every(self, query: str, listing: str, slug: str, campaign: str) -> Iterator[dict]:
        """Every node of a list, page after page (by offset) to its totalCount."""
        paging = Paging("open_collective", self._base, PAGE_SIZE)
        offset = 0
        since = self._settings.since
        while True:
            paging.ask(offset)
            variables = {
                "slug": slug,
                "limit": PAGE_SIZE,
                "offset": offset,
                "dateFrom": since.isoformat() if since else None,
            }
            try:
                data = with_retries(
                    lambda variables=variables: self._post(query, variables),
                    self._settings.policy,
                )
            except _NoAccount as missing:
                raise SourceFailure(self._unknown(slug, campaign, str(missing))) from None
            account = (data or {}).get("account")
            if account is None:
                raise SourceFailure(self._unknown(slug, campaign, "no such account"))
            page = account.get(listing)
            nodes = page.get("nodes") if isinstance(page, dict) else None
            if not isinstance(nodes, list):
                raise SourceFailure(
                    f"open_collective: {self._base} answered with no list of {listing} for {slug!r}"
                )
            yield from nodes
            offset += len(nodes)
            if not nodes or offset >= int(page.get("totalCount") or 0):
                return

    def _unknown(self, slug: str, campaign: str, said: str) -> str:
        places = ", ".join(
            offer.place
            for offer in self._offers
            if offer.campaign == campaign and collective_and_tier(offer.url)[0] == slug
        )
        return (
            f"open_collective: {self._base} knows no collective or project {slug!r} (campaign "
            f"{campaign}, {places}): {said}"
        )

    def _post(self, query: str, variables: dict[str, Any]) -> dict[str, Any] | None:
        """One GraphQL request: its `data`, SourceFailure for what will not pass, Transient for
        what may."""
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._token:
            headers["Personal-Token"] = self._token
        body = json.dumps({"query": query, "variables": variables}).encode()
        request = urllib.request.Request(self._base, body, headers, method="POST")
        try:
            # urllib would send the token on to wherever a redirect points, another host
            # too: with a token, a redirect is said as a refusal instead.
            opener = urllib.request.build_opener(*([_NoRedirect] if self._token else []))
            with opener.open(request, timeout=self._settings.policy.timeout) as answer:
                status, text = answer.status, read_at_most(answer, self.name, self._base)
        except urllib.error.HTTPError as error:
            status, text = error.code, read_at_most(error, self.name, self._base)
            self._refused(status, text, error.headers)
        except (urllib.error.URLError, OSError) as error:
            raise Transient(
                f"open_collective: cannot reach {self._base} ({connection_trouble(error)})"
            ) from None
        try:
            answer_json = json.loads(text)
        except ValueError:
            raise SourceFailure(
                f"open_collective: {self._base} answered with what is not JSON (HTTP {status})"
            ) from None
        if not isinstance(answer_json, dict):
            raise SourceFailure(
                f"open_collective: {self._base} answered with what is not a GraphQL answer"
            )
        errors = answer_json.get("errors")
        if errors:
            said = self._said(errors)
            data = answer_json.get("data") or {}
            if isinstance(data, dict) and "account" in data and data["account"] is None:
                raise _NoAccount(said)
            raise SourceFailure(f"open_collective: {self._base} answered with an error: {said}")
        return answer_json.get("data")

    def _refused(self, status: int, text: bytes, headers: Any) -> None:
        """An HTTP error status, said in one line (SourceFailure), or Transient when it may
        pass."""
        if status == 429 or status >= 500:
            phrase = "too many requests" if status == 429 else status_phrase(status)
            raise Transient(
                f"open_collective: {self._base} answers {status} ({phrase})",
                retry_after_seconds(headers.get("Retry-After"), headers.get("Date")),
            )
        said = self._said(error_messages(text))
        if status in (401, 403) and self._token:
            raise SourceFailure(
                f"open_collective: the token in {TOKEN_VARIABLE} was refused ({status}): {said}"
            )
        raise SourceFailure(f"open_collective: {self._base} refused the request ({status}): {said}")

    def _said(self, errors: Any) -> str:
        """The server's messages, on one line, with no token in them (Open Collective's
        message about a refused token repeats it)."""
        messages = [
            str(error.get("message")) if isinstance(error, dict) else str(error)
            for error in (errors if isinstance(errors, list) else [errors])
        ]
        text = "; ".join(message for message in messages if message) or "no message"
        return without_secrets(one_line(text), [self._token or ""])

    # -- one contribution ---------------------------------------------------------------

    def _contribution(self, node: dict[str, Any]) -> LedgerRow:
        """A received contribution (a CREDIT to the collective) as a payment row."""
        order = node.get("order") or {}
        amount = node["amount"]
        currency = str(amount["currency"]).upper()
        gross = in_currency(cents(amount), currency)
        monthly = order.get("frequency") == "MONTHLY"
        refund = node.get("refundTransaction") or {}
        status = Status.LOST if refund.get("refundKind") == "DISPUTE" else Status.PAID
        return LedgerRow(
            processor=self.processor,
            # A one-time order has one payment: keyed by the order, so that the row it had
            # while pending (read from the orders) becomes paid. A recurring order has one a
            # month, each keyed by its own transaction.
            transaction_id=(
                f"transaction:{node['id']}"
                if monthly or order.get("frequency") == "YEARLY" or not order
                else f"order:{order['id']}"
            ),
            date=moment(node["createdAt"] if monthly or not order else order["createdAt"]),
            kind=Kind.PAYMENT,
            gross=gross,
            currency=currency,
            refunded=gross if node.get("isRefunded") else Decimal(0),
            status=status,
            backer=backer_name(node.get("fromAccount")),
            backer_ref=contributor_ref(self.processor, node.get("fromAccount")),
            fee=self._fee(node, currency),
            recurring=Recurring.MONTHLY if monthly else Recurring.ONCE,
        )

    def _pending(self, order: dict[str, Any]) -> LedgerRow:
        amount = order["amount"]
        return LedgerRow(
            processor=self.processor,
            transaction_id=f"order:{order['id']}",
            date=moment(order["createdAt"]),
            kind=Kind.PAYMENT,
            gross=in_currency(cents(amount), str(amount["currency"]).upper()),
            currency=str(amount["currency"]).upper(),
            status=Status.PENDING,
            backer=backer_name(order.get("fromAccount")),
            backer_ref=contributor_ref(self.processor, order.get("fromAccount")),
        )

    @staticmethod
    def _fee(node: dict[str, Any], currency: str) -> Decimal:
        """The payment processor's and the platform's fees, in the contribution's currency;
        Open Collective gives them in the host's, turned back at the transaction's own rate."""
        fee = Decimal(0)
        for amount in (node.get("paymentProcessorFee"), node.get("platformFee")):
            if not amount or not amount.get("valueInCents"):
                continue
            value = cents(amount)
            if str(amount.get("currency") or currency).upper() != currency:
                rate = Decimal(str(node.get("hostCurrencyFxRate") or 0))
                if not rate.is_finite() or rate <= 0:
                    continue  # no rate to turn it back with: not told
                value = value / rate
            fee += value
        unit = Decimal(1).scaleb(-currency_places(currency))
        return fee.quantize(unit, rounding=ROUND_HALF_EVEN)

    def _add(
        self,
        row: LedgerRow,
        order: dict[str, Any] | None,
        sharing: list[Offer],
        campaign: str,
        result: ImportResult,
    ) -> None:
        """The row into `result` when it belongs to `campaign` and was given while it ran;
        nothing for another campaign's."""
        tier = (order or {}).get("tier") or {}
        told = f"{tier.get('slug')}-{tier.get('legacyId')}" if tier else None
        # The options that link the Open Collective tier it went through (the donate page when
        # none): none links it, then only a collective one campaign names tells whose it is.
        offers = [offer for offer in sharing if collective_and_tier(offer.url)[1] == told]
        campaigns = {offer.campaign for offer in offers} or {offer.campaign for offer in sharing}
        if len(campaigns) != 1:
            skip(
                result,
                "contributions to a collective several campaigns share, through no Open "
                "Collective tier that tells which",
            )
            return
        if campaigns != {campaign}:
            return  # counted for its own campaign
        found = self._settings.campaigns.get(campaign)
        if found is not None and not found.source.start <= row.date < found.source.end:
            skip(result, "contributions made before the campaign's start or after its end")
            return
        tiers = {offer.tier or "" for offer in offers if offer.campaign == campaign}
        # The open pledge's link (no tier), or a link several tiers share: none to tell.
        tier_id = tiers.pop() if len(tiers) == 1 else ""
        result.add(replace(row, tier=tier_id), 1, f"open collective {row.transaction_id}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follows no redirect: the 3xx answer is an HTTP error like any other."""

    def redirect_request(self, *_: Any, **__: Any) -> None:
        return None


class _NoAccount(Exception):
    """The query named an account Open Collective does not have: str() is what it said."""


def error_messages(text: bytes) -> Any:
    """The messages of an error answer: GraphQL's `errors`, or the REST-style `error` Open
    Collective's middleware sends (a refused token), or the start of a page that is not JSON."""
    try:
        body = json.loads(text)
    except ValueError:
        return [{"message": one_line(text.decode("utf-8", "replace"), 80)}]
    if isinstance(body, dict):
        return body.get("errors") or body.get("error") or []
    return []
