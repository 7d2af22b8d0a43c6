"""pledgekit's own wheel kept in a site's repository, and the requirements.txt lines that
install it: the site's workflow then builds with exactly the pledgekit that made the site, and
no package index is asked for pledgekit itself."""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from pledgekit import __version__
from pledgekit.bundled import builtin_themes_folder, example_content_folder

DISTRIBUTION = "pledgekit"
PACKAGE = __name__.split(".")[0]
WHEEL_FOLDER = ".pledgekit"
BLOCK_START = "# >>> pledgekit vendor: `pledgekit vendor` rewrites these lines; yours go outside"
BLOCK_END = "# <<< pledgekit vendor"
# A wheel's files carry this date (the earliest a zip can hold): the same pledgekit gives the
# same wheel, byte for byte, so vendoring again changes nothing in the site's repository.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# A line that installs pledgekit some other way: a pin or range, a URL, or a wheel's path.
_OLD_REQUIREMENT = re.compile(
    r"^\s*(pledgekit\s*(?:[=<>~!@\[;]|$)|\S*pledgekit-[^/\s]*\.whl\b)", re.IGNORECASE
)
# The comments around the `pledgekit==…` pin that `pledgekit init` wrote before sites kept
# the wheel: they tell of a placeholder repository (OWNER) and go with the pin.
_OLD_COMMENTS = re.compile(
    r"^# (The pledgekit the GitHub workflow installs: the version you built with, so that the"
    r"|site on GitHub looks like the one on your machine; raise it when you upgrade\."
    r"|If pip cannot find that version on PyPI, install from pledgekit's repository instead:"
    r"|replace the line above with one like this \(a tag or a commit after the @\)\."
    r"|pledgekit @ git\+https://github\.com/OWNER/pledgekit@\S*)$"
)


class VendorRefused(Exception):
    """pledgekit's wheel cannot be written (nothing was changed)."""


@dataclass(frozen=True)
class Wheel:
    name: str  # pledgekit-0.1.0-py3-none-any.whl
    data: bytes


@dataclass(frozen=True)
class Vendored:
    """What `vendor` did in a site's folder."""

    wheel: Path
    requirements: Path
    changed: list[Path]  # files written because their bytes differ
    removed: list[Path]  # wheels of other pledgekit versions


def wheel_name(version: str = __version__) -> str:
    return f"{DISTRIBUTION}-{version}-py3-none-any.whl"


def wheel_path(version: str = __version__) -> str:
    """The wheel's place in a site, as requirements.txt names it (from the site's top)."""
    return f"{WHEEL_FOLDER}/{wheel_name(version)}"


def _installed() -> importlib.metadata.Distribution:
    try:
        return importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise VendorRefused(
            "pledgekit runs here without being installed, so its wheel cannot be made: "
            "install it (python3 -m pip install .) and run this again"
        ) from None


def _regular_files(folder: Path) -> Iterator[Path]:
    """Every regular file under `folder`, in a fixed order, without caches, hidden files or
    links (what a built wheel holds)."""
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != "__pycache__" and not f.startswith("."))
        for name in sorted(files):
            path = Path(top) / name
            if name.startswith(".") or name.endswith((".pyc", ".pyo")):
                continue
            if stat.S_ISREG(os.lstat(path).st_mode):
                yield path


def _package_files() -> list[tuple[str, Path]]:
    """(name in the wheel, file) for the package, with the built-in themes and the example
    site under _bundled/ where a wheel keeps them (a checkout keeps them beside the package)."""
    package = Path(__file__).resolve().parent.parent
    bundled = package / "_bundled"
    files = [
        (f"{PACKAGE}/{path.relative_to(package).as_posix()}", path)
        for path in _regular_files(package)
        if not path.is_relative_to(bundled)
    ]
    for name, folder in (
        ("content", example_content_folder()),
        ("themes", builtin_themes_folder()),
    ):
        files += [
            (f"{PACKAGE}/_bundled/{name}/{path.relative_to(folder).as_posix()}", path)
            for path in _regular_files(folder)
        ]
    return sorted(files)


