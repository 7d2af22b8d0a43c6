"""Imports at once into one ledger (issue 20, class 8): the ledger's lock is held from reading
it to replacing it, so every run keeps its rows; a run never deletes another's temporary file;
a lock held too long ends in a message. Every wait here is bounded."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support import HERO_SVG, REPOSITORY, campaign_yaml, site_yaml, write_site

from pledgekit.ledger import importing
from pledgekit.ledger.importing import import_export
from pledgekit.ledger.lock import ledger_lock
from pledgekit.ledger.store import LEDGER_FILE, read_ledger
from pledgekit.ledger.sync.state import SYNC_FILE
from pledgekit.problems import ContentErrors
from pledgekit.validate.folder import validated_site

SECONDS = 60  # the most any one step here may take


def small_site(folder: Path) -> Path:
    files = {"campaign.yaml": campaign_yaml(), "hero.svg": HERO_SVG, "story.md": "A lamp.\n"}
    return write_site(folder / "content", site=site_yaml(), campaigns={"lamp": files})


def generic_export(path: Path, prefix: str, rows: int) -> set[str]:
    """A generic export of `rows` payments whose ids start with `prefix`; the ids."""
    ids = [f"{prefix}-{number:05d}" for number in range(rows)]
    lines = [
        f"{id_},2026-11-{1 + number % 28:02d},{5 + number % 90},EUR"
        for number, id_ in enumerate(ids)
    ]
    path.write_text("id,date,amount,currency\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return set(ids)


def ledger_ids(folder: Path) -> set[str]:
    rows, problems = read_ledger(folder / LEDGER_FILE, LEDGER_FILE)
    assert problems == []
    return {row.transaction_id for row in rows}


def campaign_of(site: Path):
    return next(campaign for campaign in validated_site(site).campaigns if campaign.slug == "lamp")


def test_an_import_waits_for_one_under_way_and_both_keep_their_rows(tmp_path, monkeypatch):
    """The first import stops between reading the ledger and writing it; a second starts then.
    Without a lock, the second writes first and the first writes over it: its rows are lost."""
    site = small_site(tmp_path)
    folder = site / "campaigns/lamp"
    first_ids = generic_export(tmp_path / "first.csv", "first", 50)
    second_ids = generic_export(tmp_path / "second.csv", "second", 50)
    campaign = campaign_of(site)
    first_has_read, go_on = threading.Event(), threading.Event()
    real_merge, calls, failures = importing.merge, [], []

    def merge_that_stops_the_first_time(existing, imported):
        calls.append(len(imported))
        if len(calls) == 1:
            first_has_read.set()
            assert go_on.wait(SECONDS)
        return real_merge(existing, imported)

    monkeypatch.setattr(importing, "merge", merge_that_stops_the_first_time)

    def run(export: Path) -> None:
        try:
            import_export(campaign, folder, export, export.name, None, dry_run=False)
        except BaseException as error:  # the test thread reports it
            failures.append(error)

    first = threading.Thread(target=run, args=(tmp_path / "first.csv",), daemon=True)
    first.start()
    assert first_has_read.wait(SECONDS)
    second = threading.Thread(target=run, args=(tmp_path / "second.csv",), daemon=True)
    second.start()
    second.join(1.0)  # without a lock it is done by now
    go_on.set()
    for thread in (first, second):
        thread.join(SECONDS)
        assert not thread.is_alive()
    assert failures == []
    assert ledger_ids(folder) == first_ids | second_ids
    assert sorted(path.name for path in folder.iterdir() if path.name.startswith(".")) == []


def test_an_import_never_deletes_the_temporary_file_of_one_under_way(tmp_path):
    """A run under way holds the lock and writes its temporary file; another run waits, and
    removes temporary files only once it holds the lock (then they are a killed run's)."""
    site = small_site(tmp_path)
    folder = site / "campaigns/lamp"
    ledger = folder / LEDGER_FILE
    imported = generic_export(tmp_path / "export.csv", "later", 20)
    campaign = campaign_of(site)
    failures: list[BaseException] = []

    def run() -> None:
        try:
            import_export(campaign, folder, tmp_path / "export.csv", "export.csv", None, False)
        except BaseException as error:
            failures.append(error)

    under_way = folder / f".{LEDGER_FILE}.abcd1234"
    with ledger_lock(ledger, LEDGER_FILE):
        under_way.write_text(
            "processor,transaction_id,date,kind,gross,currency,refunded,status,refers_to,tier,backer,backer_ref\n"
            "generic,first,2026-11-01T00:00:00Z,payment,5,EUR,0,paid,,,,\n",
            encoding="utf-8",
        )
        other = threading.Thread(target=run, daemon=True)
        other.start()
        other.join(1.0)
        assert under_way.exists(), "the temporary file of the run under way was deleted"
        assert other.is_alive()  # waiting for the lock
        os.replace(under_way, ledger)  # the run under way finishes
    other.join(SECONDS)
    assert not other.is_alive() and failures == []
    assert ledger_ids(folder) == imported | {"first"}


def test_a_lock_held_too_long_ends_the_import_with_a_message(tmp_path):
    site = small_site(tmp_path)
    folder = site / "campaigns/lamp"
    generic_export(tmp_path / "export.csv", "late", 5)
    campaign = campaign_of(site)
    ledger = folder / LEDGER_FILE
    started = time.monotonic()
    with ledger_lock(ledger, LEDGER_FILE), pytest.raises(ContentErrors) as raised:
        import_export(
            campaign, folder, tmp_path / "export.csv", "export.csv", None, False, wait=0.5
        )
    assert 0.5 <= time.monotonic() - started < SECONDS
    assert [str(problem) for problem in raised.value.problems] == [
        f"{ledger}:1:1: another `pledgekit ledger import` or `ledger sync` has been writing this "
        "ledger for more than 0.5 s (it holds .ledger.csv.lock); nothing was written: run the "
        "command again when it has finished"
    ]
    assert not ledger.exists()
    assert sorted(path.name for path in folder.iterdir() if path.name.startswith(".")) == []


def test_a_dry_run_takes_no_lock(tmp_path):
    site = small_site(tmp_path)
    folder = site / "campaigns/lamp"
    generic_export(tmp_path / "export.csv", "dry", 5)
    with ledger_lock(folder / LEDGER_FILE, LEDGER_FILE):
        report = import_export(
            campaign_of(site), folder, tmp_path / "export.csv", "export.csv", None, True, wait=0
        )
    assert len(report.changes.added) == 5 and not (folder / LEDGER_FILE).exists()


@pytest.mark.parametrize("processes", [4])
def test_processes_importing_at_once_keep_every_row(tmp_path, processes):
    """`pledgekit ledger import` in several processes at once, each with its own export of
    3,000 payments (as in the issue's report): the ledger ends with all of them."""
    site = small_site(tmp_path)
    folder = site / "campaigns/lamp"
    before = sorted(path.name for path in folder.iterdir())
    expected: set[str] = set()
    for number in range(processes):
        expected |= generic_export(tmp_path / f"export-{number}.csv", f"run{number}", 3_000)
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pledgekit",
                "ledger",
                "import",
                "lamp",
                f"export-{number}.csv",
                "--source",
                "content",
            ],
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(processes)
    ]
    deadline = time.monotonic() + 5 * SECONDS
    try:
        for run in runs:
            _, errors = run.communicate(timeout=max(1, deadline - time.monotonic()))
            assert run.returncode == 0, errors
    finally:
        for run in runs:
            run.kill()
    assert ledger_ids(folder) == expected
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [*before, LEDGER_FILE, SYNC_FILE]
    )
