"""Answers read to a bound: a broken or hostile server that sends more than a page could
hold is refused in one line after MAX_ANSWER_BYTES, never read to its end into memory."""

from __future__ import annotations

from typing import Any, BinaryIO
from urllib.parse import urlsplit, urlunsplit

import requests

from pledgekit.ledger.sync.retry import SourceFailure

# The largest page a source reads (PayPal's 500 transactions with every field, about 2 MB,
# are the largest), with room to spare; decompressed bytes are what count.
MAX_ANSWER_BYTES = 8_000_000
CHUNK = 64 * 1024


class AnswerTooLarge(SourceFailure):
    """An answer longer than MAX_ANSWER_BYTES: str() is the line said."""


def too_large(source: str, url: str) -> AnswerTooLarge:
    """The failure of an answer too long, naming its address without query or user (a key
    may ride there)."""
    parts = urlsplit(url)
    address = urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
    return AnswerTooLarge(
        f"{source}: {address} is larger than {MAX_ANSWER_BYTES / 1_000_000:g} MB: not read"
    )


def read_at_most(stream: BinaryIO, source: str, url: str) -> bytes:
    """A whole answer's body from a file-like stream, AnswerTooLarge past the bound."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_ANSWER_BYTES:
        chunk = stream.read(min(CHUNK, MAX_ANSWER_BYTES + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise too_large(source, url)


def bounded_session(source: str, session: requests.Session | None = None) -> requests.Session:
    """A requests session whose every answer (a redirect's too) is read to the bound at most:
    the body is read as it arrives, before requests would read all of it. A request made with
    stream=True is left to its caller, which reads the body itself (to its own bound)."""

    def read_bounded(response: requests.Response, **settings: Any) -> requests.Response:
        if settings.get("stream"):
            return response
        try:
            body = read_at_most(_Decoded(response.raw), source, response.url)
        except AnswerTooLarge:
            response.close()
            raise
        # What requests' own reading leaves (Response.content): the body, consumed.
        response._content = body
        response._content_consumed = True
        return response

    session = session or requests.Session()
    session.hooks["response"].append(read_bounded)
    return session


class _Decoded:
    """urllib3's raw answer read decompressed (gzip or deflate as the server sent it), so the
    bound counts what the body grows to, not what crossed the wire."""

    def __init__(self, raw: Any):
        self._raw = raw

    def read(self, size: int) -> bytes:
        return self._raw.read(size, decode_content=True)
