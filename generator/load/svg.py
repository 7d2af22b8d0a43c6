"""SVG pictures made safe to publish: read with expat (no entity, no DTD, nothing fetched),
written back with only the elements, attributes and CSS of svg_allowed, and every removal
kept with its line and column so that the build can say what it left out, and where.

A picture is written back as it was given, text and whitespace included, when nothing had to
be left out (only the quotes around attribute values, character references and comments may
differ), so a picture without script or links publishes unchanged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from pledgekit.load.svg_allowed import (
    ANIMATION_VALUES,
    ANIMATIONS,
    DATA_PICTURES,
    ELEMENTS,
    FRAGMENT_HREF,
    HOSTILE_ELEMENTS,
    PICTURE_HREF,
    PLAIN,
    PRESENTATION,
    QUIET_ELEMENTS,
    SCRIPT_SCHEMES,
    SVG_NAMESPACE,
    URL_ATTRIBUTES,
    XLINK_NAMESPACE,
    XML_NAMESPACE,
)
from pledgekit.load.svg_css import (
    CssFinding,
    filtered_declarations,
    filtered_stylesheet,
    filtered_value,
    shortened,
)

VERSION = "1"  # change when what is kept changes: cached pictures are then cleaned again
HTML_NAMESPACE = "http://www.w3.org/1999/xhtml"
_XML_VALUES = {"space": re.compile("default|preserve"), "lang": re.compile(r"[A-Za-z0-9\-]*")}
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:")
_ESCAPED_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ESCAPED_VALUE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)


# A place in the file (line, column), or how to find it when it is needed (attributes).
Place = tuple[int, int] | Callable[[], tuple[int, int]]


class SvgRefused(ValueError):
    """The file cannot be read as a picture that is safe to clean (not well-formed XML, a
    DOCTYPE with declarations, another root than <svg>): it is refused at this place."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(f"{line}:{column}: {message}")
        self.line, self.column, self.message = line, column, message


@dataclass(frozen=True)
class Removal:
    """Something the published picture is without, at its place in the file (1-based)."""

    line: int
    column: int
    what: str  # '<script> runs code'
    hostile: bool = False  # it could only be there to run code: the picture is refused


@dataclass(frozen=True)
class CleanSvg:
    data: bytes  # the picture as published (UTF-8)
    removals: tuple[Removal, ...]  # what it is without, but editors' own data


def clean_svg(data: bytes) -> CleanSvg:
    """The picture with only what svg_allowed allows; SvgRefused when it cannot be read."""
    return _Cleaner(data).run()


@dataclass
class _Frame:
    """An element written to the output, open."""

    closing: str  # its end tag
    style: list[str] | None = None  # a <style>'s text, collected
    style_at: tuple[int, int] = (0, 0)  # where that text starts
    empty_tag: bool = False  # written <g/> in the file: written so again when still empty


