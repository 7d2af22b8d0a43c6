"""One sync: each source the campaigns' pledge options name, read campaign by campaign and
merged into each ledger under the rules of `ledger import`; a failing source stops alone."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from pledgekit.ledger import importing
from pledgekit.ledger.importers import ImportResult
from pledgekit.ledger.lock import WAIT_SECONDS
from pledgekit.ledger.store import Changes
from pledgekit.ledger.sync.credentials import credential, without_secrets
from pledgekit.ledger.sync.retry import SourceFailure
from pledgekit.ledger.sync.sources import (
    OfferingSite,
    SyncSettings,
    get_source,
    offers_of,
    source_names,
)
from pledgekit.problems import ContentErrors


@dataclass
class CampaignSync:
    """What one source gave one campaign."""

    campaign: str
    source: str
    changes: Changes
    result: ImportResult  # its rows, what was skipped, notes


@dataclass
class SyncReport:
    synced: list[CampaignSync] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one line each, no secret in any
    sources_read: list[str] = field(default_factory=list)
    unconfigured: dict[str, list[str]] = field(default_factory=dict)  # source -> unset variables


def sync_ledgers(
    validated: OfferingSite,
    content: Path,
    campaigns: list[str],
    settings: SyncSettings,
    now: datetime,
    dry_run: bool,
    sources: list[str] | None = None,
    wait: float = WAIT_SECONDS,
    configured_only: bool = False,
) -> SyncReport:
    """Read each source (all registered ones, or `sources`) for each of `campaigns` whose
    pledge options name its processor, and merge what it gives into the campaign's ledger,
    recording the read at `now` (nothing is written for a dry run). A source that fails
    leaves the ledgers it has not reached as they were and is said in one line; the others
    still run. A campaign whose ledger refuses the rows (a conflict, an unreadable ledger) is
    left as it was, with its problems. With `configured_only` (a scheduled workflow), a source
    whose variables are not set is left out and said, not a failure."""
    secrets = [
        secret
        for name in source_names()
        for variable in get_source(name).secret_variables
        if (secret := credential(settings.environment, variable))
    ]
    settings = replace(
        settings,
        warn=lambda text, warn=settings.warn: warn(without_secrets(text, secrets)),
        now=now,
        campaigns={campaign.slug: campaign for campaign in validated.campaigns},
    )
    offers = offers_of(validated.links)
    report = SyncReport()
    for name in sources or source_names():
        source_class = get_source(name)
        wanted = [offer for offer in offers if offer.processor == source_class.processor]
        reading = [slug for slug in campaigns if any(offer.campaign == slug for offer in wanted)]
        if not reading:
            continue
        unset = [
            variable
            for variable in (
                source_class.secret_variables
                if source_class.required_variables is None
                else source_class.required_variables
            )
            if not credential(settings.environment, variable)
        ]
        if configured_only and unset:
            report.unconfigured[name] = unset
            continue
        report.sources_read.append(name)
        try:
            source = source_class(wanted, settings)
            for slug in reading:
                result = source.read(slug)
                folder = content / "campaigns" / slug
                try:
                    if result.problems:
                        raise ContentErrors(result.problems)
                    changes = importing.merge_under_lock(
                        folder, result.rows, result, name, dry_run, wait, (name, now)
                    )
                except ContentErrors as error:
                    report.failures += [str(problem) for problem in error.problems]
                    continue
                report.synced.append(CampaignSync(slug, name, changes, result))
        except SourceFailure as failure:
            report.failures.append(without_secrets(str(failure), secrets))
    return report
