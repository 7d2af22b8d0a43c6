"""Turn loaded content into validated models, collecting every problem with its position."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pledgekit.ledger.rows import LedgerRow
from pledgekit.load.content import CampaignSources
from pledgekit.load.markdown_render import MarkdownRenderer
from pledgekit.load.yaml_source import SourceDocument
from pledgekit.model.campaign import Campaign
from pledgekit.model.site import SiteConfig
from pledgekit.payments.registry import PledgeLink
from pledgekit.problems import ContentErrors, Problem, Severity
from pledgekit.validate.campaign import validate_campaign
from pledgekit.validate.pledges import LinkKey
from pledgekit.validate.site import validate_site_config

__all__ = ["LinkKey", "ValidatedSite", "validate"]


@dataclass
class ValidatedSite:
    config: SiteConfig
    campaigns: list[Campaign]
    links: dict[LinkKey, list[PledgeLink]]
    files: dict[str, dict[str, Path]]  # campaign slug -> name in its folder -> file to publish
    ledgers: dict[str, list[LedgerRow]]  # campaign slug -> payments imported from exports
    warnings: list[Problem] = field(default_factory=list)


def validate(
    site_document: SourceDocument,
    campaign_sources: list[CampaignSources],
    strict: bool = False,
    problems: list[Problem] | None = None,
) -> ValidatedSite:
    """Validate everything; raise ContentErrors listing every problem when any is an error.

    Campaigns are checked even when site.yaml has errors, so that one run reports them all.
    """
    problems = list(problems or [])
    config, usable_config, defaults, found = validate_site_config(site_document)
    problems += found
    render = MarkdownRenderer(trust_html=usable_config.trust_html)
    campaigns: list[Campaign] = []
    links: dict[LinkKey, list[PledgeLink]] = {}
    files: dict[str, dict[str, Path]] = {}
    ledgers = {sources.slug: sources.ledger for sources in campaign_sources if sources.ledger}
    for sources in campaign_sources:
        result = validate_campaign(sources, usable_config, defaults, render)
        problems += result.problems
        links.update(result.links)
        files[sources.slug] = result.files
        if result.campaign is not None:
            campaigns.append(result.campaign)
    if strict:
        problems = [replace(problem, severity=Severity.ERROR) for problem in problems]
    if config is None or any(problem.severity is Severity.ERROR for problem in problems):
        raise ContentErrors(problems)
    return ValidatedSite(config, campaigns, links, files, ledgers, warnings=sorted(problems))
