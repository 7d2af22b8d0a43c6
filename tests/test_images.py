"""Responsive images: smaller copies (and WebP) of a campaign's PNG, JPEG and WebP pictures,
made once and kept in the build cache, and every campaign picture on a page sized (width and
height), with a srcset when it has copies, eager at the top of the page and lazy below."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageOps
from support import EXAMPLE, FIXED_NOW, campaign_yaml, parse_html, site_yaml, tier_yaml, write_site
from test_incremental import tree

from pledgekit.build import build
from pledgekit.load.markdown_render import MarkdownRenderer, sized_images
from pledgekit.parts import campaign_files
from pledgekit.render.images import LADDER, encode_variant, image_info

CAMPAIGN = campaign_yaml(
    image="{src: hero.jpg, alt: The lamp on a desk}",
    creator="name: Ines Martin\nbio: I make lamps.\navatar: {src: avatar.png, alt: Ines}\n",
    tiers=tier_yaml(image="{src: tier.webp, alt: The lamp alone}"),
)
STORY = """\
The story.

![The workshop](photo.png)

![A drawing](drawing.svg)
"""
UPDATE = """\
---
title: First prototype
---
It works.

![The prototype](photo.png)
"""
DRAWING = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"></svg>\n'
ORIENTATION = 0x0112
# The stored pixels are 1000 wide and 2000 high; EXIF says to turn them a quarter clockwise.
HERO_STORED = (1000, 2000)
HERO_SHOWN = (2000, 1000)


def picture(size: tuple[int, int], format: str, exif: Image.Exif | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    for x in range(0, size[0], 50):  # some detail, so that sizes differ
        image.paste((30, 60, 90), (x, 0, x + 10, size[1]))
    output = io.BytesIO()
    image.save(output, format, **({"exif": exif} if exif is not None else {}))
    return output.getvalue()


def hero_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "Camera maker"  # Make
    exif[0x013B] = "Ines Martin"  # Artist
    return exif


def write_lamp_site(root: Path) -> Path:
    lamp = {
        "campaign.yaml": CAMPAIGN,
        "story.md": STORY,
        "updates/2026-11-10-prototype.md": UPDATE,
        "hero.jpg": picture(HERO_STORED, "JPEG", hero_exif()),
        "avatar.png": picture((300, 300), "PNG"),
        "tier.webp": picture((1000, 600), "WEBP"),
        "photo.png": picture((900, 600), "PNG"),
        "drawing.svg": DRAWING,
    }
    return write_site(root / "source", site=site_yaml(languages="[fr]"), campaigns={"lamp": lamp})


def opened(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("images")
    build(write_lamp_site(root), root / "output", FIXED_NOW)
    return root / "output"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "output"
    build(EXAMPLE, output, FIXED_NOW)
    return output


@pytest.mark.parametrize("prefix", ["", "fr/"])
def test_each_width_of_the_ladder_below_the_picture_has_a_copy_and_a_webp(built, prefix):
    folder = built / prefix / "campaigns" / "lamp"
    width, height = HERO_SHOWN
    for target in (w for w in LADDER if w < width):
        for suffix, format in ((".jpg", "JPEG"), (".webp", "WEBP")):
            image = opened(folder / f"hero-{target}{suffix}")
            assert image.format == format
            assert image.size == (target, round(height * target / width))
    assert opened(folder / f"hero-{width}.webp").size == HERO_SHOWN  # WebP at its own width
    assert not (folder / f"hero-{width}.jpg").exists()  # the picture itself is that
    assert opened(folder / "hero.jpg").size == HERO_SHOWN  # published upright


def test_no_copy_is_wider_than_its_picture(built):
    folder = built / "campaigns" / "lamp"
    names = {path.name for path in folder.iterdir()}
    # avatar.png is 300 wide: only a WebP of the same width
    assert {name for name in names if name.startswith("avatar")} == {
        "avatar.png",
        "avatar-300.webp",
    }
    # tier.webp is 1000 wide: WebP copies at 480 and 800, nothing else
    assert {name for name in names if name.startswith("tier")} == {
        "tier.webp",
        "tier-480.webp",
        "tier-800.webp",
    }
    for path in folder.glob("*-*.*"):
        if path.suffix in (".jpg", ".png", ".webp") and path.stem.rsplit("-", 1)[-1].isdigit():
            assert opened(path).width == int(path.stem.rsplit("-", 1)[-1])


def test_copies_are_upright_and_carry_no_metadata(built):
    folder = built / "campaigns" / "lamp"
    for name in ("hero-800.jpg", "hero-800.webp", "hero-2000.webp"):
        image = opened(folder / name)
        assert image.width > image.height  # turned by the EXIF orientation
        assert not image.getexif(), name
        assert "exif" not in image.info and "xmp" not in image.info
    original = opened(folder / "hero.jpg")  # published upright, without its metadata too
    assert original.size == HERO_SHOWN and not original.getexif()


def img_tags(page: Path) -> list:
    return parse_html(page).find_all("img")


def campaign_pictures(page: Path) -> list:
    """The <img> tags of a page but pictures of other sites (whose size is not known)."""
    return [img for img in img_tags(page) if "://" not in img["src"]]


@pytest.mark.parametrize("site", ["built", "example"])
def test_every_campaign_picture_on_every_page_has_a_width_and_a_height(site, request):
    output = request.getfixturevalue(site)
    seen = 0
    for page in sorted(output.rglob("*.html")):
        for img in campaign_pictures(page):
            assert img.get("width") and img.get("height"), f"{page.relative_to(output)}: {img}"
            assert int(img["width"]) > 0 and int(img["height"]) > 0
            seen += 1
    assert seen > 10


def srcset_paths(value: str) -> list[tuple[str, int]]:
    entries = [part.strip().split(" ") for part in value.split(",")]
    return [(path, int(width.removesuffix("w"))) for path, width in entries]


@pytest.mark.parametrize("site", ["built", "example"])
def test_every_srcset_entry_is_a_file_of_that_width(site, request):
    output = request.getfixturevalue(site)
    for page in sorted(output.rglob("*.html")):
        document = parse_html(page)
        for tag in document.find_all(["img", "source"], srcset=True):
            assert tag.get("sizes"), tag
            for path, width in srcset_paths(tag["srcset"]):
                target = (page.parent / path).resolve()
                assert target.is_file(), f"{page.relative_to(output)}: {path}"
                assert ImageOps.exif_transpose(opened(target)).width == width


def test_the_hero_is_fetched_first_and_the_pictures_below_it_lazily(built):
    document = parse_html(built / "campaigns" / "lamp" / "index.html")
    hero = document.select_one(".hero img")
    assert hero["src"] == "hero.jpg"
    assert hero["fetchpriority"] == "high" and not hero.get("loading")
    assert (hero["width"], hero["height"]) == tuple(str(n) for n in HERO_SHOWN)
    assert [path for path, _ in srcset_paths(hero["srcset"])] == [
        *(f"hero-{w}.jpg" for w in LADDER if w < HERO_SHOWN[0]),
        "hero.jpg",
    ]
    source = hero.parent.find("source")
    assert hero.parent.name == "picture" and source["type"] == "image/webp"
    assert srcset_paths(source["srcset"])[-1] == ("hero-2000.webp", 2000)
    for img in document.find_all("img"):
        if img is not hero and "badge.svg" not in img["src"]:
            assert (img.get("loading"), img.get("decoding")) == ("lazy", "async"), img


def test_cards_tiers_and_avatars_are_sized(built):
    index = parse_html(built / "index.html")
    card = index.select_one(".card__image")
    assert (card["width"], card["height"], card["loading"]) == ("2000", "1000", "lazy")
    assert card["srcset"].startswith("campaigns/lamp/hero-480.jpg 480w")
    page = parse_html(built / "campaigns" / "lamp" / "index.html")
    avatar = page.select_one(".person__avatar")
    assert (avatar["width"], avatar["height"]) == ("300", "300")
    assert not avatar.get("srcset")  # no copy of its own format: the WebP is in the <source>
    assert avatar.parent.find("source")["srcset"] == "avatar-300.webp 300w"
    tier = page.select_one(".tier__image")
    assert (tier["width"], tier["height"]) == ("1000", "600")
    assert tier.parent.name != "picture"  # a WebP needs no WebP <source>
    embed = parse_html(built / "campaigns" / "lamp" / "card" / "index.html").select_one("img")
    poster = parse_html(built / "campaigns" / "lamp" / "poster" / "index.html").select_one("img")
    for img in (embed, poster):
        assert (img["width"], img["height"]) == ("2000", "1000")


def test_pictures_in_markdown_are_sized_and_lazy(built):
    story = parse_html(built / "campaigns" / "lamp" / "index.html").select_one("#story")
    photo, drawing = story.find_all("img")
    assert (photo["width"], photo["height"], photo["loading"], photo["decoding"]) == (
        "900",
        "600",
        "lazy",
        "async",
    )
    assert srcset_paths(photo["srcset"]) == [
        ("photo-480.png", 480),
        ("photo-800.png", 800),
        ("photo.png", 900),
    ]
    assert photo["sizes"]
    assert (drawing["width"], drawing["height"]) == ("300", "150")
    assert not drawing.get("srcset")
    update = parse_html(built / "campaigns" / "lamp" / "updates" / "prototype" / "index.html")
    img = update.select_one(".prose img")
    assert img["src"] == "../../photo.png" and img["width"] == "900"
    assert srcset_paths(img["srcset"])[0] == ("../../photo-480.png", 480)


def test_srcset_written_in_markdown_is_still_refused():
    renderer = MarkdownRenderer()
    html = renderer('<img src="a.png" srcset="https://tracker.example/x.png 2x" sizes="9px">')
    assert "srcset" not in html and "tracker" not in html and "sizes" not in html


def test_sizing_keeps_a_size_written_by_hand_and_leaves_other_sites_alone():
    def known(src: str) -> dict[str, str] | None:
        return {"width": "10", "height": "20"} if src == "a.png" else None

    assert sized_images('<img src="a.png" width="5">', known) == (
        '<img src="a.png" width="5" loading="lazy" decoding="async">'
    )
    assert sized_images('<img src="a.png" alt="1 > 0">', known) == (
        '<img src="a.png" alt="1 > 0" width="10" height="20" loading="lazy" decoding="async">'
    )
    remote = sized_images('<img src="https://example.org/b.png" alt="b">', known)
    assert "width" not in remote and 'loading="lazy"' in remote


def test_two_cold_builds_write_the_same_bytes(tmp_path):
    source = write_lamp_site(tmp_path)
    build(source, tmp_path / "one", FIXED_NOW, fresh=True)
    build(source, tmp_path / "two", FIXED_NOW, fresh=True)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_picture_kept_in_the_cache_is_not_encoded_again(tmp_path, monkeypatch):
    source = write_lamp_site(tmp_path)
    output = tmp_path / "output"
    build(source, output, FIXED_NOW)
    before = tree(output)

    def fail(data: bytes, variant) -> bytes:
        raise AssertionError(f"encoded {variant.name} again")

    monkeypatch.setattr(campaign_files, "encode_variant", fail)
    story = source / "campaigns" / "lamp" / "story.md"
    story.write_text(story.read_text() + "\nOne more line.\n")
    result = build(source, output, FIXED_NOW)
    assert result.rendered == 1
    after = tree(output)
    assert {path for path in after if "-" in path.rsplit("/", 1)[-1]} >= {
        "campaigns/lamp/hero-800.jpg",
        "fr/campaigns/lamp/hero-800.webp",
    }
    assert {path: data for path, data in after.items() if path.endswith((".jpg", ".webp"))} == {
        path: data for path, data in before.items() if path.endswith((".jpg", ".webp"))
    }


def test_an_incremental_build_equals_a_cold_one_after_a_picture_changes(tmp_path):
    source = write_lamp_site(tmp_path)
    output = tmp_path / "output"
    build(source, output, FIXED_NOW)
    (source / "campaigns" / "lamp" / "photo.png").write_bytes(picture((1300, 650), "PNG"))
    build(source, output, FIXED_NOW)
    build(source, tmp_path / "cold", FIXED_NOW, fresh=True)
    assert tree(output) == tree(tmp_path / "cold")
    assert (output / "campaigns" / "lamp" / "photo-1200.png").is_file()


def test_gif_svg_and_remote_pictures_get_no_copies(tmp_path):
    gif = tmp_path / "a.gif"
    Image.new("P", (640, 480)).save(gif, "GIF")
    info = image_info("a.gif", gif)
    assert info is not None and (info.width, info.height, info.variants) == (640, 480, ())
    svg = tmp_path / "b.svg"
    svg.write_text(DRAWING)
    assert image_info("b.svg", svg).variants == ()


def test_encoding_is_deterministic_and_strips_exif(tmp_path):
    path = tmp_path / "h.jpg"
    path.write_bytes(picture(HERO_STORED, "JPEG", hero_exif()))
    info = image_info("h.jpg", path)
    assert info is not None and (info.width, info.height) == HERO_SHOWN
    for variant in info.variants:
        first = encode_variant(path.read_bytes(), variant)
        assert first == encode_variant(path.read_bytes(), variant)
        image = Image.open(io.BytesIO(first))
        assert (image.format, image.size) == (variant.format, (variant.width, variant.height))
        assert not image.getexif()
