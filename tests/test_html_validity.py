"""Valid HTML: the Nu Html Checker (vnu.jar) finds no error in any generated page."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from tools import vnu_command


def vnu_errors(*folders: Path) -> list[str]:
    result = subprocess.run(
        [
            *vnu_command(),
            "--skip-non-html",
            "--errors-only",
            "--format",
            "json",
            *map(str, folders),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{m.get('url', '?').rsplit('/output/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
    ]


@pytest.mark.browser
def test_every_generated_page_is_valid_html(states_site, example_site, styleguide_site):
    pages = sorted(states_site.rglob("*.html")) + sorted(example_site.rglob("*.html"))
    assert len(pages) >= 20
    pages.append(styleguide_site / "index.html")
    errors = vnu_errors(states_site, example_site, styleguide_site)
    assert errors == [], "\n".join(errors)
    print(f"vnu: {len(pages)} pages, 0 errors")


@pytest.mark.browser
def test_the_checker_reports_invalid_html(tmp_path):
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><title>x</title><p><div>x</p></html>'
    )
    errors = vnu_errors(tmp_path)
    assert errors and any("div" in error for error in errors)
