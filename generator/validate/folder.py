"""A content folder loaded and validated without a theme or pages, for the commands that need
the content only (ledger, advice)."""

from __future__ import annotations

from pathlib import Path

from pledgekit.load.content import load_campaigns, load_site
from pledgekit.validate import ValidatedSite, validate
from pledgekit.validate.secrets import site_secrets
from pledgekit.validate.svg import static_svg_problems


def validated_site(source: Path, strict: bool = False) -> ValidatedSite:
    """Load and validate without a theme or pages: for commands that need the content only."""
    site_document, site_problems = load_site(source)
    campaigns, campaign_problems = load_campaigns(source)
    site_problems += site_secrets(source) + static_svg_problems(source)
    return validate(site_document, campaigns, strict, site_problems + campaign_problems)
