"""YAML syntax errors in a creator's words: what to change, with the corrected line when one
can be shown.

PyYAML reports where its grammar broke ("mapping values are not allowed here"), which is often
a line or two after the mistake and never names the fix. The common mistakes are recognised
from the error, the tokens read before it and the source lines; anything else keeps PyYAML's
own words. Marks are those of PyYAML's pure-Python parser (0-based lines and columns), whose
messages are the more precise.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

import yaml
from yaml.error import Mark
from yaml.tokens import (
    FlowMappingEndToken,
    FlowMappingStartToken,
    FlowSequenceEndToken,
    FlowSequenceStartToken,
    ScalarToken,
    Token,
    ValueToken,
)

# The line breaks PyYAML counts lines by (str.splitlines knows more, which would shift lines).
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
# `key: value` at the start of a line, after its indentation and any list dashes. A plain key
# is text up to ': '; quoted keys may hold anything.
_KEY_LINE = re.compile(
    r"""(?P<indent>[ ]*)(?P<dashes>(?:-[ ]+)*)"""
    r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\[\]{},&*!|>%@`:-][^#]*?)"""
    r"""[ ]*:(?:[ ]+|$)(?P<value>.*)"""
)
_CONTENT = re.compile(r"(?P<indent>[ ]*)(?P<dashes>(?:-(?:[ ]+|$))*)(?P<rest>.*)")
# Characters a plain value cannot start with: YAML keeps them for its own syntax.
_RESERVED_START = frozenset("@`%*")
_CLOSERS = {"[": "]", "{": "}"}
_KINDS = {"[": "list", "{": "mapping"}
# A run of text in a message longer than this is shown by its start and end.
_LONG_RUN = re.compile(r"[^\s\"']{80,}")
# YAML's limit on an implicit (plain, one-line) key.
_MAX_KEY = 1024
# Tokens kept from the scan before the error: enough to find a value's key.
_RECENT_TOKENS = 8


@dataclass(frozen=True)
class SyntaxHint:
    """Where the mistake is (0-based line and column) and what to do about it."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class _Mark:
    """A place in the text, as PyYAML's marks give it (0-based)."""

    line: int
    column: int


def explain_syntax_error(error: yaml.MarkedYAMLError, text: str) -> SyntaxHint | None:
    """The mistake behind a syntax error from PyYAML's pure-Python parser, or None when it is
    not one of the common ones."""
    mark = error.problem_mark
    if mark is None:
        return None
    lines = _LINE_BREAK.split(text)
    if not 0 <= mark.line < len(lines):
        return None
    source = _Source(text, lines)
    problem = error.problem or ""
    context = error.context or ""
    for explain in (
        _tab,
        _long_key,
        _reserved_start,
        _unclosed_quote,
        _colon_in_value,
        _unclosed_flow,
        _text_after_value,
        _misaligned,
        _no_colon,
        _block_scalar_text,
        _second_document,
        _dash_value,
        _backslash,
    ):
        hint = explain(source, error, problem, context)
        if hint is not None:
            return SyntaxHint(hint.line, hint.column, _shortened(hint.message))
    return None


def _shortened(message: str) -> str:
    """The message with each very long run of text cut in the middle: a 3,000-character
    value is shown by its start and end, not written out in full."""
    return _LONG_RUN.sub(lambda run: f"{run[0][:40]}…{run[0][-12:]}", message)


class _Source:
    """The text and its lines, as PyYAML counts them."""

    def __init__(self, text: str, lines: list[str]):
        self.text = text
        self.lines = lines
        self._scanned: dict[int, tuple[list[Token], list[Token]]] = {}

    def char(self, line: int, column: int) -> str:
        text = self.lines[line] if 0 <= line < len(self.lines) else ""
        return text[column] if 0 <= column < len(text) else ""

    def key_line(self, line: int) -> re.Match[str] | None:
        return _KEY_LINE.fullmatch(self.lines[line]) if 0 <= line < len(self.lines) else None

    def previous_content_lines(self, line: int):
        """Lines above `line` that hold more than blanks or a comment, nearest first."""
        for number in range(min(line, len(self.lines)) - 1, -1, -1):
            stripped = self.lines[number].strip()
            if stripped and not stripped.startswith("#"):
                yield number

    def tokens_before(self, index: int) -> tuple[list[Token], list[Token]]:
        """The last tokens read before `index`, and the flow brackets still open there."""
        if index not in self._scanned:
            self._scanned[index] = self._scan(index)
        return self._scanned[index]

    def _scan(self, index: int) -> tuple[list[Token], list[Token]]:
        recent: deque[Token] = deque(maxlen=_RECENT_TOKENS)
        open_brackets: list[Token] = []
        try:
            for token in yaml.scan(self.text, Loader=yaml.SafeLoader):
                if token.start_mark.index >= index:
                    break
                recent.append(token)
                if isinstance(token, (FlowSequenceStartToken, FlowMappingStartToken)):
                    open_brackets.append(token)
                elif (
                    isinstance(token, (FlowSequenceEndToken, FlowMappingEndToken)) and open_brackets
                ):
                    open_brackets.pop()
        except yaml.YAMLError:
            pass  # the tokens up to the error are what is wanted
        return list(recent), open_brackets


