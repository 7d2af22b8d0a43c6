"""Discovery pages: the orderings, category and tag pages, their overviews and the static
search, on a small site whose dates and totals the test sets (and so knows every order of)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from support import FIXED_NOW, campaign_yaml, parse_html, site_yaml, tier_yaml, write_site
from test_incremental import stamps, tree

from pledgekit.build import build
from pledgekit.parts.discovery import name_slug, plural_samples
from pledgekit.plan.views import Listing
from pledgekit.slugs import name_order

# slug: (title, start, end, goal, raised, funding, category, tags); FIXED_NOW is 26 November.
CAMPAIGNS = {
    "alpha": ("Oak lamp", "2026-11-01", "2026-12-20", 1000, 500, "flexible", "Design",
              "[lighting, Oak]"),
    "bravo": ("Brass clock", "2026-11-20", "2026-12-01", 1000, 900, "flexible", "design",
              "[oak]"),
    "charlie": ("Café des jeux", "2026-11-10", "2026-12-10", 100, 150, "flexible", "Games",
                "[Café culture]"),
    "delta": ("Desk fan", "2026-09-01", "2026-10-01", 1000, 990, "all_or_nothing", "Design",
              "[]"),
    "echo": ("Echo chamber", "2026-12-05", "2027-01-05", 1000, 0, "flexible", "Games", "[oak]"),
    "foxtrot": ("Fox kite", "2026-11-15", "2026-12-31", 1000, 100, "flexible", None, "[]"),
}  # fmt: skip
INDEX_ORDER = ["bravo", "charlie", "alpha", "foxtrot", "echo", "delta"]
TIER = tier_yaml(
    id="one", title="One", amount=10, description=None, pledge="[{processor: paypal_me, name: ada}]"
)
HERO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 9"/>'


def write_makers_site(root: Path) -> Path:
    campaigns = {}
    for slug, (title, start, end, goal, raised, funding, category, tags) in CAMPAIGNS.items():
        campaign = campaign_yaml(
            title=title, tagline=f"The {title} tagline", image="{src: hero.svg, alt: A picture}",
            creator="{name: Ada}", goal=goal, start=f"{start}T09:00:00+01:00",
            end=f"{end}T09:00:00+01:00", funding=funding,
            totals=f"{{raised: {raised}, backers: 3, updated: 2026-11-25T18:00:00+01:00}}",
            category=category, tags=tags, tiers=TIER,
        )  # fmt: skip
        campaigns[slug] = {"campaign.yaml": campaign, "story.md": "Because.\n", "hero.svg": HERO}
    campaigns["alpha"]["campaign.fr.yaml"] = (
        "title: Lampe en chêne\ntagline: Le slogan de la lampe\n"
    )
    site = site_yaml(title="Makers", languages="[fr]", per_page=2)
    return write_site(root / "site", site=site, campaigns=campaigns)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("discovery")
    output = root / "output"
    build(write_makers_site(root), output, FIXED_NOW)
    return output


def slugs(page: Path) -> list[str]:
    """The campaigns a listing page shows, by the folder its cards link to."""
    return [a["href"].split("/")[-2] for a in parse_html(page).select(".card__title a")]


def every_page(output: Path, first: str) -> list[str]:
    """The campaigns of a paged listing, following its rel=next links from `first`."""
    found, page = [], output / first
    while True:
        found += slugs(page)
        following = parse_html(page).select_one('head link[rel="next"]')
        if following is None:
            return found
        page = (page.parent / following["href"]).resolve()


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("ending-soon", ["bravo", "charlie", "alpha", "foxtrot"]),  # open ones, by end
        ("most-funded", ["charlie", "bravo", "alpha", "foxtrot", "delta"]),  # open ones first
        ("newest", ["bravo", "foxtrot", "charlie", "alpha", "delta"]),  # opened, latest first
    ],
)
def test_each_ordering_lists_its_campaigns_in_order(built, folder, expected):
    assert every_page(built, f"{folder}/index.html") == expected
    assert every_page(built, f"fr/{folder}/index.html") == expected
    page = parse_html(built / folder / "index.html")
    assert page.select_one(".listing__count").get_text() == f"{len(expected)} campaigns"


def test_pages_of_a_listing_link_each_other_in_the_head(built):
    first = parse_html(built / "most-funded/index.html")
    second = parse_html(built / "most-funded/page/2/index.html")
    third = parse_html(built / "most-funded/page/3/index.html")
    links = [
        {link["rel"][0]: link["href"] for link in page.select('head link[rel="prev"], head link[rel="next"]')}
        for page in (first, second, third)
    ]  # fmt: skip
    assert links == [
        {"next": "page/2/index.html"},
        {"prev": "../../index.html", "next": "../3/index.html"},
        {"prev": "../2/index.html"},
    ]
    assert not (built / "most-funded/page/4").exists()
    assert first.title.text == "Most funded · Makers"
    assert second.title.text == "Most funded · Page 2 · Makers"


def test_category_pages_list_exactly_their_campaigns_in_index_order(built):
    # "Design" and "design" are one category, shown as most campaigns write it.
    assert every_page(built, "categories/design/index.html") == ["bravo", "alpha", "delta"]
    assert every_page(built, "categories/games/index.html") == ["charlie", "echo"]
    design = parse_html(built / "categories/design/index.html")
    assert design.h1.get_text() == "Category: Design"
    assert design.select_one('head link[rel="next"]')["href"] == "page/2/index.html"
    assert sorted(p.name for p in (built / "categories").iterdir()) == [
        "design",
        "games",
        "index.html",
    ]


def test_tag_pages_list_exactly_their_campaigns(built):
    assert every_page(built, "tags/oak/index.html") == ["bravo", "alpha", "echo"]
    assert every_page(built, "tags/lighting/index.html") == ["alpha"]
    assert every_page(built, "tags/cafe-culture/index.html") == ["charlie"]
    assert parse_html(built / "tags/cafe-culture/index.html").h1.get_text() == "Tag: Café culture"


def test_the_overviews_count_each_category_and_tag(built):
    def rows(path: str) -> list[tuple[str, str, str]]:
        return [
            (li.a.get_text(), li.a["href"], li.select_one(".groups__count").get_text())
            for li in parse_html(built / path).select(".groups li")
        ]

    assert rows("categories/index.html") == [
        ("Design", "design/index.html", "3 campaigns"),
        ("Games", "games/index.html", "2 campaigns"),
    ]
    assert rows("tags/index.html") == [
        ("Café culture", "cafe-culture/index.html", "1 campaign"),
        ("lighting", "lighting/index.html", "1 campaign"),
        ("oak", "oak/index.html", "3 campaigns"),
    ]
    assert rows("fr/categories/index.html")[0] == ("Design", "design/index.html", "3 campagnes")


def test_the_home_page_links_every_way_of_browsing(built):
    nav = parse_html(built / "index.html").select_one("nav.browse")
    assert [a["href"] for a in nav.select("a")] == [
        "ending-soon/index.html",
        "most-funded/index.html",
        "newest/index.html",
        "categories/index.html",
        "tags/index.html",
        "search/index.html",
    ]
    french = parse_html(built / "fr/index.html").select_one("nav.browse")
    assert [a.get_text() for a in french.select("a")][:3] == [
        "Bientôt terminées",
        "Les mieux financées",
        "Les plus récentes",
    ]


def test_the_search_index_is_small_exact_and_per_language(built):
    index = json.loads((built / "search.json").read_text())
    assert [entry["url"] for entry in index["campaigns"]] == [
        f"campaigns/{slug}/" for slug in INDEX_ORDER
    ]
    assert index["campaigns"][:2] == [
        {
            "category": "design",
            "state": "live",
            "tagline": "The Brass clock tagline",
            "tags": ["oak"],
            "title": "Brass clock",
            "url": "campaigns/bravo/",
        },
        {
            "category": "Games",
            "state": "funded",
            "tagline": "The Café des jeux tagline",
            "tags": ["Café culture"],
            "title": "Café des jeux",
            "url": "campaigns/charlie/",
        },
    ]
    assert index["campaigns"][3]["category"] is None  # foxtrot names none
    french = json.loads((built / "fr/search.json").read_text())
    assert french["campaigns"][2]["title"] == "Lampe en chêne"
    assert french["campaigns"][2]["url"] == "campaigns/alpha/"  # beside fr/search.json
    raw = (built / "search.json").read_bytes()
    assert b"\n" not in raw.rstrip(b"\n") and len(raw) < 2000  # compact


def test_the_search_page_works_without_javascript(built):
    page = parse_html(built / "search/index.html")
    form = page.select_one("form[role=search]")
    assert form.has_attr("hidden")  # shown by static/search.js once it has the index
    assert form["data-search-index"] == "../search.json"
    assert form.select_one("label")["for"] == form.select_one("input[type=search]")["id"]
    assert form.select_one("[aria-live]") is not None
    assert form["data-count-one"] == "{n} campaign found"
    assert form["data-count-other"] == "{n} campaigns found"
    assert [a.get_text() for a in page.select("main .groups a")] == ["Design", "Games"]
    assert page.select_one('script[src="../static/search.js"]') is not None
    french = parse_html(built / "fr/search/index.html")
    assert french.select_one("form")["data-search-index"] == "../search.json"
    assert french.select_one("form")["data-count-other"] == "{n} campagnes trouvées"


def test_listing_pages_are_in_the_sitemap(built):
    sitemap = (built / "sitemap.xml").read_text()
    for path in (
        "ending-soon/",
        "most-funded/page/2/",
        "categories/",
        "categories/design/page/2/",
        "tags/oak/",
        "search/",
        "fr/newest/",
    ):
        assert f"<loc>https://example.org/fund/{path}</loc>" in sitemap, path


def test_a_site_without_categories_says_so(tmp_path):
    source = write_makers_site(tmp_path)
    for folder in (source / "campaigns").iterdir():
        text = (folder / "campaign.yaml").read_text()
        (folder / "campaign.yaml").write_text(
            "\n".join(line for line in text.splitlines() if not line.startswith("category:")) + "\n"
        )
    build(source, tmp_path / "out", FIXED_NOW)
    page = parse_html(tmp_path / "out/categories/index.html")
    assert page.select(".groups") == []
    assert "No campaign names a category yet." in page.main.get_text()


def test_names_give_addresses_that_never_collide_silently():
    assert name_slug("Board games") == name_slug("board  GAMES") == "board-games"
    assert name_slug("Café") == "cafe"
    arabic = name_slug("ألعاب")
    assert arabic.startswith("n-") and arabic != name_slug("تصميم")
    assert plural_samples("en") == {"one": 1, "other": 0}
    assert set(plural_samples("ar")) == {"zero", "one", "two", "few", "many", "other"}


def test_a_name_is_marked_with_its_language_on_pages_in_another():
    listing = Listing("category", "Design", "ar/categories/design/", 1, "en", "ltr")
    assert listing.lang("ar") == ' lang="en" dir="ltr"'
    assert listing.lang("en") == ""


def test_unchanged_discovery_pages_are_kept_and_edits_match_a_cold_build(tmp_path):
    source = write_makers_site(tmp_path)
    output, cold = tmp_path / "output", tmp_path / "cold"
    build(source, output, FIXED_NOW)
    build(source, output, FIXED_NOW)
    before = stamps(output)
    build(source, output, FIXED_NOW + timedelta(minutes=1))
    assert {path for path in before if before[path] != stamps(output).get(path)} == set()

    yaml = source / "campaigns" / "delta" / "campaign.yaml"
    yaml.write_text(yaml.read_text().replace("category: Design", "category: Games"))
    build(source, output, FIXED_NOW)
    build(source, cold, FIXED_NOW, fresh=True)
    assert tree(output) == tree(cold)
    assert every_page(output, "categories/games/index.html") == ["charlie", "echo", "delta"]


def test_a_campaign_page_links_its_category_and_tags(built):
    page = parse_html(built / "campaigns/alpha/index.html")
    category = page.select_one("a.campaign__category")
    tags = {tag.get_text(): tag["href"] for tag in page.select(".campaign__tags a.tag")}
    target = (built / "campaigns/alpha" / category["href"]).resolve()
    assert target == (built / "categories/design/index.html").resolve()
    assert tags["lighting"] == "../../tags/lighting/index.html"
    assert all((built / "campaigns/alpha" / href).resolve().is_file() for href in tags.values())


def test_names_are_listed_by_letter_accents_and_case_aside():
    names = ["Zinc", "éclairage", "Eau", "bois", "Ébénisterie"]
    assert sorted(names, key=name_order) == ["bois", "Eau", "Ébénisterie", "éclairage", "Zinc"]
