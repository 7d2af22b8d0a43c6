"""One colour changed, `accent`, and nothing else: the soft and strong accent colours follow it,
and every page still passes axe-core's WCAG 2.2 AA checks, in both built-in themes (and in
appeal, its own `urgent` colour, which the gifts' pale background follows)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXED_NOW, FIXTURES, REPOSITORY
from test_accessibility import axe_violations, describe

from pledgekit.build import build
from pledgekit.styleguide import build_styleguide

pytestmark = pytest.mark.browser

# A deep purple (9:1 on the default background), and a red that reads at 5.2:1 on it: with
# a fixed share of it mixed into the background, its badges would read at 4.2:1 only.
ACCENTS = ["#7a2e8c", "#c0392b"]


def with_option(source: Path, folder: Path, option: str, value: str) -> Path:
    """A copy of the site in `folder` whose site.yaml sets that one theme option."""
    copy = folder / "site"
    shutil.copytree(source, copy)
    with (copy / "site.yaml").open("a", encoding="utf-8") as site_yaml:
        site_yaml.write(f"theme_options:\n  {option}: '{value}'\n")
    return copy


DEFAULT = (
    FIXTURES / "states",
    ["campaigns/live-lamp/index.html", "campaigns/funded-book/index.html", "index.html"],
)
APPEAL = (REPOSITORY / "examples/relief-appeal", ["campaigns/winter-shelter-lille/index.html"])


@pytest.mark.parametrize(
    ("site", "option", "value", "follower"),
    [
        *[(DEFAULT, "accent", accent, "--color-accent-soft") for accent in ACCENTS],
        *[(APPEAL, "accent", accent, "--color-accent-soft") for accent in ACCENTS],
        (APPEAL, "urgent", "#1d4e89", "--color-impact"),
    ],
    ids=[*(f"default-{a}" for a in ACCENTS), *(f"appeal-{a}" for a in ACCENTS), "appeal-urgent"],
)
def test_pages_with_one_colour_changed_pass_axe(open_page, tmp_path, site, option, value, follower):
    folder, pages = site
    source = with_option(folder, tmp_path, option, value)
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    build_styleguide(source, tmp_path / "styleguide")  # every component in every state
    addresses = [((tmp_path / "out" / page).as_uri(), 1280) for page in pages]
    styleguide = (tmp_path / "styleguide/index.html").as_uri()
    addresses += [(styleguide, 360), (styleguide, 1280)]
    defaults = {"--color-accent-soft": "#dff0ea", "--color-impact": "#fff4e5"}
    for address, width in addresses:
        page = open_page(address, width)
        followed = page.evaluate(
            f"getComputedStyle(document.documentElement).getPropertyValue('{follower}')"
        )
        assert followed.strip() not in ("", defaults[follower]), f"{follower} did not follow"
        violations = axe_violations(page)
        assert violations == [], f"{address} at {width}px:\n{describe(violations)}"