def _metadata(distribution: importlib.metadata.Distribution) -> str:
    text = distribution.read_text("METADATA") or ""
    # An editable install whose version was raised since: the code is what gets vendored.
    return re.sub(r"(?m)^Version: .*$", f"Version: {__version__}", text, count=1)


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def running_wheel() -> Wheel:
    """The wheel of the pledgekit that is running: its code, built-in themes and example site,
    with the installed metadata (name, version, requirements, the `pledgekit` command)."""
    distribution = _installed()
    info = f"{DISTRIBUTION}-{__version__}.dist-info"
    entries = [(name, path.read_bytes()) for name, path in _package_files()]
    entries += [
        (f"{info}/METADATA", _metadata(distribution).encode("utf-8")),
        (
            f"{info}/WHEEL",
            f"Wheel-Version: 1.0\nGenerator: pledgekit {__version__} (vendor)\n"
            "Root-Is-Purelib: true\nTag: py3-none-any\n".encode(),
        ),
        (f"{info}/entry_points.txt", (distribution.read_text("entry_points.txt") or "").encode()),
    ]
    record = "".join(f"{name},sha256={_digest(data)},{len(data)}\n" for name, data in entries)
    entries.append((f"{info}/RECORD", (record + f"{info}/RECORD,,\n").encode()))
    return Wheel(wheel_name(), _zip(entries))


def pinned_requirements() -> list[str]:
    """`name==version` for everything the running pledgekit needs, at the installed versions:
    its requirements and theirs, as far as they apply on this machine."""
    pins: dict[str, str] = {}
    pending = [(requirement, frozenset()) for requirement in _installed().requires or []]
    while pending:
        text, extras = pending.pop()
        requirement = Requirement(text)
        wanted = extras or frozenset({""})
        if requirement.marker and not any(
            requirement.marker.evaluate({"extra": extra}) for extra in wanted
        ):
            continue
        key = canonicalize_name(requirement.name)
        try:
            distribution = importlib.metadata.distribution(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            raise VendorRefused(
                f"pledgekit needs {requirement.name}, which is not installed here: "
                "reinstall pledgekit and run this again"
            ) from None
        if key in pins:
            continue
        pins[key] = f"{distribution.metadata['Name']}=={distribution.version}"
        pending += [(child, frozenset(requirement.extras)) for child in distribution.requires or []]
    return [pins[key] for key in sorted(pins)]


def requirements_block(pins: list[str]) -> str:
    lines = [
        BLOCK_START,
        f"# pledgekit {__version__} itself, kept in this repository: the workflow builds with the",
        "# pledgekit that made the site. Upgrade: install the newer pledgekit, run",
        "# `pledgekit vendor` here, commit. (Once pledgekit is on PyPI, a line such as",
        f"# pledgekit=={__version__} instead of this block works too.)",
        f"./{wheel_path()}",
        "# What it needs, at the versions it was made with (from PyPI):",
        *pins,
        BLOCK_END,
    ]
    return "\n".join(lines) + "\n"


def requirements_text(existing: str | None, pins: list[str]) -> str:
    """requirements.txt with the vendor block written anew: in place of the old block, or of
    lines that install pledgekit some other way; other lines are kept as they are."""
    block = requirements_block(pins)
    if not existing:
        return block
    lines = existing.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith(BLOCK_START[:22])]
    ends = [i for i, line in enumerate(lines) if line.startswith(BLOCK_END)]
    if starts and ends and ends[-1] > starts[0]:
        kept_before, kept_after = lines[: starts[0]], lines[ends[-1] + 1 :]
    else:
        old = [
            i
            for i, line in enumerate(lines)
            if _OLD_REQUIREMENT.match(line) or _OLD_COMMENTS.match(line.rstrip("\n"))
        ]
        at = old[0] if old else len(lines)
        kept_before = [line for i, line in enumerate(lines[:at]) if i not in old]
        kept_after = [line for i, line in enumerate(lines[at:], start=at) if i not in old]
    if kept_before and not kept_before[-1].endswith("\n"):
        kept_before[-1] += "\n"
    return "".join(kept_before) + block + "".join(kept_after)


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
    return True


def vendor(root: Path) -> Vendored:
    """Keep the running pledgekit's wheel in the site at `root` (removing other versions' wheels)
    and make its requirements.txt install it, with the versions it needs pinned."""
    wheel = running_wheel()
    requirements = root / "requirements.txt"
    existing = requirements.read_text(encoding="utf-8") if requirements.is_file() else None
    text = requirements_text(existing, pinned_requirements())
    target = root / WHEEL_FOLDER / wheel.name
    changed = [target] if _write_if_changed(target, wheel.data) else []
    removed = sorted(
        path for path in (root / WHEEL_FOLDER).glob(f"{DISTRIBUTION}-*.whl") if path != target
    )
    for path in removed:
        path.unlink()
    if _write_if_changed(requirements, text.encode("utf-8")):
        changed.append(requirements)
    return Vendored(target, requirements, changed, removed)
