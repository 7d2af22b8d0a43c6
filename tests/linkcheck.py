"""Check that every internal link and asset of a built site resolves, from disk and on a web host."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

URL_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


def internal_references(page: Path) -> list[str]:
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    references = []
    for tag_name, attribute in URL_ATTRIBUTES.items():
        for tag in document.find_all(tag_name):
            value = tag.get(attribute)
            if value:
                references.append(value)
        if tag_name == "img":
            for tag in document.find_all("img", srcset=True):
                references += [part.strip().split(" ")[0] for part in tag["srcset"].split(",")]
    return references


def _ids(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        cache[page] = {tag["id"] for tag in document.find_all(id=True)}
    return cache[page]


def _target_problem(target: Path | None, fragment: str, ids: dict[Path, set[str]]) -> str | None:
    """'' for a missing file, ' (no such id)' for a missing anchor, None when the link is good."""
    if target is None or not target.is_file():
        return ""
    if fragment and target.suffix == ".html" and fragment not in _ids(target, ids):
        return " (no such id)"
    return None


def broken_links_from_disk(output: Path) -> list[str]:
    """Opening pages with file://: relative links must name files (folders show no index.html)."""
    broken, ids = [], {}
    for page in sorted(output.rglob("*.html")):
        if page.name == "404.html":
            continue  # served by the host at any address, so its links start at the site root
        for reference in internal_references(page):
            parts = urlsplit(reference)
            if parts.scheme or reference.startswith("//"):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            inside = output.resolve() in target.parents
            if (
                problem := _target_problem(target if inside else None, parts.fragment, ids)
            ) is not None:
                broken.append(f"{page.relative_to(output)}: {reference}{problem}")
    return broken


def broken_links_on_host(output: Path, base_url: str) -> list[str]:
    """Published under a project path (https://user.github.io/repo/): folders serve index.html."""
    base = urlsplit(base_url)
    broken, ids = [], {}
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output).as_posix()
        page_url = base_url + relative.removesuffix("index.html")
        for reference in internal_references(page):
            absolute = urlsplit(urljoin(page_url, reference))
            if absolute.netloc != base.netloc or absolute.scheme not in ("http", "https"):
                continue
            if not absolute.path.startswith(base.path):
                broken.append(f"{relative}: {reference} (outside {base.path})")
                continue
            inside = posixpath.normpath("/" + unquote(absolute.path[len(base.path) :])).lstrip("/")
            target = output / inside if inside not in ("", ".") else output
            if target.is_dir():
                target = target / "index.html"
            if (problem := _target_problem(target, absolute.fragment, ids)) is not None:
                broken.append(f"{relative}: {reference}{problem}")
    return broken
