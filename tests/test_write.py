"""Writing the output: all or nothing, and never losing the previous site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import FIXTURES, REPOSITORY

from pledgekit.cache import BuildCache, CacheMemory, OutputRecord
from pledgekit.parts.shared import SharedFacts
from pledgekit.write import MARKER, OutputGeneration, _recover

# As a process's builds share one (build.py's KeptBetweenBuilds): each write waits for the
# state the last one saves in the background before it reads it.
CACHE_MEMORY = CacheMemory()


def write_site(output: Path, files: dict[str, bytes], fail_after: int | None = None) -> None:
    """Write a site of exact files the way a build does: into a new generation, then swap."""
    source = output.parent / "src"
    cache = BuildCache.beside(output, CACHE_MEMORY)
    generation = OutputGeneration(output, source, cache, cache.load(source))
    placer = generation.placer("all")
    for number, (path, content) in enumerate(files.items()):
        if number == fail_after:
            raise RuntimeError("disk full")
        placer.write(path, content)
    facts = SharedFacts(pages=0, written=placer.written)
    generation.commit({"all": OutputRecord("", (None, None), placer.placed, facts)})


def snapshot(output: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file's bytes, inode and mtime."""
    return {
        path.relative_to(output).as_posix(): (
            path.read_bytes(),
            path.stat().st_ino,
            path.stat().st_mtime_ns,
        )
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def test_a_new_site_replaces_the_old_one_in_one_step(tmp_path):
    output = tmp_path / "out"
    write_site(output, {"index.html": b"old", "gone/page.html": b"x"})
    write_site(output, {"index.html": b"new", "a/b.txt": b"b"})
    assert (output / "index.html").read_bytes() == b"new"
    assert not (output / "gone").exists()
    assert (output / "a" / "b.txt").read_bytes() == b"b"
    # beside it only the cache, which holds the previous generation
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.pledgekit-cache", "out"]
    assert (output / MARKER).is_file()


def test_a_failure_while_writing_leaves_the_old_site(tmp_path):
    output = tmp_path / "out"
    write_site(output, {"index.html": b"old"})
    before = snapshot(output)
    with pytest.raises(RuntimeError, match="disk full"):
        write_site(output, {"index.html": b"half", "more.html": b"m"}, fail_after=1)
    assert snapshot(output) == before
    # and the next build, over the half-written generation, is still exact
    write_site(output, {"index.html": b"new", "more.html": b"m"})
    assert {path: value[0] for path, value in snapshot(output).items()} == {
        MARKER: (output / MARKER).read_bytes(),
        "index.html": b"new",
        "more.html": b"m",
    }


def test_unchanged_files_are_never_rewritten(tmp_path):
    """Over three builds a file whose bytes stay the same keeps its inode and mtime."""
    output = tmp_path / "out"
    write_site(output, {"same.html": b"same", "changing.html": b"1"})
    first = snapshot(output)
    write_site(output, {"same.html": b"same", "changing.html": b"2"})
    second = snapshot(output)
    write_site(output, {"same.html": b"same", "changing.html": b"2", "new.html": b"n"})
    third = snapshot(output)
    assert first["same.html"] == second["same.html"] == third["same.html"]
    assert second["changing.html"][0] == b"2" and second["changing.html"] != first["changing.html"]
    assert third["changing.html"] == second["changing.html"]  # linked, not written again
    assert third["new.html"][0] == b"n"


def test_a_site_retired_by_an_interrupted_swap_is_put_back(tmp_path):
    """A crash between the two renames of the fallback swap leaves only the retired copy."""
    retired = tmp_path / ".out.pledgekit-old-abc123"
    retired.mkdir()
    (retired / "index.html").write_bytes(b"previous")
    (tmp_path / ".out.pledgekit-new-def456").mkdir()  # the staging folder of the same crash
    _recover(tmp_path / "out")
    assert (tmp_path / "out" / "index.html").read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_builds_in_separate_processes_are_byte_identical(tmp_path):
    """Same input and moment, different hash seeds and timezones: the same bytes."""
    outputs = []
    for seed, zone in (("1", "UTC"), ("2", "Asia/Tokyo")):
        output = tmp_path / f"out-{seed}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pledgekit",
                "build",
                "--source",
                str(FIXTURES / "states"),
                "--output",
                str(output),
                "--now",
                "2026-11-26T12:00:00+01:00",
            ],
            cwd=REPOSITORY,
            check=True,
            capture_output=True,
            env={"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": seed, "TZ": zone, "LANG": "C"},
        )
        outputs.append(
            {
                p.relative_to(output).as_posix(): p.read_bytes()
                for p in sorted(output.rglob("*"))
                if p.is_file()
            }
        )
    assert outputs[0] == outputs[1]
