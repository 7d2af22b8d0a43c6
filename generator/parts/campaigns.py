"""Every campaign of the site as a part: kept as the last build made it when nothing it is made
from changed, else validated and rendered by a worker; and what the next build needs of them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from pledgekit.cache import CacheState, OutputRecord
from pledgekit.digests import folder_digests
from pledgekit.parallel import Workers
from pledgekit.parts.campaign import (
    CampaignFacts,
    CampaignOutcome,
    CampaignRecord,
    CampaignTask,
    build_campaign,
    kept,
)
from pledgekit.parts.secret_scan import part_placer
from pledgekit.write import OutputGeneration


def campaign_parts(
    workers: Workers,
    folders: dict[str, Path],
    state: CacheState,
    generation: OutputGeneration | None,
    changed: Collection[Path] | None,
    done: Callable[[CampaignOutcome], None] = lambda outcome: None,
) -> list[CampaignOutcome]:
    """Every campaign: kept as the last build made it when nothing it is made from changed
    (found here, with a stat per file), else validated and rendered by a worker. `done` is
    told of each, as it is done.

    `changed` (from a file watcher) spares the stat of folders that hold none of its paths.
    """
    context = workers.context
    touched = _campaigns_holding(changed or (), context.source)
    outcomes: list[CampaignOutcome] = []

    def to_render() -> Iterator[CampaignTask]:  # runs while workers render what it gave
        for slug, folder in folders.items():
            known = state.digests.get(f"campaign:{slug}", {})
            unchanged = changed is not None and slug not in touched
            task = CampaignTask(
                slug,
                folder,
                known if unchanged else folder_digests(folder, known),
                state.records.get(f"campaign:{slug}"),
                part_placer(
                    generation, f"campaign:{slug}", context.source, context.cache.folder, folder
                ),
            )
            outcome = kept(context, task, unchanged)
            if outcome is None:
                yield task
            else:
                outcomes.append(outcome)
                done(outcome)

    site_keys = (context.content_key, context.page_key)
    for outcome in workers.map(build_campaign, to_render()):
        _share_site_keys(outcome.record, site_keys)
        outcomes.append(outcome)
        done(outcome)
    return outcomes


def _share_site_keys(record: CampaignRecord | None, site_keys: tuple[str, str]) -> None:
    """One tuple of site keys for all the records, not one each (in memory and in the cache)."""
    if record and record.facts.site_keys == site_keys and record.facts.site_keys is not site_keys:
        record.facts = replace(record.facts, site_keys=site_keys)


def _campaigns_holding(paths: Collection[Path], source: Path) -> set[str]:
    """The campaigns whose folders hold any of `paths`."""
    root = (source / "campaigns").resolve()
    slugs = set()
    for path in paths:
        path = Path(path).resolve()
        if root in path.parents:
            slugs.add(path.relative_to(root).parts[0])
    return slugs


def remember(
    state: CacheState, outcomes: list[CampaignOutcome], parts: dict[str, OutputRecord[Any]]
) -> None:
    """What the next build needs: what each part made, and the campaign folders' digests."""
    state.records = parts
    state.digests.update({f"campaign:{outcome.slug}": outcome.digests for outcome in outcomes})
    for key in [key for key in state.digests if key.startswith("campaign:") and key not in parts]:
        del state.digests[key]


def content_keys(parts: dict[str, OutputRecord[Any]]) -> set[str]:
    """The validated campaigns the campaigns among `parts` were made from."""
    facts = (record.facts for record in parts.values())
    return {fact.content_key for fact in facts if isinstance(fact, CampaignFacts)} - {""}
