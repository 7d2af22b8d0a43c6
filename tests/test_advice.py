"""Advice to creators: each rule on a campaign made to draw it, and the example site's review."""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from datetime import datetime
from pathlib import Path

import pytest
from support import EXAMPLE, FIXED_NOW, FIXTURES, REPOSITORY

from pledgekit.advice import RULES, Advice, UnknownCampaign, review_campaign, review_site
from pledgekit.load.content import load_campaign
from pledgekit.model.campaign import Tier
from pledgekit.pictures import image_size
from pledgekit.problems import ContentErrors
from pledgekit.validate.folder import validated_site

ADVICE = FIXTURES / "advice"
WELL_SHAPED = "site/campaigns/well-shaped"
CAMPAIGN_YAML = f"{WELL_SHAPED}/campaign.yaml"
NEAR_POPULAR = "No tier between 15 and 40 EUR{nearest}. The most popular Kickstarter pledge is $25 (USD; compared as 25 EUR without conversion); add a tier near it."


def png(width: int, height: int) -> bytes:
    """A real grey PNG image of that size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture site, with the working folder above it (paths read site/...)."""
    shutil.copytree(ADVICE, tmp_path / "site")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "site"


def edit(site: Path, old: str, new: str, campaign: str = "well-shaped") -> None:
    path = site / "campaigns" / campaign / "campaign.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def advice_on_well_shaped(site: Path, now: datetime = FIXED_NOW) -> list[str]:
    return [str(advice) for advice in review_site(site, now, ["well-shaped"])]


def at(line: int, rule: str, message: str, source: str, file: str = CAMPAIGN_YAML) -> str:
    location = f"{file}:{line}" if line else file
    return f"{location}: advice [{rule}]: {message} (source: {source})"


# The whole review


def test_a_well_shaped_campaign_draws_no_advice(site):
    assert advice_on_well_shaped(site) == []


def test_a_campaign_that_needs_work_draws_every_rule_once_in_rule_order(monkeypatch):
    monkeypatch.chdir(FIXTURES)
    found = review_site(ADVICE, FIXED_NOW, ["needs-work"])
    assert [advice.rule for advice in found] == [rule.id for rule in RULES]
    yaml = "advice/campaigns/needs-work/campaign.yaml"
    assert [(advice.file, advice.line) for advice in found] == [
        (yaml, 3),  # image:
        (yaml, 10),  # tiers:
        (yaml, 10),
        (yaml, 10),
        (yaml, 9),  # end:
        ("advice/campaigns/needs-work/risks.md", 0),
        ("advice/campaigns/needs-work/updates/", 0),
        (yaml, 18),  # tiers[1].delivery
        (yaml, 7),  # goal:
        (yaml, 4),  # image.src
    ]
    assert {advice.campaign for advice in found} == {"needs-work"}
    assert str(found[5]) == (
        "advice/campaigns/needs-work/risks.md: advice [risks]: All-or-nothing with an empty "
        "risks.md: say what could delay or stop delivery and what you would do then; 9% of "
        "funded Kickstarter projects failed to deliver. (source: Kickstarter, “Risks and "
        "challenges” required since 2012; Kickstarter × Wharton study, 2015)"
    )


def test_the_example_site_before_its_campaigns_start(monkeypatch):
    monkeypatch.chdir(EXAMPLE.parent)
    found = review_site(EXAMPLE, datetime.fromisoformat("2026-06-15T12:00:00+00:00"))
    assert [(advice.campaign, advice.rule) for advice in found] == [
        # No campaign links a video.
        ("harbour-lights", "hero-media"),
        # Tiers at 12 and 45 EUR, at 10 and 99 EUR: none near the popular $25.
        ("harbour-lights", "popular-pledge"),
        ("tenon-lamp", "hero-media"),
        ("tenon-lamp", "popular-pledge"),
        # The winter appeal runs from November to January (91 days) for €60,000; its monthly
        # €33 tier is near $25, and it is flexible, so its risks are not asked for.
        ("winter-shelter-lille", "hero-media"),
        ("winter-shelter-lille", "campaign-length"),
        ("winter-shelter-lille", "goal-size"),
    ]
    assert str(found[5]) == (
        "content/campaigns/winter-shelter-lille/campaign.yaml:61: advice [campaign-length]: "
        "91 days long; Kickstarter allows at most 60 and recommends 30, so end it sooner. "
        "(source: Kickstarter's recommended campaign length)"
    )


