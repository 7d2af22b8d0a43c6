"""One colour changed, `accent`, and nothing else: the soft and strong accent colours follow it,
and every page still passes axe-core's WCAG 2.2 AA checks, in both built-in themes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXED_NOW, FIXTURES, REPOSITORY
from test_accessibility import axe_violations, describe

from generator.build import build
from generator.styleguide import build_styleguide

pytestmark = pytest.mark.browser

# A deep purple (9:1 on the default background), and a red that reads at 5.2:1 on it: with
# a fixed share of it mixed into the background, its badges would read at 4.2:1 only.
ACCENTS = ["#7a2e8c", "#c0392b"]


def with_accent(source: Path, folder: Path, accent: str) -> Path:
    """A copy of the site in `folder` whose site.yaml sets the accent and nothing else."""
    copy = folder / "site"
    shutil.copytree(source, copy)
    with (copy / "site.yaml").open("a", encoding="utf-8") as site_yaml:
        site_yaml.write(f"theme_options:\n  accent: '{accent}'\n")
    return copy


@pytest.mark.parametrize("accent", ACCENTS)
@pytest.mark.parametrize(
    ("site", "pages"),
    [
        (
            FIXTURES / "states",
            ["campaigns/live-lamp/index.html", "campaigns/funded-book/index.html", "index.html"],
        ),
        (REPOSITORY / "examples/relief-appeal", ["campaigns/winter-shelter-lille/index.html"]),
    ],
    ids=["default", "appeal"],
)
def test_pages_with_only_the_accent_changed_pass_axe(open_page, tmp_path, site, pages, accent):
    source = with_accent(site, tmp_path, accent)
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    build_styleguide(source, tmp_path / "styleguide")  # every component in every state
    addresses = [((tmp_path / "out" / page).as_uri(), 1280) for page in pages]
    styleguide = (tmp_path / "styleguide/index.html").as_uri()
    addresses += [(styleguide, 360), (styleguide, 1280)]
    for address, width in addresses:
        page = open_page(address, width)
        soft = page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--color-accent-soft')"
        )
        assert soft.strip() not in ("", "#dff0ea"), "the soft accent did not follow"
        violations = axe_violations(page)
        assert violations == [], f"{address} at {width}px:\n{describe(violations)}"
