"""SVG pictures of the content as the build reports them: what runs code (an error: the
picture is not published) and what the picture is published without (a warning), each at its
line and column in the SVG file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pledgekit.load.svg import Removal, SvgRefused, clean_svg
from pledgekit.problems import Problem, Severity, display_path
from pledgekit.safe_read import FileRefused, read_regular_file

MAX_SVG_PROBLEMS = 10  # a hostile picture can hold thousands; the first ones say enough


def svg_problems(path: Path, root: Path) -> list[Problem]:
    """What an SVG picture holds that it is published without, at its line and column (file
    names relative to `root`): an error for what runs code or cannot be read as a picture (it
    is then not published), a warning for what it is published without (links, files from
    elsewhere)."""
    shown = display_path(path, root)
    try:
        cleaned = clean_svg(read_regular_file(path))
    except FileRefused as refused:
        return [Problem(shown, 1, 1, "", f"{refused.reason} (the picture is not published)")]
    except SvgRefused as refused:
        message = f"{refused.message} (the picture is not published)"
        return [Problem(shown, refused.line, refused.column, "", message)]
    problems = [
        Problem(shown, removal.line, removal.column, "", _svg_message(removal), severity)
        for removal in cleaned.removals
        for severity in [Severity.ERROR if removal.hostile else Severity.WARNING]
    ]
    problems.sort(key=lambda problem: problem.severity is not Severity.ERROR)
    if len(problems) > MAX_SVG_PROBLEMS:
        more = problems[MAX_SVG_PROBLEMS]
        count = len(problems) - MAX_SVG_PROBLEMS
        summary = f"and {count} more like these in the same picture"
        problems = [*problems[:MAX_SVG_PROBLEMS], replace(more, message=summary)]
    return problems


def _svg_message(removal: Removal) -> str:
    if removal.hostile:
        return (
            f"{removal.what}: pictures may not run code; remove it (the picture is not published)"
        )
    return f"{removal.what}: published without it"


def static_svg_problems(source: Path) -> list[Problem]:
    """The problems of the SVG pictures in the site's own static/ folder (a logo): files that
    contributors send, checked as campaign pictures are. A theme's static files are its
    author's code, trusted as its templates are (docs/security.md)."""
    return [problem for path in static_svgs(source) for problem in svg_problems(path, source)]


def static_svgs(source: Path) -> list[Path]:
    """The SVG pictures of the site's static/ folder that are published (not hidden)."""
    folder = source / "static"
    if not folder.is_dir():
        return []
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.suffix.lower() == ".svg"
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]
