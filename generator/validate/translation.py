"""A campaign in another language: its translated files laid over the campaign as validated.

What a translation leaves out stays in the campaign's own language and is named in the
translated campaign's `untranslated` (field paths such as `tiers[lamp].title`, `story`,
`updates/2026-11-20-cold`), for pages to mark with `lang` and for `check` to report.
Translated text that matches nothing in the campaign (a tier id it does not have, a fourth FAQ
answer for three questions) is a warning: it would not be shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from pledgekit.load.content import TranslationSources
from pledgekit.load.front_matter import MarkdownSource
from pledgekit.load.markdown_render import MarkdownRenderer, RenderedMarkdown
from pledgekit.load.yaml_source import FieldPath, SourceDocument
from pledgekit.model.campaign import Campaign, CampaignFile, Update
from pledgekit.model.translation import CampaignTranslation, UpdateTranslation
from pledgekit.problems import Problem, Severity
from pledgekit.validate.messages import models_in, validated

UPDATE_PREFIX = "../../"  # update pages sit two folders below their campaign
# Fields a translation may give, and that are not untranslated when it does not: names.
SAME_IN_EVERY_LANGUAGE = frozenset({"name"})


@dataclass
class TranslatedCampaign:
    campaign: Campaign
    markdown: list[tuple[MarkdownSource, RenderedMarkdown]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _warning(document: SourceDocument, path: FieldPath, message: str) -> Problem:
    return document.problem(path, message, severity=Severity.WARNING)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


class _Overlay:
    """Lays a translation model over the original model, field by field."""

    def __init__(self, document: SourceDocument):
        self.document = document
        self.missing: list[str] = []
        self.problems: list[Problem] = []

    def lay(
        self,
        original: BaseModel,
        translation: BaseModel | None,
        model: type[BaseModel],
        path: FieldPath,
        name: str,
    ) -> BaseModel:
        update: dict[str, Any] = {}
        for key, info in model.model_fields.items():
            if key == "id":
                continue
            value = getattr(original, key, None)
            given = getattr(translation, key) if translation is not None else None
            here, shown = (*path, key), f"{name}.{key}" if name else key
            if _empty(value):
                if not _empty(given):
                    message = "campaign.yaml has nothing here to translate: it would not be shown"
                    self.problems.append(_warning(self.document, here, message))
                continue
            child, many = models_in(info.annotation)
            if child is not None and many:
                update[key] = self._items(value, given or [], child, here, shown)
            elif child is not None:
                update[key] = self.lay(value, given, child, here, shown)
            elif isinstance(value, dict):
                update[key] = self._mapping(value, given or {}, here, shown)
            elif given is None:
                if key not in SAME_IN_EVERY_LANGUAGE:
                    self.missing.append(shown)
            else:
                update[key] = given
        return original.model_copy(update=update)

    def _items(
        self,
        values: list[BaseModel],
        given: list[BaseModel],
        child: type[BaseModel],
        path: FieldPath,
        name: str,
    ) -> list[BaseModel]:
        if "id" in child.model_fields:  # tiers: by id
            ids = {value.id for value in values}
            for index, item in enumerate(given):
                if item.id not in ids:
                    message = f"campaign.yaml has no tier '{item.id}'"
                    self.problems.append(_warning(self.document, (*path, index, "id"), message))
            by_id = {item.id: item for item in given}
            return [
                self.lay(value, by_id.get(value.id), child, path, f"{name}[{value.id}]")  # type: ignore[attr-defined]
                for value in values
            ]
        if len(given) > len(values):
            message = (
                f"campaign.yaml has {len(values)} of these; entries are matched by position, "
                "so the ones after it would not be shown"
            )
            self.problems.append(_warning(self.document, (*path, len(values)), message))
        return [
            self.lay(
                value,
                given[index] if index < len(given) else None,
                child,
                (*path, index),
                f"{name}[{index}]",
            )
            for index, value in enumerate(values)
        ]

    def _mapping(
        self, values: dict[Any, str], given: dict[Any, str], path: FieldPath, name: str
    ) -> dict[Any, str]:
        for key in given:
            if key not in values:
                message = f"campaign.yaml has nothing for {key} to translate: it would not be shown"
                self.problems.append(_warning(self.document, (*path, str(key)), message))
        merged = {}
        for key, text in values.items():
            if key in given:
                merged[key] = given[key]
            else:
                merged[key] = text
                self.missing.append(f"{name}[{key}]")
        return merged


def _translated_file(
    document: SourceDocument, original: CampaignFile, context: dict[str, Any]
) -> tuple[CampaignFile, list[str], list[Problem]]:
    overlay = _Overlay(document)
    data = document.data if isinstance(document.data, dict) else {}
    problems: list[Problem] = []
    kept = {}
    for key, value in data.items():
        if key in CampaignTranslation.model_fields:
            kept[key] = value
        elif key in CampaignFile.model_fields or key in ("from", "story", "risks", "updates"):
            message = f"'{key}' is the same in every language: it is set in campaign.yaml only"
            problems.append(
                document.problem((key,), message, at_key=True, severity=Severity.WARNING)
            )
        else:
            kept[key] = value
    translation, found = validated(CampaignTranslation, kept, document, context=context)
    problems += found
    if translation is None:
        return original, [], problems
    translated = overlay.lay(original, translation, CampaignTranslation, (), "")
    assert isinstance(translated, CampaignFile)
    return translated, overlay.missing, problems + overlay.problems


def translate_campaign(
    campaign: Campaign,
    language: str,
    sources: TranslationSources | None,
    context: dict[str, Any],
    render: MarkdownRenderer,
    update_stems: dict[str, str],
) -> TranslatedCampaign:
    """`campaign` in `language`: its translated files laid over it (none: all of it falls
    back). `update_stems` names each update's file stem by its slug."""
    translated = sources is not None
    sources = sources or TranslationSources()
    result = TranslatedCampaign(campaign)
    missing: list[str] = []
    data = campaign.source
    if sources.campaign is not None and sources.campaign.data is not None:
        data, missing, found = _translated_file(sources.campaign, campaign.source, context)
        result.problems += found
    else:
        missing = everything_missing(campaign.source)
    prose = {}
    for key in ("story", "risks"):
        markdown: MarkdownSource | None = getattr(sources, key)
        if not getattr(campaign, key):
            if markdown is not None:
                message = f"the campaign has no {key}.md in its own language: this is not shown"
                result.problems.append(
                    Problem(markdown.meta.file, 1, 1, "", message, Severity.WARNING)
                )
            continue
        if markdown is None:
            missing.append(key)
            continue
        rendered = render.render(markdown.body)
        result.markdown.append((markdown, rendered))
        prose[key] = rendered.html
    updates, found = _translated_updates(campaign, sources, context, render, update_stems, result)
    missing += found
    result.campaign = campaign.model_copy(
        update={
            "source": data,
            **prose,
            "updates": updates,
            "language": language,
            "untranslated": tuple(missing),
            "translated": translated,
        }
    )
    return result


