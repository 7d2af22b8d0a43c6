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

from pledgekit.ledger.store import LEDGER_FILE
from pledgekit.load.content import outside_site
from pledgekit.problems import Problem, display_path
from pledgekit.validate.published_text import decoded_text

# Files read as text and searched (the others are pictures, sounds and videos).
TEXT_SUFFIXES = frozenset(
    [
        ".yaml", ".yml", ".md", ".markdown", ".json", ".toml", ".txt", ".csv",
        ".html", ".htm", ".j2", ".jinja", ".jinja2", ".xml", ".svg", ".css", ".js", ".mjs",
        ".po", ".pot", ".ini", ".cfg", ".conf", ".env", ".pem", ".key",
    ]
)  # fmt: skip
# Files larger than this are refused by the loader anyway, or are not content.
# Every file a site publishes is searched, so no published file may be larger
# (validate/files.py refuses one that is); a source text file is at most 16 MB anyway.
MAX_SCANNED_BYTES = 64 * 1024 * 1024
# Never published and written by machines from the processors' exports: a backer's note that
# happens to look like a key must not stop a campaign's build (see docs/content.md).
SKIPPED_FILES = frozenset([LEDGER_FILE])
SKIPPED_FOLDERS = frozenset(["exports"])


@dataclass(frozen=True)
class SecretShape:
    kind: str  # what it is, for the message: "Stripe secret key"
    pattern: re.Pattern[str]
    shown: int  # how many characters of the match the message may show
    hints: tuple[str, ...]  # text a match holds (lower-case): texts without any are not searched
    # Where the value starts, for a value split over spaces or lines ("" for shapes that are
    # never searched joined: a prefix-less value would join with the words around it).
    start: re.Pattern[str] | None = None


@dataclass(frozen=True)
class SecretHit:
    """One secret-shaped value found in a text."""

    shape: SecretShape
    start: int  # where it starts in the text searched
    value: str  # as a reader would copy it: joined over the spaces or lines that split it

    @property
    def shown(self) -> str:
        """The start of the value that a message may show."""
        return self.value[: self.shape.shown]


# Letters and digits that may stand before a prefix: `task_live_…` holds no key.
_NO_LETTER_BEFORE = r"(?<![0-9A-Za-z])"
_NO_KEY_CHARACTER_AFTER = r"(?![0-9A-Za-z])"


def _shape(
    kind: str, pattern: str, shown: int, hints: str | tuple[str, ...], start: str = ""
) -> SecretShape:
    return SecretShape(
        kind,
        re.compile(pattern),
        shown,
        (hints,) if isinstance(hints, str) else hints,
        re.compile(_NO_LETTER_BEFORE + start) if start else None,
    )


