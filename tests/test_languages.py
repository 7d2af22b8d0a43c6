"""Sites in several languages: each of site.yaml's `languages` gets its own pages under
/<language>/, campaigns translate with campaign.<language>.yaml, story.<language>.md, … and what
they leave untranslated is shown in the campaign's own language, marked, and reported by check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from support import (
    EXAMPLE,
    FIXED_NOW,
    HERO_SVG,
    SITE_FIELDS,
    campaign_yaml,
    parse_html,
    site_yaml,
    tier_yaml,
    write_site,
)

from pledgekit.build import build
from pledgekit.cli import main
from pledgekit.problems import ContentErrors, Severity

BASE = SITE_FIELDS["base_url"]
SITE = site_yaml()
CAMPAIGN = campaign_yaml(
    totals="{raised: 2500, backers: 40, updated: 2026-11-25T18:00:00+01:00}",
    faq=(
        "- {question: Can I mend it?, answer: Yes.}\n"
        "- {question: Where is it made?, answer: In Lyon.}\n"
    ),
    tiers=tier_yaml(includes="[The lamp, A spare bulb]"),
)
TRANSLATION = """\
title: Une lampe réparable
tagline: Chêne massif, pièces standard
faq:
  - question: Puis-je la réparer ?
tiers:
  - id: lamp
    title: La lampe
