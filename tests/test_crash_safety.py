"""Crash safety, tested by killing real child processes with SIGKILL at moments spread over
their run: a build leaves the output folder as the old site or the new one, byte for byte, and
the next build recovers; a ledger import leaves ledger.csv as it was or fully updated."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import EXAMPLE, FIXTURES, REPOSITORY

NOW = "2026-11-26T12:00:00+00:00"
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
# Where in a run to kill it, as fractions of the time an uninterrupted run takes: from before
# Python has started to after the end, closer together near the end, where the swap is.
KILL_POINTS = [0.0, 0.2, 0.4, 0.6, 0.75, 0.85, 0.92, 0.97, 1.02, 1.1]
# On a loaded machine every run is slower: the kills stop once this many seconds have gone
# (after the first few, which always run), so that the test stays bounded.
KILL_BUDGET = 45.0
ALWAYS_TRIED = 5


def kill_points() -> Iterator[float]:
    """The fractions of a run to kill at: the first ALWAYS_TRIED always, the rest while the
    kills have taken less than KILL_BUDGET seconds."""
    started = time.monotonic()
    for tried, fraction in enumerate(KILL_POINTS):
        if tried >= ALWAYS_TRIED and time.monotonic() - started >= KILL_BUDGET:
            return
        yield fraction


def snapshot(folder: Path) -> dict[str, str]:
    """Every path under the folder (hidden ones too) and a digest of its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = f"link:{os.readlink(path)}"
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def start(*arguments: str) -> subprocess.Popen:
    """The CLI in a session of its own: a kill reaches any worker processes it started."""
    return subprocess.Popen(
        [sys.executable, "-m", "pledgekit", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENVIRONMENT,
        start_new_session=True,
    )


def run(*arguments: str) -> float:
    """Run the CLI to the end; the seconds it took."""
    started = time.monotonic()
    process = start(*arguments)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors.decode()
    return time.monotonic() - started


def killed_after(seconds: float, *arguments: str) -> str:
    """Start the CLI and SIGKILL it (and its workers) after `seconds`: 'killed', or
    'finished' when it was done by then."""
    process = start(*arguments)
    try:
        process.wait(timeout=seconds)
        outcome = "finished"
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        outcome = "killed"
    try:  # workers outliving the main process would go on writing: wait until none is left
        for _ in range(100):
            os.killpg(process.pid, 0)
            time.sleep(0.05)
    except ProcessLookupError:
        pass
    process.stderr.close()
    return outcome


def killed_when(happened, *arguments: str) -> str:
    """Start the CLI and SIGKILL it as soon as `happened()` (polled every millisecond or so)."""
    process = start(*arguments)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if happened():
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            process.stderr.close()
            return "killed"
        time.sleep(0.001)
    process.communicate(timeout=60)
    return "finished"


def leftovers(output: Path) -> list[str]:
    """What interrupted builds may leave beside the output: staging and retired folders."""
    return sorted(
        path.name
        for path in output.parent.iterdir()
        if path.name.startswith(f".{output.name}.pledgekit-")
        and not path.name.endswith("pledgekit-cache")
    )


def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one(tmp_path):
    source, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(EXAMPLE, source)
    site_file = source / "site.yaml"
    # Two versions of the content that differ on every page (the site's title is on each).
    texts = {"old": site_file.read_text(encoding="utf-8")}
    texts["new"] = texts["old"].replace("title: Made Nearby", "title: Made Nearer", 1)
    assert texts["new"] != texts["old"]
    command = ["build", "--source", str(source), "--output", str(output), "--now", NOW]

    sites, seconds = {}, {}
    for version in ("old", "new"):  # each built once to the end: the two sites to expect
        site_file.write_text(texts[version], encoding="utf-8")
        seconds[version] = run(*command)
        sites[version] = snapshot(output)
    assert sites["old"] != sites["new"]
    assert sites["old"][".pledgekit-output"] != sites["new"][".pledgekit-output"]
    # A build after a killed one has nothing to link from and writes every file: measured,
    # about a third slower than the second build above. The runs below are mostly such builds.
    build_time = seconds["new"] * 1.3

    # Each run builds the other version than the one in place: killed before the swap, the
    # output must be the site it was; after it, the new one; never a mixture.
    shown = "new"
    outcomes: Counter[str] = Counter()
    tried = 0
    for fraction in kill_points():
        tried += 1
        wanted = "old" if shown == "new" else "new"
        site_file.write_text(texts[wanted], encoding="utf-8")
        ended = killed_after(fraction * build_time, *command)
        now = snapshot(output)
        assert now in (sites[shown], sites[wanted]), (
            f"killed at {fraction:.0%} of {build_time:.2f} s: the output is a mixture: "
            f"{sorted(set(now.items()) ^ set(sites[shown].items()))[:5]}"
        )
        outcome = "before" if now == sites[shown] else "after"
        outcomes[f"{ended}, {outcome}"] += 1
        shown = "old" if now == sites["old"] else "new"
    # And at two moments watched from outside: as the new generation is opened (its marker
    # removed from the staging folder), and as soon as the swap is seen (the output's marker
    # names the other site), while the process still saves its state.
    staging_marker = tmp_path / ".output.pledgekit-cache/previous-site/.pledgekit-output"
    output_marker = output / ".pledgekit-output"
    for moment in ("opened", "swapped"):
        wanted = "old" if shown == "new" else "new"
        site_file.write_text(texts[wanted], encoding="utf-8")
        shown_marker = output_marker.read_bytes()

        def happened(moment=moment, shown_marker=shown_marker) -> bool:
            if moment == "opened":
                return not staging_marker.exists()
            try:
                return output_marker.read_bytes() != shown_marker
            except OSError:
                return False

        ended = killed_when(happened, *command)
        now = snapshot(output)
        assert now in (sites[shown], sites[wanted]), f"killed when {moment}: a mixture"
        outcomes[f"{ended} when {moment}, {'before' if now == sites[shown] else 'after'}"] += 1
        shown = "old" if now == sites["old"] else "new"
    print(f"build killed at {tried + 2} points over {build_time:.2f} s: {dict(outcomes)}")

    # The next build recovers: what a killed build left beside the output is cleared, and it
    # gives exactly the site its content makes.
    version = "new" if shown == "old" else "old"
    site_file.write_text(texts[version], encoding="utf-8")
    run(*command)
    assert snapshot(output) == sites[version]
    assert leftovers(output) == []


def ledger_snapshot(folder: Path) -> tuple[bytes | None, list[str]]:
    """The ledger's bytes (None: no ledger) and the other files beside it."""
    ledger = folder / "ledger.csv"
    others = sorted(path.name for path in folder.iterdir() if path.name != "ledger.csv")
    return (ledger.read_bytes() if ledger.exists() else None), others


def big_stripe_export(path: Path, rows: int) -> None:
    """A Stripe export of many payments, so that the import spends real time merging and
    writing (the fixture's own rows first)."""
    lines = (FIXTURES / "exports/stripe-2026-11-10.csv").read_text(encoding="utf-8").splitlines()
    header, sample = lines[0], lines[1]
    fields = sample.split(",")
    made = [header, *lines[1:]]
    for number in range(rows):
        row = list(fields)
        row[0] = f"ch_crash{number:06d}"
        row[3] = f"2026-11-0{3 + number % 6} {number % 24:02d}:{number % 60:02d}:00"
        row[17] = f"backer{number}@example.org"
        row[26] = f"pi_crash{number:06d}"
        made.append(",".join(row))
    path.write_text("\n".join(made) + "\n", encoding="utf-8")


@pytest.fixture
def ledger_site(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site)
    return site


def test_a_ledger_import_killed_at_any_moment_leaves_the_ledger_as_it_was_or_updated(
    ledger_site, tmp_path
):
    campaign = ledger_site / "campaigns/tenon-lamp"
    first = FIXTURES / "exports/stripe-2026-11-10.csv"
    second = tmp_path / "stripe-big.csv"
    big_stripe_export(second, 5_000)

    def importing(export: Path) -> list[str]:
        return ["ledger", "import", "tenon-lamp", str(export), "--source", str(ledger_site)]

    run(*importing(first))
    before = ledger_snapshot(campaign)
    assert before[0] is not None
    import_time = run(*importing(second))
    after = ledger_snapshot(campaign)
    assert after[0] != before[0] and after[1] == before[1]
    ledger = campaign / "ledger.csv"

    outcomes: Counter[str] = Counter()
    tried = 0
    for fraction in kill_points():
        tried += 1
        ledger.write_bytes(before[0])
        ended = killed_after(fraction * import_time, *importing(second))
        text, others = ledger_snapshot(campaign)
        assert text in (before[0], after[0]), (
            f"killed at {fraction:.0%} of {import_time:.2f} s: the ledger is partly written "
            f"({len(text or b'')} bytes; {len(before[0])} before, {len(after[0])} after)"
        )
        outcome = "before" if text == before[0] else "after"
        outcomes[f"{ended}, {outcome}"] += 1
        # A temporary file a kill left holds part of the ledger (named backers): it must not
        # stay for good, and must not stop the next import (checked below).
        stray = [name for name in others if name not in before[1]]
        assert all(name.startswith((".ledger.csv.", ".ledger-sync.json.")) for name in stray), stray
        outcomes["temporary file left"] += bool(stray)
    print(f"import killed at {tried} points over {import_time:.2f} s: {dict(outcomes)}")

    ledger.write_bytes(before[0])
    (campaign / ".ledger.csv.k1ll3d_x").write_text("half a ledger", encoding="utf-8")
    (campaign / ".ledger.csv.backup").write_text("the creator's own copy", encoding="utf-8")
    run(*importing(second))  # whatever the kills left beside it, the import works
    # and clears the temporary files left by kills, but not a file of the creator's
    (campaign / ".ledger.csv.backup").unlink()
    assert ledger_snapshot(campaign) == after
    run(*importing(second))  # the same export again changes nothing
    assert ledger_snapshot(campaign) == after
