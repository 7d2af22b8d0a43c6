"""A non-editable install finds its built-in themes and example site from any directory."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from support import EXAMPLE, REPOSITORY, parse_html


def run(*command: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_wheel_in_a_fresh_venv_builds_a_copy_of_the_content(tmp_path):
    # The wheel is built from a copy so that no build folder is left in the checkout.
    checkout = tmp_path / "checkout"
    shutil.copytree(
        REPOSITORY,
        checkout,
        ignore=shutil.ignore_patterns(
            ".git", "output", "artifacts", "*.pyc", ".*cache*", ".venv", ".tools", "node_modules"
        ),
    )
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        tmp_path / "dist",
        ".",
        cwd=checkout,
    )
    wheel = next((tmp_path / "dist").glob("pledgekit-*.whl"))
    # A venv that sees nothing installed elsewhere (not this test's environment, not the
    # system's): the wheel's dependencies come from the package index, as for a user.
    venv.create(tmp_path / "venv", system_site_packages=False, with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    found = run(
        python, "-c", "import babel, yaml; print(babel.__file__, yaml.__file__)", cwd=tmp_path
    )
    assert found.count(str(tmp_path / "venv")) == 2, found

    site = tmp_path / "elsewhere"
    shutil.copytree(EXAMPLE, site / "content")
    where = run(python, "-c", "import pledgekit; print(pledgekit.__file__)", cwd=site)
    assert str(tmp_path / "venv") in where
    run(
        tmp_path / "venv" / "bin" / "pledgekit",
        "build",
        "--source",
        "content",
        "--now",
        "2026-11-26T12:00:00+01:00",
        cwd=site,
    )
    assert (site / "output" / "static" / "style.css").is_file()
    assert parse_html(site / "output" / "index.html").select(".card")

    # With no content folder at hand, `pledgekit build` renders the bundled example site.
    empty = tmp_path / "empty"
    empty.mkdir()
    run(tmp_path / "venv" / "bin" / "pledgekit", "build", cwd=empty)
    assert len(parse_html(empty / "output" / "index.html").select(".card")) == len(
        parse_html(site / "output" / "index.html").select(".card")
    )

    # Both built-in themes and the style guide's sample campaign ship in the wheel.
    pledgekit = tmp_path / "venv" / "bin" / "pledgekit"
    listed = run(pledgekit, "theme", "list", cwd=site)
    assert listed.startswith("appeal (built-in, extends default)\n")
    assert "\ndefault (built-in)\n" in listed
    run(pledgekit, "theme", "styleguide", "--source", "content", cwd=site)
    guide = parse_html(site / "styleguide" / "index.html")
    assert len(guide.select("#sg-states .styleguide__item")) == 6

    # A site started by the installed pledgekit keeps the wheel it was installed from: the
    # same files, byte for byte, but for the wheel's own WHEEL and RECORD, written anew.
    run(pledgekit, "init", "new-site", "--now", "2026-11-26T12:00:00+01:00", cwd=tmp_path)
    kept = tmp_path / "new-site" / ".pledgekit" / wheel.name
    with zipfile.ZipFile(wheel) as built, zipfile.ZipFile(kept) as vendored:
        assert sorted(built.namelist()) == sorted(vendored.namelist())
        differ = sorted(
            name for name in built.namelist() if built.read(name) != vendored.read(name)
        )
        info = wheel.name.split("-py3")[0] + ".dist-info"
        assert differ == [f"{info}/RECORD", f"{info}/WHEEL"]
