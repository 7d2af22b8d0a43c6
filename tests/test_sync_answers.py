"""What the sync sources share (generator/ledger/sync/answers.py, bounded.py, credentials.py,
paging.py): an address checked, a status and a connection failure in a few words, skips
counted, e-mails never said, every source's answers (a refusal's too) read to a bound, no token
sent on where a redirect points, and every list stopped when it never ends, against stand-ins
on 127.0.0.1 that answer too much, elsewhere, or always more."""

from __future__ import annotations

import gzip
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import ClassVar

import pytest
import requests
from standin_http import LocalServer, StandInHandler
from support import site_yaml
from sync_support import STRIPE_KEY, snapshot, supporter_site, sync

from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.sync import bounded, paging, text_api
from pledgekit.ledger.sync.answers import checked_base, connection_trouble, skip, status_phrase
from pledgekit.ledger.sync.credentials import without_secrets
from pledgekit.ledger.sync.json_api import JsonApi, words_of
from pledgekit.ledger.sync.open_collective import OpenCollectiveSource
from pledgekit.ledger.sync.paypal import PayPalSource
from pledgekit.ledger.sync.retry import RetryPolicy, SourceFailure
from pledgekit.ledger.sync.sources import Offer, SyncSettings
from pledgekit.ledger.sync.stripe import StripeSource

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


# -- text_api.py: a refusal's body is read to the bound too ------------------------------


class LargeRefusal(StandInHandler):
    """Answers 403 with a JSON body of 64 MB sent a chunk at a time and with no Content-Length
    (so that only a counting read stops it), and counts the bytes the client took."""

    sent: ClassVar[list[int]] = []
    finished = threading.Event()  # the client went away and the count is known
    CHUNK = b" " * 65_536

    def do_GET(self) -> None:
        self.send_response_only(403)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        sent = 0
        try:
            while sent < 64_000_000:
                self.wfile.write(self.CHUNK)
                sent += len(self.CHUNK)
        except (BrokenPipeError, ConnectionResetError):
            pass
        LargeRefusal.sent.append(sent)
        LargeRefusal.finished.set()


def test_a_refusal_of_the_patrons_csv_is_read_to_its_bound_never_whole():
    server = LocalServer(LargeRefusal)
    base = server.start()
    try:
        refused = "the account is private"
        liberapay = JsonApi("liberapay", base, NO_WAIT, refused, follow_redirects=True)
        with pytest.raises(SourceFailure) as failed:
            text_api.get_text(liberapay, "/lamp/patrons/public.csv", "text/csv", 2_000_000)
    finally:
        server.stop()
    assert str(failed.value) == (
        f"liberapay: {base}/lamp/patrons/public.csv is larger than 2 MB: not read"
    )
    # The 2 MB read, and what the sockets' buffers held when the reader let go: not 64 MB.
    assert LargeRefusal.finished.wait(10)
    assert len(LargeRefusal.sent) == 1 and LargeRefusal.sent[0] < 16_000_000


def test_a_refusal_body_says_its_message_or_nothing():
    assert words_of(b'{"message": "private account"}') == ": private account"
    assert words_of(b'{"error": ["not a text"]}') == ""
    assert words_of(b"<html>Forbidden</html>") == ""
    assert words_of(b"\xff\xfe\x00") == ""


# -- paging.py: a list that never ends is not read for ever ------------------------------


class Endless(StandInHandler):
    """Every list of every source answers that there is more: Stripe has_more with the same
    last session again, Donorbox a full page of 100 campaigns at every page number, Open
    Collective 100 contributions of a billion at every offset, PayPal 500 transactions of a
    million pages, GitHub a next page at the same cursor. Counts the requests by path."""

    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer()

    def _answer(self) -> None:
        path = self.path.partition("?")[0]
        Endless.asked.append(path)
        if path == "/v1/payment_links":
            link = {"id": "plink_1", "object": "payment_link", "url": LAMP_LINK}
            body: object = {"object": "list", "data": [link], "has_more": False, "url": path}
        elif path == "/v1/checkout/sessions":
            session = {"id": "cs_live_1", "object": "checkout.session"}
            body = {"object": "list", "data": [session], "has_more": True, "url": path}
        elif path == "/api/v1/campaigns":
            page = int(self.path.partition("page=")[2].partition("&")[0])
            body = [{"id": page * 1000 + n, "slug": f"fund-{page}-{n}"} for n in range(100)]
        elif path == "/graphql/v2":
            nodes = {"totalCount": 1_000_000_000, "nodes": [{}] * 100}
            body = {"data": {"account": {"transactions": nodes, "orders": nodes}}}
        elif path == "/v1/oauth2/token":
            body = {"access_token": "paypal-access-31", "expires_in": 32400}
        elif path == "/v1/reporting/transactions":
            body = {"transaction_details": [{}] * 500, "total_pages": 1_000_000}
        else:  # /graphql: GitHub
            page_info = {"hasNextPage": True, "endCursor": "Y3Vyc29yOjE="}
            sponsorships = {"nodes": [], "pageInfo": page_info}
            body = {"data": {"repositoryOwner": {"sponsorshipsAsMaintainer": sponsorships}}}
        self.send_json(200, body)


