"""The CSS of an SVG picture (its <style>, style="" and presentation attributes) without what
loads from elsewhere or runs code: read with a CSS tokenizer that follows the CSS Syntax spec
as browsers do (tinycss2), so escapes (u\\72l(), comments and strings cannot hide a url()."""

from __future__ import annotations

from dataclasses import dataclass

import tinycss2
from tinycss2 import ast

from pledgekit.load.svg_allowed import CSS_BLOCK_AT_RULES, CSS_FUNCTIONS, SCRIPT_SCHEMES

_SHOWN = 60  # characters of an address shown in a message


@dataclass(frozen=True)
class CssFinding:
    """Something left out of a picture's CSS, in words for the person who drew it."""

    what: str  # 'url(https://example.org/a.png) loads from another site'
    hostile: bool = False  # it would run code: the picture is refused
    line: int = 1  # where in the CSS text (1-based), for a <style>'s rules
    column: int = 1

    def at(self, node) -> CssFinding:
        """The finding placed where `node` starts in the CSS text."""
        return CssFinding(self.what, self.hostile, node.source_line, node.source_column)


@dataclass(frozen=True)
class FilteredCss:
    text: str  # the CSS as published: as given when nothing was left out
    findings: tuple[CssFinding, ...]
    changed: bool


def shortened(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def address_finding(address: str, context: str) -> CssFinding | None:
    """What is wrong with an address a picture names (None when it is #id in the picture)."""
    bare = "".join(character for character in address if character > " ").lower()
    if bare.startswith("#"):
        return None
    if bare.startswith(SCRIPT_SCHEMES):
        return CssFinding(f"{context}({shortened(address)}) runs code", hostile=True)
    if bare.startswith(("http:", "https:", "//", "\\\\", "/\\", "\\/")):
        return CssFinding(f"{context}({shortened(address)}) loads from another site")
    return CssFinding(f"{context}({shortened(address)}) loads a file: only url(#id) is kept")


def value_finding(tokens: list) -> CssFinding | None:
    """The first thing in a CSS value that may load or run something, if any."""
    for token in tokens:
        if isinstance(token, ast.URLToken):
            return address_finding(token.value, "url")
        if isinstance(token, ast.ParseError):  # a bad url( … ) among them: browsers drop it
            return CssFinding(f"{shortened(tinycss2.serialize(tokens))} is not valid CSS")
        if isinstance(token, ast.FunctionBlock):
            if token.lower_name == "url":
                strings = [part for part in token.arguments if not _blank(part)]
                if len(strings) != 1 or not isinstance(strings[0], ast.StringToken):
                    return CssFinding(f"url({shortened(tinycss2.serialize(token.arguments))})")
                return address_finding(strings[0].value, "url")
            if token.lower_name not in CSS_FUNCTIONS:
                return CssFinding(f"{token.name}() is not a CSS function pictures may use")
            found = value_finding(token.arguments)
        elif isinstance(token, ast.ParenthesesBlock | ast.SquareBracketsBlock):
            found = value_finding(token.content)
        elif isinstance(token, ast.CurlyBracketsBlock):
            found = CssFinding("a { } block inside a value")
        else:
            continue
        if found is not None:
            return found
    return None


def filtered_value(text: str) -> FilteredCss:
    """A presentation attribute's value (fill="url(#shade)"): as given, or left out whole."""
    found = value_finding(tinycss2.parse_component_value_list(text))
    if found is None:
        return FilteredCss(text, (), False)
    return FilteredCss("", (found,), True)


def filtered_declarations(text: str) -> FilteredCss:
    """A style="" attribute: the declarations that load and run nothing."""
    kept, findings, changed = _declarations(
        tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True)
    )
    return FilteredCss("; ".join(kept) if changed else text, tuple(findings), changed)


def filtered_stylesheet(text: str) -> FilteredCss:
    """A <style> element's text: the rules that load and run nothing."""
    kept, findings, changed = _rules(
        tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    )
    return FilteredCss("\n".join(kept) if changed else text, tuple(findings), changed)


def _declarations(nodes: list) -> tuple[list[str], list[CssFinding], bool]:
    kept: list[str] = []
    findings: list[CssFinding] = []
    changed = False
    for node in nodes:
        if _blank(node):
            continue
        if isinstance(node, ast.Declaration):
            found = value_finding(node.value)
            if found is None:
                kept.append(node.serialize().strip())
                continue
            findings.append(CssFinding(f"{node.name}: {found.what}", found.hostile).at(node))
        elif isinstance(node, ast.QualifiedRule):  # CSS nesting
            rules, found_inside, changed_inside = _rules([node])
            kept += rules
            findings += found_inside
            changed = changed or changed_inside
            continue
        elif isinstance(node, ast.AtRule):
            findings.append(_at_rule_finding(node).at(node))
        changed = True  # a parse error is left out without a word, as browsers do
    return kept, findings, changed


def _rules(nodes: list) -> tuple[list[str], list[CssFinding], bool]:
    kept: list[str] = []
    findings: list[CssFinding] = []
    changed = False
    for node in nodes:
        if isinstance(node, ast.QualifiedRule):
            found = value_finding(node.prelude)
            if found is not None:
                findings.append(found.at(node))
                changed = True
                continue
            inside, found_inside, changed_inside = _declarations(
                tinycss2.parse_blocks_contents(node.content, skip_comments=True)
            )
            findings += found_inside
            changed = changed or changed_inside
            kept.append(f"{tinycss2.serialize(node.prelude).strip()} {{{'; '.join(inside)}}}")
        elif (
            isinstance(node, ast.AtRule)
            and node.lower_at_keyword in CSS_BLOCK_AT_RULES
            and node.content is not None
            and value_finding(node.prelude) is None
        ):
            inside, found_inside, changed_inside = _rules(
                tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            )
            findings += found_inside
            changed = changed or changed_inside
            prelude = tinycss2.serialize(node.prelude).strip()
            kept.append(f"@{node.at_keyword} {prelude} {{{' '.join(inside)}}}")
        else:
            if isinstance(node, ast.AtRule):
                findings.append(_at_rule_finding(node).at(node))
            changed = True
    return kept, findings, changed


def _at_rule_finding(rule: ast.AtRule) -> CssFinding:
    if rule.lower_at_keyword == "import":
        return CssFinding("@import loads a stylesheet from elsewhere")
    if rule.lower_at_keyword == "font-face":
        return CssFinding("@font-face loads a font from elsewhere")
    return CssFinding(f"@{rule.at_keyword} is not a CSS rule pictures may use")


def _blank(token) -> bool:
    return isinstance(token, ast.WhitespaceToken | ast.Comment)