"""
UPDATE = "---\ntitle: We are live\nsummary: The first day\n---\nThank you all.\n"
UPDATE_FR = "---\ntitle: C'est parti\nsummary: Le premier jour\n---\nMerci à tous.\n"
SLUG = "campaigns/lamp/"


def write_lamp_site(root: Path, site: str = SITE) -> Path:
    lamp = {
        "campaign.yaml": CAMPAIGN,
        "hero.svg": HERO_SVG,
        "story.md": "The lamp story.\n",
        "campaign.fr.yaml": TRANSLATION,
        "story.fr.md": "L'histoire de la lampe.\n",
        "updates/2026-11-02-live.md": UPDATE,
        "updates/2026-11-02-live.fr.md": UPDATE_FR,
    }
    return write_site(root / "source", site=site, campaigns={"lamp": lamp})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("languages")
    source = write_lamp_site(root)
    build(source, root / "output", FIXED_NOW)
    return root / "output"


def alternates(page: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")}


@pytest.mark.parametrize(
    ("path", "language", "direction"),
    [
        (f"{SLUG}index.html", "en", "ltr"),
        (f"fr/{SLUG}index.html", "fr", "ltr"),
        (f"ar/{SLUG}index.html", "ar", "rtl"),
        ("ar/index.html", "ar", "rtl"),
        (f"ar/{SLUG}updates/live/index.html", "ar", "rtl"),
        (f"fr/{SLUG}card/index.html", "fr", "ltr"),
    ],
)
def test_each_language_has_its_pages_with_lang_and_dir(
    built: Path, path: str, language: str, direction: str
) -> None:
    html = parse_html(built / path).html
    assert (html["lang"], html["dir"]) == (language, direction)


@pytest.mark.parametrize("page", ["", SLUG, f"{SLUG}updates/live/"])
def test_every_language_of_a_page_names_the_same_alternates(built: Path, page: str) -> None:
    expected = {
        "en": BASE + page,
        "x-default": BASE + page,
        "fr": f"{BASE}fr/{page}",
        "ar": f"{BASE}ar/{page}",
    }
    for prefix in ("", "fr/", "ar/"):
        found = parse_html(built / prefix / page / "index.html")
        assert alternates(found) == expected
        assert found.select_one('link[rel="canonical"]')["href"] == BASE + prefix + page


def test_the_language_menu_links_each_language_in_its_own_name(built: Path) -> None:
    page_file = built / "fr" / SLUG / "index.html"
    links = parse_html(page_file).select(".language-switcher a")
    assert [(a.get_text(), a["lang"], a.get("aria-current")) for a in links] == [
        ("English", "en", None),
        ("Français", "fr", "page"),
        ("العربية", "ar", None),
    ]
    targets = [(page_file.parent / a["href"]).resolve() for a in links]
    assert targets == [
        (built / SLUG / "index.html").resolve(),
        page_file.resolve(),
        (built / "ar" / SLUG / "index.html").resolve(),
    ]
    assert all(target.is_file() for target in targets)


def test_translated_text_replaces_the_original_and_the_rest_is_marked(built: Path) -> None:
    page = parse_html(built / "fr" / SLUG / "index.html")
    title = page.select_one("h1.campaign__title")
    assert (title.get_text(), title.get("lang")) == ("Une lampe réparable", None)
    assert page.select_one(".lead").get_text() == "Chêne massif, pièces standard"
    story = page.select_one("#story")
    assert "L’histoire de la lampe." in story.get_text() and not story.select("[lang]")
    tier_title = page.select_one("#tier-lamp .tier__title")
    assert (tier_title.get_text(strip=True), tier_title.get("lang")) == ("La lampe", None)
    # Left in English, and marked so: the tier's description and list, the second FAQ entry,
    # the first entry's answer (its <details> holds both), the creator's bio.
    description = page.select_one("#tier-lamp .tier__description")
    assert (description["lang"], description["dir"]) == ("en", "ltr")
    assert page.select_one("#tier-lamp .tier__includes")["lang"] == "en"
    assert [details.get("lang") for details in page.select("details.faq")] == ["en", "en"]
    assert page.select_one("#creator .prose")["lang"] == "en"
    notice = page.select_one(".translation-notice")
    assert notice.get_text(strip=True) == (
        "Certaines parties de cette page ne sont pas encore traduites : elles sont en anglais."
    )
    # The pictures are copied beside each language's pages.
    assert page.select_one(".hero img")["src"] == "hero.svg"
    assert (built / "fr" / SLUG / "hero.svg").is_file()


def test_a_language_without_translation_shows_the_campaign_in_its_own(built: Path) -> None:
    page = parse_html(built / "ar" / SLUG / "index.html")
    title = page.select_one("h1.campaign__title")
    assert (title.get_text(), title["lang"], title["dir"]) == ("A lamp you can mend", "en", "ltr")
    assert page.select_one("#story div[lang='en']").get_text(strip=True) == "The lamp story."
    assert page.select_one(".translation-notice").get_text(strip=True) == (
        "بعض أجزاء هذه الصفحة لم تُترجم بعد: وهي معروضة باللغة الإنجليزية."
    )
    english = parse_html(built / SLUG / "index.html")
    assert not english.select("main [lang]") and not english.select(".translation-notice")


def test_updates_are_translated_in_their_own_file(built: Path) -> None:
    page = parse_html(built / "fr" / SLUG / "updates" / "live" / "index.html")
    assert page.select_one("article.update h1").get_text() == "C'est parti"
    assert page.select_one("article.update .prose").get_text(strip=True) == "Merci à tous."
    assert not page.select(".translation-notice")
    listing = parse_html(built / "fr" / SLUG / "index.html").select_one(".update-card")
    assert listing.a.get_text() == "C'est parti" and "Le premier jour" in listing.get_text()


def test_each_language_has_its_index_and_all_are_in_the_sitemap(built: Path) -> None:
    index = parse_html(built / "fr" / "index.html")
    card = index.select_one(".card__title")
    assert card.get_text(strip=True) == "Une lampe réparable"
    assert (built / "fr" / card.a["href"]).resolve() == (built / "fr" / SLUG / "index.html")
    sitemap = ElementTree.parse(built / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iter() if loc.tag.endswith("}loc")]
    for prefix in ("", "fr/", "ar/"):
        assert BASE + prefix in locations and f"{BASE}{prefix}{SLUG}" in locations


def test_a_site_in_one_language_has_no_alternates_or_menu(tmp_path: Path) -> None:
    source = write_lamp_site(tmp_path, site_yaml(languages=None))
    (source / "campaigns" / "lamp" / "campaign.fr.yaml").unlink()
    (source / "campaigns" / "lamp" / "story.fr.md").unlink()
    (source / "campaigns" / "lamp" / "updates" / "2026-11-02-live.fr.md").unlink()
    result = build(source, tmp_path / "output", FIXED_NOW)
    page = parse_html(tmp_path / "output" / SLUG / "index.html")
    assert alternates(page) == {} and not page.select(".language-switcher")
    assert not (tmp_path / "output" / "fr").exists() and result.untranslated == {}


def test_check_reports_what_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_lamp_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    now = FIXED_NOW.isoformat()
    summary = runner.invoke(main, ["check", "--source", "source", "--now", now])
    assert summary.exit_code == 0, summary.output
    assert summary.stdout.splitlines()[-2:] == [
        "source/campaigns/lamp: 8 fields not translated into fr, shown in the campaign's own "
        "language: image.alt, creator.bio, creator.location, faq[0].answer and 4 more",
        "source/campaigns/lamp: not translated into ar: its pages in ar show it in its own "
        "language (write campaign.ar.yaml, story.ar.md, …: docs/translating.md)",
    ]
    listed = runner.invoke(main, ["check", "--source", "source", "--now", now, "--translations"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines()[1:] == [
        f"source/campaigns/lamp/campaign.fr.yaml: {field}: not translated into fr"
        for field in (
            "image.alt",
            "creator.bio",
            "creator.location",
            "faq[0].answer",
            "faq[1].question",
            "faq[1].answer",
            "tiers[lamp].description",
            "tiers[lamp].includes",
        )
    ] + [
        "source/campaigns/lamp: not translated into ar: its pages in ar show it in its own "
        "language (write campaign.ar.yaml, story.ar.md, …: docs/translating.md)",
    ]


def test_an_update_and_the_story_left_untranslated_name_their_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_lamp_site(tmp_path)
    (source / "campaigns" / "lamp" / "story.fr.md").unlink()
    (source / "campaigns" / "lamp" / "updates" / "2026-11-02-live.fr.md").write_text(
        "---\ntitle: C'est parti\n---\n"
    )
    monkeypatch.chdir(tmp_path)
    now = FIXED_NOW.isoformat()
    listed = CliRunner().invoke(
        main, ["check", "--source", "source", "--now", now, "--translations"]
    )
    lines = listed.stdout.splitlines()
    assert "source/campaigns/lamp/story.fr.md: not translated into fr" in lines
    assert (
        "source/campaigns/lamp/updates/2026-11-02-live.fr.md: summary: not translated into fr"
        in lines
    )
    assert (
        "source/campaigns/lamp/updates/2026-11-02-live.fr.md: body: not translated into fr" in lines
    )


def test_translations_that_match_nothing_are_warned_about(tmp_path: Path) -> None:
    source = write_lamp_site(tmp_path)
    folder = source / "campaigns" / "lamp"
    (folder / "campaign.fr.yaml").write_text(
        TRANSLATION
        + "  - id: lampp\n    title: La lampe bis\n"
        + "goal: 30000\n"
        + "budget:\n  - label: Bois\n"
    )
    (folder / "story.de.md").write_text("Die Geschichte.\n")
    (folder / "updates" / "2026-11-03-gone.fr.md").write_text("---\ntitle: Parti\n---\nRien.\n")
    result = build(source, None, FIXED_NOW)
    warnings = [str(problem) for problem in result.warnings]
    assert all(p.severity is Severity.WARNING for p in result.warnings)
    assert warnings == [
        "source/campaigns/lamp/campaign.fr.yaml:8:9: warning: tiers[1].id: campaign.yaml has "
        "no tier 'lampp'",
        "source/campaigns/lamp/campaign.fr.yaml:10:1: warning: goal: 'goal' is the same in "
        "every language: it is set in campaign.yaml only",
        "source/campaigns/lamp/campaign.fr.yaml:12:3: warning: budget: campaign.yaml has "
        "nothing here to translate: it would not be shown",
        "source/campaigns/lamp/story.de.md:1:1: warning: 'de' is not one of the site's "
        "languages (en, fr, ar): add it to `languages` in site.yaml, or this translation is "
        "not published",
        "source/campaigns/lamp/updates/2026-11-03-gone.fr.md:1:1: warning: there is no "
        "updates/2026-11-03-gone.md in the campaign's own language to translate",
    ]


def test_a_campaign_in_another_language_than_the_site(tmp_path: Path) -> None:
    source = write_lamp_site(tmp_path, site_yaml(languages="[fr]"))
    folder = source / "campaigns" / "lamp"
    french = CAMPAIGN.replace("title: A lamp you can mend", "title: Une lampe\nlanguage: fr")
    (folder / "campaign.yaml").write_text(french)
    (folder / "campaign.fr.yaml").unlink()
    (folder / "story.fr.md").rename(folder / "story.md")
    (folder / "campaign.en.yaml").write_text("title: A lamp\n")
    build(source, tmp_path / "output", FIXED_NOW)
    own = parse_html(tmp_path / "output" / "fr" / SLUG / "index.html")
    assert own.select_one("h1").get_text() == "Une lampe" and not own.select("main [lang]")
    english = parse_html(tmp_path / "output" / SLUG / "index.html")
    assert english.select_one("h1").get_text() == "A lamp"
    assert english.select_one(".lead")["lang"] == "fr"
    assert english.select_one(".translation-notice").get_text(strip=True) == (
        "Parts of this page are not translated yet: they are shown in French."
    )


def test_editing_a_translation_rebuilds_like_a_cold_build(tmp_path: Path) -> None:
    source = write_lamp_site(tmp_path)
    output = tmp_path / "output"
    build(source, output, FIXED_NOW)
    english = (output / SLUG / "index.html").read_bytes()
    (source / "campaigns" / "lamp" / "story.fr.md").write_text("Une autre histoire.\n")
    build(source, output, FIXED_NOW)
    page = parse_html(output / "fr" / SLUG / "index.html")
    assert "Une autre histoire." in page.select_one("#story").get_text()
    assert (output / SLUG / "index.html").read_bytes() == english
    cold = tmp_path / "cold"
    shutil.copytree(source, tmp_path / "copy")
    build(tmp_path / "copy", cold, FIXED_NOW)
    for file in cold.rglob("*"):
        if file.is_file():
            assert (output / file.relative_to(cold)).read_bytes() == file.read_bytes(), file


def test_site_languages_are_checked(tmp_path: Path) -> None:
    source = write_lamp_site(tmp_path, site_yaml(languages="[fr, ar, fr, xx]"))
    with pytest.raises(ContentErrors) as failure:
        build(source, None, FIXED_NOW)
    errors = [p for p in failure.value.problems if p.severity is Severity.ERROR]
    assert [str(problem) for problem in errors] == [
        "source/site.yaml:4:25: languages[3]: unknown language 'xx': expected a tag like en, fr "
        "or pt-BR",
    ]
    (source / "site.yaml").write_text(site_yaml(languages="[fr, ar, fr]"))
    with pytest.raises(ContentErrors) as failure:
        build(source, None, FIXED_NOW)
    errors = [p for p in failure.value.problems if p.severity is Severity.ERROR]
    assert [str(problem) for problem in errors] == [
        "source/site.yaml:4:12: languages: lists 'fr' twice: list each language once",
    ]
    # The main language may be listed too: it is not built twice.
    (source / "site.yaml").write_text(site_yaml(languages="[en, fr, ar]"))
    result = build(source, tmp_path / "output", FIXED_NOW)
    folders = sorted(p.name for p in (tmp_path / "output").iterdir() if p.is_dir())
    discovery = ["categories", "ending-soon", "most-funded", "newest", "search", "tags"]
    assert folders == sorted(["ar", "campaigns", "fr", "static", *discovery])
    assert result.warnings == []


SITE_WORDS = """\
translations:
  fr:
    title: Lampes
    description: Des lampes qu'on répare.
  ar:
    description: مصابيح قابلة للإصلاح.