def test_the_example_site_while_two_campaigns_are_live_adds_nothing_about_updates(
    monkeypatch,
):
    # Tenon's last update is two days old and the shelter's six at the suite's fixed moment.
    monkeypatch.chdir(EXAMPLE.parent)
    rules = {(advice.campaign, advice.rule) for advice in review_site(EXAMPLE, FIXED_NOW)}
    assert not any(rule == "updates" for _, rule in rules)
    assert len(rules) == 7


def test_a_slug_narrows_the_review_and_an_unknown_one_names_the_campaigns(site):
    assert {advice.campaign for advice in review_site(site, FIXED_NOW, ["needs-work"])} == {
        "needs-work"
    }
    with pytest.raises(UnknownCampaign) as caught:
        review_site(site, FIXED_NOW, ["tenon"])
    assert isinstance(caught.value, ValueError)
    assert (
        str(caught.value) == f"no campaign 'tenon' in {site} (campaigns: needs-work, well-shaped)"
    )


def test_content_errors_stop_the_review_but_only_in_the_campaigns_reviewed(site):
    edit(site, "goal: 100000", "goal: lots", campaign="needs-work")
    with pytest.raises(ContentErrors) as caught:
        review_site(site, FIXED_NOW)
    assert [str(problem) for problem in caught.value.problems] == [
        "site/campaigns/needs-work/campaign.yaml:7:7: goal: must be a positive amount such as "
        "12500 or 12500.50, got 'lots'"
    ]
    assert advice_on_well_shaped(site) == []


def test_advice_about_a_whole_file_prints_without_a_line():
    advice = Advice("risks", "lamp", "c/lamp/risks.md", 0, "Say more.", "A study")
    assert str(advice) == "c/lamp/risks.md: advice [risks]: Say more. (source: A study)"
    advice = Advice("goal-size", "lamp", "c/lamp/campaign.yaml", 6, "Smaller.", "A study")
    assert str(advice) == "c/lamp/campaign.yaml:6: advice [goal-size]: Smaller. (source: A study)"


def test_docs_show_real_output_and_every_rule(monkeypatch):
    text = (REPOSITORY / "docs" / "advice.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n(.*?)\n```", text, re.S).group(1)
    monkeypatch.chdir(REPOSITORY)
    assert shown in [str(advice) for advice in review_site(EXAMPLE, FIXED_NOW, ["tenon-lamp"])]
    documented = re.findall(r"^\| `([a-z-]+)` \|", text, re.M)
    assert documented == [rule.id for rule in RULES]


# One rule at a time, on the well-shaped campaign changed in one place


def test_no_video(site):
    edit(site, "video: https://video.example/well-shaped\n", "")
    assert advice_on_well_shaped(site) == [
        at(
            3,
            "hero-media",
            "No video: campaigns with a video raised 105% more. Add a `video:` link beside the hero image.",
            "Fundera 2019 compilation",
        )
    ]


def seven_more_tiers() -> str:
    return "".join(
        f"  - {{id: extra-{n}, title: Extra {n}, amount: {200 + n}}}\n" for n in range(1, 8)
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "  - {id: print, title: A print, amount: 60, delivery: 2027-02}\n"
            "  - {id: frame, title: A framed print, amount: 150, delivery: 2027-03}\n",
            "",
            "2 tiers; most creators offer 3–10, so add tiers at more price levels.",
        ),
        (
            "open_pledge:",
            seven_more_tiers() + "open_pledge:",
            "11 tiers; most creators offer 3–10, so merge or drop some.",
        ),
    ],
)
def test_tier_count(site, old, new, message):
    edit(site, old, new)
    assert advice_on_well_shaped(site) == [
        at(10, "tier-count", message, "Kickstarter creator handbook")
    ]


def test_ten_tiers_draw_no_advice(site):
    edit(site, "open_pledge:", seven_more_tiers().rsplit("  - ", 1)[0] + "open_pledge:")
    assert advice_on_well_shaped(site) == []


class DraftableTier(Tier):
    """A Tier with the `draft` field it may soon have."""

    draft: bool = False


def test_draft_tiers_are_not_counted_nor_looked_at(site):
    sources, _ = load_campaign(site / "campaigns" / "well-shaped", site)
    (campaign,) = [c for c in validated_site(site).campaigns if c.slug == "well-shaped"]
    tiers = [DraftableTier(**tier.model_dump()) for tier in campaign.source.tiers]
    # The tier near $25 becomes a draft, delivered before the end: only what it leaves counts.
    tiers[1] = DraftableTier(**{**tiers[1].model_dump(), "draft": True, "delivery": "2026-01"})
    drafted = campaign.model_copy(
        update={"source": campaign.source.model_copy(update={"tiers": tiers[:3]})}
    )
    found = review_campaign(drafted, sources.campaign, sources.folder, FIXED_NOW)
    assert [advice.message for advice in found] == [
        "2 tiers (not counting 1 draft); most creators offer 3–10, so add tiers at more price levels.",
        NEAR_POPULAR.format(nearest=" (nearest: 5 and 60 EUR)"),
    ]


