"""Find and read a site's content folder: site.yaml and one folder per campaign."""

from __future__ import annotations

import os
import re
import stat
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pledgekit.digests import RACY_SECONDS
from pledgekit.ledger.rows import LedgerRow
from pledgekit.ledger.store import LEDGER_FILE, parse_ledger
from pledgekit.load.folder_names import (
    campaign_folder_problems,
    language_of,
    update_name_problem,
)
from pledgekit.load.front_matter import MarkdownSource, parse_front_matter
from pledgekit.load.ledger_sync import MAX_SYNC_FILE_BYTES, SYNC_FILE, parse_ledger_sync
from pledgekit.load.site_files import (
    campaign_folder_files,
    leads_to_private,
    outside_site,
    site_folder_files,
)
from pledgekit.load.yaml_source import SourceDocument, parse_yaml
from pledgekit.model.types import is_slug
from pledgekit.names import shown_name
from pledgekit.problems import Problem, Severity, display_path
from pledgekit.safe_read import MAX_FILE_BYTES, FileRefused, kind_of, read_regular_file

__all__ = ["MAX_FILE_BYTES", "outside_site"]  # read by the limits' tests and the secret scan
# Python-Markdown takes time quadratic in the depth of nested blockquotes (30,000 `>` on one
# line: seconds; 100,000: minutes); no story needs more than a few.
MAX_QUOTE_DEPTH = 32
_DEEP_QUOTE = re.compile(rf"^(?:[ \t]*>){{{MAX_QUOTE_DEPTH + 1}}}", re.MULTILINE)
DEEP_QUOTE_MESSAGE = f"blockquotes are nested more than {MAX_QUOTE_DEPTH} deep"


@dataclass
class TranslationSources:
    """One language's files in a campaign folder: campaign.<language>.yaml (the text fields it
    translates), story.<language>.md, risks.<language>.md and updates/<name>.<language>.md."""

    campaign: SourceDocument | None = None
    story: MarkdownSource | None = None
    risks: MarkdownSource | None = None
    updates: dict[str, MarkdownSource] = field(default_factory=dict)  # by the update's stem


@dataclass
class CampaignSources:
    """Everything read from one campaign folder, not yet validated."""

    slug: str
    folder: Path
    campaign: SourceDocument
    story: MarkdownSource | None = None
    risks: MarkdownSource | None = None
    updates: list[tuple[str, MarkdownSource]] = field(default_factory=list)
    ledger: list[LedgerRow] = field(default_factory=list)
    ledger_file: str = ""
    # When each source of the ledger was last read (ledger-sync.json), by source name, in UTC:
    # empty when the folder keeps no such record.
    sources_read: dict[str, datetime] = field(default_factory=dict)
    translations: dict[str, TranslationSources] = field(default_factory=dict)  # by language


def read_text(
    path: Path, root: Path, inside: Path | None = None, limit: int = MAX_FILE_BYTES
) -> tuple[str | None, list[Problem]]:
    """A text file (`root`: the folder names are shown from), refused unless it is a regular
    file (inside real folder `inside`, when given) of at most `limit` bytes."""
    name = shown_name(display_path(path, root))
    try:
        return read_regular_file(path, limit, inside).decode("utf-8"), []
    except FileRefused as refused:
        return None, [Problem(name, 1, 1, "", refused.reason)]
    except UnicodeDecodeError as error:
        return None, [Problem(name, 1, 1, "", f"not UTF-8 text (byte {error.start})")]
    except OSError as error:
        return None, [Problem(name, 1, 1, "", f"cannot read file: {error.strerror}")]


def _read_content(
    path: Path, source: Path, limit: int = MAX_FILE_BYTES
) -> tuple[str | None, list[Problem]]:
    """A file of the site as text; refused when (through a symbolic link) it is outside, or
    is not a regular file, or is larger than `limit` bytes."""
    return read_text(path, source, Path(os.path.realpath(source)), limit)


def _without_double_reports(problems: list[Problem]) -> list[Problem]:
    """Each problem once, and no warning about a file that has an error (a named pipe called
    story.md is an error where it is read, not also a warning where the folder is looked at)."""
    with_errors = {problem.file for problem in problems if problem.severity is Severity.ERROR}
    return [
        problem
        for problem in dict.fromkeys(problems)
        if problem.severity is Severity.ERROR or problem.file not in with_errors
    ]


def load_site(
    source: Path, listings: FolderListings | None = None
) -> tuple[SourceDocument, list[Problem]]:
    """Read site.yaml; look at every folder but the campaigns' for links that leave the site
    or lead to private files, and for what is not a file (each campaign's folder is looked at
    as it is loaded); and check the campaign folders' names (`listings`: campaign_folders')."""
    problems: list[Problem] = []
    for entry in sorted(source.iterdir()) if source.is_dir() else []:
        if entry.name == "campaigns":
            found = outside_site(entry, source) or leads_to_private(entry, source)
            problems += [found] if found else []
            problems += _campaigns_folder_problems(source, listings)
        elif not entry.name.startswith("."):
            problems += site_folder_files(entry, source)
    document, found = _load_site_file(source)
    return document, _without_double_reports(problems + found)


