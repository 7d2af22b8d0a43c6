"""PayPal, through its Transaction Search API: the account's payments and refunds, read in
windows of at most 31 days, told to campaigns and tiers by item number as `ledger import` does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import requests

from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.importing import tier_of
from pledgekit.ledger.paypal import tier_hint  # the item number, else the item title
from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status, payment_row
from pledgekit.ledger.sync.answers import checked_base, connection_trouble, skip, status_phrase
from pledgekit.ledger.sync.bounded import bounded_session
from pledgekit.ledger.sync.credentials import credential, one_line, without_secrets
from pledgekit.ledger.sync.paging import Paging
from pledgekit.ledger.sync.retry import SourceFailure, Transient, retry_after_seconds, with_retries
from pledgekit.ledger.sync.sources import Offer, SyncSettings, SyncSource

CLIENT_ID_VARIABLE = "PLEDGEKIT_PAYPAL_CLIENT_ID"
SECRET_VARIABLE = "PLEDGEKIT_PAYPAL_SECRET"
BASE_VARIABLE = "PLEDGEKIT_PAYPAL_API_BASE"
DEFAULT_BASE = "https://api-m.paypal.com"
# PayPal's sandbox, whose transactions are pretend money: read, said, never counted.
SANDBOX_HOSTS = frozenset({"api-m.sandbox.paypal.com", "api.sandbox.paypal.com"})
TOKEN_PATH = "/v1/oauth2/token"
SEARCH_PATH = "/v1/reporting/transactions"
WINDOW = timedelta(days=31)  # the longest span one search may cover
HISTORY = timedelta(days=3 * 365)  # how far back PayPal lists transactions
PAGE_SIZE = 500  # the most one page holds
BOTH = f"{CLIENT_ID_VARIABLE} and {SECRET_VARIABLE}"
# Transaction event codes (developer.paypal.com/docs/reports/reference/tcodes): T00nn are
# payments, received when their amount is positive; these debits sent a backer's money back.
PAYMENTS = "T00"
SUBSCRIPTION_PAYMENT = "T0002"  # a payment of a series, which the donate page makes monthly
REFUNDS = {
    "T1106": "a payment reversal initiated by PayPal",
    "T1107": "a payment refund initiated by the merchant",
    "T1201": "a chargeback",
}
# transaction_status: S completed, P pending (an eCheck clearing), D denied, V reversed in
# full (its refund or reversal row subtracts it too), F partially refunded (its refund rows
# subtract).
STATUSES = {
    "S": Status.PAID,
    "F": Status.PAID,
    "P": Status.PENDING,
    "D": Status.FAILED,
    "V": Status.FAILED,
}
# The spec's pattern for money values: an integer or a decimal fraction, maybe negative.
AMOUNT = re.compile(r"-?(?:[0-9]+|[0-9]*\.[0-9]+)")


def http_session() -> requests.Session:
    """The HTTP session a run uses (one connection pool; tests may route it)."""
    return requests.Session()


def windows(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """[start, end) cut into the spans one search may cover, each WINDOW long but the last."""
    spans = []
    while start < end:
        stop = min(start + WINDOW, end)
        spans.append((start, stop))
        start = stop
    return spans


def paypal_moment(moment: datetime) -> str:
    """A moment as the search's start_date and end_date take it (RFC 3339, seconds, UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class PayPalSource(SyncSource):
    name = "paypal"
    processor = "paypal"
    secret_variables = (CLIENT_ID_VARIABLE, SECRET_VARIABLE)

    def __init__(self, offers: list[Offer], settings: SyncSettings):
        self._settings = settings
        self._offers = [offer for offer in offers if offer.processor == self.processor]
        self._campaigns = sorted({offer.campaign for offer in self._offers})
        self._client_id, self._secret = self._checked_credentials()
        base = settings.environment.get(BASE_VARIABLE) or DEFAULT_BASE
        self._base = checked_base(self.name, BASE_VARIABLE, base)
        self._sandbox = urlsplit(self._base).hostname in SANDBOX_HOSTS
        if self._sandbox:
            settings.warn(
                f"paypal: warning: {BASE_VARIABLE} is PayPal's sandbox "
                f"({urlsplit(self._base).hostname}): it reads only sandbox transactions, which "
                f"are never counted"
            )
        # Every answer read to a bound (bounded.MAX_ANSWER_BYTES), never to its end.
        self._http = bounded_session(self.name, http_session())
        self._token: str | None = None  # asked once a run, never shown
        self._results: dict[str, ImportResult] | None = None  # by campaign, read once a run

    # -- credentials and address --------------------------------------------------------

    def _checked_credentials(self) -> tuple[str, str]:
        environment = self._settings.environment
        client_id = credential(environment, CLIENT_ID_VARIABLE)
        secret = credential(environment, SECRET_VARIABLE)
        unset = [
            variable
            for variable, value in ((CLIENT_ID_VARIABLE, client_id), (SECRET_VARIABLE, secret))
            if value is None
        ]
        if client_id is None or secret is None:
            verb = "is" if len(unset) == 1 else "are"
            raise SourceFailure(
                f"paypal: {' and '.join(unset)} {verb} not set: give the client id and secret "
                f"of a PayPal REST app with Transaction Search enabled (see docs/ledger.md)"
            )
        return client_id, secret

    # -- reading ------------------------------------------------------------------------

    def read(self, campaign: str) -> ImportResult:
        if self._results is None:
            self._results = self._attributed(list(self._transactions()))
        return self._results.get(campaign, ImportResult())

    def _span(self) -> tuple[datetime, datetime]:
        """From --since, else the earliest start of the campaigns taking PayPal, to now; never
        further back than PayPal lists."""
        now = self._settings.now
        if now is None:
            raise SourceFailure("paypal: the sync gave no moment to read up to")
        starts = [
            self._settings.campaigns[slug].source.start
            for slug in self._campaigns
            if slug in self._settings.campaigns
        ]
        start = self._settings.since or min(starts, default=now - HISTORY)
        return max(start, now - HISTORY), now

    def _transactions(self) -> Iterator[dict[str, Any]]:
        """Every transaction of the span, window after window, page after page."""
        for start, end in windows(*self._span()):
            paging = Paging("paypal", f"{self._base}{SEARCH_PATH}", PAGE_SIZE)
            page = 1
            while True:
                paging.ask(page)
                parameters = {
                    "start_date": paypal_moment(start),
                    "end_date": paypal_moment(end),
                    "fields": "all",
                    # Pending payments (an eCheck clearing) move no balance yet: asked too.
                    "balance_affecting_records_only": "N",
                    "page_size": str(PAGE_SIZE),
                    "page": str(page),
                }
                answer = with_retries(
                    lambda parameters=parameters: self._search(parameters), self._settings.policy
                )
                details = answer.get("transaction_details")
                pages = answer.get("total_pages")
                if not isinstance(details, list) or not isinstance(pages, int):
                    raise SourceFailure(
                        f"paypal: {self._base}{SEARCH_PATH} answered with no list of "
                        f"transactions and pages"
                    )
                yield from details
                if page >= pages or not details:
                    break
                page += 1

    # -- requests -----------------------------------------------------------------------

    def _access_token(self) -> str:
        if self._token is None:
            answer = with_retries(self._ask_token, self._settings.policy)
            token = answer.get("access_token")
            if not isinstance(token, str) or not token:
                raise SourceFailure(
                    f"paypal: {self._base}{TOKEN_PATH} answered with no access token"
                )
            self._token = token
        return self._token

    def _ask_token(self) -> dict[str, Any]:
        url = f"{self._base}{TOKEN_PATH}"
        response = self._request(
            "POST",
            url,
            auth=(self._client_id, self._secret),
            data={"grant_type": "client_credentials"},
        )
        status, body = self._answer(response, url)
        if status == 200:
            return body
        if status == 401:
            raise SourceFailure(
                f"paypal: {url} refused {BOTH} (401 {self._said(body)}): give the client id "
                f"and secret of one REST app, from its Live tab (see docs/ledger.md)"
            )
        raise SourceFailure(f"paypal: {url} refused the request ({status}): {self._said(body)}")

    def _search(self, parameters: dict[str, str]) -> dict[str, Any]:
        url = f"{self._base}{SEARCH_PATH}"
        headers = {"Authorization": f"Bearer {self._access_token()}"}
        response = self._request("GET", url, params=parameters, headers=headers)
        status, body = self._answer(response, url)
        if status == 200:
            return body
        if status == 401:
            raise SourceFailure(
                f"paypal: {url} refused the access token of {BOTH} (401 {self._said(body)})"
            )
        if status == 403:
            raise SourceFailure(
                f"paypal: the REST app of {CLIENT_ID_VARIABLE} may not search transactions "
                f"(403 {self._said(body)}): enable Transaction Search in the app's settings on "
                f"developer.paypal.com, which can take up to 9 hours (see docs/ledger.md)"
            )
        raise SourceFailure(f"paypal: {url} refused the request ({status}): {self._said(body)}")

    def _request(self, method: str, url: str, **arguments: Any) -> requests.Response:
        headers = {"Accept": "application/json", **arguments.pop("headers", {})}
        try:
            return self._http.request(
                method, url, headers=headers, timeout=self._settings.policy.timeout, **arguments
            )
        except requests.RequestException as error:
            trouble = connection_trouble(error)
            raise Transient(f"paypal: cannot reach {self._base}/ ({trouble})") from None

    @staticmethod
    def _answer(response: requests.Response, url: str) -> tuple[int, dict[str, Any]]:
        """The status and the JSON object of an answer; Transient for what may pass (429,
        5xx), SourceFailure for an answer that is no JSON object."""
        status = response.status_code
        if status == 429 or status >= 500:
            said = "too many requests" if status == 429 else status_phrase(status)
            wait = retry_after_seconds(
                response.headers.get("Retry-After"), response.headers.get("Date")
            )
            raise Transient(f"paypal: {url} answers {status} ({said})", wait)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise SourceFailure(f"paypal: {url} answered with what is not JSON (HTTP {status})")
        return status, body

    def _said(self, body: dict[str, Any]) -> str:
        """PayPal's error on one line, with no secret: OAuth's error and error_description,
        or the REST name, message and first issue."""
        issue = None
        if "error" in body:
            parts = [body.get("error"), body.get("error_description")]
        else:
            details = body.get("details")
            first = details[0] if isinstance(details, list) and details else {}
            issue = first.get("issue") if isinstance(first, dict) else None
            parts = [body.get("name"), body.get("message")]
        text = ": ".join(str(part) for part in parts if part) or "no message"
        if issue:
            text += f" ({issue})"
        secrets = [self._client_id, self._secret, self._token or ""]
        return without_secrets(one_line(text, 200), secrets)

    # -- what the transactions are --------------------------------------------------------

    def _attributed(self, details: list[dict[str, Any]]) -> dict[str, ImportResult]:
        """Each campaign's rows: payments first, so that a refund goes where its payment went;
        what is no backer's payment, or names no campaign, is counted in every campaign's
        skipped (the account is theirs alike)."""
        results = {slug: ImportResult() for slug in self._campaigns}
        account = ImportResult()  # the skips that are no one campaign's
        payments: dict[str, str] = {}  # transaction id -> campaign
        refunds = []
        for detail in details:
            info = self._info(detail)
            if self._sandbox:
                skip(account, "sandbox transactions (never counted)")
                continue
            kind = self._kind(info)  # a Kind is a str too: told apart by identity
            if kind is Kind.REFUND:
                refunds.append(detail)
            elif kind is Kind.PAYMENT:
                slug = self._campaign_of(detail, account)
                if slug is not None:
                    payments[str(info["transaction_id"])] = slug
                    self._add_payment(detail, results[slug], slug)
            else:
                skip(account, kind)
        for detail in refunds:
            refers_to = str(self._info(detail).get("paypal_reference_id") or "")
            slug = payments.get(refers_to) or self._campaign_of(detail, account, "refunds")
            if slug is not None:
                self._add_refund(detail, results[slug])
        for result in results.values():
            for reason, count in account.skipped.items():
                result.skipped[reason] = result.skipped.get(reason, 0) + count
        return results

    def _info(self, detail: Any) -> dict[str, Any]:
        info = detail.get("transaction_info") if isinstance(detail, dict) else None
        if not isinstance(info, dict) or not info.get("transaction_id"):
            raise SourceFailure(
                f"paypal: {self._base}{SEARCH_PATH} answered with a transaction without its "
                f"transaction_info"
            )
        return info

    def _kind(self, info: dict[str, Any]) -> Kind | str:
        """PAYMENT, REFUND, or why the transaction is no backer's payment or refund."""
        code = str(info.get("transaction_event_code") or "")
        gross = self._money(info, "transaction_amount")[0]
        if code.startswith(PAYMENTS):
            if gross <= 0:
                return "payments this account sent (not backer payments)"
            return Kind.PAYMENT
        if code in REFUNDS and gross < 0:
            if info.get("transaction_status") == "V":
                return "refunds reversed (no money went back)"
            return Kind.REFUND
        return f"transactions of event code {one_line(code, 8)!r} (not backer payments)"

    def _campaign_of(
        self, detail: dict[str, Any], account: ImportResult, what: str = "payments"
    ) -> str | None:
        """The campaign an item number, invoice id or custom field names ('<campaign>/<tier>'
        or '<campaign>'), else the only campaign taking PayPal; None (counted) otherwise."""
        named_other = False
        for hint in self._hints(detail):
            slug = hint.partition("/")[0].strip()
            if slug in self._campaigns:
                return slug
            named_other = named_other or "/" in hint
        if named_other:
            skip(account, f"{what} whose item number names a campaign that does not take PayPal")
        elif len(self._campaigns) == 1:
            return self._campaigns[0]
        else:
            skip(
                account,
                f"{what} that name no campaign (no item number, invoice id or custom field "
                "'<campaign>/<tier>')",
            )
        return None

    def _hints(self, detail: dict[str, Any]) -> list[str]:
        info = self._info(detail)
        hints = [self._item(detail)[0], info.get("invoice_id"), info.get("custom_field")]
        return [hint for hint in hints if isinstance(hint, str) and hint.strip()]

    @staticmethod
    def _item(detail: dict[str, Any]) -> tuple[str, str]:
        """The first item's code and name (a donation has one item), else empty."""
        cart = detail.get("cart_info")
        items = cart.get("item_details") if isinstance(cart, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                return str(item.get("item_code") or ""), str(item.get("item_name") or "")
        return "", ""

    def _money(self, info: dict[str, Any], field: str) -> tuple[Decimal, str]:
        money = info.get(field)
        value = money.get("value") if isinstance(money, dict) else None
        currency = money.get("currency_code") if isinstance(money, dict) else None
        if (
            not isinstance(value, str)
            or not AMOUNT.fullmatch(value)
            or not isinstance(currency, str)
            or not re.fullmatch(r"[A-Z]{3}", currency)
        ):
            raise SourceFailure(
                f"paypal: {self._base}{SEARCH_PATH} answered with a transaction whose {field} "
                f"pledgekit cannot read"
            )
        try:
            return Decimal(value), currency
        except InvalidOperation:  # the pattern lets no such value by; kept for safety
            raise SourceFailure(f"paypal: cannot read the {field} of a transaction") from None

    def _moment(self, info: dict[str, Any]) -> datetime:
        text = info.get("transaction_initiation_date")
        try:
            moment = datetime.fromisoformat(str(text).replace("z", "Z"))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None:
            raise SourceFailure(
                f"paypal: {self._base}{SEARCH_PATH} answered with a transaction date pledgekit "
                f"cannot read ({one_line(str(text), 40)!r})"
            )
        return moment.astimezone(UTC)

    def _add_payment(self, detail: dict[str, Any], result: ImportResult, slug: str) -> None:
        info = self._info(detail)
        status = STATUSES.get(str(info.get("transaction_status")))
        if status is None:
            skip(result, "payments of a status PayPal has not documented (not counted)")
            return
        gross, currency = self._money(info, "transaction_amount")
        fee = Decimal(0)
        if isinstance(info.get("fee_amount"), dict):
            kept, fee_currency = self._money(info, "fee_amount")
            # PayPal writes the fee as a debit (-1.49); one in another currency is not told.
            fee = max(-kept, Decimal(0)) if fee_currency == currency else Decimal(0)
        payer = detail.get("payer_info")
        # The payer's account id only (e-mail, name and address are never read into a row).
        account_id = str(payer.get("account_id") or "") if isinstance(payer, dict) else ""
        code, name = self._item(detail)
        row = payment_row(
            "paypal",
            str(info["transaction_id"]),
            self._moment(info),
            gross,
            currency,
            status=status,
            identity=account_id,
            tier=tier_hint(code, name),
            fee=fee,
            recurring=(
                Recurring.MONTHLY
                if info.get("transaction_event_code") == SUBSCRIPTION_PAYMENT
                else Recurring.ONCE
            ),
        )
        # The hint (an item title may hold anything, an e-mail too) is never kept: a tier id
        # of the campaign, or none.
        campaign = self._settings.campaigns.get(slug)
        if campaign is not None:
            row = replace(row, tier=tier_of(row, campaign))
        else:
            tiers = {offer.tier for offer in self._offers if offer.campaign == slug}
            told = row.tier.rpartition("/")[2]
            row = replace(row, tier=told if told in tiers else "")
        result.add(row, 1, f"paypal transaction {row.transaction_id}")

    def _add_refund(self, detail: dict[str, Any], result: ImportResult) -> None:
        info = self._info(detail)
        refers_to = str(info.get("paypal_reference_id") or "")
        if not refers_to:
            skip(result, "refunds that name no payment")
            return
        status = STATUSES.get(str(info.get("transaction_status")))
        if status is None:
            skip(result, "refunds of a status PayPal has not documented (not counted)")
            return
        gross, currency = self._money(info, "transaction_amount")
        row = LedgerRow(
            processor="paypal",
            transaction_id=str(info["transaction_id"]),
            date=self._moment(info),
            kind=Kind.REFUND,
            gross=gross,
            currency=currency,
            status=status,
            refers_to=refers_to,
        )
        result.add(row, 1, f"paypal transaction {row.transaction_id}")