# The shapes the services document for their secrets (and that GitHub's secret scanning
# looks for): a prefix of their own, then random letters and digits of a known length.
STRIPE_PREFIX = r"sk_(?:live|test)_"
SECRET_SHAPES = (
    _shape(
        "Stripe secret key",
        _NO_LETTER_BEFORE + STRIPE_PREFIX + "[0-9A-Za-z]{16,247}",
        8,
        "sk_",
        STRIPE_PREFIX,
    ),
    _shape(
        "Stripe restricted key",
        _NO_LETTER_BEFORE + r"rk_(?:live|test)_[0-9A-Za-z]{16,247}",
        8,
        "rk_",
        r"rk_(?:live|test)_",
    ),
    _shape(
        "Stripe webhook signing secret",
        _NO_LETTER_BEFORE + r"whsec_[0-9A-Za-z+/=]{20,200}",
        6,
        "whsec_",
        "whsec_",
    ),
    # Classic tokens: 36 letters and digits (GitHub may make them longer, never shorter).
    _shape(
        "GitHub token",
        _NO_LETTER_BEFORE + r"gh[pousr]_[0-9A-Za-z]{36,251}" + _NO_KEY_CHARACTER_AFTER,
        4,
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        r"gh[pousr]_",
    ),
    # Fine-grained tokens: 22 letters and digits, an underscore, 59 letters and digits.
    _shape(
        "GitHub token",
        _NO_LETTER_BEFORE + r"github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59}" + _NO_KEY_CHARACTER_AFTER,
        11,
        "github_pat_",
        "github_pat_",
    ),
    # Access key ids (long-term AKIA, temporary ASIA, and the rarer ABIA and ACCA): the prefix,
    # then 16 upper-case letters and digits.
    _shape(
        "AWS access key id",
        r"(?<![0-9A-Za-z])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}" + _NO_KEY_CHARACTER_AFTER,
        4,
        ("akia", "asia", "abia", "acca"),
        "(?:AKIA|ASIA|ABIA|ACCA)",
    ),
    _shape(
        "AWS secret access key",
        r"(?i)aws_?secret_?(?:access_?)?key[\"']?[ \t]*[:=][ \t]*[\"']?"
        r"(?-i:[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
        0,
        "secret",
    ),
    _shape(
        "PayPal (Braintree) access token",
        r"\baccess_token\$(?:production|sandbox)\$[0-9a-z]{8,}\$[0-9a-f]{16,}",
        13,
        "access_token$",
    ),
    _shape(
        "PayPal (Braintree) client secret",
        r"\bclient_secret\$(?:production|sandbox|development|qa)\$[0-9A-Za-z]{16,}",
        14,
        "client_secret$",
    ),
    # A PayPal OAuth access token, as the API hands it out: A21AA and about 90 more characters.
    _shape(
        "PayPal access token",
        _NO_LETTER_BEFORE + r"A21AA[0-9A-Za-z_-]{60,500}",
        5,
        "a21aa",
        "A21AA",
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
    _shape(
        "private key",
        r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----",
        0,
        "private key",
    ),
)
_ALL_HINTS = tuple(sorted({hint for shape in SECRET_SHAPES for hint in shape.hints}))
# The examples in AWS's own documentation, which are no one's keys.
_DOCUMENTED_EXAMPLES = re.compile(r"EXAMPLE(?:KEY)?$")
# Spaces and line breaks between two characters of a key: a folded YAML line, a Markdown line
# break, a `<br>` or a block tag between two halves all show the key split at that place.
_GAP = re.compile(r"(?<=[0-9A-Za-z_$+/=-])[ \t\r\n\u00a0\u2028\u2029]+(?=[0-9A-Za-z_$+/=-])")
_JOINED_WINDOW = 600  # characters after a prefix that a split value is looked for in
# An AWS secret access key: 40 characters of base64, searched near an access key id.
_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_AWS_SECRET_NEAR = 300  # characters either side of an access key id
_AWS_SECRET_SHAPE = SECRET_SHAPES[6]


def secret_hits(text: str) -> list[SecretHit]:
    """Every secret-shaped value in `text`, in order, with values split over spaces or line
    breaks joined (a reader of the page joins them too)."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _ALL_HINTS):  # most texts: a few passes, in C
        return []
    hits: dict[tuple[str, int], SecretHit] = {}
    for shape in SECRET_SHAPES:
        if not any(hint in lowered for hint in shape.hints):
            continue
        for found in shape.pattern.finditer(text):
            if not _DOCUMENTED_EXAMPLES.search(found.group()):
                hits.setdefault(
                    (shape.kind, found.start()), SecretHit(shape, found.start(), found.group())
                )
        if shape.start is not None and _GAP.search(text):
            for begun in shape.start.finditer(text):
                if (shape.kind, begun.start()) in hits:
                    continue
                joined = _joined(text, begun.start(), shape)
                if joined is not None:
                    hits[(shape.kind, begun.start())] = SecretHit(shape, begun.start(), joined)
    for hit in [hit for hit in hits.values() if hit.shape.kind == "AWS access key id"]:
        low, high = max(0, hit.start - _AWS_SECRET_NEAR), hit.start + _AWS_SECRET_NEAR
        for found in _AWS_SECRET.finditer(text, low, high):
            value = found.group()
            if (
                re.search("[0-9]", value)
                and re.search("[a-z]", value)
                and re.search("[A-Z]", value)
            ):
                key = (_AWS_SECRET_SHAPE.kind, found.start())
                hits.setdefault(key, SecretHit(_AWS_SECRET_SHAPE, found.start(), value))
    return sorted(hits.values(), key=lambda hit: (hit.start, hit.shape.kind))


def _joined(text: str, start: int, shape: SecretShape) -> str | None:
    """The value starting at `start` when spaces or line breaks split it, joined; None when the
    joined text is not the shape's, or is prose (a split value must hold a digit)."""
    window = text[start : start + _JOINED_WINDOW]
    joined = _GAP.sub("", window)
    found = shape.pattern.match(joined)
    if found is None or _DOCUMENTED_EXAMPLES.search(found.group()):
        return None
    value = found.group()
    if not re.search("[0-9]", value[len(shape.start.match(value).group()) if shape.start else 0 :]):
        return None
    return value


def find_secrets(text: str, file: str) -> list[Problem]:
    """One error for each secret-shaped value in `text`, at its line and column."""
    problems = []
    for hit in secret_hits(text):
        start = hit.start - len(_name_before(text, hit))
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        problems.append(Problem(file, line, column, "", secret_message(hit, text)))
    return sorted(problems)


def _name_before(text: str, hit: SecretHit) -> str:
    """The start of a key's name before the `secret` that was found: 'client_', 'PAYPAL_'."""
    if not hit.value.lower().startswith(("secret", "aws")):
        return ""
    before = re.search(r"[A-Za-z_-]{0,40}\Z", text[max(0, hit.start - 40) : hit.start])
    return before.group() if before else ""


def secret_description(hit: SecretHit, text: str = "") -> str:
    """What was found, showing only its start: 'a Stripe secret key (sk_live_…)'."""
    shape = hit.shape
    if shape.kind == "private key":
        return "a private key block (-----BEGIN … PRIVATE KEY-----)"
    if shape.shown:
        return f"a {shape.kind} ({hit.shown}…)"
    if not hit.value.lower().startswith(("secret", "aws")):  # found near another key
        return f"an {shape.kind} ({hit.value[:4]}…)"
    # the whole name of the key: client_secret, PAYPAL_SECRET
    name = _name_before(text, hit) + re.split(r"[\"'\s:=]", hit.value, maxsplit=1)[0]
    article = "an" if shape.kind[0] in "AEIOU" else "a"
    return f"{article} {shape.kind} ({name}: …)"


def secret_message(hit: SecretHit, text: str = "") -> str:
    return (
        f"this looks like {secret_description(hit, text)}; secrets must never be in content, as "
        "everything here may be published: remove it, and revoke it with the service, as it may "
        "already have leaked"
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
        text = decoded_text(path.read_bytes())  # UTF-16 and the rest: as an editor shows it
    except OSError:
        return []
    return find_secrets(text, display_path(path, root)) if text is not None else []


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