def _quoted(value: str) -> str:
    """`value` as a quoted YAML scalar a person can read: double quotes, or single quotes when
    it holds a double quote or a backslash (no escapes to explain)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _name(key: str) -> str:
    """A key as its name: without the quotes it may be written in."""
    if len(key) >= 2 and key[0] == key[-1] == "'":
        return key[1:-1].replace("''", "'")
    if len(key) >= 2 and key[0] == key[-1] == '"':
        return key[1:-1]
    return key


def _subject(key: str | None, list_item: bool) -> str:
    if key is not None:
        return f"the value of '{_name(key)}'"
    return "this list item" if list_item else "this value"


def _without_comment(value: str) -> tuple[str, str]:
    """A plain value and the comment after it (' # …'), each without the spaces between."""
    at = value.find(" #")
    if at < 0:
        return value.rstrip(), ""
    return value[:at].rstrip(), value[at:].strip()


def _corrected(prefix: str, value: str, comment: str = "") -> str:
    return f"{prefix}{_quoted(value)}" + (f" {comment}" if comment else "")


def _value_on_line(source: _Source, line: int, column: int) -> tuple[str | None, bool, str] | None:
    """For a value starting at `column` of `line`: its key (None for a list item or a value
    in a flow), whether it is a list item, and the line's text before the value (without the
    indentation), from which the corrected line is written."""
    text = source.lines[line]
    match = source.key_line(line)
    if match and match.start("value") == column:
        return match["key"], False, text[len(match["indent"]) : column]
    content = _CONTENT.fullmatch(text)
    if content and content["dashes"] and content.start("rest") == column:
        return None, True, text[len(content["indent"]) : column]
    return None


def _quoted_line(source: _Source, line: int, column: int) -> str | None:
    """The line from its key or dash on, with the value that starts at `column` in quotes;
    None when no key or list item starts that value."""
    found = _value_on_line(source, line, column)
    if found is None:
        return None
    value, comment = _without_comment(source.lines[line][column:])
    return _corrected(found[2], value, comment)


# -- Each common mistake -------------------------------------------------------------------


def _tab(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    mark = error.problem_mark
    if source.char(mark.line, mark.column) != "\t":
        return None
    before = source.lines[mark.line][: mark.column]
    if before.strip(" \t"):
        return SyntaxHint(mark.line, mark.column, "a tab where YAML needs a space; use spaces")
    return SyntaxHint(
        mark.line, mark.column, "this line is indented with a tab; YAML indents with spaces only"
    )


def _long_key(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """`aaaa…: 1` with more than 1,024 characters before the colon: YAML reads no such key."""
    mark = error.problem_mark
    if "mapping values are not allowed" not in problem:
        return None
    before = source.lines[mark.line][: mark.column].strip()
    if len(before) <= _MAX_KEY or ": " in before:  # `title: a: b` is a colon in a value
        return None
    line = source.lines[mark.line]
    start = len(line) - len(line.lstrip())
    message = f"a key may be at most {_MAX_KEY:,} characters long, this one is {len(before):,}"
    return SyntaxHint(mark.line, start, message + ": shorten it")


def _reserved_start(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """@ and ` cannot start a plain value; * starts a reference to an anchor."""
    if "cannot start any token" in problem or "alias" in problem or "alias" in context:
        mark = error.context_mark if "alias" in context else error.problem_mark
    else:
        return None
    if mark is None:
        return None
    character = source.char(mark.line, mark.column)
    if character not in _RESERVED_START:
        return None
    message = f"a value cannot start with {character} unless it is in quotes"
    if (corrected := _quoted_line(source, mark.line, mark.column)) is not None:
        message += f": {corrected}"
    return SyntaxHint(mark.line, mark.column, message)


def _unclosed_quote(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """A quote never closed, or closed only on a later line by the next value's own quote."""
    if "quoted scalar" in context and "end of stream" in problem and error.context_mark:
        start = error.context_mark
    elif isinstance(error, yaml.parser.ParserError):
        tokens, _ = source.tokens_before(error.problem_mark.index)
        last = tokens[-1] if tokens else None
        if not (
            isinstance(last, ScalarToken)
            and last.style in ("'", '"')
            and last.start_mark.line < last.end_mark.line
            and error.problem_mark.line == last.end_mark.line
        ):
            return None
        start = last.start_mark
    else:
        return None
    quote = source.char(start.line, start.column)
    if quote not in ("'", '"'):
        return None
    found = _value_on_line(source, start.line, start.column)
    key, list_item, prefix = found if found is not None else (None, False, "")
    message = f"{_subject(key, list_item)} opens a quote ({quote}) that is not closed on its line"
    rest = source.lines[start.line][start.column + 1 :].rstrip()
    if found is not None and rest and quote not in rest:
        message += f"; close it: {prefix}{quote}{rest}{quote}"
    return SyntaxHint(start.line, start.column, message)


def _colon_in_value(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """`title: Harbour Lights: a lamp`: the second ': ' makes YAML read a key."""
    mark = error.problem_mark
    if "mapping values are not allowed" in problem:
        match = source.key_line(mark.line)
        if match is None or match.start("value") > mark.column or not match["value"]:
            return _over_indented(source, mark)
        if match["value"][0] in "'\"[{":
            return None  # text after a closing quote or bracket: see _text_after_value
        key, value_start = match["key"], match.start("value")
        prefix = source.lines[mark.line][len(match["indent"]) : value_start]
        value, comment = _without_comment(match["value"])
    elif "flow mapping" in context or "flow sequence" in context:
        # In { } or [ ], a plain value ends at ': ' too: `{alt: Lamp: on}`.
        if source.char(mark.line, mark.column) != ":":
            return None
        tokens, _ = source.tokens_before(mark.index)
        if len(tokens) < 3 or not isinstance(tokens[-1], ScalarToken) or tokens[-1].style:
            return None
        if not (isinstance(tokens[-2], ValueToken) and isinstance(tokens[-3], ScalarToken)):
            return None
        if tokens[-1].start_mark.line != mark.line or tokens[-3].end_mark.line != mark.line:
            return None
        line = source.lines[mark.line]
        value_start = tokens[-1].start_mark.column
        ends = [line.find(character, mark.column) for character in ",}]"]
        end = min((at for at in ends if at >= 0), default=len(line))
        key, value, comment = tokens[-3].value, line[value_start:end].rstrip(), ""
        prefix = f"{key}: "
    else:
        return None
    rest = source.lines[mark.line][mark.column + 1 :]
    what = "contains ': '" if rest.strip() else "ends with ':'"
    message = (
        f"the value of '{_name(key)}' {what}; put it in quotes: "
        f"{_corrected(prefix, value, comment)}"
    )
    return SyntaxHint(mark.line, mark.column, message)


def _over_indented(source: _Source, mark: Mark) -> SyntaxHint | None:
    """`title: x` then `  tagline: y`: the second line reads as more of the title, until its
    ': '. Or `title:x` (no space after the colon), which is text, not a key."""
    content = _CONTENT.fullmatch(source.lines[mark.line])
    if content is None or not content["rest"]:
        return None
    column = content.start("rest")
    key = source.lines[mark.line][column : mark.column].strip()
    if not key or key[0] in "'\"[{#":
        return None
    above = next(source.previous_content_lines(mark.line), None)
    if above is None:
        return None
    no_space = re.fullmatch(r"[ ]*(?:-[ ]+)*([^\s:#'\"][^:\s]*):(\S.*)", source.lines[above])
    if no_space and source.key_line(above) is None:
        fixed = f"{no_space[1]}: {no_space[2].rstrip()}"
        message = f"a key needs a space after its colon: {fixed}"
        return SyntaxHint(above, no_space.end(1), message)
    return _not_lined_up(source, mark.line, column, key)


def _not_lined_up(source: _Source, line: int, column: int, key: str) -> SyntaxHint | None:
    """A key whose indentation matches none of the mappings above it: name the keys it could
    stand beside, the nearest deeper one and the nearest shallower one."""
    deeper: tuple[int, int, str] | None = None
    shallower: tuple[int, int, str] | None = None
    deeper_column = None
    for number in source.previous_content_lines(line):
        match = source.key_line(number)
        content = _CONTENT.fullmatch(source.lines[number])
        if content is None:
            continue
        start = content.start("rest") if match is None else match.start("key")
        if start < column:
            shallower = (number, start, match["key"]) if match else None
            break
        # Of the deeper keys, the least deep is the likeliest sibling (not a key inside it).
        if (
            match is not None
            and start > column
            and (deeper_column is None or start < deeper_column)
        ):
            deeper, deeper_column = (number, start, match["key"]), start
    choices = [
        f"as '{_name(key)}' (line {number + 1}, column {start + 1})"
        for number, start, key in (found for found in (deeper, shallower) if found)
    ]
    if not choices:
        return None
    message = f"'{_name(key)}' is not lined up with the keys above it; indent it as much " + (
        " or ".join(choices)
    )
    return SyntaxHint(line, column, message)


def _unclosed_flow(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """`tags: [a, b` with no `]`: YAML reads on to the next line and fails there."""
    start = error.context_mark
    if start is None or not ("flow sequence" in context or "flow mapping" in context):
        return None
    opener = source.char(start.line, start.column)
    if opener not in _CLOSERS or error.problem_mark.line == start.line:
        return None
    _, still_open = source.tokens_before(error.problem_mark.index)
    if not any(token.start_mark.index == start.index for token in still_open):
        return None
    found = _value_on_line(source, start.line, start.column)
    key, list_item, prefix = found if found is not None else (None, False, "")
    closer = _CLOSERS[opener]
    message = (
        f"{_subject(key, list_item)} opens a {_KINDS[opener]} with {opener} that is never closed"
    )
    rest = source.lines[start.line][start.column :].rstrip()
    if found is not None and not rest.endswith(","):
        message += (
            f"; close it ({prefix}{rest}{closer}) or, for text, put it in quotes "
            f"({_corrected(prefix, rest)})"
        )
    else:
        message += f"; close it with {closer}"
    return SyntaxHint(start.line, start.column, message)


def _text_after_value(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """`title: 'Ada's lamp'` or `title: [Draft] My lamp`: a quoted or bracketed value ends,
    and text goes on after it on the same line."""
    mark = error.problem_mark
    if not isinstance(error, yaml.parser.ParserError) or "block" not in context:
        return None
    tokens, _ = source.tokens_before(mark.index)
    if not tokens or tokens[-1].end_mark.line != mark.line:
        return None
    last = tokens[-1]
    if isinstance(last, ScalarToken) and last.style in ("'", '"'):
        start, what = last.start_mark, "closing quote"
    elif isinstance(last, (FlowSequenceEndToken, FlowMappingEndToken)):
        start = _flow_start(source, last)
        what = ""
    else:
        return None
    if start is None or start.line != mark.line:
        return None
    if source.char(mark.line, mark.column) in ",]}#":
        return None  # a stray bracket or comma: PyYAML's own words say it
    found = _value_on_line(source, start.line, start.column)
    if found is None:
        return None
    key, list_item, prefix = found
    written, comment = _without_comment(source.lines[start.line][start.column :])
    opener = written[0]
    if what:
        inner = _meant_text(source, written, last)
        message = f"{_subject(key, list_item)} goes on after its {what} ({opener})"
        return SyntaxHint(
            mark.line,
            mark.column,
            f"{message}; put all of it in quotes: {_corrected(prefix, inner, comment)}",
        )
    message = (
        f"{_subject(key, list_item)} starts with {opener}, which YAML reads as a "
        f"{_KINDS[opener]}; put it in quotes: {_corrected(prefix, written, comment)}"
    )
    return SyntaxHint(start.line, start.column, message)


def _meant_text(source: _Source, written: str, quoted: ScalarToken) -> str:
    """The text a quoted value that goes on after its closing quote was meant to hold:
    `'Ada's lamp'` is Ada's lamp (the quote closed on an apostrophe inside a word);
    `"Say "hi" now"` is Say "hi" now; `"Harbour" Lights` is all of it, quotes included."""
    opener, end = written[0], quoted.end_mark
    before = source.char(end.line, end.column - 2)
    after = source.char(end.line, end.column)
    apostrophe = opener == "'" and before.isalpha() and after.isalpha()
    if apostrophe or (len(written) > 2 and written[-1] == opener):
        return written[1:-1] if written[-1] == opener else written[1:]
    return written


def _flow_start(source: _Source, end: Token) -> _Mark | None:
    """Where the bracket closed by `end` was opened, if on the same line (found by counting
    brackets back along the line, outside quotes)."""
    line = source.lines[end.start_mark.line]
    depth, quote = 0, ""
    for column in range(end.start_mark.column, -1, -1):
        character = line[column] if column < len(line) else ""
        if quote:
            quote = "" if character == quote else quote
        elif character in "'\"":
            quote = character
        elif character in "]}":
            depth += 1
        elif character in "[{":
            depth -= 1
            if depth == 0:
                return _Mark(end.start_mark.line, column)
    return None


def _misaligned(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """A key or a list item indented unlike those it stands among."""
    mark = error.problem_mark
    if not isinstance(error, yaml.parser.ParserError):
        return None
    # After the document's root ends (a line less indented than the first), YAML expects
    # another document.
    if "block" not in context and "document start" not in problem:
        return None
    tokens, _ = source.tokens_before(mark.index)
    if tokens and tokens[-1].end_mark.line == mark.line:
        return None  # something on the same line: not an indentation mistake
    content = _CONTENT.fullmatch(source.lines[mark.line])
    if content is None or (not content["rest"] and not content["dashes"]):
        return None
    if content["dashes"]:
        return _misaligned_item(source, mark.line, len(content["indent"]), error.context_mark)
    match = source.key_line(mark.line)
    if match is None:
        return None
    return _not_lined_up(source, mark.line, match.start("key"), match["key"])


def _misaligned_item(
    source: _Source, line: int, column: int, context_mark: Mark | None
) -> SyntaxHint | None:
    top = context_mark.line if context_mark is not None else 0
    for number in source.previous_content_lines(line):
        if number < top:
            break
        content = _CONTENT.fullmatch(source.lines[number])
        if content and content["dashes"] and len(content["indent"]) != column:
            message = (
                f"this list item is not lined up with the one on line {number + 1}; start its "
                f"'-' in column {len(content['indent']) + 1}"
            )
            return SyntaxHint(line, column, message)
    message = (
        "a list item ('- ') among the keys of a mapping; put the list under a key of its own, "
        "or remove the '- '"
    )
    return SyntaxHint(line, column, message)


def _dash_value(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """`title: - x`: '- ' after a key starts a list, which cannot begin on the key's line."""
    mark = error.problem_mark
    if "sequence entries are not allowed" not in problem:
        return None
    found = _value_on_line(source, mark.line, mark.column)
    if found is None or found[0] is None:
        return None
    key, _, prefix = found
    value, comment = _without_comment(source.lines[mark.line][mark.column :])
    message = (
        f"the value of '{_name(key)}' starts with '- ', which YAML reads as a list; put it in "
        f"quotes: {_corrected(prefix, value, comment)}"
    )
    return SyntaxHint(mark.line, mark.column, message)


