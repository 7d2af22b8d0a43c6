"""What a page says of time ("12 days to go", "updated 3 hours ago") and the moments between
which it stays true, so that a page built once can be kept until then."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pledgekit.model.campaign import CampaignFile
from pledgekit.model.exchange import rate_moments
from pledgekit.model.state import CampaignState

UNITS = (("days", 86400), ("hours", 3600), ("minutes", 60))
DISTANT_PAST = datetime.min.replace(tzinfo=UTC)
DISTANT_FUTURE = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class TimeLeft:
    """The largest whole unit left until a moment: "12 days", "5 hours", "3 minutes".

    A page built at one moment can say no more than that honestly, and it stays true until the
    count changes, which is what lets an unchanged page be kept between builds.
    """

    count: int  # how many whole units are left: 12
    unit: str  # 'days', 'hours' or 'minutes'

    @classmethod
    def between(cls, now: datetime, until: datetime) -> TimeLeft:
        seconds = max(int((until - now).total_seconds()), 0)
        unit, size = next(((name, size) for name, size in UNITS if seconds >= size), UNITS[-1])
        return cls(seconds // size, unit)

    def stays_between(self, until: datetime) -> tuple[datetime, datetime]:
        """Moments [from, to) at which the same count is shown: the whole seconds left stay
        within [count, count + 1) units (a larger unit is a whole number of smaller ones)."""
        size, tick = dict(UNITS)[self.unit], timedelta(microseconds=1)
        return (
            until - timedelta(seconds=(self.count + 1) * size) + tick,
            until - timedelta(seconds=self.count * size) + tick,
        )


@dataclass(frozen=True)
class TimeAgo:
    """How long ago a moment was, in the largest whole unit: "3 hours", "12 days"; under a
    minute, "just now" (unit 'now', count 0). Like TimeLeft, it stays true until the count
    changes: a page says no more than that, so that it can be kept between builds."""

    count: int  # how many whole units ago: 3
    unit: str  # 'days', 'hours', 'minutes', or 'now' under a minute

    @classmethod
    def between(cls, moment: datetime, now: datetime) -> TimeAgo:
        # A moment after `now` (a clock ahead of the build's) is just now, never "in 2 minutes".
        seconds = max(int((now - moment).total_seconds()), 0)
        for unit, size in UNITS:
            if seconds >= size:
                return cls(seconds // size, unit)
        return cls(0, "now")

    def stays_between(self, moment: datetime) -> tuple[datetime, datetime]:
        """Moments [from, to) at which the same words are said of `moment`: the whole seconds
        since it stay within [count, count + 1) units; 'just now' until a minute after it."""
        if self.unit == "now":
            return DISTANT_PAST, moment + timedelta(minutes=1)
        size = timedelta(seconds=dict(UNITS)[self.unit])
        return moment + self.count * size, moment + (self.count + 1) * size


@dataclass(frozen=True)
class Freshness:
    """How long before the build a campaign's figures were read from their sources, while the
    campaign is not over and the reads are recorded (ledger-sync.json)."""

    as_of: datetime  # when the figures were read: the oldest read of their sources
    ago: TimeAgo  # how long before the build: "3 hours ago"
    # The campaign takes pledges, so figures that age mislead: its page carries the notice that
    # they may be out of date, hidden until they are stale (a script shows it in the browser).
    watched: bool
    stale: bool  # watched, and read stale_after_hours or more before the build
    stale_after_hours: int  # site.yaml's stale_after_hours

    @property
    def stale_from(self) -> datetime:
        """The moment the figures become stale: as_of plus stale_after_hours."""
        return self.as_of + timedelta(hours=self.stale_after_hours)

    def stays_between(self) -> tuple[datetime, datetime]:
        """Moments [from, to) at which the page says the same of the figures: the same "…
        ago", and the notice shown or hidden as it is at the build."""
        start, end = self.ago.stays_between(self.as_of)
        if self.watched and self.stale:
            start = max(start, self.stale_from)
        elif self.watched:
            end = min(end, self.stale_from)
        return start, end


def freshness_at(
    as_of: datetime, state: CampaignState, now: datetime, stale_after_hours: int
) -> Freshness:
    """How fresh figures read at `as_of` are at `now`, for a campaign in `state`."""
    watched = state.accepts_pledges
    stale = watched and now >= as_of + timedelta(hours=stale_after_hours)
    return Freshness(as_of, TimeAgo.between(as_of, now), watched, stale, stale_after_hours)


def stable_window(data: CampaignFile, now: datetime) -> tuple[datetime, datetime]:
    """The moments [from, to) around `now` that cross no start, end, tier opening date,
    start or end of the match, or day an exchange rate was read or grows old."""
    moments = [data.start, data.end]
    for tier in data.tiers:
        moments += [moment for moment in (tier.available_from, tier.available_until) if moment]
    if data.matching:
        moments += [moment for moment in (data.matching.starts, data.matching.until) if moment]
    moments += rate_moments(data.exchange_rates)  # a rate's day comes; it grows old
    return window_around(now, moments)


def window_around(now: datetime, moments: Iterable[datetime]) -> tuple[datetime, datetime]:
    """The moments [from, to) around `now` that cross none of `moments`: from the latest of
    them at or before `now`, to the first after it."""
    listed = list(moments)
    return (
        max((moment for moment in listed if moment <= now), default=DISTANT_PAST),
        min((moment for moment in listed if moment > now), default=DISTANT_FUTURE),
    )


def overlap(*windows: tuple[datetime, datetime]) -> tuple[datetime, datetime]:
    """The moments [from, to) inside every one of `windows`."""
    return max(start for start, _ in windows), min(end for _, end in windows)
