"""A non-editable install: the package is `pledgekit` (no `generator`), its built-in plug-ins are
entry points, a third party's processor and theme are used as theirs are, and the built-in themes
and example site are found from any directory."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import EXAMPLE, REPOSITORY, parse_html

FIXTURES = Path(__file__).parent / "fixtures"


def run(*command: str | Path, cwd: Path) -> str:
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@dataclass(frozen=True)
class Installed:
    wheel: Path  # pledgekit's wheel, built from a copy of the checkout
    python: Path  # a fresh venv's interpreter, with the wheel installed
    root: Path  # the module's temporary folder

    @property
    def pledgekit(self) -> Path:
        return self.python.parent / "pledgekit"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    tmp_path = tmp_path_factory.mktemp("install")
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
    return Installed(wheel, python, tmp_path)


def test_the_wheel_installs_pledgekit_and_its_plugins_and_no_generator_module(installed):
    python, tmp_path = installed.python, installed.root
    with zipfile.ZipFile(installed.wheel) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
    assert tops == {"pledgekit", installed.wheel.name.split("-py3")[0] + ".dist-info"}
    assert run(python, "-m", "pledgekit", "--version", cwd=tmp_path).startswith(
        "pledgekit, version "
    )
    missing = subprocess.run(
        [python, "-c", "import generator"], cwd=tmp_path, capture_output=True, text=True
    )
    assert "No module named 'generator'" in missing.stderr
    # Every built-in plug-in is declared through the entry points a third party uses.
    listed = run(
        python,
        "-c",
        "from importlib.metadata import entry_points\n"
        "for group in ('processors', 'importers', 'sync_sources', 'themes'):\n"
        "    names = sorted(e.name for e in entry_points(group='pledgekit.' + group))\n"
        "    print(group, *names)",
        cwd=tmp_path,
    ).splitlines()
    assert listed == [
        "processors buy_me_a_coffee donorbox every_org github_sponsors gumroad ko_fi "
        "lemon_squeezy liberapay link open_collective paypal paypal_me sepa stripe",
        "importers generic paypal stripe",
        "sync_sources donorbox every_org github_sponsors liberapay open_collective paypal stripe",
        "themes appeal default",
    ]


def test_wheel_in_a_fresh_venv_builds_a_copy_of_the_content(installed):
    tmp_path, python, wheel = installed.root, installed.python, installed.wheel
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


def test_a_third_party_processor_and_theme_build_a_page(installed, tmp_path):
    """A package of tests/fixtures/plugin_package (the TipJar processor, the Sunrise theme),
    installed beside pledgekit, is used by a site that names them, as built-in ones are."""
    package = tmp_path / "plugin_package"
    shutil.copytree(FIXTURES / "plugin_package", package)
    run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", tmp_path / "dist", ".", cwd=package,
    )  # fmt: skip
    plugin = next((tmp_path / "dist").glob("pledgekit_sunrise-*.whl"))
    run(installed.python, "-m", "pip", "install", "-q", "--no-index", plugin, cwd=tmp_path)
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "plugin_site", site)
    listed = run(installed.pledgekit, "theme", "list", "--source", site, cwd=tmp_path)
    assert "\nsunrise (from pledgekit-sunrise 1.0.0, extends default)\n" in listed
    run(installed.pledgekit, "build", "--source", site, "--output", tmp_path / "output",
        "--now", "2026-11-26T12:00:00+01:00", cwd=tmp_path)  # fmt: skip
    page = parse_html(tmp_path / "output" / "campaigns" / "lantern" / "index.html")
    hrefs = [link["href"] for link in page.select("a[href^='https://tipjar.example/']")]
    assert "https://tipjar.example/lantern-works?currency=EUR&amount=45" in hrefs
    assert page.select_one(".sunrise-credit").get_text() == "Sunrise theme"
    sheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert any(href.endswith("themes/sunrise.css") for href in sheets), sheets
