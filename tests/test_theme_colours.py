"""The accent's soft and strong colours follow it (worked out at build time, readable by WCAG 2.2)
unless the site sets them; unknown theme options in site.yaml are errors with did-you-mean."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXED_NOW, FIXTURES

from pledgekit.build import build
from pledgekit.cli import main
from pledgekit.problems import ContentErrors, Severity
from pledgekit.render.colours import contrast, parse_colour
from pledgekit.render.themes import ThemeError, load_theme

DEFAULT_COLOURS = (
    "accent, accent_soft, accent_strong, accent_text, background, border, muted, surface, text"
)


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture site, the working folder above it (paths read site/...)."""
    shutil.copytree(FIXTURES / "states", tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "site"


def test_wcag_contrast_ratios():
    black, white = parse_colour("#000"), parse_colour("#ffffff")
    assert contrast(black, white) == 21 and contrast(white, white) == 1
    assert round(contrast(parse_colour("#0b5a4a"), parse_colour("#fbfaf7")), 2) == 7.81
    assert parse_colour("rgb(11 90 74)") == parse_colour("rgb(11, 90, 74)") == (11, 90, 74)
    assert parse_colour("hsl(120, 100%, 25%)") == (0, 128, 0)
    for unread in ("oklch(0.5 0.1 200)", "rgb(11 90 74 / 50%)", "#0b5a4a80"):
        assert parse_colour(unread) is None, unread


@pytest.mark.parametrize("theme", ["default", "appeal"])
def test_the_accent_alone_sets_its_soft_and_strong_colours(site, theme):
    loaded, _ = load_theme(theme, site)
    options = loaded.with_options({"accent": "#7a2e8c"}).options
    assert (options["accent_soft"], options["accent_strong"]) == ("#e9dde8", "#592266")
    untouched = loaded.with_options({}).options  # the hand-picked defaults
    assert (untouched["accent_soft"], untouched["accent_strong"]) == ("#dff0ea", "#084236")
    assert loaded.with_options({}).custom_properties() == ""


def test_appeal_gift_backgrounds_follow_its_urgent_colour(site):
    theme, _ = load_theme("appeal", site)
    options = theme.with_options({"urgent": "#1d4e89"}).options
    assert options["impact"] == "#dce2e8"
    assert contrast(parse_colour("#1d4e89"), parse_colour(options["impact"])) >= 4.5
    assert theme.with_options({}).options["impact"] == "#fff4e5"


def test_a_colour_the_site_sets_is_kept(site):
    theme, _ = load_theme("default", site)
    chosen = {"accent": "#7a2e8c", "accent_soft": "#f6e4f3", "accent_strong": "#40184a"}
    options = theme.with_options(chosen).options
    assert {name: options[name] for name in chosen} == chosen


def test_a_new_background_tints_the_default_accent_over_it(site):
    theme, _ = load_theme("default", site)
    options = theme.with_options({"background": "#ffffff"}).options
    assert (options["accent_soft"], options["accent_strong"]) == ("#dde8e6", "#084236")


def test_the_tint_stays_readable_even_for_an_accent_near_the_limit(site):
    """#c0392b reads at 5.2:1 on the background; a seventh of it mixed in would leave 4.2:1."""
    theme, _ = load_theme("default", site)
    for accent in ("#c0392b", "#2e7d32", "#0277bd", "#7a2e8c", "#1a56db"):
        options = theme.with_options({"accent": accent}).options
        colour = parse_colour(accent)
        soft, strong = parse_colour(options["accent_soft"]), parse_colour(options["accent_strong"])
        assert contrast(colour, soft) >= 4.5, accent
        white = parse_colour("#ffffff")
        assert contrast(white, strong) > contrast(white, colour), accent


def test_a_dark_theme_gets_a_dark_tint_and_a_lighter_hover(site):
    theme, _ = load_theme("default", site)
    dark = {"accent": "#7ee0c3", "accent_text": "#0b1512", "background": "#121417"}
    options = theme.with_options(dark).options
    assert (options["accent_soft"], options["accent_strong"]) == ("#21312f", "#a1e8d3")


def test_a_colour_this_cannot_read_is_mixed_by_the_browser(site):
    theme, _ = load_theme("default", site)
    options = theme.with_options({"accent": "oklch(0.5 0.1 200)"}).options
    assert options["accent_soft"] == "color-mix(in srgb, oklch(0.5 0.1 200) 14%, #fbfaf7)"
    assert options["accent_strong"] == "color-mix(in srgb, oklch(0.5 0.1 200) 73%, black)"


def test_the_page_carries_the_derived_colours(site, tmp_path):
    (site / "site.yaml").write_text(
        (site / "site.yaml").read_text() + "theme_options:\n  accent: '#7a2e8c'\n"
    )
    build(site, tmp_path / "out", FIXED_NOW, jobs=1)
    page = (tmp_path / "out/campaigns/live-lamp/index.html").read_text()
    assert (
        "<style>:root { --color-accent: #7a2e8c; --color-accent-soft: #e9dde8; "
        "--color-accent-strong: #592266; }</style>"
    ) in page


def brand_theme(site: Path, option: str) -> None:
    folder = site / "themes" / "brand"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text(
        "name: brand\nextends: default\noptions:\n  highlight:\n" + option
    )
    (site / "site.yaml").write_text((site / "site.yaml").read_text() + "theme: brand\n")


def test_a_derivation_names_colour_options_of_the_theme_chain(site):
    brand_theme(
        site,
        "    type: color\n    default: '#ffee00'\n    derive: tint(acent, background)\n"
        "    description: A highlight.\n",
    )
    with pytest.raises(ThemeError) as caught:
        load_theme("brand", site)
    assert [str(problem) for problem in caught.value.problems] == [
        "site/themes/brand/theme.yaml:7:13: options.highlight.derive: 'acent' is not another "
        f"colour option of this theme or its parents ({DEFAULT_COLOURS})"
    ]


def test_only_a_colour_is_derived(site):
    brand_theme(
        site,
        "    type: text\n    default: ''\n    derive: tint(accent, background)\n"
        "    description: A highlight.\n",
    )
    with pytest.raises(ThemeError) as caught:
        load_theme("brand", site)
    assert [str(problem) for problem in caught.value.problems] == [
        "site/themes/brand/theme.yaml:5:5: options.highlight: only a colour can be derived, "
        "not an option of type text"
    ]


def test_an_unknown_theme_option_is_an_error_with_did_you_mean(site):
    (site / "site.yaml").write_text(
        (site / "site.yaml").read_text() + "theme_options:\n  acent_soft: '#f6e4f3'\n"
    )
    with pytest.raises(ContentErrors) as caught:
        build(site, None, FIXED_NOW, jobs=1)
    [problem] = [p for p in caught.value.problems if p.field.startswith("theme_options")]
    assert problem.severity is Severity.ERROR
    assert str(problem) == (
        "site/site.yaml:13:3: theme_options.acent_soft: unknown option 'acent_soft' "
        "(did you mean 'accent_soft'?); theme 'default' offers: accent, accent_soft, "
        "accent_strong, accent_text, background, body_font, border, cards, heading_font, logo, "
        "muted, radius, surface, text, width"
    )
    result = CliRunner().invoke(main, ["check", "--source", "site"])
    assert result.exit_code == 1
    assert str(problem) in result.stderr.splitlines()
