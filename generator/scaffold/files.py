"""Writing scaffolded files: all of them or none, never over a file unless told to."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping
from pathlib import Path


class ScaffoldRefused(Exception):
    """Files that would be overwritten (nothing was written)."""


def write_files(root: Path, files: Mapping[str, str | bytes], force: bool = False) -> list[Path]:
    """Write each relative path's text (or bytes) under `root`; refuse, writing nothing, when
    any exists (unless `force`). Returns the files written, in order."""
    targets = {relative: root / relative for relative in files}
    existing = [relative for relative, path in targets.items() if path.exists()]
    if existing and not force:
        listed = "\n".join(f"  {root / relative}" for relative in existing)
        raise ScaffoldRefused(
            f"these files exist already and were left alone (--force replaces them):\n{listed}"
        )
    for relative, path in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        content = files[relative]
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return list(targets.values())


def schema_line(file: Path, schemas: Path, kind: str) -> str:
    """The comment that points editors at the JSON Schema of `kind` (site, campaign or update),
    written relative to `file` as yaml-language-server expects."""
    schema = schemas / f"{kind}.schema.json"
    relative = posixpath.join(*Path(os.path.relpath(schema, file.parent)).parts)
    return f"# yaml-language-server: $schema={relative}\n"
