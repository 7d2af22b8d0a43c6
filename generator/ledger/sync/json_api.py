"""JSON over HTTP for the sync sources that have no SDK (Every.org, Donorbox, Liberapay,
GitHub's GraphQL): one request tried again while its failure may pass, every failure said in
one line that names the address without its query (where a key may ride) and holds no secret."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import requests
from babel.numbers import get_currency_precision

# Re-exported: liberapay.py still takes checked_base from here (the others from answers).
from pledgekit.ledger.sync.answers import checked_base as checked_base
from pledgekit.ledger.sync.answers import status_phrase
from pledgekit.ledger.sync.bounded import bounded_session
from pledgekit.ledger.sync.credentials import one_line, without_secrets
from pledgekit.ledger.sync.retry import (
    RetryPolicy,
    SourceFailure,
    Transient,
    retry_after_seconds,
    with_retries,
)


def minor_to_major(amount: int, currency: str) -> Decimal:
    """An amount in the currency's smallest unit (cents) as a Decimal of the currency, with
    ISO 4217's places (2500 USD -> 25.00, 500 JPY -> 500)."""
    return Decimal(int(amount)).scaleb(-get_currency_precision(currency))


def whole_number(value: Any) -> bool:
    """A JSON count or amount in minor units: an integer (not a boolean), never negative."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@dataclass
class JsonApi:
    """One processor's API for a run: its address, credentials (as `requests` takes them),
    the policy, and the secrets to clear from anything said."""

    source: str  # the source's name, the first word of every message
    base: str
    policy: RetryPolicy
    refused: str  # what a 401 or 403 means, e.g. "the key in PLEDGEKIT_X_KEY was refused"
    secrets: Iterable[str] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    auth: tuple[str, str] | None = None
    # Off when a credential is sent, so it never follows to another host; a source without
    # one may follow (Liberapay sends a user name in another case to its canonical address).
    follow_redirects: bool = False
    session: requests.Session = field(default_factory=requests.Session)

    def __post_init__(self) -> None:
        # Every answer read to a bound (bounded.MAX_ANSWER_BYTES), never to its end.
        self.session = bounded_session(self.source, self.session)

    def get(
        self, path: str, params: Mapping[str, Any] | None = None, not_found: str | None = None
    ) -> Any:
        """The JSON of GET base+path?params, tried again while it may pass; `not_found` is
        what a 404 means (else it is said as a refusal)."""
        return with_retries(lambda: self._once("GET", path, params, None, not_found), self.policy)

    def post(self, path: str, body: Mapping[str, Any]) -> Any:
        """The JSON answer to a JSON body POSTed to base+path (a GraphQL query: it reads only)."""
        return with_retries(lambda: self._once("POST", path, None, body, None), self.policy)

    def address(self, path: str) -> str:
        """base+path as a message shows it: never with a query."""
        return f"{self.base}{path}"

    def _said(self, text: str) -> str:
        return without_secrets(text, list(self.secrets))

    def _once(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None,
        not_found: str | None,
    ) -> Any:
        address = self.address(path)
        try:
            answer = self.session.request(
                method,
                address,
                params=params,
                json=body,
                headers={"Accept": "application/json", **self.headers},
                auth=self.auth,
                timeout=self.policy.timeout,
                allow_redirects=self.follow_redirects,
            )
        except requests.RequestException as error:
            # The exception's own text quotes the whole URL, query (and key) included.
            raise Transient(
                self._said(f"{self.source}: cannot reach {self.base}/ ({trouble(error)})")
            ) from None
        status = answer.status_code
        # GitHub answers its secondary rate limit with 403 and Retry-After (or no requests
        # left): a wait, not a refusal.
        limited = status == 403 and (
            "Retry-After" in answer.headers or answer.headers.get("X-RateLimit-Remaining") == "0"
        )
        if status == 429 or status >= 500 or limited:
            raise Transient(
                self._said(f"{self.source}: {address} answers {status} ({status_phrase(status)})"),
                retry_after_seconds(answer.headers.get("Retry-After"), answer.headers.get("Date")),
            )
        if status in (401, 403):
            raise SourceFailure(
                self._said(f"{self.source}: {self.refused} ({status}){server_words(answer)}")
            )
        if status == 404 and not_found:
            raise SourceFailure(self._said(f"{self.source}: {not_found} ({address}: 404)"))
        if status != 200:
            raise SourceFailure(
                self._said(
                    f"{self.source}: {address} refused the request ({status}){server_words(answer)}"
                )
            )
        try:
            return answer.json()
        except ValueError:
            raise SourceFailure(
                self._said(f"{self.source}: {address} answered with what is not JSON (HTTP 200)")
            ) from None


def server_words(answer: requests.Response) -> str:
    """What a refusing server said (its JSON `message` or `error`), as ': …' on one line."""
    return words_of(answer.content)  # read already, to the bound (bounded_session)


def words_of(body: bytes) -> str:
    """What a refusing server's body says (its JSON `message` or `error`), as ': …' on one
    line, or nothing when it is no JSON."""
    try:
        said = json.loads(body)
    except ValueError:  # UnicodeDecodeError too
        return ""
    if isinstance(said, dict):
        for name in ("message", "error", "errors"):
            text = said.get(name)
            if isinstance(text, str) and text.strip():
                return f": {one_line(text, 160)}"
    return ""


def trouble(error: requests.RequestException) -> str:
    """Why a request never got an answer, in a few words (never the URL)."""
    if isinstance(error, requests.Timeout):
        return "no answer in time"
    if isinstance(error, requests.exceptions.SSLError):
        return "its certificate cannot be verified"
    if isinstance(error, requests.ConnectionError):
        text = str(error)
        if "Connection refused" in text or "ConnectionRefused" in text:
            return "connection refused"
        if "Name or service not known" in text or "NameResolution" in text:
            return "no such host"
        if "reset" in text.lower():
            return "connection reset"
        return "connection failed"
    return type(error).__name__
