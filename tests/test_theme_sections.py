"""The campaign page as named sections (templates/campaign_sections/NAME.html) in the order of
theme.yaml's campaign_sections: a theme reorders them in its theme.yaml alone, overrides one
with one file, adds one with one file and one name; an unknown or repeated name is an error at
its theme.yaml line. The fixture themes are in tests/fixtures/section_themes/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from support import FIXED_NOW, FIXTURES, REPOSITORY, parse_html

from pledgekit.build import build
from pledgekit.render.themes import ThemeError, load_theme

SECTION_THEMES = FIXTURES / "section_themes"
CAMPAIGN = "campaigns/live-lamp/index.html"  # story, tiers, stretch goals, updates


def site_with_theme(folder: Path, theme: str) -> Path:
    """A copy of the fixture site `states` that uses `theme`, copied into its themes/ when it
    is one of the fixture themes."""
    site = folder / "site"
    shutil.copytree(FIXTURES / "states", site)
    if (SECTION_THEMES / theme).is_dir():
        shutil.copytree(SECTION_THEMES / theme, site / "themes" / theme)
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + f"theme: {theme}\n")
    return site


def campaign_page(folder: Path, theme: str) -> BeautifulSoup:
    site = site_with_theme(folder, theme)
    result = build(site, folder / "output", FIXED_NOW, strict=True, jobs=1)
    assert result.warnings == []
    return parse_html(folder / "output" / CAMPAIGN)


@pytest.fixture(scope="module")
def default_page(tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    return campaign_page(tmp_path_factory.mktemp("default"), "default")


def parts(page: BeautifulSoup) -> list[Tag]:
    """The campaign article's parts, top to bottom."""
    article = page.select_one("article.campaign")
    assert article is not None
    return [child for child in article.children if isinstance(child, Tag)]


def names(page: BeautifulSoup) -> list[str]:
    """Each part by its id, else its first class."""
    return [str(part.get("id") or part["class"][0]) for part in parts(page)]


def nav_targets(page: BeautifulSoup) -> list[str]:
    return [str(a["href"]).removeprefix("#") for a in page.select(".campaign__nav a")]


def headings(page: BeautifulSoup) -> list[str]:
    article = page.select_one("article.campaign")
    assert article is not None
    return [h.name for h in article.find_all(["h1", "h2"])]


DEFAULT_ORDER = [
    "campaign__header",
    "campaign__top",
    "campaign__nav",
    "story",
    "rewards",
    "stretch-goals",
    "updates",
    "creator",
    "share",
    "campaign__poster",
    "embed-snippets",
    "campaign__data",
]


def test_the_default_theme_shows_its_sections_in_its_order(default_page):
    assert names(default_page) == DEFAULT_ORDER
    assert nav_targets(default_page) == ["story", "rewards", "stretch-goals", "updates", "creator"]
    assert headings(default_page)[0] == "h1"  # the header comes first
    assert load_theme("appeal", FIXTURES / "states")[0].campaign_sections[:3] == [
        "header",
        "top",
        "nav",
    ]


def test_a_theme_reorders_the_sections_in_its_theme_yaml(tmp_path, default_page):
    page = campaign_page(tmp_path, "reordered")
    assert names(page) == [
        "campaign__header",
        "campaign__top",
        "campaign__nav",
        "rewards",
        "creator",
        "story",
        "stretch-goals",
        "updates",
        "share",
        "campaign__poster",
        "embed-snippets",
        "campaign__data",
    ]
    # "On this page" follows the same order, and each section is the default one, moved.
    assert nav_targets(page) == ["rewards", "creator", "story", "stretch-goals", "updates"]
    default_parts = dict(zip(names(default_page), parts(default_page), strict=True))
    for name, part in zip(names(page), parts(page), strict=True):
        if name != "campaign__nav":
            assert str(part) == str(default_parts[name]), name
    assert headings(page) == headings(default_page)  # an h1, then h2s (and h3s inside)


def test_a_theme_overrides_one_section_with_one_file(tmp_path, default_page):
    page = campaign_page(tmp_path, "own_story")
    assert names(page) == DEFAULT_ORDER
    story = page.select_one("#story")
    assert story is not None and story["class"] == ["prose", "story--wide"]
    assert story.h2 is not None and story.h2.get_text() == "The story"
    assert page.select_one(".campaign__nav a[href='#story']").get_text() == "The story"
    # Every other section is the default theme's, to the byte.
    for name, ours, default in zip(names(page), parts(page), parts(default_page), strict=True):
        if name not in ("story", "campaign__nav"):
            assert str(ours) == str(default), name


