"""Turn loaded content into validated models, collecting every problem with its position."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.load.content import CampaignSources
from generator.load.front_matter import MarkdownSource
from generator.load.markdown_render import MarkdownRenderer, UnsafeMarkdown
from generator.load.yaml_source import FieldPath, SourceDocument
from generator.model.campaign import Campaign, CampaignFile, Update
from generator.model.site import PledgeOption, SiteConfig
from generator.model.types import check_asset_path, currency_precision, parse_amount, parse_currency
from generator.payments import PledgeLink, PledgeRequest, get_processor, processor_names
from generator.problems import ContentErrors, Problem, Severity

UPDATE_FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$")

# Where a tier's or an open pledge's links are kept: (campaign slug, tier id or None).
LinkKey = tuple[str, str | None]


@dataclass
class ValidatedSite:
    config: SiteConfig
    campaigns: list[Campaign]
    links: dict[LinkKey, list[PledgeLink]]
    assets: dict[str, dict[str, Path]]
    warnings: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Pydantic errors in the words of a person, at the position of the value


def _got(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, str) else repr(str(value))


def _message(error: dict[str, Any]) -> str:
    kind, context, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "string_too_short" and context.get("min_length") == 1:
        return "must not be empty"
    if kind == "literal_error":
        return f"expected one of {context.get('expected')}, got {_got(value)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, got {_got(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, got {_got(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"must be a list, got {_got(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields, got {_got(value)}"
    if kind == "string_type":
        return f"must be text, got {_got(value)}"
    if kind == "string_pattern_mismatch":
        return f"has the wrong shape (expected {context.get('pattern')}), got {_got(value)}"
    if kind in ("decimal_parsing", "decimal_type"):
        return f"must be a number, got {_got(value)}"
    message = str(error["msg"])
    return f"{message[0].lower()}{message[1:]}, got {_got(value)}"


def model_problems(
    error: ValidationError, document: SourceDocument, prefix: FieldPath = ()
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        path = (*prefix, *(part for part in item["loc"] if isinstance(part, (str, int))))
        problems.append(document.problem(path, _message(item)))
    return problems


# ---------------------------------------------------------------------------
# Unknown keys: a warning with a suggestion, an error under --strict


def _models_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds, and whether it holds a list of them."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            model, many = _models_in(argument)
            if model:
                return model, many
        return None, False
    if origin in (list, tuple):
        model, _ = _models_in(typing.get_args(annotation)[0])
        return model, model is not None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def unknown_keys(
    data: Any, model: type[BaseModel], document: SourceDocument, path: FieldPath = ()
) -> list[Problem]:
    if not isinstance(data, dict) or model.model_config.get("extra") == "allow":
        return []
    problems = []
    fields = model.model_fields
    for key, value in data.items():
        if key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                document.problem(
                    (*path, key),
                    f"unknown key '{key}'{hint}",
                    at_key=True,
                    severity=Severity.WARNING,
                )
            )
            continue
        child, many = _models_in(fields[key].annotation)
        if child is None:
            continue
        items: Iterable[tuple[FieldPath, Any]] = (
            (((*path, key, index), item) for index, item in enumerate(value))
            if many and isinstance(value, list)
            else [((*path, key), value)]
        )
        for item_path, item in items:
            problems += unknown_keys(item, child, document, item_path)
    return problems


# ---------------------------------------------------------------------------
# Site


def validate_site_config(document: SourceDocument) -> tuple[SiteConfig | None, list[Problem]]:
    problems = unknown_keys(document.data, SiteConfig, document)
    try:
        return SiteConfig.model_validate(document.data), problems
    except ValidationError as error:
        return None, problems + model_problems(error, document)


# ---------------------------------------------------------------------------
# Pledge links


def resolve_pledge_options(
    options: list[PledgeOption | None],
    request: PledgeRequest,
    document: SourceDocument,
    path: FieldPath,
) -> tuple[list[PledgeLink], list[Problem]]:
    """Validate each option against its processor and build the link a backer follows."""
    links, problems = [], []
    for index, option in enumerate(options):
        if option is None:
            continue
        option_path = (*path, index)
        processor = get_processor(option.processor)
        if processor is None:
            close = difflib.get_close_matches(option.processor, processor_names(), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            known = ", ".join(processor_names())
            problems.append(
                document.problem(
                    (*option_path, "processor"),
                    f"unknown processor '{option.processor}'{hint}; known: {known}",
                )
            )
            continue
        raw = {"processor": option.processor, **(option.model_extra or {})}
        problems += unknown_keys(raw, processor.Options, document, option_path)
        try:
            parsed = processor.Options.model_validate(raw)
        except ValidationError as error:
            problems += model_problems(error, document, option_path)
            continue
        for field_name, message in processor.problems(parsed, request):
            field_path = (*option_path, field_name) if field_name else option_path
            problems.append(document.problem(field_path, message))
        links.append(processor.link(parsed, request))
    return links, problems


# ---------------------------------------------------------------------------
# Campaigns


def _amount_problems(data: CampaignFile, currency: str, document: SourceDocument) -> list[Problem]:
    places = currency_precision(currency)
    amounts: list[tuple[FieldPath, Decimal | None]] = [(("goal",), data.goal)]
    amounts += [(("tiers", i, "amount"), tier.amount) for i, tier in enumerate(data.tiers)]
    amounts += [
        (("stretch_goals", i, "amount"), g.amount) for i, g in enumerate(data.stretch_goals)
    ]
    amounts += [(("budget", i, "amount"), line.amount) for i, line in enumerate(data.budget)]
    if data.totals:
        amounts.append((("totals", "raised"), data.totals.raised))
    if data.open_pledge:
        amounts.append((("open_pledge", "minimum"), data.open_pledge.minimum))
        amounts += [
            (("open_pledge", "suggested", i), a) for i, a in enumerate(data.open_pledge.suggested)
        ]
    problems = []
    for path, amount in amounts:
        if amount is not None and -amount.as_tuple().exponent > places:  # type: ignore[operator]
            unit = "no decimal places" if places == 0 else f"at most {places} decimal places"
            problems.append(document.problem(path, f"{currency} amounts have {unit}, got {amount}"))
    return problems


def _duplicate_tier_ids(document: SourceDocument) -> list[Problem]:
    problems = []
    first_use: dict[str, int] = {}
    for index, tier in enumerate(_raw_list(document.data, "tiers")):
        tier_id = _raw(tier, "id")
        if not isinstance(tier_id, str):
            continue
        if tier_id in first_use:
            message = f"duplicate tier id '{tier_id}' (first used by tiers[{first_use[tier_id]}])"
            problems.append(document.problem(("tiers", index, "id"), message))
        first_use.setdefault(tier_id, index)
    return problems


def _budget_problems(data: CampaignFile, document: SourceDocument) -> list[Problem]:
    shares = sum((line.share for line in data.budget if line.share is not None), Decimal(0))
    if shares > 100:
        message = f"budget shares add up to {shares}%, more than 100%"
        return [document.problem(("budget",), message)]
    return []


def _raw(data: Any, *path: str | int) -> Any:
    """A value from not-yet-validated data, or None when any step is missing or mistyped."""
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def _raw_list(data: Any, *path: str | int) -> list[Any]:
    value = _raw(data, *path)
    return value if isinstance(value, list) else []


def _asset_problems(sources: CampaignSources) -> list[Problem]:
    """Image files must exist beside campaign.yaml (checked on the raw data, so that these
    errors are reported together with any others)."""
    data = sources.campaign.data
    images: list[FieldPath] = [
        ("image", "src"),
        ("creator", "avatar", "src"),
        ("beneficiary", "avatar", "src"),
    ]
    images += [("tiers", index, "image", "src") for index in range(len(_raw_list(data, "tiers")))]
    problems = []
    for path in images:
        src = _raw(data, *path)
        try:
            src = check_asset_path(src) if isinstance(src, str) else None
        except ValueError:
            continue  # the model reports the malformed value
        if src and "://" not in src and not (sources.folder / src).is_file():
            problems.append(
                sources.campaign.problem(path, f"file not found: {src} (beside campaign.yaml)")
            )
    return problems


def _markdown_problem(source: MarkdownSource, error: UnsafeMarkdown) -> Problem:
    line = source.body_first_line
    for number, text in enumerate(source.body.splitlines(), start=source.body_first_line):
        if re.search(r"(?i)(javascript|vbscript|data)\s*:|&#", text):
            line = number
            break
    return Problem(source.meta.file, line, 1, "", str(error))


def _validate_updates(
    sources: CampaignSources, context: dict[str, Any], render: Callable[..., str]
) -> tuple[list[Update], list[Problem]]:
    updates, problems = [], []
    for stem, markdown in sources.updates:
        document = markdown.meta
        match = UPDATE_FILE_NAME.match(stem)
        if not match:
            problems.append(
                Problem(
                    document.file,
                    1,
                    1,
                    "",
                    "update files are named "
                    "YYYY-MM-DD-<slug>.md, e.g. 2026-11-02-first-prototype.md",
                )
            )
            continue
        if document.data is None:
            continue
        problems += unknown_keys(document.data, Update, document)
        for key in ("slug", "body"):
            if key in document.data:
                where = "the file name" if key == "slug" else "the text below the front matter"
                message = f"'{key}' is taken from {where}; remove it here"
                problems.append(
                    document.problem((key,), message, at_key=True, severity=Severity.WARNING)
                )
        data = {"date": match.group(1), **document.data, "slug": match.group(2)}
        try:
            body = render(markdown.body, asset_prefix="../../")
        except UnsafeMarkdown as error:
            problems.append(_markdown_problem(markdown, error))
            continue
        try:
            updates.append(Update.model_validate({**data, "body": body}, context=context))
        except ValidationError as error:
            problems += model_problems(error, document)
    return updates, problems


def _campaign_file(
    document: SourceDocument, context: dict[str, Any]
) -> tuple[CampaignFile | None, list[Problem]]:
    problems = unknown_keys(document.data, CampaignFile, document)
    for key in ("story", "risks", "updates"):
        if key in document.data:
            message = f"'{key}' is written in its own file (story.md, risks.md, updates/)"
            problems.append(document.problem((key,), message, at_key=True))
    try:
        return CampaignFile.model_validate(document.data, context=context), problems
    except ValidationError as error:
        return None, problems + model_problems(error, document)


def _campaign_prose(
    sources: CampaignSources, render: MarkdownRenderer
) -> tuple[dict[str, str], list[Problem]]:
    """story.md (required) and risks.md, as safe HTML."""
    prose: dict[str, str] = {}
    problems = []
    for key in ("story", "risks"):
        markdown = getattr(sources, key)
        if markdown is None:
            if key == "story":
                story_file = str(Path(sources.campaign.file).with_name("story.md"))
                message = "file not found: every campaign tells its story in story.md"
                problems.append(Problem(story_file, 1, 1, "", message))
            continue
        if markdown.meta.data:
            message = f"front matter in {key}.md is not used; the fields belong in campaign.yaml"
            problems.append(markdown.meta.problem((), message, severity=Severity.WARNING))
        try:
            prose[key] = render(markdown.body)
        except UnsafeMarkdown as error:
            problems.append(_markdown_problem(markdown, error))
    return prose, problems


def validate_campaign(
    sources: CampaignSources,
    site: SiteConfig,
    site_document: SourceDocument,
    render: MarkdownRenderer,
) -> tuple[Campaign | None, dict[LinkKey, list[PledgeLink]], list[Problem]]:
    document = sources.campaign
    if document.data is None:
        return None, {}, []
    context = {"timezone": site.timezone, "render_markdown": render}
    data, problems = _campaign_file(document, context)
    prose, found = _campaign_prose(sources, render)
    problems += found
    updates, found = _validate_updates(sources, context, render)
    problems += found
    problems += _asset_problems(sources)
    problems += _duplicate_tier_ids(document)
    links, found = _campaign_links(sources.slug, document, site, site_document)
    problems += found
    if data is None:
        return None, {}, problems

    currency = data.currency or site.currency
    problems += _amount_problems(data, currency, document)
    problems += _budget_problems(data, document)
    campaign = Campaign(
        slug=sources.slug,
        source=data,
        currency=currency,
        story=prose.get("story", ""),
        risks=prose.get("risks", ""),
        updates=tuple(sorted(updates, key=lambda update: update.date, reverse=True)),
    )
    return campaign, links, problems


def _parsed_or_none(parse: Callable[[Any], Any], value: Any) -> Any:
    try:
        return parse(value)
    except ValueError:
        return None


def _pledge_offers(
    slug: str, data: dict[str, Any], site: SiteConfig
) -> list[tuple[str | None, FieldPath, PledgeRequest]]:
    """Each place a campaign offers pledges, read from the raw data so that processor problems
    are reported even when other fields of the campaign are wrong."""
    currency = _parsed_or_none(parse_currency, data.get("currency")) or site.currency
    title = str(data.get("title") or slug)
    offers = []
    for index, tier in enumerate(_raw_list(data, "tiers")):
        if not isinstance(tier, dict):
            continue
        tier_id = str(tier.get("id") or f"tiers[{index}]")
        request = PledgeRequest(
            slug,
            tier_id,
            f"{title}: {tier.get('title') or tier_id}",
            _parsed_or_none(parse_amount, tier.get("amount")),
            currency,
            "monthly" if tier.get("recurring") == "monthly" else None,
        )
        offers.append((tier_id, ("tiers", index, "pledge"), request))
    if isinstance(data.get("open_pledge"), dict):
        recurring = "monthly" if _raw(data, "open_pledge", "recurring") == "monthly" else None
        request = PledgeRequest(slug, None, title, None, currency, recurring)
        offers.append((None, ("open_pledge", "pledge"), request))
    return offers


def _campaign_links(
    slug: str,
    document: SourceDocument,
    site: SiteConfig,
    site_document: SourceDocument,
) -> tuple[dict[LinkKey, list[PledgeLink]], list[Problem]]:
    links: dict[LinkKey, list[PledgeLink]] = {}
    problems: list[Problem] = []
    for tier_id, path, request in _pledge_offers(slug, document.data, site):
        options = []
        for raw in _raw_list(document.data, *path):
            try:
                options.append(PledgeOption.model_validate(raw))
            except ValidationError:
                options.append(None)  # the campaign model reports it; keep indexes aligned
        if options:
            found_links, found = resolve_pledge_options(options, request, document, path)
        elif site.defaults.pledge:
            # The site's defaults are checked again for each tier; report where the tier is.
            found_links, found = resolve_pledge_options(
                site.defaults.pledge, request, site_document, ("defaults", "pledge")
            )
            found = [
                document.problem(
                    path[:-1], f"site default pledge link: {p.message} ({p.file}:{p.line})"
                )
                for p in found
            ]
        else:
            found_links = []
            found = [
                document.problem(
                    path[:-1],
                    "no way to pledge: add `pledge:` links here "
                    "or `defaults: pledge:` in site.yaml",
                )
            ]
        links[(slug, tier_id)] = found_links
        problems += found
    return links, problems


def validate(
    site_document: SourceDocument,
    campaign_sources: list[CampaignSources],
    strict: bool = False,
    problems: list[Problem] | None = None,
) -> ValidatedSite:
    """Validate everything; raise ContentErrors listing every problem when any is an error."""
    problems = list(problems or [])
    config, found = (
        (None, []) if site_document.data is None else validate_site_config(site_document)
    )
    problems += found
    campaigns: list[Campaign] = []
    links: dict[LinkKey, list[PledgeLink]] = {}
    if config is not None:
        render = MarkdownRenderer(trust_html=config.trust_html)
        for sources in campaign_sources:
            campaign, campaign_links, found = validate_campaign(
                sources, config, site_document, render
            )
            problems += found
            links.update(campaign_links)
            if campaign is not None:
                campaigns.append(campaign)
    if strict:
        problems = [replace(problem, severity=Severity.ERROR) for problem in problems]
    if any(problem.severity is Severity.ERROR for problem in problems):
        raise ContentErrors(problems)
    assert config is not None
    assets = {sources.slug: sources.assets for sources in campaign_sources}
    return ValidatedSite(config, campaigns, links, assets, warnings=sorted(problems))