"""


def test_the_site_says_its_title_and_description_in_each_language(tmp_path: Path) -> None:
    source = write_lamp_site(tmp_path, SITE + "description: Lamps you can mend.\n" + SITE_WORDS)
    build(source, tmp_path / "output", FIXED_NOW)

    def words(path: str) -> tuple[str, str]:
        page = parse_html(tmp_path / "output" / path)
        description = page.select_one('meta[name="description"]')["content"]
        return page.select_one("header a[rel=home], .site-header a").get_text(
            strip=True
        ), description

    assert words("index.html") == ("Lamps", "Lamps you can mend.")
    assert words("fr/index.html") == ("Lampes", "Des lampes qu'on répare.")
    # What a language leaves out stays as written in the main language.
    assert words("ar/index.html") == ("Lamps", "مصابيح قابلة للإصلاح.")
    assert parse_html(tmp_path / "output" / f"fr/{SLUG}index.html").title.get_text() == (
        "Une lampe réparable · Lampes"
    )


def test_site_translations_are_checked(tmp_path: Path) -> None:
    words = SITE_WORDS.replace("  ar:\n", "  de:\n") + "    titel: Lampen\n"
    source = write_lamp_site(tmp_path, SITE + "theme: appeal\n" + words)
    (source / "site.yaml").write_text(
        (source / "site.yaml").read_text()
        + "    theme_options: {urgency_note: Schnell!, accent: '#123456'}\n"
    )
    with pytest.raises(ContentErrors) as failure:
        build(source, None, FIXED_NOW)
    assert [str(problem) for problem in failure.value.problems] == [
        "source/site.yaml:12:3: warning: translations.de: the site is not published in 'de': "
        "these words are not used (languages: fr, ar)",
        "source/site.yaml:14:5: translations.de.titel: unknown key 'titel' (did you mean 'title'?)",
        "source/site.yaml:15:45: translations.de.theme_options.accent: 'accent' is a color "
        "option, the same in every language: set it under theme_options",
    ]


def test_a_text_theme_option_is_said_in_each_language(tmp_path: Path) -> None:
    site = SITE + (
        "theme: appeal\ntheme_options: {urgency_note: Every gift is matched until Friday}\n"
        "translations:\n  fr:\n    theme_options:\n"
        "      urgency_note: Chaque don est doublé jusqu'à vendredi\n"
    )
    source = write_lamp_site(tmp_path, site)
    build(source, tmp_path / "output", FIXED_NOW)
    notes = {
        language: parse_html(tmp_path / "output" / prefix / "index.html").find(
            string=lambda text: "Friday" in text or "vendredi" in text
        )
        for language, prefix in (("en", ""), ("fr", "fr"), ("ar", "ar"))
    }
    assert {language: str(note).strip() for language, note in notes.items()} == {
        "en": "Every gift is matched until Friday",
        "fr": "Chaque don est doublé jusqu'à vendredi",
        "ar": "Every gift is matched until Friday",
    }


def test_category_and_tag_names_are_said_in_each_language(tmp_path: Path) -> None:
    """site.yaml's translations name categories and tags; the addresses stay the same, and a
    name left out is shown as campaigns write it, marked with their language."""
    source = tmp_path / "content"
    shutil.copytree(EXAMPLE, source)
    settings = source / "site.yaml"
    # Matched as addresses are: 'Made In France' is the tag 'made in France'.
    text = settings.read_text(encoding="utf-8").replace("      Lille: Lille\n", "")
    settings.write_text(text.replace("made in France: fabriqué", "Made In France: fabriqué"))
    build(source, tmp_path / "output", FIXED_NOW)
    output = tmp_path / "output"

    def names(path: str) -> list[tuple[str, str | None]]:
        page = parse_html(output / path)
        return [(a.get_text(), a.get("lang")) for a in page.select("ul.groups a")]

    assert names("ar/categories/index.html") == [
        ("ألعاب", None),
        ("تصميم", None),
        ("تضامن", None),
    ]
    assert ("fabriqué en France", None) in names("fr/tags/index.html")
    assert ("Lille", "en") in names("fr/tags/index.html")
    assert (output / "fr/tags/made-in-france/index.html").is_file()
    index = json.loads((output / "fr/search.json").read_text(encoding="utf-8"))
    lamp = next(c for c in index["campaigns"] if c["url"] == "campaigns/tenon-lamp/")
    assert (lamp["category"], lamp["tags"]) == (
        "Design",
        ["éclairage", "réparable", "fabriqué en France"],
    )
    page = parse_html(output / "fr/campaigns/winter-shelter-lille/index.html")
    category = page.select_one("a.campaign__category")
    assert (category.get_text(), category.get("lang")) == ("Solidarité", None)
    tags = [(a.get_text(), a.get("lang")) for a in page.select(".campaign__tags a")]
    assert tags == [("sans-abrisme", None), ("hiver", None), ("Lille", "en"), ("association", None)]
