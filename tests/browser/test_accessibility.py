"""Accessibility with axe-core in Chromium: zero WCAG 2.2 A/AA violations on every page type."""

from __future__ import annotations

import pytest
from conftest import PAGE_TYPES
from support import FIXED_NOW
from tools import axe_script

from pledgekit.build import build

pytestmark = pytest.mark.browser
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    # axe-core as a file of the page's own site: the pages' Content-Security-Policy refuses the
    # inline <script> that add_script_tag(path=…) would write.
    address = page.url.split("#")[0].rsplit("/", 1)[0] + "/__axe-core.js"
    page.route(address, lambda route: route.fulfill(path=str(axe_script())))
    page.add_script_tag(url=address)
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)


def describe(violations: list[dict]) -> str:
    """Each violation's rule, help text and the elements it found, for a readable failure."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}"
        )
        lines += [f"    at {', '.join(node['target'])}" for node in violation["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_wcag_violations(open_page, server_root, name):
    for width in (360, 1280):
        violations = axe_violations(open_page(server_root + PAGE_TYPES[name], width))
        assert violations == [], f"{name} at {width}px:\n{describe(violations)}"


def test_the_checker_catches_a_broken_theme(open_page, tmp_path):
    """A theme that drops the hero's alt text and leaves a link without a name must fail."""
    from test_content_rules import write_site

    source = write_site(
        tmp_path,
        files={
            "templates/campaign.html": (
                '{% extends "base.html" %}{% block main %}<h1>{{ campaign.data.title }}</h1>'
                '<img src="{{ url(campaign.image_url) }}"><a href="#x"></a>{% endblock %}\n'
            ),
        },
    )
    build(source, tmp_path / "out", FIXED_NOW)
    violations = axe_violations(open_page((tmp_path / "out/campaigns/lamp/index.html").as_uri()))
    assert {violation["id"] for violation in violations} >= {"image-alt", "link-name"}
    assert "image-alt (critical): Images must have alternative text" in describe(violations)
