"""Atom feeds: one per campaign (its updates) and one per language for the site (the listed
campaigns' launches and updates). Each is parsed and checked against RFC 4287's required
elements, with absolute addresses and ids that stay the same from build to build."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest
from support import EXAMPLE, FIXED_NOW, FIXTURES

from pledgekit.build import Preview, build
from pledgekit.parts import feeds
from pledgekit.parts.context import Workshop
from pledgekit.parts.feeds import render_site_feed

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
EXAMPLE_BASE = "https://example.github.io/pledgekit/"
STATES_BASE = "https://user.github.io/repo/"
# RFC 3339 date-time, as Atom requires: a full date, a time with seconds, and an offset.
RFC_3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


def parse_feed(path: Path) -> ElementTree.Element:
    root = ElementTree.parse(path).getroot()
    assert root.tag == f"{ATOM}feed", path
    return root


def moment(element: ElementTree.Element, name: str) -> datetime:
    text = element.findtext(f"{ATOM}{name}")
    assert text is not None and RFC_3339.fullmatch(text), (name, text)
    return datetime.fromisoformat(text)


def link(element: ElementTree.Element, rel: str) -> str:
    found = [
        tag.get("href")
        for tag in element.findall(f"{ATOM}link")
        if tag.get("rel", "alternate") == rel
    ]
    assert len(found) == 1, (rel, found)
    return found[0]


def entries(feed: ElementTree.Element) -> list[ElementTree.Element]:
    return feed.findall(f"{ATOM}entry")


def ids(feed: ElementTree.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}id") for entry in entries(feed)]


def titles(feed: ElementTree.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(feed)]


def check_atom(path: Path, output: Path, base_url: str) -> ElementTree.Element:
    """The feed at `path` has what RFC 4287 requires, every address is under base_url and
    names a page the build wrote, and its entries are newest first."""
    feed = parse_feed(path)
    address = base_url + path.relative_to(output).as_posix()
    assert link(feed, "self") == address
    assert feed.findtext(f"{ATOM}id") == address
    assert (feed.findtext(f"{ATOM}title") or "").strip()
    updated = moment(feed, "updated")
    feed_has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    addresses = [link(feed, "alternate")]
    published = []
    for entry in entries(feed):
        assert entry.findtext(f"{ATOM}id", "").startswith(base_url)
        assert (entry.findtext(f"{ATOM}title") or "").strip()
        assert moment(entry, "updated") <= updated
        published.append(moment(entry, "published"))
        assert feed_has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        addresses.append(link(entry, "alternate"))
        content = entry.find(f"{ATOM}content")
        if content is not None:
            assert content.get("type") == "html"
            addresses.append(content.get(XML_BASE))
    assert published == sorted(published, reverse=True)
    for target in addresses:
        assert target.startswith(base_url) and target.startswith("https://"), target
        file = output / target.removeprefix(base_url)
        assert file.is_file() or (file / "index.html").is_file(), target
    return feed


def every_feed(output: Path) -> list[Path]:
    return sorted(output.rglob("feed.xml"))


@pytest.fixture(scope="module")
def example_elsewhen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built at another moment: before any of its campaigns started."""
    output = tmp_path_factory.mktemp("example-elsewhen") / "output"
    build(EXAMPLE, output, datetime.fromisoformat("2026-06-15T12:00:00+00:00"))
    return output


def test_every_feed_of_the_example_site_is_valid_atom(example_site):
    feeds = every_feed(example_site)
    # A site feed and a feed per campaign, in each of the three languages.
    assert [
        path.relative_to(example_site).as_posix() for path in feeds if "campaigns" not in str(path)
    ] == [
        "ar/feed.xml",
        "feed.xml",
        "fr/feed.xml",
    ]
    assert len(feeds) == 3 * (1 + 3)
    for path in feeds:
        check_atom(path, example_site, EXAMPLE_BASE)


def test_the_fixture_feeds_are_valid_atom_and_their_content_links_resolve(states_site):
    for path in every_feed(states_site):
        check_atom(path, states_site, STATES_BASE)
    feed = parse_feed(states_site / "campaigns/live-lamp/feed.xml")
    content = entries(feed)[0].find(f"{ATOM}content")
    # The update's body as escaped HTML, its relative links read from the update's address.
    body = content.text
    assert body.startswith("<p>The first prototype works.")
    relative = re.search(r'href="([^"]+)"', body).group(1)
    assert relative == "../../hero.svg"
    assert urljoin(content.get(XML_BASE), relative) == f"{STATES_BASE}campaigns/live-lamp/hero.svg"


