"""The social card: a 1200×630 PNG beside every campaign page in every language, drawn in the
theme's colours and fonts, the same bytes for the same campaign, and drawn again only when
what it shows changed."""

from __future__ import annotations

import io
import shutil
import struct
from pathlib import Path

import pytest
from PIL import Image
from support import FIXED_NOW, HERO_SVG, campaign_yaml, site_yaml, write_site
from test_incremental import tree

from pledgekit.build import build
from pledgekit.cache import BuildCache
from pledgekit.parts import social_cards
from pledgekit.parts.campaign import CampaignFacts
from pledgekit.parts.context import KeptBetweenBuilds
from pledgekit.render import social_card
from pledgekit.render.social_card import (
    BAND,
    BAR_BOTTOM,
    BAR_HEIGHT,
    HEIGHT,
    MARGIN,
    WIDTH,
    SocialCard,
    card_colours,
    card_fonts,
    draw_card,
)

TRANSLATIONS = {
    "fr": "title: Une lampe réparable\n",
    "ar": "title: مصباح يمكنك إصلاحه\n",
}
LANGUAGES = {"en": "", "fr": "fr/", "ar": "ar/"}
SLUGS = ("lamp", "stool")
DEJAVU = Path(social_card.__file__).resolve().parents[2] / "themes" / "default" / "fonts"


def write_lamp_and_stool_site(root: Path) -> Path:
    """The lamp, translated into fr and ar, and the stool, in English only."""

    def campaign(title: str) -> dict[str, str]:
        return {
            "campaign.yaml": campaign_yaml(title=title),
            "hero.svg": HERO_SVG,
            "story.md": "The story.\n",
        }

    lamp = campaign("A lamp you can mend") | {
        f"campaign.{language}.yaml": text for language, text in TRANSLATIONS.items()
    }
    campaigns = {"lamp": lamp, "stool": campaign("A stool from one plank")}
    return write_site(root / "source", site=site_yaml(), campaigns=campaigns)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cards(output: Path) -> dict[str, bytes]:
    """Every social card in the output, by its path."""
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("social-card.png"))
    }


def card_path(slug: str, language: str) -> str:
    return f"{LANGUAGES[language]}campaigns/{slug}/social-card.png"


def opened(data: bytes) -> Image.Image:
    """The card as drawn: a palette PNG, read back as its colours."""
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.mode) == ("PNG", "P")
    return image.convert("RGB")


def png_chunks(data: bytes) -> list[bytes]:
    """The kinds of the PNG's chunks, in order."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kinds, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kinds.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return kinds


class DrawCounter:
    """draw_card as the campaign part calls it, counting the cards it draws."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail: bool = False):
        self.drawn: list[SocialCard] = []
        self.fail = fail
        monkeypatch.setattr(social_cards, "draw_card", self)

    def __call__(self, card: SocialCard) -> bytes:
        if self.fail:
            raise AssertionError(f"drew the card of {card.title!r} again")
        self.drawn.append(card)
        return draw_card(card)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_lamp_and_stool_site(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cards")
    build(write_lamp_and_stool_site(root), root / "output", FIXED_NOW)
    return root / "output"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", SLUGS)
def test_every_campaign_has_a_card_in_every_language(built, slug, language):
    image = opened((built / card_path(slug, language)).read_bytes())
    assert image.size == (WIDTH, HEIGHT)
    assert (WIDTH, HEIGHT) == (1200, 630)


def test_the_card_is_the_bytes_of_its_pixels_and_nothing_else(built):
    data = (built / card_path("lamp", "en")).read_bytes()
    assert png_chunks(data) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]  # no time, text or size
    assert Image.open(io.BytesIO(data)).info == {}


def test_two_cold_builds_draw_the_same_bytes(site, tmp_path):
    build(site, tmp_path / "one", FIXED_NOW, fresh=True)
    build(site, tmp_path / "two", FIXED_NOW, fresh=True)
    first, second = cards(tmp_path / "one"), cards(tmp_path / "two")
    assert len(first) == len(SLUGS) * len(LANGUAGES)
    assert first == second


def test_the_arabic_card_is_mirrored(built):
    english = opened((built / card_path("lamp", "en")).read_bytes())
    arabic = opened((built / card_path("lamp", "ar")).read_bytes())
    assert english.tobytes() != arabic.tobytes()
    colours = card_colours({})
    middle = BAR_BOTTOM - BAR_HEIGHT // 2
    left, right = (MARGIN + BAR_HEIGHT, middle), (WIDTH - MARGIN - BAR_HEIGHT, middle)
    # 25% raised: the bar fills from the start of the line, the right in Arabic
    assert (english.getpixel(left), english.getpixel(right)) == (colours.accent, colours.track)
    assert (arabic.getpixel(left), arabic.getpixel(right)) == (colours.track, colours.accent)


def test_an_unchanged_card_is_not_drawn_again_when_its_page_is(site, tmp_path, monkeypatch):
    output = tmp_path / "output"
    build(site, output, FIXED_NOW)
    before = cards(output)
    DrawCounter(monkeypatch, fail=True)
    edit(site / "campaigns" / "lamp" / "story.md", "The story.", "The story, told again.")
    result = build(site, output, FIXED_NOW)
    assert result.rendered == 1  # the campaign's pages were rendered again; its cards were kept
    assert cards(output) == before


