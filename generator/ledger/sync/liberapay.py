"""Liberapay: what an account receives each week and from how many patrons, as Liberapay
publishes it (no key, no payments), as one monthly `total` row per account, and the patrons
who chose to be listed publicly as `supporter` rows."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from babel.numbers import get_currency_precision

from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.rows import LedgerRow, Recurring, is_currency_code, total_row
from pledgekit.ledger.sync.json_api import JsonApi, checked_base, whole_number
from pledgekit.ledger.sync.liberapay_patrons import NotPatrons, public_patrons
from pledgekit.ledger.sync.retry import SourceFailure
from pledgekit.ledger.sync.sources import Offer, SyncSettings, SyncSource
from pledgekit.ledger.sync.text_api import get_text

BASE_VARIABLE = "PLEDGEKIT_LIBERAPAY_API_BASE"
DEFAULT_BASE = "https://liberapay.com"
# /<user>/public.json is Participant.to_dict(details=True) in liberapay/liberapay.com
# (liberapay/models/participant.py): "receiving" is Money, {"amount": "12.34", "currency":
# "EUR"}, per week, or null when the account hides it; "npatrons" a count.
PUBLIC_PATH = "/{user}/public.json"
# The patrons who chose to be public (see liberapay_patrons); 2 MB is some 13,000 of them,
# more than any account has: a larger answer is not that list.
PATRONS_PATH = "/{user}/patrons/public.csv"
MOST_PATRONS_BYTES = 2_000_000
WEEKS_A_YEAR = 52


def user_of(url: str) -> str:
    """The account a donate link gives to: https://liberapay.com/<user>/donate."""
    parts = [unquote(part) for part in urlsplit(url).path.split("/") if part]
    return parts[0] if parts else ""


def monthly_from_weekly(weekly: Decimal, currency: str) -> Decimal:
    """A weekly amount as what it comes to in an average month: × 52 weeks ÷ 12 months,
    rounded half to even to the currency's places (10.00 EUR a week is 43.33 a month)."""
    places = Decimal(1).scaleb(-get_currency_precision(currency))
    return (weekly * WEEKS_A_YEAR / 12).quantize(places, rounding=ROUND_HALF_EVEN)


class LiberapaySource(SyncSource):
    name = "liberapay"
    processor = "liberapay"
    secret_variables = ()  # public figures: nothing to set, so --configured-only reads it

    def __init__(self, offers: list[Offer], settings: SyncSettings):
        self._settings = settings
        self._offers = [offer for offer in offers if offer.processor == self.processor]
        base = settings.environment.get(BASE_VARIABLE) or DEFAULT_BASE
        self._api = JsonApi(
            "liberapay",
            checked_base("liberapay", BASE_VARIABLE, base),
            settings.policy,
            "Liberapay refused to show the account's public figures",
            follow_redirects=True,
        )
        self._figures: dict[str, LedgerRow | None] = {}  # by user, read once a run
        self._patrons: dict[str, list[tuple[int, LedgerRow]]] = {}  # by user, likewise

    def read(self, campaign: str) -> ImportResult:
        result = ImportResult()
        ours = [offer for offer in self._offers if offer.campaign == campaign]
        for user in dict.fromkeys(user_of(offer.url) for offer in ours):
            row = self._receiving(user)
            path = PUBLIC_PATH.format(user=quote(user, safe=""))
            if row is None:
                result.notes.append(
                    f"{user} hides what they receive on Liberapay ({self._api.address(path)} "
                    f"gives no receiving): nothing was read for it; show it in Liberapay's "
                    f"privacy settings to have it synced"
                )
                continue
            result.add(row, 1, self._api.address(path))
            # Only once the figures were read: an account that hides them names nobody.
            patrons_path = PATRONS_PATH.format(user=quote(user, safe=""))
            for line, supporter in self._public_patrons(user, row.currency):
                result.add(supporter, line, self._api.address(patrons_path))
        return result

    def _public_patrons(self, user: str, currency: str) -> list[tuple[int, LedgerRow]]:
        if user not in self._patrons:
            path = PATRONS_PATH.format(user=quote(user, safe=""))
            text = get_text(
                self._api,
                path,
                "text/csv",
                MOST_PATRONS_BYTES,
                not_found=f"Liberapay has no public patrons list for {user!r}",
            )
            try:
                self._patrons[user] = public_patrons(text, user, currency)
            except NotPatrons as error:
                raise SourceFailure(
                    f"liberapay: {self._api.address(path)} answered with what is not "
                    f"Liberapay's list of public patrons ({error})"
                ) from None
        return self._patrons[user]

    def _receiving(self, user: str) -> LedgerRow | None:
        if user in self._figures:
            return self._figures[user]
        path = PUBLIC_PATH.format(user=quote(user, safe=""))
        answer = self._api.get(
            path, not_found=f"Liberapay has no account {user!r}: check the pledge option's user"
        )
        fields = answer if isinstance(answer, dict) else {}
        receiving, patrons = fields.get("receiving"), fields.get("npatrons")
        row = None
        if receiving is not None or not isinstance(answer, dict):
            weekly, currency = self._money(receiving, path)
            if not whole_number(patrons):
                raise self._unreadable(path)
            assert self._settings.now is not None  # sync_ledgers sets the run's moment
            row = total_row(
                self.processor,
                user,
                self._settings.now,
                monthly_from_weekly(weekly, currency),
                currency,
                Recurring.MONTHLY,
                patrons,
            )
        self._figures[user] = row
        return row

    def _money(self, receiving: Any, path: str) -> tuple[Decimal, str]:
        try:
            amount = Decimal(str(receiving["amount"]))
            currency = str(receiving["currency"])
        except (KeyError, TypeError, InvalidOperation):
            raise self._unreadable(path) from None
        if (
            not amount.is_finite()
            or amount < 0
            or not (is_currency_code(currency) and currency.isupper())
        ):
            raise self._unreadable(path)
        return amount, currency

    def _unreadable(self, path: str) -> SourceFailure:
        return SourceFailure(
            f"liberapay: {self._api.address(path)} answered with what is not an account's "
            f"public figures (receiving as an amount and a currency, npatrons as a whole number)"
        )
