"""YAML to plain data, remembering where every value stands (file:line:column)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pledgekit.load.yaml_errors import explain_syntax_error
from pledgekit.problems import Problem, format_field_path

FieldPath = tuple[str | int, ...]

# An alias may be expanded many times; past this many nodes a document is an
# "alias bomb" or simply too large to be content.
MAX_NODES = 200_000
# Content is a few levels deep (tiers[3].items[0]); thousands of levels are an attack on the
# parser, whose recursion would otherwise end in a RecursionError.
MAX_DEPTH = 64
# A campaign with 10,000 tiers is about 2 MB of YAML; the parser holds every value in memory.
MAX_YAML_BYTES = 4 * 1024 * 1024

_SCALARS = SafeConstructor()
# libyaml's parser when PyYAML was built with it (about ten times faster); both keep positions.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DECIMAL_INTEGER = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_TAG = "tag:yaml.org,2002:"
_TOO_DEEP = f"values are nested more than {MAX_DEPTH} levels deep"


@dataclass
class SourceDocument:
    """Plain data read from one file, with the position of each value."""

    file: str
    data: Any
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    first_line: int = 1  # of the document in its file: 2 for front matter after its '---'

    def position(self, path: FieldPath) -> tuple[int, int]:
        """Where the value at `path` stands, or its nearest parent when it is missing."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (self.first_line, 1))

    def key_position(self, path: FieldPath) -> tuple[int, int]:
        """Where the key of `path` is written (its value's position when it has no key)."""
        return self.key_positions.get(path) or self.position(path)

    def missing_position(self, path: FieldPath) -> tuple[int, int]:
        """Where a missing key would go: the first key of its mapping, or the document's first
        line for a key at the top, whatever comments stand before the first key."""
        return (self.first_line, 1) if len(path) <= 1 else self.position(path[:-1])

    def problem(
        self, path: FieldPath, message: str, at_key: bool = False, **kwargs: Any
    ) -> Problem:
        """A problem at the value of `path` (or at its key, for problems with the key itself)."""
        line, column = self.key_position(path) if at_key else self.position(path)
        return Problem(self.file, line, column, format_field_path(path), message, **kwargs)


