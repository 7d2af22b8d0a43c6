"""GitHub Sponsors: what an account's active monthly sponsorships bring each month and how
many sponsors give them, through GitHub's GraphQL API, as one monthly `total` row; private
sponsorships are counted, and nobody is named."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.rows import LedgerRow, Recurring, total_row
from pledgekit.ledger.sync.answers import checked_base, skip
from pledgekit.ledger.sync.credentials import credential, one_line
from pledgekit.ledger.sync.json_api import JsonApi, minor_to_major, whole_number
from pledgekit.ledger.sync.paging import Paging
from pledgekit.ledger.sync.retry import SourceFailure
from pledgekit.ledger.sync.sources import Offer, SyncSettings, SyncSource

TOKEN_VARIABLE = "PLEDGEKIT_GITHUB_TOKEN"
BASE_VARIABLE = "PLEDGEKIT_GITHUB_API_BASE"
DEFAULT_BASE = "https://api.github.com"
GRAPHQL_PATH = "/graphql"
PAGE_SIZE = 100  # the most a GraphQL connection gives at once
# Field names as in GitHub's published schema (github.com/octokit/graphql-schema,
# schema.graphql): Sponsorable.sponsorshipsAsMaintainer leaves private sponsorships out
# unless includePrivate is true; Sponsorship.isOneTimePayment, .privacyLevel and .tier
# (SponsorsTier.monthlyPriceInCents, null when the viewer may not see the amount);
# repositoryOwner finds a user or an organization alike. No sponsor is asked for.
QUERY = """
query ($login: String!, $after: String) {
  repositoryOwner(login: $login) {
    login
    ... on Sponsorable {
      sponsorshipsAsMaintainer(
        first: PAGE_SIZE, after: $after, activeOnly: true, includePrivate: true
      ) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { isOneTimePayment privacyLevel tier { monthlyPriceInCents isOneTime } }
      }
    }
  }
}
""".replace("PAGE_SIZE", str(PAGE_SIZE))


def login_of(url: str) -> str:
    """The sponsored account of a link: https://github.com/sponsors/<user>."""
    parts = [unquote(part) for part in urlsplit(url).path.split("/") if part]
    return parts[1] if len(parts) >= 2 and parts[0] == "sponsors" else ""


class GitHubSponsorsSource(SyncSource):
    name = "github_sponsors"
    processor = "github_sponsors"
    secret_variables = (TOKEN_VARIABLE,)

    def __init__(self, offers: list[Offer], settings: SyncSettings):
        self._settings = settings
        self._offers = [offer for offer in offers if offer.processor == self.processor]
        token = credential(settings.environment, TOKEN_VARIABLE)
        if token is None:
            raise SourceFailure(
                f"github_sponsors: {TOKEN_VARIABLE} is not set: give it a token of the "
                f"sponsored account that only reads (see docs/ledger.md)"
            )
        base = settings.environment.get(BASE_VARIABLE) or DEFAULT_BASE
        self._api = JsonApi(
            "github_sponsors",
            checked_base("github_sponsors", BASE_VARIABLE, base),
            settings.policy,
            f"the token in {TOKEN_VARIABLE} was refused",
            secrets=[token],
            headers={"Authorization": f"Bearer {token}"},
        )
        self._figures: dict[str, tuple[LedgerRow, dict[str, int]]] = {}  # by login, once a run

    def read(self, campaign: str) -> ImportResult:
        result = ImportResult()
        ours = [offer for offer in self._offers if offer.campaign == campaign]
        for login in dict.fromkeys(login_of(offer.url) for offer in ours):
            row, skipped = self._monthly(login)
            for reason, count in skipped.items():
                result.skipped[reason] = result.skipped.get(reason, 0) + count
            result.add(row, 1, self._api.address(GRAPHQL_PATH))
        return result

    def _monthly(self, login: str) -> tuple[LedgerRow, dict[str, int]]:
        """The account's active monthly sponsorships as one row (what they bring a month, in
        USD, and how many), and what was left out of it."""
        if login in self._figures:
            return self._figures[login]
        cents, sponsors = 0, 0
        left_out = ImportResult()
        for node in self._sponsorships(login):
            tier = node.get("tier") if isinstance(node.get("tier"), dict) else None
            if node.get("isOneTimePayment") is True or (tier and tier.get("isOneTime") is True):
                # A one-time gift is no monthly figure, and the API tells no sum of them.
                skip(left_out, "one-time sponsorships (not a monthly figure)")
                continue
            price = tier.get("monthlyPriceInCents") if tier else None
            if not whole_number(price):
                skip(left_out, "monthly sponsorships whose amount the token may not see")
                continue
            cents += price
            sponsors += 1
        assert self._settings.now is not None  # sync_ledgers sets the run's moment
        row = total_row(
            self.processor,
            login,
            self._settings.now,
            minor_to_major(cents, "USD"),
            "USD",
            Recurring.MONTHLY,
            sponsors,
        )
        self._figures[login] = (row, left_out.skipped)
        return self._figures[login]

    def _sponsorships(self, login: str) -> list[dict[str, Any]]:
        """Every active sponsorship of the account, page after page."""
        found: list[dict[str, Any]] = []
        paging = Paging("github_sponsors", self._api.address(GRAPHQL_PATH), PAGE_SIZE)
        after = None
        while True:
            paging.ask(after)
            answer = self._api.post(
                GRAPHQL_PATH, {"query": QUERY, "variables": {"login": login, "after": after}}
            )
            owner = self._owner(answer, login)
            connection = owner.get("sponsorshipsAsMaintainer")
            nodes = connection.get("nodes") if isinstance(connection, dict) else None
            page = connection.get("pageInfo") if isinstance(connection, dict) else None
            if not isinstance(nodes, list) or not isinstance(page, dict):
                raise self._unreadable()
            found += [node for node in nodes if isinstance(node, dict)]
            if page.get("hasNextPage") is not True or not page.get("endCursor"):
                return found
            after = page["endCursor"]

    def _owner(self, answer: Any, login: str) -> dict[str, Any]:
        if not isinstance(answer, dict):
            raise self._unreadable()
        errors = answer.get("errors")
        data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
        owner = data.get("repositoryOwner") if data else None
        if isinstance(errors, list) and errors:
            first = errors[0] if isinstance(errors[0], dict) else {}
            if first.get("type") == "NOT_FOUND":
                raise self._unknown(login)
            said = one_line(str(first.get("message") or "no message"), 200)
            raise SourceFailure(
                f"github_sponsors: {self._api.address(GRAPHQL_PATH)} refused the query "
                f"({first.get('type') or 'error'}): {said}"
            )
        if owner is None:
            raise self._unknown(login)
        if not isinstance(owner, dict):
            raise self._unreadable()
        return owner

    @staticmethod
    def _unknown(login: str) -> SourceFailure:
        return SourceFailure(
            f"github_sponsors: GitHub has no user or organization {login!r}: check the pledge "
            f"option's user"
        )

    def _unreadable(self) -> SourceFailure:
        return SourceFailure(
            f"github_sponsors: {self._api.address(GRAPHQL_PATH)} answered with what is not "
            f"an account's sponsorships"
        )
