"""Refuse to publish a file that shows a secret: every file a build writes is searched as a
reader would see it before it is written, and what is found is traced to the source it came from.

The sources are searched as they are loaded (validate/secrets.py), but a page shows the text
decoded: a key escaped in Markdown, HTML or YAML, split by a comment or over lines, saved as
UTF-16 or kept in a picture's metadata passes a search of the source and is whole on the page.
So each written file is searched in every view of published_text.py and embedded_text.py,
and a file that shows a secret is not written: the build fails, the site stays as it was.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from pledgekit.digests import digest
from pledgekit.load.content import outside_site
from pledgekit.load.markdown_render import MarkdownRenderer
from pledgekit.load.yaml_source import parse_yaml
from pledgekit.problems import Problem, display_path, format_field_path
from pledgekit.safe_read import FileRefused, FileTooLarge, read_regular_file
from pledgekit.validate.embedded_text import TooLarge, embedded_texts
from pledgekit.validate.published_text import (
    byte_views,
    data_uri_contents,
    decoded_text,
    text_views,
    wide_views,
)
from pledgekit.validate.secrets import (
    MAX_SCANNED_BYTES,
    SKIPPED_FILES,
    SKIPPED_FOLDERS,
    SecretHit,
    secret_description,
    secret_hits,
)
from pledgekit.write import OutputGeneration, Placer

# Files at least this large are remembered as searched (by their digest, in the build cache), so
# an unchanged picture or PDF is searched once; pages, smaller and made anew, are searched each time.
REMEMBERED_BYTES = 64 * 1024
_ADVICE = (
    "secrets must never be in content, as everything here may be published: remove it, and "
    "revoke it with the service, as it may already have leaked"
)


@dataclass(frozen=True)
class PublishedHit:
    """A secret a published file shows, and where in the file: '' for its text."""

    hit: SecretHit
    where: str


def published_hits(data: bytes) -> list[PublishedHit]:
    """The secrets `data` shows a reader once published: in its text in any encoding and
    notation, in its metadata, PDF pages and compressed parts. Raises TooLarge."""
    found: dict[tuple[str, str], PublishedHit] = {}
    # What a file carries first: a hit is then named by the most precise place it is in.
    for where, piece in [*embedded_texts(data), ("", data)]:
        for view in _views(piece):
            for hit in secret_hits(view):
                found.setdefault((hit.shape.kind, hit.value), PublishedHit(hit, where))
    return list(found.values())


def _views(data: bytes) -> list[str]:
    text = decoded_text(data)
    if text is None:
        return [*byte_views(data), *wide_views(data)]
    views = text_views(text)
    for content in data_uri_contents(text):  # a link to it shows it
        views += text_views(decoded_text(content) or content.decode("latin-1"))
    return views


@functools.cache
def scanner_version() -> str:
    """What decides what the search finds: its code and the PDF reader's version."""
    import pypdf

    here = Path(__file__).resolve().parent.parent / "validate"
    modules = ["secrets.py", "published_text.py", "embedded_text.py"]
    code = [(here / name).read_bytes() for name in modules]
    return digest(Path(__file__).read_bytes(), *code, pypdf.__version__)


