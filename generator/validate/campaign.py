"""One campaign folder: campaign.yaml, its prose, its updates, the files they refer to."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pledgekit.ledger.totals import ledger_totals
from pledgekit.load.content import DEEP_QUOTE_MESSAGE, CampaignSources, deep_quote_line
from pledgekit.load.front_matter import MarkdownSource
from pledgekit.load.markdown_render import (
    MarkdownRenderer,
    RenderedMarkdown,
    UnsafeMarkdown,
    refused_message,
)
from pledgekit.load.yaml_source import FieldPath, SourceDocument
from pledgekit.model.campaign import Campaign, CampaignFile, Update
from pledgekit.model.exchange import rate_values
from pledgekit.model.site import SiteConfig
from pledgekit.model.types import (
    check_asset_path,
    currency_precision,
    parse_amount,
    parse_currency,
    parse_share,
)
from pledgekit.payments.registry import PledgeLink
from pledgekit.problems import Problem, Severity
from pledgekit.validate.example_text import (
    example_paragraphs,
    example_picture,
    example_values,
)
from pledgekit.validate.files import FileReference, check_references
from pledgekit.validate.messages import validated
from pledgekit.validate.pledges import LinkKey, PledgeOptionChecked, campaign_links
from pledgekit.validate.rates import DatedRateAt, dated_rates
from pledgekit.validate.raw import parsed_or_none, raw, raw_list, text_values
from pledgekit.validate.secrets import scan_folder
from pledgekit.validate.translation import translate_campaign

UPDATE_FILE_NAME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})-([a-z0-9]+(?:-[a-z0-9]+)*)")
UPDATE_PREFIX = "../../"  # update pages sit two folders below their campaign
# Keys of campaign.yaml that are written in files of their own.
_OWN_FILES = ("story", "risks", "updates")


@dataclass
class CampaignResult:
    campaign: Campaign | None = None
    links: dict[LinkKey, list[PledgeLink]] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    translations: dict[str, Campaign] = field(default_factory=dict)  # the site's other languages
    rates: list[DatedRateAt] = field(default_factory=list)  # judged at each build's moment


class _RecordingRenderer:
    """Renders Markdown fields of campaign.yaml and remembers what each one refers to."""

    def __init__(self, render: MarkdownRenderer):
        self.render = render
        self.rendered: list[tuple[str, RenderedMarkdown]] = []

    def __call__(self, text: str) -> str:
        if deep_quote_line(text):  # Python-Markdown would take minutes
            raise ValueError(DEEP_QUOTE_MESSAGE)
        result = self.render.render(text)
        if result.refused:
            raise UnsafeMarkdown(refused_message(result.refused[0]))
        self.rendered.append((text, result))
        return result.html


def _line_of(markdown: MarkdownSource, needle: str) -> int:
    for number, line in enumerate(markdown.body.splitlines(), start=markdown.body_first_line):
        if needle in line:
            return number
    return markdown.body_first_line


def _markdown_file_findings(
    markdown: MarkdownSource, result: RenderedMarkdown
) -> tuple[list[FileReference], list[Problem]]:
    file = markdown.meta.file

    def locate(needle: str):
        return lambda message, severity: Problem(
            file, _line_of(markdown, needle), 1, "", message, severity
        )

    problems = [locate(url)(refused_message(url), Severity.ERROR) for url in result.refused]
    references = [FileReference(name, locate(name)) for name in result.files]
    references += [FileReference(url, locate(url), image=True) for url in result.remote_images]
    return references, problems


def _yaml_references(
    document: SourceDocument, rendered: list[tuple[str, RenderedMarkdown]]
) -> list[FileReference]:
    """Images named in image fields, and files linked from Markdown fields of campaign.yaml."""

    def at(path: FieldPath):
        return lambda message, severity: document.problem(path, message, severity=severity)

    image_paths: list[FieldPath] = [
        ("image", "src"),
        ("creator", "avatar", "src"),
        ("beneficiary", "avatar", "src"),
    ]
    image_paths += [
        ("tiers", index, "image", "src") for index in range(len(raw_list(document.data, "tiers")))
    ]
    references = []
    for path in image_paths:
        src = (
            parsed_or_none(check_asset_path, raw(document.data, *path))
            if isinstance(raw(document.data, *path), str)
            else None
        )
        if src:
            references.append(FileReference(src, at(path), image=True))
    texts = list(text_values(document.data))
    for source_text, result in rendered:
        path = next((p for p, value in texts if value.strip() == source_text), ())
        references += [FileReference(name, at(path)) for name in result.files]
        references += [FileReference(url, at(path), image=True) for url in result.remote_images]
    return references


def _campaign_file(
    document: SourceDocument, context: dict[str, Any]
) -> tuple[CampaignFile | None, list[Problem]]:
    problems = []
    for key in _OWN_FILES:
        if key in document.data:
            message = f"'{key}' is written in its own file (story.md, risks.md, updates/)"
            problems.append(document.problem((key,), message, at_key=True))
    # Those keys are reported above, once, rather than as unknown.
    data = {key: value for key, value in document.data.items() if key not in _OWN_FILES}
    campaign, found = validated(CampaignFile, data, document, context=context)
    return campaign, problems + found


def _prose(
    sources: CampaignSources, render: MarkdownRenderer
) -> tuple[dict[str, str], list[FileReference], list[Problem]]:
    """story.md (required) and risks.md, as safe HTML."""
    prose: dict[str, str] = {}
    references: list[FileReference] = []
    problems: list[Problem] = []
    for key in ("story", "risks"):
        markdown = getattr(sources, key)
        if markdown is None:
            # A story.md that could not be read (too large, a link outside) was reported then.
            if key == "story" and not os.path.lexists(sources.folder / "story.md"):
                story_file = str(Path(sources.campaign.file).with_name("story.md"))
                message = "file not found: every campaign tells its story in story.md"
                problems.append(Problem(story_file, 1, 1, "", message))
            continue
        if markdown.meta.data:
            message = f"front matter in {key}.md is not used; the fields belong in campaign.yaml"
            problems.append(markdown.meta.problem((), message, severity=Severity.WARNING))
        result = render.render(markdown.body)
        found_references, found = _markdown_file_findings(markdown, result)
        references += found_references
        problems += found
        prose[key] = result.html
    return prose, references, problems


def _updates(
    sources: CampaignSources, context: dict[str, Any], render: MarkdownRenderer
) -> tuple[list[Update], list[FileReference], list[Problem]]:
    updates: list[Update] = []
    references: list[FileReference] = []
    problems: list[Problem] = []
    first_file: dict[str, str] = {}
    for stem, markdown in sources.updates:
        document = markdown.meta
        match = UPDATE_FILE_NAME.fullmatch(stem)
        if not match:
            message = (
                "update files are named YYYY-MM-DD-<slug>.md, e.g. 2026-11-02-first-prototype.md"
            )
            problems.append(Problem(document.file, 1, 1, "", message))
            continue
        slug = match.group(2)
        if slug in first_file:
            message = (
                f"another update already uses the address '{slug}' ({first_file[slug]}); rename one"
            )
            problems.append(Problem(document.file, 1, 1, "", message))
            continue
        first_file[slug] = Path(document.file).name
        if document.data is None:
            continue
        for key in ("slug", "body"):
            if key in document.data:
                where = "the file name" if key == "slug" else "the text below the front matter"
                message = f"'{key}' is taken from {where}; remove it here"
                problems.append(
                    document.problem((key,), message, at_key=True, severity=Severity.WARNING)
                )
        result = render.render(markdown.body, asset_prefix=UPDATE_PREFIX)
        found_references, found = _markdown_file_findings(markdown, result)
        references += found_references
        problems += found
        data = {"date": match.group(1), **document.data, "slug": slug, "body": result.html}
        update, found = validated(Update, data, document, context=context)
        problems += found
        if update is not None:
            updates.append(update)
    return updates, references, problems


def _example_text(sources: CampaignSources) -> list[Problem]:
    """Example text left from `pledgekit init` or `new`, except in drafts (which are not
    published, so they may hold it while being written)."""
    data = sources.campaign.data if isinstance(sources.campaign.data, dict) else {}
    if data.get("draft") is True:
        return []
    tiers = data.get("tiers") if isinstance(data.get("tiers"), list) else []
    drafts = tuple(
        f"tiers[{index}]"
        for index, tier in enumerate(tiers)
        if isinstance(tier, dict) and tier.get("draft") is True
    )
    problems = [
        problem
        for problem in example_values(sources.campaign)
        if not (drafts and problem.field.startswith(drafts))
    ]
    problems += example_picture(sources.campaign, sources.folder)
    updates = [update for _, update in sources.updates]
    for markdown in [sources.story, sources.risks, *updates]:
        meta = markdown.meta.data if markdown is not None else None
        if markdown is not None and not (isinstance(meta, dict) and meta.get("draft") is True):
            problems += example_values(markdown.meta) + example_paragraphs(markdown)
    return problems


def _duplicate_tier_ids(document: SourceDocument) -> list[Problem]:
    problems = []
    first_use: dict[str, int] = {}
    for index, tier in enumerate(raw_list(document.data, "tiers")):
        tier_id = raw(tier, "id")
        if not isinstance(tier_id, str):
            continue
        if tier_id in first_use:
            message = f"duplicate tier id '{tier_id}' (first used by tiers[{first_use[tier_id]}])"
            problems.append(document.problem(("tiers", index, "id"), message))
        first_use.setdefault(tier_id, index)
    return problems


def _amount_paths(data: Any) -> list[FieldPath]:
    paths: list[FieldPath] = [
        ("goal",),
        ("monthly_goal",),
        ("totals", "raised"),
        ("totals", "monthly"),
        ("open_pledge", "minimum"),
        ("matching", "cap"),
        ("matching", "used"),
    ]
    for key, field_name in (("tiers", "amount"), ("stretch_goals", "amount"), ("budget", "amount")):
        paths += [(key, index, field_name) for index in range(len(raw_list(data, key)))]
    paths += [
        ("open_pledge", "suggested", index)
        for index in range(len(raw_list(data, "open_pledge", "suggested")))
    ]
    return paths


def _amount_problems(document: SourceDocument, site: SiteConfig) -> list[Problem]:
    """Amounts may not have more decimals than their currency (none for JPY, three for KWD)."""
    currency = parsed_or_none(parse_currency, raw(document.data, "currency")) or site.currency
    places = currency_precision(currency)
    problems = []
    for path in _amount_paths(document.data):
        amount = parsed_or_none(parse_amount, raw(document.data, *path))
        if amount is not None and -amount.as_tuple().exponent > places:
            unit = "no decimal places" if places == 0 else f"at most {places} decimal places"
            problems.append(document.problem(path, f"{currency} amounts have {unit}, got {amount}"))
    return problems


def _budget_problems(document: SourceDocument) -> list[Problem]:
    shares = [
        _share(raw(line, "share"))
        for line in raw_list(document.data, "budget")
        if raw(line, "share") is not None
    ]
    total = sum((share for share in shares if share is not None and share.is_finite()), Decimal(0))
    if total > 100:
        return [document.problem(("budget",), f"budget shares add up to {total}%, more than 100%")]
    return []


def _share(value: Any) -> Decimal | None:
    """A budget line's share as a number, or None when it is not a valid one (`share: lots`,
    `share: 1e5000`: the model says so, at the line)."""
    return parsed_or_none(parse_share, value)


def _matching_problems(document: SourceDocument, data: CampaignFile, ledger: bool) -> list[Problem]:
    """A match that never runs, or whose use pledgekit cannot work out honestly."""
    matching = data.matching
    if matching is None:
        return []
    problems = []
    if matching.until and matching.until <= data.start:
        message = f"must be after the campaign's start ({data.start.isoformat()})"
        problems.append(document.problem(("matching", "until"), message))
    if matching.starts and matching.starts >= data.end:
        message = f"must be before the campaign's end ({data.end.isoformat()})"
        problems.append(document.problem(("matching", "from"), message))
    totals = data.totals
    if ledger or matching.used is not None or totals is None or not totals.raised:
        return problems  # dated gifts, a figure given, or nothing raised: nothing matched yet
    # Without a ledger, the gifts have no dates: only totals.raised, counted at totals.updated.
    if matching.starts:
        message = (
            "without a ledger.csv, pledgekit cannot tell which gifts came after this moment: "
            "give `used`, how much of the match is used (or leave `from` out)"
        )
        problems.append(document.problem(("matching", "from"), message))
    elif matching.until and totals.updated > matching.until:
        message = (
            "the totals were counted after the match ended, so they hold gifts it does not "
            "match: give `used`, how much of the match was used"
        )
        problems.append(document.problem(("matching", "until"), message))
    return problems


def _ledger_problems(sources: CampaignSources, data: CampaignFile, currency: str) -> list[Problem]:
    """What in the ledger will not be counted, said once at build time."""
    if not sources.ledger:
        return []
    tier_ids = {tier.id for tier in data.tiers}
    totals = ledger_totals(sources.ledger, currency, rate_values(data.exchange_rates))

    def warn(message: str) -> Problem:
        return Problem(sources.ledger_file, 1, 1, "", message, Severity.WARNING)

    problems = [
        warn(
            f"payments in {other} ({amount:f}) are not counted: the campaign is in {currency}"
            " (give a rate under exchange_rates to count them)"
        )
        for other, amount in sorted(totals.other_currencies.items())
    ]
    problems += [
        warn(
            f"refund {row.transaction_id} is of payment {row.refers_to}, which no imported export holds"
        )
        for row in totals.orphan_refunds
    ]
    unknown = sorted({row.tier for row in sources.ledger if row.tier and row.tier not in tier_ids})
    problems += [
        warn(f"payments name the tier '{tier}', which campaign.yaml does not have")
        for tier in unknown
    ]
    return problems


def validate_campaign(
    sources: CampaignSources,
    site: SiteConfig,
    defaults: list[PledgeOptionChecked],
    render: MarkdownRenderer,
) -> CampaignResult:
    """Everything about one campaign: its model, pledge links, files to publish, problems."""
    # The campaign folder is campaigns/<slug> in the site: names are shown from the site's.
    secrets = scan_folder(sources.folder, sources.folder.parent.parent)
    document = sources.campaign
    if document.data is None:
        return CampaignResult(problems=secrets)
    yaml_markdown = _RecordingRenderer(render)
    context = {"timezone": site.timezone, "render_markdown": yaml_markdown}
    data, problems = _campaign_file(document, context)
    prose, prose_references, found = _prose(sources, render)
    problems += found
    updates, update_references, found = _updates(sources, context, render)
    problems += found
    references = (
        _yaml_references(document, yaml_markdown.rendered) + prose_references + update_references
    )
    files, found = check_references(references, sources.folder)
    problems += found
    problems += _duplicate_tier_ids(document)
    problems += _example_text(sources)
    problems += _amount_problems(document, site)
    problems += _budget_problems(document)
    links, found = campaign_links(sources.slug, document, site, defaults)
    problems += found + secrets
    if data is None:
        return CampaignResult(problems=problems)
    problems += _ledger_problems(sources, data, data.currency or site.currency)
    problems += _matching_problems(document, data, bool(sources.ledger))
    language = data.language or site.language
    campaign = Campaign(
        slug=sources.slug,
        source=data,
        currency=data.currency or site.currency,
        fees=site.fees,
        story=prose.get("story", ""),
        risks=prose.get("risks", ""),
        updates=tuple(sorted(updates, key=lambda update: update.date, reverse=True)),
        language=language,
        original_language=language,
    )
    translations, more_files, found = _translations(sources, campaign, site, context, render)
    return CampaignResult(
        campaign,
        links,
        {**files, **more_files},
        problems + found,
        translations,
        dated_rates(document, data),
    )


def _translations(
    sources: CampaignSources,
    campaign: Campaign,
    site: SiteConfig,
    context: dict[str, Any],
    render: MarkdownRenderer,
) -> tuple[dict[str, Campaign], dict[str, Path], list[Problem]]:
    """The campaign in each of the site's languages other than its own, and the files its
    translated Markdown refers to."""
    problems: list[Problem] = []
    languages = {language.lower(): language for language in site.all_languages}
    for language, translation in sources.translations.items():
        files = [
            translation.campaign,
            *(m.meta for m in (translation.story, translation.risks) if m),
        ]
        files += [markdown.meta for markdown in translation.updates.values()]
        if language.lower() == campaign.language.lower():
            message = (
                f"this is in the campaign's own language ({campaign.language}): it is not used"
            )
        elif language.lower() not in languages:
            known = ", ".join(site.all_languages)
            message = (
                f"'{language}' is not one of the site's languages ({known}): add it to "
                "`languages` in site.yaml, or this translation is not published"
            )
        else:
            continue
        problems += [
            Problem(document.file, 1, 1, "", message, Severity.WARNING)
            for document in files
            if document is not None
        ]
    update_stems = {
        match.group(2): stem
        for stem, _ in sources.updates
        if (match := UPDATE_FILE_NAME.fullmatch(stem))
    }
    translated: dict[str, Campaign] = {}
    references: list[FileReference] = []
    for language in site.all_languages:
        if language.lower() == campaign.language.lower():
            continue
        given = next(
            (t for tag, t in sources.translations.items() if tag.lower() == language.lower()),
            None,
        )
        result = translate_campaign(campaign, language, given, context, render, update_stems)
        translated[language] = result.campaign
        problems += result.problems
        for markdown, rendered in result.markdown:
            found_references, found = _markdown_file_findings(markdown, rendered)
            references += found_references
            problems += found
    files, found = check_references(references, sources.folder)
    return translated, files, problems + found
