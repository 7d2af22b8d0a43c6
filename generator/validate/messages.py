"""Pydantic errors and unknown keys, in the words of a person, at the position of the value."""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pledgekit.load.yaml_source import FieldPath, SourceDocument
from pledgekit.model.numbers import quoted
from pledgekit.problems import Problem, format_field_path

ModelType = TypeVar("ModelType", bound=BaseModel)
MISSING = "required field is missing"


def _got(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return quoted(value)  # a long value cut short: a message is read, not scrolled


def error_message(error: dict[str, Any]) -> str:
    """A pydantic error in a person's words, with an example of a valid value."""
    kind, context, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "missing":
        return MISSING
    if kind in ("value_error", "assertion_error"):
        return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "string_too_short" and context.get("min_length") == 1:
        return "must not be empty"
    if kind == "literal_error":
        return _literal_message(str(context.get("expected", "")), value)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number such as 3, got {_got(value)}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = {"greater_than": "more than {gt}", "greater_than_equal": "{ge} or more"}
        bound |= {"less_than": "less than {lt}", "less_than_equal": "{le} or less"}
        return f"must be {bound[kind].format(**context)}, got {_got(value)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"must be true or false, got {_got(value)}"
    if kind in ("list_type", "tuple_type"):
        example = f", such as [{value}]" if isinstance(value, str) and value else ""
        return f"must be a list{example}, got {_got(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields (key: value lines, indented below), got {_got(value)}"
    if kind == "string_type":
        if isinstance(value, (dict, list)):
            return f"must be text, got {_got(value)}"
        return f"must be text, got {_got(value)}; put it in quotes to keep it as written"
    if kind in ("decimal_parsing", "decimal_type"):
        return f"must be a number such as 50 or 12.5, got {_got(value)}"
    message = str(error["msg"])
    return f"{message[0].lower()}{message[1:]}, got {_got(value)}"


def _literal_message(expected: str, value: Any) -> str:
    """`funding: all-or-nothing`: the choices, and the one meant when it is close."""
    choices = re.findall(r"'([^']*)'", expected)
    rule = f"must be {expected}" if len(choices) == 1 else f"expected one of {expected}"
    close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close and isinstance(value, str) else ""
    return f"{rule}, got {_got(value)}{hint}"


def model_problems(
    error: ValidationError,
    document: SourceDocument,
    prefix: FieldPath = (),
    unknown: Sequence[UnknownKey] = (),
) -> list[Problem]:
    """Each error of the model at the position of its value (see _model_problems)."""
    return _model_problems(error, document, prefix, unknown)[0]


def _model_problems(
    error: ValidationError,
    document: SourceDocument,
    prefix: FieldPath,
    unknown: Sequence[UnknownKey],
) -> tuple[list[Problem], set[UnknownKey]]:
    """Each error of the model at the position of its value, and the unknown keys named in
    them. A required field that is missing is placed where it would go: at the first key of
    its mapping, or on the document's first line for a top-level field; and when one of the
    `unknown` keys beside it is its misspelling, at that key, named in the same message."""
    problems, named = [], set()
    for item in error.errors(include_url=False):
        path = (*prefix, *(part for part in item["loc"] if isinstance(part, (str, int))))
        if item["type"] == "missing":
            misspelt = misspelling_of(path, unknown)
            if misspelt is None:
                line, column = document.missing_position(path)
                message = MISSING
            else:
                named.add(misspelt)
                line, column = document.key_position(misspelt.path)
                message = (
                    f"{MISSING}; '{misspelt.key}' on line {line} looks like a misspelling of it"
                )
            problems.append(Problem(document.file, line, column, format_field_path(path), message))
            continue
        # pydantic names a mapping's key that fails (`FR:` in tax_deductibility) as the key
        # followed by '[key]': the problem is the key itself, where it is written.
        at_key = path[-1:] == ("[key]",)
        problems.append(
            document.problem(path[:-1] if at_key else path, error_message(item), at_key)
        )
    return problems, named


def misspelling_of(path: FieldPath, unknown: Sequence[UnknownKey]) -> UnknownKey | None:
    """The unknown key beside a missing field that was meant as it (its suggestion is the
    field)."""
    return next(
        (key for key in unknown if key.path[:-1] == path[:-1] and key.suggestion == path[-1]),
        None,
    )


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


@dataclass(frozen=True)
class UnknownKey:
    """A key the model does not declare, and the declared key it most resembles."""

    path: FieldPath
    suggestion: str | None

    @property
    def key(self) -> str:
        return str(self.path[-1])


def find_unknown_keys(data: Any, model: type[BaseModel], path: FieldPath = ()) -> list[UnknownKey]:
    """Each key, at any depth, that the model does not declare."""
    if not isinstance(data, dict) or model.model_config.get("extra") == "allow":
        return []
    found = []
    # A field is written under its alias when it has one (`from`, a Python keyword).
    fields = {info.alias or name: info for name, info in model.model_fields.items()}
    for key, value in data.items():
        if key not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
            found.append(UnknownKey((*path, key), close[0] if close else None))
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
            found += find_unknown_keys(item, child, item_path)
    return found


def unknown_key_problem(document: SourceDocument, unknown: UnknownKey) -> Problem:
    """An error at the key: a misspelt key would otherwise be dropped without a word, and what
    it set (`fundng: flexible`) silently left at its default."""
    hint = f" (did you mean '{unknown.suggestion}'?)" if unknown.suggestion else ""
    return document.problem(unknown.path, f"unknown key '{unknown.key}'{hint}", at_key=True)


def unknown_keys(
    data: Any, model: type[BaseModel], document: SourceDocument, path: FieldPath = ()
) -> list[Problem]:
    """An error, with a suggestion, for each key the model does not declare."""
    return [unknown_key_problem(document, key) for key in find_unknown_keys(data, model, path)]


def validated(
    model: type[ModelType],
    data: Any,
    document: SourceDocument,
    path: FieldPath = (),
    context: dict[str, Any] | None = None,
) -> tuple[ModelType | None, list[Problem]]:
    """The model made from `data` (None when it has errors) and every problem with it: unknown
    keys and wrong or missing values, a misspelt required key reported once, as missing."""
    unknown = find_unknown_keys(data, model, path)
    try:
        instance = model.model_validate(data, context=context)
    except ValidationError as error:
        problems, named = _model_problems(error, document, path, unknown)
        rest = [key for key in unknown if key not in named]
        return None, problems + [unknown_key_problem(document, key) for key in rest]
    return instance, [unknown_key_problem(document, key) for key in unknown]
