"""The figures a campaign publishes as JSON, for a script or another site to read."""

from __future__ import annotations

from typing import Any

from pledgekit.plan.views import CampaignView


def totals_data(view: CampaignView) -> dict[str, Any]:
    """The public JSON a script or another site can read: exact decimal strings, ISO dates;
    `as_of`, when the figures were last known true (the oldest of the `sources`' reads, else
    `updated`), and each source's own; what other currencies `raised` counts, and at which
    dated rate (`converted`)."""
    updated, as_of = view.totals.updated, view.totals.as_of
    return {
        "campaign": view.slug,
        "raised": str(view.totals.raised),
        "pending": str(view.totals.pending),
        "goal": str(view.data.goal) if view.data.goal is not None else None,
        "currency": view.currency,
        "percent": view.percent,
        "backers": view.totals.backers,
        "state": view.state.value,
        "start": view.data.start.isoformat(),
        "end": view.data.end.isoformat(),
        "updated": updated.isoformat() if updated else None,
        "as_of": as_of.isoformat() if as_of else None,
        "sources": {
            name: {"as_of": read.isoformat()} for name, read in sorted(view.totals.sources.items())
        },
        # what comes in a month now ("€420 a month from 38 donors"); none without monthly giving
        "monthly": (
            {
                "amount": str(view.monthly.amount),
                "goal": str(view.monthly.goal) if view.monthly.goal is not None else None,
                "donors": view.monthly.donors,
            }
            if view.monthly
            else None
        ),
        # payments in other currencies that `raised` counts: how much, and at which dated rate
        "converted": {
            conversion.currency: {
                "amount": str(conversion.amount),
                "counted": str(conversion.counted),
                "rate": str(conversion.rate),
                "rate_date": conversion.date.isoformat(),
            }
            for conversion in view.totals.converted
        },
        # gross: `raised` counts what backers paid; net: less the fees processors kept
        "fees": "net" if view.totals.net_of_fees else "gross",
    }
