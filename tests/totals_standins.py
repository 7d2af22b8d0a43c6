"""Stand-ins on 127.0.0.1 for the APIs of the sync sources that report totals, each answering
with objects shaped as the processor documents them, and scripted failures:

- Every.org: GET /v0.2/nonprofit/<nonprofit>/fundraiser/<fundraiser>/raised?apiKey=… answers
  {"currency", "raised" (cents), "supporters", "goalAmount" (cents), "goalType"}, the fields
  https://docs.every.org/docs/endpoints/fundraisers lists (github.com/everydotorg/
  charity-api-docs, docs/endpoints/fundraisers.md, commit c49bad9).
- Donorbox: GET /api/v1/campaigns, /api/v1/donations and /api/v1/plans (HTTP basic: e-mail and
  key; page and per_page, 50 unless asked and at most 100; order asc|desc, desc unless asked;
  campaign_id), answered with the example objects of github.com/donorbox/donorbox-api,
  README.md (commit e6b4daf), copied in tests/fixtures/donorbox/examples.json.
- Liberapay: GET /<user>/public.json (no key), Participant.to_dict(details=True) of
  github.com/liberapay/liberapay.com (liberapay/models/participant.py; www/%username/
  public.json.spt): id, username, avatar, kind, npatrons, goal, receiving and giving (Money as
  {"amount": "12.34", "currency": "EUR"}, per week, or null when hidden), elsewhere; and
  GET /<user>/patrons/public.csv, www/%username/patrons/public.spt of the same repository
  (commit cc5be72) through its csv_dump renderer: the header pledge_date, patron_id,
  patron_username, patron_public_name, donation_currency, weekly_amount, patron_avatar_url,
  then one row per patron whose tip is public (visibility 3), oldest first; weekly_amount
  'private' when the patron hides their giving; an empty body when there is none.
- GitHub: POST /graphql (Bearer token) answering pledgekit's query with the types of GitHub's
  published schema (github.com/octokit/graphql-schema, schema.graphql, commit 82ff2d4; the
  query was validated against it with graphql-core): repositoryOwner (null for an unknown
  login) and its sponsorshipsAsMaintainer connection (totalCount, pageInfo, nodes of
  Sponsorship: isOneTimePayment, privacyLevel PUBLIC|PRIVATE, tier: SponsorsTier
  monthlyPriceInCents, isOneTime), private sponsorships only with includePrivate: true;
  errors as GitHub's GraphQL errors ({"type", "message"}); 401 {"message": "Bad credentials"}.
"""

from __future__ import annotations

import base64
import copy
import csv
import io
import json
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from standin_http import Answer, ServedStandIn, StandInHandler
from support import FIXTURES

Route = tuple[int, Any]  # status, JSON body


class JsonStandIn(ServedStandIn):
    """A JSON API on a port of 127.0.0.1 (start() gives its address); subclasses route."""

    def __init__(self) -> None:
        self.scripted: dict[str, list[Answer]] = {}  # path -> answers to serve first
        self.requests: list[tuple[str, str, dict[str, list[str]], Any]] = []

    def fail(self, path: str, *answers: Answer) -> None:
        """Serve these answers, in order, to the next requests for `path`."""
        self.scripted.setdefault(path, []).extend(answers)

    def authorised(self, headers: Any, query: dict[str, list[str]]) -> bool:
        return True

    def refusal(self) -> Route:
        return 401, {"message": "Unauthorized"}

    def route(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, headers: Any
    ) -> Route:
        raise NotImplementedError

    def handler(self) -> type[StandInHandler]:
        standin = self

        class Handler(StandInHandler):
            def answer(self, method: str) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                path = unquote(parts.path)
                standin.requests.append((method, path, query, body))
                scripted = standin.scripted.get(path)
                if scripted:
                    return self.send_answer(scripted.pop(0))
                if not standin.authorised(self.headers, query):
                    status, said = standin.refusal()
                else:
                    status, said = standin.route(method, path, query, body, self.headers)
                if isinstance(said, Answer):  # a body that is not JSON (Liberapay's CSV)
                    return self.send_answer(said)
                self.send_json(status, said)

            def do_GET(self) -> None:
                self.answer("GET")

            def do_POST(self) -> None:
                self.answer("POST")

        return Handler


# -- Every.org -------------------------------------------------------------------------


