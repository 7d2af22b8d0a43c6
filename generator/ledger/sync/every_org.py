"""Every.org: what a campaign's fundraiser has raised and from how many supporters, as Every.org
reports it (its API lists no donations), as one `total` row per fundraiser."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, unquote, urlsplit

from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.rows import LedgerRow, Recurring, is_currency_code, total_row
from pledgekit.ledger.sync.answers import checked_base
from pledgekit.ledger.sync.credentials import credential
from pledgekit.ledger.sync.json_api import JsonApi, minor_to_major, whole_number
from pledgekit.ledger.sync.retry import SourceFailure
from pledgekit.ledger.sync.sources import Offer, SyncSettings, SyncSource

KEY_VARIABLE = "PLEDGEKIT_EVERY_ORG_KEY"
BASE_VARIABLE = "PLEDGEKIT_EVERY_ORG_API_BASE"
DEFAULT_BASE = "https://partners.every.org"
# https://docs.every.org/docs/endpoints/fundraisers: "raised" in cents, "supporters",
# "currency" ("USD"); the public key goes in the query (apiKey), as the docs show.
RAISED_PATH = "/v0.2/nonprofit/{nonprofit}/fundraiser/{fundraiser}/raised"


def fundraiser_of(url: str) -> tuple[str, str | None]:
    """(nonprofit, fundraiser) from a donate link's address: www.every.org/<nonprofit> names
    no fundraiser, www.every.org/<nonprofit>/f/<fundraiser> does."""
    parts = [unquote(part) for part in urlsplit(url).path.split("/") if part]
    if len(parts) >= 3 and parts[1] == "f":
        return parts[0], parts[2]
    return (parts[0] if parts else ""), None


class EveryOrgSource(SyncSource):
    name = "every_org"
    processor = "every_org"
    secret_variables = (KEY_VARIABLE,)

    def __init__(self, offers: list[Offer], settings: SyncSettings):
        self._settings = settings
        self._offers = [offer for offer in offers if offer.processor == self.processor]
        key = credential(settings.environment, KEY_VARIABLE)
        if key is None:
            raise SourceFailure(
                f"every_org: {KEY_VARIABLE} is not set: give it the public API key of your "
                f"Every.org developer dashboard, https://www.every.org/developer (see "
                f"docs/ledger.md)"
            )
        self._key = key
        base = settings.environment.get(BASE_VARIABLE) or DEFAULT_BASE
        self._api = JsonApi(
            "every_org",
            checked_base("every_org", BASE_VARIABLE, base),
            settings.policy,
            f"the key in {KEY_VARIABLE} was refused",
            secrets=[key],
        )
        self._figures: dict[tuple[str, str], LedgerRow] = {}  # read once a run

    def read(self, campaign: str) -> ImportResult:
        result = ImportResult()
        ours = [offer for offer in self._offers if offer.campaign == campaign]
        for url in dict.fromkeys(offer.url for offer in ours):
            nonprofit, fundraiser = fundraiser_of(url)
            if fundraiser is None:
                places = ", ".join(offer.place for offer in ours if offer.url == url)
                result.notes.append(
                    f"{url} ({places}) is the nonprofit's own page, not a fundraiser's: Every.org "
                    f"reports no figure for one campaign there, so nothing was read for it (give "
                    f"the pledge option `fundraiser:`)"
                )
                continue
            row = self._raised(nonprofit, fundraiser)
            result.add(row, 1, self._api.address(self._path(nonprofit, fundraiser)))
        return result

    @staticmethod
    def _path(nonprofit: str, fundraiser: str) -> str:
        return RAISED_PATH.format(
            nonprofit=quote(nonprofit, safe=""), fundraiser=quote(fundraiser, safe="")
        )

    def _raised(self, nonprofit: str, fundraiser: str) -> LedgerRow:
        """The fundraiser's figure as a `total` row, dated now (a merge keeps the date it
        was first read while the figure holds)."""
        if (nonprofit, fundraiser) in self._figures:
            return self._figures[(nonprofit, fundraiser)]
        path = self._path(nonprofit, fundraiser)
        answer = self._api.get(
            path,
            {"apiKey": self._key},
            not_found=f"Every.org has no fundraiser {fundraiser!r} of the nonprofit "
            f"{nonprofit!r}: check the pledge option's nonprofit and fundraiser",
        )
        raised, supporters, currency = self._fields(answer, path)
        assert self._settings.now is not None  # sync_ledgers sets the run's moment
        row = total_row(
            self.processor,
            f"{nonprofit}/{fundraiser}",
            self._settings.now,
            minor_to_major(raised, currency),
            currency,
            Recurring.ONCE,
            supporters,
        )
        self._figures[(nonprofit, fundraiser)] = row
        return row

    def _fields(self, answer: Any, path: str) -> tuple[int, int, str]:
        fields = answer if isinstance(answer, dict) else {}
        # Every.org has wrapped some answers in "data"; either shape reads.
        if isinstance(fields.get("data"), dict):
            fields = fields["data"]
        raised, supporters = fields.get("raised"), fields.get("supporters")
        currency = fields.get("currency")
        if not (
            whole_number(raised)
            and whole_number(supporters)
            and isinstance(currency, str)
            and is_currency_code(currency)
        ):
            raise SourceFailure(
                f"every_org: {self._api.address(path)} answered with what is not a fundraiser's "
                f"raised amount (raised and supporters as whole numbers, a currency)"
            )
        return raised, supporters, currency.upper()
