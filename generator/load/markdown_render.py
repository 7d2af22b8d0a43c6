"""Markdown to HTML that is safe to publish: sanitized, no script-bearing links."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

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
REFUSED_SCHEMES = ("javascript", "data", "vbscript", "file")
URL_ATTRIBUTES = ("href", "src")


class UnsafeMarkdown(ValueError):
    """Raised for content that would publish a script-bearing link."""


def unsafe_scheme(url: str) -> str | None:
    """The scheme of a link that could run code or reach local files, else None."""
    cleaned = re.sub(r"[\x00-\x20]", "", html.unescape(url)).lower()
    scheme = urlsplit(cleaned).scheme
    return scheme if scheme in REFUSED_SCHEMES else None


def is_relative_file(url: str) -> bool:
    """'photo.png' or 'docs/plan.pdf': a file beside the Markdown, not an anchor or a site."""
    return bool(url) and not (
        url.startswith(("#", "/", "?")) or urlsplit(url).scheme or url.startswith("//")
    )


@dataclass
class RenderedMarkdown:
    """Safe HTML and what it refers to, so that the build can check and publish those files."""

    html: str
    files: list[str] = field(default_factory=list)  # relative links and images, as written
    remote_images: list[str] = field(default_factory=list)  # images loaded from other sites
    refused: list[str] = field(default_factory=list)  # javascript:, data:, … links


class _LinkScanner(HTMLParser):
    """Reads href and src of real tags (never text that only looks like a tag)."""

    def __init__(self, result: RenderedMarkdown):
        super().__init__(convert_charrefs=True)
        self.result = result

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name not in URL_ATTRIBUTES or value is None:
                continue
            if unsafe_scheme(value):
                self.result.refused.append(value)
            elif is_relative_file(value):
                self.result.files.append(urlsplit(value).path)
            elif tag == "img" and urlsplit(value).scheme in ("http", "https"):
                self.result.remote_images.append(value)


class _PrefixRelativeLinks(Treeprocessor):
    """For trusted HTML (no sanitizer pass): prefix the links that Markdown syntax made."""

    prefix = ""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for name in URL_ATTRIBUTES:
                value = element.get(name)
                if value and self.prefix and is_relative_file(value):
                    element.set(name, self.prefix + value)


class MarkdownRenderer:
    """Renders Markdown; relative links and images are made relative to the page showing them."""

    def __init__(self, trust_html: bool = False):
        self.trust_html = trust_html
        self._markdown = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
        self._prefixer = _PrefixRelativeLinks(self._markdown)
        if trust_html:
            self._markdown.treeprocessors.register(self._prefixer, "pledgekit-prefix", 0)

    def render(self, text: str, asset_prefix: str = "") -> RenderedMarkdown:
        self._markdown.reset()
        self._prefixer.prefix = asset_prefix
        converted = _shift_headings(self._markdown.convert(text))
        result = RenderedMarkdown(converted)
        scanner = _LinkScanner(result)
        scanner.feed(converted)
        scanner.close()
        if not self.trust_html:

            def prefix_relative(tag: str, attribute: str, value: str) -> str:
                if attribute in URL_ATTRIBUTES and asset_prefix and is_relative_file(value):
                    return asset_prefix + value
                return value

            result.html = nh3.clean(
                converted,
                tags=ALLOWED_TAGS,
                attributes=ALLOWED_ATTRIBUTES,
                url_schemes=SAFE_SCHEMES,
                attribute_filter=prefix_relative,
                link_rel="noopener noreferrer",
            )
        return result

    def __call__(self, text: str, asset_prefix: str = "") -> str:
        """Safe HTML for a Markdown field in YAML; refused links raise UnsafeMarkdown."""
        result = self.render(text, asset_prefix)
        if result.refused:
            raise UnsafeMarkdown(refused_message(result.refused[0]))
        return result.html


def refused_message(url: str) -> str:
    return f"links with the {unsafe_scheme(url)}: scheme are not allowed ({url[:60]!r})"


def _shift_headings(rendered: str) -> str:
    """Prose sits under the page's h1 and a section h2: '## Part' becomes h3, '#' becomes h2."""
    return re.sub(
        r"<(/?)h([1-6])\b", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", rendered
    )