@pytest.mark.parametrize("amount", ["14", "41", "14.99", "40.01"])
def test_no_tier_near_the_popular_pledge(site, amount):
    edit(site, "amount: 25,", f"amount: {amount},")
    assert advice_on_well_shaped(site) == [
        at(
            10,
            "popular-pledge",
            NEAR_POPULAR.format(
                nearest=f" (nearest: {amount} and 60 EUR)"
                if float(amount) < 25
                else f" (nearest: 5 and {amount} EUR)"
            ),
            "Kickstarter creator handbook",
        )
    ]


@pytest.mark.parametrize("amount", ["15", "40"])
def test_near_the_popular_pledge_is_15_to_40_inclusive(site, amount):
    edit(site, "amount: 25,", f"amount: {amount},")
    assert advice_on_well_shaped(site) == []


def test_a_suggested_open_pledge_amount_is_near_enough(site):
    edit(site, "amount: 25,", "amount: 45,")
    edit(site, "open_pledge: {minimum: 1}", "open_pledge: {minimum: 1, suggested: [10, 25]}")
    assert advice_on_well_shaped(site) == []


def test_a_usd_campaign_is_told_in_dollars(site):
    edit(site, "amount: 25,", "amount: 45,")
    edit(site, "goal: 8000", "goal: 50000\ncurrency: USD")
    assert [advice.message for advice in review_site(site, FIXED_NOW, ["well-shaped"])] == [
        "No tier between 15 and 40 USD (nearest: 5 and 45 USD). The most popular Kickstarter "
        "pledge is $25; add a tier near it.",
        "A goal of 50,000 USD is over 5 times the average goal of about $8,500, and more than "
        "half of successful projects raised under $10k (USD). Consider a smaller goal with "
        "stretch goals above it.",
    ]


def test_the_campaigns_own_usd_rate_converts(site):
    edit(site, "amount: 25,", "amount: 38,")  # over 40 × 0.92 = 36.8, rounded to 37
    edit(
        site, "goal: 8000", "goal: 40000\nexchange_rates: {USD: {rate: 0.92, date: 2026-11-20}}"
    )  # 42,500 × 0.92 = 39,100
    assert [advice.message for advice in review_site(site, FIXED_NOW, ["well-shaped"])] == [
        "No tier between 14 and 37 EUR (nearest: 5 and 38 EUR). The most popular Kickstarter "
        "pledge is $25 (USD; compared as 23 EUR at your rate of 1 USD = 0.92 EUR); add a tier "
        "near it.",
        "A goal of 40,000 EUR is over 5 times the average goal of about $8,500 (USD; compared "
        "as 7,820 EUR at your rate of 1 USD = 0.92 EUR), and more than half of successful "
        "projects raised under $10k (USD). Consider a smaller goal with stretch goals above it.",
    ]


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (
            "2026-11-14T09:00:00+01:00",
            "19 days long; Kickstarter recommends 30, so aim for 20–45 days.",
        ),
        ("2026-11-13T09:00:00+01:00", None),
        ("2026-10-18T21:01:00+01:00", None),  # 45 days and 12 hours, less a minute
        (
            "2026-10-18T21:00:00+01:00",
            "46 days long; Kickstarter recommends 30, so aim for 20–45 days.",
        ),
        (
            "2026-10-04T09:00:00+01:00",
            "60 days long; Kickstarter recommends 30, so aim for 20–45 days.",
        ),
        (
            "2026-10-03T09:00:00+01:00",
            "61 days long; Kickstarter allows at most 60 and recommends 30, so end it sooner.",
        ),
    ],
)
def test_campaign_length(site, start, message):
    edit(site, "start: 2026-11-03T09:00:00+01:00", f"start: {start}")
    expected = [at(8, "campaign-length", message, "Kickstarter's recommended campaign length")]
    assert advice_on_well_shaped(site) == (expected if message else [])


RISKS_SOURCE = (
    "Kickstarter, “Risks and challenges” required since 2012; Kickstarter × Wharton study, 2015"
)


