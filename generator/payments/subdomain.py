"""Links on a processor's per-account host, like <store>.lemonsqueezy.com, checked strictly."""

from __future__ import annotations

import re

# One DNS label: letters, digits and inner hyphens, at most 63 characters.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"


def require_subdomain(url: str, domain: str, label: str) -> tuple[str, str]:
    """An https link on <account>.<domain>: the account name and the rest of the link.

    The host is read from the text itself rather than from urlsplit, which drops tabs and
    newlines and accepts ports and user names: here anything but one plain label before the
    processor's own domain is refused, so a pasted link can never lead elsewhere.
    """
    if url[:8].lower() != "https://":
        raise ValueError(f"{label} links must use https://, got {url!r}")
    host, slash, rest = url[8:].partition("/")
    match = re.fullmatch(rf"({_LABEL})\.{re.escape(domain)}", host, re.IGNORECASE)
    if not match:
        raise ValueError(f"{label} links must be on <name>.{domain}, got {url!r}")
    return match.group(1), slash + rest
