"""A campaign's PNG, JPEG and WebP pictures are published without their metadata (EXIF with GPS
position and camera serial, XMP, comments, text chunks): cut out of the file where the picture
is upright (its pixels untouched), turned upright and encoded again where its EXIF turns it,
with its colour profile kept, and kept in the build cache like the smaller copies. The style
guide's sample pictures are sized like a campaign's."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms, ImageOps, ImageStat, PngImagePlugin
from support import FIXED_NOW, parse_html, site_yaml, write_site

from pledgekit.build import build
from pledgekit.parts import campaign_files
from pledgekit.render.images import published_original

CAMPAIGN = """\
title: A lamp you can mend
tagline: Solid oak, standard parts
image: {src: hero.jpg, alt: The lamp on a desk}
creator:
  name: Ines Martin
  bio: I make lamps.
  avatar: {src: avatar.png, alt: Ines}
goal: 20000
start: 2026-11-01T09:00:00+01:00
end: 2026-12-31T23:59:00+01:00
funding: flexible
totals: {raised: 5000, backers: 40, updated: 2026-11-25T18:00:00+01:00}
tiers:
  - id: lamp
    title: The lamp
    amount: 120
    description: One lamp, shipped.
    image: {src: tier.webp, alt: The lamp alone}
    pledge: [{processor: paypal_me, name: ines}]
"""
STORY = """\
The story.

![The workshop](workshop.jpg)

Read [the budget](budget.pdf).
"""
ORIENTATION, GPS, MAKE, EXIF_IFD, BODY_SERIAL = 0x0112, 0x8825, 0x010F, 0x8769, 0xA431
HERO_STORED = (600, 900)  # EXIF turns it a quarter: shown 900 wide and 600 high
HERO_SHOWN = (900, 600)
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
PDF = b"%PDF-1.4\n% a budget\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TEXT_KEYS = {"Comment", "Author", "Description", "Software", "Raw profile type exif"}


def drawing(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A picture with detail, whose corners tell which way up it is."""
    image = Image.new(mode, size, (200, 120, 40) + (255,) * (mode == "RGBA"))
    for x in range(0, size[0], 40):
        image.paste((30, 60, 90) + (255,) * (mode == "RGBA"), (x, 0, x + 9, size[1]))
    image.paste((250, 250, 250) + (255,) * (mode == "RGBA"), (0, 0, 60, 30))  # top left
    return image


def phone_exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "PhoneMaker"
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL] = "SN-0042-1234"
    gps = exif.get_ifd(GPS)
    gps[1], gps[2] = "N", (50.0, 37.0, 12.5)  # latitude
    gps[3], gps[4] = "E", (3.0, 3.0, 40.0)  # longitude
    return exif


def jpeg(size: tuple[int, int], orientation: int) -> bytes:
    output = io.BytesIO()
    drawing(size).save(
        output,
        "JPEG",
        quality=88,
        exif=phone_exif(orientation),
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Ines, at home</x:xmpmeta>',
        comment=b"taken at home",
        icc_profile=ICC,
    )
    return output.getvalue()


def png() -> bytes:
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "drawn at 12 rue des Lilas")
    text.add_text("Author", "Ines Martin")
    text.add_itxt("Description", "mon atelier", lang="fr")
    output = io.BytesIO()
    drawing((300, 300), "RGBA").save(output, "PNG", pnginfo=text, icc_profile=ICC)
    return output.getvalue()


def webp() -> bytes:
    output = io.BytesIO()
    drawing((700, 420)).save(output, "WEBP", quality=80, exif=phone_exif(1), icc_profile=ICC)
    return output.getvalue()


def source_files() -> dict[str, str | bytes]:
    return {
        "campaign.yaml": CAMPAIGN,
        "story.md": STORY,
        "hero.jpg": jpeg(HERO_STORED, 6),
        "workshop.jpg": jpeg((500, 300), 1),
        "avatar.png": png(),
        "tier.webp": webp(),
        "budget.pdf": PDF,
    }