class EveryOrgStandIn(JsonStandIn):
    """Every.org's partners API for one public key: fundraisers by (nonprofit, fundraiser)."""

    def __init__(self, key: str):
        super().__init__()
        self.key = key
        self.fundraisers: dict[tuple[str, str], dict[str, Any]] = {}

    def set_raised(
        self, nonprofit: str, fundraiser: str, raised: int, supporters: int, goal: int = 500000
    ) -> None:
        self.fundraisers[(nonprofit, fundraiser)] = {
            "currency": "USD",
            "raised": raised,
            "supporters": supporters,
            "goalAmount": goal,
            "goalType": "CUSTOM",
        }

    def authorised(self, headers: Any, query: dict[str, list[str]]) -> bool:
        return query.get("apiKey") == [self.key]

    def refusal(self) -> Route:
        return 401, {"message": "Invalid API key"}

    def route(self, method, path, query, body, headers) -> Route:
        parts = path.strip("/").split("/")
        if (
            len(parts) == 6
            and parts[:2] == ["v0.2", "nonprofit"]
            and parts[3::2]
            == [
                "fundraiser",
                "raised",
            ]
        ):
            figure = self.fundraisers.get((parts[2], parts[4]))
            if figure is not None:
                return 200, copy.deepcopy(figure)
            return 404, {"message": "Fundraiser not found"}
        return 404, {"message": "Not found"}


# -- Donorbox ---------------------------------------------------------------------------

DONORBOX_EXAMPLES = json.loads((FIXTURES / "donorbox" / "examples.json").read_text("utf-8"))


def basic(email: str, key: str) -> str:
    return "Basic " + base64.b64encode(f"{email}:{key}".encode()).decode()


class DonorboxStandIn(JsonStandIn):
    """Donorbox's API for one organisation: its campaigns and their donations, newest first,
    paginated by page and per_page (50 unless asked, at most 100: more falls back to 50)."""

    def __init__(self, email: str, key: str):
        super().__init__()
        self.authorization = basic(email, key)
        self.campaigns: list[dict[str, Any]] = []
        self.donations: list[dict[str, Any]] = []
        self.plans: list[dict[str, Any]] = []
        self._number = 0

    def add_campaign(self, slug: str, name: str, currency: str = "usd") -> int:
        self._number += 1
        campaign = copy.deepcopy(DONORBOX_EXAMPLES["campaign"])
        campaign.update(id=self._number, slug=slug, name=name, currency=currency)
        self.campaigns.append(campaign)
        return self._number

    def add_donation(self, campaign: int, amount: str, **fields: Any) -> dict[str, Any]:
        """A donation shaped as the README's Stripe example, with `fields` set."""
        self._number += 1
        donation = copy.deepcopy(DONORBOX_EXAMPLES["donation"])
        name = next(c["name"] for c in self.campaigns if c["id"] == campaign)
        donation.update(id=self._number, amount=amount, campaign={"id": campaign, "name": name})
        donor = fields.pop("donor", {})
        donation["donor"].update(donor)
        donation.update(fields)
        self.donations.append(donation)
        return donation

    def add_plan(self, campaign: int, donor: int, kind: str = "monthly") -> None:
        """A plan shaped as the README's example: `kind` is its type (monthly, annual…)."""
        self._number += 1
        plan = copy.deepcopy(DONORBOX_EXAMPLES["plan"])
        name = next(c["name"] for c in self.campaigns if c["id"] == campaign)
        plan.update(id=self._number, type=kind, campaign={"id": campaign, "name": name})
        plan["donor"]["id"] = donor
        self.plans.append(plan)

    def authorised(self, headers: Any, query: dict[str, list[str]]) -> bool:
        return headers.get("Authorization") == self.authorization

    def refusal(self) -> Route:
        return 401, {"error": "You need to sign in or sign up before continuing."}

    def route(self, method, path, query, body, headers) -> Route:
        if path == "/api/v1/campaigns":
            return 200, self.page(self.campaigns, query)
        if path in ("/api/v1/donations", "/api/v1/plans"):
            wanted = query.get("campaign_id", [None])[0]
            listed = self.donations if path == "/api/v1/donations" else self.plans
            found = [d for d in listed if wanted is None or str(d["campaign"]["id"]) == wanted]
            if path == "/api/v1/donations":
                newest_first = query.get("order", ["desc"])[0] != "asc"
                found.sort(key=lambda donation: donation["donation_date"], reverse=newest_first)
            return 200, self.page(found, query)
        return 404, {"error": "Not Found"}

    @staticmethod
    def page(objects: list[dict[str, Any]], query: dict[str, list[str]]) -> list[dict[str, Any]]:
        size = int(query.get("per_page", ["50"])[0])
        if size > 100:
            size = 50  # the README: past the maximum, it falls back to the default
        number = int(query.get("page", ["1"])[0])
        return copy.deepcopy(objects[(number - 1) * size : number * size])


# -- Liberapay --------------------------------------------------------------------------


