r"""Names that are addresses: a campaign folder's name is its slug, an update's file name its date
and slug. A name that is not one exactly (`Tenon`, `lámpa`, `la\u200bmp`, `tenon-lamp\n`) is
an error at the folder or file, with the rule and a name to use instead."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pledgekit.model.types import is_slug
from pledgekit.names import is_hidden_character, shown_name
from pledgekit.problems import Problem, display_path
from pledgekit.slugs import slugify

SLUG_RULE = "lower-case letters, digits and single hyphens (at most 64)"
CAMPAIGN_RULE = f"a campaign folder's name is its address: {SLUG_RULE}"
UPDATE_RULE = "update files are named YYYY-MM-DD-<slug>.md, e.g. 2026-11-02-first-prototype.md"
# YYYY-MM-DD-slug, in ASCII digits only (\d takes any script's digits) and to the very end
# (`$` would take a name ending in a line break).
UPDATE_NAME = re.compile(r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})-(?P<slug>.+)\Z", re.DOTALL)
_ANY_DATE = re.compile(r"(\d{4})\D(\d{1,2})\D(\d{1,2})")
# The language of a translated file: story.fr.md, campaign.pt-BR.yaml, 2026-11-20-cold.ar.md.
# To the very end (\Z): with `$`, 'story.fr\n' would be read as story.fr.
TRANSLATED_NAME = re.compile(
    r"(?P<stem>[^.]+)\.(?P<language>[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\Z"
)


def language_of(name: str) -> tuple[str, str | None]:
    """'story.fr' -> ('story', 'fr'); 'story' -> ('story', None)."""
    found = TRANSLATED_NAME.match(name)
    if found is None:
        return name, None
    return found["stem"], found["language"].replace("_", "-")


def address_key(name: str) -> str:
    r"""The address a name reads as, whatever its case, width, spacing, invisible characters
    and look-alike letters from other scripts: 'Tenon Lamp', 'tenon-lamp\n' and 't\u0435non-lamp'
    (a Cyrillic e) all read as 'tenon-lamp'. Empty for a name with no letter or digit."""
    text = _latin_look_alikes(unicodedata.normalize("NFKC", name)).casefold()
    if any(_other_script(character) for character in text):
        return ""  # 'лампа' has no reading in Latin letters, nor any address it could take
    return slugify("".join(_as_separator(character) for character in text), fallback="")


def _as_separator(character: str) -> str:
    r"""Invisible characters and bytes that are not text are left out ('la\u200bmp' reads
    'lamp'); other punctuation, a Unicode hyphen or a space of any kind separates words
    ('tenon\u2010lamp' reads 'tenon-lamp')."""
    category = unicodedata.category(character)
    if character.isalnum() or category.startswith("M"):
        return character
    return "" if category in ("Cf", "Cs") else " "


def _other_script(character: str) -> bool:
    """A letter or digit of a script other than Latin (accents aside)."""
    return (
        not character.isascii()
        and character.isalnum()
        and "LATIN" not in unicodedata.name(character, "")
    )


def _latin_look_alikes(text: str) -> str:
    """Each letter of another script that looks like a Latin letter or digit, as that one
    (Unicode's confusables: Cyrillic а, Greek ο); other characters as they are."""
    look_alikes = _look_alike_table()
    return "".join(look_alikes.get(character, character) for character in text)


@cache
def _look_alike_table() -> dict[str, str]:
    # Imported here: its table takes a tenth of a second to load, and only a misnamed
    # folder needs it.
    from confusable_homoglyphs.confusables import confusables_data

    table = {}
    for character, homoglyphs in confusables_data.items():
        if character.isascii():
            continue  # l and 1, rn and m are different addresses
        latin = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii()]
        latin = [c for c in latin if c.isalnum()]
        if latin:
            table[character] = latin[0].lower()
    return table


def _free_slug(wanted: str, taken: set[str], fallback: str) -> str:
    """`wanted` (or `fallback`), made unique among `taken` with -2, -3, …"""
    base = wanted or fallback
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: 64 - len(suffix)].rstrip("-") + suffix
    return candidate


def campaign_folder_problems(folders: Iterable[Path], source: Path) -> list[Problem]:
    """An error for each campaign folder whose name is not its address exactly, naming the
    other folders that read as the same address, and suggesting a free one."""
    folders = sorted(folders, key=lambda folder: folder.name)
    valid = {folder.name for folder in folders if is_slug(folder.name)}
    taken = set(valid)
    readers: dict[str, list[Path]] = {}
    for folder in folders:
        readers.setdefault(address_key(folder.name), []).append(folder)
    problems = []
    for folder in folders:
        if folder.name in valid:
            continue
        key = address_key(folder.name)
        suggestion = _free_slug(key[:64].rstrip("-"), taken, "campaign")
        taken.add(suggestion)
        others = [other for other in readers.get(key, []) if other != folder] if key else []
        where = shown_name(display_path(folder, source))
        if others:
            named = ", ".join(shown_name(display_path(other, source)) for other in others)
            message = (
                f"{CAMPAIGN_RULE}; it reads as '{key}', like {named}: rename it to '{suggestion}'"
            )
        else:
            message = f"{CAMPAIGN_RULE}; rename it to '{suggestion}'"
        problems.append(Problem(where, 1, 1, "", message))
    return problems


def update_name_problem(name: str, file: str) -> Problem | None:
    """The error for an update whose file name (`name`, without .md) is not YYYY-MM-DD-<slug>,
    then maybe .<language>, exactly; None when it is."""
    stem, _ = language_of(name)
    found = UPDATE_NAME.match(stem)
    if found and is_slug(found["slug"]):
        return None
    stem, language = language_of("".join(c for c in name if not is_hidden_character(c)))
    suggestion = _suggested_update_name(stem)
    rename = ""
    if suggestion:
        rename = f"; rename it to '{suggestion}{'.' + language if language else ''}.md'"
    return Problem(file, 1, 1, "", f"{UPDATE_RULE}{rename}")


def _suggested_update_name(stem: str) -> str | None:
    """A date in any digits at the start of `stem`, then its words as a slug: None when the
    name starts with no date."""
    text = unicodedata.normalize("NFKC", stem)
    date = _ANY_DATE.match(text)
    if date is None:
        return None
    year, month, day = (int(part) for part in date.groups())  # int() reads any script's digits
    slug = address_key(text[date.end() :])[:64].rstrip("-") or "update"
    return f"{year:04d}-{month:02d}-{day:02d}-{slug}"
