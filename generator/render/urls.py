"""Links between pages: relative, so a site works from disk and under any path."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
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
    return _relative_path(path, from_path) + (hash_mark + fragment if hash_mark else "")


def _relative_path(path: str, from_path: str) -> str:
    """posixpath.relpath for two site paths, without its trips to the working directory."""
    folders = [part for part in from_path.split("/")[:-1] if part not in ("", ".")]
    parts = [part for part in path.split("/") if part not in ("", ".")]
    shared = 0
    while shared < min(len(folders), len(parts)) and folders[shared] == parts[shared]:
        shared += 1
    return "/".join([".."] * (len(folders) - shared) + parts[shared:]) or "."


def absolute_url(target: str, base_url: str) -> str:
    """The public address of a site path: base_url ends with '/', target never starts with it."""
    return base_url + target.lstrip("/")
