"""`pledgekit theme list` with inherited options, `pledgekit theme copy`, the help's command
summaries, and `check CAMPAIGN` without --advice."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from support import FIXED_NOW, FIXTURES, REPOSITORY, parse_html

from pledgekit.build import build
from pledgekit.cli import main

THEMES = REPOSITORY / "themes"


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture site in ./content, as a creator's site is laid out."""
    shutil.copytree(FIXTURES / "states", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "content"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def use_theme(site: Path, name: str) -> None:
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + f"theme: {name}\n")


# theme list


def test_theme_list_shows_what_a_theme_inherits_and_what_it_changes(site):
    brand = site / "themes" / "brand"
    brand.mkdir(parents=True)
    (brand / "theme.yaml").write_text(
        "name: brand\nextends: appeal\noptions:\n"
        "  accent:\n    type: color\n    css: --color-accent\n    default: '#7a2e8c'\n"
        "    description: Buttons and links, in the brand's purple.\n"
    )
    listed = run("theme", "list").output.splitlines()
    start = listed.index("brand (content/themes/brand, extends appeal → default)")
    end = listed.index("default (built-in)")
    assert listed[start:end] == [
        "brand (content/themes/brand, extends appeal → default)",
        "  - accent (color = #7a2e8c, instead of default's #0b5a4a): Buttons and links, in the "
        "brand's purple.",
        "  inherited from appeal:",
        '  - urgency_note (text): A short line shown in the deadline banner, e.g. "Every gift is '
        "matched until Friday\" (leave empty for none). On pages other than a campaign's it is "
        "the banner.",
        "  - urgent (color = #8f1d14): Background of the deadline banner and the highlight of the "
        "gift amounts. Keep 4.5:1 contrast with urgent_text and with the page background.",
        "  - urgent_text (color = #ffffff): Text on the deadline banner.",
        "  - impact (color = #fff4e5; unless set, follows urgent and background): Pale background "
        "of the gift amounts and their impact. Keep 4.5:1 contrast with the text and accent "
        "colours.",
        "  - cards (grid|list = list, instead of default's grid): How the home page lays out "
        "campaign cards, side by side or one per row (one per row suits a site with one or two "
        "appeals).",
        "  inherited from default:",
        "  - accent_text (color = #ffffff): Text on accent-coloured buttons.",
        "  - accent_soft (color = #dff0ea; unless set, follows accent and background): Pale "
        "backgrounds that go with the accent (state badges, the matching banner, a secondary "
        "button under the pointer).",
        "  - accent_strong (color = #084236; unless set, follows accent and accent_text): An "
        "accent-coloured button under the pointer.",
        "  - text (color = #1d2125): Body text.",
        "  - muted (color = #4d565e): Secondary text (dates, captions). Keep 4.5:1 contrast with "
        "the background.",
        "  - background (color = #fbfaf7): The page background.",
        "  - surface (color = #ffffff): Cards, the header and other raised surfaces.",
        "  - border (color = #d5d9dd): Lines around cards and between sections.",
        '  - body_font (font = system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", '
        "sans-serif): Fonts installed on the visitor's device, first available wins (no web "
        "fonts are fetched).",
        "  - heading_font (font): Fonts for headings; unset, headings use body_font.",
        "  - radius (length = 0.5rem): Corner rounding of buttons and cards (0 for square "
        "corners).",
        "  - width (length = 72rem): The widest the page content grows.",
        "  - logo (image): A file in the site's static/ folder (e.g. logo.svg) shown before the "
        "site title in the header.",
    ]
    assert "appeal (built-in, extends default)" in listed
    assert (
        "  inherited from default:"
        in listed[: listed.index("brand (content/themes/brand, extends appeal → default)")]
    )


# theme copy

NEXT = [
    "Next: edit it there: every page that uses it shows your version, and `pledgekit serve` "
    "reloads the pages as you save.",
    "Keep the macro's name and arguments, and put visible text through _() so that it can be "
    "translated.",
    "To go back to the theme's version, delete the file.",
]


def test_theme_copy_puts_a_component_in_the_site_for_every_page_to_use(site, tmp_path):
    result = run("theme", "copy", "components/tier_card.html")
    assert result.exit_code == 0, result.output
    copy = site / "templates/components/tier_card.html"
    assert result.output.splitlines() == [
        f"Copied components/tier_card.html from the default theme to {Path('content')}"
        "/templates/components/tier_card.html.",
        *NEXT,
    ]
    original = THEMES / "default/templates/components/tier_card.html"
    assert copy.read_bytes() == original.read_bytes()
    # The site's copy is the one pages use.
    text = copy.read_text()
    copy.write_text(text.replace('class="tier__title"', 'class="tier__title tier__title--mine"', 1))
    build(site, tmp_path / "out", FIXED_NOW, jobs=1)
    page = parse_html(tmp_path / "out/campaigns/live-lamp/index.html")
    tier_titles = [h["id"] for h in page.select(".tier__title") if h["id"] != "open-pledge-title"]
    assert len(tier_titles) == 4
    assert [h["id"] for h in page.select(".tier__title--mine")] == tier_titles


def test_theme_copy_never_overwrites_unasked(site):
    assert run("theme", "copy", "tier_card").exit_code == 0  # a component by its name alone
    copy = site / "templates/components/tier_card.html"
    copy.write_text("{# mine #}\n")
    again = run("theme", "copy", "components/tier_card.html")
    assert again.exit_code == 2
    assert again.output.splitlines()[-1] == (
        f"Error: {Path('content')}/templates/components/tier_card.html exists already (the "
        "site's own version): edit it, or give --force to replace it with the theme's"
    )
    assert copy.read_text() == "{# mine #}\n"
    forced = run("theme", "copy", "components/tier_card.html", "--force")
    assert forced.exit_code == 0, forced.output
    assert (
        copy.read_bytes() == (THEMES / "default/templates/components/tier_card.html").read_bytes()
    )


