"""A stand-in for PayPal's REST API on 127.0.0.1: the OAuth 2.0 token call and Transaction
Search, answered with objects shaped as PayPal publishes them, and scripted failures.

Where each shape comes from:
- Transaction Search (GET /v1/reporting/transactions): its query parameters, the answer
  (search_response, transaction_detail, transaction_info, payer_info, cart_info, item_detail,
  money…) and its errors (error_400, error_401, error_403, error_503), from
  openapi/reporting_transactions_v1.json of github.com/paypal/paypal-rest-api-specifications
  (commit ec4d8f36a6ab0abcc3865e1072aaddc85ea14d5c, Apache License 2.0): an excerpt is in
  tests/fixtures/paypal/ and test_sync_paypal.py checks every answer against it. The values
  follow PayPal's own examples: 17-character transaction ids, 13-character account ids, fees
  written as debits ("-1.49"), dates with the account's offset ("Z"), a donation's
  subject naming the donor; event codes from PayPal's T-code reference
  (developer.paypal.com/docs/reports/reference/tcodes: T0013 donation, T0002 subscription
  payment, T1107 refund by the merchant, T0400 withdrawal) and statuses from the spec (S, P,
  D, V). The spec's text patterns leave out '/' and '@', which PayPal's answers do carry (an
  item number as the donate button sent it, a subject with the donor's e-mail).
- The token (POST /v1/oauth2/token, client id and secret by HTTP basic authentication, body
  grant_type=client_credentials): the answer of developer.paypal.com/docs/api/reference/
  get-an-access-token/ (scope, access_token, token_type, app_id, expires_in, nonce), and the
  OAuth 2.0 error (RFC 6749 §5.2) PayPal answers for a wrong client id or secret:
  401 {"error": "invalid_client", "error_description": "Client Authentication failed"}.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from standin_http import Answer, ServedStandIn, StandInHandler
from support import FIXTURES

SPEC = json.loads(
    (FIXTURES / "paypal" / "reporting_transactions_v1-excerpt.json").read_text(encoding="utf-8")
)
LONGEST_SPAN = timedelta(days=31)  # end_date: "The maximum supported range is 31 days."
MAX_PAGE_SIZE = 500  # page_size's maximum in the spec
SEARCH_SCOPE = "https://uri.paypal.com/services/reporting/search/read"


def money(value: str, currency: str) -> dict[str, str]:
    return {"currency_code": currency, "value": value}


def error(name: str, message: str, issue: str | None = None) -> dict[str, Any]:
    """A REST error as the spec's error_4xx/5xx objects are."""
    body: dict[str, Any] = {"name": name, "message": message, "debug_id": "90957fca61718"}
    if issue is not None:
        body["details"] = [{"issue": issue}]
    body["links"] = [
        {
            "href": f"https://developer.paypal.com/api/rest/reference/orders/v2/errors/#{name}",
            "rel": "information_link",
        }
    ]
    return body


