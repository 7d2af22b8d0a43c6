"""Drafts: campaigns, tiers and updates marked draft appear only in a build with drafts, marked
DRAFT, kept out of search engines and the sitemap; and a build for another address."""

from __future__ import annotations

from support import FIXED_NOW, parse_html
from test_content_rules import CAMPAIGN, write_site

from pledgekit.build import Preview, build

DRAFT_TIER = """\
  - id: secret
    title: Secret tier
    amount: 50
    draft: true
    pledge: [{processor: paypal_me, name: ada}]
"""
FILES = {
    "campaigns/lamp/updates/2026-11-02-public.md": "---\ntitle: Public\n---\nHello.\n",
    "campaigns/lamp/updates/2026-11-03-secret.md": "---\ntitle: Secret\ndraft: true\n---\nNot yet.\n",
}


def draft_site(tmp_path):
    source = write_site(tmp_path, CAMPAIGN + DRAFT_TIER, files=FILES)
    other = source / "campaigns" / "unveiled"
    other.mkdir()
    for name in ("story.md", "hero.svg"):
        (other / name).write_bytes((source / "campaigns/lamp" / name).read_bytes())
    (other / "campaign.yaml").write_text(CAMPAIGN.replace("Lamp", "Unveiled") + "draft: true\n")
    return source


def sitemap_paths(output):
    text = (output / "sitemap.xml").read_text()
    return sorted(
        line.split("/fund/")[1].split("<")[0] for line in text.splitlines() if "<loc>" in line
    )


def test_a_plain_build_leaves_every_draft_out(tmp_path):
    output = tmp_path / "out"
    build(draft_site(tmp_path), output, FIXED_NOW)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert [h.get_text(strip=True) for h in page.select(".tier__title")] == ["One"]
    assert [a.text for a in page.select(".updates a")] == ["Public"]
    assert page.select(".badge--draft, .draft-notice") == []
    assert not (output / "campaigns/unveiled").exists()
    assert not (output / "campaigns/lamp/updates/secret").exists()
    assert [a.text for a in parse_html(output / "index.html").select(".card__title a")] == ["Lamp"]


def test_a_build_with_drafts_shows_them_marked_and_unindexed(tmp_path):
    output = tmp_path / "out"
    build(draft_site(tmp_path), output, FIXED_NOW, preview=Preview(drafts=True))
    lamp = parse_html(output / "campaigns/lamp/index.html")
    titles = [h.get_text(" ", strip=True) for h in lamp.select(".tier__title")]
    assert titles == ["One", "Secret tier Draft"]
    updates = [(li.a.text, bool(li.select(".badge--draft"))) for li in lamp.select(".update-card")]
    assert updates == [("Secret", True), ("Public", False)]
    assert lamp.select(".draft-notice") == []  # the campaign itself is published
    assert lamp.select('meta[name="robots"]') == []

    secret = parse_html(output / "campaigns/lamp/updates/secret/index.html")
    assert secret.select_one(".draft-notice").get_text(" ", strip=True).startswith("Draft")
    assert secret.select_one('meta[name="robots"]')["content"] == "noindex"

    unveiled = parse_html(output / "campaigns/unveiled/index.html")
    assert unveiled.select_one('meta[name="robots"]')["content"] == "noindex"
    cards = parse_html(output / "index.html").select(".card")
    assert {c.select_one(".card__title").text: bool(c.select(".badge--draft")) for c in cards} == {
        "Lamp": False,
        "Unveiled": True,
    }
    # Search engines are not told about drafts, even in a preview.
    assert sitemap_paths(output) == [
        "",
        "campaigns/lamp/",
        "campaigns/lamp/updates/public/",
        *("categories/", "ending-soon/", "most-funded/", "newest/", "search/", "tags/"),
    ]


def test_drafts_leave_the_output_when_the_next_build_has_none(tmp_path):
    source, output = draft_site(tmp_path), tmp_path / "out"
    build(source, output, FIXED_NOW, preview=Preview(drafts=True))
    build(source, output, FIXED_NOW)
    assert not (output / "campaigns/unveiled").exists()
    assert not (output / "campaigns/lamp/updates/secret").exists()
    assert "Secret tier" not in (output / "campaigns/lamp/index.html").read_text()


def test_a_build_for_another_address_uses_it_in_absolute_links(tmp_path):
    output = tmp_path / "out"
    preview = Preview(base_url="http://127.0.0.1:8123/")
    build(write_site(tmp_path), output, FIXED_NOW, preview=preview)
    page = parse_html(output / "campaigns/lamp/index.html")
    assert (
        page.select_one('link[rel="canonical"]')["href"] == "http://127.0.0.1:8123/campaigns/lamp/"
    )
    assert "http://127.0.0.1:8123/campaigns/lamp/" in (output / "sitemap.xml").read_text()
