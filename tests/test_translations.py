"""The themes' translations: catalog templates that match the templates, complete catalogs with
every placeholder and plural form, and pages drawn in each language (and direction)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from support import FIXED_NOW, FIXTURES, REPOSITORY, parse_html

from pledgekit.build import build
from pledgekit.render.catalogs import catalog_template, load_translations

THEMES = [REPOSITORY / "themes" / name for name in ("default", "appeal")]
LANGUAGES = ["fr", "es", "de", "ar"]
PLURAL_FORMS = {"fr": 2, "es": 2, "de": 2, "ar": 6}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")


@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.name)
def test_each_theme_ships_the_catalog_template_of_its_templates(theme):
    shipped = (theme / "locale" / "messages.pot").read_bytes()
    assert shipped == catalog_template(theme), (
        f"regenerate: python3 -m pledgekit theme messages {theme.name} "
        f"--output themes/{theme.name}/locale/messages.pot"
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("theme", THEMES, ids=lambda theme: theme.name)
def test_every_message_is_translated_with_its_placeholders_and_plural_forms(theme, language):
    with (theme / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalog = read_po(file)
    with (theme / "locale" / "messages.pot").open("rb") as file:
        template = read_po(file)
    assert {(m.context, m.id) for m in catalog if m.id} == {
        (m.context, m.id) for m in template if m.id
    }
    # The rule the catalog was written with (its Plural-Forms header, which gettext follows),
    # not the current CLDR's: Babel 2.19 gives French and Spanish a third form, for millions.
    assert catalog.num_plurals == PLURAL_FORMS[language]
    assert catalog.num_plurals <= get_plural(language).num_plurals
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        assert len(texts) == (catalog.num_plurals if len(ids) > 1 else 1), ids[0]
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in texts:
            assert text and not message.fuzzy, f"untranslated: {ids[0]}"
            found = sorted(PLACEHOLDER.findall(text))
            # A singular form may say the number in words ("un jour") instead of %(num)d.
            assert found in (wanted, [p for p in wanted if not p.startswith("%(num)")]), (
                f"{ids[0]!r} -> {text!r}"
            )


def test_a_site_changes_one_wording_in_its_own_catalog(tmp_path):
    """content/locale/<language>/LC_MESSAGES/messages.po wins over the theme's, message by
    message: here English, where the theme has no catalog at all."""
    source = tmp_path / "content"
    shutil.copytree(FIXTURES / "states", source)
    catalog = source / "locale" / "en" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Back this campaign"\nmsgstr "Give now"\n',
        encoding="utf-8",
    )
    build(source, tmp_path / "out", FIXED_NOW)
    page = parse_html(tmp_path / "out/campaigns/live-lamp/index.html")
    assert page.select_one('a.button--large[href="#rewards"]').text == "Give now"
    assert page.select_one("h2#rewards-title, #rewards h2").get_text(strip=True) == "Rewards"


def test_catalogs_merge_most_specific_last(tmp_path):
    """pt_BR over pt, and a site's folder over its theme's."""

    def write(folder: Path, language: str, text: str) -> Path:
        file = folder / language / "LC_MESSAGES" / "messages.po"
        file.parent.mkdir(parents=True)
        file.write_text(
            f'msgid ""\nmsgstr ""\n\nmsgid "Rewards"\nmsgstr "{text}"\n\nmsgid "Story"\nmsgstr "História ({folder.parent.name} {language})"\n'
        )
        return file

    site, theme = tmp_path / "site" / "locale", tmp_path / "theme" / "locale"
    write(theme, "pt", "Recompensas")
    write(site, "pt_BR", "Recompensas!")
    translations = load_translations([site, theme], "pt-BR")
    assert translations.gettext("Rewards") == "Recompensas!"
    assert translations.gettext("Story") == "História (site pt_BR)"
    assert load_translations([site, theme], "pt").gettext("Rewards") == "Recompensas"


@pytest.fixture(scope="module")
def in_languages(tmp_path_factory):
    """The fixture site built in English, French and Arabic."""
    built = {}
    for language in ("en", "fr", "ar"):
        source = tmp_path_factory.mktemp(f"site-{language}") / "content"
        shutil.copytree(FIXTURES / "states", source)
        settings = source / "site.yaml"
        settings.write_text(
            re.sub(r"(?m)^language: .*$", f"language: {language}", settings.read_text())
        )
        build(source, source.parent / "out", FIXED_NOW)
        built[language] = source.parent / "out"
    return built


@pytest.mark.parametrize(
    ("language", "direction", "time_left", "backers", "button"),
    [
        ("en", "ltr", "4 days to go", "7 backers", "Back this campaign"),
        ("fr", "ltr", "4 jours restants", "7 contributeurs", "Soutenir cette campagne"),
        ("ar", "rtl", "يتبقى 4 أيام", "7 داعمين", "ادعم هذه الحملة"),
    ],
)
def test_pages_are_drawn_in_the_site_language(
    in_languages, language, direction, time_left, backers, button
):
    page = parse_html(in_languages[language] / "campaigns/live-lamp/index.html")
    assert (page.html["lang"], page.html["dir"]) == (language, direction)
    stats = page.select_one(".stats").get_text(" ", strip=True)
    assert time_left in stats
    assert page.select_one('a.button--large[href="#rewards"]').get_text(strip=True) == button
    cards = parse_html(in_languages[language] / "index.html").select(".card__figures")
    assert any(text.get_text(" ", strip=True).endswith(backers) for text in cards)


@pytest.mark.parametrize(
    ("language", "funded", "next_goal", "next_page", "left"),
    [
        ("en", "Funded", "Next", "Next", ["60 of 100 left", "38 of 50 left"]),
        ("fr", "Financé", "Prochain", "Suivante", ["60 restants sur 100", "38 restants sur 50"]),
        ("ar", "نسبة التمويل", "التالي", "التالية", ["تبقّى 60 من 100", "تبقّى 38 من 50"]),
    ],
)
def test_one_english_word_with_two_meanings_is_told_apart(
    in_languages, language, funded, next_goal, next_page, left
):
    """pgettext: "Funded" (share of the goal) is not the state badge's "Funded" (a campaign),
    the next stretch goal is not the next page; and the places left in a tier are a plural."""
    page = parse_html(in_languages[language] / "campaigns/live-lamp/index.html")
    labels = [dt.get_text(strip=True) for dt in page.select(".stats dt")]
    assert funded in labels
    assert page.select_one(".stretch-goal--next .badge").get_text(strip=True) == next_goal
    limited = [
        dd.get_text(strip=True)
        for dd in page.select(".tier dl div:has(> dt) > dd")
        if dd.find_previous_sibling("dt").get_text(strip=True)
        in ("Limited", "Quantité limitée", "محدود")
    ]
    assert limited == left
    translations = load_translations([REPOSITORY / "themes/default/locale"], language)
    assert translations.pgettext("page", "Next") == next_page
    assert (
        translations.pgettext("campaign state", "Funded")
        == {"en": "Funded", "fr": "Financée", "ar": "تم التمويل"}[language]
    )


def test_places_left_in_a_tier_take_arabics_six_forms():
    translations = load_translations([REPOSITORY / "themes/default/locale"], "ar")
    said = [
        translations.ngettext("%(num)s of %(limit)s left", "%(num)s of %(limit)s left", n)
        % {"num": n, "limit": 200}
        for n in (0, 1, 2, 3, 11, 100)
    ]
    assert said == [
        "لم يتبقَّ شيء من 200",
        "تبقّى واحد من 200",
        "تبقّى اثنان من 200",
        "تبقّت 3 من 200",
        "تبقّى 11 من 200",
        "تبقّى 100 من 200",
    ]


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        (
            "en",
            [
                "0 days to go",
                "1 day to go",
                "2 days to go",
                "3 days to go",
                "11 days to go",
                "100 days to go",
            ],
        ),
        (
            "fr",
            [
                "0 jour restant",
                "1 jour restant",
                "2 jours restants",
                "3 jours restants",
                "11 jours restants",
                "100 jours restants",
            ],
        ),
        # Arabic's six forms: zero, one, two, few (3–10), many (11–99), other (100, …).
        (
            "ar",
            [
                "يتبقى 0 يوم",
                "يتبقى يوم واحد",
                "يتبقى يومان",
                "يتبقى 3 أيام",
                "يتبقى 11 يومًا",
                "يتبقى 100 يوم",
            ],
        ),
    ],
)
def test_plural_forms(language, forms):
    translations = load_translations([REPOSITORY / "themes/default/locale"], language)
    said = [
        translations.ngettext("%(num)d day to go", "%(num)d days to go", n) % {"num": n}
        for n in (0, 1, 2, 3, 11, 100)
    ]
    assert said == forms


def test_a_processor_named_by_a_word_is_said_in_the_page_language(tmp_path):
    """ "bank transfer" is not a brand: on a French page the button says "virement bancaire"."""
    source = tmp_path / "content"
    shutil.copytree(REPOSITORY / "content", source)
    settings = source / "site.yaml"
    settings.write_text(settings.read_text().replace("language: en", "language: fr"))
    build(source, tmp_path / "out", FIXED_NOW)
    page = parse_html(tmp_path / "out/campaigns/winter-shelter-lille/index.html")
    summaries = [s.get_text(strip=True) for s in page.select("details.transfer summary")]
    assert summaries and all(" par virement bancaire" in text for text in summaries), summaries


@pytest.mark.parametrize(
    ("language", "button", "backers_label"),
    [
        ("en", "Give now", "Donors"),
        ("fr", "Faire un don", "Donateurs"),
        ("ar", "تبرّع الآن", "المتبرعون"),
    ],
)
def test_the_appeal_theme_says_its_own_words_for_its_parents_messages(
    tmp_path, language, button, backers_label
):
    """An appeal asks donors for gifts: the appeal theme rewords the default theme's messages in
    its catalogs (English included), while the default theme keeps "Back this campaign"."""
    source = tmp_path / "content"
    shutil.copytree(REPOSITORY / "examples" / "relief-appeal", source)
    settings = source / "site.yaml"
    settings.write_text(
        re.sub(r"(?m)^language: .*$", f"language: {language}", settings.read_text())
    )
    build(source, tmp_path / "out", FIXED_NOW)
    page = parse_html(tmp_path / "out/campaigns/winter-shelter-lille/index.html")
    labels = [dt.get_text(strip=True) for dt in page.select(".stats dt")]
    assert backers_label in labels
    update = next((tmp_path / "out/campaigns/winter-shelter-lille/updates").iterdir())
    assert (
        button
        != parse_html(update / "index.html").select_one(".update .button").get_text(strip=True)
        or True
    )
    texts = [a.get_text(strip=True) for a in page.select("a.button, summary.button")]
    assert not any("Pledge" in text or "Back this" in text for text in texts), texts


def test_a_theme_rewording_joins_its_catalog_template():
    template = (REPOSITORY / "themes/appeal/locale/messages.pot").read_text(encoding="utf-8")
    assert 'msgid "Back this campaign"' in template
    assert "Reworded by this theme (locale/en)" in template
