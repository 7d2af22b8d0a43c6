"""`pledgekit theme context`: what every template receives, worked out from the code itself.

The variables of each page come from plan.TEMPLATE_CONTEXT, which Page checks on every page it
makes; the types are described from their dataclass fields (with the comment written beside
each), their properties, their pydantic field descriptions and their enum values; the globals
and filters are read from a real Jinja environment. Nothing here is written twice, so the
reference cannot drift from what templates actually get.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import io
import tokenize
import types
import typing
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

import jinja2
from pydantic import BaseModel

from pledgekit.plan.contract import TEMPLATE_CONTEXT
from pledgekit.render.environment import TEMPLATE_GLOBALS, make_environment
from pledgekit.render.pages import EVERY_PAGE
from pledgekit.render.site_theme import site_settings

EVERY_TEMPLATE = {**EVERY_PAGE, **TEMPLATE_GLOBALS}

_PLAIN = {str: "text", int: "whole number", bool: "true or false", Decimal: "exact number",
          datetime: "date-time", date: "date", float: "number", type(None): "none"}  # fmt: skip


def type_name(annotation: object) -> str:
    """A reader's name for a type: 'list of TierView', 'CampaignState or none'."""
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        return type_name(arguments[0])
    if origin in (typing.Union, types.UnionType):
        return " or ".join(type_name(argument) for argument in arguments)
    if origin is typing.Literal:
        return " or ".join(f"'{argument}'" for argument in arguments)
    if origin in (list, tuple, frozenset, set):
        return f"list of {type_name(arguments[0])}" if arguments else "list"
    if origin is dict:
        return f"mapping of {type_name(arguments[0])} to {type_name(arguments[1])}"
    if annotation is typing.Any:
        return "any value"
    if annotation in _PLAIN:
        return _PLAIN[annotation]  # type: ignore[index]
    return getattr(annotation, "__name__", str(annotation))


def described_types(annotation: object) -> Iterator[type]:
    """The classes worth a section of their own inside an annotation."""
    origin = typing.get_origin(annotation)
    if origin is not None:
        for argument in typing.get_args(annotation):
            yield from described_types(argument)
    elif isinstance(annotation, type) and (
        dataclasses.is_dataclass(annotation)
        or issubclass(annotation, (BaseModel, enum.Enum))
        or typing.is_typeddict(annotation)
    ):
        yield annotation


@cache
def field_comments(cls: type) -> dict[str, str]:
    """What the class body says about each field: the comment beside `name: type  # ...`,
    else the comment lines just above it."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    comments: dict[str, str] = {}
    line_fields: dict[int, str] = {}
    above: list[str] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if (
            token.type == tokenize.NAME
            and token.start[1] == 4
            and token.start[0] not in line_fields
        ):
            line_fields[token.start[0]] = token.string
            if above:
                comments[token.string] = " ".join(above)
                above = []
        elif token.type == tokenize.COMMENT:
            text = token.string.lstrip("# ").strip()
            if token.start[0] in line_fields:
                comments[line_fields[token.start[0]]] = text
            elif token.start[1] == 4:
                above.append(text)
        elif token.type == tokenize.NL and not token.line.strip():
            above = []
    return comments


def _first_line(text: str | None) -> str:
    return " ".join((text or "").strip().split("\n\n")[0].split())


def _docstring(kind: type) -> str:
    """The class's own docstring (not the signature a dataclass makes up when it has none)."""
    doc = _first_line(kind.__doc__)
    return "" if doc.startswith(f"{kind.__name__}(") else doc


def members(cls: type) -> list[tuple[str, object, str]]:
    """(name, type, what it is) for each field and property a template can read."""
    rows: list[tuple[str, object, str]] = []
    if issubclass(cls, enum.Enum):
        return [(member.value, None, "") for member in cls]
    hints = typing.get_type_hints(cls, include_extras=False)
    if issubclass(cls, BaseModel):
        for name, info in cls.model_fields.items():
            rows.append((name, hints.get(name, info.annotation), info.description or ""))
    elif dataclasses.is_dataclass(cls):
        comments = field_comments(cls)
        for item in dataclasses.fields(cls):
            rows.append((item.name, hints.get(item.name, item.type), comments.get(item.name, "")))
    elif typing.is_typeddict(cls):
        comments = field_comments(cls)
        rows += [(name, hint, comments.get(name, "")) for name, hint in hints.items()]
    for name, value in sorted(vars(cls).items()):
        if name.startswith("_"):
            continue
        if isinstance(value, property):
            returned = typing.get_type_hints(value.fget).get("return")
            rows.append((name, returned, _first_line(value.fget.__doc__)))
        elif inspect.isfunction(value) and not issubclass(cls, BaseModel):
            signature = inspect.signature(value)
            parameters = ", ".join(list(signature.parameters)[1:])
            returned = typing.get_type_hints(value).get("return")
            rows.append((f"{name}({parameters})", returned, _first_line(value.__doc__)))
    return rows


