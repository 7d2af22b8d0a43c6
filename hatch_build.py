"""Packaging: an editable install imports `pledgekit` from this checkout's generator/ folder.

A built wheel needs nothing from here (pyproject.toml maps generator/ to pledgekit/). An
editable install (`pip install -e .`) gets two files instead of the code: a .pth line that
imports a small finder, and the finder, which answers `import pledgekit` with generator/ so
that an edit is live at once. No module named `generator` is installed either way.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FINDER = '''"""`import pledgekit` from {source} (an editable install of pledgekit)."""

import importlib.abc
import importlib.util
import sys

SOURCE = {source!r}


class PledgekitFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "pledgekit":
            return None
        return importlib.util.spec_from_file_location(
            name, SOURCE + "/__init__.py", submodule_search_locations=[SOURCE]
        )


if not any(isinstance(finder, PledgekitFinder) for finder in sys.meta_path):
    sys.meta_path.append(PledgekitFinder())
'''

FINDER_MODULE = "_pledgekit_editable"


class EditableInstall(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if version != "editable":
            return
        source = Path(self.root, "generator").resolve()
        folder = Path(
            self.directory, ".pledgekit-editable"
        )  # beside the wheel, in pip's build folder
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{FINDER_MODULE}.py").write_text(FINDER.format(source=str(source)))
        (folder / f"{FINDER_MODULE}.pth").write_text(f"import {FINDER_MODULE}\n")
        build_data["force_include_editable"] = {
            str(folder / name): name for name in (f"{FINDER_MODULE}.py", f"{FINDER_MODULE}.pth")
        }