def _backslash(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """`path: "C:\\Users"`: in double quotes a backslash starts an escape such as \\n."""
    start = error.context_mark
    if "double-quoted scalar" not in context or "escape" not in problem or start is None:
        return None
    line = source.lines[start.line]
    end = line.rfind('"')
    found = _value_on_line(source, start.line, start.column)
    message = "in double quotes a backslash starts an escape (\\n, \\t); use single quotes"
    if found is not None and end > start.column:
        inner = line[start.column + 1 : end]
        message += f": {found[2]}'{inner.replace(chr(39), chr(39) * 2)}'"
    return SyntaxHint(start.line, start.column, message)


def _no_colon(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """A line that is neither `key: value` nor `- item`: `goal 3`."""
    start = error.context_mark
    if "simple key" not in context or "expected ':'" not in problem or start is None:
        return None
    written = source.lines[start.line][start.column :].rstrip()
    if not written:
        return None
    message = f"'{written}' is not written as key: value; put ': ' after the key"
    return SyntaxHint(start.line, start.column, message)


def _block_scalar_text(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    """`title: | x`: after | or > the text starts on the next line."""
    start = error.context_mark
    if "block scalar" not in context or start is None:
        return None
    indicator = source.char(start.line, start.column)
    if indicator not in "|>":
        return None
    message = f"after {indicator} the text starts on the next line, indented"
    if (corrected := _quoted_line(source, start.line, start.column)) is not None:
        message += f"; or put the value in quotes: {corrected}"
    return SyntaxHint(start.line, start.column, message)


def _second_document(
    source: _Source, error: yaml.MarkedYAMLError, problem: str, context: str
) -> SyntaxHint | None:
    if "single document" not in context:
        return None
    mark = error.problem_mark
    message = "this line starts a second YAML document, and a file holds one; remove the line"
    return SyntaxHint(mark.line, mark.column, message)
