"""The built-in `appeal` theme and its example site, examples/relief-appeal: the campaign page
in the order a donor to a relief appeal needs it (gift amounts and their impact, the deadline,
who is asking and where the money goes before the story), built from the default theme's
components; the default theme's page for the same campaign keeps its own order."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from linkcheck import broken_links_from_disk, broken_links_on_host
from support import FIXED_NOW, REPOSITORY, parse_html

from pledgekit.build import build
from pledgekit.render.catalogs import reworded
from pledgekit.render.themes import load_theme

APPEAL_SITE = REPOSITORY / "examples" / "relief-appeal"
APPEAL_THEME = REPOSITORY / "themes" / "appeal"
CAMPAIGN = "campaigns/winter-shelter-lille/index.html"
BASE_URL = "https://example.github.io/pledgekit-appeal/"


def site_with(tmp_path: Path, site_yaml: str) -> Path:
    """A copy of the example appeal site with site.yaml edited."""
    source = tmp_path / "site"
    shutil.copytree(APPEAL_SITE, source)
    (source / "site.yaml").write_text(site_yaml, encoding="utf-8")
    return source


def site_yaml() -> str:
    return (APPEAL_SITE / "site.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def appeal_page(appeal_site: Path) -> BeautifulSoup:
    return parse_html(appeal_site / CAMPAIGN)


@pytest.fixture(scope="module")
def default_page(tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    """The same campaign, the same site, with the default theme."""
    folder = tmp_path_factory.mktemp("default")
    source = site_with(folder, site_yaml().replace("theme: appeal\n", "theme: default\n"))
    result = build(source, folder / "output", FIXED_NOW, strict=True, jobs=1)
    assert result.warnings == []
    return parse_html(folder / "output" / CAMPAIGN)


def in_order(page: BeautifulSoup, *elements: Tag) -> bool:
    """Whether the elements come in this order in the document."""
    position = {id(element): index for index, element in enumerate(page.find_all(True))}
    indexes = [position[id(element)] for element in elements]
    return indexes == sorted(indexes) and len(set(indexes)) == len(indexes)


def text(element: Tag) -> str:
    return " ".join(element.get_text().split())


def section(page: BeautifulSoup, name: str) -> Tag:
    found = page.select_one(f"main section#{name}")
    assert found is not None, f"no section#{name}"
    return found


# The campaign page


def test_the_gift_amounts_and_their_impact_come_first(appeal_page):
    header = appeal_page.select_one("main article > header")
    assert text(header.h1) == "Keep twelve more beds open this winter"
    give = section(appeal_page, "give")
    # Right after the title and tagline: the first section of the page is the one to give in.
    assert header.find_next("section") is give
    assert text(give.h2) == "Choose your gift"
    assert [text(item) for item in give.select(".appeal-impact__item")] == [
        "€25 A sleeping bag, a thermal mat and winter socks for someone sleeping outside tonight. "
        "Give €25 with PayPal",
        "€50 Hot dinners for the whole shelter on one evening, 24 guests. Give €50 with PayPal",
        "€100 Three nights in a warm bed for one guest, with meals and a shower. "
        "Give €100 with PayPal",
        "€250 A week in the family room for a parent and a child. Give €250 with PayPal",
    ]
    # Each tile's link opens PayPal's donate form with its amount filled in.
    assert [a["href"] for a in give.select(".appeal-impact__link")] == [
        "https://www.paypal.com/donate?business=donations%40maisongrenat.example"
        f"&amount={amount}&currency_code=EUR&item_name=Winter+appeal%2C+Maison+Grenat"
        "&no_recurring=1"
        for amount in (25, 50, 100, 250)
    ]
    assert [text(a) for a in give.select(".pledge-links a, .pledge-links summary")] == [
        "Give with PayPal",
        "Give by bank transfer",
    ]
    # Then the progress so far, then the tiers.
    stats, tiers = section(appeal_page, "progress"), section(appeal_page, "rewards")
    assert [item["id"] for item in appeal_page.select(".appeal__top > section")] == [
        "give",
        "progress",
        "rewards",
    ]
    assert [article["id"] for article in appeal_page.select("main article.tier")] == [
        "open-pledge",
        "tier-monthly-night",
        "tier-week-in-a-bed",
        "tier-family-room",
        "tier-bed-for-the-winter",
    ]
    assert "€19,878.60" in text(stats.select_one(".stats__item--raised"))
    assert in_order(appeal_page, give, stats, tiers, section(appeal_page, "story"))


def test_the_banner_shows_the_time_left_and_the_end_date(appeal_page):
    banner = appeal_page.select_one("body > aside.appeal-banner")
    assert banner["class"] == ["appeal-banner", "appeal-banner--live"]
    assert banner["aria-label"] == "Deadline"
    assert in_order(appeal_page, banner, appeal_page.select_one("header.site-header"))
    assert text(banner) == (
        "66 days to go The appeal closes on January 31, 2027, 11:59 PM (Central European Time)."
    )
    [end] = banner.select("time")
    assert end["datetime"] == "2027-01-31T23:59:00+01:00"
    assert text(end) == "January 31, 2027, 11:59 PM (Central European Time)"
    assert banner.select(".appeal-banner__note") == []  # urgency_note is empty by default


def test_the_campaign_updates_carry_the_banner_too(appeal_site, appeal_page):
    """The banner is in base.html (components/deadline_banner.html), on a campaign's pages."""
    update = parse_html(
        appeal_site / "campaigns/winter-shelter-lille/updates/first-cold-snap/index.html"
    )
    assert str(update.select_one("body > aside.appeal-banner")) == str(
        appeal_page.select_one("body > aside.appeal-banner")
    )
    assert text(update.h1) == "The first cold night"


