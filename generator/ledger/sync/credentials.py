"""Credentials for the sources, from the environment only, and text cleared of them before
anything is said: a key is never written to a file, a log, a message or the output."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# What Stripe-style keys look like, whole or masked as Stripe's own messages show them
# (rk_live_*****ABCD): said as "…" whatever key it is, ours or another.
_KEY_LIKE = re.compile(r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9*]+")
# An e-mail address, which a server's words (an error echoing a payer, a login, the start of
# a page) may hold: pledgekit says none, whoever's it is.
_EMAIL_LIKE = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
HIDDEN = "[hidden]"


def credential(environment: Mapping[str, str], variable: str) -> str | None:
    """The credential in `variable`, without surrounding blanks; None when unset or blank."""
    value = environment.get(variable, "").strip()
    return value or None


def without_secrets(text: str, secrets: Iterable[str]) -> str:
    """`text` with each secret, and anything shaped like a processor key or an e-mail
    address, hidden."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, HIDDEN)
    return _EMAIL_LIKE.sub(HIDDEN, _KEY_LIKE.sub(HIDDEN, text))


def one_line(text: str, limit: int = 300) -> str:
    """A server's message as one line of at most `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
