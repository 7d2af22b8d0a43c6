"""The themes' message catalogs: the template (messages.pot) that translators start from, and
the translations (<language>/LC_MESSAGES/messages.po) a page's language is drawn in.

Catalogs are kept as .po text in the theme and compiled in memory when a site is built, so a
translator edits one file and nothing binary is kept in the repository (a compiled .mo beside
the .po is used instead when there is one).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from pledgekit import __version__

# Every file of a theme's templates/ folder is a Jinja template.
METHOD_MAP = [(f"templates/**.{kind}", "jinja2") for kind in ("html", "xml", "txt", "svg")]
OPTIONS = {"templates/**": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
# A fixed date: the same templates give the same file, byte for byte.
TEMPLATE_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def extract_catalog(theme_folder: Path) -> Catalog:
    """Every message the theme's templates translate, with where each is used."""
    catalog = Catalog(
        project="pledgekit theme " + theme_folder.name,
        version=__version__,
        copyright_holder="the pledgekit authors",
        msgid_bugs_address="",
        creation_date=TEMPLATE_DATE,
        revision_date=TEMPLATE_DATE,
        charset="utf-8",
        fuzzy=False,
    )
    for file, line, message, comments, context in extract_from_dir(
        str(theme_folder), METHOD_MAP, OPTIONS
    ):
        catalog.add(message, None, [(file, line)], auto_comments=comments, context=context)
    for message in reworded(theme_folder):
        if message.id not in catalog:
            note = "Reworded by this theme (locale/en); the text is its parent's."
            catalog.add(message.id, None, auto_comments=[note], flags=message.flags)
    return catalog


def reworded(theme_folder: Path) -> list:
    """The parent's messages a theme says in its own words: the entries of its English
    catalog (locale/en/LC_MESSAGES/messages.po), which join its template so that its other
    languages reword them too (and `pybabel update` keeps them)."""
    english = theme_folder / "locale" / "en" / "LC_MESSAGES" / "messages.po"
    if not english.is_file():
        return []
    with english.open("rb") as file:
        return [message for message in read_po(file) if message.id and message.string]


def catalog_template(theme_folder: Path) -> bytes:
    """The theme's messages.pot, as translators receive it."""
    out = io.BytesIO()
    write_po(out, extract_catalog(theme_folder), width=100, sort_output=False)
    # Which Babel wrote it changes nothing for translators, and would change the file.
    lines = out.getvalue().splitlines(keepends=True)
    return b"".join(line for line in lines if not line.startswith(b'"Generated-By: '))


def catalog_files(locale_folder: Path, language: str) -> list[Path]:
    """The catalog of `language` in a theme's locale/ folder, most specific first (pt_BR, pt)."""
    code = language.replace("-", "_")
    codes = [code] + ([code.split("_")[0]] if "_" in code else [])
    found = []
    for name in codes:
        folder = locale_folder / name / "LC_MESSAGES"
        for file in (folder / "messages.mo", folder / "messages.po"):
            if file.is_file():
                found.append(file)
                break
    return found


@lru_cache(maxsize=64)
def _compiled(file: Path, stamp: tuple[int, int]) -> bytes:
    if file.suffix == ".mo":
        return file.read_bytes()
    with file.open("rb") as source:
        catalog = read_po(source)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    return compiled.getvalue()


def compiled(file: Path) -> Translations:
    """The catalog in `file`, compiled once per version of the file (a new object each time:
    merging changes the one merged into)."""
    stat = file.stat()
    return Translations(io.BytesIO(_compiled(file, (stat.st_mtime_ns, stat.st_size))))


def load_translations(locale_folders: list[Path], language: str) -> NullTranslations:
    """The translations of `language` for a theme chain (root-most folder last): a theme's own
    catalog wins over its parents', and pt_BR over pt."""
    merged: NullTranslations = NullTranslations()
    for folder in reversed(locale_folders):
        for file in reversed(catalog_files(folder, language)):
            found = compiled(file)
            if isinstance(merged, Translations):
                merged.merge(found)
            else:
                merged = found
    return merged
