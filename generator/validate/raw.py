"""Reading not-yet-validated data, so that checks can run even where the model failed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pledgekit.load.yaml_source import FieldPath


def raw(data: Any, *path: str | int) -> Any:
    """A value from plain data, or None when any step is missing or of another type."""
    for part in path:
        if isinstance(part, int):
            data = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
        else:
            data = data.get(part) if isinstance(data, dict) else None
    return data


def raw_list(data: Any, *path: str | int) -> list[Any]:
    value = raw(data, *path)
    return value if isinstance(value, list) else []


def parsed_or_none(parse: Callable[[Any], Any], value: Any) -> Any:
    try:
        return parse(value)
    except (ValueError, TypeError):
        return None


def text_values(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every string in the data with its path, in document order."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from text_values(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from text_values(value, (*path, index))
