"""What the sync sources share (generator/ledger/sync/answers.py, bounded.py, credentials.py):
an address checked, a status and a connection failure in a few words, skips counted, e-mails
never said, every source's answers read to a bound, and no token sent on where a redirect
points, against a stand-in on 127.0.0.1 that answers too much or elsewhere."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import ClassVar

import pytest
import requests
from standin_http import LocalServer, StandInHandler
from sync_support import STRIPE_KEY

from generator.ledger.importers import ImportResult
from generator.ledger.sync import bounded
from generator.ledger.sync.answers import checked_base, connection_trouble, skip, status_phrase
from generator.ledger.sync.credentials import without_secrets
from generator.ledger.sync.json_api import JsonApi
from generator.ledger.sync.open_collective import OpenCollectiveSource
from generator.ledger.sync.paypal import PayPalSource
from generator.ledger.sync.retry import RetryPolicy, SourceFailure
from generator.ledger.sync.sources import Offer, SyncSettings
from generator.ledger.sync.stripe import StripeSource

# Made up at run time, so that no file of the repository holds anything shaped like a key.
EVERY_ORG_KEY = "pk_" + "EveryOrgPublicKey" + "31"
LIMIT = bounded.MAX_ANSWER_BYTES
NO_WAIT = RetryPolicy(sleep=lambda seconds: None, timeout=5)


class TooMuch(StandInHandler):
    """Answers by path: /fits a JSON string of exactly LIMIT bytes, /huge one byte more,
    /bomb 10 MB of JSON blanks gzipped to a few kB, /refusal a 401 whose message names an
    e-mail, /moved a 302 to /elsewhere, which keeps the headers it was sent; anything else (the sources' own paths) answers one byte more than LIMIT, with
    status 500 under /v1/oauth2 (an error page too large)."""

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer()

    elsewhere: ClassVar[list[dict[str, str]]] = []

    def _answer(self) -> None:
        path = self.path.partition("?")[0]
        headers = {"Content-Type": "application/json"}
        status = 200
        if path == "/moved":
            status, body = 302, b""
            headers["Location"] = "/elsewhere"
        elif path == "/elsewhere":
            TooMuch.elsewhere.append(dict(self.headers))
            body = b'{"data": {"account": null}}'
        elif path == "/fits":
            body = b'"' + b"x" * (LIMIT - 2) + b'"'
        elif path == "/bomb":
            body = gzip.compress(b" " * 10_000_000 + b"{}")
            headers["Content-Encoding"] = "gzip"
        elif path == "/refusal":
            status = 401
            body = b'{"message": "no key matches the account zoe.durand@example.org"}'
        else:
            status = 500 if path.startswith("/v1/oauth2") else 200
            body = b" " * (LIMIT + 1)
        # The reader stops at its bound, as it should, and closes: send() lets it go.
        self.send(status, body, headers)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    server = LocalServer(TooMuch)
    yield server.start()
    server.stop()


def api(base: str, **fields: object) -> JsonApi:
    refused = "the key in PLEDGEKIT_EVERY_ORG_KEY was refused"
    return JsonApi("every_org", base, NO_WAIT, refused, **fields)  # type: ignore[arg-type]


# -- answers.py ---------------------------------------------------------------------------


def test_the_status_phrase_is_the_status_own_words_else_server_error():
    assert status_phrase(503) == "Service Unavailable"
    assert status_phrase(429) == "Too Many Requests"
    assert status_phrase(599) == "server error"


def test_skips_are_counted_by_reason():
    result = ImportResult()
    skip(result, "test-mode sessions")
    skip(result, "test-mode sessions")
    skip(result, "open or expired sessions (nothing paid)")
    assert result.skipped == {
        "test-mode sessions": 2,
        "open or expired sessions (nothing paid)": 1,
    }


def test_an_address_is_http_or_https_and_loses_its_final_slash_unless_kept():
    variable = "PLEDGEKIT_STRIPE_API_BASE"
    assert checked_base("stripe", variable, " https://api.stripe.com/ ") == "https://api.stripe.com"
    kept = checked_base("open_collective", variable, "http://h/graphql/v2/", keep_final_slash=True)
    assert kept == "http://h/graphql/v2/"
    with pytest.raises(SourceFailure) as refused:
        checked_base("stripe", variable, "ftp://api.stripe.com")
    assert str(refused.value) == (
        "stripe: PLEDGEKIT_STRIPE_API_BASE must be an http:// or https:// address, got "
        "'ftp://api.stripe.com'"
    )


def test_a_refused_connection_is_said_alike_through_requests_and_urllib():
    with pytest.raises(requests.RequestException) as through_requests:
        requests.get("http://127.0.0.1:9/", timeout=5)
    with pytest.raises(urllib.error.URLError) as through_urllib:
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=5)
    assert connection_trouble(through_requests.value) == "connection refused"
    assert connection_trouble(through_urllib.value) == "connection refused"


# -- credentials.py: no e-mail said -------------------------------------------------------


def test_an_e_mail_in_a_server_words_is_never_said():
    said = "no key matches zoe.durand+fund@example.org (account ops@mail.example.co.uk)"
    assert without_secrets(said, []) == "no key matches [hidden] (account [hidden])"
    assert without_secrets("docs/ledger.md, 401 (Unauthorized)", []) == (
        "docs/ledger.md, 401 (Unauthorized)"
    )


def test_a_refusal_naming_an_e_mail_is_said_without_it(base):
    with pytest.raises(SourceFailure) as refused:
        api(base).get("/refusal")
    assert str(refused.value) == (
        "every_org: the key in PLEDGEKIT_EVERY_ORG_KEY was refused (401): no key matches the "
        "account [hidden]"
    )


# -- bounded.py: every source's answers read to a bound ----------------------------------


def test_an_answer_of_exactly_the_bound_is_read(base):
    assert len(api(base).get("/fits")) == LIMIT - 2


def test_a_json_answer_past_the_bound_is_one_line_without_the_key_in_its_query(base):
    with pytest.raises(SourceFailure) as refused:
        api(base, secrets=[EVERY_ORG_KEY]).get("/huge", params={"apiKey": EVERY_ORG_KEY})
    assert str(refused.value) == f"every_org: {base}/huge is larger than 8 MB: not read"


def test_a_gzip_bomb_is_counted_as_it_grows_not_as_it_came(base):
    with pytest.raises(SourceFailure) as refused:
        api(base).get("/bomb")
    assert str(refused.value) == f"every_org: {base}/bomb is larger than 8 MB: not read"


def test_a_streamed_request_is_left_to_its_caller(base):
    session = bounded.bounded_session("liberapay")
    with session.get(f"{base}/huge", stream=True, timeout=5) as answer:
        assert answer.raw.read(10) == b" " * 10  # unread until the caller reads, to its bound


def test_stripe_answers_are_read_to_the_bound(base):
    offer = Offer("stripe", "lamp", None, "https://buy.stripe.com/lamp01", None)
    environment = {"PLEDGEKIT_STRIPE_KEY": STRIPE_KEY, "PLEDGEKIT_STRIPE_API_BASE": base}
    source = StripeSource([offer], SyncSettings(environment, policy=NO_WAIT))
    with pytest.raises(SourceFailure) as refused:
        source.read("lamp")
    assert str(refused.value) == f"stripe: {base}/v1/payment_links is larger than 8 MB: not read"


def test_paypal_answers_are_read_to_the_bound_an_error_page_too(base):
    offer = Offer("paypal", "lamp", None, "https://www.paypal.com/donate", None)
    environment = {
        "PLEDGEKIT_PAYPAL_CLIENT_ID": "client-id-31",
        "PLEDGEKIT_PAYPAL_SECRET": "secret-31",
        "PLEDGEKIT_PAYPAL_API_BASE": base,
    }
    now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    source = PayPalSource([offer], SyncSettings(environment, policy=NO_WAIT, now=now))
    with pytest.raises(SourceFailure) as refused:
        source.read("lamp")  # the token's answer: a 500 of more than the bound
    assert str(refused.value) == f"paypal: {base}/v1/oauth2/token is larger than 8 MB: not read"


def test_open_collective_answers_are_read_to_the_bound(base):
    offer = Offer("open_collective", "lamp", None, "https://opencollective.com/lamp/donate", None)
    environment = {"PLEDGEKIT_OPEN_COLLECTIVE_API_BASE": f"{base}/graphql/v2"}
    source = OpenCollectiveSource([offer], SyncSettings(environment, policy=NO_WAIT))
    with pytest.raises(SourceFailure) as refused:
        source.read("lamp")
    assert str(refused.value) == (
        f"open_collective: {base}/graphql/v2 is larger than 8 MB: not read"
    )


def test_an_open_collective_error_page_past_the_bound_is_not_read(base):
    request = urllib.request.Request(f"{base}/v1/oauth2/error", method="GET")
    with pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(request, timeout=5)
    with failed.value, pytest.raises(bounded.AnswerTooLarge) as refused:
        bounded.read_at_most(failed.value, "open_collective", f"{base}/v1/oauth2/error?k=1")
    assert str(refused.value) == (
        f"open_collective: {base}/v1/oauth2/error is larger than 8 MB: not read"
    )


def test_an_open_collective_token_is_not_sent_on_where_a_redirect_points(base):
    offer = Offer("open_collective", "lamp", None, "https://opencollective.com/lamp/donate", None)
    environment = {
        "PLEDGEKIT_OPEN_COLLECTIVE_API_BASE": f"{base}/moved",
        "PLEDGEKIT_OPEN_COLLECTIVE_TOKEN": "oc-token-31",
    }
    source = OpenCollectiveSource([offer], SyncSettings(environment, policy=NO_WAIT))
    with pytest.raises(SourceFailure) as refused:
        source.read("lamp")
    assert str(refused.value) == (
        f"open_collective: {base}/moved refused the request (302): no message"
    )
    assert TooMuch.elsewhere == []