class PayPalStandIn(ServedStandIn):
    """PayPal's API for one business account, on a port of 127.0.0.1 (start() gives it)."""

    def __init__(self, client_id: str, secret: str, page_size_cap: int = MAX_PAGE_SIZE):
        self.client_id = client_id
        self.secret = secret
        self.page_size_cap = page_size_cap  # the most one page holds, whatever page_size asks
        self.search_enabled = True  # the REST app's Transaction Search option
        self.details: list[dict[str, Any]] = []
        self.balance_affecting: dict[str, bool] = {}  # transaction id -> moves the balance
        self.scripted: dict[str, list[Answer]] = {}  # path -> answers to serve first
        self.requests: list[tuple[str, str, dict[str, list[str]]]] = []  # method, path, query
        self.tokens_given = 0
        self.before_answer: Callable[[str, dict[str, list[str]]], None] | None = None
        self._token = "A21AAStandInAccessToken" + "x" * 8
        self._number = 0

    # -- the account ---------------------------------------------------------------------

    def _next_id(self) -> str:
        self._number += 1
        return f"{self._number:05d}PLEDGEKIT{self._number:03d}"  # 17 characters, as PayPal's

    def add_payment(
        self,
        value: str,
        *,
        currency: str = "EUR",
        fee: str | None = "-1.49",
        code: str = "T0013",
        status: str = "S",
        date: str = "2026-11-20T10:00:00Z",
        item_code: str | None = None,
        item_name: str = "Donation",
        invoice_id: str | None = None,
        custom: str | None = None,
        payer: str = "PAYERACCOUNT1",
        email: str = "ada@mail.example",
        given: str = "Ada",
        surname: str = "Lovelace",
        balance_affecting: bool = True,
    ) -> dict[str, Any]:
        """A payment received (a positive amount), with the payer as PayPal tells them."""
        transaction_id = self._next_id()
        info: dict[str, Any] = {
            "paypal_account_id": payer,
            "transaction_id": transaction_id,
            "transaction_event_code": code,
            "transaction_initiation_date": date,
            "transaction_updated_date": date,
            "transaction_amount": money(value, currency),
            "transaction_status": status,
            "transaction_subject": f"Donation from {given} {surname}",
            "protection_eligibility": "02",
            "instrument_type": "PayPal",
            "instrument_sub_type": "PayPal Wallet",
        }
        if fee is not None:
            info["fee_amount"] = money(fee, currency)
        if invoice_id is not None:
            info["invoice_id"] = invoice_id
        if custom is not None:
            info["custom_field"] = custom
        item: dict[str, Any] = {
            "item_name": item_name,
            "item_quantity": "1",
            "item_unit_price": money(value, currency),
            "item_amount": money(value, currency),
            "total_item_amount": money(value, currency),
        }
        if item_code is not None:
            item["item_code"] = item_code
        detail = {
            "transaction_info": info,
            "payer_info": {
                "account_id": payer,
                "email_address": email,
                "phone_number": {"country_code": "33", "national_number": "612345678"},
                "address_status": "N",
                "payer_status": "Y",
                "payer_name": {
                    "given_name": given,
                    "surname": surname,
                    "alternate_full_name": f"{given} {surname}",
                },
                "country_code": "FR",
            },
            "shipping_info": {"name": f"{given}, {surname}"},
            "cart_info": {"item_details": [item]},
            "store_info": {},
            "auction_info": {},
            "incentive_info": {},
        }
        self.details.append(detail)
        self.balance_affecting[transaction_id] = balance_affecting
        return detail

    def add_refund(
        self,
        payment: dict[str, Any],
        value: str,
        *,
        code: str = "T1107",
        date: str = "2026-11-25T10:00:00Z",
        status: str = "S",
    ) -> dict[str, Any]:
        """A refund of `payment` (value negative, as PayPal writes a debit); a refund of the
        whole amount marks the payment V (reversed), as the spec says."""
        paid = payment["transaction_info"]
        currency = paid["transaction_amount"]["currency_code"]
        transaction_id = self._next_id()
        info = {
            "paypal_account_id": paid["paypal_account_id"],
            "transaction_id": transaction_id,
            "paypal_reference_id": paid["transaction_id"],
            "paypal_reference_id_type": "TXN",
            "transaction_event_code": code,
            "transaction_initiation_date": date,
            "transaction_updated_date": date,
            "transaction_amount": money(value, currency),
            "fee_amount": money("0.35", currency),  # the part of the fee PayPal gives back
            "transaction_status": status,
            "transaction_subject": paid["transaction_subject"],
            "protection_eligibility": "02",
        }
        detail = {
            "transaction_info": info,
            "payer_info": {"address_status": "N", "payer_name": {}},
            "shipping_info": {},
            "cart_info": payment["cart_info"],
            "store_info": {},
            "auction_info": {},
            "incentive_info": {},
        }
        if value.removeprefix("-") == paid["transaction_amount"]["value"]:
            paid["transaction_status"] = "V"
        self.details.append(detail)
        self.balance_affecting[transaction_id] = True
        return detail

    def add_withdrawal(self, value: str, date: str = "2026-11-26T09:00:00Z") -> None:
        """Money the account holder moved to their bank (T0400): no backer's."""
        transaction_id = self._next_id()
        self.details.append(
            {
                "transaction_info": {
                    "transaction_id": transaction_id,
                    "transaction_event_code": "T0400",
                    "transaction_initiation_date": date,
                    "transaction_updated_date": date,
                    "transaction_amount": money(value, "EUR"),
                    "transaction_status": "S",
                    "bank_reference_id": "1040606119578",
                    "protection_eligibility": "02",
                },
                "payer_info": {"address_status": "N", "payer_name": {}},
                "shipping_info": {},
                "cart_info": {},
                "store_info": {},
                "auction_info": {},
                "incentive_info": {},
            }
        )
        self.balance_affecting[transaction_id] = True

    def fail(self, path: str, *answers: Answer) -> None:
        """Serve these answers, in order, to the next requests for `path`."""
        self.scripted.setdefault(path, []).extend(answers)

    def searches(self) -> list[dict[str, str]]:
        """The query of each Transaction Search asked, in order (one value per name)."""
        return [
            {name: values[0] for name, values in query.items()}
            for method, path, query in self.requests
            if path == "/v1/reporting/transactions"
        ]

    # -- the server ----------------------------------------------------------------------

    def handler(self) -> type[StandInHandler]:
        standin = self

        class Handler(StandInHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode("ascii"))
                self.answer("POST", form)

            def do_GET(self) -> None:
                self.answer("GET", {})

            def answer(self, method: str, form: dict[str, list[str]]) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                standin.requests.append((method, parts.path, query))
                if standin.before_answer:
                    standin.before_answer(parts.path, query)
                scripted = standin.scripted.get(parts.path)
                if scripted:
                    return self.send_answer(scripted.pop(0))
                if method == "POST" and parts.path == "/v1/oauth2/token":
                    status, body = standin.token(self.headers.get("Authorization", ""), form)
                elif method == "GET" and parts.path == "/v1/reporting/transactions":
                    status, body = standin.search(self.headers.get("Authorization", ""), query)
                else:
                    status, body = 404, error("RESOURCE_NOT_FOUND", "The specified resource does not exist.")  # fmt: skip
                self.send_json(status, body)

        return Handler

    def token(self, authorization: str, form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        expected = base64.b64encode(f"{self.client_id}:{self.secret}".encode()).decode()
        if authorization != f"Basic {expected}":
            return 401, {"error": "invalid_client", "error_description": "Client Authentication failed"}  # fmt: skip
        if form.get("grant_type") != ["client_credentials"]:
            return 400, {"error": "unsupported_grant_type", "error_description": "Grant Type is NULL"}  # fmt: skip
        self.tokens_given += 1
        scopes = ["https://uri.paypal.com/services/invoicing", "openid"]
        if self.search_enabled:
            scopes.append(SEARCH_SCOPE)
        return 200, {
            "scope": " ".join(scopes),
            "access_token": self._token,
            "token_type": "Bearer",
            "app_id": "APP-80W284485P519543T",
            "expires_in": 31349,
            "nonce": "2026-12-07T10:00:00ZStandInNonce",
        }

    def search(self, authorization: str, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        if authorization != f"Bearer {self._token}":
            return 401, error(
                "AUTHENTICATION_FAILURE",
                "Authentication failed due to missing authorization header, or invalid "
                "authentication credentials.",
            )
        if not self.search_enabled:
            return 403, error(
                "NOT_AUTHORIZED",
                "Authorization failed due to insufficient permissions.",
                "PERMISSION_DENIED",
            )
        one = {name: values[0] for name, values in query.items()}
        try:
            start = datetime.fromisoformat(one["start_date"])
            end = datetime.fromisoformat(one["end_date"])
            page_size = int(one.get("page_size", "100"))
            page = int(one.get("page", "1"))
        except (KeyError, ValueError):
            return 400, error(
                "INVALID_REQUEST",
                "Request is not well-formed, syntactically incorrect, or violates schema.",
                "INVALID_PARAMETER_SYNTAX",
            )
        if end - start > LONGEST_SPAN or end < start or not 1 <= page_size <= MAX_PAGE_SIZE or page < 1:  # fmt: skip
            return 400, error(
                "INVALID_REQUEST",
                "Request is not well-formed, syntactically incorrect, or violates schema.",
                "INVALID_PARAMETER_VALUE",
            )
        every = one.get("balance_affecting_records_only", "Y") == "N"
        found = [
            detail
            for detail in self.details
            if start
            <= datetime.fromisoformat(detail["transaction_info"]["transaction_initiation_date"])
            < end
            and (every or self.balance_affecting[detail["transaction_info"]["transaction_id"]])
        ]
        size = min(page_size, self.page_size_cap)
        chunk = found[(page - 1) * size : page * size]
        if one.get("fields") != "all":  # transaction_info alone, as the spec says
            chunk = [{"transaction_info": detail["transaction_info"]} for detail in chunk]
        pages = (len(found) + size - 1) // size
        return 200, {
            "transaction_details": chunk,
            "account_number": "PQDQXRJFK9ULY",
            "start_date": one["start_date"],
            "end_date": one["end_date"],
            "last_refreshed_datetime": one["end_date"],
            "page": page,
            "total_items": len(found),
            "total_pages": pages,
            "links": [
                {
                    "href": "https://api-m.paypal.com/v1/reporting/transactions?page=" + str(page),
                    "rel": "self",
                    "method": "GET",
                }
            ],
        }
