"""The style guide: every component in every state, drawn with the site's theme."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from support import EXAMPLE, parse_html

from pledgekit.cli import main

STATES = ["upcoming", "live", "funded", "successful", "unsuccessful", "ended"]


def test_every_component_in_every_state(styleguide_site):
    page = parse_html(styleguide_site / "index.html")
    states = page.select("#sg-states .styleguide__item")
    assert [item.h3.get_text(strip=True) for item in states] == STATES
    assert [item.select_one(".badge")["class"][1] for item in states] == [
        f"badge--{state}" for state in STATES
    ]
    cards = page.select("#sg-cards article.card")
    assert [card.select_one(".badge")["class"][1] for card in cards] == [
        f"badge--{state}" for state in STATES
    ]
    tiers = page.select("#rewards article.tier")
    assert [tier["class"][1] for tier in tiers] == [
        "tier--open",
        "tier--available",
        "tier--available",
        "tier--sold_out",
        "tier--not_yet_open",
        "tier--closed",
        "tier--available",
    ]
    limited = page.select_one("#tier-early")
    assert "36 of 100 left" in limited.get_text(" ", strip=True)
    assert [goal["class"][1] for goal in page.select("#sg-stretch .stretch-goal")] == [
        "stretch-goal--reached",
        "stretch-goal--next",
        "stretch-goal--locked",
    ]
    assert page.select_one("#sg-updates .update-card a").text == "The first parts have arrived"
    assert page.select_one("#sg-share input")["value"].endswith("campaigns/sample-live/")
    drafts = page.select_one("#sg-drafts")
    assert drafts.select_one(".badge--draft").text == "Draft"
    assert drafts.select_one(".draft-notice").get_text(" ", strip=True).startswith("Draft ·")
    for state in STATES:  # every card's picture is there
        assert (styleguide_site / "campaigns" / f"sample-{state}" / "hero.svg").is_file()
    assert (styleguide_site / "static" / "style.css").is_file()


def test_the_style_guide_draws_the_site_theme_and_options(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site)
    with (site / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write("theme_options:\n  accent: '#7a2e8c'\n  cards: list\n")
    output = tmp_path / "guide"
    result = CliRunner().invoke(
        main, ["theme", "styleguide", "--source", str(site), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote the style guide to {output / 'index.html'}\n"
    page = parse_html(output / "index.html")
    assert page.select_one("head style").string == (
        ":root { --color-accent: #7a2e8c; --color-accent-soft: #e9dde8; "
        "--color-accent-strong: #592266; }"
    )
    assert page.select_one("#sg-cards .cards")["class"] == ["cards", "cards--list"]
    options = {
        row.th.get_text(strip=True): row.td.get_text(strip=True)
        for row in page.select("#sg-options tbody tr")
    }
    assert options["accent"] == "#7a2e8c" and options["cards"] == "list"

    (output / "index.html").write_text("stale")
    again = CliRunner().invoke(
        main, ["theme", "styleguide", "--source", str(site), "--output", str(output)]
    )
    assert again.exit_code == 0 and "Style guide" in (output / "index.html").read_text()


def test_the_style_guide_refuses_a_folder_it_did_not_write(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(
        main, ["theme", "styleguide", "--source", str(EXAMPLE), "--output", str(folder)]
    )
    assert result.exit_code == 2 and "not written by pledgekit" in result.output
    assert (folder / "notes.txt").read_text() == "keep me"
