"""Incremental builds write exactly what a cold build writes, and rewrite only what changed.

A scripted sequence of edits runs against one output folder that is built incrementally after
each edit; a cold build (cache forgotten) of the same content into another folder must be
byte-identical, over the whole output tree, not a list of known files.
"""

from __future__ import annotations

import os
import shutil
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from support import EXAMPLE, FIXED_NOW, FIXTURES

from pledgekit import parallel
from pledgekit.build import build
from pledgekit.cache import BuildCache
from pledgekit.parts.context import KeptBetweenBuilds


def tree(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def stamps(output: Path) -> dict[str, tuple[int, int]]:
    return {
        path.relative_to(output).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    """Files added, removed, or written again (a new inode or a new mtime)."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The fixture site with a campaign in every state, plus the example appeal and its ledger."""
    source = tmp_path / "site"
    shutil.copytree(FIXTURES / "states", source)
    shutil.copytree(
        EXAMPLE / "campaigns" / "winter-shelter-lille",
        source / "campaigns" / "winter-shelter-lille",
    )
    return source


def _edits(site: Path) -> list[tuple[str, object]]:
    campaigns = site / "campaigns"
    lamp = campaigns / "live-lamp"
    return [
        ("story", lambda: edit(lamp / "story.md", "\n", "\nA new sentence in the story.\n")),
        ("tier amount", lambda: edit(lamp / "campaign.yaml", "amount: 79", "amount: 85")),
        (
            "new update",
            lambda: (lamp / "updates" / "2026-11-20-shipping-news.md").write_text(
                "---\ntitle: Shipping news\n---\nBoxes are ready.\n", encoding="utf-8"
            ),
        ),
        (
            "ledger row",
            lambda: (campaigns / "winter-shelter-lille" / "ledger.csv").write_text(
                (campaigns / "winter-shelter-lille" / "ledger.csv").read_text(encoding="utf-8")
                + "paypal,9Z0009999999999X,2026-11-25T10:00:00Z,payment,500.00,EUR,0,paid,,,,"
                "aaaabbbbccccdddd,0,,\n",
                encoding="utf-8",
            ),
        ),
        (
            "sources read",  # "Updated 3 hours ago" (ledger-sync.json)
            lambda: (campaigns / "winter-shelter-lille" / "ledger-sync.json").write_text(
                '{"version": 1, "sources": {"paypal-export": {"as_of": "2026-11-26T07:55:00Z"}}}\n',
                encoding="utf-8",
            ),
        ),
        (
            "stale threshold",  # the figures are now out of date: the notice shows
            lambda: edit(site / "site.yaml", "per_page: 2", "per_page: 2\nstale_after_hours: 3"),
        ),
        (
            "template override",
            lambda: (
                (site / "templates" / "components").mkdir(parents=True)
                or (site / "templates" / "components" / "state_badge.html").write_text(
                    '{% macro state_badge(campaign) %}<b class="badge">{{ campaign.state.value }}'
                    "</b>{% endmacro %}\n",
                    encoding="utf-8",
                )
            ),
        ),
        ("site setting", lambda: edit(site / "site.yaml", "per_page: 2", "per_page: 3")),
        (
            "theme option",
            lambda: edit(
                site / "site.yaml", "per_page: 3", "per_page: 3\ntheme_options: {cards: list}"
            ),
        ),
        (
            "theme option changed",
            lambda: edit(site / "site.yaml", "{cards: list}", "{cards: list, accent: '#7a2e8c'}"),
        ),
        (
            "site stylesheet",
            lambda: (
                (site / "static").mkdir()
                or (site / "static" / "site.css").write_text(":root{--accent:#063}\n")
            ),
        ),
        ("new campaign", lambda: shutil.copytree(lamp, campaigns / "live-lamp-two")),
        (
            "draft campaign",
            lambda: edit(campaigns / "live-lamp-two" / "campaign.yaml", "\n", "\ndraft: true\n"),
        ),
        ("deleted campaign", lambda: shutil.rmtree(campaigns / "failed-game")),
        (
            "asset changed",
            lambda: (lamp / "hero.svg").write_text((lamp / "hero.svg").read_text() + "\n"),
        ),
    ]


@pytest.mark.parametrize("jobs", [1, 2])
def test_incremental_equals_cold_after_every_edit(site, tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(parallel, "TASKS_PER_WORKER", 1)  # use worker processes even here
    incremental, cold = tmp_path / "incremental", tmp_path / "cold"
    build(site, incremental, FIXED_NOW, jobs=jobs)
    for name, apply in [("nothing", lambda: None), *_edits(site)]:
        apply()
        build(site, incremental, FIXED_NOW, jobs=jobs)
        build(site, cold, FIXED_NOW, jobs=jobs, fresh=True)
        assert tree(incremental) == tree(cold), f"after the edit: {name}"


def test_the_passing_of_time_is_an_edit_too(site, tmp_path):
    """A later moment changes the days left, starts and ends campaigns: like a cold build."""
    incremental, cold = tmp_path / "incremental", tmp_path / "cold"
    for hours in (0, 1, 30, 24 * 20, 24 * 60):
        now = FIXED_NOW + timedelta(hours=hours)
        build(site, incremental, now)
        build(site, cold, now, fresh=True)
        assert tree(incremental) == tree(cold), f"{hours} hours later"


def test_only_what_depends_on_an_edit_is_rewritten(site, tmp_path):
    output = tmp_path / "output"
    build(site, output, FIXED_NOW)
    build(site, output, FIXED_NOW)  # the second build keeps the first as its previous generation
    before = stamps(output)
    build(site, output, FIXED_NOW + timedelta(minutes=1))
    assert rewritten(before, stamps(output)) == set(), "nothing changed"

    edit(site / "campaigns" / "live-lamp" / "story.md", "\n", "\nOne more sentence.\n")
    build(site, output, FIXED_NOW)
    after = stamps(output)
    assert rewritten(before, after) == {"campaigns/live-lamp/index.html", ".pledgekit-output"}

    before = after
    edit(site / "campaigns" / "live-lamp" / "campaign.yaml", "title: ", "title: Renamed ")
    build(site, output, FIXED_NOW)
    changed = rewritten(before, stamps(output))
    assert "campaigns/funded-book/index.html" not in changed
    assert {"campaigns/live-lamp/index.html", "campaigns/live-lamp/card/index.html"} <= changed
    assert any(path == "index.html" or path.startswith("page/") for path in changed)


def test_a_watcher_names_what_changed_and_nothing_else_is_looked_at(site, tmp_path):
    """`pledgekit serve` passes the paths its watcher saw; other campaigns are trusted."""
    output, cold = tmp_path / "output", tmp_path / "cold"
    build(site, output, FIXED_NOW)
    story = site / "campaigns" / "live-lamp" / "story.md"
    edit(story, "\n", "\nWatched sentence.\n")
    build(site, output, FIXED_NOW, changed=[story])
    build(site, cold, FIXED_NOW, fresh=True)
    assert tree(output) == tree(cold)

    unseen = site / "campaigns" / "funded-book" / "story.md"
    edit(unseen, "\n", "\nA change no watcher reported.\n")
    build(site, output, FIXED_NOW, changed=[])
    assert (
        "A change no watcher reported."
        not in tree(output)["campaigns/funded-book/index.html"].decode()
    )
    build(site, output, FIXED_NOW)  # without a watcher every folder is looked at
    assert (
        "A change no watcher reported." in tree(output)["campaigns/funded-book/index.html"].decode()
    )


def test_the_work_left_in_the_background_outlives_a_change_of_folder(site, tmp_path, monkeypatch):
    """The state is written after build() returns; a relative --output still names the folder
    it named when the build started, even if the process has moved on by then."""
    moved = threading.Event()
    write_state = BuildCache._write_state

    def write_once_moved(cache, state):
        moved.wait(timeout=30)
        write_state(cache, state)

    monkeypatch.setattr(BuildCache, "_write_state", write_once_moved)
    monkeypatch.chdir(tmp_path)
    kept = KeptBetweenBuilds()
    build(site, Path("relative-output"), FIXED_NOW, kept=kept)
    monkeypatch.chdir(site)
    moved.set()
    kept.caches.wait()
    assert (tmp_path / ".relative-output.pledgekit-cache" / "state.pickle").is_file()


def test_the_campaign_list_of_one_folder_is_never_given_for_another(tmp_path, monkeypatch):
    """Two copies of a site with the same mtimes, named by the same relative path in turn."""
    from pledgekit.load.content import FolderListings, campaign_folders

    listings = FolderListings()  # as a server keeps them across its builds
    for name, campaigns in (("one", ["lamp"]), ("two", ["garden", "lamp"])):
        for slug in campaigns:
            (tmp_path / name / "content/campaigns" / slug).mkdir(parents=True)
    stamp = 1_700_000_000_000_000_000
    for name in ("one", "two"):
        os.utime(tmp_path / name / "content/campaigns", ns=(stamp, stamp))
    monkeypatch.chdir(tmp_path / "one")
    assert list(campaign_folders(Path("content"), listings)) == ["lamp"]
    assert list(campaign_folders(Path("content"), listings)) == ["lamp"]  # kept, and right
    monkeypatch.chdir(tmp_path / "two")
    assert list(campaign_folders(Path("content"), listings)) == ["garden", "lamp"]
