"""Calls to a processor's API, tried again on what passes (an overloaded or restarting
server, a rate limit, a dropped connection), with backoff and the server's Retry-After."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import TypeVar

Result = TypeVar("Result")


class SourceFailure(Exception):
    """A source that cannot be read this time: str() is the one line said to the user, which
    names the variable or the address at fault and never holds a secret."""


class Transient(Exception):
    """A failure that may pass: tried again after `retry_after` seconds when the server said
    (Retry-After), else after the policy's backoff. str() is what to say if it never passes."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to try. `sleep` is injectable so tests wait for nothing."""

    attempts: int = 4  # in all: the first try and three more
    first_delay: float = 1.0  # seconds before the second try; doubled for each next one
    longest_delay: float = 30.0  # no backoff waits longer
    longest_retry_after: float = 120.0  # a server asking for more is taken as a failure
    timeout: float = 30.0  # seconds for one request to answer
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait after the failed try number `attempt` (from 0)."""
        if retry_after is not None:
            return retry_after
        return min(self.first_delay * 2**attempt, self.longest_delay)


def with_retries(call: Callable[[], Result], policy: RetryPolicy) -> Result:
    """call(), tried again on Transient up to policy.attempts in all; SourceFailure with the
    last failure's message when it never passes, or when the server asks to wait too long."""
    for attempt in range(policy.attempts):
        try:
            return call()
        except Transient as failure:
            last = attempt + 1 == policy.attempts
            if failure.retry_after is not None and failure.retry_after > policy.longest_retry_after:
                raise SourceFailure(
                    f"{failure} (it asks to wait {failure.retry_after:g} s: try again later)"
                ) from None
            if last:
                tries = f"{policy.attempts} tries" if policy.attempts > 1 else "one try"
                raise SourceFailure(f"{failure}, after {tries}") from None
            policy.sleep(policy.delay(attempt, failure.retry_after))
    raise AssertionError("unreachable: the last attempt returns or raises")


def retry_after_seconds(value: str | None, date: str | None = None) -> float | None:
    """Retry-After as seconds: a number of seconds, or an HTTP date, taken relative to the
    answer's own Date header (so no clock is read); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        until = parsedate_to_datetime(value)
        sent = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError):
        return None
    if sent is None:
        return None
    # An HTTP date is in GMT; one written with -0000 reads as naive: it is GMT too.
    until, sent = (
        moment if moment.tzinfo else moment.replace(tzinfo=UTC) for moment in (until, sent)
    )
    return max((until - sent).total_seconds(), 0.0)