def test_the_organiser_and_the_beneficiary_come_before_the_story(appeal_page):
    byline = appeal_page.select_one("main article > header .appeal__byline")
    assert text(byline) == "Organised by Friends of Maison Grenat for Maison Grenat"
    people = section(appeal_page, "people")
    story = section(appeal_page, "story")
    assert text(people.h2) == "Who is asking, and who receives the money"
    cards = [
        (text(card.select_one(".appeal-person__role")), text(card.h3))
        for card in people.select(".appeal-person")
    ]
    assert cards == [("Organiser", "Friends of Maison Grenat"), ("Beneficiary", "Maison Grenat")]
    assert [image["alt"] for image in people.select("img.person__avatar")] == [
        "Friends of Maison Grenat logo, three overlapping circles in red and gold.",
        "Maison Grenat logo, a red house with a lit yellow window.",
    ]
    assert in_order(appeal_page, people, story)
    for name in ("Friends of Maison Grenat", "Maison Grenat"):
        first = appeal_page.main.find(string=re.compile(re.escape(name)))
        assert in_order(appeal_page, first.parent, story), name
    assert appeal_page.select("section#creator") == []  # not repeated after the story


def test_where_the_money_goes_comes_before_the_story(appeal_page, default_page):
    budget = section(appeal_page, "budget")
    story = section(appeal_page, "story")
    assert in_order(appeal_page, section(appeal_page, "people"), budget, story)
    assert text(budget.h2) == "Where the money goes"
    assert text(budget.select_one(".prose")).startswith("A night at Maison Grenat costs €33")
    assert [text(th) for th in budget.select("thead th")] == ["Item", "Share"]
    rows = [
        (text(row.th.find(string=True, recursive=False)), text(row.td))
        for row in budget.select("tbody tr")
    ]
    assert rows == [
        ("Two paid night workers", "52%"),
        ("Dinners and breakfasts", "16%"),
        ("Heating, water and electricity", "13%"),
        ("Bedding, laundry and hygiene", "11%"),
        ("Outreach kits", "5%"),
        ("Payment fees", "3%"),
    ]
    assert str(budget.select_one("table.budget")) == str(default_page.select_one("table.budget"))