@pytest.mark.parametrize(
    ("risks", "described"),
    [(None, "no risks.md"), ("", "an empty risks.md"), ("<!-- to do -->\n", "an empty risks.md")],
)
def test_all_or_nothing_without_risks(site, risks, described):
    path = site / "campaigns/well-shaped/risks.md"
    if risks is None:
        path.unlink()
    else:
        path.write_text(risks)
    message = (
        f"All-or-nothing with {described}: say what could delay or stop delivery and what you "
        "would do then; 9% of funded Kickstarter projects failed to deliver."
    )
    assert advice_on_well_shaped(site) == [
        at(0, "risks", message, RISKS_SOURCE, file=f"{WELL_SHAPED}/risks.md")
    ]


def test_flexible_funding_without_risks_draws_no_advice(site):
    (site / "campaigns/well-shaped/risks.md").unlink()
    edit(site, "funding: all_or_nothing", "funding: flexible")
    assert advice_on_well_shaped(site) == []


def updates_advice(silence: str) -> list[str]:
    message = (
        f"Live, and {silence}; post one at least every 14 days: campaigns with regular "
        "updates raised 126% more."
    )
    return [at(0, "updates", message, "Fundera 2019 compilation", file=f"{WELL_SHAPED}/updates/")]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-01T12:00:00+01:00", []),  # upcoming
        ("2026-12-04T00:00:00+01:00", []),  # 14 days after the update of 20 November
        (
            "2026-12-04T00:01:00+01:00",
            updates_advice("the last update was 14 days ago (2026-11-20)"),
        ),
        ("2026-12-10T09:00:00+01:00", []),  # ended: too late to help
    ],
)
def test_updates_every_fourteen_days_while_live(site, now, expected):
    edit(site, "end: 2026-12-03T09:00:00+01:00", "end: 2026-12-10T09:00:00+01:00")
    assert advice_on_well_shaped(site, datetime.fromisoformat(now)) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2026-11-17T09:00:00+01:00", []),  # 14 days after the start: not yet
        (
            "2026-11-17T09:01:00+01:00",
            updates_advice("no update in the 14 days since it started"),
        ),
        ("2026-11-26T12:00:00+01:00", updates_advice("no update in the 23 days since it started")),
    ],
)
def test_a_new_campaign_has_fourteen_days_for_its_first_update(site, now, expected):
    (site / "campaigns/well-shaped/updates/2026-11-20-first-week.md").unlink()
    assert advice_on_well_shaped(site, datetime.fromisoformat(now)) == expected


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("2026-11-20-draft.md", "---\ntitle: Not yet\ndraft: true\n---\nSoon.\n"),
        ("2026-11-30-later.md", "---\ntitle: Later\n---\nWritten ahead.\n"),  # after now
        ("2026-10-20-before.md", "---\ntitle: Before\n---\nComing soon.\n"),  # before the start
    ],
)
def test_drafts_later_updates_and_earlier_ones_do_not_count(site, name, text):
    updates = site / "campaigns/well-shaped/updates"
    (updates / "2026-11-20-first-week.md").unlink()
    (updates / name).write_text(text)
    assert advice_on_well_shaped(site) == updates_advice(
        "no update in the 23 days since it started"
    )


def test_delivery_before_the_campaign_ends(site):
    edit(site, "amount: 25, delivery: 2026-12}", "amount: 25, delivery: 2026-11}")
    edit(site, "amount: 150, delivery: 2027-03}", "amount: 150, delivery: 2025-12}")
    message = "Tier '{}' is to be delivered in {}, before the campaign ends (2026-12-03); give a month from 2026-12 on."
    assert advice_on_well_shaped(site) == [
        at(12, "delivery-date", message.format("zine", "2026-11"), "pledgekit consistency check"),
        at(14, "delivery-date", message.format("frame", "2025-12"), "pledgekit consistency check"),
    ]


TIER_ORDER = (
    "Tier '{}' ({} EUR) comes after '{}' ({} EUR){}; the page lists tiers in the file's order, "
    "and backers compare them from the cheapest up, so order them by amount."
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("amount: 60,", "amount: 160,", TIER_ORDER.format("frame", 150, "print", 160, "")),
        (
            "amount: 5}",
            "amount: 200}",
            TIER_ORDER.format("zine", 25, "thanks", 200, " (2 other tiers too)"),
        ),
        ("amount: 60,", "amount: 25,", None),  # equal amounts side by side are in order
        ("amount: 60,", "amount: 500, draft: true,", None),  # a draft is not on the page
    ],
    ids=["one", "several", "equal", "draft"],
)
def test_tiers_out_of_amount_order(site, old, new, expected):
    edit(site, old, new)
    advice = [at(10, "tier-order", expected, "pledgekit consistency check")] if expected else []
    assert advice_on_well_shaped(site) == advice


