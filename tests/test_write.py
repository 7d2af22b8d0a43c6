"""Writing the output: all or nothing, and never losing the previous site."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import FIXTURES, REPOSITORY

from generator.write import MARKER, _recover, write_output


def test_a_new_site_replaces_the_old_one_in_one_step(tmp_path):
    output = tmp_path / "out"
    write_output([("index.html", b"old")], {}, output, tmp_path / "src")
    write_output([("index.html", b"new"), ("a/b.txt", b"b")], {}, output, tmp_path / "src")
    assert (output / "index.html").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # nothing left beside it
    assert (output / MARKER).is_file()


def test_a_failure_while_writing_leaves_the_old_site(tmp_path):
    output = tmp_path / "out"
    write_output([("index.html", b"old")], {}, output, tmp_path / "src")

    def failing():
        yield "index.html", b"half"
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_output(failing(), {}, output, tmp_path / "src")
    assert (output / "index.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


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
                "generator",
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
