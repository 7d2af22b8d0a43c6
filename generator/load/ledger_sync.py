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

from generator.load.yaml_source import FieldPath, SourceDocument, parse_yaml
from generator.problems import Problem

SYNC_FILE = "ledger-sync.json"
SYNC_VERSION = 1
# A campaign reads a few sources: a file much larger than 100 of them is not one sync wrote.
MAX_SYNC_FILE_BYTES = 1024 * 1024
MAX_SOURCES = 100
SOURCE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# The moment a read completed, in UTC to the second, as sync writes it.
_AS_OF = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z")
FIRST_YEAR, LAST_YEAR = 2000, 2099  # as the ledger's dates
_EXAMPLE_AS_OF = '"2026-12-07T10:00:00Z"'
_SHOWN_CHARACTERS = 40


def _shown(value: Any) -> str:
    """A value as a message quotes it (JSON), cut short when long."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN_CHARACTERS else f"{text[:_SHOWN_CHARACTERS]}…"


def parse_ledger_sync(text: str, file: str) -> tuple[dict[str, datetime], list[Problem]]:
    """When each source was last read (UTC), by source name, from the text of a
    ledger-sync.json named `file`; a source whose entry is unusable is left out, with a
    problem saying why."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return {}, [Problem(file, error.lineno, error.colno, "", f"not valid JSON: {error.msg}")]
    except RecursionError:  # thousands of nested brackets
        return {}, [Problem(file, 1, 1, "", "not valid JSON: values are nested too deeply")]
    # JSON is YAML too: the YAML reader tells where each value stands, for the messages.
    located, _ = parse_yaml(text, file)
    document = SourceDocument(file, data, located.positions, located.key_positions)
    return _read_document(document)


def _read_document(document: SourceDocument) -> tuple[dict[str, datetime], list[Problem]]:
    data = document.data
    example = (
        f'{{"version": {SYNC_VERSION}, "sources": {{"stripe": {{"as_of": {_EXAMPLE_AS_OF}}}}}}}'
    )
    if not isinstance(data, dict):
        return {}, [document.problem((), f"must be a JSON object, such as {example}")]
    problems = []
    version = data.get("version")
    if "version" not in data:
        problems.append(document.problem((), f'"version" is missing: it is {SYNC_VERSION}'))
    elif type(version) is not int or version != SYNC_VERSION:
        message = (
            f"version {_shown(version)} is not one this pledgekit reads (it reads version "
            f"{SYNC_VERSION}): upgrade pledgekit"
        )
        return {}, [document.problem(("version",), message)]
    sources = data.get("sources")
    if not isinstance(sources, dict):
        where = ("sources",) if "sources" in data else ()
        message = f'"sources" must be an object of sources, such as {example}'
        return {}, [*problems, document.problem(where, message)]
    if len(sources) > MAX_SOURCES:
        message = f"more than {MAX_SOURCES} sources ({len(sources)}): this is not a sync record"
        return {}, [*problems, document.problem(("sources",), message)]
    read: dict[str, datetime] = {}
    for name, entry in sources.items():
        moment, problem = _source_read(document, ("sources", name), name, entry)
        if problem is not None:
            problems.append(problem)
        elif moment is not None:
            read[name] = moment
    return read, problems


def _source_read(
    document: SourceDocument, path: FieldPath, name: str, entry: Any
) -> tuple[datetime | None, Problem | None]:
    """The moment one source was last read, or the problem with its entry."""
    if not SOURCE_NAME.fullmatch(name):
        message = (
            f"{_shown(name)} is not a source name: lower-case letters, digits, '-' and '_', "
            "at most 64 characters"
        )
        return None, document.problem(path, message, at_key=True)
    if not isinstance(entry, dict):
        return None, document.problem(
            path, f'must be an object such as {{"as_of": {_EXAMPLE_AS_OF}}}'
        )
    written = entry.get("as_of")
    parts = _AS_OF.fullmatch(written) if isinstance(written, str) else None
    where = (*path, "as_of") if "as_of" in entry else path
    if parts is None:
        message = (
            f"as_of must be a moment in UTC to the second, ending in Z, such as "
            f"{_EXAMPLE_AS_OF}; got {_shown(written) if 'as_of' in entry else 'nothing'}"
        )
        return None, document.problem(where, message)
    try:
        moment = datetime(*(int(part) for part in parts.groups()), tzinfo=UTC)
    except ValueError as error:  # 2026-02-30, 25:00
        return None, document.problem(where, f"as_of {_shown(written)} is not a moment: {error}")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        message = f"as_of {_shown(written)} is out of range: from {FIRST_YEAR} to {LAST_YEAR}"
        return None, document.problem(where, message)
    return moment, None