@dataclass
class ScanningPlacer(Placer):
    """A Placer that searches each file for secrets before writing it, and writes none that
    shows one (`problems()` says what it found, at the source it came from)."""

    site: Path | None = None  # the site's source folder
    origin: Path | None = None  # the campaign folder this part is made from (None: the site)
    searched: Path | None = None  # where the digests of large files found clean are remembered
    found: dict[tuple, list[str]] = field(default_factory=dict)  # problem -> published paths
    unreadable: list[Problem] = field(default_factory=list)  # files gone or changed meanwhile

    def write(self, path: str, content: bytes) -> None:
        if self._shows_secret(path, content, None):
            return
        super().write(path, content)

    def copy(self, path: str, source: Path, content_digest: str) -> None:
        """The file is read once, safely, and the bytes searched are the bytes published (a
        file changed between the search and a second read could not slip through)."""
        try:
            content = read_regular_file(source, MAX_SCANNED_BYTES)
        except FileTooLarge as too_large:  # refused where it is named; never copied unsearched
            what = f"a file that cannot be checked for secrets ({too_large.reason})"
            self._report(path, source, None, what)
            return
        except (FileRefused, OSError) as error:  # it moved or changed while the site was built
            reason = error.reason if isinstance(error, FileRefused) else error.strerror
            shown = display_path(source, self.site or Path("."))
            message = f"cannot be published: {reason} (did it change while the site was built?)"
            self.unreadable.append(Problem(shown, 1, 1, "", message))
            return
        if self._shows_secret(path, content, source, content_digest):
            return
        self._place(path, content_digest, lambda target: target.write_bytes(content))

    def problems(self) -> list[Problem]:
        """One error per secret and source, naming the first file that would have shown it,
        and each file that could not be read to be published."""
        problems = list(self.unreadable)
        for (file, line, column, field_path, what), paths in sorted(self.found.items()):
            # the first written: the page in the site's own language
            more = f" (and {len(paths) - 1} more files)" if len(paths) > 1 else ""
            message = f"once published, {paths[0]}{more} would show {what}; {_ADVICE}"
            problems.append(Problem(file, line, column, field_path, message))
        return problems

    def _shows_secret(
        self, path: str, content: bytes, source: Path | None, known: str = ""
    ) -> bool:
        remembered = (
            self._remembered(known or digest(content)) if len(content) >= REMEMBERED_BYTES else None
        )
        if remembered is not None and remembered.exists():
            return False
        try:
            hits = published_hits(content)
        except TooLarge as error:
            self._report(path, source, None, f"a file that cannot be checked for secrets ({error})")
            return True
        if not hits:
            if remembered is not None:
                _mark(remembered)
            return False
        for found in hits:
            place = f" in its {found.where}" if found.where else ""
            self._report(path, source, found.hit, secret_description(found.hit) + place)
        return True

    def _remembered(self, content_digest: str) -> Path | None:
        if self.searched is None:
            return None
        return self.searched / digest(scanner_version(), content_digest)

    def _report(self, path: str, source: Path | None, hit: SecretHit | None, what: str) -> None:
        file, line, column, field_path = self._located(source, hit)
        self.found.setdefault((file, line, column, field_path, what), []).append(path)

    def _located(self, source: Path | None, hit: SecretHit | None) -> tuple[str, int, int, str]:
        site = self.site or Path(".")
        if source is not None:  # copied as it is: the file itself, at the line when it is text
            place = locate(hit.value, source) if hit is not None else None
            return display_path(source, site), *(place or (1, 1, ""))
        if hit is not None:
            for candidate in _candidates(self.origin, site):
                place = locate(hit.value, candidate)
                if place is not None:
                    return display_path(candidate, site), *place
        # made by a template, or from parts no one file holds whole
        return display_path(self.origin or site / "site.yaml", site), 1, 1, ""


def scanning(
    placer: Placer, site: Path, origin: Path | None, searched: Path | None
) -> ScanningPlacer:
    """`placer` made to search each file for secrets before writing it."""
    values = {item.name: getattr(placer, item.name) for item in fields(Placer) if item.init}
    return ScanningPlacer(**values, site=site, origin=origin, searched=searched)


def part_placer(
    generation: OutputGeneration | None,
    part: str,
    source: Path,
    cache_folder: Path,
    origin: Path | None = None,
) -> ScanningPlacer:
    """The placer of one part of the site (writing nothing when there is no `generation`: a
    check), searching each file for secrets before it is written; `origin`: the folder its
    files come from, named by the problems found."""
    placer = generation.placer(part) if generation else Placer(None, None, {}, {})
    return scanning(placer, source, origin, cache_folder / "searched")


