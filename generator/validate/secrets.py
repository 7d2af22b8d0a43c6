"""Refuse content that holds something shaped like a secret key, before it can be published.

A secret pasted into a campaign (a Stripe secret key instead of a Payment Link, a GitHub token
in a template, a private key beside the pictures) is public the moment the site is built. The
shapes are those the services document for their secrets; publishable values (Stripe `pk_`
keys, Payment Links, PayPal client ids) are never matched. A problem shows only the start of
what was found, never the secret itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.ledger.store import LEDGER_FILE
from generator.load.content import outside_site
from generator.problems import Problem, display_path

# Files read as text and searched (the others are pictures, sounds and videos).
TEXT_SUFFIXES = frozenset(
    [
        ".yaml", ".yml", ".md", ".markdown", ".json", ".toml", ".txt", ".csv",
        ".html", ".htm", ".j2", ".jinja", ".jinja2", ".xml", ".svg", ".css", ".js", ".mjs",
        ".po", ".pot", ".ini", ".cfg", ".conf", ".env", ".pem", ".key",
    ]
)  # fmt: skip
# Files larger than this are refused by the loader anyway, or are not content.
MAX_SCANNED_BYTES = 16 * 1024 * 1024
# Never published and written by machines from the processors' exports: a backer's note that
# happens to look like a key must not stop a campaign's build (see docs/content.md).
SKIPPED_FILES = frozenset([LEDGER_FILE])
SKIPPED_FOLDERS = frozenset(["exports"])


@dataclass(frozen=True)
class SecretShape:
    kind: str  # what it is, for the message: "Stripe secret key"
    pattern: re.Pattern[str]
    shown: int  # how many characters of the match the message may show
    hint: str  # text every match holds (lower-case): files without it are not searched


def _shape(kind: str, pattern: str, shown: int, hint: str) -> SecretShape:
    return SecretShape(kind, re.compile(pattern), shown, hint)


SECRET_SHAPES = (
    _shape("Stripe secret key", r"\bsk_(?:live|test)_[0-9A-Za-z]{16,}", 8, "sk_"),
    _shape("Stripe restricted key", r"\brk_(?:live|test)_[0-9A-Za-z]{16,}", 8, "rk_"),
    _shape("Stripe webhook signing secret", r"\bwhsec_[0-9A-Za-z+/=]{20,}", 6, "whsec_"),
    _shape("GitHub token", r"\bgh[pousr]_[0-9A-Za-z]{30,}", 4, "gh"),
    _shape("GitHub token", r"\bgithub_pat_[0-9A-Za-z_]{40,}", 11, "github_pat_"),
    _shape(
        "PayPal (Braintree) access token",
        r"\baccess_token\$(?:production|sandbox)\$[0-9a-z]{8,}\$[0-9a-f]{16,}",
        13,
        "access_token$",
    ),
    # A PayPal REST client secret (80 characters of letters, digits, - and _) has no prefix of
    # its own: it is recognised by the name it is given, client_secret, secret, api_secret…
    # The value must be long, without spaces, and mix letters with digits, so that prose
    # ("secret: a surprise for backers") never matches.
    _shape(
        "client secret (a PayPal or other API secret)",
        # Bounded repeats: a 16 MB word of "secretsecret…" must not make the search quadratic.
        r"(?i)secret[a-z_-]{0,40}[\"']?[ \t]*[:=][ \t]*[\"']?"
        r"(?=[0-9A-Za-z_-]{0,200}[0-9])(?=[0-9A-Za-z_-]{0,200}[A-Za-z])[0-9A-Za-z_-]{32,}",
        0,
        "secret",
    ),
    _shape("private key", r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----", 0, "private key"),
)


def find_secrets(text: str, file: str) -> list[Problem]:
    """One error for each secret-shaped value in `text`, at its line and column."""
    problems = []
    lowered = text.lower()
    for shape in SECRET_SHAPES:
        if shape.hint not in lowered:
            continue
        for found in shape.pattern.finditer(text):
            start = found.start() - len(_name_before(found))
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            problems.append(Problem(file, line, column, "", _message(shape, found)))
    return sorted(problems)


def _name_before(found: re.Match[str]) -> str:
    """The start of a key's name before the `secret` that was found: 'client_', 'PAYPAL_'."""
    if not found.group().lower().startswith("secret"):
        return ""
    before = re.search(
        r"[A-Za-z_-]{0,40}\Z", found.string[max(0, found.start() - 40) : found.start()]
    )
    return before.group() if before else ""


def _message(shape: SecretShape, found: re.Match[str]) -> str:
    if shape.kind == "private key":
        what = "a private key block (-----BEGIN … PRIVATE KEY-----)"
    elif shape.shown:
        what = f"a {shape.kind} ({found.group()[: shape.shown]}…)"
    else:  # the whole name of the key: client_secret, PAYPAL_SECRET
        name = _name_before(found) + re.split(r"[\"'\s:=]", found.group(), maxsplit=1)[0]
        what = f"a {shape.kind} ({name}: …)"
    return (
        f"this looks like {what}; secrets must never be in content, as everything here may be "
        "published: remove it, and revoke it with the service, as it may already have leaked"
    )


def _text_files(folder: Path) -> Iterator[Path]:
    """Text files below `folder`, in a stable order, without hidden files and folders (never
    published), ledgers and exports; symbolic links to folders are not followed."""
    for current, folders, files in os.walk(folder):
        folders[:] = sorted(
            name for name in folders if not name.startswith(".") and name not in SKIPPED_FOLDERS
        )
        for name in sorted(files):
            path = Path(current) / name
            if (
                not name.startswith(".")
                and name not in SKIPPED_FILES
                and path.suffix.lower() in TEXT_SUFFIXES
            ):
                yield path


def scan_file(path: Path, root: Path) -> list[Problem]:
    """The secrets in one file (none when it cannot be read, or a link leads out of the site:
    the loader reports those)."""
    try:
        if (
            not path.is_file()
            or outside_site(path, root) is not None
            or path.stat().st_size > MAX_SCANNED_BYTES
        ):
            return []
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return []
    return find_secrets(text, display_path(path, root))


def scan_folder(folder: Path, root: Path) -> list[Problem]:
    """The secrets in every text file below `folder` (file names relative to `root`)."""
    if not folder.is_dir() or outside_site(folder, root) is not None:
        return []
    return [problem for path in _text_files(folder) for problem in scan_file(path, root)]


def site_secrets(source: Path) -> list[Problem]:
    """Secrets anywhere in the site but its campaign folders (each campaign's own files are
    searched as the campaign is loaded): site.yaml, templates, static files, themes…"""
    problems: list[Problem] = []
    try:
        entries = sorted(source.iterdir())
    except OSError:
        return []
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "campaigns":
            continue
        if entry.is_dir():
            problems += scan_folder(entry, source)
        elif entry.suffix.lower() in TEXT_SUFFIXES:
            problems += scan_file(entry, source)
    return problems