def _translated_updates(
    campaign: Campaign,
    sources: TranslationSources,
    context: dict[str, Any],
    render: MarkdownRenderer,
    update_stems: dict[str, str],
    result: TranslatedCampaign,
) -> tuple[tuple[Update, ...], list[str]]:
    missing: list[str] = []
    stems = set(update_stems.values())
    for stem, markdown in sources.updates.items():
        if stem not in stems:
            message = f"there is no updates/{stem}.md in the campaign's own language to translate"
            result.problems.append(Problem(markdown.meta.file, 1, 1, "", message, Severity.WARNING))
    updates = []
    for update in campaign.updates:
        stem = update_stems[update.slug]
        markdown = sources.updates.get(stem)
        if markdown is None:
            missing.append(f"updates/{update.slug}")
            updates.append(update)
            continue
        document = markdown.meta
        data = document.data if isinstance(document.data, dict) else {}
        problems = [
            document.problem(
                (key,),
                f"'{key}' is the same in every language: it is set in updates/{stem}.md only",
                at_key=True,
                severity=Severity.WARNING,
            )
            for key in data
            if key in Update.model_fields or key == "slug"
            if key not in UpdateTranslation.model_fields
        ]
        translatable = {
            key: value
            for key, value in data.items()
            if key not in Update.model_fields or key in UpdateTranslation.model_fields
        }
        translation, found = validated(UpdateTranslation, translatable, document, context=context)
        result.problems += problems + found
        if translation is None:
            updates.append(update)
            continue
        changes: dict[str, Any] = {}
        for key in ("title", "summary"):
            if getattr(update, key):
                if getattr(translation, key) is None:
                    missing.append(f"updates/{update.slug}.{key}")
                else:
                    changes[key] = getattr(translation, key)
        if markdown.body.strip():
            rendered = render.render(markdown.body, asset_prefix=UPDATE_PREFIX)
            result.markdown.append((markdown, rendered))
            changes["body"] = rendered.html
        elif update.body:
            missing.append(f"updates/{update.slug}.body")
        updates.append(update.model_copy(update=changes))
    return tuple(updates), missing


def everything_missing(campaign: CampaignFile) -> list[str]:
    """The text fields of campaign.yaml, all untranslated (a language with no campaign.<l>.yaml)."""
    overlay = _Overlay(SourceDocument("", None))
    overlay.lay(campaign, None, CampaignTranslation, (), "")
    return overlay.missing
