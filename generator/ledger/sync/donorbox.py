"""Donorbox: the donations of each campaign's Donorbox campaign, itemised (amount, refund,
processing fee, whether monthly), as ledger rows; no donor's name, e-mail or address is kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any
from urllib.parse import unquote, urlsplit

from babel.numbers import get_currency_precision

from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.importing import tier_of
from pledgekit.ledger.rows import Kind, LedgerRow, Recurring, Status, backer_ref
from pledgekit.ledger.sync.answers import checked_base, skip
from pledgekit.ledger.sync.credentials import credential, one_line
from pledgekit.ledger.sync.json_api import JsonApi
from pledgekit.ledger.sync.paging import Paging
from pledgekit.ledger.sync.retry import SourceFailure
from pledgekit.ledger.sync.sources import Offer, SyncSettings, SyncSource

EMAIL_VARIABLE = "PLEDGEKIT_DONORBOX_EMAIL"
KEY_VARIABLE = "PLEDGEKIT_DONORBOX_KEY"
BASE_VARIABLE = "PLEDGEKIT_DONORBOX_API_BASE"
DEFAULT_BASE = "https://donorbox.org"
BOTH = f"{EMAIL_VARIABLE} and {KEY_VARIABLE}"
# https://github.com/donorbox/donorbox-api (README): HTTP basic auth with the organisation's
# login e-mail and its API key; every list takes page and per_page (50 unless asked, 100 at
# most) and order (asc|desc).
CAMPAIGNS_PATH = "/api/v1/campaigns"
DONATIONS_PATH = "/api/v1/donations"
PLANS_PATH = "/api/v1/plans"
PAGE_SIZE = 100
# The README shows only "paid"; the others are the states a card or bank payment goes through.
STATUSES = {
    "paid": Status.PAID,
    "succeeded": Status.PAID,
    "refunded": Status.PAID,  # its amount_refunded takes it off
    "partially_refunded": Status.PAID,
    "pending": Status.PENDING,
    "processing": Status.PENDING,
    "failed": Status.FAILED,
}


def campaign_slug(url: str) -> str:
    """The Donorbox campaign a link opens: https://donorbox.org/<campaign>."""
    parts = [unquote(part) for part in urlsplit(url).path.split("/") if part]
    return parts[0] if parts else ""