class LiberapayStandIn(JsonStandIn):
    """Liberapay's public figures of some accounts; any other name is a 404."""

    def __init__(self) -> None:
        super().__init__()
        self.accounts: dict[str, dict[str, Any]] = {}
        self.public_patrons: dict[str, list[dict[str, str]]] = {}  # by user, oldest first

    def add_public_patron(
        self,
        user: str,
        patron_id: int,
        username: str,
        public_name: str = "",
        pledge_date: str = "2026-01-15",
        weekly: str = "1.00",
    ) -> None:
        """A patron who chose to give publicly to `user` (only those are in public.csv)."""
        self.public_patrons.setdefault(user, []).append(
            {
                "pledge_date": pledge_date,
                "patron_id": str(patron_id),
                "patron_username": username,
                "patron_public_name": public_name,
                "donation_currency": "EUR",
                "weekly_amount": weekly,
                "patron_avatar_url": f"https://liberapay.com/{username}/avatar",
            }
        )

    def set_receiving(
        self, user: str, weekly: str | None, patrons: int, currency: str = "EUR"
    ) -> None:
        """`weekly` None: the account hides what it receives."""
        money = None if weekly is None else {"amount": weekly, "currency": currency}
        self.accounts[user] = {
            "id": 1000 + len(self.accounts),
            "username": user,
            "avatar": f"https://liberapay.com/{user}/avatar",
            "kind": "individual",
            "npatrons": patrons,
            "goal": None,
            "receiving": money,
            "giving": {"amount": "0.00", "currency": currency},
            "elsewhere": {},
        }

    def route(self, method, path, query, body, headers) -> Route:
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[1] == "public.json" and parts[0] in self.accounts:
            return 200, copy.deepcopy(self.accounts[parts[0]])
        if parts[1:] == ["patrons", "public.csv"] and parts[0] in self.accounts:
            return 200, Answer(200, self.patrons_csv(parts[0]), {"Content-Type": "text/csv"})
        return 404, {"error_message_short": "Not Found", "error_message_long": ""}

    def patrons_csv(self, user: str) -> bytes:
        """public.csv as csv_dump writes it: nothing at all when no patron is public."""
        patrons = self.public_patrons.get(user, [])
        if not patrons:
            return b""
        text = io.StringIO()
        writer = csv.DictWriter(text, list(patrons[0]))
        writer.writeheader()
        writer.writerows(patrons)
        return text.getvalue().encode()


# -- GitHub Sponsors ----------------------------------------------------------------------


class GitHubStandIn(JsonStandIn):
    """GitHub's GraphQL API for one token: the active sponsorships of some accounts, served
    `page_size` at a time whatever `first` asks (so pages are tested with few)."""

    def __init__(self, token: str, page_size: int = 100):
        super().__init__()
        self.token = token
        self.page_size = page_size
        self.accounts: dict[str, list[dict[str, Any]]] = {}
        self.errors: list[dict[str, Any]] | None = None  # served once, as GraphQL errors

    def sponsor(
        self, login: str, dollars: int, *, one_time: bool = False, private: bool = False
    ) -> None:
        """An active sponsorship of `login` at a tier of `dollars` a month (or once)."""
        self.accounts.setdefault(login, []).append(
            {
                "isOneTimePayment": one_time,
                "privacyLevel": "PRIVATE" if private else "PUBLIC",
                "tier": {"monthlyPriceInCents": dollars * 100, "isOneTime": one_time},
            }
        )

    def authorised(self, headers: Any, query: dict[str, list[str]]) -> bool:
        return headers.get("Authorization") == f"Bearer {self.token}"

    def refusal(self) -> Route:
        return 401, {
            "message": "Bad credentials",
            "documentation_url": "https://docs.github.com/graphql",
        }

    def route(self, method, path, query, body, headers) -> Route:
        if (method, path) != ("POST", "/graphql") or not isinstance(body, dict):
            return 404, {"message": "Not Found"}
        if self.errors is not None:
            errors, self.errors = self.errors, None
            return 200, {"data": None, "errors": errors}
        login = body["variables"]["login"]
        if login not in self.accounts:
            return 200, {"data": {"repositoryOwner": None}}
        text = body["query"]
        nodes = [
            copy.deepcopy(node)
            for node in self.accounts[login]
            if "includePrivate: true" in text or node["privacyLevel"] == "PUBLIC"
        ]
        start = int(body["variables"].get("after") or 0)
        chunk = nodes[start : start + self.page_size]
        more = start + self.page_size < len(nodes)
        connection = {
            "totalCount": len(nodes),
            "pageInfo": {
                "hasNextPage": more,
                "endCursor": str(start + len(chunk)) if chunk else None,
            },
            "nodes": chunk,
        }
        return 200, {
            "data": {"repositoryOwner": {"login": login, "sponsorshipsAsMaintainer": connection}}
        }