def test_a_campaign_feed_lists_its_updates_newest_first(example_site):
    feed = parse_feed(example_site / "campaigns/tenon-lamp/feed.xml")
    assert feed.get(XML_LANG) == "en"
    assert feed.findtext(f"{ATOM}title") == (
        "Tenon: a desk lamp you can repair with one screwdriver"
    )
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Tenon Works"
    assert link(feed, "alternate") == f"{EXAMPLE_BASE}campaigns/tenon-lamp/"
    assert titles(feed) == ["Slate grey is unlocked", "Funded in nine days", "We are live"]
    updates = f"{EXAMPLE_BASE}campaigns/tenon-lamp/updates/"
    assert ids(feed) == [
        f"{updates}slate-grey-unlocked/",
        f"{updates}funded/",
        f"{updates}we-are-live/",
    ]
    newest = entries(feed)[0]
    assert moment(feed, "updated") == moment(newest, "updated") == moment(newest, "published")
    assert newest.findtext(f"{ATOM}author/{ATOM}name") == "Inès Marchetti"
    assert newest.findtext(f"{ATOM}summary") == (
        "Every backer can now choose between raw aluminium and slate grey."
    )


def test_a_campaign_without_updates_has_a_feed_dated_at_its_start(states_site):
    feed = parse_feed(states_site / "campaigns/upcoming-garden/feed.xml")
    assert entries(feed) == []
    totals = json.loads((states_site / "campaigns/upcoming-garden/totals.json").read_text())
    assert moment(feed, "updated") == datetime.fromisoformat(totals["start"])


def test_the_site_feed_has_each_launch_and_update_newest_first(example_site):
    feed = parse_feed(example_site / "feed.xml")
    assert feed.get(XML_LANG) == "en"
    assert feed.findtext(f"{ATOM}title") == "Made Nearby"
    assert link(feed, "alternate") == EXAMPLE_BASE
    campaigns = f"{EXAMPLE_BASE}campaigns/"
    # Three launches and six updates, in the order they happened.
    assert ids(feed) == [
        f"{campaigns}tenon-lamp/updates/slate-grey-unlocked/",
        f"{campaigns}winter-shelter-lille/updates/first-cold-snap/",
        f"{campaigns}harbour-lights/updates/print-proofs/",
        f"{campaigns}tenon-lamp/updates/funded/",
        f"{campaigns}tenon-lamp/",
        f"{campaigns}tenon-lamp/updates/we-are-live/",
        f"{campaigns}winter-shelter-lille/",
        f"{campaigns}harbour-lights/updates/we-made-it/",
        f"{campaigns}harbour-lights/",
    ]
    launch = entries(feed)[4]
    assert launch.findtext(f"{ATOM}title") == (
        "Tenon: a desk lamp you can repair with one screwdriver"
    )
    assert launch.findtext(f"{ATOM}author/{ATOM}name") == "Tenon Works"
    assert moment(launch, "published") == datetime.fromisoformat("2026-11-03T09:00:00+01:00")
    # An update names its campaign, as its page's title does.
    assert titles(feed)[0] == (
        "Slate grey is unlocked · Tenon: a desk lamp you can repair with one screwdriver"
    )
    assert moment(feed, "updated") == moment(entries(feed)[0], "updated")


def test_feeds_in_other_languages_are_in_them_with_ids_of_their_own(example_site):
    french = parse_feed(example_site / "fr/feed.xml")
    assert french.get(XML_LANG) == "fr"
    assert french.findtext(f"{ATOM}title") == "Fait près de chez vous"
    assert link(french, "alternate") == f"{EXAMPLE_BASE}fr/"
    assert "Premier coup de froid · Gardons douze lits de plus ouverts cet hiver" in titles(french)
    english_ids = set(ids(parse_feed(example_site / "feed.xml")))
    assert len(ids(french)) == len(english_ids)
    assert english_ids.isdisjoint(ids(french))
    assert all(entry_id.startswith(f"{EXAMPLE_BASE}fr/") for entry_id in ids(french))

    arabic = parse_feed(example_site / "ar/campaigns/winter-shelter-lille/feed.xml")
    assert arabic.get(XML_LANG) == "ar"
    assert arabic.findtext(f"{ATOM}title") == "لنُبقِ اثني عشر سريرًا إضافيًا مفتوحًا هذا الشتاء"
    assert titles(arabic) == ["أول موجة برد"]


def test_text_left_untranslated_is_marked_in_its_own_language(example_site):
    """The lamp is not translated into French: its French feed is in English, and says so."""
    feed = parse_feed(example_site / "fr/campaigns/tenon-lamp/feed.xml")
    assert feed.get(XML_LANG) == "fr"
    assert feed.find(f"{ATOM}title").get(XML_LANG) == "en"
    newest = entries(feed)[0]
    for name in ("title", "summary", "content"):
        assert newest.find(f"{ATOM}{name}").get(XML_LANG) == "en", name
    translated = parse_feed(example_site / "fr/campaigns/winter-shelter-lille/feed.xml")
    assert translated.find(f"{ATOM}title").get(XML_LANG) is None
    assert entries(translated)[0].find(f"{ATOM}title").get(XML_LANG) is None