def in_appeal_words(markup: str) -> str:
    """The default theme's markup with the appeal theme's own words for its messages."""
    for message in sorted(
        reworded(REPOSITORY / "themes" / "appeal"), key=lambda m: -len(str(m.id))
    ):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for said, instead in zip(ids, texts, strict=True):  # English: singular, plural
            pattern = re.escape(said).replace(re.escape("%(num)s"), r"(\d[\d,]*)")
            for name in ("amount", "processor", "date"):
                pattern = pattern.replace(re.escape(f"%({name})s"), "(.+?)")
            markup = re.sub(
                rf"(?<=>)(\s*){pattern}(\s*)(?=<)", lambda m, t=instead: _filled(t, m), markup
            )
    return markup


def _filled(text: str, match: re.Match) -> str:
    before, *values, after = match.groups()
    remaining = iter(values)
    return before + re.sub(r"%\([a-z]+\)s", lambda _: next(remaining), text) + after


def test_the_page_reuses_the_default_components(appeal_page, default_page):
    """Tier cards, pledge buttons and the progress come from the default theme as they are,
    in the appeal's own words (its locale/en catalog); only the open pledge card is the
    appeal's own (components/open_pledge.html)."""
    for tier in appeal_page.select("main article.tier:not(#open-pledge)"):
        default = str(default_page.select_one(f"article#{tier['id']}"))
        assert str(tier) == in_appeal_words(default), tier["id"]
    assert str(appeal_page.select_one(".stats")) == in_appeal_words(
        str(default_page.select_one(".stats"))
    )
    assert str(appeal_page.select_one("#open-pledge .pledge-links")) == in_appeal_words(
        str(default_page.select_one("#open-pledge .pledge-links"))
    )
    assert appeal_page.select("#open-pledge ul.impact") == []
    assert default_page.select("#open-pledge .appeal-impact") == []


def test_the_story_and_the_rest_follow(appeal_page):
    story = section(appeal_page, "story")
    assert text(story.select_one(".prose h3")) == "Twenty-four beds, funding for twelve"
    assert story.select_one("figure.hero img")["src"] == "hero.svg"
    ids = [item["id"] for item in appeal_page.select("main article > section")]
    assert ids == [
        "people",
        "budget",
        "story",
        "milestones",
        "risks",
        "faq",
        "updates",
        "supporters",  # the one named backer in its ledger
        "share",
    ]
    nav = [a["href"] for a in appeal_page.select("nav.campaign__nav a")]
    assert nav == [
        "#give",
        "#people",
        "#budget",
        "#story",
        "#milestones",
        "#risks",
        "#faq",
        "#updates",
        "#supporters",
    ]
    assert all(appeal_page.select_one(target) for target in nav)


def test_the_default_theme_keeps_its_order(default_page):
    ids = [item["id"] for item in default_page.select("main article > section")]
    assert ids[:2] == ["story", "rewards"]
    assert ids.index("story") < ids.index("budget") < ids.index("creator")
    assert default_page.select(".appeal-banner, section#give, section#people") == []


def test_the_theme_loads_its_stylesheet_after_the_default_one(appeal_site, appeal_page):
    links = [link["href"] for link in appeal_page.select("link[rel=stylesheet]")]
    assert links == ["../../static/style.css", "../../static/themes/appeal.css"]
    # Unset options add no style; the only script is the Copy button's (JSON-LD is data).
    assert appeal_page.select("style") == []
    scripts = appeal_page.select('script:not([type="application/ld+json"])')
    assert [script["src"] for script in scripts] == ["../../static/share.js"]
    assert (appeal_site / "static" / "themes" / "appeal.css").is_file()
    index = parse_html(appeal_site / "index.html")
    assert index.select_one(".cards")["class"] == ["cards", "cards--list"]  # appeal's default
    assert index.select(".appeal-banner") == []


