"""Words and dates true for every state: what the kind of funding means once the campaign is
upcoming, live, funded, successful, unsuccessful or ended, in English, French and Arabic and in
both themes; deadlines at 00:00 said as the last minute of the day before, the site's timezone
by name (never an offset), and <time datetime> keeping the exact instant."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup, Tag
from support import FIXED_NOW, HERO_SVG, campaign_yaml, parse_html, site_yaml, tier_yaml, write_site

from pledgekit.build import build
from pledgekit.formatting import Formatter

PM = "11:59\u202fPM"  # Babel's English time, with CLDR's narrow no-break space
CET = "Central European Time"
N = "\u202f"  # French puts a narrow no-break space before ':' and ';'

# One campaign in each state at FIXED_NOW (26 November 2026, 12:00 in Paris). Bare dates are
# read as 00:00 in the site's timezone: the ambiguous midnight the pages must say plainly.
RAISED_UNDER = "{raised: 5000, backers: 40, updated: 2026-11-25T18:00:00+01:00}"
RAISED_OVER = "{raised: 25000, backers: 200, updated: 2026-11-25T18:00:00+01:00}"
LIVE = {"start": "2026-11-01T09:00:00+01:00", "end": "2026-12-14"}
OVER = {"start": "2026-10-01T09:00:00+02:00", "end": "2026-11-14"}
STATES = {
    "upcoming": {"start": "2026-12-01", "end": "2027-01-15", "funding": "all_or_nothing"},
    "live": {**LIVE, "funding": "all_or_nothing", "totals": RAISED_UNDER},
    "live-flexible": {**LIVE, "funding": "flexible", "totals": RAISED_UNDER},
    "funded": {**LIVE, "funding": "all_or_nothing", "totals": RAISED_OVER},
    "funded-flexible": {**LIVE, "funding": "flexible", "totals": RAISED_OVER},
    "successful": {**OVER, "funding": "all_or_nothing", "totals": RAISED_OVER},
    "unsuccessful": {
        **OVER,
        "funding": "all_or_nothing",
        "totals": RAISED_UNDER,
        "stretch_goals": "- {amount: 3000, title: Better box}\n- {amount: 30000, title: Oak}\n",
    },
    "ended": {**OVER, "funding": "flexible", "totals": RAISED_UNDER},
}
# The live campaign's tiers: a window that closes at 00:00, one that closes at 23:59, and one
# that opens at 00:00.
TIERS = (
    tier_yaml(id="night", available_until="2026-12-01")
    + tier_yaml(id="evening", amount=150, available_until="2026-12-01T23:59:00+01:00")
    + tier_yaml(id="later", amount=180, available_from="2026-12-01")
)


def text(element: Tag | None) -> str:
    """The element's text with runs of spaces and line breaks as one space (the no-break spaces
    of times, amounts and French punctuation are kept, to be checked as they are)."""
    assert element is not None
    return re.sub(r"[ \t\n]+", " ", element.get_text()).strip()


def states_site(source: Path, **site: object) -> Path:
    campaigns = {
        slug: {
            "campaign.yaml": campaign_yaml(
                **fields, **({"tiers": TIERS} if slug == "live" else {})
            ),
            "story.md": "A lamp.\n",
            "hero.svg": HERO_SVG,
        }
        for slug, fields in STATES.items()
    }
    return write_site(source, site=site_yaml(**site), campaigns=campaigns)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The campaigns above on a site in English, French and Arabic (default theme)."""
    folder = tmp_path_factory.mktemp("states")
    build(states_site(folder / "content"), folder / "out", FIXED_NOW, jobs=1)
    return folder / "out"