def write_photo_site(root: Path) -> Path:
    return write_site(
        root / "source", site=site_yaml(languages="[fr]"), campaigns={"lamp": source_files()}
    )


def opened(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("metadata")
    build(write_photo_site(root), root / "output", FIXED_NOW)
    return root / "output"


def test_the_fixtures_carry_what_must_not_be_published():
    hero = Image.open(io.BytesIO(source_files()["hero.jpg"]))  # type: ignore[arg-type]
    assert hero.getexif().get_ifd(GPS)[2] == (50.0, 37.0, 12.5)
    assert hero.getexif()[ORIENTATION] == 6
    assert {"exif", "xmp", "comment"} <= set(hero.info)
    avatar = Image.open(io.BytesIO(source_files()["avatar.png"]))  # type: ignore[arg-type]
    assert {"Comment", "Author", "Description"} <= set(avatar.info)
    tier = Image.open(io.BytesIO(source_files()["tier.webp"]))  # type: ignore[arg-type]
    assert tier.getexif().get_ifd(GPS)


@pytest.mark.parametrize("prefix", ["", "fr/"])
@pytest.mark.parametrize("name", ["hero.jpg", "workshop.jpg", "avatar.png", "tier.webp"])
def test_published_pictures_carry_no_metadata(built, prefix, name):
    path = built / prefix / "campaigns" / "lamp" / name
    image = opened(path)
    assert not image.getexif(), name
    assert not image.getexif().get_ifd(GPS)
    assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", *TEXT_KEYS} & set(image.info)
    data = path.read_bytes()
    for secret in (b"SN-0042", b"PhoneMaker", b"Lilas", b"Ines", b"at home", b"Exif\0"):
        assert secret not in data, (name, secret)
    assert image.info.get("icc_profile") == ICC  # the colours as they were


def test_pictures_are_upright_and_as_large_as_the_page_says(built):
    folder = built / "campaigns" / "lamp"
    hero = opened(folder / "hero.jpg")
    assert hero.size == HERO_SHOWN
    sources = source_files()
    # what a browser showed of the picture as given: turned by its EXIF (to within the
    # rounding of encoding it again)
    given = ImageOps.exif_transpose(Image.open(io.BytesIO(sources["hero.jpg"])))  # type: ignore[arg-type]
    difference = ImageStat.Stat(ImageChops.difference(hero.convert("RGB"), given.convert("RGB")))
    assert max(difference.mean) < 4  # turned the wrong way, it differs by tens
    pages = [built / "campaigns" / "lamp" / "index.html", built / "index.html"]
    seen = set()
    for page in pages:
        for img in parse_html(page).find_all("img"):
            src = img["src"].split("/")[-1]
            if src in sources and src.endswith((".jpg", ".png", ".webp")):
                published = opened(folder / src)
                assert (img["width"], img["height"]) == tuple(map(str, published.size)), src
                seen.add(src)
    assert seen == {"hero.jpg", "workshop.jpg", "avatar.png", "tier.webp"}


def test_upright_pictures_keep_their_pixels_exactly(built):
    folder = built / "campaigns" / "lamp"
    sources = source_files()
    for name in ("workshop.jpg", "avatar.png", "tier.webp"):
        given = Image.open(io.BytesIO(sources[name]))  # type: ignore[arg-type]
        published = opened(folder / name)
        assert published.format == given.format and published.mode == given.mode
        assert published.tobytes() == given.tobytes(), name  # not encoded again: lossless
        assert len((folder / name).read_bytes()) < len(sources[name])


def test_a_turned_jpeg_keeps_its_quantisation_tables(built):
    given = Image.open(io.BytesIO(source_files()["hero.jpg"]))  # type: ignore[arg-type]
    published = opened(built / "campaigns" / "lamp" / "hero.jpg")
    assert published.quantization == given.quantization


def test_files_that_are_not_pictures_are_published_as_they_are(built):
    assert (built / "campaigns" / "lamp" / "budget.pdf").read_bytes() == PDF
    assert (built / "fr" / "campaigns" / "lamp" / "budget.pdf").read_bytes() == PDF


def test_an_unchanged_picture_is_not_stripped_again(tmp_path, monkeypatch):
    source = write_photo_site(tmp_path)
    output = tmp_path / "output"
    build(source, output, FIXED_NOW)
    before = tree(output)

    def fail(data: bytes) -> bytes | None:
        raise AssertionError("a picture was stripped again")

    monkeypatch.setattr(campaign_files, "published_original", fail)
    story = source / "campaigns" / "lamp" / "story.md"
    story.write_text(story.read_text() + "\nOne more line.\n")
    result = build(source, output, FIXED_NOW)
    assert result.rendered == 1
    after = tree(output)
    pictures = {"campaigns/lamp/hero.jpg", "fr/campaigns/lamp/avatar.png"}
    assert pictures <= set(after)
    assert {p: d for p, d in after.items() if p.endswith((".jpg", ".png", ".webp"))} == {
        p: d for p, d in before.items() if p.endswith((".jpg", ".png", ".webp"))
    }
    assert not Image.open(output / "campaigns" / "lamp" / "hero.jpg").getexif()


def test_a_changed_picture_is_stripped_again_and_builds_are_reproducible(tmp_path):
    source = write_photo_site(tmp_path)
    output = tmp_path / "output"
    build(source, output, FIXED_NOW)
    (source / "campaigns" / "lamp" / "workshop.jpg").write_bytes(jpeg((520, 300), 3))
    build(source, output, FIXED_NOW)
    workshop = opened(output / "campaigns" / "lamp" / "workshop.jpg")
    assert workshop.size == (520, 300) and not workshop.getexif()
    build(source, tmp_path / "cold", FIXED_NOW, fresh=True)
    build(source, tmp_path / "again", FIXED_NOW, fresh=True)
    assert tree(output) == tree(tmp_path / "cold") == tree(tmp_path / "again")


def test_jpeg_segments_after_the_image_and_thumbnails_are_left_out():
    given = jpeg((200, 100), 1)
    secret = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00secret\xff\xd9"  # another picture of an MPF
    published = published_original(given + secret)
    assert published is not None and b"secret" not in published
    assert published.endswith(b"\xff\xd9")
    assert published == published_original(given)
    assert Image.open(io.BytesIO(published)).tobytes() == Image.open(io.BytesIO(given)).tobytes()


def test_a_picture_without_metadata_is_published_as_it_is():
    output = io.BytesIO()
    drawing((80, 40)).save(output, "PNG")
    assert published_original(output.getvalue()) is None
    assert published_original(PDF) is None


def test_webp_metadata_flags_are_cleared():
    published = published_original(webp())
    assert published is not None
    kinds, position = [], 12
    while position < len(published):
        kind, length = struct.unpack("<4sI", published[position : position + 8])
        kinds.append(kind)
        if kind == b"VP8X":
            assert published[position + 8] & 0x0C == 0  # no EXIF or XMP said to follow
        position += 8 + length + (length & 1)
    assert b"EXIF" not in kinds and b"XMP " not in kinds and b"ICCP" in kinds
    assert struct.unpack("<I", published[4:8])[0] == len(published) - 8


def test_the_style_guide_pictures_are_sized(styleguide_site):
    pictures = parse_html(styleguide_site / "index.html").find_all("img")
    local = [img for img in pictures if "://" not in img["src"]]
    assert local
    for img in local:
        assert img.get("width") and img.get("height"), img
        path = styleguide_site / img["src"]
        assert path.is_file(), img["src"]
    assert {(img["width"], img["height"]) for img in local if img["src"].endswith("hero.svg")} == {
        ("1024", "576")
    }