@pytest.mark.parametrize(("goal", "advised"), [("42500", False), ("42500.01", True)])
def test_goal_far_above_typical(site, goal, advised):
    edit(site, "goal: 8000", f"goal: {goal}")
    message = (
        "A goal of 42,500.01 EUR is over 5 times the average goal of about $8,500 (USD; "
        "compared as 8,500 EUR without conversion), and more than half of successful projects "
        "raised under $10k (USD). Consider a smaller goal with stretch goals above it."
    )
    expected = [at(6, "goal-size", message, "Kuppuswamy & Bayus 2013; Fundera 2019")]
    assert advice_on_well_shaped(site) == (expected if advised else [])


def hero_advice(name: str, size: str, ratio: str) -> list[str]:
    message = f"The hero image {name} is {size} ({ratio}:1); Kickstarter recommends 16:9 (1.78:1), e.g. 1024×576."
    return [at(3, "hero-ratio", message, "Kickstarter's project image recommendation")]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("hero.png", png(800, 600), hero_advice("hero.png", "800×600", "1.33")),
        ("hero.png", png(1366, 768), []),  # 1.779: close enough
        ("hero.png", png(1920, 1080), []),
        (
            "hero.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200"/>',
            hero_advice("hero.svg", "300×200", "1.50"),
        ),
        (
            "hero.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="100%" viewBox="0 0 32 18"/>',
            [],
        ),
        ("hero.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', []),  # no size: not judged
    ],
)
def test_hero_image_ratio(site, name, content, expected):
    (site / "campaigns/well-shaped" / name).write_bytes(content)
    edit(site, "src: hero.svg", f"src: {name}")
    assert advice_on_well_shaped(site) == expected


def test_a_hero_image_on_another_site_is_not_fetched(site):
    edit(site, "src: hero.svg", "src: https://images.example/hero.jpg")
    assert advice_on_well_shaped(site) == []


# Image sizes from file headers


def jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    exif = b"\xff\xe1" + struct.pack(">H", 2 + 5000) + b"\x00" * 5000
    frame = b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + exif + b"\xff\xff" + frame + b"\xff\xd9"


@pytest.mark.parametrize(
    ("name", "content", "size"),
    [
        ("a.png", png(3, 2), (3, 2)),
        ("a.gif", b"GIF89a" + struct.pack("<HH", 640, 360) + b"\x00" * 8, (640, 360)),
        ("a.jpg", jpeg(1024, 576), (1024, 576)),
        (
            "a.webp",
            b"RIFF\x00\x00\x00\x00WEBPVP8 \x00\x00\x00\x00\x00\x00\x00\x9d\x01\x2a"
            + struct.pack("<HH", 1024, 576),
            (1024, 576),
        ),
        (
            "a.webp",
            b"RIFF\x00\x00\x00\x00WEBPVP8L\x00\x00\x00\x00\x2f"
            + struct.pack("<I", (1024 - 1) | (576 - 1) << 14),
            (1024, 576),
        ),
        (
            "a.webp",
            b"RIFF\x00\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x00\x00\x00\x00"
            + (1919).to_bytes(3, "little")
            + (1079).to_bytes(3, "little"),
            (1920, 1080),
        ),
        (
            "a.avif",
            b"\x00\x00\x00\x1cftypavif"
            + b"\x00" * 16
            + b"\x00\x00\x00\x14ispe\x00\x00\x00\x00"
            + struct.pack(">II", 1200, 675),
            (1200, 675),
        ),
        ("a.svg", b'<svg width="1024px" height="576px" stroke-width="3"/>', (1024, 576)),
        ("a.svg", b"<svg\n  viewBox='0,0,16,9'\n>", (16, 9)),
        ("a.svg", b'<svg width="10cm" height="20mm" viewBox="0 0 4 3"/>', (4, 3)),
        ("a.png", b"\x89PNG\r\n\x1a\n", None),  # cut short
        ("a.jpg", b"\xff\xd8\xff\xe0\x00", None),
        ("a.bmp", b"BM\x00\x00", None),
        ("missing.png", None, None),
    ],
)
def test_image_size_from_headers(tmp_path, name, content, size):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    assert image_size(tmp_path / name) == size


@pytest.mark.parametrize("kind", ["PNG", "GIF", "JPEG", "WEBP"])
def test_image_size_agrees_with_pillow(tmp_path, kind):
    image_module = pytest.importorskip("PIL.Image")
    for width, height in [(1, 1), (1024, 576), (333, 1000)]:
        path = tmp_path / f"{width}x{height}.{kind.lower()}"
        image_module.new("RGB", (width, height), "grey").save(path, kind)
        assert image_size(path) == (width, height)