class DonorboxSource(SyncSource):
    name = "donorbox"
    processor = "donorbox"
    secret_variables = (EMAIL_VARIABLE, KEY_VARIABLE)

    def __init__(self, offers: list[Offer], settings: SyncSettings):
        self._settings = settings
        self._offers = [offer for offer in offers if offer.processor == self.processor]
        email = credential(settings.environment, EMAIL_VARIABLE)
        key = credential(settings.environment, KEY_VARIABLE)
        unset = [
            name for name, value in ((EMAIL_VARIABLE, email), (KEY_VARIABLE, key)) if not value
        ]
        if email is None or key is None:
            verb = "is" if len(unset) == 1 else "are"
            raise SourceFailure(
                f"donorbox: {' and '.join(unset)} {verb} not set: give the organisation's login "
                f"e-mail and an API key (Donorbox: Account → API & Zapier Integration; see "
                f"docs/ledger.md)"
            )
        base = settings.environment.get(BASE_VARIABLE) or DEFAULT_BASE
        self._api = JsonApi(
            "donorbox",
            checked_base("donorbox", BASE_VARIABLE, base),
            settings.policy,
            f"{BOTH} were refused: give the login e-mail of the organisation and its current "
            f"API key",
            secrets=[email, key],
            auth=(email, key),
        )
        self._campaigns: dict[str, dict[str, Any]] | None = None  # by slug, listed once a run

    def read(self, campaign: str) -> ImportResult:
        result = ImportResult()
        ours = [offer for offer in self._offers if offer.campaign == campaign]
        for url in dict.fromkeys(offer.url for offer in ours):
            slug = campaign_slug(url)
            found = self._campaigns_by_slug().get(slug)
            if found is None:
                raise SourceFailure(
                    f"donorbox: no campaign of this Donorbox account has the address {url} "
                    f"(its slug {slug!r}): check the pledge option's campaign"
                )
            identifier = found.get("id")
            monthly_donors = self._monthly_donors(identifier)
            tiers = [offer.tier for offer in ours if offer.url == url]
            for donation in self._every(DONATIONS_PATH, {"campaign_id": identifier}):
                row = self._row(donation, monthly_donors, result)
                if row is not None:
                    row = replace(row, tier=self._tier(row, campaign, tiers))
                    result.add(row, 1, self._api.address(DONATIONS_PATH))
        return result

    def _campaigns_by_slug(self) -> dict[str, dict[str, Any]]:
        if self._campaigns is None:
            self._campaigns = {
                str(found.get("slug")): found
                for found in self._every(CAMPAIGNS_PATH, {})
                if isinstance(found, dict)
            }
        return self._campaigns

    def _monthly_donors(self, campaign_id: Any) -> set[str]:
        """The donors with a monthly plan in the campaign: a donation says it is recurring,
        only its plan says how often."""
        return {
            str(plan["donor"].get("id"))
            for plan in self._every(PLANS_PATH, {"campaign_id": campaign_id})
            if isinstance(plan, dict)
            and plan.get("type") == "monthly"
            and isinstance(plan.get("donor"), dict)
        }

    def _every(self, path: str, parameters: dict[str, Any]) -> list[Any]:
        """Every object of a list, page after page, oldest first (so that a donation made
        while the pages are read moves none of them)."""
        found: list[Any] = []
        paging = Paging("donorbox", self._api.address(path), PAGE_SIZE)
        page = 1
        while True:
            paging.ask(page)
            query = {**parameters, "page": page, "per_page": PAGE_SIZE, "order": "asc"}
            answer = self._api.get(path, query)
            if not isinstance(answer, list):
                raise SourceFailure(
                    f"donorbox: {self._api.address(path)} answered with what is not a list"
                )
            found += answer
            if len(answer) < PAGE_SIZE:
                return found
            page += 1

    def _row(
        self, donation: Any, monthly_donors: set[str], result: ImportResult
    ) -> LedgerRow | None:
        try:
            status = STATUSES.get(str(donation.get("status")))
            if status is None:
                skip(
                    result,
                    f"donations in a state pledgekit does not count ({donation.get('status')})",
                )
                return None
            currency = str(donation["currency"]).upper()
            gross = self._amount(donation["amount"], currency)
            refunded = min(self._amount(donation.get("amount_refunded") or 0, currency), gross)
            if donation.get("status") == "refunded" and not refunded:
                refunded = gross
            donor = donation.get("donor") if isinstance(donation.get("donor"), dict) else {}
            donor_id = str(donor.get("id") or "")
            recurring = Recurring.ONCE
            if donation.get("recurring") is True and donor_id in monthly_donors:
                recurring = Recurring.MONTHLY
            return LedgerRow(
                processor=self.processor,
                transaction_id=str(int(donation["id"])),
                date=moment(str(donation["donation_date"])),
                kind=Kind.PAYMENT,
                gross=gross,
                currency=currency,
                refunded=refunded,
                status=status,
                # Donorbox documents no field by which a donor agrees to be shown (not being
                # anonymous is not that), so no name; the e-mail is never read.
                backer="",
                backer_ref=backer_ref(self.processor, donor_id) if donor_id else "",
                fee=max(self._amount(donation.get("processing_fee") or 0, currency), Decimal(0)),
                recurring=recurring,
            )
        except (AttributeError, KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise SourceFailure(
                f"donorbox: {self._api.address(DONATIONS_PATH)} answered with a donation "
                f"pledgekit cannot read ({type(error).__name__}: {one_line(str(error), 80)})"
            ) from None

    @staticmethod
    def _amount(value: Any, currency: str) -> Decimal:
        """An amount as Donorbox sends it ("100.0", or a number: 0.59), in the currency's
        places (a float is read through its shortest text, never its binary value)."""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError(f"an amount, got {type(value).__name__}")
        places = Decimal(1).scaleb(-get_currency_precision(currency))
        return Decimal(str(value)).quantize(places, rounding=ROUND_HALF_EVEN)

    def _tier(self, row: LedgerRow, campaign: str, tiers: list[str | None]) -> str:
        """The tier whose link the donation came through, when only one tier has it; else
        the only tier of its amount among those that have it (as `ledger import` tells)."""
        named = {tier for tier in tiers if tier}
        if len(tiers) == 1 and named:
            return named.pop()
        found = self._settings.campaigns.get(campaign)
        told = tier_of(row, found) if found is not None else ""
        return told if told in named else ""


def moment(text: str) -> datetime:
    """Donorbox's ISO 8601 time (2017-12-21T17:54:13.432Z) in UTC."""
    when = datetime.fromisoformat(text)
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
