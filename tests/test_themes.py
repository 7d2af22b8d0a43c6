"""Themes: options set in site.yaml, theme.yaml checked, lookup errors that say where they looked."""

from __future__ import annotations

import dataclasses
import re
import shutil
import typing
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from support import FIXED_NOW, FIXTURES, REPOSITORY

from pledgekit.build import build
from pledgekit.cli import main
from pledgekit.plan.outputs import Page
from pledgekit.problems import ContentErrors
from pledgekit.render.environment import TEMPLATE_GLOBALS
from pledgekit.render.reference import all_types, context_reference, members, site_environment
from pledgekit.render.themes import load_theme


@pytest.fixture
def site(tmp_path: Path) -> Path:
    source = tmp_path / "site"
    shutil.copytree(FIXTURES / "states", source)
    return source


def built(source: Path, output: Path) -> dict[str, bytes]:
    build(source, output, FIXED_NOW, jobs=1)
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def problems(source: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW, jobs=1)
    return [
        f"{Path(p.file).name}:{p.line}: {p.field + ': ' if p.field else ''}{p.message}"
        for p in caught.value.problems
    ]


def add_to_site_yaml(source: Path, text: str) -> None:
    site_yaml = source / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + text, encoding="utf-8")


def soup(content: bytes) -> BeautifulSoup:
    return BeautifulSoup(content.decode("utf-8"), "html5lib")


def test_theme_options_change_the_pages_exactly_where_intended(site, tmp_path):
    before = built(site, tmp_path / "before")
    add_to_site_yaml(site, "theme_options:\n  accent: '#7a2e8c'\n  cards: list\n")
    after = built(site, tmp_path / "after")

    assert before.keys() == after.keys()
    changed = {path for path in before if before[path] != after[path]}
    pages = {path for path in before if path.endswith(".html")}
    # The accent also colours the social cards and is the manifests' theme colour.
    drawn = {path for path in before if path.endswith(("/social-card.png", "manifest.webmanifest"))}
    assert drawn and changed == pages | drawn | {".pledgekit-output"}
    for path in pages:
        old, new = soup(before[path]), soup(after[path])
        [style] = new.head.find_all("style")
        # accent_soft and accent_strong follow the accent (tests/test_theme_colours.py).
        assert style.string == (
            ":root { --color-accent: #7a2e8c; --color-accent-soft: #e9dde8; "
            "--color-accent-strong: #592266; }"
        )
        style.decompose()
        # The page's policy allows that <style> by its hash, and nothing else changes.
        policy = new.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        policy["content"] = re.sub(r" 'sha256-[^']+'", "", policy["content"], count=1)
        for cards in new.select(".cards--list"):
            cards["class"] = ["cards", "cards--grid"]
        assert str(new) == str(old), path
    index = soup(after["index.html"])
    assert index.select_one(".cards")["class"] == ["cards", "cards--list"]


def test_defaults_of_built_in_themes_match_their_stylesheets():
    """An option's default is the value the stylesheet is written with, so that an unset
    option adds nothing to the pages."""
    for folder in sorted((REPOSITORY / "themes").iterdir()):
        theme, warnings = load_theme(folder.name, REPOSITORY / "content")
        assert warnings == []
        declared = {}
        for name, path in theme.static_files().items():
            if name.endswith(".css"):
                declared |= dict(
                    re.findall(r"(--[a-z-]+):\s*([^;]+);", path.read_text(encoding="utf-8"))
                )
        for name, spec in theme.manifests[-1].options.items():
            if spec.css and spec.default is not None:
                assert declared[spec.css].strip() == spec.default, (folder.name, name)
        assert theme.custom_properties() == ""


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            "  accent: purple-ish\n",
            "site.yaml:13: theme_options.accent: must be a colour like #0b5a4a or rgb(11 90 74), "
            "got 'purple-ish'",
        ),
        (
            "  accent: 'red;} body{display:none'\n",
            "site.yaml:13: theme_options.accent: must be a colour like #0b5a4a or rgb(11 90 74), "
            "got 'red;} body{display:none'",
        ),
        (
            "  body_font: 'x</style><script>alert(1)</script>'\n",
            "site.yaml:13: theme_options.body_font: must be a list of installed font names "
            "separated by commas, like 'Georgia, serif' (no web font addresses), "
            "got 'x</style><script>alert(1)</script>'",
        ),
        (
            "  acent: '#000'\n",
            "site.yaml:13: theme_options.acent: unknown option 'acent' (did you mean 'accent'?); "
            "theme 'default' offers: accent, accent_soft, accent_strong, accent_text, background, body_font, "
            "border, cards, heading_font, logo, muted, radius, surface, text, width",
        ),
        (
            "  cards: masonry\n",
            "site.yaml:13: theme_options.cards: must be one of grid, list, got 'masonry'",
        ),
        (
            "  logo: logo.svg\n",
            "site.yaml:13: theme_options.logo: no file static/logo.svg in the site or its theme",
        ),
        (
            "  radius: 3\n",
            "site.yaml:13: theme_options.radius: must be a CSS length like 0.5rem, 72rem or 12px, got 3",
        ),
    ],
)
def test_a_wrong_option_names_its_line_in_site_yaml(site, options, expected):
    assert (site / "site.yaml").read_text(encoding="utf-8").count("\n") == 11
    add_to_site_yaml(site, "theme_options:\n" + options)
    assert problems(site) == [expected]