def locate(value: str, path: Path) -> tuple[int, int, str] | None:
    """Where in the text file `path` the secret `value` is written, in whatever notation:
    (line, column, field path in a YAML file); None when the file does not hold it."""
    try:
        if not path.is_file() or os.stat(path).st_size > MAX_SCANNED_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    text = decoded_text(data)
    if text is None:  # a picture or a PDF: in its metadata, anywhere in it
        return (1, 1, "") if any(_same(found.hit.value, value) for found in _hits(data)) else None
    markdown = path.suffix.lower() in (".md", ".markdown")
    if not _shows(value, text, markdown):
        return None
    if path.suffix.lower() in (".yaml", ".yml"):
        place = _yaml_place(value, text, path)
        if place is not None:
            return place
    return _line_place(value, text, markdown)


def _shows(value: str, text: str, markdown: bool = False) -> bool:
    """Whether `text` shows the secret `value` in any of its views (as Markdown rendered too)."""
    views = text_views(text)
    if markdown:
        views += text_views(_rendered(text))
    return any(_same(hit.value, value) for view in views for hit in secret_hits(view))


def _same(found: str, value: str) -> bool:
    """The same secret: a value joined over a line break may run on into the next words on one
    page and not in another, so one need only start the other."""
    return found.startswith(value) or value.startswith(found)


def _rendered(markdown: str) -> str:
    return _markdown().render(markdown).html


@functools.cache
def _markdown() -> MarkdownRenderer:
    """One converter per process, made when a secret is first traced to its source."""
    return MarkdownRenderer()


def _hits(data: bytes) -> list[PublishedHit]:
    try:
        return published_hits(data)
    except TooLarge:
        return []


def _yaml_place(value: str, text: str, path: Path) -> tuple[int, int, str] | None:
    """The value of the YAML file that shows the secret, once decoded: its line, column and path."""
    document, _ = parse_yaml(text, str(path))
    pending: list[tuple[tuple, object]] = [((), document.data)]
    while pending:
        at, data = pending.pop(0)
        if isinstance(data, dict):
            pending += [((*at, key), item) for key, item in data.items()]
        elif isinstance(data, list):
            pending += [((*at, index), item) for index, item in enumerate(data)]
        elif isinstance(data, str) and _shows(value, data, markdown=True):
            line, column = document.position(at)
            return line, column, format_field_path(at)
    return None


def _line_place(value: str, text: str, markdown: bool) -> tuple[int, int, str]:
    """The line where the secret starts: the first whose views hold its start, else the one
    holding the longest start of it as written (a value split over lines starts on the first)."""
    start = value[: max(12, len(value) // 2)]
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        views = text_views(line) + (text_views(_rendered(line)) if markdown else [])
        if start in line or any(start in view for view in views):
            return number, _column(value, line), ""
    longest = max(
        range(len(lines)), key=lambda index: _written_start(value, lines[index]), default=0
    )
    return longest + 1, _column(value, lines[longest]) if lines else 1, ""


def _written_start(value: str, line: str) -> int:
    """How long a start of `value` `line` holds as it is."""
    for size in range(len(value), 0, -1):
        if value[:size] in line:
            return size
    return 0


def _column(value: str, line: str) -> int:
    """Where on `line` the value starts as written: the longest start of it written plain
    (`sk` of `sk\\_live\\_…`, `sk_live_` of `sk_live_<!-- -->…`)."""
    for size in range(len(value), 1, -1):
        column = line.find(value[:size])
        if column >= 0:
            return column + 1
    return 1


def _candidates(origin: Path | None, site: Path) -> list[Path]:
    """The files a page's text may come from: the campaign's own first, then the site's."""
    folders = [origin] if origin is not None else sorted((site / "campaigns").glob("*/"))
    files = []
    for folder in [*folders, site / "templates"]:
        if folder.is_dir() and outside_site(folder, site) is None:
            files += sorted(path for path in folder.rglob("*") if _published(path, folder))
    return [*files, site / "site.yaml"]


def _published(path: Path, folder: Path) -> bool:
    """Whether a file of `folder` may be where a page's text comes from: not hidden, not the
    processors' exports nor the ledger (never published)."""
    parts = path.relative_to(folder).parts
    return (
        path.is_file()
        and not any(part.startswith(".") or part in SKIPPED_FOLDERS for part in parts)
        and path.name not in SKIPPED_FILES
    )


def _mark(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    except OSError:
        pass  # searched again next time: slower, never wrong
