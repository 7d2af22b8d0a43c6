"""How campaigns are listed: the home page's order and the other orderings, and the pages of
a list with their pagination."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pledgekit.model.state import CampaignState
from pledgekit.plan.outputs import Page
from pledgekit.plan.views import CampaignView

_STATE_ORDER = {
    CampaignState.LIVE: 0,
    CampaignState.FUNDED: 0,
    CampaignState.UPCOMING: 1,
    CampaignState.SUCCESSFUL: 2,
    CampaignState.ENDED: 2,
    CampaignState.UNSUCCESSFUL: 2,
}


def index_order(view: CampaignView) -> tuple:
    """Live campaigns ending soonest first, then upcoming ones, then the most recently ended."""
    group = _STATE_ORDER[view.state]
    moment = view.data.start if group == 1 else view.data.end
    timestamp = moment.timestamp() if group < 2 else -moment.timestamp()
    return (group, timestamp, view.slug)


@dataclass(frozen=True)
class IndexPage:
    """One page of the campaign list: where it goes and which campaigns (by position) it shows."""

    path: str
    pagination: dict[str, Any]
    first: int
    last: int  # one past the last campaign shown

    def page(self, views: list[CampaignView]) -> Page:
        return Page(self.path, "index.html", {"campaigns": views, "pagination": self.pagination})


def page_window(number: int, count: int, around: int = 2) -> list[int | None]:
    """Page numbers to link from page `number`: the first, the last, and `around` either side;
    None where numbers are left out (1 … 4 5 6 7 8 … 834)."""
    shown = sorted({1, count, *range(max(number - around, 1), min(number + around, count) + 1)})
    window: list[int | None] = []
    for previous, current in zip([0, *shown], shown, strict=False):
        if current - previous > 1:
            window.append(None)
        window.append(current)
    return window


def index_layout(count: int, per_page: int, prefix: str = "") -> list[IndexPage]:
    """The home page and page/2/, page/3/, … for `count` campaigns in index order, under
    `prefix` (a language's folder, 'fr/')."""
    pages_count = max(math.ceil(count / per_page), 1)
    paths = [f"{prefix}index.html"]
    paths += [f"{prefix}page/{number}/index.html" for number in range(2, pages_count + 1)]
    urls = [path.removesuffix("index.html") for path in paths]
    layout = []
    for number in range(1, pages_count + 1):
        pagination = {
            "number": number,
            "count": pages_count,
            "previous": urls[number - 2] if number > 1 else None,
            "next": urls[number] if number < pages_count else None,
            "pages": [
                {"number": n, "url": urls[n - 1] if n else None}
                for n in page_window(number, pages_count)
            ],
        }
        first = (number - 1) * per_page
        layout.append(IndexPage(paths[number - 1], pagination, first, min(first + per_page, count)))
    return layout


def ending_soon_order(view: CampaignView) -> tuple | None:
    """The campaigns open for pledges, the soonest to close first; the others are left out."""
    if not view.state.accepts_pledges:
        return None
    return (view.data.end.timestamp(), view.slug)


def most_funded_order(view: CampaignView) -> tuple | None:
    """The campaigns that have opened, those still open first, each group by the share of its
    goal raised, highest first (a share compares campaigns in different currencies)."""
    if view.state is CampaignState.UPCOMING:
        return None
    return (0 if view.state.accepts_pledges else 1, -view.percent, view.slug)


def newest_order(view: CampaignView) -> tuple | None:
    """The campaigns that have opened, the most recently opened first (upcoming ones are on
    the home page)."""
    if view.state is CampaignState.UPCOMING:
        return None
    return (-view.data.start.timestamp(), view.slug)


# The orderings besides the home page's, each at <prefix><name>/: name -> the sort key of a
# campaign in it, None for a campaign it leaves out.
ORDERINGS: dict[str, Callable[[CampaignView], tuple | None]] = {
    "ending-soon": ending_soon_order,
    "most-funded": most_funded_order,
    "newest": newest_order,
}
