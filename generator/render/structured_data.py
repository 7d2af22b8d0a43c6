"""What a page says about itself to the machines that read links: JSON-LD (schema.org) for
search engines, and the Open Graph locale that chat apps and social networks read.

A campaign page describes a schema.org Project: who runs it (`founder`), the money it seeks
(`seeks`, a Demand for the goal in its currency), its reward tiers (`makesOffer`) and the way
to give (`potentialAction`, a DonateAction). An update is a BlogPosting of that project; every
other page a WebPage of the WebSite.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from babel.core import get_global
from markupsafe import Markup

from pledgekit.model.campaign import Person
from pledgekit.model.site import SiteConfig
from pledgekit.model.state import TierAvailability
from pledgekit.plan.outputs import Page
from pledgekit.plan.views import CampaignView, UpdateView

SCHEMA = "https://schema.org"
# Tier availability as schema.org's ItemAvailability names it.
AVAILABILITY = {
    TierAvailability.AVAILABLE: "InStock",
    TierAvailability.SOLD_OUT: "SoldOut",
    TierAvailability.NOT_YET_OPEN: "PreSale",
    TierAvailability.CAMPAIGN_UPCOMING: "PreSale",
    TierAvailability.CLOSED: "Discontinued",
    TierAvailability.CAMPAIGN_ENDED: "Discontinued",
}
Absolute = Callable[[str], str]  # a site path -> its public https address


def og_locale(language: str) -> str:
    """Open Graph's language_TERRITORY: 'fr' -> 'fr_FR', 'pt-BR' -> 'pt_BR', 'ar' -> 'ar_EG'
    (the territory CLDR finds likeliest, when the tag names none)."""
    parts = language.replace("-", "_").split("_")
    territory = next((part.upper() for part in parts[1:] if len(part) == 2), None)
    if territory is None:
        likely = get_global("likely_subtags").get(parts[0].lower(), "")
        territory = next((p for p in likely.split("_")[1:] if len(p) == 2), None)
    return f"{parts[0].lower()}_{territory}" if territory else parts[0].lower()


def script(data: dict[str, Any]) -> Markup:
    """A <script type="application/ld+json"> that no text in `data` can end early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None)
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escaped)
    return Markup('<script type="application/ld+json">{}</script>').format(Markup(text))


def website(site: SiteConfig, home: str, language: str) -> dict[str, Any]:
    return {
        "@type": "WebSite",
        "@id": home + "#website",
        "url": home,
        "name": site.title,
        "description": site.description or None,
        "inLanguage": language,
    }


def page_data(
    page: Page, site: SiteConfig, absolute: Absolute, home_path: str, language: str
) -> dict[str, Any]:
    """The JSON-LD of any page: its campaign, update, or itself within the site."""
    home, url = absolute(home_path), absolute(page.url_path)
    campaign, update = page.context.get("campaign"), page.context.get("update")
    if isinstance(update, UpdateView) and isinstance(campaign, CampaignView):
        main = blog_posting(campaign, update, absolute, language)
    elif isinstance(campaign, CampaignView) and page.template == "campaign.html":
        main = web_page(url, home, language, project(campaign, absolute, language))
    elif page.url_path == home_path:
        main = website(site, home, language)
    else:
        main = web_page(url, home, language, None)
    graph = [main] if main["@type"] == "WebSite" else [main, website(site, home, language)]
    return {"@context": SCHEMA, "@graph": [_pruned(node) for node in graph]}


def web_page(url: str, home: str, language: str, about: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "inLanguage": language,
        "isPartOf": {"@id": home + "#website"},
        "mainEntity": about,
    }


def project(view: CampaignView, absolute: Absolute, language: str) -> dict[str, Any]:
    data = view.data
    url = absolute(view.path)
    organiser = _person(data.creator, data.organisation.legal_name if data.organisation else "")
    offers = [
        {
            "@type": "Offer",
            "name": tier.tier.title,
            "price": _amount(tier.tier.amount),
            "priceCurrency": view.currency,
            "availability": SCHEMA + "/" + AVAILABILITY[tier.availability],
            "url": f"{url}#{tier.anchor}",
        }
        for tier in view.tiers
        if not tier.tier.draft
    ]
    return {
        "@type": "Project",
        "@id": url + "#campaign",
        "name": data.title,
        "description": data.tagline,
        "url": url,
        "image": _image(view, absolute),
        "inLanguage": language,
        "founder": organiser,
        "keywords": ", ".join(data.tags) or None,
        "seeks": {
            "@type": "Demand",
            "name": "funding goal",
            "priceSpecification": {
                "@type": "PriceSpecification",
                "price": _amount(data.goal),
                "priceCurrency": view.currency,
            },
            "availabilityStarts": data.start.isoformat(),
            "availabilityEnds": data.end.isoformat(),
        }
        if data.goal is not None  # a campaign with only a monthly goal seeks no one sum
        else None,
        "makesOffer": offers or None,
        "potentialAction": {
            "@type": "DonateAction",
            "target": url,
            "recipient": organiser,
        },
    }


def blog_posting(
    view: CampaignView, update: UpdateView, absolute: Absolute, language: str
) -> dict[str, Any]:
    url = absolute(update.path)
    post = update.update
    return {
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "headline": post.title,
        "description": post.summary or None,
        "datePublished": post.date.isoformat(),
        "inLanguage": language,
        "author": {"@type": "Person", "name": post.author}
        if post.author
        else _person(view.data.creator, ""),
        "image": _image(view, absolute),
        "isPartOf": {"@id": absolute(view.path) + "#campaign", "name": view.data.title},
    }


def _image(view: CampaignView, absolute: Absolute) -> dict[str, Any]:
    """The campaign's social card: a 1200×630 PNG, which every reader of JSON-LD can show."""
    return {
        "@type": "ImageObject",
        "url": absolute(view.path + "social-card.png"),
        "width": 1200,
        "height": 630,
    }


def _person(person: Person, organisation: str) -> dict[str, Any]:
    """The organiser: an Organization when the campaign names its registered organisation."""
    return {
        "@type": "Organization" if organisation else "Person",
        "name": person.name,
        "legalName": organisation or None,
        "sameAs": [link.url for link in person.links] or None,
        "address": person.location or None,
    }


def _amount(value: Decimal) -> str:
    """A plain decimal number as schema.org wants it: '49', '12.50', never '1E+3'."""
    return format(value, "f")


def _pruned(value: Any) -> Any:
    """Without the empty fields: a missing property says less than an empty one."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_pruned(item) for item in value]
    return value
