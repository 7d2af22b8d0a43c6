"""The template contract: what each page template receives, and which pages search engines
should list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pledgekit.plan.views import CampaignView, FeedEntry, Listing, Pagination, UpdateView

# What each page template receives besides what every template gets (see `pledgekit theme
# context`): name -> (type, what it is). Page checks every page it makes against it.
TEMPLATE_CONTEXT: dict[str, dict[str, tuple[Any, str]]] = {
    "index.html": {
        "campaigns": (list[CampaignView], "The campaigns on this page, in index order."),
        "pagination": (Pagination, "Where this page stands among the index pages."),
    },
    "listing.html": {
        "campaigns": (list[CampaignView], "The campaigns on this page, in the listing's order."),
        "pagination": (Pagination, "Where this page stands among the listing's pages."),
        "listing": (Listing, "What is listed: an ordering (ending soon, …), a category or a tag."),
    },
    "categories.html": {
        "kind": (str, "'category' or 'tag': which of the two the page lists."),
        "listings": (list[Listing], "Each category (or tag) with its count, by name."),
    },
    "search.html": {
        "categories": (
            list[Listing],
            "Each category with its count, by name: the page without JS.",
        ),
        "search_index": (str, "The address of this language's search.json, for the script."),
        "plural_samples": (
            dict[str, int],
            "A number of each CLDR plural category of the page's language ('one': 1, 'other': 0"
            ", …): the count messages the script picks from with Intl.PluralRules.",
        ),
    },
    "campaign.html": {"campaign": (CampaignView, "The campaign.")},
    "update.html": {
        "campaign": (CampaignView, "The campaign the update belongs to."),
        "update": (UpdateView, "The update."),
    },
    "supporters.html": {
        "campaign": (
            CampaignView,
            "The campaign, for the page listing every backer who chose to be named "
            "(campaign.supporters).",
        )
    },
    "card.html": {"campaign": (CampaignView, "The campaign, for an embeddable card.")},
    "poster.html": {"campaign": (CampaignView, "The campaign, for a printable poster.")},
    "badge.svg": {"campaign": (CampaignView, "The campaign, for a progress badge.")},
    "feed.xml": {
        "campaign": (CampaignView, "The campaign, for the Atom feed of its updates, newest first.")
    },
    "site_feed.xml": {
        "entries": (
            list[FeedEntry],
            "The listed campaigns' launches and updates, newest first (the 50 newest), for the "
            "site's Atom feed in the page's language.",
        ),
        "updated": (datetime, "The newest entry's date; 1970-01-01 UTC when there is none."),
    },
    "404.html": {
        "root_relative_links": (
            bool,
            "True: `url()` links from the site root, as the page is served at any address.",
        )
    },
    "robots.txt": {},
    "sitemap.xml": {"paths": (list[str], "Every listed page's address, relative to base_url.")},
    "styleguide.html": {
        "campaigns": (
            list[CampaignView],
            "The made-up sample campaign in each state: upcoming, live, funded, successful, "
            "unsuccessful, ended (`pledgekit theme styleguide`).",
        ),
        "campaign": (
            CampaignView,
            "The live sample, whose tiers and stretch goals are in every state.",
        ),
    },
}


# Pages a search engine should list (not the embeddable card, the badge or the 404 page).
LISTED_TEMPLATES = frozenset({"index.html", "campaign.html", "update.html"})
