"""Links between pages: relative, so a site works from disk and under any path."""

from __future__ import annotations

import posixpath


def relative_url(target: str, from_path: str) -> str:
    """A link from the page written at `from_path` to the site path `target`.

    Folder targets ('campaigns/lamp/') point at their index.html so that pages
    opened straight from disk (file://) work as well as pages on a web server.
    """
    if "://" in target:
        return target  # an image or page on another site, given as an https:// address
    path, hash_mark, fragment = target.partition("#")
    if path == "" or path.endswith("/"):
        path += "index.html"
    start = posixpath.dirname(from_path) or "."
    link = posixpath.relpath(path, start)
    return link + (hash_mark + fragment if hash_mark else "")


def absolute_url(target: str, base_url: str) -> str:
    """The public address of a site path: base_url ends with '/', target never starts with it."""
    return base_url + target.lstrip("/")
