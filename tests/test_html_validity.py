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
def test_every_generated_page_is_valid_html(
    states_site, example_site, styleguide_site, appeal_site, appeal_styleguide
):
    sites = [states_site, example_site, styleguide_site, appeal_site, appeal_styleguide]
    pages = [page for site in sites for page in sorted(site.rglob("*.html"))]
    assert len(pages) >= 30
    errors = vnu_errors(*sites)
    assert errors == [], "\n".join(errors)
    print(f"vnu: {len(pages)} pages, 0 errors")


@pytest.mark.browser
def test_the_checker_reports_invalid_html(tmp_path):
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><title>x</title><p><div>x</p></html>'
    )
    errors = vnu_errors(tmp_path)
    assert errors and any("div" in error for error in errors)
