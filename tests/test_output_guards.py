"""The output folder is replaced on every build, so it can never be a folder whose loss would
lose the user's work: `/`, the home folder, a repository root, the source, or a parent of the
source — however it is named (a symlink, `..`). Each refusal is a usage error with a message,
never a traceback, and nothing is written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXTURES

from pledgekit.cli import main

NOW = "2026-11-26T12:00:00+01:00"


@pytest.fixture
def layout(tmp_path, monkeypatch):
    """A home folder holding a git repository with the content in repo/content."""
    home = tmp_path / "home"
    repository = home / "repo"
    source = repository / "content"
    shutil.copytree(FIXTURES / "states", source)
    (repository / ".git").mkdir()
    (repository / "README.md").write_text("the campaign's repository\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(repository)
    return home, repository, source


def everything_under(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes() if path.is_file() else b"<folder>"
        for path in sorted(folder.rglob("*"))
    }


def build(source: Path | str, output: Path | str):
    command = ["build", "--source", str(source), "--output", str(output), "--now", NOW]
    return CliRunner().invoke(main, [*command, "--jobs", "1", "--quiet"])


def assert_refused(result, *words: str) -> None:
    assert result.exit_code == 2, result.output  # click's usage error
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert "Error:" in result.output
    for word in words:
        assert word in result.output, (word, result.output)


def test_the_root_folder_is_refused(layout):
    _, _, source = layout
    assert_refused(build(source, "/"), "refusing to use / as the output folder")


def test_the_home_folder_is_refused_by_any_name(layout):
    home, repository, source = layout
    before = everything_under(home)
    assert_refused(build(source, home), f"refusing to use {home.resolve()}")
    assert_refused(build(source, os.path.join(str(repository), "..")), "refusing to use")
    link = home.parent / "home-link"
    link.symlink_to(home, target_is_directory=True)
    assert_refused(build(source, link), f"refusing to use {home.resolve()}")
    assert everything_under(home) == before


def test_the_repository_root_holding_the_source_is_refused(layout):
    _, repository, source = layout
    before = everything_under(repository)
    assert_refused(build(source, repository), "would contain the source folder")
    assert_refused(build(source, "."), "would contain the source folder")  # cwd: the repository
    assert everything_under(repository) == before


def test_another_repository_root_is_refused(layout, tmp_path):
    _, _, source = layout
    elsewhere = tmp_path / "other-repo"
    (elsewhere / ".git").mkdir(parents=True)
    assert_refused(build(source, elsewhere), "is a git repository root")
    assert (elsewhere / ".git").is_dir() and not (elsewhere / ".pledgekit-output").exists()


def test_the_source_and_its_parents_are_refused(layout):
    home, repository, source = layout
    before = everything_under(home)
    assert_refused(build(source, source), "would contain the source folder")
    assert_refused(build(source, source / ".." / "content"), "would contain the source folder")
    assert_refused(build(source, repository), "would contain the source folder")
    assert_refused(build(source, source / "campaigns"), "is inside the source folder")
    os.chdir(source / "campaigns")
    assert_refused(build("..", ".."), "would contain the source folder")
    assert_refused(build("..", "../.."), "would contain the source folder")
    assert_refused(build("..", "."), "is inside the source folder")
    assert everything_under(home) == before


def test_symlinks_are_followed_before_the_checks(layout, tmp_path):
    home, repository, source = layout
    before = everything_under(home)
    links = tmp_path / "links"
    links.mkdir()
    for name, target, words in (
        ("to-root", Path("/"), "refusing to use /"),
        ("to-source", source, "would contain the source folder"),
        ("to-repository", repository, "would contain the source folder"),
        ("to-parent", repository.parent, "refusing to use"),  # the home folder
        ("to-inside", source / "campaigns", "is inside the source folder"),
    ):
        (links / name).symlink_to(target, target_is_directory=True)
        assert_refused(build(source, links / name), words)
        assert_refused(build(source, links / name / "."), words)
    # a link in the middle of the path, and a link to a link
    (links / "chain").symlink_to(links / "to-source", target_is_directory=True)
    assert_refused(build(source, links / "chain"), "would contain the source folder")
    assert everything_under(home) == before


def test_a_folder_that_pledgekit_did_not_write_is_refused(layout, tmp_path):
    _, _, source = layout
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "thesis.tex").write_text("years of work\n", encoding="utf-8")
    assert_refused(build(source, mine), "is not empty and was not written by pledgekit")
    assert (mine / "thesis.tex").read_text(encoding="utf-8") == "years of work\n"
    assert sorted(path.name for path in mine.iterdir()) == ["thesis.tex"]


def test_an_ordinary_output_folder_beside_the_source_is_used(layout):
    _, repository, source = layout
    result = build(source, repository / "output")
    assert result.exit_code == 0, result.output
    assert (repository / "output" / ".pledgekit-output").is_file()
    again = build("content", "output")  # relative, from the repository root
    assert again.exit_code == 0, again.output


def test_the_output_named_as_the_current_folder_keeps_its_cache_outside(tmp_path, monkeypatch):
    """`--output .` names a folder whose name is not in the path: the cache (kept beside the
    output) must not land inside it. Built, or refused with a message: never a mixture."""
    output = tmp_path / "site"
    output.mkdir()
    monkeypatch.chdir(output)
    result = build(FIXTURES / "states", ".")
    if result.exit_code == 0:
        assert (output / ".pledgekit-output").is_file()
        assert not [path for path in output.iterdir() if "pledgekit-cache" in path.name]
    else:
        assert_refused(result, "would be inside the output folder")
        assert list(output.iterdir()) == []
