"""The README's two set-up commands stay the ones CI runs."""

import re

from support import REPOSITORY


def readme_commands() -> list[str]:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_readme_starts_with_two_setup_commands_and_ci_runs_the_test_one():
    commands = readme_commands()
    assert commands == [
        "python3 -m pip install . && pledgekit build",
        "python3 -m pip install -e '.[test]' && python3 -m pytest",
    ]
    ci_lines = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands[1] in ci_lines
