"""Pledge links: each option checked by its processor, then one link per tier and processor."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from pledgekit.load.yaml_source import FieldPath, SourceDocument
from pledgekit.model.site import SiteConfig
from pledgekit.model.types import parse_amount, parse_currency
from pledgekit.payments.registry import (
    PledgeLink,
    PledgeRequest,
    Processor,
    get_processor,
    processor_names,
)
from pledgekit.problems import Problem, Severity
from pledgekit.validate.messages import validated
from pledgekit.validate.raw import parsed_or_none, raw, raw_list

# Where a tier's or an open pledge's links are kept: (campaign slug, tier id or None).
LinkKey = tuple[str, str | None]


@dataclass(frozen=True)
class PledgeOptionChecked:
    """A processor entry whose keys its processor has accepted."""

    processor: Processor
    options: Any
    document: SourceDocument
    path: FieldPath


def check_pledge_options(
    options: list[Any], document: SourceDocument, path: FieldPath, published: bool = True
) -> tuple[list[PledgeOptionChecked], list[Problem]]:
    """Validate each `{processor: …, …}` entry with its processor's own options model; when
    the entries are `published` (not in a draft), warn of test-mode and sandbox links."""
    checked, problems = [], []
    for index, option in enumerate(options):
        option_path = (*path, index)
        if not isinstance(option, dict) or not isinstance(option.get("processor"), str):
            continue  # the campaign or site model reports the malformed entry
        name = option["processor"]
        processor = get_processor(name)
        if processor is None:
            close = difflib.get_close_matches(name, processor_names(), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            message = f"unknown processor '{name}'{hint}; known: {', '.join(processor_names())}"
            problems.append(document.problem((*option_path, "processor"), message))
            continue
        parsed, found = validated(processor.Options, option, document, option_path)
        problems += found
        if parsed is None:
            continue
        checked.append(PledgeOptionChecked(processor, parsed, document, option_path))
    if published:
        problems += sandbox_warnings(checked)
    return checked, problems


def sandbox_warnings(options: list[PledgeOptionChecked]) -> list[Problem]:
    """A warning for each link to a processor's test mode or sandbox, where backers pay
    nothing. A warning, not an error, so that a site can be tried out with such links; under
    --strict (as a site should be published) it stops the build.

    Validation does not know the moment of the build (its results are kept between builds),
    so a campaign that has ended is warned about too; only drafts are spared."""
    problems = []
    for option in options:
        found = option.processor.sandbox(option.options)
        if found is not None:
            field_name, message = found
            field_path = (*option.path, field_name) if field_name else option.path
            problems.append(option.document.problem(field_path, message, severity=Severity.WARNING))
    return problems


def suggested_amounts(data: Any) -> list[Decimal]:
    """The open pledge's suggested amounts that are amounts (the model reports the others)."""
    amounts = [
        parsed_or_none(parse_amount, value) for value in raw_list(data, "open_pledge", "suggested")
    ]
    return [amount for amount in amounts if amount is not None]


def with_amount_urls(
    options: list[PledgeOptionChecked],
    links: list[PledgeLink],
    request: PledgeRequest,
    amounts: list[Decimal],
) -> list[PledgeLink]:
    """The open pledge's links, each with the suggested amounts its processor's link can carry
    filled in, built as every other link is (same request, so a monthly card stays monthly)."""
    filled = []
    for option, link in zip(options, links, strict=True):
        urls = {}
        for amount in amounts:
            url = option.processor.amount_url(option.options, replace(request, amount=amount))
            if url is not None:
                urls[amount] = url
        filled.append(replace(link, amount_urls=urls))
    return filled


def pledge_links(
    options: list[PledgeOptionChecked], request: PledgeRequest
) -> tuple[list[PledgeLink], list[tuple[PledgeOptionChecked, FieldPath, str]]]:
    """The links for one request, and what each processor cannot do for it."""
    links, refusals = [], []
    for option in options:
        for field_name, message in option.processor.problems(option.options, request):
            field_path = (*option.path, field_name) if field_name else option.path
            refusals.append((option, field_path, message))
        links.append(option.processor.link(option.options, request))
    return links, refusals


