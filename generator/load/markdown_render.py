"""Markdown to HTML that is safe to publish: sanitized, no script-bearing links."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import markdown
import nh3

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "smarty"]
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "abbr": {"title"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
}
SAFE_SCHEMES = {"http", "https", "mailto"}
_URL_ATTRIBUTE = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


class UnsafeMarkdown(ValueError):
    """Raised for content that would publish a script-bearing link."""


def unsafe_scheme(url: str) -> str | None:
    """The scheme of a link that could run code (javascript:, data:, vbscript:), else None."""
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
    scheme = urlsplit(cleaned).scheme
    return scheme if scheme in ("javascript", "data", "vbscript") else None


class MarkdownRenderer:
    """Renders Markdown; relative links and images are made relative to the page showing them."""

    def __init__(self, trust_html: bool = False):
        self.trust_html = trust_html
        self._markdown = markdown.Markdown(extensions=EXTENSIONS, output_format="html")

    def __call__(self, text: str, asset_prefix: str = "") -> str:
        self._markdown.reset()
        rendered = _shift_headings(self._markdown.convert(text))
        for match in _URL_ATTRIBUTE.finditer(rendered):
            url = next(group for group in match.groups() if group is not None)
            if scheme := unsafe_scheme(url):
                raise UnsafeMarkdown(
                    f"links with the {scheme}: scheme are not allowed ({url[:60]!r})"
                )
        if asset_prefix:
            rendered = _URL_ATTRIBUTE.sub(lambda match: _prefixed(match, asset_prefix), rendered)
        if self.trust_html:
            return rendered
        return nh3.clean(
            rendered,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=SAFE_SCHEMES,
            link_rel="noopener noreferrer",
        )


def _shift_headings(rendered: str) -> str:
    """Prose sits under the page's h1 and a section h2: '## Part' becomes h3, '#' becomes h2."""
    return re.sub(
        r"<(/?)h([1-6])\b", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", rendered
    )


def _prefixed(match: re.Match[str], prefix: str) -> str:
    url = next(group for group in match.groups() if group is not None)
    if not _is_relative_file(html.unescape(url)):
        return match.group(0)
    attribute = match.group(0).split("=", 1)[0]
    return f'{attribute}="{html.escape(prefix + html.unescape(url))}"'


def _is_relative_file(url: str) -> bool:
    return not (url.startswith(("#", "/", "?")) or urlsplit(url).scheme or url.startswith("//"))
