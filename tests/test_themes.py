"""Themes: options set in site.yaml, theme.yaml checked, lookup errors that say where they looked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import FIXED_NOW, FIXTURES, REPOSITORY

from generator.build import build
from generator.problems import ContentErrors
from generator.render.themes import load_theme


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
    assert changed == {path for path in before if path.endswith(".html")} | {".pledgekit-output"}
    for path in changed - {".pledgekit-output"}:
        old, new = soup(before[path]), soup(after[path])
        [style] = new.head.find_all("style")
        assert style.string == ":root { --color-accent: #7a2e8c; }"
        style.decompose()
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
            "theme 'default' offers: accent, accent_soft, accent_text, background, body_font, "
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
    (site / "static" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    add_to_site_yaml(site, "theme_options:\n  logo: logo.svg\n")
    pages = built(site, tmp_path / "out")
    logo = soup(pages["campaigns/live-lamp/index.html"]).select_one(".site-title img")
    assert logo["src"] == "../../static/logo.svg" and logo["alt"] == ""
    assert pages["static/logo.svg"].startswith(b"<svg")
