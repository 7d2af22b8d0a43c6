"""A stand-in for Open Collective's GraphQL API (v2) on 127.0.0.1: every query is validated
and run by graphql-core against Open Collective's own published schema (an excerpt of it:
tests/fixtures/open_collective/schema-excerpt.graphql, from server/graphql/schemaV2.graphql of
the public repository opencollective/opencollective-api, commit
e3f35f58970e39eeaa678a8990dfd72d0e71a9ce, 2026-08-21, MIT License), so an answer holds exactly
the fields a query asks for, shaped and typed as the schema declares them, and a query asking
for a field or an argument the schema lacks is refused as the real API refuses it (HTTP 400,
GraphQL's own message). What the resolvers do follows the API's code at that commit:
`account(slug:)` fails with "No collective found with slug <slug>" (models/Collective.ts
findBySlug); fees are negative amounts in the host's currency (interface/Transaction.js);
`isRefunded` is true for a transaction with a refund; a refused Personal-Token is a 401 whose
message repeats the token (middleware/authentication.ts, error-handler.js)."""

from __future__ import annotations

import itertools
import json
from typing import Any

from graphql import GraphQLError, build_schema, graphql_sync
from standin_http import Answer, ServedStandIn, StandInHandler
from support import FIXTURES

SCHEMA = build_schema(
    (FIXTURES / "open_collective" / "schema-excerpt.graphql").read_text(encoding="utf-8")
)


