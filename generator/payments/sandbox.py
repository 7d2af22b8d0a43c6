"""Addresses of processors' test modes and sandboxes, where a backer who pays pays nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

# Hosts that serve only a processor's sandbox or staging copy: what it is, and the live host.
_SANDBOX_HOSTS = {
    "www.sandbox.paypal.com": ("a PayPal sandbox", "www.paypal.com"),
    "sandbox.paypal.com": ("a PayPal sandbox", "www.paypal.com"),
    "staging.opencollective.com": ("an Open Collective staging", "opencollective.com"),
    "staging.every.org": ("an Every.org staging", "www.every.org"),
}
# Stripe Payment Links in test mode differ from live ones only by their path: /test_<token>.
_STRIPE_LINK_HOSTS = ("buy.stripe.com", "donate.stripe.com")


def sandbox_reason(url: str) -> str | None:
    """Why a link takes no real money, said to the creator; None for a live link."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in _STRIPE_LINK_HOSTS and parts.path.startswith("/test_"):
        return (
            "this is a Stripe test-mode link (test_…): backers who follow it pay nothing; "
            "use the live link from the Stripe Dashboard"
        )
    if host in _SANDBOX_HOSTS:
        kind, live = _SANDBOX_HOSTS[host]
        return (
            f"this is {kind} link ({host}): backers who follow it pay nothing; "
            f"use the live link on {live}"
        )
    return None
