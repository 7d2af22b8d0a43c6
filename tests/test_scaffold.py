"""`pledgekit init` and `pledgekit new`: a new site, campaign, update and tier that build at once,
a GitHub Pages workflow, editor schemas, and never a file overwritten unasked."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from support import INIT_NOW, invoke, parse_html, personalize
from test_schema import errors, front_matter

from pledgekit import __version__
from pledgekit.scaffold.campaign import TierRefused, with_tier
from pledgekit.scaffold.site import github_pages_url
from pledgekit.validate.example_text import EXAMPLE_PARAGRAPHS, EXAMPLE_VALUES

NOW = INIT_NOW
INIT_FILES = [
    ".github/workflows/pages.yml",
    ".gitignore",
    f".pledgekit/pledgekit-{__version__}-py3-none-any.whl",
    "README.md",
    "content/campaigns/my-campaign/campaign.yaml",
    "content/campaigns/my-campaign/hero.svg",
    "content/campaigns/my-campaign/risks.md",
    "content/campaigns/my-campaign/story.md",
    "content/site.yaml",
    "requirements.txt",
    "schemas/campaign.schema.json",
    "schemas/site.schema.json",
    "schemas/translation.schema.json",
    "schemas/update.schema.json",
]


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_init_writes_a_site_that_builds(new_site, tmp_path):
    assert files_under(new_site) == INIT_FILES
    site = yaml.safe_load((new_site / "content/site.yaml").read_text())
    assert (site["title"], site["currency"]) == ("Lamp fund", "EUR")
    assert site["base_url"] == "https://your-name.github.io/lamp-fund/"
    result = invoke("build", "--now", "2026-11-27T12:00:00Z", cwd=new_site)
    assert result.exit_code == 0, result.output
    page = parse_html(new_site / "output/campaigns/my-campaign/index.html")
    assert page.select_one("h1").text == "My first campaign"
    assert [t["id"] for t in page.select('.tier[id^="tier-"]')] == [
        "tier-thanks",
        "tier-early-bird",
        "tier-standard",
    ]
    # The campaign opened at the start of the day of init, for 30 days: live, 28 days 12 h left.
    assert "28 days to go" in page.select_one(".stats").get_text(" ", strip=True)


def test_example_text_is_flagged_until_the_creator_replaces_it(new_site):
    invoke("new", "tier", "my-campaign", "extra", cwd=new_site)
    invoke("new", "update", "my-campaign", "Hello", "--now", NOW, cwd=new_site)
    text = "\n".join(p.read_text() for p in new_site.rglob("*") if p.suffix in (".yaml", ".md"))
    for example in [*EXAMPLE_VALUES, *EXAMPLE_PARAGRAPHS]:  # the check knows what init writes
        assert example in text, example
    strict = invoke("check", "--strict", cwd=new_site)
    assert strict.exit_code == 1
    flagged = [line for line in strict.stderr.splitlines() if "example" in line]
    assert flagged[:2] == [
        "content/campaigns/my-campaign/campaign.yaml:6:10: tagline: "
        "still the example text from pledgekit; write your own before publishing",
        "content/campaigns/my-campaign/campaign.yaml:9:8: image.src: "
        "still the example picture from pledgekit; use your own (16:9)",
    ]
    assert flagged[-1] == (
        "content/site.yaml:22:13: defaults.pledge[0].name: "
        "still the example text from pledgekit; write your own before publishing"
    )
    assert len(flagged) == 16 and strict.stderr.endswith("16 errors; nothing was written\n")
    personalize(new_site)
    assert invoke("check", "--strict", cwd=new_site).exit_code == 0


def test_the_workflow_publishes_output_with_the_official_pages_actions(new_site, tmp_path):
    workflow = yaml.safe_load((new_site / ".github/workflows/pages.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"] == {"branches": ["main"]} and "workflow_dispatch" in triggers
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    # Only the job that publishes may write Pages and ask for a deployment token.
    assert workflow["permissions"] == {"contents": "read"} and "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    used = [step["uses"].split("@")[0] for step in build["steps"] if "uses" in step]
    assert used == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ]
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert upload["with"] == {"path": "output"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]

    # Its commands, run here as GitHub would run them (the address configure-pages gives).
    commands = [step["run"] for step in build["steps"] if "run" in step]
    assert commands[:2] == [
        "python -m pip install -r requirements.txt",
        "pledgekit ledger sync --configured-only",
    ]
    sync = next(
        step for step in build["steps"] if step.get("run", "").startswith("pledgekit ledger")
    )
    # A failed read stops the run: the site published last stays up rather than one whose
    # figures lack that source's payments (they are never committed). The key: a secret only.
    assert "continue-on-error" not in sync
    assert sync["env"] == {
        name: f"${{{{ secrets.{name} }}}}"
        for name in (
            "PLEDGEKIT_STRIPE_KEY",
            "PLEDGEKIT_PAYPAL_CLIENT_ID",
            "PLEDGEKIT_PAYPAL_SECRET",
            "PLEDGEKIT_OPEN_COLLECTIVE_TOKEN",
            "PLEDGEKIT_EVERY_ORG_KEY",
            "PLEDGEKIT_DONORBOX_EMAIL",
            "PLEDGEKIT_DONORBOX_KEY",
            "PLEDGEKIT_GITHUB_TOKEN",
        )
    }
    requirements = (new_site / "requirements.txt").read_text().splitlines()
    # pledgekit from the wheel kept in the site (tests/test_vendor.py installs it for real).
    assert [line for line in requirements if "pledgekit" in line and not line.startswith("#")] == [
        f"./.pledgekit/pledgekit-{__version__}-py3-none-any.whl"
    ]
    personalize(new_site)  # the workflow builds with --strict: no example text gets out
    given = "https://ada.github.io/lamp-fund"
    argv = shlex.split(commands[2].replace("${{ steps.pages.outputs.base_url }}", given))
    assert argv[0] == "pledgekit"
    result = invoke(*argv[1:], cwd=new_site)
    assert result.exit_code == 0, result.output
    page = parse_html(new_site / "output/campaigns/my-campaign/index.html")
    assert page.select_one('link[rel="canonical"]')["href"] == given + "/campaigns/my-campaign/"


def test_scaffolded_files_name_their_schema_and_match_it(new_site):
    invoke("new", "update", "my-campaign", "First prototype", "--now", NOW, cwd=new_site)
    checked = {
        "content/site.yaml": "site",
        "content/campaigns/my-campaign/campaign.yaml": "campaign",
        "content/campaigns/my-campaign/updates/2026-11-26-first-prototype.md": "update",
    }
    for relative, kind in checked.items():
        file = new_site / relative
        text = file.read_text()
        line = next(line for line in text.splitlines() if "yaml-language-server" in line)
        schema = (file.parent / line.split("$schema=")[1]).resolve()
        assert schema == (new_site / "schemas" / f"{kind}.schema.json").resolve(), relative
        data = front_matter(file) if kind == "update" else yaml.safe_load(text)
        assert errors(kind, data) == [], relative


def test_init_never_overwrites_unless_forced(new_site):
    (new_site / "content/site.yaml").write_text("title: Mine\n")
    (new_site / "README.md").unlink()
    result = invoke("init", str(new_site), "--now", NOW)
    assert result.exit_code == 2
    assert "these files exist already and were left alone (--force replaces them):" in result.output
    assert f"  {new_site / 'content/site.yaml'}" in result.output
    assert not (new_site / "README.md").exists()  # nothing written, not even the missing file
    assert (new_site / "content/site.yaml").read_text() == "title: Mine\n"
    (new_site / "notes.txt").write_text("mine")
    assert invoke("init", str(new_site), "--now", NOW, "--force").exit_code == 0
    assert (new_site / "content/site.yaml").read_text().count("title: Lamp fund") == 1
    assert (new_site / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("remote", "expected"),
    [
        ("git@github.com:Ada-L/lamp-fund.git", "https://ada-l.github.io/lamp-fund/"),
        ("https://github.com/ada/lamp.fund", "https://ada.github.io/lamp.fund/"),
        ("https://github.com/ada/ada.github.io.git", "https://ada.github.io/"),
        ("https://gitlab.com/ada/lamp-fund.git", None),
        ("https://notgithub.com/ada/lamp-fund", None),
        ("https://gitlab.com/github.com/ada/lamp-fund", None),
        ("ssh://git@github.com/ada/lamp-fund.git", "https://ada.github.io/lamp-fund/"),
    ],
)
def test_the_address_comes_from_the_github_remote(tmp_path, remote, expected):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", remote], check=True)
    assert github_pages_url(tmp_path) == expected


def test_init_takes_the_address_from_the_remote(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    origin = "git@github.com:ada/lamp-fund.git"
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", origin], check=True)
    assert invoke("init", str(tmp_path), "--now", NOW).exit_code == 0
    site = yaml.safe_load((tmp_path / "content/site.yaml").read_text())
    assert site["base_url"] == "https://ada.github.io/lamp-fund/"


def test_init_in_a_folder_with_spaces_and_inside_another_repository(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    folder = tmp_path / "My Lamp Site"
    result = invoke("init", str(folder), "--now", NOW)
    assert result.exit_code == 0, result.output
    site = yaml.safe_load((folder / "content/site.yaml").read_text())
    assert site["base_url"] == "https://your-name.github.io/my-lamp-site/"
    assert f"Note: {folder} is inside the git repository {tmp_path.resolve()}" in result.stderr
    assert invoke("check", "--source", str(folder / "content")).exit_code == 0


def test_new_dates_by_the_site_timezone(new_site):
    site = new_site / "content/site.yaml"
    site.write_text(site.read_text().replace("timezone: UTC", "timezone: America/Los_Angeles"))
    late = "2026-11-27T03:00:00+00:00"  # still the 26th in Los Angeles
    assert invoke("new", "campaign", "night", "--now", late, cwd=new_site).exit_code == 0
    campaign = yaml.safe_load((new_site / "content/campaigns/night/campaign.yaml").read_text())
    assert str(campaign["start"]).startswith("2026-11-26")
    assert invoke("new", "update", "night", "Late", "--now", late, cwd=new_site).exit_code == 0
    assert (new_site / "content/campaigns/night/updates/2026-11-26-late.md").is_file()


def test_drafts_may_keep_example_text(new_site):
    """Drafts are not published, so they may hold example text while being written."""
    personalize(new_site)
    invoke("new", "campaign", "later", cwd=new_site)
    invoke("new", "update", "my-campaign", "Soon", "--now", NOW, cwd=new_site)
    invoke("new", "tier", "my-campaign", "extra", cwd=new_site)
    assert invoke("check", "--strict", cwd=new_site).exit_code == 1
    update = new_site / "content/campaigns/my-campaign/updates/2026-11-26-soon.md"
    later = new_site / "content/campaigns/later/campaign.yaml"
    for file in (update, later):  # their top-level `# draft: true` line, switched on
        file.write_text(file.read_text().replace("\n# draft: true ", "\ndraft: true #"))
    campaign = new_site / "content/campaigns/my-campaign/campaign.yaml"
    text = campaign.read_text()
    at = text.index("- id: extra")
    campaign.write_text(text[:at] + text[at:].replace("# draft: true ", "draft: true #", 1))
    result = invoke("check", "--strict", cwd=new_site)
    assert result.exit_code == 0, result.output


def test_new_campaign_update_and_tier_build_at_once(new_site):
    assert invoke("new", "campaign", "garden", "--now", NOW, cwd=new_site).exit_code == 0
    update = invoke("new", "update", "garden", "Café & seeds #2", "--now", NOW, cwd=new_site)
    assert update.exit_code == 0, update.output
    assert "content/campaigns/garden/updates/2026-11-26-cafe-seeds-2.md" in update.output
    tier = invoke("new", "tier", "garden", "seed-box", "--amount", "12.50", cwd=new_site)
    assert tier.exit_code == 0, tier.output
    built = invoke("build", "--now", "2026-11-27T12:00:00Z", cwd=new_site)
    assert built.exit_code == 0, built.output
    page = parse_html(new_site / "output/campaigns/garden/index.html")
    assert page.select_one("h1").text == "Garden"
    seed_box = page.select_one("#tier-seed-box")
    assert seed_box.select_one(".tier__title").text == "Seed box"
    assert "12.50" in seed_box.select_one(".tier__amount").text
    assert [a.text for a in page.select(".update-card a")] == ["Café & seeds #2"]
    update_page = new_site / "output/campaigns/garden/updates/cafe-seeds-2/index.html"
    assert parse_html(update_page).select_one("h1").text == "Café & seeds #2"


def test_new_refuses_what_it_cannot_do_cleanly(new_site, tmp_path):
    again = invoke("new", "campaign", "my-campaign", cwd=new_site)
    assert again.exit_code == 2 and "exists already" in again.output
    twice = invoke("new", "tier", "my-campaign", "thanks", cwd=new_site)
    assert twice.exit_code == 2 and "has a tier with id 'thanks' already" in twice.output
    unknown = invoke("new", "update", "lamp", "Hello", cwd=new_site)
    assert unknown.exit_code == 2 and "no campaign 'lamp'" in unknown.output
    assert "(there are: my-campaign)" in unknown.output
    bad = invoke("new", "campaign", "My Lamp", cwd=new_site)
    assert bad.exit_code == 2 and "lower-case letters" in bad.output
    nowhere = invoke("new", "campaign", "lamp", cwd=tmp_path)
    assert nowhere.exit_code == 2 and "run `pledgekit init` first" in nowhere.output


@pytest.mark.parametrize(
    "tiers",
    [
        "tiers:\n- id: one\n  title: One\n  amount: 5\n",  # items at the key's own column
        "tiers:\n    - id: one\n      title: One\n      amount: 5\n    # a comment\n",
        "tiers: # the rewards\n  -\n    id: one\n    includes:\n      - a\n      - b\n",
        '"tiers":\n  - id: one\n',
        "tiers: []\n",
        "",
    ],
    ids=["flush", "deep", "dash-alone", "quoted-key", "empty", "none"],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_a_tier_joins_the_list_in_its_own_layout(tiers, newline):
    before = "title: T  # kept\n" + tiers + "# after the list\nopen_pledge: {minimum: 1}\n"
    before = before.replace("\n", newline)
    after = with_tier(before, "two", "Two: the sequel", "9")
    data = yaml.safe_load(after)
    assert [tier["id"] for tier in data["tiers"]][-1] == "two"
    assert data["tiers"][-1]["title"] == "Two: the sequel" and data["tiers"][-1]["amount"] == 9
    assert data["open_pledge"] == {"minimum": 1} and data["title"] == "T"
    assert len(data["tiers"]) == (1 if tiers in ("tiers: []\n", "") else 2)
    # Every line that was there is still there, in order, with its own line ending (an empty
    # `tiers: []` gives way to the list).
    lines = [line for line in before.splitlines(keepends=True) if not line.startswith("tiers: [")]
    rest = iter(after.splitlines(keepends=True))
    assert all(line in rest for line in lines)
    assert (newline == "\r\n") == ("\r\n" in after) and "\n" not in after.replace(newline, "")


def test_a_tier_keeps_a_byte_order_mark_and_refuses_what_it_cannot_extend():
    with_mark = with_tier("\ufefftiers:\n  - id: one\ntitle: T\n", "two", "Two", "9")
    assert with_mark.startswith("\ufefftiers:\n  - id: one\n")
    assert [t["id"] for t in yaml.safe_load(with_mark.lstrip("\ufeff"))["tiers"]] == ["one", "two"]
    for text in ("tiers: [\n]\nother: 1\n", "tiers: &t\n  - id: one\n"):
        with pytest.raises(TierRefused):
            with_tier(text, "two", "Two", "9")
