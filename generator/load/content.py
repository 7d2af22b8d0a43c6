"""Find and read a site's content folder: site.yaml and one folder per campaign."""

from __future__ import annotations

import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import RACY_SECONDS
from generator.ledger.rows import LedgerRow
from generator.ledger.store import LEDGER_FILE, parse_ledger
from generator.load.front_matter import MarkdownSource, parse_front_matter
from generator.load.yaml_source import SourceDocument, parse_yaml
from generator.model.types import SLUG_PATTERN
from generator.problems import Problem, display_path

# Any text file of the content (a 10 MB story renders in a few seconds; see docs/content.md).
MAX_FILE_BYTES = 16 * 1024 * 1024
# Python-Markdown takes time quadratic in the depth of nested blockquotes (30,000 `>` on one
# line: seconds; 100,000: minutes); no story needs more than a few.
MAX_QUOTE_DEPTH = 32
_DEEP_QUOTE = re.compile(rf"^(?:[ \t]*>){{{MAX_QUOTE_DEPTH + 1}}}", re.MULTILINE)
DEEP_QUOTE_MESSAGE = f"blockquotes are nested more than {MAX_QUOTE_DEPTH} deep"
# The language of a translated file: story.fr.md, campaign.pt-BR.yaml, 2026-11-20-cold.ar.md.
TRANSLATED_NAME = re.compile(
    r"^(?P<stem>[^.]+)\.(?P<language>[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)$"
)


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
    translations: dict[str, TranslationSources] = field(default_factory=dict)  # by language


