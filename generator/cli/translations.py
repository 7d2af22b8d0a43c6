"""What `pledgekit check` says of the text a campaign leaves untranslated: the file to write
it in, for each language (docs/translating.md)."""

from __future__ import annotations

import re
from pathlib import Path

from pledgekit.build import BuildResult
from pledgekit.load.content import campaign_folders
from pledgekit.problems import display_path

SHOWN = 4  # fields named in a campaign's summary line


def _file_of(field: str, folder: Path, language: str) -> Path:
    """The translation file that would hold `field`: campaign.fr.yaml, story.fr.md, …"""
    if field in ("story", "risks"):
        return folder / f"{field}.{language}.md"
    found = re.match(r"updates/([^.]+)", field)
    if found:
        slug = found.group(1)
        originals = sorted((folder / "updates").glob(f"????-??-??-{slug}.md"))
        stem = originals[0].stem if originals else slug
        return folder / "updates" / f"{stem}.{language}.md"
    return folder / f"campaign.{language}.yaml"


def untranslated_lines(result: BuildResult, source: Path, every_field: bool) -> list[str]:
    """A line per campaign and language with untranslated text (every field, one a line,
    when `every_field`)."""
    folders = campaign_folders(source)
    lines = []
    for slug, languages in result.untranslated.items():
        folder = folders.get(slug)
        if folder is None:
            continue
        for language, fields in languages.items():
            if fields is None:
                lines.append(
                    f"{display_path(folder, source)}: not translated into {language}: its pages "
                    f"in {language} show it in its own language (write "
                    f"campaign.{language}.yaml, story.{language}.md, …: docs/translating.md)"
                )
                continue
            if every_field:
                for name in fields:
                    file = display_path(_file_of(name, folder, language), source)
                    what = (
                        name.split(".", 1)[1]
                        if name.startswith("updates/") and "." in name
                        else name
                    )
                    where = "" if file.endswith(".md") and what == name else f" {what}:"
                    lines.append(f"{file}:{where} not translated into {language}")
                continue
            named = ", ".join(fields[:SHOWN]) + (
                f" and {len(fields) - SHOWN} more" if len(fields) > SHOWN else ""
            )
            count = f"{len(fields)} field{'s' if len(fields) != 1 else ''}"
            lines.append(
                f"{display_path(folder, source)}: {count} not translated into {language}, "
                f"shown in the campaign's own language: {named}"
            )
    return lines