class _Converter:
    def __init__(self, file: str, line_offset: int):
        self.file = file
        self.line_offset = line_offset
        self.positions: dict[FieldPath, tuple[int, int]] = {}
        self.key_positions: dict[FieldPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def where(self, node: Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def fail(self, node: Node, path: FieldPath, message: str) -> None:
        line, column = self.where(node)
        self.problems.append(Problem(self.file, line, column, format_field_path(path), message))

    def convert(self, node: Node, path: FieldPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooLarge(
                node,
                f"document is too large (more than {MAX_NODES} values after expanding aliases)",
            )
        if len(path) > MAX_DEPTH:
            raise _TooLarge(node, _TOO_DEEP)
        self.positions.setdefault(path, self.where(node))
        if isinstance(node, MappingNode):
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _TAG + "merge":
                self.fail(key_node, path, "keys must be plain names (merge keys are not supported)")
                continue
            key = str(key_node.value)
            if key in result:
                line, _ = self.positions[(*path, key)]
                self.fail(key_node, (*path, key), f"duplicate key (first given on line {line})")
                continue
            self.positions[(*path, key)] = self.where(value_node)
            self.key_positions[(*path, key)] = self.where(key_node)
            result[key] = self.convert(value_node, (*path, key))
        return result

    def scalar(self, node: ScalarNode, path: FieldPath) -> Any:
        tag, text = node.tag, node.value
        # YAML 1.1 reads NO (Norway), yes, on, 0755 and 1:20 as booleans and numbers; content
        # means text there. Only the YAML 1.2 forms are taken: true/false, plain decimals.
        if tag == _TAG + "str" or (tag == _TAG + "bool" and text.lower() not in ("true", "false")):
            return text
        if tag == _TAG + "int" and not _DECIMAL_INTEGER.fullmatch(text):
            return text
        if tag == _TAG + "float":
            # Money must stay exact: a YAML float becomes a Decimal of its written digits.
            try:
                return Decimal(text.replace("_", ""))
            except InvalidOperation:
                return text
        if tag in (_TAG + "int", _TAG + "bool", _TAG + "null", _TAG + "timestamp"):
            kind = tag.removeprefix(_TAG)
            try:
                return getattr(_SCALARS, f"construct_yaml_{kind}")(node)
            except (ValueError, yaml.YAMLError):
                return node.value
        if tag.startswith("!"):  # `title: !important`, meant as text: kept as written, so
            # that the field's own checks do not report a second, misleading problem
            self.fail(node, path, f"a value cannot start with ! unless it is in quotes ({tag})")
            return f"{tag} {text}".strip()
        self.fail(node, path, f"unsupported YAML tag {tag}")
        return node.value


class _TooLarge(Exception):
    def __init__(self, node: Node, reason: str):
        self.node = node
        self.reason = reason


def _too_deep(text: str, file: str, line_offset: int) -> Problem:
    """Where a document the parser could not compose (its recursion ran out) first nests
    deeper than MAX_DEPTH: the events are read one after another, without recursion."""
    depth, line, column = 0, 1 + line_offset, 1
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 + line_offset
                    column = event.start_mark.column + 1
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:  # PyYAML ≥ 6.0.4 stops at its own depth, 1,000 deep
        if error.problem_mark is not None:
            line = error.problem_mark.line + 1 + line_offset
            column = error.problem_mark.column + 1
    except yaml.YAMLError:
        pass
    return Problem(file, line, column, "", _TOO_DEEP)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, file: str, line_offset: int) -> Problem:
    """A syntax error, told as the mistake and its fix when it is a common one."""
    hint = explain_syntax_error(error, text)
    if hint is not None:
        line, column, message = hint.line, hint.column, hint.message
    else:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        message = str(error.problem or error.context)
    return Problem(file, line + 1 + line_offset, column + 1, "", f"YAML syntax error: {message}")


def parse_yaml(text: str, file: str, line_offset: int = 0) -> tuple[SourceDocument, list[Problem]]:
    """Parse one YAML document; syntax errors come back as problems, never as exceptions.

    Documents larger than MAX_YAML_BYTES, nested deeper than MAX_DEPTH or holding more than
    MAX_NODES values (alias bombs) are refused with one problem.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_YAML_BYTES:
        limit = MAX_YAML_BYTES // (1024 * 1024)
        message = f"YAML is too large ({size} bytes; the limit is {limit} MB)"
        return SourceDocument(file, None), [Problem(file, 1 + line_offset, 1, "", message)]
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except RecursionError:
        return SourceDocument(file, None), [_too_deep(text, file, line_offset)]
    except yaml.YAMLError:
        try:  # the pure-Python parser says more precisely what it expected and found
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except RecursionError:
            return SourceDocument(file, None), [_too_deep(text, file, line_offset)]
        except yaml.MarkedYAMLError as error:
            return SourceDocument(file, None), [_syntax_problem(error, text, file, line_offset)]
        except yaml.reader.ReaderError as error:  # a character YAML does not allow
            before = text[: error.position]
            line = before.count("\n") + 1 + line_offset
            column = error.position - (before.rfind("\n") + 1) + 1
            message = (
                f"YAML cannot hold the character U+{error.character:04X} "
                f"({unicodedata.name(chr(error.character), 'not a printable character')}): remove it"
            )
            return SourceDocument(file, None), [Problem(file, line, column, "", message)]
        except yaml.YAMLError as error:  # pragma: no cover - syntax errors are marked
            return SourceDocument(file, None), [Problem(file, 1, 1, "", f"YAML error: {error}")]
    if root is None:
        return SourceDocument(file, {}, first_line=1 + line_offset), []
    converter = _Converter(file, line_offset)
    try:
        data = converter.convert(root, ())
    except _TooLarge as too_large:
        line, column = converter.where(too_large.node)
        return SourceDocument(file, None), [Problem(file, line, column, "", too_large.reason)]
    if data is None:  # a document holding only `null` is as empty as an empty file
        data = {}
    document = SourceDocument(
        file, data, converter.positions, converter.key_positions, first_line=1 + line_offset
    )
    return document, converter.problems
