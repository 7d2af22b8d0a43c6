"""A text file a processor publishes (Liberapay's CSV of public patrons), read with a source's
JsonApi settings: the same retries and one-line failures, and at most a bounded size."""

from __future__ import annotations

import requests

from pledgekit.ledger.sync.credentials import without_secrets
from pledgekit.ledger.sync.json_api import JsonApi, status_phrase, trouble, words_of
from pledgekit.ledger.sync.retry import SourceFailure, Transient, retry_after_seconds, with_retries

CHUNK_BYTES = 64 * 1024


def get_text(
    api: JsonApi, path: str, accept: str, most_bytes: int, not_found: str | None = None
) -> str:
    """The UTF-8 text of GET base+path, tried again while it may pass (as JsonApi.get);
    `not_found` is what a 404 means. A text larger than `most_bytes` is a failure, said
    before more than that is read."""
    return with_retries(lambda: _once(api, path, accept, most_bytes, not_found), api.policy)


def _once(api: JsonApi, path: str, accept: str, most_bytes: int, not_found: str | None) -> str:
    address = api.address(path)

    def said(text: str) -> str:
        return without_secrets(text, list(api.secrets))

    try:
        answer = api.session.get(
            address,
            headers={"Accept": accept, **api.headers},
            auth=api.auth,
            timeout=api.policy.timeout,
            allow_redirects=api.follow_redirects,
            stream=True,  # so that a body past the bound is never read whole
        )
    except requests.RequestException as error:
        raise Transient(
            said(f"{api.source}: cannot reach {api.base}/ ({trouble(error)})")
        ) from None
    with answer:
        status = answer.status_code
        if status == 429 or status >= 500:
            raise Transient(
                said(f"{api.source}: {address} answers {status} ({status_phrase(status)})"),
                retry_after_seconds(answer.headers.get("Retry-After"), answer.headers.get("Date")),
            )
        if status == 404 and not_found:
            raise SourceFailure(said(f"{api.source}: {not_found} ({address}: 404)"))
        # A refusal's body too is read to the bound, never whole: a server may send any size.
        body = _bounded_body(answer, api, address, most_bytes)
        if status in (401, 403):
            raise SourceFailure(said(f"{api.source}: {api.refused} ({status}){words_of(body)}"))
        if status != 200:
            raise SourceFailure(
                said(f"{api.source}: {address} refused the request ({status}){words_of(body)}")
            )
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceFailure(
            said(f"{api.source}: {address} answered with what is not UTF-8 text (HTTP 200)")
        ) from None


def _bounded_body(answer: requests.Response, api: JsonApi, address: str, most_bytes: int) -> bytes:
    """The body, read a chunk at a time, stopped as soon as it passes `most_bytes`."""
    too_large = SourceFailure(
        without_secrets(
            f"{api.source}: {address} is larger than {most_bytes / 1_000_000:g} MB: not read",
            list(api.secrets),
        )
    )
    declared = answer.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > most_bytes:
        raise too_large
    body = bytearray()
    try:
        for chunk in answer.iter_content(CHUNK_BYTES):
            body += chunk
            if len(body) > most_bytes:
                raise too_large
    except requests.RequestException as error:
        raise Transient(
            without_secrets(
                f"{api.source}: cannot reach {api.base}/ ({trouble(error)})", list(api.secrets)
            )
        ) from None
    return bytes(body)
