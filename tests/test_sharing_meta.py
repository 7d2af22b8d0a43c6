"""What a pasted link shows: Open Graph and Twitter Card meta and JSON-LD on every page type,
and the icons and web app manifest drawn from one picture."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from support import EXAMPLE, FIXED_NOW, parse_html

from pledgekit.build import build
from pledgekit.problems import ContentErrors
from pledgekit.render import icons

BASE = "https://example.github.io/pledgekit/"
SHELTER = "campaigns/winter-shelter-lille/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("sharing") / "output"
    build(EXAMPLE, output, FIXED_NOW)
    return output


def meta(page: BeautifulSoup) -> dict[str, str]:
    """Every <meta property|name=… content=…> of the head; each key once."""
    found: dict[str, str] = {}
    for tag in page.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key and key not in ("og:locale:alternate",):
            assert key not in found, f"{key} twice"
            found[key] = tag["content"]
    return found


def linked_data(page: BeautifulSoup) -> dict[str, dict]:
    """The JSON-LD graph of the page, by @type."""
    scripts = page.head.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    return {node["@type"]: node for node in data["@graph"]}


def output_file(site: Path, address: str) -> Path:
    assert address.startswith(BASE), address
    return site / address.removeprefix(BASE)


PAGE_TYPES = [
    "index.html",
    "fr/index.html",
    f"{SHELTER}index.html",
    f"ar/{SHELTER}index.html",
    f"{SHELTER}updates/first-cold-snap/index.html",
    "campaigns/tenon-lamp/index.html",
    "categories/index.html",
    "categories/design/index.html",
    "fr/tags/lighting/index.html",
    "ending-soon/index.html",
    "search/index.html",
]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_says_what_a_link_to_it_shows(site: Path, path: str) -> None:
    page = parse_html(site / path)
    found = meta(page)
    canonical = page.head.select_one('link[rel="canonical"]')["href"]
    assert found["og:url"] == canonical
    assert found["og:title"] and found["og:title"] == found["twitter:title"]
    assert found["og:description"] == found["twitter:description"] == found["description"]
    assert found["og:site_name"] == page.select_one(".site-title").get_text(strip=True)
    # The image exists at its address, with the size the meta gives, and says what it shows.
    with Image.open(output_file(site, found["og:image"])) as image:
        assert image.size == (int(found["og:image:width"]), int(found["og:image:height"]))
    assert found["og:image:alt"]
    wide = int(found["og:image:width"]) > int(found["og:image:height"])
    assert found["twitter:card"] == ("summary_large_image" if wide else "summary")


def test_a_campaign_page_shows_its_social_card_and_describes_a_project(site: Path) -> None:
    page = parse_html(site / "fr" / SHELTER / "index.html")
    found = meta(page)
    title = page.select_one("h1").get_text(strip=True)
    assert found["og:title"] == title == "Gardons douze lits de plus ouverts cet hiver"
    assert found["og:image"] == f"{BASE}fr/{SHELTER}social-card.png"
    assert (found["og:image:width"], found["og:image:height"]) == ("1200", "630")
    assert found["og:locale"] == "fr_FR"
    alternates = [tag["content"] for tag in page.select('meta[property="og:locale:alternate"]')]
    assert alternates == ["en_US", "ar_EG"]
    graph = linked_data(page)
    project = graph["WebPage"]["mainEntity"]
    assert project["@type"] == "Project"
    assert project["name"] == title
    assert project["url"] == f"{BASE}fr/{SHELTER}"
    assert project["inLanguage"] == "fr"
    assert project["founder"] == {
        "@type": "Organization",
        "name": "Les Amis de la Maison Grenat",
        "legalName": "Association Maison Grenat",
        "address": "Lille, France",
        "sameAs": ["https://maisongrenat.example/volunteer"],
    }
    assert project["seeks"]["priceSpecification"] == {
        "@type": "PriceSpecification",
        "price": "60000",
        "priceCurrency": "EUR",
    }
    assert project["seeks"]["availabilityEnds"] == "2027-01-31T23:59:00+01:00"
    tiers = page.select('article.tier[id^="tier-"]')
    assert [offer["name"] for offer in project["makesOffer"]] == [
        tier.select_one(".tier__title").get_text(strip=True) for tier in tiers
    ]
    assert project["makesOffer"][0]["price"] == "33"
    assert project["potentialAction"]["recipient"] == project["founder"]
    assert graph["WebPage"]["isPartOf"] == {"@id": f"{BASE}fr/#website"}
    assert graph["WebSite"]["name"] == "Fait près de chez vous"


def test_an_update_is_an_article_of_its_campaign(site: Path) -> None:
    page = parse_html(site / SHELTER / "updates/first-cold-snap/index.html")
    found = meta(page)
    assert found["og:type"] == "article"
    assert found["og:title"] == page.select_one("h1").get_text(strip=True)
    post = linked_data(page)["BlogPosting"]
    assert post["headline"] == found["og:title"]
    assert post["datePublished"] == page.select_one(".update__meta time")["datetime"]
    assert post["isPartOf"]["@id"] == f"{BASE}{SHELTER}#campaign"


@pytest.mark.parametrize(
    "path", ["categories/design/index.html", "fr/tags/lighting/index.html", "search/index.html"]
)
def test_a_browsing_page_is_a_web_page_of_the_site(site: Path, path: str) -> None:
    page = parse_html(site / path)
    graph = linked_data(page)
    assert sorted(graph) == ["WebPage", "WebSite"]
    url = page.head.select_one('link[rel="canonical"]')["href"]
    home = BASE + ("fr/" if path.startswith("fr/") else "")
    assert graph["WebPage"]["url"] == url
    assert (
        graph["WebPage"]["isPartOf"]
        == {"@id": home + "#website"}
        == {"@id": graph["WebSite"]["@id"]}
    )
    assert meta(page)["og:title"] == page.title.get_text()


def test_the_home_page_is_the_website(site: Path) -> None:
    for path, url, language in (("index.html", BASE, "en"), ("ar/index.html", BASE + "ar/", "ar")):
        graph = linked_data(parse_html(site / path))
        assert list(graph) == ["WebSite"]
        assert (graph["WebSite"]["url"], graph["WebSite"]["inLanguage"]) == (url, language)


def test_text_cannot_end_the_json_ld_script_early(tmp_path: Path) -> None:
    source = tmp_path / "content"
    shutil.copytree(EXAMPLE, source)
    campaign = source / "campaigns/tenon-lamp/campaign.yaml"
    hostile = "Lamp </script><script>alert(1)</script> & <!-- more"
    text = campaign.read_text(encoding="utf-8")
    campaign.write_text(
        re.sub(r"(?m)^title:.*$", lambda _: f"title: {json.dumps(hostile)}", text, count=1),
        "utf-8",
    )
    build(source, tmp_path / "output", FIXED_NOW)
    page = parse_html(tmp_path / "output/campaigns/tenon-lamp/index.html")
    assert not [
        s for s in page.find_all("script") if "alert" in (s.string or "") and not s.get("type")
    ]
    project = linked_data(page)["WebPage"]["mainEntity"]
    assert project["name"] == hostile
    assert meta(page)["og:title"] == hostile


def test_icons_and_manifest_come_from_one_picture(site: Path) -> None:
    with Image.open(site / "favicon.ico") as favicon:
        assert sorted(favicon.info["sizes"]) == [(16, 16), (32, 32), (48, 48)]
    for path, (size, flattened) in icons.PNG_ICONS.items():
        with Image.open(site / path) as image:
            assert image.size == (size, size)
            assert (image.mode == "RGB") == flattened, path
    for prefix, language, direction, name in (
        ("", "en", "ltr", "Made Nearby"),
        ("ar/", "ar", "rtl", "صُنع بالقرب منك"),
    ):
        file = site / prefix / "manifest.webmanifest"
        manifest = json.loads(file.read_text(encoding="utf-8"))
        assert (manifest["lang"], manifest["dir"], manifest["name"]) == (language, direction, name)
        assert manifest["start_url"] == "./"
        assert manifest["theme_color"] == "#0b5a4a"
        for icon in manifest["icons"]:
            resolved = urljoin(f"{BASE}{prefix}manifest.webmanifest", icon["src"])
            with Image.open(output_file(site, resolved)) as image:
                assert f"{image.width}x{image.height}" == icon["sizes"]
        page = parse_html(site / prefix / "index.html")
        linked = page.head.select_one('link[rel="manifest"]')["href"]
        assert (site / prefix / linked).resolve() == file.resolve()


def _square(colour: str, size: int = 512, height: int | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, height or size), colour).save(out, format="PNG")
    return out.getvalue()


def test_a_site_gives_its_own_icon_and_it_is_drawn_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "content"
    shutil.copytree(EXAMPLE, source)
    (source / "logo.png").write_bytes(_square("#c00000"))
    settings = source / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "icon: logo.png\n", "utf-8")
    build(source, tmp_path / "output", FIXED_NOW)
    with Image.open(tmp_path / "output/static/icons/icon-192.png") as image:
        assert image.convert("RGB").getpixel((96, 96)) == (192, 0, 0)
    before = (tmp_path / "output/favicon.ico").read_bytes()

    def no_drawing(*args: object) -> dict[str, bytes]:
        raise AssertionError("the icons were drawn again")

    monkeypatch.setattr(icons, "draw_icons", no_drawing)
    build(source, tmp_path / "output", FIXED_NOW)
    assert (tmp_path / "output/favicon.ico").read_bytes() == before


@pytest.mark.parametrize(
    ("icon", "picture", "message"),
    [
        (
            "logo.png",
            _square("#c00000", 512, 300),
            "icon: logo.png: must be square, got 512×300 pixels",
        ),
        (
            "logo.png",
            _square("#c00000", 64),
            "icon: logo.png: must be at least 512×512 pixels, got 64×64",
        ),
        (
            "logo.png",
            b"not a picture",
            "icon: logo.png: cannot read it as a picture: give a PNG or JPEG file",
        ),
        ("missing.png", None, "icon: no file 'missing.png' beside site.yaml"),
        ("../outside.png", None, "icon: '../outside.png' is outside the content folder"),
    ],
)
def test_an_unusable_icon_is_an_error_at_its_line(
    tmp_path: Path, icon: str, picture: bytes | None, message: str
) -> None:
    source = tmp_path / "content"
    shutil.copytree(EXAMPLE, source)
    if picture is not None:
        (source / icon).write_bytes(picture)
    (tmp_path / "outside.png").write_bytes(_square("#000000"))
    settings = source / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    settings.write_text(text + f"icon: {icon}\n", "utf-8")
    with pytest.raises(ContentErrors) as failure:
        build(source, None, FIXED_NOW)
    [problem] = failure.value.problems
    assert str(problem) == f"content/site.yaml:{line}:7: {message}"
