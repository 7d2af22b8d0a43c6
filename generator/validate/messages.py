"""Pydantic errors and unknown keys, in the words of a person, at the position of the value."""

from __future__ import annotations

import difflib
import functools
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.load.yaml_source import FieldPath, SourceDocument
from generator.problems import Problem, Severity


def _got(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, str) else repr(str(value))


def error_message(error: dict[str, Any]) -> str:
    kind, context, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "string_too_short" and context.get("min_length") == 1:
        return "must not be empty"
    if kind == "literal_error":
        return f"expected one of {context.get('expected')}, got {_got(value)}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, got {_got(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, got {_got(value)}"
    if kind in ("list_type", "tuple_type"):
        return f"must be a list, got {_got(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields, got {_got(value)}"
    if kind == "string_type":
        return f"must be text, got {_got(value)}"
    if kind in ("decimal_parsing", "decimal_type"):
        return f"must be a number, got {_got(value)}"
    message = str(error["msg"])
    return f"{message[0].lower()}{message[1:]}, got {_got(value)}"


def model_problems(
    error: ValidationError, document: SourceDocument, prefix: FieldPath = ()
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        path = (*prefix, *(part for part in item["loc"] if isinstance(part, (str, int))))
        # pydantic names a mapping's key that fails (`FR:` in tax_deductibility) as the key
        # followed by '[key]': the problem is the key itself, where it is written.
        at_key = path[-1:] == ("[key]",)
        problems.append(
            document.problem(path[:-1] if at_key else path, error_message(item), at_key)
        )
    return problems


@functools.cache
def models_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds, and whether it holds a list of them."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            model, many = models_in(argument)
            if model:
                return model, many
        return None, False
    if origin in (list, tuple):
        model, _ = models_in(typing.get_args(annotation)[0])
        return model, model is not None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    return None, False


def model_per_key(annotation: Any) -> type[BaseModel] | None:
    """The model a mapping field holds for each of its keys: SiteText in dict[str, SiteText]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return model_per_key(typing.get_args(annotation)[0])
    if origin is dict:
        model, many = models_in(typing.get_args(annotation)[1])
        return None if many else model
    return None


def unknown_keys(
    data: Any, model: type[BaseModel], document: SourceDocument, path: FieldPath = ()
) -> list[Problem]:
    """A warning, with a suggestion, for each key the model does not declare."""
    if not isinstance(data, dict) or model.model_config.get("extra") == "allow":
        return []
    problems = []
    # A field is written under its alias when it has one (`from`, a Python keyword).
    fields = {info.alias or name: info for name, info in model.model_fields.items()}
    for key, value in data.items():
        if key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            message = f"unknown key '{key}'{hint}"
            problems.append(
                document.problem((*path, key), message, at_key=True, severity=Severity.WARNING)
            )
            continue
        annotation = fields[key].annotation
        child, many = models_in(annotation)
        items: Iterable[tuple[FieldPath, Any]]
        if child is None and (child := model_per_key(annotation)) and isinstance(value, dict):
            items = (((*path, key, name), item) for name, item in value.items())
        elif child is None or (many and not isinstance(value, list)):
            continue  # a value of the wrong type is reported by the model, once
        elif many:
            items = (((*path, key, index), item) for index, item in enumerate(value))
        else:
            items = [((*path, key), value)]
        for item_path, item in items:
            problems += unknown_keys(item, child, document, item_path)
    return problems