@dataclass
class _Cleaner:
    data: bytes
    output: list[str] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    frames: list[_Frame] = field(default_factory=list)
    skipping: int = 0  # depth inside an element left out
    pending: str | None = None  # a start tag, closed by '>' or, when empty, by '/>'
    seen_root: bool = False
    root_index: int = -1  # where the root's start tag is in output
    uses_xlink: bool = False

    def run(self) -> CleanSvg:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.namespace_prefixes = True
        parser.ordered_attributes = True
        parser.buffer_text = False  # a text's place is where it starts
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser = parser
        parser.XmlDeclHandler = self.declaration
        parser.StartDoctypeDeclHandler = self.doctype
        parser.EntityDeclHandler = self.entity
        parser.SkippedEntityHandler = self.skipped_entity
        parser.ExternalEntityRefHandler = self.external_entity
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.ProcessingInstructionHandler = self.instruction
        parser.CommentHandler = lambda text: None  # comments are left out without a word
        parser.DefaultHandlerExpand = self.outside
        try:
            parser.Parse(self.data, True)
        except expat.ExpatError as error:
            message = expat.errors.messages.get(error.code, str(error))
            raise SvgRefused(
                error.lineno, error.offset + 1, f"not well-formed XML ({message})"
            ) from None
        except (LookupError, UnicodeError) as error:  # an encoding Python does not know
            raise SvgRefused(*self.here(), f"cannot be read ({error}): save it as UTF-8") from None
        if self.uses_xlink:  # declared on the root, as drawing programs do
            root = self.output[self.root_index]
            self.output[self.root_index] = root.replace(_ROOT_NAMESPACE, _BOTH_NAMESPACES, 1)
        return CleanSvg("".join(self.output).encode("utf-8"), tuple(self.removals))

    # where the parser is, 1-based
    def here(self) -> tuple[int, int]:
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1

    def remove(self, at: Place, what: str, hostile: bool = False) -> None:
        line, column = at() if callable(at) else at
        self.removals.append(Removal(line, column, what, hostile))

    def declaration(self, version: str, encoding: str | None, standalone: int) -> None:
        self.output.append(f'<?xml version="{version}" encoding="UTF-8"?>')

    def doctype(self, name: str, system: str | None, public: str | None, subset: int) -> None:
        if subset:
            raise SvgRefused(
                *self.here(),
                "has a DOCTYPE with declarations, which pictures may not have (entities can "
                "grow to gigabytes or read other files): remove the DOCTYPE",
            )

    def entity(self, name: str, *_) -> None:  # declared in the external subset's stead
        raise SvgRefused(*self.here(), f"declares the entity {name}, which pictures may not")

    def skipped_entity(self, name: str, is_parameter: int) -> None:
        raise SvgRefused(*self.here(), f"uses the entity &{name}; that it does not declare")

    def external_entity(self, *_) -> int:
        raise SvgRefused(*self.here(), "refers to an external entity, which pictures may not")

    def outside(self, text: str) -> None:
        """Whitespace before and after the root element, kept as it was."""
        if not self.frames and text.isspace():
            self.output.append(text)

    def instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self.remove(self.here(), "<?xml-stylesheet?> loads a stylesheet from elsewhere")

    def flush(self, empty: bool = False) -> None:
        """Close the start tag waiting for its first child (or its end, then it is empty)."""
        if self.pending is not None:
            self.output.append(self.pending + ("/>" if empty else ">"))
            self.pending = None

    def start(self, name: str, attributes: list[str]) -> None:
        at = self.here()
        namespace, local = _split(name)
        pairs = list(zip(attributes[::2], attributes[1::2], strict=True))
        if not self.seen_root and (namespace, local) != (SVG_NAMESPACE, "svg"):
            raise SvgRefused(
                *at, f'the root element is <{local}>, not <svg xmlns="{SVG_NAMESPACE}">'
            )
        in_style = bool(self.frames) and self.frames[-1].style is not None
        if self.skipping or in_style or not self.element_kept(at, namespace, local, pairs):
            self.skipping += 1
            self.hostile_only(at, namespace, local, pairs)
            return
        self.flush()
        written = "g" if local == "a" else local  # a link's drawing, without the link
        tag = [f"<{written}"]
        if not self.seen_root:
            self.seen_root = True
            self.root_index = len(self.output)
            tag.append(_ROOT_NAMESPACE)
        for qualified, value in self.attributes_kept(at, local, pairs):
            tag.append(f' {qualified}="{value.translate(_ESCAPED_VALUE)}"')
        self.pending = "".join(tag)
        start = self.parser.CurrentByteIndex
        empty_tag = start >= 0 and self.data[_tag_end(self.data, start) - 1 :][:1] == b"/"
        style = [] if local == "style" else None
        self.frames.append(_Frame(f"</{written}>", style, empty_tag=empty_tag))

    def end(self, name: str) -> None:
        if self.skipping:
            self.skipping -= 1
            return
        frame = self.frames.pop()
        if frame.style is not None:
            self.flush()
            self.output.append(self.stylesheet(frame))
        if self.pending is not None and frame.empty_tag:
            self.flush(empty=True)
        else:  # written <g></g> when it was, or when all it held was left out
            self.flush()
            self.output.append(frame.closing)

    def text(self, text: str) -> None:
        if self.skipping or not self.frames:
            return
        frame = self.frames[-1]
        if frame.style is not None:
            if not frame.style:
                frame.style_at = self.here()
            frame.style.append(text)
            return
        self.flush()
        self.output.append(text.translate(_ESCAPED_TEXT))

    def stylesheet(self, frame: _Frame) -> str:
        assert frame.style is not None
        text = "".join(frame.style)
        if _runs_code(text):
            self.remove(frame.style_at, "<style> with javascript: runs code", True)
            return ""
        result = filtered_stylesheet(text)
        for finding in result.findings:
            self.remove(_inside(frame.style_at, finding), finding.what, finding.hostile)
        return result.text.translate(_ESCAPED_TEXT)

    def element_kept(
        self, at: tuple[int, int], namespace: str, local: str, pairs: list[tuple[str, str]]
    ) -> bool:
        """Whether the element is written (its attributes are then looked at one by one)."""
        if local.lower() in _HOSTILE_LOWER or namespace == HTML_NAMESPACE:
            return False  # reported by hostile_only
        if namespace != SVG_NAMESPACE or local in QUIET_ELEMENTS:
            return False  # a drawing program's own data (Inkscape, Illustrator, RDF)
        if local == "a":
            return True
        if local not in ELEMENTS:
            self.remove(at, f"<{local}> is not an element pictures may use")
            return False
        if local == "style":
            kind = dict(pairs).get("type", "text/css").strip().lower()
            if kind not in ("text/css", ""):
                self.remove(at, f'<style type="{shortened(kind)}"> is not CSS')
                return False
        if local in ANIMATIONS:
            return self.animation_kept(at, local, pairs)
        return True

    def animation_kept(self, at: tuple[int, int], local: str, pairs: list) -> bool:
        """Whether an animation changes only what pictures may hold (a colour, a length, a
        transform): one that changes a link, a style or anything else is left out."""
        target = dict(pairs).get("attributeName")
        if target is None:
            return True
        name = target.strip().removeprefix("xlink:")
        if name in PRESENTATION or (name in PLAIN and name not in ("id", "class")):
            return True
        shown = f'<{local} attributeName="{shortened(target)}">'
        if name.lower().startswith("on"):
            self.remove(at, f"{shown} sets an event handler, which runs code", True)
        elif name in URL_ATTRIBUTES:
            values = [value for qualified, value in pairs if qualified in ANIMATION_VALUES]
            if not any(_runs_code(value) for value in values):  # else hostile_only says so
                self.remove(at, f"{shown} changes a link, which pictures may not have")
        else:
            self.remove(at, f"{shown} animates what pictures may not")
        return False

    def hostile_only(
        self,
        at: tuple[int, int],
        namespace: str,
        local: str,
        pairs: list[tuple[str, str]],
    ) -> None:
        """Report what could run code in an element that is left out anyway: a picture that
        hides a script inside <metadata> is as hostile as one that shows it."""
        if local.lower() in _HOSTILE_LOWER:
            self.remove(at, _HOSTILE_WHY.get(local.lower(), f"<{local}> runs code"), True)
        elif namespace == HTML_NAMESPACE:
            self.remove(at, f"<{local}> is HTML, which can run code in a picture", True)
        for qualified, value in pairs:
            attribute = qualified.split(" ")[1] if " " in qualified else qualified
            handler = attribute.lower().startswith("on")
            address = attribute in URL_ATTRIBUTES or attribute in ANIMATION_VALUES
            if handler or (address and _runs_code(value)):
                self.remove(
                    functools.partial(self.attribute_at, at, qualified),
                    f'{_shown_name(qualified)}="{shortened(value)}" runs code',
                    True,
                )

    def attributes_kept(
        self, at: tuple[int, int], element: str, pairs: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        kept = []
        for qualified, value in pairs:
            namespace, local = _split(qualified)
            where = functools.partial(self.attribute_at, at, qualified)
            shown = _shown_name(qualified)
            if local.lower().startswith("on"):
                self.remove(where, f'{shown}="{shortened(value)}" runs code', True)
                continue
            if local == "href" and namespace in ("", XLINK_NAMESPACE):
                address = self.address(where, element, shown, value)
                if address is not None:
                    name = "xlink:href" if namespace else "href"
                    self.uses_xlink = self.uses_xlink or bool(namespace)
                    kept.append((name, address))
                continue
            if namespace == XML_NAMESPACE and local in ("space", "lang"):
                if _XML_VALUES[local].fullmatch(value):  # else it means nothing
                    kept.append((f"xml:{local}", value))
                continue
            if namespace:
                continue  # a drawing program's own attributes
            if local in URL_ATTRIBUTES:
                if _runs_code(value):
                    self.remove(where, f'{shown}="{shortened(value)}" runs code', True)
                continue
            css = None
            is_css = local in PRESENTATION or (local in ANIMATION_VALUES and element in ANIMATIONS)
            if (local == "style" or is_css) and _runs_code(value):
                self.remove(where, f'{shown}="{shortened(value)}" runs code', True)
                continue
            if local == "style":
                css = filtered_declarations(value)
            elif is_css:
                css = filtered_value(value)
            elif not (local in PLAIN or local.startswith(("aria-", "data-"))):
                continue  # an attribute SVG does not know: it does nothing
            elif _runs_code(value):
                self.remove(where, f'{shown}="{shortened(value)}" runs code', True)
                continue
            elif "url(" in value.lower():  # no use outside CSS: left out rather than explained
                self.remove(
                    where, f'{shown}="{shortened(value)}" is not an address pictures may use'
                )
                continue
            if css is not None:
                for finding in css.findings:
                    self.remove(where, f"{shown}: {finding.what}", finding.hostile)
                if not css.text.strip():
                    continue
                value = css.text
            kept.append((local, value))
        return kept

    def address(self, where: Place, element: str, shown: str, value: str) -> str | None:
        """The href as published, or None when it is left out (and why is reported)."""
        bare = "".join(character for character in value if character > " ").lower()
        quoted = f'<{element} {shown}="{shortened(value)}">'
        if bare.startswith(SCRIPT_SCHEMES):
            self.remove(where, f"{quoted} runs code", True)
            return None
        if element == "a":
            self.remove(where, f"{quoted} is a link, which pictures may not have")
            return None
        if bare.startswith("#") and (element in FRAGMENT_HREF or element in PICTURE_HREF):
            return value
        if element not in PICTURE_HREF:
            if element in FRAGMENT_HREF:
                self.remove(where, f"{quoted} names another file: only #id is kept")
            return None
        if bare.startswith("data:"):
            kind = bare[5:].split(",")[0].split(";")[0]
            if kind in DATA_PICTURES:
                return value
            self.remove(where, f"{quoted} is not a PNG, JPEG, GIF or WebP picture")
            return None
        if _SCHEME.match(bare) or bare.startswith("//") or "\\" in bare:
            self.remove(where, f"{quoted} loads from another site")
            return None
        return value  # a picture beside this one

    def attribute_at(self, element_at: tuple[int, int], qualified: str) -> tuple[int, int]:
        """Where an attribute is written in the file: looked for in the element's start tag
        (the element's place when the file is not UTF-8, or the attribute came from none)."""
        start = self.parser.CurrentByteIndex
        if start < 0:
            return element_at
        end = _tag_end(self.data, start)
        written = re.escape(_shown_name(qualified).encode())
        found = re.compile(rb"\s" + written + rb"\s*=").search(self.data, start, end)
        if found is None:
            return element_at
        before = self.data[start : found.start() + 1]
        if b"\n" not in before:
            return element_at[0], element_at[1] + len(before.decode("utf-8", "replace"))
        tail = before.rsplit(b"\n", 1)[1]
        return element_at[0] + before.count(b"\n"), len(tail.decode("utf-8", "replace")) + 1


def _tag_end(data: bytes, start: int) -> int:
    """Where the start tag at `start` ends: its first '>' outside a quoted value."""
    quote = None
    for position in range(start, len(data)):
        byte = data[position]
        if quote is not None:
            if byte == quote:
                quote = None
        elif byte in b"\"'":
            quote = byte
        elif byte == 0x3E:  # '>'
            return position
    return len(data)


_ROOT_NAMESPACE = f' xmlns="{SVG_NAMESPACE}"'
_BOTH_NAMESPACES = f'{_ROOT_NAMESPACE} xmlns:xlink="{XLINK_NAMESPACE}"'
_HOSTILE_LOWER = frozenset(name.lower() for name in HOSTILE_ELEMENTS)
_HOSTILE_WHY = {
    "script": "<script> runs code",
    "foreignobject": "<foreignObject> holds a web page (HTML that can run code)",
}


def _split(name: str) -> tuple[str, str]:
    """('namespace', 'local') of expat's 'namespace local prefix' (namespace '' when none)."""
    parts = name.split(" ")
    return (parts[0], parts[1]) if len(parts) >= 2 else ("", parts[0])


def _shown_name(qualified: str) -> str:
    parts = qualified.split(" ")
    return f"{parts[2]}:{parts[1]}" if len(parts) == 3 else parts[-1]


def _runs_code(value: str) -> bool:
    """Whether an address or animated value is a script: javascript: hides behind spaces,
    tabs, newlines and upper case in browsers."""
    bare = "".join(character for character in value if character > " ").lower()
    return any(scheme in bare for scheme in SCRIPT_SCHEMES)


def _inside(start: tuple[int, int], finding: CssFinding) -> tuple[int, int]:
    """The place in the file of a finding in a <style>'s text that starts at `start`."""
    if finding.line <= 1:
        return start[0], start[1] + finding.column - 1
    return start[0] + finding.line - 1, finding.column