def _campaigns_folder_problems(
    source: Path, listings: FolderListings | None = None
) -> list[Problem]:
    """Campaign folders whose names are not their addresses, and what in campaigns/ is
    neither a folder nor a file (never opened)."""
    listing = _campaign_listing(source, listings)
    problems = campaign_folder_problems([*listing.folders.values(), *listing.misnamed], source)
    for path, mode in listing.not_files:
        message = f"{kind_of(mode)}, not a regular file: it is never read nor published; remove it"
        problems.append(
            Problem(shown_name(display_path(path, source)), 1, 1, "", message, Severity.WARNING)
        )
    return problems


def _load_site_file(source: Path) -> tuple[SourceDocument, list[Problem]]:
    path = source / "site.yaml"
    name = display_path(path, source)
    if not os.path.lexists(path):
        hint = (
            " (there is a site.yml: rename it to site.yaml)"
            if (source / "site.yml").is_file()
            else ""
        )
        return SourceDocument(name, None), [Problem(name, 1, 1, "", f"site.yaml not found{hint}")]
    text, problems = _read_content(path, source)
    if text is None:
        return SourceDocument(name, None), problems
    document, problems = parse_yaml(text, name)
    if document.data is not None and not isinstance(document.data, dict):
        problems.append(document.problem((), "site.yaml must be a mapping of settings"))
        document.data = None
    return document, problems


def deep_quote_line(text: str) -> int | None:
    """The first line of Markdown `text` that nests blockquotes deeper than MAX_QUOTE_DEPTH."""
    deep = _DEEP_QUOTE.search(text)
    return text.count("\n", 0, deep.start()) + 1 if deep else None


def _load_markdown(path: Path, source: Path) -> tuple[MarkdownSource | None, list[Problem]]:
    if not os.path.lexists(path):
        return None, []
    text, problems = _read_content(path, source)
    if text is None:
        return None, problems
    name = shown_name(display_path(path, source))
    line = deep_quote_line(text)
    if line:
        return None, [Problem(name, line, 1, "", DEEP_QUOTE_MESSAGE)]
    return parse_front_matter(text, name)


def _load_mapping(path: Path, source: Path) -> tuple[SourceDocument, list[Problem]]:
    """A YAML file that must hold a mapping of fields (campaign.yaml and its translations)."""
    name = shown_name(display_path(path, source))
    text, problems = _read_content(path, source)
    if text is None:
        return SourceDocument(name, None), problems
    document, found = parse_yaml(text, name)
    problems += found
    if document.data is not None and not isinstance(document.data, dict):
        problems.append(document.problem((), f"{path.name} must be a mapping of fields"))
        document.data = None
    return document, problems


def _load_translations(folder: Path, source: Path, sources: CampaignSources) -> list[Problem]:
    """The translated files beside campaign.yaml, story.md, risks.md and in updates/."""
    problems: list[Problem] = []

    def of(language: str) -> TranslationSources:
        return sources.translations.setdefault(language, TranslationSources())

    for path in sorted(folder.glob("*.*.*")):
        stem, language = language_of(path.name.rsplit(".", 1)[0])
        kind = (stem, path.suffix)
        if language is None or kind not in {
            ("campaign", ".yaml"),
            ("story", ".md"),
            ("risks", ".md"),
        }:
            continue
        if stem == "campaign":
            of(language).campaign, found = _load_mapping(path, source)
        else:
            markdown, found = _load_markdown(path, source)
            setattr(of(language), stem, markdown)
        problems += found
    return problems


def load_campaign(folder: Path, source: Path) -> tuple[CampaignSources, list[Problem]]:
    elsewhere = outside_site(folder, source) or leads_to_private(folder, source)
    if elsewhere:  # the whole folder is outside the site, or private: read none of it
        return CampaignSources(folder.name, folder, SourceDocument("", None)), [elsewhere]
    if not is_slug(folder.name):  # not an address: read none of it (campaign_folders skips it)
        misnamed = campaign_folder_problems([folder], source)
        return CampaignSources(folder.name, folder, SourceDocument("", None)), misnamed
    problems = campaign_folder_files(folder, source)
    yaml_path = folder / "campaign.yaml"
    name = display_path(yaml_path, source)
    document = SourceDocument(name, None)
    if not os.path.lexists(yaml_path):
        problems.append(Problem(name, 1, 1, "", "campaign.yaml not found"))
    else:
        document, found = _load_mapping(yaml_path, source)
        problems += found
    sources = CampaignSources(folder.name, folder, document)
    problems += _load_translations(folder, source, sources)
    sources.story, found = _load_markdown(folder / "story.md", source)
    problems += found
    sources.risks, found = _load_markdown(folder / "risks.md", source)
    problems += found
    problems += _load_updates(folder / "updates", source, sources)
    ledger_path = folder / LEDGER_FILE
    if os.path.lexists(ledger_path):
        sources.ledger_file = display_path(ledger_path, source)
        text, found = _read_content(ledger_path, source)
        problems += found
        if text is not None:
            sources.ledger, found = parse_ledger(text, sources.ledger_file)
            problems += found
    problems += _load_ledger_sync(folder / SYNC_FILE, source, sources)
    return sources, _without_double_reports(problems)  # a link outside is found twice