def brand_theme(site: Path, sections: str, files: dict[str, str] | None = None) -> None:
    """A theme `brand` in the site's themes/ with this campaign_sections, and these files under
    its templates/campaign_sections/."""
    folder = site / "themes" / "brand"
    (folder / "templates" / "campaign_sections").mkdir(parents=True)
    (folder / "theme.yaml").write_text(f"name: brand\nextends: default\n{sections}")
    for name, text in (files or {}).items():
        (folder / "templates" / "campaign_sections" / name).write_text(text)


def test_a_theme_adds_a_section_with_one_file_and_one_name(tmp_path):
    site = site_with_theme(tmp_path, "brand")
    thanks = (
        '{% macro nav_item() %}<li><a href="#thanks">Thanks</a></li>{% endmacro %}\n'
        "{% macro section() %}\n"
        '  <section id="thanks" aria-labelledby="thanks-title">\n'
        '    <h2 id="thanks-title">Thank you, {{ campaign.data.creator.name }}</h2>\n'
        "  </section>\n"
        "{%- endmacro %}\n"
    )
    brand_theme(
        site,
        "campaign_sections: [header, top, nav, story, thanks, tiers, share]\n",
        {"thanks.html": thanks},
    )
    build(site, tmp_path / "output", FIXED_NOW, strict=True, jobs=1)
    page = parse_html(tmp_path / "output" / CAMPAIGN)
    assert names(page) == [
        "campaign__header",
        "campaign__top",
        "campaign__nav",
        "story",
        "thanks",
        "rewards",
        "share",
    ]
    assert nav_targets(page) == ["story", "thanks", "rewards"]
    assert page.select_one("#thanks h2").get_text().startswith("Thank you, ")


def test_the_added_section_in_themes_md_builds(tmp_path):
    text = (REPOSITORY / "docs" / "themes.md").read_text(encoding="utf-8")
    found = re.search(
        r"```jinja\n(\{# content/themes/brand/templates/campaign_sections/.*?)```", text, re.S
    )
    assert found is not None
    site = site_with_theme(tmp_path, "brand")
    brand_theme(
        site,
        "campaign_sections: [header, top, nav, story, thanks, tiers, creator]\n",
        {"thanks.html": found.group(1)},
    )
    build(site, tmp_path / "output", FIXED_NOW, strict=True, jobs=1)
    page = parse_html(tmp_path / "output" / CAMPAIGN)
    assert names(page)[3:6] == ["story", "thanks", "rewards"]
    assert page.select_one("#thanks h2").get_text() == "Thank you"
    assert nav_targets(page) == ["story", "thanks", "rewards", "creator"]


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture site, the working folder above it (paths read site/...)."""
    shutil.copytree(FIXTURES / "states", tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "site"


def test_an_unknown_section_is_an_error_at_its_line(site):
    brand_theme(site, "campaign_sections:\n  - header\n  - storyy\n")
    with pytest.raises(ThemeError) as caught:
        load_theme("brand", site)
    [problem] = caught.value.problems
    assert str(problem).startswith(
        "site/themes/brand/theme.yaml:5:5: campaign_sections[1]: unknown section 'storyy' (did "
        "you mean 'story'?): no templates/campaign_sections/storyy.html in this theme or the "
        "themes it extends; available: budget, creator, embed, faq, header, hero, "
    )


def test_a_section_listed_twice_is_an_error(site):
    brand_theme(site, "campaign_sections: [header, story, tiers, story]\n")
    with pytest.raises(ThemeError) as caught:
        load_theme("brand", site)
    assert [str(problem) for problem in caught.value.problems] == [
        "site/themes/brand/theme.yaml:3:43: campaign_sections[3]: section 'story' is listed "
        "twice: a page shows each section once"
    ]


def test_a_theme_without_a_list_keeps_its_parents_order(site):
    brand_theme(site, "")
    theme, _ = load_theme("brand", site)
    assert theme.campaign_sections == load_theme("default", site)[0].campaign_sections
    appeal, _ = load_theme("appeal", site)
    assert "people" in appeal.campaign_sections and "creator" not in appeal.campaign_sections
