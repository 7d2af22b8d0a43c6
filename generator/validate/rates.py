"""Exchange rates judged by their day: none from a day still to come, none long out of date.

What a rate's day means depends on when the site is built, and a campaign is validated once
for all builds (the cache): validation notes where each rate is dated (dated_rates) and each
build says what that means at its moment (rate_problems).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from pledgekit.load.yaml_source import SourceDocument
from pledgekit.model.campaign import CampaignFile
from pledgekit.model.exchange import STALE_RATE_AFTER, DatedRate
from pledgekit.model.types import parse_currency
from pledgekit.problems import Problem, Severity
from pledgekit.validate.raw import parsed_or_none, raw


@dataclass(frozen=True)
class DatedRateAt:
    """A rate of campaign.yaml, and where its date is written (a problem without words yet)."""

    currency: str
    rate: DatedRate
    at: Problem


def dated_rates(document: SourceDocument, data: CampaignFile) -> list[DatedRateAt]:
    """Each of the campaign's exchange rates with the position of its `date`."""
    written = raw(document.data, "exchange_rates")
    found = []
    for key in written if isinstance(written, dict) else {}:
        currency = parsed_or_none(parse_currency, key)
        if currency in data.exchange_rates:
            at = document.problem(("exchange_rates", key, "date"), "")
            found.append(DatedRateAt(currency, data.exchange_rates[currency], at))
    return found


def rate_problems(rates: list[DatedRateAt], end: datetime, now: datetime) -> list[Problem]:
    """At `now`: a rate dated a day still to come is an error; one read more than
    STALE_RATE_AFTER before now (or before the campaign's `end`, once it is over: its figures
    are final then) is a warning, an error under --strict."""
    problems = []
    days = STALE_RATE_AFTER.days
    for dated in rates:
        rate = dated.rate
        if now < rate.day_starts:
            message = (
                f"{rate.date.isoformat()} is a day still to come: date a rate with the day "
                "you read it"
            )
            problems.append(replace(dated.at, message=message))
        elif min(now, end) >= rate.old_from:
            before = "this build" if now < end else "the campaign's end"
            message = (
                f"this {dated.currency} rate was read more than {days} days before {before} "
                f"({rate.date.isoformat()}): look it up again and write the day you did, so "
                "that payments are converted at a rate of their time"
            )
            problems.append(replace(dated.at, message=message, severity=Severity.WARNING))
    return problems