LAMP_LINK = "https://buy.stripe.com/lamp01"
# Each source kind: its pledge option, its variables (with {base}), the one line said and the
# paths it asks, in order.
ENDLESS = {
    "stripe": (
        f"{{processor: stripe, url: '{LAMP_LINK}'}}",
        {"PLEDGEKIT_STRIPE_KEY": STRIPE_KEY, "PLEDGEKIT_STRIPE_API_BASE": "{base}"},
        "stripe: {base}/v1/checkout/sessions points back to a page already read (2 read): "
        "not read further",
        ["/v1/payment_links", "/v1/checkout/sessions", "/v1/checkout/sessions"],
    ),
    "donorbox": (
        "{processor: donorbox, campaign: lamp-fund}",
        {
            "PLEDGEKIT_DONORBOX_EMAIL": "org-login-31",
            "PLEDGEKIT_DONORBOX_KEY": "donorbox-key-31",
            "PLEDGEKIT_DONORBOX_API_BASE": "{base}",
        },
        "donorbox: {base}/api/v1/campaigns keeps answering more pages (10 read): not read further",
        ["/api/v1/campaigns"] * 10,
    ),
    "open_collective": (
        "{processor: open_collective, collective: lamp}",
        {"PLEDGEKIT_OPEN_COLLECTIVE_API_BASE": "{base}/graphql/v2"},
        "open_collective: {base}/graphql/v2 keeps answering more pages (10 read): not read further",
        ["/graphql/v2"] * 10,
    ),
    "paypal": (
        "{processor: paypal, business: LAMPMERCHANT3}",
        {
            "PLEDGEKIT_PAYPAL_CLIENT_ID": "client-id-31",
            "PLEDGEKIT_PAYPAL_SECRET": "secret-31",
            "PLEDGEKIT_PAYPAL_API_BASE": "{base}",
        },
        "paypal: {base}/v1/reporting/transactions keeps answering more pages (2 read): "
        "not read further",
        ["/v1/oauth2/token", "/v1/reporting/transactions", "/v1/reporting/transactions"],
    ),
    "github_sponsors": (
        "{processor: github_sponsors, user: lampmaker}",
        {"PLEDGEKIT_GITHUB_TOKEN": "github-token-31", "PLEDGEKIT_GITHUB_API_BASE": "{base}"},
        "github_sponsors: {base}/graphql points back to a page already read (2 read): "
        "not read further",
        ["/graphql", "/graphql"],
    ),
}


@pytest.mark.parametrize("source", list(ENDLESS))
def test_a_list_that_never_ends_is_one_line_and_the_ledger_is_untouched(
    source, tmp_path, monkeypatch
):
    # 1,000 rows a list: 10 pages of 100, 2 of PayPal's 500 (the real bound: 200,000).
    monkeypatch.setattr(paging, "MOST_ROWS", 1_000)
    pledge, variables, line, asked = ENDLESS[source]
    site = supporter_site(tmp_path, f"[{pledge}]", f"[{pledge}]", site=site_yaml(currency="USD"))
    before = snapshot(site)
    Endless.asked = []
    server = LocalServer(Endless)
    base = server.start()
    try:
        environment = {name: text.format(base=base) for name, text in variables.items()}
        result = sync(site, environment=environment)
    finally:
        server.stop()
    assert result.exit_code == 1
    assert (result.stdout, result.stderr) == ("", line.format(base=base) + "\n")
    assert snapshot(site) == before
    assert Endless.asked == asked  # no page asked past the bound


def test_a_list_ends_when_the_server_says_so_at_its_last_page():
    pages = paging.Paging("donorbox", "http://127.0.0.1:9/api/v1/donations?page=1", 100)
    for page in range(1, 2_001):  # 200,000 donations: read whole
        pages.ask(page)
    with pytest.raises(SourceFailure) as failed:
        pages.ask(2_001)
    assert str(failed.value) == (
        "donorbox: http://127.0.0.1:9/api/v1/donations keeps answering more pages "
        "(2,000 read): not read further"
    )