@pytest.fixture(scope="module")
def appeal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same campaigns with the appeal theme, in its own words (gifts, the organiser)."""
    folder = tmp_path_factory.mktemp("appeal-states")
    build(states_site(folder / "content", theme="appeal"), folder / "out", FIXED_NOW, jobs=1)
    return folder / "out"


def page(site: Path, slug: str, language: str = "en") -> BeautifulSoup:
    prefix = "" if language == "en" else f"{language}/"
    return parse_html(site / f"{prefix}campaigns/{slug}/index.html")


def funding_note(site: Path, slug: str, language: str = "en") -> str:
    return text(page(site, slug, language).select_one(".stats .funding-note"))


ENGLISH = {
    "upcoming": "All or nothing: this project only goes ahead if it reaches its goal by "
    f"January 14, 2027, {PM} ({CET}). You pay when you pledge: if the goal is not reached, it "
    "is up to the creator to refund you.",
    "live": "All or nothing: this project only goes ahead if it reaches its goal by "
    f"December 13, 2026, {PM} ({CET}). You pay when you pledge: if the goal is not reached, it "
    "is up to the creator to refund you.",
    "live-flexible": "Flexible funding: the campaign keeps every pledge, even if the goal is "
    "not reached.",
    "funded": "Goal reached: this project goes ahead. Pledges stay open until December 13, 2026, "
    f"{PM} ({CET}).",
    "funded-flexible": f"Goal reached. Pledges stay open until December 13, 2026, {PM} ({CET}), "
    "and the campaign keeps every pledge.",
    "successful": "Funded: this project reached its goal and goes ahead.",
    "unsuccessful": "This project did not reach its goal by November 13, 2026, so it does not "
    "go ahead. Backers paid when they pledged: it is up to the creator to refund them.",
    "ended": "The campaign ended on November 13, 2026; it keeps every pledge, even though the "
    "goal was not reached.",
}
FRENCH = {
    "upcoming": f"Tout ou rien{N}: ce projet ne verra le jour que s’il atteint son objectif "
    "d’ici le 14 janvier 2027, 23:59 (heure d’Europe centrale). Vous payez au moment de votre "
    f"contribution{N}: si l’objectif n’est pas atteint, c’est au porteur du projet de vous "
    "rembourser.",
    "live": f"Tout ou rien{N}: ce projet ne verra le jour que s’il atteint son objectif d’ici "
    "le 13 décembre 2026, 23:59 (heure d’Europe centrale). Vous payez au moment de votre "
    f"contribution{N}: si l’objectif n’est pas atteint, c’est au porteur du projet de vous "
    "rembourser.",
    "live-flexible": f"Financement flexible{N}: la campagne conserve toutes les contributions, "
    "même si l’objectif n’est pas atteint.",
    "funded": f"Objectif atteint{N}: ce projet verra le jour. Les contributions restent ouvertes "
    "jusqu’au 13 décembre 2026, 23:59 (heure d’Europe centrale).",
    "funded-flexible": "Objectif atteint. Les contributions restent ouvertes jusqu’au "
    "13 décembre 2026, 23:59 (heure d’Europe centrale), et la campagne les conserve toutes.",
    "successful": f"Financé{N}: ce projet a atteint son objectif et verra le jour.",
    "unsuccessful": "Ce projet n’a pas atteint son objectif au terme de la campagne, le "
    f"13 novembre 2026{N}; il ne verra donc pas le jour. Les contributeurs ont payé au moment "
    f"de leur contribution{N}: c’est au porteur du projet de les rembourser.",
    "ended": f"La campagne s’est terminée le 13 novembre 2026{N}; elle conserve toutes les "
    "contributions, même si l’objectif n’a pas été atteint.",
}


@pytest.mark.parametrize("slug", list(STATES))
def test_each_state_says_what_its_funding_means_in_english(built, slug):
    assert funding_note(built, slug) == ENGLISH[slug]


@pytest.mark.parametrize("slug", list(STATES))
def test_each_state_says_what_its_funding_means_in_french(built, slug):
    assert funding_note(built, slug, "fr") == FRENCH[slug]


def test_an_unsuccessful_campaign_in_arabic(built):
    assert funding_note(built, "unsuccessful", "ar") == (
        "لم يبلغ هذا المشروع هدفه بحلول 13 نوفمبر 2026، لذا لن يُنفَّذ. دفع الداعمون عند تقديم "
        "دعمهم: وإعادة أموالهم مسؤولية القائمين على الحملة."
    )
    assert funding_note(built, "funded", "ar") == (
        "تحقّق الهدف: سيُنفَّذ هذا المشروع. ويبقى باب الدعم مفتوحًا حتى 13 ديسمبر 2026، "
        "11:59 م (توقيت وسط أوروبا)."
    )


def test_the_state_badge_and_time_agree_with_the_note(built):
    unsuccessful = page(built, "unsuccessful")
    assert text(unsuccessful.select_one(".campaign__meta .badge")) == "Unsuccessful"
    assert text(unsuccessful.select(".stats__item dd")[-1]) == "Ended on November 13, 2026"
    successful = page(built, "successful", "fr")
    assert text(successful.select_one(".campaign__meta .badge")) == "Réussie"
    assert text(successful.select(".stats__item dd")[-1]) == "Terminée le 13 novembre 2026"


def test_a_deadline_at_midnight_is_the_last_minute_of_the_day_before(built):
    """end: 2026-12-14 is 14 December, 00:00 in Paris: the words say 23:59 on the 13th, the
    <time> keeps the exact instant."""
    [end] = page(built, "live").select(".funding-note time")
    assert (end["datetime"], text(end)) == (
        "2026-12-14T00:00:00+01:00",
        f"December 13, 2026, {PM} ({CET})",
    )
    [ended] = page(built, "ended", "fr").select(".stats__item time")
    assert (ended["datetime"], text(ended)) == ("2026-11-14T00:00:00+01:00", "13 novembre 2026")


def test_tier_windows_at_midnight_and_at_23_59(built):
    tiers = {tier["id"]: tier for tier in page(built, "live").select("article.tier")}

    def until(tier_id: str) -> tuple[str, str]:
        facts = {text(row.dt): row.dd for row in tiers[tier_id].select(".tier__facts div")}
        return facts["Available until"].time["datetime"], text(facts["Available until"])

    assert until("tier-night") == ("2026-12-01T00:00:00+01:00", f"November 30, 2026, {PM} ({CET})")
    assert until("tier-evening") == ("2026-12-01T23:59:00+01:00", f"December 1, 2026, {PM} ({CET})")
    # A start at 00:00 is the start of its day: the day alone, with the timezone.
    later = tiers["tier-later"].select_one(".tier__unavailable")
    assert text(later) == f"Opens on December 1, 2026 ({CET})."
    assert later.time["datetime"] == "2026-12-01T00:00:00+01:00"


def test_the_no_reward_card_of_an_upcoming_campaign_says_the_day_pledges_open(tmp_path):
    """Both themes: a start at 00:00 is its day, with the timezone, in a <time>."""
    offer = "{minimum: 5, pledge: [{processor: paypal_me, name: ines}]}"
    files = {
        "campaign.yaml": campaign_yaml(**STATES["upcoming"], open_pledge=offer),
        "story.md": "A lamp.\n",
        "hero.svg": HERO_SVG,
    }
    expected = {
        "default": f"Pledges open when the campaign starts on December 1, 2026 ({CET}).",
        "appeal": f"Gifts open when the appeal starts on December 1, 2026 ({CET}).",
    }
    for theme, sentence in expected.items():
        source = write_site(
            tmp_path / theme, site=site_yaml(theme=theme), campaigns={"soon": files}
        )
        build(source, tmp_path / f"{theme}-out", FIXED_NOW, jobs=1)
        card = page(tmp_path / f"{theme}-out", "soon").select_one("#open-pledge")
        note = card.select_one(".tier__unavailable")
        assert text(note) == sentence, theme
        assert note.time["datetime"] == "2026-12-01T00:00:00+01:00"


def test_a_closed_tier_says_until_when_it_was_available(tmp_path):
    campaign = campaign_yaml(tiers=tier_yaml(available_until="2026-11-20"))
    source = write_site(
        tmp_path / "content",
        site=site_yaml(),
        campaigns={
            "lamp": {"campaign.yaml": campaign, "story.md": "A lamp.\n", "hero.svg": HERO_SVG}
        },
    )
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    english = parse_html(tmp_path / "out/campaigns/lamp/index.html")
    assert text(english.select_one("#tier-lamp .tier__unavailable")) == (
        f"Closed: it was available until November 19, 2026, {PM} ({CET})."
    )
    french = parse_html(tmp_path / "out/fr/campaigns/lamp/index.html")
    assert text(french.select_one("#tier-lamp .tier__unavailable")) == (
        f"Close{N}: cette contrepartie était disponible jusqu’au 19 novembre 2026, 23:59 "
        "(heure d’Europe centrale)."
    )


def test_stretch_goals_not_reached_by_the_end_are_missed(built):
    goals = page(built, "unsuccessful").select(".stretch-goal")
    assert [goal["class"][1] for goal in goals] == ["stretch-goal--reached", "stretch-goal--missed"]
    assert [text(goal) for goal in goals] == [
        "Reached €3,000 · Better box",
        "Not reached €30,000 · Oak",
    ]
    french = page(built, "unsuccessful", "fr").select(".stretch-goal .badge")
    assert [text(badge) for badge in french] == ["Atteint", "Non atteint"]


def test_a_utc_site_names_its_timezone(tmp_path):
    source = write_site(
        tmp_path / "content",
        site=site_yaml(timezone="UTC"),
        campaigns={
            "lamp": {
                "campaign.yaml": campaign_yaml(**STATES["funded"]),
                "story.md": "A lamp.\n",
                "hero.svg": HERO_SVG,
            }
        },
    )
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    note = parse_html(tmp_path / "out/campaigns/lamp/index.html").select_one(".funding-note")
    assert text(note) == (
        "Goal reached: this project goes ahead. Pledges stay open until December 13, 2026, "
        f"{PM} (Coordinated Universal Time)."
    )
    assert note.time["datetime"] == "2026-12-14T00:00:00+00:00"
    french = parse_html(tmp_path / "out/fr/campaigns/lamp/index.html").select_one(".funding-note")
    assert text(french) == (
        f"Objectif atteint{N}: ce projet verra le jour. Les contributions restent ouvertes "
        "jusqu’au 13 décembre 2026, 23:59 (temps universel coordonné)."
    )


@pytest.mark.parametrize(
    ("slug", "english", "french"),
    [
        (
            "funded-flexible",
            f"Goal reached. Gifts stay open until December 13, 2026, {PM} ({CET}), and every gift "
            "goes to the appeal.",
            "Objectif atteint. Vous pouvez encore donner jusqu’au 13 décembre 2026, 23:59 "
            "(heure d’Europe centrale), et chaque don va à la collecte.",
        ),
        (
            "successful",
            "Funded: this appeal reached its goal and goes ahead.",
            f"Financée{N}: cette collecte a atteint son objectif et aboutit.",
        ),
        (
            "unsuccessful",
            "This appeal did not reach its goal by November 13, 2026, so it does not go ahead. "
            "Donors paid when they gave: it is up to the organiser to refund them.",
            "Cette collecte n’a pas atteint son objectif à sa clôture, le 13 novembre 2026"
            f"{N}; elle n’aboutit donc pas. Les donateurs ont payé au moment de leur don{N}: "
            "c’est à l’organisateur de les rembourser.",
        ),
        (
            "ended",
            "The appeal ended on November 13, 2026; every gift goes to it, even though the goal "
            "was not reached.",
            f"La collecte s’est terminée le 13 novembre 2026{N}; chaque don lui revient, même si "
            "l’objectif n’a pas été atteint.",
        ),
    ],
)
def test_the_appeal_says_it_in_its_own_words(appeal, slug, english, french):
    assert (funding_note(appeal, slug), funding_note(appeal, slug, "fr")) == (english, french)


def test_the_appeal_banner_says_when_it_closes_and_closed(appeal):
    live = page(appeal, "funded").select_one("aside.appeal-banner .appeal-banner__end")
    assert text(live) == f"The appeal closes on December 13, 2026, {PM} ({CET})."
    ended = page(appeal, "ended", "fr").select_one("aside.appeal-banner")
    assert text(ended) == (
        "La collecte s’est terminée le 13 novembre 2026. Merci à toutes celles et à tous ceux "
        "qui ont donné."
    )
    upcoming = page(appeal, "upcoming").select_one("aside.appeal-banner .appeal-banner__end")
    assert text(upcoming) == (
        f"Gifts open on December 1, 2026 ({CET}) and close on January 14, 2027, {PM} ({CET})."
    )


@pytest.mark.parametrize(
    ("language", "zone", "name"),
    [
        ("en", "Europe/Paris", "Central European Time"),
        ("fr", "Europe/Paris", "heure d’Europe centrale"),
        ("de", "Europe/Paris", "Mitteleuropäische Zeit"),
        ("es", "Europe/Paris", "hora de Europa central"),
        ("ar", "Europe/Paris", "توقيت وسط أوروبا"),
        ("en", "America/New_York", "Eastern Time"),
        ("en", "Asia/Tokyo", "Japan Time"),
        ("en", "UTC", "Coordinated Universal Time"),
        ("de", "Etc/UTC", "Koordinierte Weltzeit"),
        ("ar", "UTC", "التوقيت العالمي المنسق"),
    ],
)
def test_the_timezone_is_named_not_an_offset(language, zone, name):
    assert Formatter(language, zone).zone_name == name


@pytest.mark.parametrize(
    ("moment", "deadline", "opening"),
    [
        (
            "2026-12-14T00:00:00+01:00",
            f"December 13, 2026, {PM} ({CET})",
            f"December 14, 2026 ({CET})",
        ),
        (
            "2026-12-13T23:59:00+01:00",
            f"December 13, 2026, {PM} ({CET})",
            f"December 13, 2026, {PM} ({CET})",
        ),
        (  # midnight in Paris, given in UTC
            "2026-12-13T23:00:00+00:00",
            f"December 13, 2026, {PM} ({CET})",
            f"December 14, 2026 ({CET})",
        ),
        (  # the night summer time ends: 00:00 is still a whole day after 00:00 the day before
            "2026-10-25T00:00:00+02:00",
            f"October 24, 2026, {PM} ({CET})",
            f"October 25, 2026 ({CET})",
        ),
        (
            "2026-12-14T09:30:00+01:00",
            f"December 14, 2026, 9:30\u202fAM ({CET})",
            f"December 14, 2026, 9:30\u202fAM ({CET})",
        ),
    ],
)
def test_ends_and_starts_at_midnight(moment, deadline, opening):
    formatter = Formatter("en", "Europe/Paris")
    value = datetime.fromisoformat(moment)
    assert (formatter.deadline(value), formatter.opening(value)) == (deadline, opening)


def test_ends_at_midnight_in_every_shipped_language():
    end = datetime(2026, 12, 14, tzinfo=ZoneInfo("Europe/Paris"))
    said = {language: Formatter(language, "Europe/Paris").deadline(end) for language in LANGUAGES}
    assert said == {
        "en": f"December 13, 2026, {PM} ({CET})",
        "fr": "13 décembre 2026, 23:59 (heure d’Europe centrale)",
        "de": "13. Dezember 2026, 23:59 (Mitteleuropäische Zeit)",
        "es": "13 de diciembre de 2026, 23:59 (hora de Europa central)",
        "ar": "13 ديسمبر 2026، 11:59 م (توقيت وسط أوروبا)",
    }


LANGUAGES = ("en", "fr", "de", "es", "ar")
OFFSET = re.compile(r"[+−-]\d\d:?\d\d\b|\b(?:GMT|UTC)[+−-]\d")


def visible_text(path: Path) -> str:
    """What a reader sees of a page: its text, without scripts, styles or attributes."""
    document = parse_html(path)
    for hidden in document.select("script, style, template"):
        hidden.decompose()
    return document.get_text(" ")


def test_no_page_of_the_example_shows_an_offset(example_site):
    pages = sorted(example_site.rglob("*.html")) + sorted(example_site.rglob("*.svg"))
    assert len(pages) > 100
    shown = {
        page.relative_to(example_site).as_posix(): OFFSET.findall(visible_text(page))
        for page in pages
    }
    assert {name: found for name, found in shown.items() if found} == {}
    # Each campaign page names the site's timezone instead, in its own language.
    names = {
        "": "Central European Time",
        "fr/": "heure d’Europe centrale",
        "ar/": "توقيت وسط أوروبا",
    }
    campaign_pages = {
        prefix: sorted(example_site.glob(f"{prefix}campaigns/*/index.html")) for prefix in names
    }
    assert [len(found) for found in campaign_pages.values()] == [3, 3, 3]
    for prefix, found in campaign_pages.items():
        assert all(names[prefix] in visible_text(page) for page in found), prefix


def test_a_timezone_named_by_no_place_is_warned_about(tmp_path, monkeypatch):
    """Etc/GMT+5 has no name but its offset: pages would say 'GMT-05:00'."""
    monkeypatch.chdir(tmp_path)
    files = {"campaign.yaml": campaign_yaml(), "story.md": "A lamp.\n", "hero.svg": HERO_SVG}
    for zone, shown in (("Etc/GMT+5", "GMT-05:00"), ("EST5EDT", "world (EST5EDT) Time")):
        source = write_site(
            tmp_path / "site", site=site_yaml(timezone=zone), campaigns={"lamp": files}
        )
        result = build(source, tmp_path / "out", FIXED_NOW, jobs=1)
        assert [str(problem) for problem in result.warnings] == [
            f"site/site.yaml:6:11: warning: timezone: pages would name this timezone '{shown}', "
            "which backers cannot read as a place: use the zone of a place, such as "
            "Europe/Paris or America/New_York"
        ]
    named = write_site(
        tmp_path / "named", site=site_yaml(timezone="America/Bogota"), campaigns={"lamp": files}
    )
    assert build(named, tmp_path / "out2", FIXED_NOW, jobs=1).warnings == []