def test_a_logo_from_the_site_static_folder(site, tmp_path):
    (site / "static").mkdir()
    (site / "static" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"/>'
    )
    add_to_site_yaml(site, "theme_options:\n  logo: logo.svg\n")
    pages = built(site, tmp_path / "out")
    logo = soup(pages["campaigns/live-lamp/index.html"]).select_one(".site-title img")
    assert logo["src"] == "../../static/logo.svg" and logo["alt"] == ""
    assert (logo["width"], logo["height"]) == ("120", "40")  # no layout shift as it loads
    assert pages["static/logo.svg"].startswith(b"<svg")


def differing(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    assert before.keys() == after.keys()
    return {path for path in before if before[path] != after[path]} - {".pledgekit-output"}


def test_a_site_override_of_one_component_changes_only_that_component(site, tmp_path):
    before = built(site, tmp_path / "before")
    components = site / "templates" / "components"
    components.mkdir(parents=True)
    (components / "state_badge.html").write_text(
        '{% macro state_badge(campaign) %}<mark class="state">{{ campaign.state.value }}</mark>'
        "{% endmacro %}\n"
    )
    after = built(site, tmp_path / "after")
    changed = differing(before, after)
    badged = {path for path, content in before.items() if b'class="badge badge--' in content}
    assert changed == badged and "campaigns/live-lamp/index.html" in changed
    for path in changed:
        old, new = soup(before[path]), soup(after[path])
        badges = state_badges(old)
        marks = new.select("mark.state")
        assert [mark.string for mark in marks] == [
            badge["class"][1].removeprefix("badge--") for badge in badges
        ]
        for mark, badge in zip(marks, badges, strict=True):
            mark.replace_with(badge.__copy__())
        assert str(new) == str(old), path


STATES = {"upcoming", "live", "funded", "successful", "unsuccessful", "ended"}


def state_badges(page: BeautifulSoup) -> list:
    """The state_badge component's output (stretch goals and milestones have badges too)."""
    return [
        badge
        for badge in page.select(".badge")
        if badge["class"][1].removeprefix("badge--") in STATES
    ]


def test_a_theme_extending_default_overrides_one_page_and_one_static_file(site, tmp_path):
    before = built(site, tmp_path / "before")
    brand = site / "themes" / "brand"
    (brand / "templates").mkdir(parents=True)
    (brand / "static").mkdir()
    (brand / "theme.yaml").write_text("name: brand\nextends: default\n")
    (brand / "templates" / "update.html").write_text(
        '{% extends "@default/update.html" %}\n'
        '{% block main %}{{ super() }}<aside class="thanks">Thank you for reading</aside>'
        "{% endblock %}\n"
    )
    (brand / "static" / "favicon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    edit = (site / "site.yaml").read_text().replace("per_page: 2", "per_page: 2\ntheme: brand")
    (site / "site.yaml").write_text(edit)
    after = built(site, tmp_path / "after")
    changed = differing(before, after)
    updates = {path for path in before if "/updates/" in path}
    assert updates and changed == updates | {"static/favicon.svg"}
    assert after["static/favicon.svg"] == b'<svg xmlns="http://www.w3.org/2000/svg"/>\n'
    for path in updates:
        new = soup(after[path])
        [thanks] = new.select("main aside.thanks")
        assert thanks.find_previous_sibling("article", class_="update") is not None
        thanks.decompose()
        assert str(new) == str(soup(before[path])), path


def write_theme(
    site: Path, name: str, manifest: str, templates: dict[str, str] | None = None
) -> None:
    folder = site / "themes" / name
    (folder / "templates").mkdir(parents=True)
    (folder / "theme.yaml").write_text(manifest)
    for template, text in (templates or {}).items():
        (folder / "templates" / template).write_text(text)


def use_theme(site: Path, name: str) -> None:
    add_to_site_yaml(site, f"theme: {name}\n")


def test_themes_that_extend_each_other_in_a_circle(site):
    write_theme(site, "one", "extends: two\n")
    write_theme(site, "two", "extends: one\n")
    use_theme(site, "one")
    assert problems(site) == [
        "theme.yaml:1: extends: themes extend each other in a circle: one → two → one"
    ]


def test_an_unknown_parent_theme_lists_the_known_ones(site):
    write_theme(site, "one", "# a theme\nextends: defualt\n")
    use_theme(site, "one")
    assert problems(site) == [
        "theme.yaml:2: extends: unknown theme 'defualt' (did you mean 'default'?); "
        "available: appeal, default, one"
    ]


def test_a_wrong_option_declaration_names_its_line_in_theme_yaml(site):
    write_theme(
        site,
        "one",
        "extends: default\noptions:\n  tone:\n    type: colour\n    description: Tone.\n",
    )
    use_theme(site, "one")
    [message] = problems(site)
    assert message.startswith("theme.yaml:4: options.tone.type: ")
    assert "'color'" in message


def test_a_missing_template_names_the_folders_it_looked_in(site):
    write_theme(
        site,
        "bare",
        "name: bare\n",
        {"update.html": '{% extends "base.html" %}{% include "partials/missing.html" %}\n'},
    )
    use_theme(site, "bare")
    found = problems(site)
    assert any(
        "template 'partials/missing.html' not found; looked in: " in message
        and "themes/bare/templates, " in message
        and message.endswith("themes/default/templates")
        for message in found
    ), found


def test_a_theme_that_extends_nothing_falls_back_to_the_built_in_templates(site, tmp_path):
    """A whole new look need not write sitemap.xml, robots.txt or the badge: what it leaves
    out (templates, options, static files) comes from the built-in default theme, and what it
    writes wins."""
    write_theme(
        site,
        "plain",
        "name: plain\n",
        {
            "base.html": '<!doctype html><html lang="en"><title>x</title><main>{% block main %}'
            "{% endblock %}</main></html>\n"
        },
    )
    use_theme(site, "plain")
    pages = built(site, tmp_path / "out")
    assert pages["campaigns/live-lamp/index.html"].startswith(
        b'<!doctype html><html lang="en"><title>x</title><main>'
    )
    assert pages["sitemap.xml"].startswith(b"<?xml")
    assert (
        pages["static/style.css"] == (REPOSITORY / "themes/default/static/style.css").read_bytes()
    )


def test_theme_new_makes_a_theme_that_builds_as_it_is(site, tmp_path):
    before = built(site, tmp_path / "before")
    runner = CliRunner()
    made = runner.invoke(main, ["theme", "new", "brand", "--source", str(site)])
    assert made.exit_code == 0, made.output
    assert made.output.splitlines()[-1] == f"Use it with `theme: brand` in {site / 'site.yaml'}."
    listed = runner.invoke(main, ["theme", "list", "--source", str(site)])
    assert f"brand ({site / 'themes' / 'brand'}, extends default)" in listed.output.splitlines()
    assert "  - banner (text): A line of text shown above every page (leave empty for none)." in (
        listed.output.splitlines()
    )
    use_theme(site, "brand")
    result = build(site, tmp_path / "after", FIXED_NOW, strict=True, jobs=1)
    assert result.warnings == []
    after = built(site, tmp_path / "after")
    assert after.keys() - before.keys() == {"static/themes/brand.css"}
    del after["static/themes/brand.css"]
    assert differing(before, after) == {path for path in before if path.endswith(".html")}
    page = soup(after["campaigns/live-lamp/index.html"])
    assert page.select(".theme-banner") == []  # the banner option is empty by default
    assert [link["href"] for link in page.select("link[rel=stylesheet]")] == [
        "../../static/style.css",
        "../../static/themes/brand.css",
    ]

    add_to_site_yaml(site, "theme_options:\n  banner: Matching ends Friday\n")
    banner = soup(built(site, tmp_path / "after")["index.html"]).select_one("p.theme-banner")
    assert banner.string == "Matching ends Friday"
    assert banner.find_next_sibling("header")["class"] == ["site-header"]

    again = runner.invoke(main, ["theme", "new", "brand", "--source", str(site)])
    assert again.exit_code == 2 and "themes/brand already exists" in again.output


def test_share_links_are_plain_links_with_the_address_to_copy(site, tmp_path):
    page = soup(built(site, tmp_path / "out")["campaigns/live-lamp/index.html"])
    share = page.select_one("section#share")
    address = "https://user.github.io/repo/campaigns/live-lamp/"
    assert share.select_one("input[readonly]")["value"] == address
    links = {link["class"][0].removeprefix("share-links__"): link for link in share.select("a")}
    assert list(links) == ["email", "bluesky", "x", "facebook", "linkedin", "whatsapp"]
    assert links["facebook"]["href"] == (
        "https://www.facebook.com/sharer/sharer.php?u=https%3A//user.github.io/repo/campaigns/live-lamp/"
    )
    assert all(link["rel"] == ["external", "noopener", "noreferrer"] for link in links.values())
    # No third-party script: the only one is the theme's own Copy button (and JSON-LD data).
    scripts = [
        s.get("src") for s in page.find_all("script") if s.get("type") != "application/ld+json"
    ]
    assert scripts == ["../../static/share.js"]
    button = share.select_one("button[data-copy]")
    assert button.has_attr("hidden") and button["data-copy"] == share.select_one("input")["id"]


def test_the_context_reference_in_docs_is_the_one_the_code_gives():
    """docs/theme-context.md is `pledgekit theme context` output: regenerate it with
    `pledgekit theme context --source content > docs/theme-context.md` when this fails."""
    result = CliRunner().invoke(main, ["theme", "context", "--source", str(REPOSITORY / "content")])
    assert result.exit_code == 0, result.output
    assert result.output == (REPOSITORY / "docs" / "theme-context.md").read_text(encoding="utf-8")


def test_every_view_field_function_and_filter_says_what_it_is():
    """A new field of a view, a function or a filter without a word about it fails here.
    (The fields of campaign.yaml and site.yaml are described in docs/content.md.)"""
    for kind in all_types():
        if dataclasses.is_dataclass(kind) or typing.is_typeddict(kind):
            for name, _, about in members(kind):
                assert about, f"{kind.__name__}.{name} has no comment or docstring"
    environment = site_environment(REPOSITORY / "content")
    reference = context_reference(environment)
    for section in ("## Functions", "## Filters"):
        rows = reference.split(section)[1].split("\n## ")[0]
        for row in rows.splitlines():
            if row.startswith("| `"):
                assert row.rstrip("| ").split("|")[-1].strip(), row
    globals_given = {name for name, value in environment.globals.items() if not callable(value)}
    assert globals_given == set(TEMPLATE_GLOBALS)


def test_pages_receive_exactly_what_the_reference_says():
    with pytest.raises(
        ValueError, match=r"campaign.html receives \['campaign'\], not \['campaign', 'extra'\]"
    ):
        Page("x/index.html", "campaign.html", {"campaign": None, "extra": 1})


def test_every_component_says_what_it_receives():
    for component in sorted(
        (REPOSITORY / "themes" / "default" / "templates" / "components").glob("*.html")
    ):
        header = component.read_text(encoding="utf-8").split("-#}")[0]
        assert re.search(r"Inputs?: ", header), f"{component.name} does not name its inputs"
