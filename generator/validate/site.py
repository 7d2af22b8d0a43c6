"""site.yaml: the settings, and the default pledge links checked once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pledgekit.formatting import Formatter
from pledgekit.load.private_files import never_published, private_reason
from pledgekit.load.yaml_source import SourceDocument
from pledgekit.model.site import SiteConfig
from pledgekit.problems import Problem, Severity
from pledgekit.safe_read import FileRefused, read_regular_file
from pledgekit.validate.example_text import example_values
from pledgekit.validate.files import oversized_image
from pledgekit.validate.icon import IconError, check_icon
from pledgekit.validate.messages import validated
from pledgekit.validate.pledges import PledgeOptionChecked, check_pledge_options
from pledgekit.validate.raw import raw_list

# Stand-ins for required settings, so that campaigns are still checked when site.yaml is wrong.
_PLACEHOLDERS = {"title": "(site.yaml has errors)", "base_url": "https://example.invalid/"}


def validate_site_config(
    document: SourceDocument,
) -> tuple[SiteConfig | None, SiteConfig, list[PledgeOptionChecked], list[Problem]]:
    """The settings (None when wrong), settings good enough to check campaigns with, the
    site's default pledge options, and every problem found."""
    data: dict[str, Any] = document.data if isinstance(document.data, dict) else {}
    config, problems = validated(SiteConfig, data, document)
    problems += example_values(document)
    defaults, found = check_pledge_options(
        raw_list(data, "defaults", "pledge"), document, ("defaults", "pledge")
    )
    problems += found + _translated_languages(data, document)
    if config is not None:
        problems += _unnamed_timezone(config.timezone, document)
    return config, config or _usable_config(data), defaults, problems


def icon_problems(data: Any, document: SourceDocument, source: Path) -> list[Problem]:
    """The picture site.yaml names as the icon: inside the content folder, and usable."""
    name = data.get("icon") if isinstance(data, dict) else None
    if not isinstance(name, str):
        return []
    file = (source / name).resolve()
    if not file.is_relative_to(source.resolve()):
        return [document.problem(("icon",), f"{name!r} is outside the content folder")]
    if not file.is_file():
        return [document.problem(("icon",), f"no file {name!r} beside site.yaml")]
    relative = file.relative_to(source.resolve()).as_posix()
    private = private_reason(relative)
    if private:  # the icon is published (favicon, home-screen icons): never a private file
        return [document.problem(("icon",), never_published(name, relative, private))]
    oversized = oversized_image(file)
    if oversized:  # before Pillow decodes it
        return [document.problem(("icon",), f"{name} {oversized}")]
    try:
        check_icon(read_regular_file(file, root=source.resolve()))
    except FileRefused as refused:
        return [document.problem(("icon",), f"{name}: {refused.reason}")]
    except IconError as error:
        return [document.problem(("icon",), f"{name}: {error}")]
    return []


def _translated_languages(data: dict[str, Any], document: SourceDocument) -> list[Problem]:
    """A warning for words in a language they would never be shown in (as for campaigns)."""
    translations, languages = data.get("translations"), data.get("languages") or []
    if not isinstance(translations, dict) or not isinstance(languages, list):
        return []
    main = str(data.get("language", "en"))
    listed = {str(tag).lower() for tag in languages} - {main.lower()}
    offered = ", ".join(str(tag) for tag in languages if str(tag).lower() in listed) or "none"
    problems = []
    for tag in translations:
        if str(tag).lower() == main.lower():
            message = f"{tag!r} is the site's own language: these words are not used"
        elif str(tag).lower() not in listed:
            message = (
                f"the site is not published in {tag!r}: these words are not used "
                f"(languages: {offered})"
            )
        else:
            continue
        path = ("translations", tag)
        problems.append(document.problem(path, message, at_key=True, severity=Severity.WARNING))
    return problems


def _unnamed_timezone(timezone: str, document: SourceDocument) -> list[Problem]:
    """A warning for a zone that CLDR names by no place (Etc/GMT+5, EST5EDT): pages say every
    moment in the site's timezone by its name, and these would read as an offset."""
    shown = Formatter("en", timezone).zone_name
    if not re.search(r"GMT[+-]|UTC[+-]|^world |Unknown", shown):
        return []
    message = (
        f"pages would name this timezone '{shown}', which backers cannot read as a place: "
        "use the zone of a place, such as Europe/Paris or America/New_York"
    )
    return [document.problem(("timezone",), message, severity=Severity.WARNING)]


def _usable_config(data: dict[str, Any]) -> SiteConfig:
    """The settings that are valid on their own, placeholders for the rest."""
    kept = dict(_PLACEHOLDERS)
    for key, value in data.items():
        try:
            SiteConfig.model_validate({**_PLACEHOLDERS, key: value})
        except ValidationError:
            continue
        kept[key] = value
    return SiteConfig.model_validate(kept)
