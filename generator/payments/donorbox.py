"""Donorbox campaigns: https://donorbox.org/<campaign>?amount=…&default_interval=…."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor, plain_amount

_CAMPAIGN = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")


class DonorboxOptions(ProcessorOptions):
    campaign: str = Field(description="The campaign's slug: https://donorbox.org/<campaign>.")

    @field_validator("campaign")
    @classmethod
    def _campaign(cls, value: str) -> str:
        if not _CAMPAIGN.fullmatch(value):
            raise ValueError(
                "Donorbox campaigns are named by letters, digits and single '-' or '_', "
                f"as in https://donorbox.org/<campaign>, got {value!r}"
            )
        return value


class Donorbox(Processor):
    name = "donorbox"
    label = "Donorbox"
    Options = DonorboxOptions
    # currencies stay None: the campaign's own currency, set at Donorbox, decides.
    supports_recurring = True
    carries_amount = True

    def url(self, options: DonorboxOptions, request: PledgeRequest) -> str:
        query: dict[str, str] = {}
        if request.amount is not None:
            query["amount"] = plain_amount(request.amount, request.currency)
        # 'o' (one-time) is documented; 'm' for monthly is uncertain: verify it against
        # Donorbox's current documentation. The form only preselects it: the backer may change it.
        query["default_interval"] = "m" if request.recurring == "monthly" else "o"
        return f"https://donorbox.org/{quote(options.campaign, safe='')}?{urlencode(query)}"