def all_types() -> list[type]:
    """Every class reachable from the page variables, in the order first met."""
    found: list[type] = []
    pending = [
        kind
        for variables in (*TEMPLATE_CONTEXT.values(), EVERY_TEMPLATE)
        for annotation, _ in variables.values()
        for kind in described_types(annotation)
    ]
    while pending:
        kind = pending.pop(0)
        if kind in found:
            continue
        found.append(kind)
        for _, annotation, _ in members(kind):
            pending += [item for item in described_types(annotation) if item not in found]
    return found


def context_reference(environment: jinja2.Environment) -> str:
    """The whole reference, as Markdown."""
    lines = ["# What templates receive", ""]
    lines += [
        "Generated by `pledgekit theme context` from pledgekit's code; do not edit by hand.",
        "",
        "## Every template",
        "",
    ]
    lines += _variable_rows(EVERY_TEMPLATE)
    for template, variables in TEMPLATE_CONTEXT.items():
        lines += ["", f"## `{template}`", ""]
        lines += _variable_rows(variables) if variables else ["Nothing besides the above."]
    lines += ["", "## Functions", "", "| in a template | what it does |", "| --- | --- |"]
    for name, value in sorted(environment.globals.items()):
        if callable(value) and name not in (
            "range",
            "dict",
            "lipsum",
            "cycler",
            "joiner",
            "namespace",
        ):
            lines.append(f"| `{name}` | {_first_line(value.__doc__) or _GETTEXT.get(name, '')} |")
    builtin = set(jinja2.Environment().filters)
    lines += ["", "## Filters", "", "| filter | what it does |", "| --- | --- |"]
    for name, value in sorted(environment.filters.items()):
        if name not in builtin:
            lines.append(f"| `{name}` | {_first_line(value.__doc__)} |")
    lines += [
        "",
        "Jinja's own filters work too: " + ", ".join(f"`{name}`" for name in sorted(builtin)) + ".",
    ]
    lines += ["", "## Types"]
    for kind in all_types():
        lines += ["", f"### {kind.__name__}", ""]
        doc = _docstring(kind)
        if issubclass(kind, enum.Enum):
            values = ", ".join(f"`{member.value}`" for member in kind)
            lines.append(f"{doc + ' ' if doc else ''}One of: {values} (compare `.value`).")
            continue
        if doc:
            lines += [doc, ""]
        lines += ["| name | type | what it is |", "| --- | --- | --- |"]
        for name, annotation, about in members(kind):
            shown = type_name(annotation) if annotation is not None else ""
            lines.append(f"| `{name}` | {shown} | {about} |")
    return "\n".join(lines) + "\n"


_GETTEXT = {
    "_": "Translatable text: `_('Back this campaign')`, with `%(name)s` placeholders.",
    "gettext": "The same as `_`.",
    "ngettext": "Text with a plural: `ngettext('%(num)d day', '%(num)d days', n)`.",
    "pgettext": "Translatable text with a context for translators: `pgettext('button', 'Back')`.",
    "npgettext": "`ngettext` with a context for translators.",
}


def _variable_rows(variables: dict[str, tuple[object, str]]) -> list[str]:
    rows = ["| variable | type | what it is |", "| --- | --- | --- |"]
    for name, (annotation, about) in variables.items():
        rows.append(f"| `{name}` | {type_name(annotation)} | {about} |")
    return rows


def site_environment(source: Path) -> jinja2.Environment:
    """The Jinja environment a build of `source` renders with; ContentErrors when site.yaml or
    its theme is wrong."""
    settings = site_settings(source)
    return make_environment(settings.theme, settings.config)
