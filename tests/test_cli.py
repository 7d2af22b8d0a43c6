"""The command line: exit codes, --now, --strict, the default source, and where output may go."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import FIXTURES

from pledgekit import __version__
from pledgekit.build import CampaignDone
from pledgekit.cli import main
from pledgekit.cli.progress import BuildReporter


@pytest.fixture
def runner():
    return CliRunner()


def copy_states(tmp_path: Path) -> Path:
    source = tmp_path / "content"
    shutil.copytree(FIXTURES / "states", source)
    return source


def test_version_and_help(runner):
    assert runner.invoke(main, ["--version"]).output == f"pledgekit, version {__version__}\n"
    for command in ([], ["build"], ["check"]):
        result = runner.invoke(main, [*command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_build_prints_a_one_line_summary(runner, tmp_path):
    source = copy_states(tmp_path)
    result = runner.invoke(
        main,
        [
            "build",
            "--source",
            str(source),
            "--output",
            str(tmp_path / "out"),
            "--now",
            "2026-11-26T12:00:00+01:00",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"Built 41 pages (70 files) from {source} into {tmp_path / 'out'} in "
    )


def test_quiet_prints_nothing_and_verbose_names_each_campaign(tmp_path):
    source = copy_states(tmp_path)
    args = ["build", "--source", str(source), "--output", str(tmp_path / "out")]
    args += ["--now", "2026-11-26T12:00:00+01:00"]
    runner = CliRunner()  # click 8.2+: output on stdout and stderr apart
    quiet = runner.invoke(main, [*args, "--quiet"])
    assert quiet.exit_code == 0 and quiet.stdout == ""
    verbose = runner.invoke(main, [*args, "--verbose"])
    lines = verbose.stderr.splitlines()
    assert lines == [
        "  [1/5] failed-game: kept, 5 pages",
        "  [2/5] funded-book: kept, 5 pages",
        "  [3/5] live-lamp: kept, 6 pages",
        "  [4/5] relief-flex: kept, 5 pages",
        "  [5/5] upcoming-garden: kept, 5 pages",
    ]  # nothing changed since the quiet build
    assert verbose.stdout.startswith("Built 41 pages")


def test_a_terminal_sees_a_live_count_that_is_cleared_before_the_summary():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    reporter = BuildReporter(stream=screen, interval=0)
    for done in (1, 2, 3):
        reporter(CampaignDone(f"c{done}", True, 5, done, 3))
    reporter.clear()
    drawn = screen.getvalue().split("\r")
    assert [text.strip() for text in drawn[1:4]] == [
        "Building: 1 of 3 campaigns (5 pages)",
        "Building: 2 of 3 campaigns (10 pages)",
        "Building: 3 of 3 campaigns (15 pages)",
    ]
    assert drawn[-2].strip() == "" and drawn[-1] == ""  # the line is blanked, the cursor home


def test_usage_errors_exit_2(runner, tmp_path):
    source = copy_states(tmp_path)
    assert (
        runner.invoke(main, ["build", "--source", str(source), "--now", "tomorrow"]).exit_code == 2
    )
    assert runner.invoke(main, ["build", "--unknown"]).exit_code == 2
    assert runner.invoke(main, ["build", "--source", str(tmp_path / "missing")]).exit_code == 2


@pytest.mark.parametrize("output", ["content", "content/out", ".", "repo"])
def test_output_may_not_hold_or_be_the_source_or_a_repository(runner, tmp_path, output):
    source = copy_states(tmp_path)
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    result = runner.invoke(
        main, ["build", "--source", str(source), "--output", str(tmp_path / output)]
    )
    assert result.exit_code == 2
    assert (
        "refusing" in result.output
        or "source folder" in result.output
        or "git repository" in result.output
    )
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_a_folder_not_written_by_pledgekit_is_not_replaced(runner, tmp_path):
    source = copy_states(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    result = runner.invoke(
        main, ["build", "--source", str(source), "--output", str(tmp_path / "out")]
    )
    assert result.exit_code == 2 and "was not written by pledgekit" in result.output
    assert (tmp_path / "out" / "notes.txt").read_text() == "mine"


def test_strict_turns_warnings_into_errors(runner, tmp_path):
    source = copy_states(tmp_path)
    with (source / "site.yaml").open("a") as file:
        file.write("translations:\n  de: {title: Fonds}\n")
    relaxed = runner.invoke(
        main, ["check", "--source", str(source), "--now", "2026-11-26T12:00:00+01:00"]
    )
    assert relaxed.exit_code == 0
    assert (
        "content/site.yaml:13:3: warning: translations.de: the site is not published in 'de': "
        "these words are not used (languages: none)" in relaxed.output
    )
    strict = runner.invoke(main, ["check", "--strict", "--source", str(source)])
    assert strict.exit_code == 1
    assert (
        "content/site.yaml:13:3: translations.de: the site is not published in 'de': "
        "these words are not used (languages: none)" in strict.output
    )


def test_unknown_keys_are_errors_even_without_strict(runner, tmp_path):
    source = copy_states(tmp_path)
    with (source / "site.yaml").open("a") as file:
        file.write("titel: typo\n")
    result = runner.invoke(
        main, ["check", "--source", str(source), "--now", "2026-11-26T12:00:00+01:00"]
    )
    assert result.exit_code == 1
    assert (
        "content/site.yaml:12:1: titel: unknown key 'titel' (did you mean 'title'?)"
        in result.output
    )


def test_source_date_epoch_fixes_the_clock(runner, tmp_path, monkeypatch):
    source = copy_states(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-19
    runner.invoke(
        main,
        ["build", "--source", str(source), "--output", str(tmp_path / "a")],
        catch_exceptions=False,
    )
    first = (tmp_path / "a" / "campaigns/live-lamp/totals.json").read_text()
    runner.invoke(
        main,
        [
            "build",
            "--source",
            str(source),
            "--output",
            str(tmp_path / "b"),
            "--now",
            "2026-11-19T07:06:40+00:00",
        ],
    )
    assert (tmp_path / "b" / "campaigns/live-lamp/index.html").read_bytes() == (
        tmp_path / "a" / "campaigns/live-lamp/index.html"
    ).read_bytes()
    assert '"state": "live"' in first


def test_build_with_no_arguments_renders_the_bundled_example(runner, tmp_path):
    previous = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = runner.invoke(main, ["build", "--now", "2026-11-26T12:00:00+01:00"])
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / "index.html").is_file()
    assert len(list((tmp_path / "output" / "campaigns").iterdir())) >= 3


def test_check_advice_reviews_after_the_check_and_never_fails(tmp_path):
    source = tmp_path / "content"
    shutil.copytree(Path(__file__).parent.parent / "content", source)
    args = ["check", "--source", str(source), "--now", "2026-06-15T12:00:00+00:00", "--advice"]
    result = CliRunner().invoke(main, [*args, "tenon-lamp"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Checked {source}: 132 pages would be written")
    # then what is not translated (the example is published in English, French and Arabic)
    advice = lines[-3:]
    assert all("not translated" in line for line in lines[1:-3])
    assert [line.split(": advice ")[1].split("]")[0] + "]" for line in advice[:2]] == [
        "[hero-media]",
        "[popular-pledge]",
    ]
    # Paths inside the content folder are shown from the folder's own name.
    assert advice[0].startswith("content/campaigns/tenon-lamp/campaign.yaml:5: advice [hero-media]")
    assert advice[2] == "2 pieces of advice for 1 campaign (docs/advice.md)"
    unknown = CliRunner().invoke(main, [*args, "lamp"])
    assert (
        unknown.exit_code == 2
        and "no campaign 'lamp' (campaigns: harbour-lights, " in unknown.output
    )
    assert "Checked" not in unknown.output  # refused before the check runs
    assert CliRunner().invoke(main, ["check", "--source", str(source), "lamp"]).exit_code == 2
