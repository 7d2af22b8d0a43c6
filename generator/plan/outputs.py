"""The files the site will have: a page and the template that makes it, a campaign's pages, and
the files of exact text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pledgekit.model.site import SiteConfig
from pledgekit.plan.contract import TEMPLATE_CONTEXT
from pledgekit.plan.views import CampaignView, UpdateView


@dataclass(frozen=True)
class Page:
    """The file being written: where it goes, and the template that makes it."""

    path: str  # the output file, e.g. campaigns/lamp/index.html
    template: str  # the template's name, e.g. campaign.html
    context: dict[str, Any] = field(default_factory=dict, repr=False)  # the page's variables

    def __post_init__(self) -> None:
        # What each template receives is declared once (TEMPLATE_CONTEXT) and documented from
        # there by `pledgekit theme context`: a page that sends anything else is a bug here.
        expected = TEMPLATE_CONTEXT.get(self.template)
        if expected is not None and self.context.keys() != expected.keys():
            raise ValueError(
                f"{self.template} receives {sorted(expected)}, not {sorted(self.context)}"
            )

    @property
    def draft(self) -> bool:
        """Whether the page shows a draft campaign or update (built only with --drafts)."""
        campaign, update = self.context.get("campaign"), self.context.get("update")
        return bool(
            (isinstance(campaign, CampaignView) and campaign.data.draft)
            or (isinstance(update, UpdateView) and update.update.draft)
        )

    @property
    def url_path(self) -> str:
        """The clean address of the page, relative to the site root ('' for the home page)."""
        return self.path.removesuffix("index.html")


def text_files(site: SiteConfig) -> dict[str, str]:
    """Files of exact text: GitHub Pages' switch to turn Jekyll off, and the custom domain."""
    files = {".nojekyll": ""}
    if site.cname:
        files["CNAME"] = site.cname + "\n"
    return files


def campaign_pages(view: CampaignView) -> list[Page]:
    """The campaign page, its updates, an embeddable card, a progress badge, a printable
    poster, the Atom feed of its updates, and the page of its named supporters when it
    shows them."""
    context = {"campaign": view}
    pages = [Page(f"{view.path}index.html", "campaign.html", context)]
    pages += [
        Page(f"{update.path}index.html", "update.html", {**context, "update": update})
        for update in view.updates
    ]
    pages.append(Page(f"{view.path}card/index.html", "card.html", context))
    pages.append(Page(f"{view.path}badge.svg", "badge.svg", context))
    pages.append(Page(f"{view.path}poster/index.html", "poster.html", context))
    pages.append(Page(f"{view.path}feed.xml", "feed.xml", context))
    if view.supporters is not None:
        pages.append(Page(f"{view.path}supporters/index.html", "supporters.html", context))
    return pages
