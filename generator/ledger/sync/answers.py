"""What every sync source says the same way: an API's address checked, an HTTP status and a
connection failure in a few words, and the count of what was read but skipped."""

from __future__ import annotations

import socket
import ssl
from http import HTTPStatus
from urllib.parse import urlsplit

from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.sync.credentials import one_line
from pledgekit.ledger.sync.retry import SourceFailure


def checked_base(source: str, variable: str, base: str, *, keep_final_slash: bool = False) -> str:
    """An API's address from `variable` (or its default): http(s) only, without surrounding
    blanks, and without a final slash unless the address is a whole endpoint that keeps it."""
    parts = urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceFailure(
            f"{source}: {variable} must be an http:// or https:// address, got "
            f"{one_line(base, 80)!r}"
        )
    return base.strip() if keep_final_slash else base.strip().rstrip("/")


def skip(result: ImportResult, reason: str) -> None:
    """Count one more of what was read and is no payment of the campaign, by `reason`."""
    result.skipped[reason] = result.skipped.get(reason, 0) + 1


def status_phrase(status: int) -> str:
    """An HTTP status's own words (503: Service Unavailable), or 'server error'."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "server error"


def connection_trouble(error: BaseException) -> str:
    """Why a connection failed, in a few words (never the address, whose query may hold a
    key), from the errors behind the one raised: an SDK's, requests', or urllib's."""
    seen: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and len(seen) < 10:
        seen.append(cause)
        reason = getattr(cause, "reason", None)  # urllib's URLError keeps it there
        chained = cause.__cause__ or cause.__context__
        cause = chained or (reason if isinstance(reason, BaseException) else None)
    for found in reversed(seen):
        if isinstance(found, ConnectionRefusedError):
            return "connection refused"
        if isinstance(found, socket.gaierror):
            return "no such host"
        if isinstance(found, ssl.SSLError):
            return "its certificate cannot be verified"
        if isinstance(found, TimeoutError | socket.timeout):
            return "no answer in time"
        if isinstance(found, ConnectionResetError):
            return "connection reset"
    # The SDK's own wrapper says nothing of the cause.
    names = [type(found).__name__ for found in seen if type(found).__module__ != "stripe._error"]
    if any("Timeout" in name for name in names):
        return "no answer in time"
    return names[-1] if names else "connection failed"
