"""Read a campaign's ledger-sync.json: when each source of its ledger was last read.

`pledgekit ledger sync` and `ledger import` write it beside ledger.csv, under the ledger's
lock: `{"version": 1, "sources": {"stripe": {"as_of": "2026-12-07T10:00:00Z"}}}`. It is
private like the ledger. Every problem is located at file:line:column, never a traceback.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from pledgekit.ledger.bounds import FIRST_YEAR, LAST_YEAR  # as the ledger's own dates
from pledgekit.load.yaml_source import FieldPath, SourceDocument, parse_yaml
from pledgekit.problems import Problem

SYNC_FILE = "ledger-sync.json"
SYNC_VERSION = 1
# A campaign reads a few sources: a file much larger than 100 of them is not one sync wrote.
MAX_SYNC_FILE_BYTES = 1024 * 1024
MAX_SOURCES = 100
SOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# The moment a read completed, in UTC to the second, as sync writes it.
_AS_OF = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")
_EXAMPLE_AS_OF = '"2026-12-07T10:00:00Z"'
_SHOWN_CHARACTERS = 40  # of a value quoted in a message


def _shown(value: Any) -> str:
    """A value as a message quotes it: JSON, ASCII only (no control or bidi character reaches
    the terminal), cut short when long."""
    text = json.dumps(value)
    return text if len(text) <= _SHOWN_CHARACTERS else f"{text[:_SHOWN_CHARACTERS]}…"


def parse_ledger_sync(text: str, file: str) -> tuple[dict[str, datetime], list[Problem]]:
    """When each source was last read (UTC), by source name, from the text of a
    ledger-sync.json named `file`; a source whose entry is unusable is left out, with a
    problem saying why."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg}{_WRITTEN_ANEW}"
        return {}, [Problem(file, error.lineno, error.colno, "", message)]
    except RecursionError:  # thousands of nested brackets
        message = f"not valid JSON: values are nested too deeply{_WRITTEN_ANEW}"
        return {}, [Problem(file, 1, 1, "", message)]
    # JSON is YAML too: the YAML reader tells where each value stands, for the messages.
    located, _ = parse_yaml(text, file)
    document = SourceDocument(file, data, located.positions, located.key_positions)
    return _read_document(document)


# What a creator can do about a record that cannot be read: it only says when sources were
# read, so nothing is lost but that, until the next read.
_WRITTEN_ANEW = "; delete the file, and the next `pledgekit ledger sync` or `import` writes it anew"
_EXAMPLE = f'{{"version": {SYNC_VERSION}, "sources": {{"stripe": {{"as_of": {_EXAMPLE_AS_OF}}}}}}}'


def _read_document(document: SourceDocument) -> tuple[dict[str, datetime], list[Problem]]:
    data = document.data
    if not isinstance(data, dict):
        message = f"must be a JSON object such as {_EXAMPLE}{_WRITTEN_ANEW}"
        return {}, [document.problem((), message)]
    problems = []
    version = data.get("version")
    if "version" not in data:
        message = f'"version" is missing (it is {SYNC_VERSION}: {_EXAMPLE}){_WRITTEN_ANEW}'
        problems.append(document.problem((), message))
    elif type(version) is int and version > SYNC_VERSION:
        message = (
            f"version {version} was written by a newer pledgekit (this one reads version "
            f"{SYNC_VERSION}): upgrade pledgekit"
        )
        return {}, [document.problem(("version",), message)]
    elif type(version) is not int or version != SYNC_VERSION:
        message = f"must be {SYNC_VERSION}, got {_shown(version)}{_WRITTEN_ANEW}"
        return {}, [document.problem(("version",), message)]
    sources = data.get("sources")
    if not isinstance(sources, dict):
        if "sources" not in data:
            message = f'"sources" is missing ({_EXAMPLE}){_WRITTEN_ANEW}'
            return {}, [*problems, document.problem((), message)]
        message = f"must be an object of sources such as {_EXAMPLE}{_WRITTEN_ANEW}"
        return {}, [*problems, document.problem(("sources",), message)]
    if len(sources) > MAX_SOURCES:
        message = f"holds {len(sources)} sources, more than {MAX_SOURCES}{_WRITTEN_ANEW}"
        return {}, [*problems, document.problem(("sources",), message)]
    read: dict[str, datetime] = {}
    for name, entry in sources.items():
        moment, problem = _source_read(document, name, entry)
        if problem is not None:
            problems.append(problem)
        elif moment is not None:
            read[name] = moment
    return read, problems


def _source_read(
    document: SourceDocument, name: str, entry: Any
) -> tuple[datetime | None, Problem | None]:
    """The moment one source was last read, or the problem with its entry."""
    path: FieldPath = ("sources", name)
    if not SOURCE_NAME.fullmatch(name):
        line, column = document.key_position(path)  # the name itself is not shown as a field
        message = (
            f"{_shown(name)} is not a source name: lower-case letters, digits, '-' and '_', "
            "at most 64 characters"
        )
        return None, Problem(document.file, line, column, "sources", message)
    if not isinstance(entry, dict):
        return None, document.problem(
            path, f'must be an object such as {{"as_of": {_EXAMPLE_AS_OF}}}'
        )
    if "as_of" not in entry:
        message = f'"as_of" is missing: when the source was last read, such as {_EXAMPLE_AS_OF}'
        return None, document.problem(path, message)
    path, written = (*path, "as_of"), entry["as_of"]
    parts = _AS_OF.fullmatch(written) if isinstance(written, str) else None
    if parts is None:
        message = (
            f"must be a moment in UTC to the second, ending in Z, such as {_EXAMPLE_AS_OF}; "
            f"got {_shown(written)}"
        )
        return None, document.problem(path, message)
    try:
        moment = datetime(*(int(part) for part in parts.groups()), tzinfo=UTC)
    except ValueError as error:  # 2026-02-30, 25:00
        return None, document.problem(path, f"{_shown(written)} is not a moment: {error}")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        message = f"{_shown(written)} is out of range: from {FIRST_YEAR} to {LAST_YEAR}"
        return None, document.problem(path, message)
    return moment, None