def _load_ledger_sync(path: Path, source: Path, sources: CampaignSources) -> list[Problem]:
    """When each source of the ledger was last read, from ledger-sync.json when there is one."""
    if not os.path.lexists(path):
        return []
    text, problems = _read_content(path, source, MAX_SYNC_FILE_BYTES)
    if text is None:
        return problems
    sources.sources_read, problems = parse_ledger_sync(text, shown_name(display_path(path, source)))
    return problems


def _load_updates(folder: Path, source: Path, sources: CampaignSources) -> list[Problem]:
    """updates/YYYY-MM-DD-<slug>.md and their translations (…-<slug>.<language>.md); a file
    named otherwise is an error, and is not read."""
    problems: list[Problem] = []
    if not folder.is_dir():
        return problems
    for path in sorted(folder.glob("*.md")):
        misnamed = update_name_problem(path.stem, shown_name(display_path(path, source)))
        if misnamed:
            problems.append(misnamed)
            continue
        update, found = _load_markdown(path, source)
        problems += found
        if update is None:
            continue
        stem, language = language_of(path.stem)
        if language is None:
            sources.updates.append((path.stem, update))
        else:
            translation = sources.translations.setdefault(language, TranslationSources())
            translation.updates[stem] = update
    return problems


@dataclass(frozen=True)
class _CampaignListing:
    """What campaigns/ holds: folders by name (their names are addresses), folders whose
    names are not, and entries that are neither folders nor files (with their modes)."""

    folders: dict[str, Path]
    misnamed: tuple[Path, ...]
    not_files: tuple[tuple[Path, int], ...]


class FolderListings:
    """The listings of campaigns/ folders made, kept while each folder's mtime says nothing
    was added or removed: a process that builds the same site again (a server) keeps one
    across its builds (build.py's KeptBetweenBuilds) instead of listing 10,000 folders again."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str, int, int], tuple[int, _CampaignListing]] = {}

    def get(self, key: tuple[str, str, int, int], mtime_ns: int) -> _CampaignListing | None:
        known = self._known.get(key)
        return known[1] if known and known[0] == mtime_ns else None

    def keep(
        self, key: tuple[str, str, int, int], mtime_ns: int, listing: _CampaignListing
    ) -> None:
        self._known = {key: (mtime_ns, listing)}  # only the last site's


def campaign_folders(source: Path, listings: FolderListings | None = None) -> dict[str, Path]:
    """Every campaign folder under campaigns/ by name (folders starting with '.' or '_' are
    skipped, and so are folders whose names are not addresses: load_site reports those).

    The result is shared: callers must not change it. With `listings` kept from an earlier
    build, the same list comes back while the folder's mtime says nothing changed.
    """
    return _campaign_listing(source, listings).folders


def _campaign_listing(source: Path, listings: FolderListings | None = None) -> _CampaignListing:
    campaigns_folder = source / "campaigns"
    try:
        stamp = campaigns_folder.stat()
    except OSError:
        return _NOTHING
    if not stat.S_ISDIR(stamp.st_mode):
        return _NOTHING
    # The same spelling of the same folder: a relative path names another after a chdir, and
    # copies of a site can have the same mtimes.
    key = (os.path.abspath(campaigns_folder), str(campaigns_folder), stamp.st_dev, stamp.st_ino)
    known = listings.get(key, stamp.st_mtime_ns) if listings is not None else None
    if known is not None:
        return known
    folders, misnamed, not_files = {}, [], []
    with os.scandir(campaigns_folder) as entries:  # names and kinds without a stat each
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.name.startswith((".", "_")):
                continue
            path = campaigns_folder / entry.name
            if entry.is_dir():
                if is_slug(entry.name):
                    folders[entry.name] = path
                else:
                    misnamed.append(path)
            elif not entry.is_file():
                try:
                    not_files.append((path, entry.stat().st_mode))
                except OSError:
                    continue  # a dangling link: nothing to read
    listing = _CampaignListing(folders, tuple(misnamed), tuple(not_files))
    racy = time.time_ns() - stamp.st_mtime_ns <= RACY_SECONDS * 1_000_000_000
    if listings is not None and not racy:  # a change in the same tick stays visible
        listings.keep(key, stamp.st_mtime_ns, listing)
    return listing


_NOTHING = _CampaignListing({}, (), ())


def load_campaigns(source: Path) -> tuple[list[CampaignSources], list[Problem]]:
    """Read every campaign folder."""
    campaigns, problems = [], []
    for folder in campaign_folders(source).values():
        campaign, found = load_campaign(folder, source)
        campaigns.append(campaign)
        problems += found
    return campaigns, problems