def test_feeds_are_the_same_whenever_the_site_is_built(example_site, example_elsewhen):
    """A feed shows the content, not the moment of the build: its ids and dates (and all its
    bytes) are the same at any --now, and every id is used once per feed."""
    paths = [path.relative_to(example_site) for path in every_feed(example_site)]
    assert paths == [path.relative_to(example_elsewhen) for path in every_feed(example_elsewhen)]
    for path in paths:
        assert (example_site / path).read_bytes() == (example_elsewhen / path).read_bytes(), path
        found = ids(parse_feed(example_site / path))
        assert len(found) == len(set(found)), path


def many_updates_site(tmp_path: Path, count: int) -> Path:
    source = tmp_path / "site"
    shutil.copytree(FIXTURES / "states", source)
    updates = source / "campaigns/failed-game/updates"
    updates.mkdir()
    for day in range(1, count + 1):
        text = f"---\ntitle: Note {day}\n---\nDay {day}.\n"
        (updates / f"2026-08-{day:02d}-note-{day}.md").write_text(text)
    return source


def test_the_site_feed_keeps_the_newest_fifty_and_ids_survive_a_new_title(tmp_path):
    source = many_updates_site(tmp_path, 31)
    second = source / "campaigns/funded-book/updates"
    second.mkdir()
    for day in range(1, 31):
        text = f"---\ntitle: Page {day}\n---\nPage {day}.\n"
        (second / f"2026-09-{day:02d}-page-{day}.md").write_text(text)
    output = tmp_path / "out"
    build(source, output, FIXED_NOW)
    feed = check_atom(output / "feed.xml", output, STATES_BASE)
    published = [moment(entry, "published") for entry in entries(feed)]
    assert len(published) == 50
    everything = [
        moment(entry, "published")
        for path in every_feed(output / "campaigns")
        for entry in entries(parse_feed(path))
    ]
    everything += [
        datetime.fromisoformat(json.loads(path.read_text())["start"])
        for path in (output / "campaigns").glob("*/totals.json")
    ]
    # What is left out is older than anything kept, launches and updates alike.
    assert len(everything) > 50
    assert min(published) >= sorted(everything, reverse=True)[49]
    before = ids(feed)

    campaign = source / "campaigns/funded-book/campaign.yaml"
    campaign.write_text(campaign.read_text().replace("Campaign funded-book", "A new name"))
    build(source, output, FIXED_NOW)
    feed = parse_feed(output / "feed.xml")
    assert ids(feed) == before
    assert "Page 30 · A new name" in titles(feed)  # the feed was made again from the new title


DRAFTS = {
    "campaigns/live-lamp/updates/2026-11-21-secret.md": (
        "---\ntitle: Secret\ndraft: true\n---\nNot yet.\n"
    ),
}


@pytest.mark.parametrize("drafts", [False, True])
def test_drafts_are_in_the_feeds_only_in_a_build_with_drafts(tmp_path, drafts):
    source = tmp_path / "site"
    shutil.copytree(FIXTURES / "states", source)
    for name, text in DRAFTS.items():
        (source / name).write_text(text)
    output = tmp_path / "out"
    build(source, output, FIXED_NOW, preview=Preview(drafts=drafts))
    secret = f"{STATES_BASE}campaigns/live-lamp/updates/secret/"
    for path in ("campaigns/live-lamp/feed.xml", "feed.xml"):
        feed = check_atom(output / path, output, STATES_BASE)
        assert (secret in ids(feed)) is drafts, path


def test_a_site_feed_is_made_again_only_when_a_listed_campaign_changed(tmp_path, monkeypatch):
    source = tmp_path / "site"
    shutil.copytree(FIXTURES / "states", source)
    output = tmp_path / "out"
    made = []

    def counted(workshop: Workshop, task: feeds.SiteFeedTask) -> tuple[str, bytes]:
        made.append(task.path)
        return render_site_feed(workshop, task)

    monkeypatch.setattr(feeds, "render_site_feed", counted)
    build(source, output, FIXED_NOW, jobs=1)
    assert made == ["feed.xml"]
    build(source, output, FIXED_NOW + timedelta(days=3), jobs=1)
    assert made == ["feed.xml"]  # another moment changes nothing a feed shows
    update = source / "campaigns/live-lamp/updates/2026-11-10-first-prototype.md"
    update.write_text(update.read_text().replace("First prototype", "The first prototype"))
    build(source, output, FIXED_NOW + timedelta(days=3), jobs=1)
    assert made == ["feed.xml", "feed.xml"]
    assert "The first prototype · Campaign live-lamp" in titles(parse_feed(output / "feed.xml"))
