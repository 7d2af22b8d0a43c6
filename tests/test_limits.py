"""Limits on hostile or oversized content: alias bombs, deep nesting, huge files, pathological
Markdown and decompression bombs end in one clear problem (file:line), never a traceback or a
hung build; a campaign with 10,000 tiers and a 10 MB story build in bounded time."""

from __future__ import annotations

import struct
import time
import zlib
from pathlib import Path

import pytest
from support import FIXED_NOW, HERO_SVG, campaign_yaml, site_yaml, tier_yaml, write_site

from pledgekit.build import build
from pledgekit.load.content import MAX_FILE_BYTES, MAX_QUOTE_DEPTH
from pledgekit.load.front_matter import parse_front_matter
from pledgekit.load.markdown_render import MarkdownRenderer
from pledgekit.load.yaml_source import MAX_DEPTH, MAX_NODES, MAX_YAML_BYTES, parse_yaml
from pledgekit.problems import ContentErrors
from pledgekit.validate.files import MAX_IMAGE_PIXELS

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def one_problem(text: str, file: str = "c.yaml") -> str:
    started = time.monotonic()
    document, problems = parse_yaml(text, file)
    assert time.monotonic() - started < 20
    assert document.data is None
    assert len(problems) == 1
    return str(problems[0])


def test_a_billion_laughs_is_refused_with_its_position():
    # At the value the limit was reached in: one of the expanded "lol"s.
    assert one_problem(BILLION_LAUGHS) == (
        f"c.yaml:1:56: document is too large (more than {MAX_NODES} values after expanding aliases)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 10_000 + "]" * 10_000,  # flow sequences
        "a: " + "{a: " * 10_000 + "1" + "}" * 10_000,  # flow mappings
        "a: " + "[" * 10_000,  # and never closed
        "".join("  " * level + "-\n" for level in range(2_000)),  # block sequences
        "".join("  " * level + "a:\n" for level in range(2_000)),  # block mappings
    ],
    ids=["flow-sequences", "flow-mappings", "unclosed", "block-sequences", "block-mappings"],
)
def test_deep_nesting_is_refused_not_a_recursion_error(text):
    problem = one_problem(text)
    assert problem.startswith("c.yaml:")
    assert problem.endswith(f"values are nested more than {MAX_DEPTH} levels deep")


