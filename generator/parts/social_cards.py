"""A campaign's social card (its og:image) in each language, as its pages say it: kept in the
build cache under the digest of what it shows, so a campaign rendered again (a day less to go)
draws a card anew only when its title or totals changed."""

from __future__ import annotations

import functools

import jinja2

from pledgekit.cache import BuildCache
from pledgekit.plan.views import CampaignView
from pledgekit.render.social_card import (
    CardFonts,
    SocialCard,
    card_colours,
    card_fonts,
    draw_card,
)
from pledgekit.render.themes import Theme

SOCIAL_CARD = "social-card.png"  # beside each language's campaign page (its og:image)

# The words of the campaign card and its stats ("by %(name)s", "of %(goal)s goal"), said by
# the theme's catalogs as a page says them: one small template per environment.
CARD_WORDING = "{% autoescape false %}{{ _(message, **variables) }}{% endautoescape %}"


def social_card(
    view: CampaignView,
    environment: jinja2.Environment,
    theme: Theme,
    fonts: CardFonts,
    wording: jinja2.Template | None = None,
) -> SocialCard:
    """The campaign's social card in the language of `environment`, as its pages say it;
    `wording`: CARD_WORDING compiled by `environment` (compiled here when not given)."""
    wording = wording or environment.from_string(CARD_WORDING)

    def said(message: str, **variables: str) -> str:
        return wording.render(message=message, variables=variables)

    money = environment.filters["money"]
    language = environment.globals["language"]
    raised = money(view.totals.raised, view.currency)
    if view.data.goal is not None:
        goal = said("of %(goal)s goal", goal=money(view.data.goal, view.currency))
    else:  # only a monthly goal: "€420 a month" "of €600", as components/monthly.html says it
        monthly = view.monthly.amount if view.monthly else 0
        raised = said("%(amount)s a month", amount=money(monthly, view.currency))
        goal = said("of %(goal)s", goal=money(view.data.monthly_goal, view.currency))
    return SocialCard(
        title=view.data.title,
        byline=said("by %(name)s", name=view.data.creator.name),
        raised=raised,
        goal=goal,
        percent=view.percent,
        percent_text=environment.filters["percent"](view.percent),
        direction=environment.globals["text_direction"],
        language=language,
        colours=card_colours(theme.options_in(language)),
        fonts=fonts,
    )


def card_png(cache: BuildCache, card: SocialCard) -> bytes:
    """The card as PNG: drawn by an earlier build when it showed the same, else drawn now."""
    key = card.key
    drawn = cache.image(key)
    if drawn is None:
        drawn = draw_card(card)
        cache.put_image(key, drawn)
    return drawn


@functools.lru_cache(maxsize=4)
def theme_card_fonts(theme: Theme | None) -> CardFonts:
    """The social card's fonts, looked up once per build (each build loads its theme anew)."""
    return card_fonts(theme.chain if theme is not None else ())
