"""Content rules checked across fields and files, on small sites written by the tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXED_NOW, parse_html

from pledgekit.build import build
from pledgekit.problems import ContentErrors

SITE = "title: T\nbase_url: https://example.org/fund/\ncurrency: EUR\ntimezone: Europe/Paris\n"
CAMPAIGN = """\
title: Lamp
tagline: A lamp
image: {src: hero.svg, alt: A lamp}
creator: {name: Ada}
goal: 100
start: 2026-11-01T09:00:00+01:00
end: 2026-12-01T09:00:00+01:00
tiers:
  - id: one
    title: One
    amount: 10
    pledge: [{processor: paypal_me, name: ada}]
"""


def write_site(
    root: Path, campaign: str = CAMPAIGN, files: dict[str, str] | None = None, site_extra: str = ""
) -> Path:
    """A one-campaign site under root/site; `site_extra` is appended to site.yaml."""
    folder = root / "site" / "campaigns" / "lamp"
    folder.mkdir(parents=True)
    (root / "site" / "site.yaml").write_text(SITE + site_extra)
    (folder / "campaign.yaml").write_text(campaign)
    (folder / "story.md").write_text("## Why\n\nBecause.\n")
    (folder / "hero.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 9"/>')
    for name, text in (files or {}).items():
        (root / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "site" / name).write_text(text)
    return root / "site"


def messages(source: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW)
    return [f"{p.line}:{p.field}: {p.message}" for p in caught.value.problems]


def test_draft_updates_are_not_published(tmp_path):
    source = write_site(
        tmp_path,
        files={
            "campaigns/lamp/updates/2026-11-02-public.md": "---\ntitle: Public\n---\nHello.\n",
            "campaigns/lamp/updates/2026-11-03-secret.md": "---\ntitle: Secret\ndraft: true\n---\nNot yet.\n",
        },
    )
    build(source, tmp_path / "out", FIXED_NOW)
    page = parse_html(tmp_path / "out/campaigns/lamp/index.html")
    assert [a.text for a in page.select(".updates a")] == ["Public"]
    assert not (tmp_path / "out/campaigns/lamp/updates/secret").exists()


def test_draft_campaigns_are_not_published(tmp_path):
    source = write_site(tmp_path, CAMPAIGN + "draft: true\n")
    build(source, tmp_path / "out", FIXED_NOW)
    assert not (tmp_path / "out/campaigns/lamp").exists()
    assert parse_html(tmp_path / "out/index.html").select(".card") == []


def test_impact_text_must_match_a_suggested_amount(tmp_path):
    campaign = (
        CAMPAIGN
        + "open_pledge:\n  suggested: [25, 50]\n  impact: {25.00: a kit, 30: a blanket}\n  pledge: [{processor: paypal_me, name: ada}]\n"
    )
    assert messages(write_site(tmp_path, campaign)) == [
        "15:open_pledge.impact: impact text for 30 has no matching amount in suggested"
    ]


def test_impact_text_is_shown_beside_its_amount(tmp_path):
    campaign = (
        CAMPAIGN
        + "open_pledge:\n  suggested: [25, 50]\n  impact: {25.00: a hygiene kit}\n  pledge: [{processor: paypal_me, name: ada}]\n"
    )
    build(write_site(tmp_path, campaign), tmp_path / "out", FIXED_NOW)
    items = [
        " ".join(li.text.split())
        for li in parse_html(tmp_path / "out/campaigns/lamp/index.html").select(".impact li")
    ]
    # PayPal.me carries the amount, so each amount links there (tests/test_pledge_amount_links.py).
    assert items == ["Pledge €25 with PayPal — a hygiene kit", "Pledge €50 with PayPal"]


def test_amounts_follow_the_currency_minor_units(tmp_path):
    campaign = CAMPAIGN.replace("goal: 100", "goal: 100.5\ncurrency: JPY").replace(
        "amount: 10", "amount: 10.125"
    )
    assert messages(write_site(tmp_path, campaign)) == [
        "5:goal: JPY amounts have no decimal places, got 100.5",
        "12:tiers[0].amount: JPY amounts have no decimal places, got 10.125",
    ]


def test_unsafe_markdown_links_are_errors_at_their_line(tmp_path):
    source = write_site(
        tmp_path, files={"campaigns/lamp/story.md": "Fine.\n\n[Click](javascript:alert(1))\n"}
    )
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW)
    [problem] = caught.value.problems
    assert (Path(problem.file).name, problem.line) == ("story.md", 3)
    assert (
        problem.message
        == "links with the javascript: scheme are not allowed ('javascript:alert(1)')"
    )


def test_update_file_names_and_reserved_front_matter(tmp_path):
    source = write_site(
        tmp_path,
        files={
            "campaigns/lamp/updates/hello.md": "---\ntitle: Hi\n---\n",
            "campaigns/lamp/updates/2026-11-02-ok.md": "---\ntitle: Ok\nslug: other\n---\n",
        },
    )
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW, strict=True)
    assert [str(p).split("campaigns/lamp/")[1] for p in caught.value.problems] == [
        "updates/2026-11-02-ok.md:3:1: slug: 'slug' is taken from the file name; remove it here",
        "updates/hello.md:1:1: update files are named YYYY-MM-DD-<slug>.md, e.g. 2026-11-02-first-prototype.md",
    ]


def test_a_site_overrides_one_component_and_one_static_file(tmp_path):
    source = write_site(
        tmp_path,
        files={
            "templates/components/state_badge.html": '{% macro state_badge(campaign) %}<b class="mine">{{ campaign.state.value }}</b>{% endmacro %}\n',
            "static/style.css": "body { color: black }\n",
        },
    )
    build(source, tmp_path / "out", FIXED_NOW)
    page = parse_html(tmp_path / "out/campaigns/lamp/index.html")
    assert page.select_one(".campaign__meta .mine").text == "live"
    assert (tmp_path / "out/static/style.css").read_text() == "body { color: black }\n"
    assert (tmp_path / "out/static/favicon.svg").is_file()  # the theme's other files stay


def test_a_site_css_file_adjusts_the_theme_without_replacing_it(tmp_path):
    source = write_site(tmp_path, files={"static/site.css": ":root { --color-accent: #8a1c7c; }\n"})
    build(source, tmp_path / "out", FIXED_NOW)
    page = parse_html(tmp_path / "out/campaigns/lamp/index.html")
    assert [link["href"] for link in page.find_all("link", rel="stylesheet")] == [
        "../../static/style.css",
        "../../static/site.css",
    ]


def test_template_mistakes_are_reported_with_their_line(tmp_path):
    source = write_site(
        tmp_path,
        files={
            "templates/components/state_badge.html": "{% macro state_badge(campaign) %}\n{{ campaign.nope.deeper }}{% endmacro %}\n"
        },
    )
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW)
    [problem] = caught.value.problems
    assert problem.file.endswith("templates/components/state_badge.html") and problem.line == 2
    assert "while rendering campaigns/lamp/index.html:" in problem.message


def test_a_template_mistake_is_reported_once_however_many_pages_it_breaks(tmp_path):
    source = write_site(
        tmp_path,
        files={
            "templates/components/time_left.html": "{% macro time_left(campaign) %}{{ campaign.nope.deeper }}{% endmacro %}\n"
        },
    )
    for slug in ("second", "third"):
        shutil.copytree(source / "campaigns" / "lamp", source / "campaigns" / slug)
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW)
    [problem] = caught.value.problems
    assert problem.message.startswith(
        "while rendering campaigns/lamp/index.html (and 2 other pages):"
    )


def test_unknown_theme_names_the_line_in_site_yaml(tmp_path):
    source = write_site(tmp_path, site_extra="theme: fancy\n")
    assert messages(source) == ["5:theme: unknown theme 'fancy'; available: appeal, default"]
