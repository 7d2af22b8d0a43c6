"""GitHub Sponsors: https://github.com/sponsors/<user>, one-time or monthly, in whole dollars."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor, plain_amount

# GitHub's rule for user and organization names.
_USER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")


def _whole(request: PledgeRequest) -> bool:
    return request.amount is not None and request.amount == request.amount.to_integral_value()


class GitHubSponsorsOptions(ProcessorOptions):
    user: str = Field(
        description="The sponsored user or organization: https://github.com/sponsors/<user>."
    )

    @field_validator("user")
    @classmethod
    def _user(cls, value: str) -> str:
        if not _USER.fullmatch(value):
            raise ValueError(
                "GitHub user names are 1 to 39 letters, digits or single hyphens, "
                f"not starting or ending with a hyphen, got {value!r}"
            )
        return value


class GitHubSponsors(Processor):
    name = "github_sponsors"
    label = "GitHub Sponsors"
    Options = GitHubSponsorsOptions
    currencies = frozenset({"USD"})
    supports_recurring = True
    carries_amount = True

    def problems(
        self, options: GitHubSponsorsOptions, request: PledgeRequest
    ) -> list[tuple[str, str]]:
        found = super().problems(options, request)
        if request.amount is not None and not _whole(request):
            found.append(
                (
                    "",
                    "GitHub Sponsors takes whole dollars, "
                    f"not {plain_amount(request.amount, request.currency)}",
                )
            )
        return found

    def url(self, options: GitHubSponsorsOptions, request: PledgeRequest) -> str:
        query = {"frequency": "recurring" if request.recurring == "monthly" else "one-time"}
        # An amount with cents is reported by problems(); the link then leaves the amount out
        # rather than round the backer's gift.
        if request.amount is not None and _whole(request):
            query["amount"] = plain_amount(request.amount, request.currency)
        return f"https://github.com/sponsors/{quote(options.user, safe='')}?{urlencode(query)}"