def _offers(
    slug: str, data: dict[str, Any], site: SiteConfig
) -> list[tuple[str | None, FieldPath, PledgeRequest]]:
    """Each place a campaign offers pledges, read from the raw data so that processor problems
    are reported even when other fields of the campaign are wrong."""
    currency = parsed_or_none(parse_currency, data.get("currency")) or site.currency
    title = str(data.get("title") or slug)
    offers = []
    for index, tier in enumerate(raw_list(data, "tiers")):
        if not isinstance(tier, dict):
            continue
        tier_id = str(tier.get("id") or f"tiers[{index}]")
        request = PledgeRequest(
            slug,
            tier_id,
            f"{title}: {tier.get('title') or tier_id}",
            parsed_or_none(parse_amount, tier.get("amount")),
            currency,
            "monthly" if tier.get("recurring") == "monthly" else None,
        )
        offers.append((tier_id, ("tiers", index, "pledge"), request))
    if isinstance(data.get("open_pledge"), dict):
        recurring = "monthly" if raw(data, "open_pledge", "recurring") == "monthly" else None
        offers.append(
            (
                None,
                ("open_pledge", "pledge"),
                PledgeRequest(slug, None, title, None, currency, recurring),
            )
        )
    return offers


def _limit_problems(
    tier_limit: Any,
    options: list[PledgeOptionChecked],
    links: list[PledgeLink],
    document: SourceDocument,
) -> list[Problem]:
    """A tier's limit and its links' own limits must agree, or backers meet a closed link."""
    limits = sorted({link.limit for link in links if link.limit is not None})
    problems = []
    for option, link in zip(options, links, strict=True):
        if link.limit is None:
            continue
        if isinstance(tier_limit, int) and link.limit != tier_limit:
            message = (
                f"the link stops after {link.limit} payments but the tier's limit is {tier_limit}"
            )
            problems.append(document.problem((*option.path, "limit"), message))
        elif tier_limit is None and len(limits) > 1:
            message = (
                f"the tier's links stop after different numbers of payments "
                f"({', '.join(map(str, limits))}); give the tier a limit"
            )
            problems.append(document.problem((*option.path, "limit"), message))
    return problems


def campaign_links(
    slug: str, document: SourceDocument, site: SiteConfig, defaults: list[PledgeOptionChecked]
) -> tuple[dict[LinkKey, list[PledgeLink]], list[Problem]]:
    links: dict[LinkKey, list[PledgeLink]] = {}
    problems: list[Problem] = []
    suggested = suggested_amounts(document.data)
    for tier_id, path, request in _offers(slug, document.data, site):
        written = raw(document.data, *path)
        options = defaults
        if written and isinstance(written, list):
            published = not _in_draft(document.data, path)
            options, found = check_pledge_options(written, document, path, published)
            problems += found
            links[(slug, tier_id)], refusals = pledge_links(options, request)
            problems += [
                document.problem(field_path, message) for _, field_path, message in refusals
            ]
            tier_limit = raw(document.data, *path[:-1], "limit")
            problems += _limit_problems(tier_limit, options, links[(slug, tier_id)], document)
        elif written in (None, []) and defaults:
            links[(slug, tier_id)], refusals = pledge_links(defaults, request)
            for option, field_path, message in refusals:
                line = option.document.position(field_path)[0]
                where = f"{option.document.file}:{line}"
                problems.append(
                    document.problem(
                        path[:-1],
                        f"the site's default pledge link ({where}) cannot serve it: {message}",
                    )
                )
        elif written in (None, []):
            message = (
                "no way to pledge: add `pledge:` links here or `defaults: pledge:` in site.yaml"
            )
            problems.append(document.problem(path[:-1], message))
        if tier_id is None and suggested and (slug, None) in links:
            links[(slug, None)] = with_amount_urls(options, links[(slug, None)], request, suggested)
    return links, problems


def _in_draft(data: Any, path: FieldPath) -> bool:
    """Whether the pledge links at `path` belong to a draft campaign or a draft tier."""
    return raw(data, "draft") is True or raw(data, *path[:-1], "draft") is True
