"""A list read page after page, stopped where a broken or hostile server would have it go on
for ever: a page asked again (its cursor, offset or page number did not move forward) or more
rows than any account lists."""

from __future__ import annotations

from collections.abc import Hashable
from urllib.parse import urlsplit, urlunsplit

from pledgekit.ledger.sync.retry import SourceFailure

# The rows one list may hold (200,000 payments through one Stripe link, donations to one
# Donorbox campaign, contributions to one collective, PayPal transactions of one month,
# sponsors of one account): about the backers of the largest crowdfunding campaigns on record,
# so that no account of a campaign reaches it, while what a list holds in memory stays bounded
# (2,000 pages of 100 Donorbox campaigns take about 460 MB; an endless list of them reached
# 2 GB in 20 s). Read when a list starts, so that a test may lower it to a handful of pages.
MOST_ROWS = 200_000


class Paging:
    """The pages of one list: ask(cursor) before each request, with what the request names
    the page by (Stripe's starting_after, an offset, a page number, a GraphQL cursor)."""

    def __init__(self, source: str, address: str, page_size: int) -> None:
        parts = urlsplit(address)  # without query or user: a key may ride there
        self._address = urlunsplit(
            (parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", "")
        )
        self._source = source
        self._most_pages = max(1, -(-MOST_ROWS // page_size))  # pages of page_size, rounded up
        self._asked: set[Hashable] = set()

    def ask(self, cursor: Hashable) -> None:
        """Record the page named `cursor` as asked; SourceFailure when it was asked before or
        when the list has already given its most pages."""
        read = len(self._asked)
        if cursor in self._asked:
            raise SourceFailure(
                f"{self._source}: {self._address} points back to a page already read "
                f"({read:,} read): not read further"
            )
        if read >= self._most_pages:
            raise SourceFailure(
                f"{self._source}: {self._address} keeps answering more pages ({read:,} read): "
                f"not read further"
            )
        self._asked.add(cursor)