def test_nesting_up_to_the_limit_is_read():
    document, problems = parse_yaml("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), "c")
    assert problems == []
    assert isinstance(document.data["a"], list)


def test_deep_front_matter_is_refused_at_its_line():
    _, problems = parse_front_matter("---\ntitle: x\nn: " + "[" * 5_000 + "\n---\nBody\n", "u.md")
    assert [(p.file, p.line) for p in problems] == [("u.md", 3)]
    assert "nested more than" in problems[0].message


def test_oversized_yaml_is_refused_before_parsing():
    text = "title: x\n" + ("# padding\n" * (MAX_YAML_BYTES // 10 + 1))
    assert one_problem(text).startswith("c.yaml:1:1: YAML is too large (")


def lamp_site(tmp_path: Path, **files: str | bytes) -> Path:
    campaign = {"campaign.yaml": campaign_yaml(), "story.md": "A lamp.\n", "hero.svg": HERO_SVG}
    return write_site(
        tmp_path / "site", site=site_yaml(), campaigns={"lamp": {**campaign, **files}}
    )


def problems_of(source: Path) -> list[str]:
    started = time.monotonic()
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW, jobs=1)
    assert time.monotonic() - started < 30
    return [
        f"{Path(p.file).name}:{p.line}: {p.field + ': ' if p.field else ''}{p.message}"
        for p in caught.value.problems
    ]


def test_an_alias_bomb_in_a_campaign_fails_the_build_with_its_file(tmp_path):
    source = lamp_site(tmp_path, **{"campaign.yaml": campaign_yaml() + BILLION_LAUGHS})
    lines = campaign_yaml().count("\n")
    assert problems_of(source) == [
        f"campaign.yaml:{lines + 1}: document is too large (more than {MAX_NODES} values after "
        "expanding aliases)"
    ]


def test_an_oversized_story_is_refused(tmp_path):
    source = lamp_site(tmp_path, **{"story.md": "word " * (MAX_FILE_BYTES // 5 + 1)})
    [problem] = problems_of(source)
    assert problem.startswith("story.md:1: file is too large (")


def test_deeply_nested_blockquotes_are_refused_quickly(tmp_path):
    """Python-Markdown takes minutes over 100,000 nested `>`: refused before rendering."""
    source = lamp_site(
        tmp_path,
        **{
            "story.md": "Intro\n\n" + ">" * 100_000 + " deep\n",
            "updates/2026-11-20-deep.md": "---\ntitle: Deep\n---\n" + "> " * 40 + "x\n",
            "campaign.yaml": campaign_yaml(tiers=tier_yaml(description=f"'{'>' * 100_000}'")),
        },
    )
    assert problems_of(source) == [
        f"campaign.yaml:14: tiers[0].description: blockquotes are nested more than {MAX_QUOTE_DEPTH} deep",
        f"story.md:3: blockquotes are nested more than {MAX_QUOTE_DEPTH} deep",
        f"2026-11-20-deep.md:4: blockquotes are nested more than {MAX_QUOTE_DEPTH} deep",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "x" + "]" * 100_000,
        "[" * 100_000,
        "[a](" + "(" * 50_000 + ")" * 50_000 + ")",
        "*a " * 100_000,
        "**" * 50_000 + "a" + "**" * 50_000,
        "_" * 100_000 + "a",
        "`" * 100_000,
        "<" * 100_000,
        "&" * 100_000,
        "|a" * 50_000 + "|\n" + "|-" * 50_000 + "|\n",
        "- > " * 20_000 + "x\n",
        "1. " * 30_000 + "x\n",
        "".join("  " * level + "- x\n" for level in range(1_500)),
        "> " * MAX_QUOTE_DEPTH + "as deep as allowed\n",
    ],
    ids=lambda text: repr(text[:6]),
)
def test_pathological_markdown_renders_in_bounded_time(text):
    started = time.monotonic()
    MarkdownRenderer().render(text)
    assert time.monotonic() - started < 10


def png_header_only(width: int, height: int) -> bytes:
    """A small PNG file that declares a huge picture (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [10_000, 100_000])
def test_a_decompression_bomb_is_refused_naming_the_file(tmp_path, side):
    assert side * side > MAX_IMAGE_PIXELS
    source = lamp_site(
        tmp_path,
        **{
            "campaign.yaml": campaign_yaml(image="{src: hero.png, alt: The lamp}"),
            "hero.png": png_header_only(side, side),
            "story.md": "![Plan](plan.png)\n",
            "plan.png": png_header_only(side, side),
        },
    )
    assert problems_of(source) == [
        f"campaign.yaml:3: image.src: hero.png is {side} × {side} pixels, more than "
        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels: make it smaller",
        f"story.md:1: plan.png is {side} × {side} pixels, more than "
        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels: make it smaller",
    ]


def test_a_decompression_bomb_as_the_site_icon_is_refused(tmp_path):
    source = lamp_site(tmp_path)
    (source / "site.yaml").write_text(site_yaml(icon="icon.png"), encoding="utf-8")
    (source / "icon.png").write_bytes(png_header_only(20_000, 20_000))
    assert problems_of(source) == [
        "site.yaml:7: icon: icon.png is 20000 × 20000 pixels, more than "
        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels: make it smaller"
    ]


def test_ten_thousand_tiers_build_in_bounded_time(tmp_path):
    """In three languages: each tier asks whether its words are translated (once quadratic)."""
    tiers = "".join(tier_yaml(id=f"tier-{n}", title=f"Tier {n}") for n in range(10_000))
    source = lamp_site(tmp_path, **{"campaign.yaml": campaign_yaml(tiers=tiers)})
    (source / "site.yaml").write_text(site_yaml(languages="[fr, ar]"), encoding="utf-8")
    started = time.monotonic()
    result = build(source, None, FIXED_NOW, jobs=1)
    assert time.monotonic() - started < 120
    assert result.campaigns == 1 and result.pages > 0


def test_a_ten_megabyte_story_builds_in_bounded_time(tmp_path):
    paragraph = "Some *story* with a [link](https://example.org/) and `code`.\n\n"
    story = "# Story\n\n" + paragraph * (10 * 1024 * 1024 // len(paragraph))
    source = lamp_site(tmp_path, **{"story.md": story})
    started = time.monotonic()
    result = build(source, None, FIXED_NOW, jobs=1)
    # A guard against work that grows with the square of the story (hours at 10 MB), not a
    # speed target: ~30 s alone, 65 s seen beside other builds on two cores.
    assert time.monotonic() - started < 150
    assert result.campaigns == 1 and result.pages > 0
