"""The security policy every page states in its <head>: a Content-Security-Policy that lets the
page run only the site's own script files and load only what it needs, and a referrer policy.

A meta policy cannot set frame-ancestors, report-uri or sandbox (browsers ignore them there),
so none is written; nor upgrade-insecure-requests, which would break a preview served over
http:// (http:// pictures are refused or written https:// instead). The page's own scripts
are files under static/, never inline, and the one inline <style> (the theme options' custom
properties) is allowed by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

REFERRER_POLICY = "strict-origin-when-cross-origin"


def source_hash(text: str) -> str:
    """The CSP source for an inline <script> or <style> element whose text is `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def origin(url: str) -> str | None:
    """'https://totals.example' of an https:// address; None for any other."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return None
    if parts.scheme != "https" or not re.fullmatch(r"[a-z0-9.-]+|\[[0-9a-f:.]+\]", host):
        return None
    return f"https://{host}{port}"


def content_security_policy(
    *,
    scripts: Iterable[str] = (),
    styles: Iterable[str] = (),
    images: Iterable[str] = (),
    connect: Iterable[str] = (),
    frames: Iterable[str] = (),
) -> str:
    """The policy: the site's own files, plus the sources given (hashes like
    'sha256-…' or origins like https://videos.example) for each kind of resource."""

    def sources(first: list[str], more: Iterable[str]) -> str:
        return " ".join(dict.fromkeys([*first, *(_checked(source) for source in more)]))

    own = ["'self'"]
    directives = [
        "default-src 'self'",
        "script-src " + sources(own, scripts),
        "style-src " + sources(own, styles),
        "img-src " + sources([*own, "data:"], images),
        "connect-src " + sources(own, connect),
        "frame-src " + (sources([], frames) or "'none'"),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    return "; ".join(directives)


def _checked(source: str) -> str:
    """A source as a policy may hold it: a quoted hash, or an https:// origin; nothing that
    would end the directive or the attribute."""
    if re.fullmatch(r"'sha(256|384|512)-[A-Za-z0-9+/=]+'", source):
        return source
    found = origin(source)
    if found is None or found != source.rstrip("/"):
        raise ValueError(f"a policy source is a 'sha256-…' hash or an https:// origin: {source!r}")
    return found


# An <img src>, or an <img>'s or <source>'s srcset, that loads from another site.
_REMOTE_IMAGE = re.compile(
    r"""<(?:img|source)\b[^>]*?\s(?:src|srcset)="(https://[^"/\s]+)""", re.IGNORECASE
)
_IMAGE_SOURCES = re.compile(
    r'(<meta http-equiv="Content-Security-Policy" content="[^"]*?img-src [^;"]*)'
)


def with_remote_images(page: str) -> str:
    """The page, its policy allowing the other sites its pictures come from (a campaign's
    picture given as an https:// address is shown from there)."""
    if "https://" not in page:
        return page
    origins = {found for match in _REMOTE_IMAGE.findall(page) if (found := origin(match))}
    if not origins:
        return page
    added = " " + " ".join(sorted(origins))
    return _IMAGE_SOURCES.sub(lambda match: match.group(1) + added, page, count=1)