def test_a_wrong_name_lists_the_components_and_the_closest(site):
    result = run("theme", "copy", "components/tier-card.html")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[-3] == (
        "Error: Invalid value for TEMPLATE: no template 'components/tier-card.html' in theme "
        "'default'; did you mean 'components/tier_card.html'?"
    )
    components = sorted(p.name for p in (THEMES / "default/templates/components").iterdir())
    assert lines[-2] == f"Components: {', '.join(components)} (in components/)"
    assert lines[-1].startswith("Other templates: 404.html, badge.svg, base.html, campaign.html,")
    assert "partials/page_policy.html" in lines[-1]
    assert not (site / "templates").exists()


def test_theme_copy_takes_the_site_themes_own_version(site):
    use_theme(site, "appeal")
    own = run("theme", "copy", "open_pledge")
    assert own.output.splitlines()[0] == (
        f"Copied components/open_pledge.html from the appeal theme to {Path('content')}"
        "/templates/components/open_pledge.html."
    )
    assert (site / "templates/components/open_pledge.html").read_bytes() == (
        THEMES / "appeal/templates/components/open_pledge.html"
    ).read_bytes()
    inherited = run("theme", "copy", "components/progress.html")
    assert inherited.output.splitlines()[0] == (
        "Copied components/progress.html from the default theme (which appeal extends) to "
        f"{Path('content')}/templates/components/progress.html."
    )
    page = run("theme", "copy", "campaign.html")  # a page: no macro to keep
    assert page.output.splitlines() == [
        f"Copied campaign.html from the appeal theme to {Path('content')}/templates/campaign.html.",
        NEXT[0],
        NEXT[2],
    ]
    wrong = run("theme", "copy", "deadline-banner")
    assert (
        "no template 'deadline-banner' in theme 'appeal' or the themes it extends (default); "
        "did you mean 'components/deadline_banner.html'?"
    ) in wrong.output


# Help


def groups(command: click.Command, path: tuple[str, ...] = ()):
    """Every group under `command` (itself included), with the words that call it."""
    if isinstance(command, click.Group):
        yield path, command
        for name, sub in command.commands.items():
            yield from groups(sub, (*path, name))


def test_no_command_summary_is_cut_and_each_is_a_whole_sentence():
    found = sorted(groups(main))
    assert [" ".join(path) for path, _ in found] == ["", "ledger", "new", "theme"]
    for path, group in found:
        result = run(*path, "--help")
        assert result.exit_code == 0
        assert "…" not in result.output and "..." not in result.output.split("Commands:")[1]
        listed = dict(re.findall(r"^  (\S+)\s+(.+)$", result.output.split("Commands:\n")[1], re.M))
        assert listed.keys() == group.commands.keys(), path
        for name, summary in listed.items():
            command = group.commands[name]
            whole = command.short_help or command.help.split("\n\n")[0].replace("\n", " ")
            assert summary == " ".join(whole.split()), (path, name)
            assert summary[0].isupper() and summary.endswith("."), (path, name)


def test_the_theme_summary_names_all_its_commands():
    summary = main.commands["theme"].get_short_help_str()
    assert summary == "Themes: list, copy, new, context, styleguide, messages."
    assert set(re.findall(r"[a-z]+", summary.split(":")[1])) == set(main.commands["theme"].commands)


# check CAMPAIGN


def test_check_with_a_campaign_but_no_advice_says_exactly_what_to_run(site):
    result = run("check", "live-lamp")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: a check covers every campaign (live-lamp too): run `pledgekit check`; to check "
        "them all and review only live-lamp, run `pledgekit check --advice live-lamp`"
    )
    elsewhere = run("check", "--source", "content", "live-lamp", "funded-book")
    assert elsewhere.output.splitlines()[-1] == (
        "Error: a check covers every campaign (live-lamp funded-book too): run `pledgekit check "
        "--source content`; to check them all and review only live-lamp funded-book, run "
        "`pledgekit check --source content --advice live-lamp funded-book`"
    )
    unknown = run("check", "live-lam")
    assert unknown.output.splitlines()[-1] == (
        "Error: Invalid value for CAMPAIGN: no campaign 'live-lam' (campaigns: failed-game, "
        "funded-book, live-lamp, relief-flex, upcoming-garden)"
    )


def test_the_theme_copy_example_in_themes_md_runs_as_shown(site):
    text = (REPOSITORY / "docs" / "themes.md").read_text(encoding="utf-8")
    command, shown = re.search(
        r"```sh\n(pledgekit theme copy \S+).*?\n```\n\n```text\n(.*?)```", text, re.S
    ).groups()
    result = run(*command.split()[1:])
    assert result.exit_code == 0, result.output
    assert result.output == shown


def test_the_new_tier_example_in_the_creators_guide_prints_what_it_shows(tmp_path, monkeypatch):
    guide = (REPOSITORY / "docs" / "creators-guide.md").read_text(encoding="utf-8")
    init = re.search(r"^pledgekit init .*$", guide, re.M).group(0)
    tier, shown = re.search(
        r"```sh\n(pledgekit new tier [^\n]*)\n```\n.*?```text\n(.*?)```", guide, re.S
    ).groups()
    monkeypatch.chdir(tmp_path)
    assert run(*shlex.split(init)[1:], "--now", FIXED_NOW.isoformat()).exit_code == 0
    result = run(*shlex.split(tier)[1:])
    assert result.exit_code == 0, result.output
    assert result.output == shown
