"""Bad input: every mistake reported at once with file:line:column and field, nothing lost."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from support import FIXTURES

EXPECTED = """\
content/campaigns/mistakes/campaign.yaml:2:1: tagline: required field is missing; 'tagine' on line 2 looks like a misspelling of it
content/campaigns/mistakes/campaign.yaml:4:8: image.src: file not found: missing.svg (beside campaign.yaml)
content/campaigns/mistakes/campaign.yaml:10:12: creator.links[0].url: links with the javascript: scheme are not allowed, got 'javascript:alert(1)'
content/campaigns/mistakes/campaign.yaml:12:11: currency: unknown currency 'EUX': expected an ISO 4217 code like EUR or USD
content/campaigns/mistakes/campaign.yaml:14:6: end: must be a date such as 2026-11-01 or a date-time such as 2026-11-01T09:00:00+01:00, got '2026-13-45'
content/campaigns/mistakes/campaign.yaml:20:20: tiers[0].pledge[0].processor: unknown processor 'strpie' (did you mean 'stripe'?); known: buy_me_a_coffee, donorbox, every_org, github_sponsors, gumroad, ko_fi, lemon_squeezy, liberapay, link, open_collective, paypal, paypal_me, sepa, stripe
content/campaigns/mistakes/campaign.yaml:22:9: tiers[1].id: duplicate tier id 'one' (first used by tiers[0])
content/campaigns/mistakes/campaign.yaml:24:13: tiers[1].amount: must be a positive amount such as 12500 or 12500.50, got 'ten'
content/campaigns/mistakes/campaign.yaml:27:14: tiers[1].pledge[0].url: Stripe Payment links must be on buy.stripe.com, got 'https://evil.example.com/pay'
content/campaigns/more/campaign.yaml:5:7: goal: JPY amounts have no decimal places, got 1000.50
content/campaigns/more/campaign.yaml:8:6: end: must be after start (2026-12-01T09:00:00+01:00)
content/campaigns/more/campaign.yaml:9:10: funding: expected one of 'all_or_nothing' or 'flexible', got 'all-or-nothing' (did you mean 'all_or_nothing'?)
content/campaigns/more/campaign.yaml:11:5: tiers[0]: no way to pledge: add `pledge:` links here or `defaults: pledge:` in site.yaml
content/campaigns/more/campaign.yaml:11:9: tiers[0].id: must be a slug of lower-case letters, digits and single hyphens, such as bad-id, got 'Bad_ID'
content/campaigns/more/campaign.yaml:15:14: tiers[0].claimed: claimed (4) is more than the limit (3)
content/campaigns/more/story.md:1:1: file not found: every campaign tells its story in story.md
content/campaigns/more/updates/2026-11-02-hello.md:3:10: YAML syntax error: the value of 'summary' opens a list with [ that is never closed; close it (summary: [broken]) or, for text, put it in quotes (summary: "[broken")
content/campaigns/syntax/campaign.yaml:2:10: YAML syntax error: the value of 'tagline' opens a list with [ that is never closed; close it (tagline: [unclosed]) or, for text, put it in quotes (tagline: "[unclosed")
Error: 18 errors; nothing was written
"""


def pledgekit(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pledgekit", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_every_mistake_is_reported_and_the_previous_site_is_untouched(tmp_path):
    shutil.copytree(FIXTURES / "states", tmp_path / "good")
    good = pledgekit(
        "build",
        "--source",
        "good",
        "--output",
        "site",
        "--now",
        "2026-11-26T12:00:00+01:00",
        cwd=tmp_path,
    )
    assert good.returncode == 0, good.stderr
    before = snapshot(tmp_path / "site")

    shutil.copytree(FIXTURES / "broken", tmp_path / "content")
    result = pledgekit("build", "--source", "content", "--output", "site", cwd=tmp_path)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == EXPECTED
    assert "Traceback" not in result.stderr
    assert snapshot(tmp_path / "site") == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".site.pledgekit-cache",  # what the good build kept: safe to delete
        "content",
        "good",
        "site",
    ]


def test_check_reports_the_same_problems_and_writes_nothing(tmp_path):
    shutil.copytree(FIXTURES / "broken", tmp_path / "content")
    result = pledgekit("check", "--source", "content", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, EXPECTED)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content"]
