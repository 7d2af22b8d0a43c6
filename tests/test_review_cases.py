"""Cases found by trying to break pledgekit: each once produced a traceback, a broken page or a
published file that should have stayed private."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from support import FIXED_NOW, parse_html
from test_content_rules import CAMPAIGN, SITE, write_site

from pledgekit.build import build
from pledgekit.cli import main
from pledgekit.problems import ContentErrors


def problems_of(source: Path, strict: bool = False) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW, strict=strict)
    return [
        f"{Path(p.file).name}:{p.line}: {p.field + ': ' if p.field else ''}{p.message}"
        for p in caught.value.problems
    ]


def published(output: Path) -> set[str]:
    return {path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file()}


def test_only_referenced_files_are_published_and_links_cannot_leave_the_folder(tmp_path):
    source = write_site(
        tmp_path,
        files={
            "campaigns/lamp/private/draft-budget.txt": "secret",
            "campaigns/lamp/notes.pdf": "%PDF",
        },
    )
    build(source, tmp_path / "out", FIXED_NOW)
    assert {name for name in published(tmp_path / "out") if name.startswith("campaigns/lamp/")} == {
        "campaigns/lamp/index.html",
        "campaigns/lamp/totals.json",
        "campaigns/lamp/hero.svg",
        "campaigns/lamp/badge.svg",
        "campaigns/lamp/card/index.html",
        "campaigns/lamp/poster/index.html",
        "campaigns/lamp/feed.xml",
        "campaigns/lamp/social-card.png",
    }
    (source / "campaigns/lamp/passwd.txt").symlink_to("/etc/passwd")
    (source / "campaigns/lamp/story.md").write_text("Read [this](passwd.txt).\n")
    assert problems_of(source) == [
        "passwd.txt:1: links outside the site (to /etc/passwd); copy the file into the site instead",
        "story.md:1: passwd.txt links to a file outside the campaign folder; copy the file in instead",
    ]


def test_files_named_in_markdown_must_exist_and_are_published(tmp_path):
    source = write_site(
        tmp_path,
        files={
            "campaigns/lamp/story.md": "## Plan\n\n![The plan](img/plan.svg)\n\n[Budget](budget.pdf)\n",
            "campaigns/lamp/img/plan.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>',
        },
    )
    assert problems_of(source) == ["story.md:5: file not found: budget.pdf (beside campaign.yaml)"]
    (source / "campaigns/lamp/budget.pdf").write_text("%PDF")
    build(source, tmp_path / "out", FIXED_NOW)
    assert {"campaigns/lamp/img/plan.svg", "campaigns/lamp/budget.pdf"} <= published(
        tmp_path / "out"
    )


def test_images_must_be_images_of_a_published_type(tmp_path):
    source = write_site(
        tmp_path,
        CAMPAIGN.replace("src: hero.svg", "src: hero.bmp"),
        files={"campaigns/lamp/hero.bmp": "BM"},
    )
    assert problems_of(source) == [
        "campaign.yaml:3: image.src: hero.bmp: images must be one of .avif, .gif, .jpeg, .jpg, .png, .svg, .webp"
    ]


def test_remote_images_work_and_are_reported(tmp_path):
    source = write_site(
        tmp_path, CAMPAIGN.replace("src: hero.svg", "src: https://cdn.example.org/hero.png")
    )
    result = build(source, tmp_path / "out", FIXED_NOW)
    assert [p.message for p in result.warnings] == [
        "image loads from another site (cdn.example.org), so every visitor's browser contacts it; put the file beside campaign.yaml instead"
    ]
    assert (
        parse_html(tmp_path / "out/index.html").select_one(".card__image")["src"]
        == "https://cdn.example.org/hero.png"
    )
    assert (
        parse_html(tmp_path / "out/campaigns/lamp/index.html").select_one(".hero img")["src"]
        == "https://cdn.example.org/hero.png"
    )


def test_two_updates_may_not_share_an_address(tmp_path):
    source = write_site(
        tmp_path,
        files={
            "campaigns/lamp/updates/2026-11-02-news.md": "---\ntitle: One\n---\n",
            "campaigns/lamp/updates/2026-11-20-news.md": "---\ntitle: Two\n---\n",
        },
    )
    assert problems_of(source) == [
        "2026-11-20-news.md:1: another update already uses the address 'news' (2026-11-02-news.md); rename one"
    ]


def test_markdown_text_that_looks_like_html_is_left_alone(tmp_path):
    source = write_site(
        tmp_path,
        files={
            "campaigns/lamp/story.md": "Write `<a href=javascript:void(0)>` to break a page.\n",
            "campaigns/lamp/updates/2026-11-02-news.md": "---\ntitle: News\n---\nWrite src=photo.png and href=page.html.\n",
        },
    )
    build(source, tmp_path / "out", FIXED_NOW)
    update = parse_html(tmp_path / "out/campaigns/lamp/updates/news/index.html")
    assert update.select_one(".prose p").text == "Write src=photo.png and href=page.html."
    assert (
        parse_html(tmp_path / "out/campaigns/lamp/index.html").select_one("#story code").text
        == "<a href=javascript:void(0)>"
    )


def test_every_refused_link_is_reported_at_its_line(tmp_path):
    source = write_site(
        tmp_path,
        files={
            "campaigns/lamp/story.md": "Data: 42 units.\n\n[a](javascript:one())\n\n[b](data:text/html,two)\n"
        },
    )
    assert problems_of(source) == [
        "story.md:3: links with the javascript: scheme are not allowed ('javascript:one()')",
        "story.md:5: links with the data: scheme are not allowed ('data:text/html,two')",
    ]


def test_three_decimal_currencies_keep_their_digits_in_links(tmp_path):
    campaign = (
        CAMPAIGN.replace("goal: 100", "goal: 100\ncurrency: KWD")
        .replace("amount: 10", "amount: 10.125")
        .replace(
            "pledge: [{processor: paypal_me, name: ada}]",
            "pledge: [{processor: link, label: Bank, url: 'https://pay.example.org/?a={amount}&c={currency}'}]",
        )
    )
    build(write_site(tmp_path, campaign), tmp_path / "out", FIXED_NOW)
    href = parse_html(tmp_path / "out/campaigns/lamp/index.html").select_one(
        "#tier-one .pledge-links a"
    )["href"]
    assert parse_qs(urlsplit(href).query) == {"a": ["10.125"], "c": ["KWD"]}


def test_site_defaults_are_checked_once(tmp_path):
    source = write_site(
        tmp_path,
        CAMPAIGN.replace("    pledge: [{processor: paypal_me, name: ada}]\n", ""),
        site_extra="defaults:\n  pledge:\n    - {processor: paypal_me, name: ada, lable: x}\n",
    )
    assert problems_of(source) == [
        "site.yaml:7: defaults.pledge[0].lable: unknown key 'lable' (did you mean 'label'?)"
    ]


def test_site_default_that_cannot_serve_a_tier_is_reported_at_the_tier(tmp_path):
    campaign = CAMPAIGN.replace(
        "    pledge: [{processor: paypal_me, name: ada}]\n", "    recurring: monthly\n"
    )
    source = write_site(
        tmp_path,
        campaign,
        site_extra="defaults:\n  pledge:\n    - {processor: paypal_me, name: ada}\n",
    )
    [message] = problems_of(source)
    assert message.startswith("campaign.yaml:9: tiers[0]: the site's default pledge link (")
    assert message.endswith(
        "site.yaml:7) cannot serve it: PayPal links cannot set up monthly giving"
    )


def test_ids_are_unique_on_every_page(tmp_path):
    campaign = (
        CAMPAIGN.replace("id: one", "id: any-amount")
        + "open_pledge: {pledge: [{processor: paypal_me, name: ada}]}\n"
    )
    build(write_site(tmp_path, campaign), tmp_path / "out", FIXED_NOW)
    for page in (tmp_path / "out").rglob("*.html"):
        ids = [tag["id"] for tag in parse_html(page).find_all(id=True)]
        assert len(ids) == len(set(ids)), page


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "language: xx",
            "site.yaml:5: language: unknown language 'xx': expected a tag like en, fr or pt-BR",
        ),
        (
            "theme: ../../elsewhere",
            "site.yaml:5: theme: must be a theme name of lower-case letters, digits, '-' and '_', "
            "such as default or appeal, got '../../elsewhere'",
        ),
    ],
)
def test_site_settings_that_once_crashed(tmp_path, line, expected):
    source = write_site(tmp_path, site_extra=line + "\n")
    assert problems_of(source) == [expected]


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        (
            "https://user.github.io/repo?x=1#top",
            "must be a plain address without ?query, #fragment or user name",
        ),
        (
            '"https://user.github.io/repo/\\nDisallow: /"',
            "links may not contain spaces, quotes or angle brackets",
        ),
    ],
)
def test_base_url_is_a_plain_address(tmp_path, base_url, expected):
    source = write_site(tmp_path)
    (source / "site.yaml").write_text(SITE.replace("https://example.org/fund/", base_url))
    [message] = problems_of(source)
    assert message.startswith("site.yaml:2: base_url: ") and expected in message


def test_site_and_campaign_errors_are_reported_together(tmp_path):
    source = write_site(tmp_path, CAMPAIGN.replace("goal: 100", "goal: lots"))
    (source / "site.yaml").write_text(
        SITE.replace("Europe/Paris", "Mars/Olympus") + "theme: nope\n"
    )
    assert problems_of(source) == [
        "campaign.yaml:5: goal: must be a positive amount such as 12500 or 12500.50, got 'lots'",
        "site.yaml:4: timezone: unknown timezone 'Mars/Olympus': expected a name like Europe/Paris",
        "site.yaml:5: theme: unknown theme 'nope'; available: appeal, default",
    ]


def test_a_theme_that_extends_something_odd(tmp_path):
    source = write_site(
        tmp_path, files={"themes/odd/theme.yaml": "extends: 5\n"}, site_extra="theme: odd\n"
    )
    [message] = problems_of(source)
    assert message == "theme.yaml:1: extends: unknown theme '5'; available: appeal, default, odd"


def test_dates_far_in_the_future_are_refused_where_written(tmp_path):
    source = write_site(
        tmp_path,
        CAMPAIGN.replace("end: 2026-12-01T09:00:00+01:00", "end: 9999-12-31T23:59:59-12:00"),
    )
    assert problems_of(source) == [
        "campaign.yaml:7: end: must be a date between the years 1970 and 9000, got '9999-12-31 23:59:59-12:00'"
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://{campaign}/pay",
            "placeholders may stand in the path or the query, not in the host name",
        ),
        (
            "https://pay.example.org/{amount:>12}",
            "placeholders are written plainly, like {amount}, without : or !",
        ),
        ("https://pay.example.org/a b", "links may not contain spaces, quotes or angle brackets"),
    ],
)
def test_link_templates_are_strict(tmp_path, url, expected):
    campaign = CAMPAIGN.replace(
        "pledge: [{processor: paypal_me, name: ada}]",
        f"pledge: [{{processor: link, label: Bank, url: '{url}'}}]",
    )
    [message] = problems_of(write_site(tmp_path, campaign))
    assert message.startswith("campaign.yaml:12: tiers[0].pledge[0].url: ") and expected in message


def test_stripe_links_may_not_carry_a_port_or_a_user(tmp_path):
    campaign = CAMPAIGN.replace(
        "pledge: [{processor: paypal_me, name: ada}]",
        "pledge: [{processor: stripe, url: 'https://buy.stripe.com:8443/abc'}]",
    )
    assert problems_of(write_site(tmp_path, campaign)) == [
        "campaign.yaml:12: tiers[0].pledge[0].url: Stripe Payment links must be on buy.stripe.com, got 'https://buy.stripe.com:8443/abc'"
    ]


def test_numbers_where_text_is_expected_are_text(tmp_path):
    build(
        write_site(tmp_path, CAMPAIGN.replace("title: Lamp", "title: 1984")),
        tmp_path / "out",
        FIXED_NOW,
    )
    assert parse_html(tmp_path / "out/campaigns/lamp/index.html").find("h1").text == "1984"


def test_budget_shares_keep_their_decimals(tmp_path):
    campaign = (
        CAMPAIGN + "budget:\n  - {label: Tools, share: 12.5}\n  - {label: Fees, share: 0.4}\n"
    )
    build(write_site(tmp_path, campaign), tmp_path / "out", FIXED_NOW)
    cells = [
        td.text
        for td in parse_html(tmp_path / "out/campaigns/lamp/index.html").select(".budget td")
    ]
    assert cells == ["12.5%", "0.4%"]


def test_cli_problems_that_once_crashed(tmp_path, monkeypatch):
    runner = CliRunner()
    source = write_site(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "100000000000000000000")
    result = runner.invoke(main, ["check", "--source", str(source)])
    assert (
        result.exit_code == 2
        and "SOURCE_DATE_EPOCH must be whole seconds since 1970" in result.output
    )
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (tmp_path / "file.txt").write_text("x")
    result = runner.invoke(
        main, ["build", "--source", str(source), "--output", str(tmp_path / "file.txt" / "out")]
    )
    assert result.exit_code == 2 and "is a file" in result.output


def test_a_content_folder_without_site_yaml_is_not_replaced_by_the_example(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yml").write_text(SITE)
    previous = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["build"])
    finally:
        os.chdir(previous)
    assert result.exit_code == 1
    assert (
        "content/site.yaml:1:1: site.yaml not found (there is a site.yml: rename it to site.yaml)"
        in result.output
    )
    assert not (tmp_path / "output").exists()


def test_a_tier_takes_its_stripe_links_own_limit(tmp_path):
    stripe = "pledge: [{processor: stripe, url: 'https://buy.stripe.com/abc', limit: 20}]"
    campaign = CAMPAIGN.replace("pledge: [{processor: paypal_me, name: ada}]", stripe).replace(
        "amount: 10", "amount: 10\n    claimed: 20"
    )
    build(write_site(tmp_path, campaign), tmp_path / "out", FIXED_NOW)
    tier = parse_html(tmp_path / "out/campaigns/lamp/index.html").select_one("#tier-one")
    assert "tier--sold_out" in tier["class"]
    assert (
        " ".join(tier.select_one(".tier__unavailable").text.split())
        == "Sold out: all 20 have been claimed."
    )


def test_a_tier_limit_that_disagrees_with_its_link_is_an_error(tmp_path):
    stripe = "pledge: [{processor: stripe, url: 'https://buy.stripe.com/abc', limit: 20}]"
    campaign = CAMPAIGN.replace("pledge: [{processor: paypal_me, name: ada}]", stripe).replace(
        "amount: 10", "amount: 10\n    limit: 25"
    )
    assert problems_of(write_site(tmp_path, campaign)) == [
        "campaign.yaml:13: tiers[0].pledge[0].limit: the link stops after 20 payments but the tier's limit is 25"
    ]