def read_text(path: Path, root: Path) -> tuple[str | None, list[Problem]]:
    name = display_path(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            return None, [
                Problem(
                    name, 1, 1, "", f"file is too large ({size} bytes; the limit is {limit} MB)"
                )
            ]
        return path.read_bytes().decode("utf-8"), []
    except UnicodeDecodeError as error:
        return None, [Problem(name, 1, 1, "", f"not UTF-8 text (byte {error.start})")]
    except OSError as error:
        return None, [Problem(name, 1, 1, "", f"cannot read file: {error.strerror}")]


def _read_content(path: Path, source: Path) -> tuple[str | None, list[Problem]]:
    """A file of the site as text; refused when (through a symbolic link) it is outside."""
    outside = outside_site(path, source)
    return (None, [outside]) if outside else read_text(path, source)


def outside_site(path: Path, root: Path) -> Problem | None:
    """The problem with a symbolic link (or a path through one) that leads out of the site
    or round in a loop; None for any other path."""
    real_root = os.path.realpath(root)
    try:
        target = path.resolve()
    except (RuntimeError, OSError):  # RuntimeError: a loop, before Python 3.13
        target = None
    if target is None or target.is_symlink():  # from 3.13, a loop resolves to a link
        return Problem(display_path(path, root), 1, 1, "", "symbolic link loop")
    if os.path.commonpath([real_root, target]) == real_root:
        return None
    return Problem(
        display_path(path, root),
        1,
        1,
        "",
        f"links outside the site (to {target}); copy the file into the site instead",
    )


def links_outside(folder: Path, root: Path) -> list[Problem]:
    """Every symbolic link in `folder` (and `folder` itself) that leads outside the site `root`
    or round in a loop. Links within the site are followed as the files they lead to; hidden
    files and folders are never read nor published, so they are not looked at."""
    problems: list[Problem] = []
    if not os.path.lexists(folder):
        return problems
    found = outside_site(folder, root)
    if found or not folder.is_dir():
        return [found] if found else []
    for current, folders, files in os.walk(folder):  # links to folders are not entered
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted([*folders, *files]):
            path = Path(current) / name
            if not name.startswith(".") and path.is_symlink():
                found = outside_site(path, root)
                if found:
                    problems.append(found)
    return problems


def load_site(source: Path) -> tuple[SourceDocument, list[Problem]]:
    """Read site.yaml, and refuse links outside the site in every folder but the campaigns'
    (each campaign's are found as it is loaded)."""
    problems: list[Problem] = []
    for entry in sorted(source.iterdir()) if source.is_dir() else []:
        if entry.name == "campaigns":
            problems += [found] if (found := outside_site(entry, source)) else []
        elif not entry.name.startswith("."):
            problems += links_outside(entry, source)
    document, found = _load_site_file(source)
    return document, list(dict.fromkeys(problems + found))


def _load_site_file(source: Path) -> tuple[SourceDocument, list[Problem]]:
    path = source / "site.yaml"
    name = display_path(path, source)
    if not path.is_file():
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
    if not path.is_file():
        return None, []
    text, problems = _read_content(path, source)
    if text is None:
        return None, problems
    name = display_path(path, source)
    line = deep_quote_line(text)
    if line:
        return None, [Problem(name, line, 1, "", DEEP_QUOTE_MESSAGE)]
    return parse_front_matter(text, name)


def _load_mapping(path: Path, source: Path) -> tuple[SourceDocument, list[Problem]]:
    """A YAML file that must hold a mapping of fields (campaign.yaml and its translations)."""
    name = display_path(path, source)
    text, problems = _read_content(path, source)
    if text is None:
        return SourceDocument(name, None), problems
    document, found = parse_yaml(text, name)
    problems += found
    if document.data is not None and not isinstance(document.data, dict):
        problems.append(document.problem((), f"{path.name} must be a mapping of fields"))
        document.data = None
    return document, problems


def _language_of(name: str) -> tuple[str, str | None]:
    """'story.fr' -> ('story', 'fr'); 'story' -> ('story', None)."""
    found = TRANSLATED_NAME.match(name)
    if found is None:
        return name, None
    return found["stem"], found["language"].replace("_", "-")


def _load_translations(folder: Path, source: Path, sources: CampaignSources) -> list[Problem]:
    """The translated files beside campaign.yaml, story.md, risks.md and in updates/."""
    problems: list[Problem] = []

    def of(language: str) -> TranslationSources:
        return sources.translations.setdefault(language, TranslationSources())

    for path in sorted(folder.glob("*.*.*")):
        stem, language = _language_of(path.name.rsplit(".", 1)[0])
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
    elsewhere = outside_site(folder, source)
    if elsewhere:  # the whole folder is outside the site: read none of it
        return CampaignSources(folder.name, folder, SourceDocument("", None)), [elsewhere]
    problems = links_outside(folder, source)
    yaml_path = folder / "campaign.yaml"
    name = display_path(yaml_path, source)
    document = SourceDocument(name, None)
    if not SLUG_PATTERN.match(folder.name):
        problems.append(
            Problem(
                display_path(folder, source),
                1,
                1,
                "",
                "campaign folder names must be "
                "slugs: lower-case letters, digits and single hyphens",
            )
        )
    if not yaml_path.is_file():
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
    updates_folder = folder / "updates"
    if updates_folder.is_dir():
        for path in sorted(updates_folder.glob("*.md")):
            update, found = _load_markdown(path, source)
            problems += found
            stem, language = _language_of(path.stem)
            if update is None:
                continue
            if language is None:
                sources.updates.append((path.stem, update))
            else:
                translation = sources.translations.setdefault(language, TranslationSources())
                translation.updates[stem] = update
    ledger_path = folder / LEDGER_FILE
    if ledger_path.is_file():
        sources.ledger_file = display_path(ledger_path, source)
        text, found = _read_content(ledger_path, source)
        problems += found
        if text is not None:
            sources.ledger, found = parse_ledger(text, sources.ledger_file)
            problems += found
    return sources, list(dict.fromkeys(problems))  # a link outside is found twice


def campaign_folders(source: Path) -> dict[str, Path]:
    """Every folder under campaigns/ by name (folders starting with '.' or '_' are skipped).

    The result is shared: callers must not change it. A process that builds again (a server)
    gets the same list back while the folder's mtime says nothing was added or removed.
    """
    campaigns_folder = source / "campaigns"
    try:
        stamp = campaigns_folder.stat()
    except OSError:
        return {}
    if not stat.S_ISDIR(stamp.st_mode):
        return {}
    # The same spelling of the same folder: a relative path names another after a chdir, and
    # copies of a site can have the same mtimes.
    key = (os.path.abspath(campaigns_folder), str(campaigns_folder), stamp.st_dev, stamp.st_ino)
    known = _FOLDERS.get(key)
    if known and known[0] == stamp.st_mtime_ns:
        return known[1]
    with os.scandir(campaigns_folder) as entries:  # names and kinds without a stat each
        folders = {
            entry.name: campaigns_folder / entry.name
            for entry in sorted(entries, key=lambda entry: entry.name)
            if entry.is_dir() and not entry.name.startswith((".", "_"))
        }
    if (
        time.time_ns() - stamp.st_mtime_ns > RACY_SECONDS * 1_000_000_000
    ):  # a change in the same tick stays visible
        _FOLDERS.clear()
        _FOLDERS[key] = (stamp.st_mtime_ns, folders)
    return folders


_FOLDERS: dict[tuple[str, str, int, int], tuple[int, dict[str, Path]]] = {}


def load_campaigns(source: Path) -> tuple[list[CampaignSources], list[Problem]]:
    """Read every campaign folder."""
    campaigns, problems = [], []
    for folder in campaign_folders(source).values():
        campaign, found = load_campaign(folder, source)
        campaigns.append(campaign)
        problems += found
    return campaigns, problems
