"""Freshness (issue 21): every total says when its sources were last read (ledger-sync.json,
written by `ledger sync` and `ledger import`); the page says "Updated 3 hours ago" while the
campaign is not over, and past site.yaml's stale_after_hours a live campaign's page says its
figures may be out of date. A campaign without the record shows what it showed before."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support import (
    FIXED_NOW,
    HERO_SVG,
    campaign_yaml,
    invoke,
    parse_html,
    site_yaml,
    write_site,
)

from pledgekit.build import build
from pledgekit.model.state import CampaignState
from pledgekit.plan.window import DISTANT_PAST, Freshness, TimeAgo, freshness_at

NOW_UTC = FIXED_NOW.astimezone(UTC)  # 2026-11-26 11:00 UTC
ENGLISH_ONLY = site_yaml(languages="[]")


def record(**sources: str) -> str:
    """A ledger-sync.json as `ledger sync` writes it; source names use _ for -."""
    entries = {name.replace("_", "-"): {"as_of": moment} for name, moment in sources.items()}
    return json.dumps({"version": 1, "sources": entries}, indent=2) + "\n"


def ago(**delta: float) -> str:
    """The moment `delta` before the build, as the record writes it."""
    return (NOW_UTC - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def site_with(tmp_path: Path, sync: str | None, site: str = ENGLISH_ONLY, **fields: object) -> Path:
    files: dict[str, str | bytes] = {
        "campaign.yaml": campaign_yaml(**fields),
        "story.md": "A story.\n",
        "hero.svg": HERO_SVG,
    }
    if sync is not None:
        files["ledger-sync.json"] = sync
    return write_site(tmp_path / "site", site=site, campaigns={"lamp": files})


def built(tmp_path: Path, sync: str | None, site: str = ENGLISH_ONLY, **fields: object) -> Path:
    output = tmp_path / "output"
    build(site_with(tmp_path, sync, site, **fields), output, FIXED_NOW)
    return output


def text(element) -> str:
    return " ".join(element.text.split())


def page_of(output: Path, language: str = ""):
    return parse_html(output / language / "campaigns/lamp/index.html")


# The fixture campaign: live from 1 November to 31 December 2026; ends and upcoming moved.
ENDED = {"start": "2026-10-01T09:00:00+02:00", "end": "2026-11-20T09:00:00+01:00"}
UPCOMING = {"start": "2026-12-01T09:00:00+01:00", "end": "2026-12-31T09:00:00+01:00"}
FUNDED = {"totals": "{raised: 25000, backers: 90, updated: 2026-11-25T18:00:00+01:00}"}


def test_the_page_says_how_long_ago_the_stalest_source_was_read(tmp_path):
    sync = record(stripe=ago(hours=2, minutes=50), paypal=ago(hours=3, minutes=20))
    page = page_of(built(tmp_path, sync))
    updated = page.select_one(".stats__updated")
    assert text(updated) == "Updated 3 hours ago."
    time = updated.select_one("time")
    assert time["datetime"] == "2026-11-26T07:40:00+00:00"  # paypal's, the older
    assert time["data-just-now"] == "just now"
    notice = page.select_one(".stats__stale")
    assert notice.has_attr("hidden")  # 3 hours: not out of date yet
    assert text(notice) == "These figures were last updated 3 hours ago and may be out of date."
    assert notice["data-stale-after-hours"] == "48"
    scripts = [script["src"] for script in page.select("script[src]")]
    assert scripts == ["../../static/updated-ago.js", "../../static/share.js"]


def test_an_export_imported_by_hand_goes_stale_only_alone(tmp_path):
    """Bank transfers imported ten days ago beside Stripe synced two hours ago: the synced
    source decides (a review found the notice stuck on such a page); alone, the import does."""
    mixed = record(stripe=ago(hours=2, minutes=5), generic_export=ago(days=10))
    page = page_of(built(tmp_path / "mixed", mixed))
    assert text(page.select_one(".stats__updated")) == "Updated 2 hours ago."
    assert page.select_one(".stats__stale").has_attr("hidden")
    alone = page_of(built(tmp_path / "alone", record(generic_export=ago(days=10))))
    assert text(alone.select_one(".stats__updated")) == "Updated 10 days ago."
    assert not alone.select_one(".stats__stale").has_attr("hidden")


def test_the_page_says_it_in_french_and_arabic(tmp_path):
    output = built(tmp_path, record(stripe=ago(days=2, hours=2)), site=site_yaml())
    french = page_of(output, "fr")
    assert text(french.select_one(".stats__updated")) == "Mis à jour il y a 2 jours."
    assert text(french.select_one(".stats__stale")) == (
        "Ces chiffres ont été mis à jour pour la dernière fois il y a 2 jours et ne sont "
        "peut-être plus à jour."
    )
    arabic = page_of(output, "ar")
    assert text(arabic.select_one(".stats__updated")) == "آخر تحديث قبل يومين."  # two: dual
    assert not arabic.select_one(".stats__stale").has_attr("hidden")  # 50 hours: stale


@pytest.mark.parametrize(
    ("days", "said"),
    [(1, "قبل يوم واحد"), (3, "قبل 3 أيام"), (11, "قبل 11 يومًا"), (24, "قبل 24 يومًا")],
)
def test_arabic_says_days_in_their_plural_forms(tmp_path, days, said):
    site = site_yaml(language="ar", languages="[]")
    page = page_of(built(tmp_path, record(stripe=ago(days=days, minutes=5)), site=site))
    assert text(page.select_one(".stats__updated time")) == said


@pytest.mark.parametrize(
    ("before", "said"),
    [
        (timedelta(seconds=30), "just now"),
        (timedelta(seconds=-300), "just now"),  # a clock ahead of the build's
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=59, seconds=59), "59 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=23, minutes=59), "23 hours ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=12, hours=23), "12 days ago"),
    ],
)
def test_the_largest_whole_unit_is_said(tmp_path, before, said):
    moment = (NOW_UTC - before).strftime("%Y-%m-%dT%H:%M:%SZ")
    page = page_of(built(tmp_path, record(stripe=moment)))
    assert text(page.select_one(".stats__updated time")) == said


@pytest.mark.parametrize(
    ("fields", "site", "before", "shown"),
    [
        ({}, ENGLISH_ONLY, timedelta(hours=48), True),
        ({}, ENGLISH_ONLY, timedelta(hours=47, minutes=59, seconds=59), False),
        ({}, site_yaml(languages="[]", stale_after_hours=72), timedelta(hours=50), False),
        ({}, site_yaml(languages="[]", stale_after_hours=1), timedelta(hours=1), True),
        (FUNDED, ENGLISH_ONLY, timedelta(days=3), True),  # funded still takes pledges
    ],
)
def test_the_notice_shows_past_the_threshold_for_a_campaign_taking_pledges(
    tmp_path, fields, site, before, shown
):
    moment = (NOW_UTC - before).strftime("%Y-%m-%dT%H:%M:%SZ")
    notice = page_of(built(tmp_path, record(stripe=moment), site, **fields)).select_one(
        ".stats__stale"
    )
    assert notice.has_attr("hidden") is not shown


def test_an_upcoming_campaign_says_how_fresh_but_no_notice(tmp_path):
    page = page_of(built(tmp_path, record(stripe=ago(days=5)), **UPCOMING))
    assert text(page.select_one(".stats__updated")) == "Updated 5 days ago."
    assert page.select_one(".stats__stale") is None


def test_an_ended_campaign_says_the_moment_and_no_notice(tmp_path):
    page = page_of(built(tmp_path, record(stripe="2026-11-21T08:30:00Z"), **ENDED))
    updated = page.select_one(".stats__updated")
    assert text(updated) == (
        "Totals last updated November 21, 2026, 9:30 AM (Central European Time)."
    )
    assert updated.select_one("time")["datetime"] == "2026-11-21T08:30:00+00:00"
    assert page.select_one("[data-ago]") is None
    assert page.select_one(".stats__stale") is None
    assert page.select_one('script[src$="updated-ago.js"]') is None


def test_the_appeal_theme_says_it_near_its_figures(tmp_path):
    site = site_yaml(languages="[]", theme="appeal")
    page = page_of(built(tmp_path, record(stripe=ago(days=4)), site))
    progress = page.select_one("#progress")
    assert text(progress.select_one(".stats__updated")) == "Updated 4 days ago."
    assert text(progress.select_one(".stats__stale")) == (
        "These figures were last updated 4 days ago and may be out of date."
    )
    assert not progress.select_one(".stats__stale").has_attr("hidden")
    assert page.select_one('script[src="../../static/updated-ago.js"]') is not None


def test_totals_json_carries_each_sources_as_of_and_the_oldest(tmp_path):
    sync = record(
        stripe="2026-11-26T10:00:00Z",
        paypal="2026-11-25T08:12:00Z",
        generic_export="2026-11-01T00:00:00Z",
    )
    data = json.loads((built(tmp_path, sync) / "campaigns/lamp/totals.json").read_text())
    assert data["as_of"] == "2026-11-25T08:12:00+00:00"  # the oldest synced source's
    assert data["sources"] == {
        "generic-export": {"as_of": "2026-11-01T00:00:00+00:00"},
        "paypal": {"as_of": "2026-11-25T08:12:00+00:00"},
        "stripe": {"as_of": "2026-11-26T10:00:00+00:00"},
    }
    assert data["updated"] == "2026-11-25T18:00:00+01:00"  # when the totals were counted


def test_without_a_record_the_page_is_as_it_was(tmp_path):
    output = built(tmp_path / "none", None, site=site_yaml())
    for language, said in (
        ("", "Totals last updated November 25, 2026, 6:00 PM (Central European Time)."),
        ("fr", "Totaux mis à jour le 25 novembre 2026, 18:00 (heure d’Europe centrale)."),
    ):
        page = page_of(output, language)
        assert text(page.select_one(".stats__updated")) == said
        assert page.select_one("[data-ago]") is None
        assert page.select_one(".stats__stale") is None
        assert page.select_one('script[src$="updated-ago.js"]') is None
    data = json.loads((output / "campaigns/lamp/totals.json").read_text())
    assert (data["as_of"], data["sources"]) == ("2026-11-25T18:00:00+01:00", {})
    # A record that names no source yet says nothing either: the same bytes.
    empty = built(tmp_path / "empty", record(), site=site_yaml())
    for path in (
        "campaigns/lamp/index.html",
        "fr/campaigns/lamp/index.html",
        "ar/campaigns/lamp/poster/index.html",
    ):
        assert (empty / path).read_bytes() == (output / path).read_bytes(), path


def test_a_record_is_never_published(tmp_path):
    output = built(tmp_path, record(stripe=ago(hours=1)))
    assert sorted(path.name for path in output.rglob("ledger-sync*")) == []


def checked(tmp_path: Path, sync: str) -> list[str]:
    source = site_with(tmp_path, sync)
    result = invoke("check", "--source", ".", "--now", FIXED_NOW.isoformat(), cwd=source)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.output.splitlines() if line.startswith("campaigns/")]


ANEW = "; delete the file, and the next `pledgekit ledger sync` or `import` writes it anew"
EXAMPLE = '{"version": 1, "sources": {"stripe": {"as_of": "2026-12-07T10:00:00Z"}}}'


def test_a_malformed_record_is_refused_at_each_place(tmp_path):
    sync = (
        "{\n"
        '  "version": 1,\n'
        '  "sources": {\n'
        '    "stripe": {"as_of": "2026-12-07 10:00"},\n'
        '    "Stripe\\u202e": {"as_of": "2026-12-07T10:00:00Z"},\n'
        '    "paypal-export": {"as_of": "2026-02-30T10:00:00Z"},\n'
        '    "cash": {"as_of": "1999-12-31T23:59:59Z"},\n'
        '    "bank": {},\n'
        '    "open-collective": [],\n'
        '    "arabic-digits": {"as_of": "٢٠٢٦-12-07T10:00:00Z"}\n'
        "  }\n"
        "}\n"
    )
    file = "campaigns/lamp/ledger-sync.json"
    assert checked(tmp_path, sync) == [
        f"{file}:4:25: sources.stripe.as_of: must be a moment in UTC to the second, ending in Z,"
        ' such as "2026-12-07T10:00:00Z"; got "2026-12-07 10:00"',
        f'{file}:5:5: sources: "Stripe\\u202e" is not a source name: lower-case letters, digits,'
        " '-' and '_', at most 64 characters",
        f'{file}:6:32: sources.paypal-export.as_of: "2026-02-30T10:00:00Z" is not a moment: day is'
        " out of range for month",
        f'{file}:7:23: sources.cash.as_of: "1999-12-31T23:59:59Z" is out of range: from 2000 to'
        " 2099",
        f'{file}:8:13: sources.bank: "as_of" is missing: when the source was last read, such as'
        ' "2026-12-07T10:00:00Z"',
        f'{file}:9:24: sources.open-collective: must be an object such as {{"as_of":'
        ' "2026-12-07T10:00:00Z"}',
        f"{file}:10:32: sources.arabic-digits.as_of: must be a moment in UTC to the second, ending"
        ' in Z, such as "2026-12-07T10:00:00Z"; got "\\u0662\\u0660\\u0662\\u0666-12-07T10:00:00…',
    ]


@pytest.mark.parametrize(
    ("sync", "expected"),
    [
        (
            '{"version": 1,\n "sources": {',
            "2:14: not valid JSON: Expecting property name enclosed in double quotes" + ANEW,
        ),
        ("[1]", f"1:1: must be a JSON object such as {EXAMPLE}{ANEW}"),
        ('{"version": "1", "sources": {}}', f'1:13: version: must be 1, got "1"{ANEW}'),
        (
            '{"version": 2, "sources": {}}',
            "1:13: version: version 2 was written by a newer pledgekit (this one reads version"
            " 1): upgrade pledgekit",
        ),
        ('{"version": 1}', f'1:1: "sources" is missing ({EXAMPLE}){ANEW}'),
        (
            '{"version": 1, "sources": [1]}',
            f"1:27: sources: must be an object of sources such as {EXAMPLE}{ANEW}",
        ),
        (
            json.dumps({"version": 1, "sources": {f"s{n}": {} for n in range(101)}}),
            f"1:27: sources: holds 101 sources, more than 100{ANEW}",
        ),
        ("[" * 100_000, "1:1: not valid JSON: values are nested too deeply" + ANEW),
        (
            '{"version": 1, "sources": {}}' + " " * (1024 * 1024),
            "1:1: file is too large (1048605 bytes; the limit is 1 MB)",
        ),
    ],
)
def test_a_record_that_cannot_be_read_is_one_located_problem(tmp_path, sync, expected):
    assert checked(tmp_path, sync) == [f"campaigns/lamp/ledger-sync.json:{expected}"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "must be 1 or more, got '0'"),
        ("8761", "must be at most 8,760, got '8761'"),
        ("2.5", "must be a whole number such as 3, got '2.5'"),
    ],
)
def test_the_threshold_is_bounded(tmp_path, value, message):
    source = site_with(tmp_path, None, site=site_yaml(stale_after_hours=value))
    result = invoke("check", "--source", ".", cwd=source)
    assert result.exit_code == 1
    assert f"site.yaml:7:20: stale_after_hours: {message}" in result.output.splitlines()


MOMENT = datetime(2026, 11, 26, 7, 40, tzinfo=UTC)


def test_the_words_hold_until_the_count_changes():
    three = TimeAgo.between(MOMENT, MOMENT + timedelta(hours=3, minutes=20))
    assert three == TimeAgo(3, "hours")
    assert three.stays_between(MOMENT) == (
        MOMENT + timedelta(hours=3),
        MOMENT + timedelta(hours=4),
    )
    now = TimeAgo.between(MOMENT, MOMENT + timedelta(seconds=59))
    assert now == TimeAgo(0, "now")
    assert now.stays_between(MOMENT) == (DISTANT_PAST, MOMENT + timedelta(minutes=1))


def test_the_page_is_kept_until_the_notice_would_appear_and_from_then():
    live = CampaignState.LIVE
    before = freshness_at(MOMENT, live, MOMENT + timedelta(hours=29, minutes=30), 30)
    assert (before.ago, before.stale) == (TimeAgo(1, "days"), False)
    assert before.stays_between() == (MOMENT + timedelta(days=1), MOMENT + timedelta(hours=30))
    after = freshness_at(MOMENT, live, MOMENT + timedelta(hours=30), 30)
    assert (after.ago, after.stale) == (TimeAgo(1, "days"), True)
    assert after.stays_between() == (MOMENT + timedelta(hours=30), MOMENT + timedelta(days=2))
    upcoming = freshness_at(MOMENT, CampaignState.UPCOMING, MOMENT + timedelta(hours=31), 30)
    assert upcoming == Freshness(MOMENT, TimeAgo(1, "days"), False, False, 30)
    assert upcoming.stays_between() == (MOMENT + timedelta(days=1), MOMENT + timedelta(days=2))


def test_a_campaign_is_rendered_again_only_when_its_words_change(tmp_path):
    site = site_yaml(languages="[]", stale_after_hours=30)
    source = site_with(tmp_path, record(stripe=ago(hours=29, minutes=30)), site)
    output, cold = tmp_path / "output", tmp_path / "cold"
    for minutes, rendered, stale in ((0, 1, False), (20, 0, False), (40, 1, True), (50, 0, True)):
        now = FIXED_NOW + timedelta(minutes=minutes)
        assert build(source, output, now).rendered == rendered, f"{minutes} minutes later"
        notice = page_of(output).select_one(".stats__stale")
        assert notice.has_attr("hidden") is not stale
        build(source, cold, now, fresh=True)
        assert (output / "campaigns/lamp/index.html").read_bytes() == (
            cold / "campaigns/lamp/index.html"
        ).read_bytes()


def test_an_ended_campaign_is_not_rendered_again_as_its_record_ages(tmp_path):
    source = site_with(tmp_path, record(stripe="2026-11-21T08:30:00Z"), **ENDED)
    output = tmp_path / "output"
    assert build(source, output, FIXED_NOW).rendered == 1
    for days in (1, 30, 400):
        assert build(source, output, FIXED_NOW + timedelta(days=days)).rendered == 0