class OpenCollectiveStandIn(ServedStandIn):
    """Open Collective's accounts, their contributions and orders, on a port of 127.0.0.1."""

    path = "/graphql/v2"

    def __init__(self, token: str | None = None, page_size: int = 1000):
        self.token = token  # a Personal-Token sent must be this one
        self.page_size = page_size  # the most one page holds, whatever `limit` asks
        self.accounts: dict[str, dict[str, Any]] = {}
        self.scripted: list[Answer] = []
        self.requests: list[dict[str, Any]] = []  # {query, variables, token}
        self._numbers = itertools.count(1)

    # -- the accounts --------------------------------------------------------------------

    def _id(self) -> str:
        """An id shaped as the API's public ids (four groups of eight)."""
        return f"{next(self._numbers):08d}-standin0-ocgraph2-pledgekt"

    def _account(self, typename: str, kind: str, slug: str, name: str, **fields: Any) -> dict:
        return {
            "__typename": typename,
            "id": self._id(),
            "slug": slug,
            "type": kind,
            "name": name,
            "currency": "EUR",
            "isIncognito": False,
            "emails": [],
            **fields,
        }

    def add_collective(self, slug: str, currency: str = "EUR") -> dict[str, Any]:
        account = self._account("Collective", "COLLECTIVE", slug, slug.title(), currency=currency)
        account.update(_transactions=[], _orders=[])
        self.accounts[slug] = account
        return account

    def person(
        self, name: str, email: str, *, incognito: bool = False, guest: bool = False
    ) -> dict[str, Any]:
        """A contributor with an e-mail (which a query may ask for: pledgekit's must not)."""
        slug = (
            "incognito-" + str(len(self.accounts)) if incognito else name.lower().replace(" ", "-")
        )
        return self._account(
            "Individual",
            "INDIVIDUAL",
            slug,
            "Incognito" if incognito else name,  # what the API shows for an incognito profile
            isIncognito=incognito,
            isGuest=guest,
            email=email,
            emails=[email],
        )

    @staticmethod
    def tier(slug: str, legacy_id: int, name: str) -> dict[str, Any]:
        return {"id": f"{legacy_id:08d}-tierstnd-ocgraph2-pledgekt", "legacyId": legacy_id,
                "slug": slug, "name": name}  # fmt: skip

    def order(
        self,
        collective: str,
        cents: int,
        contributor: dict[str, Any],
        created: str,
        *,
        status: str = "PAID",
        frequency: str = "ONETIME",
        tier: dict[str, Any] | None = None,
        currency: str = "EUR",
    ) -> dict[str, Any]:
        order = {
            "id": self._id(),
            "status": status,
            "frequency": frequency,
            "amount": {"value": cents / 100, "valueInCents": float(cents), "currency": currency},
            "tier": tier,
            "fromAccount": contributor,
            "createdAt": created,
        }
        self.accounts[collective]["_orders"].append(order)
        return order

    def contribution(
        self,
        collective: str,
        order: dict[str, Any],
        created: str,
        *,
        processor_fee: int = 0,
        platform_fee: int = 0,
        host_currency: str | None = None,
        rate: float = 1.0,
        kind: str = "CONTRIBUTION",
    ) -> dict[str, Any]:
        """A CREDIT to the collective paying `order` (once, or this month's)."""
        amount = order["amount"]
        host = host_currency or amount["currency"]

        def fee(cents: float) -> dict[str, Any]:
            return {"value": -cents / 100, "valueInCents": -float(cents), "currency": host}

        transaction = {
            "__typename": "Credit",
            "id": self._id(),
            "type": "CREDIT",
            "kind": kind,
            "amount": dict(amount),
            "platformFee": fee(platform_fee),
            "paymentProcessorFee": fee(processor_fee),
            "hostCurrencyFxRate": rate,
            "fromAccount": order["fromAccount"],
            "createdAt": created,
            "order": order,
            "isRefunded": False,
            "isRefund": False,
            "isDisputed": False,
            "refundTransaction": None,
            "refundKind": None,
        }
        self.accounts[collective]["_transactions"].append(transaction)
        return transaction

    def refund(self, transaction: dict[str, Any], kind: str = "REFUND") -> None:
        """The contribution refunded, as the API records it: a refund transaction (a DEBIT to
        the collective, which pledgekit does not list) linked from the original."""
        transaction["isRefunded"] = True
        transaction["refundTransaction"] = {
            **transaction,
            "__typename": "Debit",
            "id": self._id(),
            "type": "DEBIT",
            "isRefunded": False,
            "isRefund": True,
            "refundTransaction": None,
            "refundKind": kind,
        }

    def fail(self, *answers: Answer) -> None:
        """Serve these answers, in order, to the next requests."""
        self.scripted.extend(answers)

    # -- the API -------------------------------------------------------------------------

    def resolve(self, source: Any, info: Any, **arguments: Any) -> Any:
        name = info.field_name
        if info.parent_type.name == "Query" and name == "account":
            account = self.accounts.get((arguments.get("slug") or "").lower())
            if account is None:
                raise GraphQLError(f"No collective found with slug {arguments.get('slug')}")
            return account
        if name == "transactions" and "_transactions" in source:
            chosen = [
                transaction
                for transaction in source["_transactions"]
                if arguments.get("type") in (None, transaction["type"])
                and (not arguments.get("kind") or transaction["kind"] in arguments["kind"])
            ]
            return self.page(chosen, arguments)
        if name == "orders" and "_orders" in source:
            statuses = arguments.get("status")
            chosen = [
                order for order in source["_orders"] if not statuses or order["status"] in statuses
            ]
            return self.page(chosen, arguments)
        return source.get(name) if isinstance(source, dict) else getattr(source, name, None)

    def page(self, items: list[dict[str, Any]], arguments: dict[str, Any]) -> dict[str, Any]:
        since = arguments.get("dateFrom")
        if since:
            items = [item for item in items if item["createdAt"] >= since]
        order = arguments.get("orderBy") or {"direction": "DESC"}
        items = sorted(
            items, key=lambda item: item["createdAt"], reverse=order["direction"] == "DESC"
        )
        offset, limit = arguments.get("offset", 0), min(arguments.get("limit", 100), self.page_size)
        return {"offset": offset, "limit": limit, "totalCount": len(items),
                "nodes": items[offset : offset + limit]}  # fmt: skip

    def answer(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        result = graphql_sync(
            SCHEMA,
            request.get("query") or "",
            variable_values=request.get("variables"),
            operation_name=request.get("operationName"),
            field_resolver=self.resolve,
        )
        errors = [error.formatted for error in result.errors or []]
        if result.data is None:  # refused before it ran: not a query of this schema
            return 400, {"errors": errors}
        return 200, {"data": result.data, **({"errors": errors} if errors else {})}

    def handler(self) -> type[StandInHandler]:
        standin = self

        class Handler(StandInHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length) or b"{}")
                token = self.headers.get("Personal-Token")
                standin.requests.append({**request, "token": token})
                if standin.scripted:
                    return self.send_answer(standin.scripted.pop(0))
                if token is not None and token != standin.token:
                    message = f"Invalid Personal Token (Api Key): {token}"
                    error = {"code": 401, "type": "unauthorized", "message": message}
                    return self.send_json(401, {"error": error})
                self.send_json(*standin.answer(request))

        return Handler