def test_a_new_title_draws_a_new_card_in_the_languages_that_show_it(site, tmp_path, monkeypatch):
    output = tmp_path / "output"
    build(site, output, FIXED_NOW)
    before = cards(output)
    counter = DrawCounter(monkeypatch)
    edit(site / "campaigns" / "lamp" / "campaign.yaml", "you can mend", "that lasts")
    build(site, output, FIXED_NOW)
    after = cards(output)
    # fr and ar translate the title: their cards show the same as before
    assert [card.title for card in counter.drawn] == ["A lamp that lasts"]
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {card_path("lamp", "en")}
    build(site, tmp_path / "cold", FIXED_NOW, fresh=True)
    assert cards(tmp_path / "cold") == after


def test_new_totals_draw_new_cards_and_the_old_ones_are_forgotten(site, tmp_path, monkeypatch):
    output = tmp_path / "output"
    kept = KeptBetweenBuilds()  # the test reads the state the builds save in the background
    cache = BuildCache.beside(output, kept.caches)
    build(site, output, FIXED_NOW, kept=kept)
    before, old_keys = cards(output), card_keys(cache, site)
    counter = DrawCounter(monkeypatch)
    edit(site / "campaigns" / "stool" / "campaign.yaml", "raised: 5000", "raised: 15000")
    build(site, output, FIXED_NOW, kept=kept)
    after, new_keys = cards(output), card_keys(cache, site)
    assert len(counter.drawn) == len(LANGUAGES)
    assert {card.percent for card in counter.drawn} == {75}
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {card_path("stool", language) for language in LANGUAGES}
    # the cache keeps the cards the site shows, and not the stool's old ones
    assert len(new_keys) == len(SLUGS) * len(LANGUAGES)
    kept = {path.stem for path in (cache.folder / "images").iterdir()}  # and the site's icons
    assert new_keys <= kept and not (old_keys - new_keys) & kept
    assert len(old_keys - new_keys) == len(LANGUAGES)
    build(site, tmp_path / "cold", FIXED_NOW, fresh=True)
    assert cards(tmp_path / "cold") == after


def card_keys(cache: BuildCache, source: Path) -> set[str]:
    """The keys of the cards the last build's campaigns show."""
    state = cache.load(source.resolve())
    return {
        key
        for record in state.records.values()
        if isinstance(record.facts, CampaignFacts)
        for key in record.facts.social_cards
    }


def test_the_card_takes_the_theme_colours(site, tmp_path):
    edit(
        site / "site.yaml",
        "timezone",
        "theme_options: {accent: '#7a2e8c', background: '#fff8e7'}\ntimezone",
    )
    build(site, tmp_path / "output", FIXED_NOW)
    image = opened((tmp_path / "output" / card_path("lamp", "en")).read_bytes())
    assert image.getpixel((WIDTH // 2, BAND // 2)) == (0x7A, 0x2E, 0x8C)  # the band
    assert image.getpixel((WIDTH // 2, BAND + 4)) == (0xFF, 0xF8, 0xE7)  # the background
    assert image.getpixel((MARGIN + BAR_HEIGHT, BAR_BOTTOM - BAR_HEIGHT // 2)) == (0x7A, 0x2E, 0x8C)


def test_colours_pillow_cannot_read_fall_back_to_the_default_theme(monkeypatch):
    default = card_colours({})
    colours = card_colours({"accent": "oklch(0.5 0.1 120)", "text": "rgb(11 90 74)"})
    assert colours.accent == default.accent
    assert colours.text == (11, 90, 74)
    translucent = card_colours({"background": "#ffffff", "accent": "#00000080"})
    assert translucent.accent == (127, 127, 127)  # blended onto the background


def test_a_theme_supplies_its_own_font_and_a_new_font_draws_new_cards(site, tmp_path):
    theme = site / "themes" / "mine"
    (theme / "fonts").mkdir(parents=True)
    (theme / "theme.yaml").write_text("name: mine\nextends: default\n")
    edit(site / "site.yaml", "timezone", "theme: mine\ntimezone")
    build(site, tmp_path / "default-font", FIXED_NOW)
    shutil.copyfile(DEJAVU / "social-card-regular.ttf", theme / "fonts" / "social-card-bold.otf")
    output = tmp_path / "output"
    build(site, output, FIXED_NOW)
    fonts = card_fonts([theme])
    assert (fonts.regular.parent, fonts.bold) == (DEJAVU, theme / "fonts" / "social-card-bold.otf")
    own = cards(output)
    assert all(own[path] != data for path, data in cards(tmp_path / "default-font").items())
    # the font changes and nothing else: the pages are made again, as a cold build makes them
    shutil.copyfile(DEJAVU / "social-card-bold.ttf", theme / "fonts" / "social-card-bold.otf")
    build(site, output, FIXED_NOW)
    build(site, tmp_path / "cold", FIXED_NOW, fresh=True)
    assert tree(output) == tree(tmp_path / "cold")
    assert cards(output) == cards(tmp_path / "default-font")


def test_a_long_title_is_cut_short_and_a_long_word_broken(tmp_path):
    fonts = card_fonts([])
    colours = card_colours({})

    def card(title: str) -> SocialCard:
        return SocialCard(
            title, "by Ines", "€5,000", "of €20,000 goal", 25, "25%", "ltr", "en", colours, fonts
        )

    long = card("A lamp " * 40)
    longer = card("A lamp " * 80)
    word = card("Lamp" * 60)
    assert opened(draw_card(long)).size == (WIDTH, HEIGHT)
    assert draw_card(long) == draw_card(longer)  # both cut short after three lines
    assert opened(draw_card(word)).size == (WIDTH, HEIGHT)
    assert draw_card(long) != draw_card(card("A lamp"))
