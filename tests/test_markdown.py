"""Markdown becomes safe HTML: no scripts, no event handlers, no script-bearing links."""

from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from pledgekit.load.gfm import gfm_to_html
from pledgekit.load.markdown_render import MarkdownRenderer, UnsafeMarkdown, url_attributes

render = MarkdownRenderer()


def soup(html):
    return BeautifulSoup(html, "html5lib")


def test_raw_html_is_reduced_to_the_allow_list():
    html = render(
        '<script>alert(1)</script><b onclick="x()">bold</b><iframe src="https://e.org"></iframe>'
    )
    document = soup(html)
    assert document.find("script") is None and document.find("iframe") is None
    assert document.find("b").attrs == {}


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "jav&#x61;script:alert(1)", "data:text/html,hi", " vbscript:x"]
)
def test_script_links_are_refused(link):
    with pytest.raises(UnsafeMarkdown, match="scheme are not allowed"):
        render(f"[click]({link})")


def test_headings_sit_under_the_page_sections():
    document = soup(render("# One\n\n## Two\n\n###### Six"))
    assert [tag.name for tag in document.find_all(["h2", "h3", "h4", "h5", "h6"])] == [
        "h2",
        "h3",
        "h6",
    ]


def test_relative_links_are_made_relative_to_the_page():
    document = soup(
        render("[photo](hero.svg) [anchor](#faq) [web](https://example.org)", asset_prefix="../../")
    )
    assert [a["href"] for a in document.find_all("a")] == [
        "../../hero.svg",
        "#faq",
        "https://example.org",
    ]


def test_tables_and_lists_render():
    document = soup(render("| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- y\n"))
    assert [td.text for td in document.find_all("td")] == ["1", "2"]
    assert [li.text for li in document.find_all("li")] == ["x", "y"]


def test_trusted_html_is_kept():
    assert '<div class="note">' in MarkdownRenderer(trust_html=True)('<div class="note">Hi</div>')


HOSTILE_PARTS = st.sampled_from(
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href='javascript:x'>a</a>",
        "[x](javascript:alert(1))",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "<svg onload=alert(1)>",
        "<iframe src=//evil>",
        '<a href="&#106;avascript:x">y</a>',
        "<div style='x:expression(1)'>",
        "**b**",
        "`<b onclick=x>`",
        "\n\n",
        "<p onmouseover=x>",
        "<math><mi xlink:href='javascript:x'>",
        " text ",
    ]
)


LINK_PARTS = st.sampled_from(
    [
        "[a](photo.png)",
        "![b](img/hero.svg 'title')",
        "<a title='x>y' href=\"doc.pdf\">d</a>",
        "<img alt=a src=local.png>",
        "<IMG SRC='https://e.org/i.png'>",
        "<a href = 'sp aced.pdf' >",
        "<!-- <a href=commented.pdf> -->",
        "<a href=&#x6a;avascript:x>",
        "[c](<with space.pdf>)",
        '<a\nhref="multi.pdf">',
    ]
)


@given(st.lists(st.one_of(HOSTILE_PARTS, st.text(max_size=20)), max_size=12).map("".join))
def test_any_markdown_renders_without_scripts_or_is_refused(text):
    try:
        html = render(text)
    except UnsafeMarkdown:
        return
    document = soup(html)
    assert document.find("script") is None
    for tag in document.find_all(True):
        assert not any(name.startswith("on") for name in tag.attrs)


def test_rendering_returns_the_memory_it_takes():
    """cmarkgfm's convenience function leaks ~85 KB per story; ours frees tree and string."""

    def resident_kb() -> int:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmRSS:")[1].split()[0])

    story = (
        "## Part\n\nSome *text* with a [link](https://example.org) and a table:\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    ) * 40
    for _ in range(50):
        render(story)
    before = resident_kb()
    for _ in range(400):
        render(story)
    assert resident_kb() - before < 6_000  # the leak would be over 30,000 KB


class _Reference(HTMLParser):
    """The standard library's HTML tokenizer: the oracle for the fast attribute scanner."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, value) for name, value in attrs if name in ("href", "src") and value]


@given(
    st.lists(st.one_of(HOSTILE_PARTS, LINK_PARTS, st.text(max_size=20)), max_size=12).map("".join)
)
def test_the_link_scanner_finds_every_link_the_html_tokenizer_finds(text):
    converted = gfm_to_html(text)
    reference = _Reference()
    reference.feed(converted)
    reference.close()
    found = url_attributes(converted)
    for item in reference.found:
        assert item in found
