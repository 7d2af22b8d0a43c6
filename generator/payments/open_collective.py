"""Open Collective contributions: https://opencollective.com/<collective>/donate, or a tier's
checkout page."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor, plain_amount

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TIER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]+")


class OpenCollectiveOptions(ProcessorOptions):
    collective: str = Field(
        description="The collective's slug: https://opencollective.com/<collective>."
    )
    tier: str | None = Field(
        None,
        description="A tier as it appears in its contribute link, like backer-12345: "
        "https://opencollective.com/<collective>/contribute/<tier>/checkout.",
    )

    @field_validator("collective")
    @classmethod
    def _collective(cls, value: str) -> str:
        if not _SLUG.fullmatch(value):
            raise ValueError(
                "Open Collective slugs are lower-case letters, digits and single hyphens, "
                f"as in https://opencollective.com/<slug>, got {value!r}"
            )
        return value

    @field_validator("tier")
    @classmethod
    def _tier(cls, value: str | None) -> str | None:
        if value is not None and not _TIER.fullmatch(value):
            raise ValueError(
                "an Open Collective tier is written as in its contribute link: its name, "
                f"a hyphen and its number, like backer-12345, got {value!r}"
            )
        return value


class OpenCollective(Processor):
    name = "open_collective"
    label = "Open Collective"
    Options = OpenCollectiveOptions
    # currencies stay None: the collective's own currency decides what the backer pays in.
    supports_recurring = True
    carries_amount = True

    def url(self, options: OpenCollectiveOptions, request: PledgeRequest) -> str:
        url = "https://opencollective.com/" + quote(options.collective, safe="")
        if options.tier:
            url += "/contribute/" + quote(options.tier, safe="") + "/checkout"
        else:
            url += "/donate"
        query: dict[str, str] = {}
        if request.amount is not None:
            query["amount"] = plain_amount(request.amount, request.currency)
        if request.recurring == "monthly":
            query["interval"] = "month"
        elif request.amount is not None:
            # Without an amount the backer also chooses how often on the page itself.
            query["interval"] = "oneTime"
        return url + ("?" + urlencode(query) if query else "")