def test_options_feed_the_properties_the_stylesheet_declares():
    """Each option of the appeal theme with a CSS property has, as its default, the value
    appeal.css is written with, so that an unset option adds nothing to the pages."""
    theme, warnings = load_theme("appeal", APPEAL_SITE)
    assert warnings == [] and theme.chain[0] == APPEAL_THEME
    css = (APPEAL_THEME / "static" / "themes" / "appeal.css").read_text(encoding="utf-8")
    declared = dict(re.findall(r"(--[a-z-]+):\s*([^;]+);", css))
    own = theme.manifests[0].options
    assert {name for name, spec in own.items() if spec.css} == {"urgent", "urgent_text", "impact"}
    for name, spec in own.items():
        if spec.css:
            assert declared[spec.css] == spec.default, name
    assert theme.options["urgency_note"] == "" and theme.options["cards"] == "list"
    assert theme.options["accent"] == "#0b5a4a"  # the parent's options stay as they are
    assert theme.custom_properties() == ""


def test_the_urgency_note_shows_in_the_banner(tmp_path):
    note = "Every gift made before Friday is matched by the Fondation du Nord."
    options = f"theme_options:\n  urgency_note: {note}\n  urgent: '#6d1710'\n"
    source = site_with(tmp_path, site_yaml() + options)
    result = build(source, tmp_path / "out", FIXED_NOW, strict=True, jobs=1)
    assert result.warnings == []
    page = parse_html(tmp_path / "out" / CAMPAIGN)
    assert text(page.select_one(".appeal-banner .appeal-banner__note")) == note
    # The gifts' pale background follows the urgent colour (impact: derive: tint(urgent, …)).
    assert page.select_one("head style").string == (
        ":root { --color-impact: #e7dad7; --color-urgent: #6d1710; }"
    )
    index = parse_html(tmp_path / "out" / "index.html")
    banner = index.select_one("body > aside.appeal-banner")
    assert text(banner) == note
    assert banner.find_next_sibling("header")["class"] == ["site-header"]


def test_an_ended_appeal_says_so_in_the_banner(tmp_path):
    source = site_with(tmp_path, site_yaml())
    campaign_yaml = source / "campaigns" / "winter-shelter-lille" / "campaign.yaml"
    campaign_yaml.write_text(
        campaign_yaml.read_text(encoding="utf-8").replace(
            "end: 2027-01-31T23:59:00+01:00", "end: 2026-11-25T23:59:00+01:00"
        ),
        encoding="utf-8",
    )
    build(source, tmp_path / "out", FIXED_NOW, strict=True, jobs=1)
    page = parse_html(tmp_path / "out" / CAMPAIGN)
    banner = page.select_one("aside.appeal-banner")
    assert banner["class"] == ["appeal-banner", "appeal-banner--ended"]
    assert text(banner) == (
        "The appeal closed on November 25, 2026. Thank you to everyone who gave."
    )
    # Nothing can be given any more: the headings say what the appeal asked for.
    assert text(section(page, "give").h2) == "The gifts this appeal asked for"
    assert text(section(page, "rewards").h2) == "The other gifts this appeal asked for"
    assert text(section(page, "progress").h2) == "Raised in all"
    assert text(page.select_one(".campaign__nav a[href='#give']")) == "Gifts"
    assert text(page.select_one("#open-pledge .tier__unavailable")) == (
        "The appeal has ended; gifts are closed."
    )


# The example site


def test_the_example_campaign_is_the_bundled_one():
    ours = APPEAL_SITE / "campaigns" / "winter-shelter-lille"
    bundled = REPOSITORY / "content" / "campaigns" / "winter-shelter-lille"
    names = sorted(path.relative_to(ours).as_posix() for path in ours.rglob("*"))
    assert names == sorted(path.relative_to(bundled).as_posix() for path in bundled.rglob("*"))
    assert "theme: appeal\n" in site_yaml()
    readme = (APPEAL_SITE / "README.md").read_text(encoding="utf-8")
    assert "pledgekit build --source examples/relief-appeal --output output-appeal" in readme


def test_the_example_links_resolve(appeal_site):
    assert broken_links_from_disk(appeal_site) == []
    assert broken_links_on_host(appeal_site, BASE_URL) == []
