"""The examples in docs/ are real: they build without errors or warnings."""

from __future__ import annotations

import re
import shutil

from support import FIXED_NOW, REPOSITORY, parse_html

from pledgekit.build import build

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9" viewBox="0 0 16 9"/>\n'


def yaml_block_after(text: str, heading: str) -> str:
    section = text.split(heading, 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def test_the_annotated_example_in_content_md_builds_strictly(tmp_path):
    text = (REPOSITORY / "docs" / "content.md").read_text(encoding="utf-8")
    site, campaign = (
        yaml_block_after(text, "## site.yaml"),
        yaml_block_after(text, "## A complete annotated example"),
    )
    folder = tmp_path / "site" / "campaigns" / "tenon-lamp"
    folder.mkdir(parents=True)
    (tmp_path / "site" / "site.yaml").write_text(site)
    (folder / "campaign.yaml").write_text(campaign)
    (folder / "story.md").write_text("## A lamp\n\nText.\n")
    for name in set(re.findall(r"src: ([\w.-]+\.svg)", campaign)):
        (folder / name).write_text(SVG)
    result = build(tmp_path / "site", tmp_path / "out", FIXED_NOW, strict=True)
    assert result.warnings == []
    page = parse_html(tmp_path / "out" / "campaigns" / "tenon-lamp" / "index.html")
    assert page.find("h1").text == "Tenon: a desk lamp you can repair with one screwdriver"
    assert len(page.select("article.tier")) >= 3


def test_the_component_override_in_themes_md_builds(tmp_path):
    text = (REPOSITORY / "docs" / "themes.md").read_text(encoding="utf-8")
    macro = re.search(r"```jinja\n(.*?)```", text, re.S).group(1)
    source = tmp_path / "site"
    (source / "templates" / "components").mkdir(parents=True)
    (source / "templates" / "components" / "state_badge.html").write_text(macro)
    (source / "static").mkdir()
    (source / "static" / "site.css").write_text(re.search(r"```css\n(.*?)```", text, re.S).group(1))
    example = REPOSITORY / "content"
    (source / "site.yaml").write_text((example / "site.yaml").read_text())
    shutil.copytree(example / "campaigns", source / "campaigns")  # links out are refused
    build(source, tmp_path / "out", FIXED_NOW)
    badge = parse_html(tmp_path / "out" / "campaigns" / "harbour-lights" / "index.html").select_one(
        ".campaign__meta .badge"
    )
    assert " ".join(badge.text.split()) == "✓ Successful"


def test_the_theme_options_in_themes_md_build(tmp_path):
    text = (REPOSITORY / "docs" / "themes.md").read_text(encoding="utf-8")
    options = re.search(r"```yaml\n(theme: default\n.*?)```", text, re.S).group(1)
    source = tmp_path / "site"
    source.mkdir()
    example = REPOSITORY / "content"
    site_yaml = (example / "site.yaml").read_text(encoding="utf-8").replace("theme: default\n", "")
    (source / "site.yaml").write_text(site_yaml + options, encoding="utf-8")
    shutil.copytree(example / "campaigns", source / "campaigns")  # links out are refused
    build(source, tmp_path / "out", FIXED_NOW, strict=True)
    page = parse_html(tmp_path / "out" / "index.html")
    assert page.select_one("head style").string == (
        ":root { --color-accent: #8a1c7c; --color-accent-soft: #ebdbe6; "
        '--color-accent-strong: #65145b; --font-heading: Georgia, "Times New Roman", serif; }'
    )
    assert page.select_one(".cards")["class"] == ["cards", "cards--list"]


def test_the_page_extension_in_themes_md_builds(tmp_path):
    text = (REPOSITORY / "docs" / "themes.md").read_text(encoding="utf-8")
    found = re.search(r"```jinja\n(\{# content/templates/update.html.*?)```", text, re.S)
    template = found.group(1)
    source = tmp_path / "site"
    (source / "templates").mkdir(parents=True)
    (source / "templates" / "update.html").write_text(template, encoding="utf-8")
    example = REPOSITORY / "content"
    (source / "site.yaml").write_text((example / "site.yaml").read_text(encoding="utf-8"))
    shutil.copytree(example / "campaigns", source / "campaigns")  # links out are refused
    build(source, tmp_path / "out", FIXED_NOW, strict=True)
    update = next((tmp_path / "out" / "campaigns").glob("*/updates/*/index.html"))
    thanks = parse_html(update).select_one("main aside.thanks")
    assert thanks.text == "Thank you for reading: share this update with a friend."
    assert thanks.find_previous_sibling("article")["class"] == ["update"]


GUIDE = REPOSITORY / "docs" / "creators-guide.md"


def test_the_creators_guide_commands_run_in_order(tmp_path, monkeypatch):
    """Every pledgekit command of the guide's shell blocks, as a creator types them, in one
    folder; before checking strictly, the creator has replaced the example text (the guide
    says to). `serve` runs until Ctrl-C and is tried in test_serve.py."""
    import shlex

    from click.testing import CliRunner
    from support import personalize

    from pledgekit.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(FIXED_NOW.timestamp())))
    (tmp_path / "Downloads").mkdir()
    (tmp_path / "Downloads" / "export.csv").write_text(
        "id,date,amount,currency,tier\nr-01,2026-11-26,35,EUR,early-bird\n"
    )
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    ran = []
    for line in (line.strip() for block in blocks for line in block.splitlines()):
        if not line.startswith("pledgekit ") or line.startswith(
            ("pledgekit serve", "pledgekit --")
        ):
            continue
        words = shlex.split(line.replace("~/", f"{tmp_path}/"))
        if "--strict" in words:
            personalize(tmp_path)
        result = CliRunner().invoke(main, words[1:], catch_exceptions=False)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        ran.append(" ".join(words[1:3]))
    assert ran[:3] == ["init --title", "vendor", "new tier"]
    assert {"check --strict", "check --advice", "new update", "ledger import"} <= set(ran)


def test_the_files_the_creators_guide_names_exist_after_init(tmp_path):
    from click.testing import CliRunner

    from pledgekit.cli import main

    result = CliRunner().invoke(main, ["init", str(tmp_path), "--now", FIXED_NOW.isoformat()])
    assert result.exit_code == 0
    named = set(
        re.findall(
            r"`((?:content|\.github|\.pledgekit|schemas)/[\w./-]*|requirements\.txt|README\.md|\.gitignore)`",
            GUIDE.read_text(encoding="utf-8"),
        )
    )
    assert len(named) >= 8
    assert [name for name in sorted(named) if not (tmp_path / name).exists()] == []


def test_the_language_table_in_translating_md_is_what_pages_show():
    from datetime import datetime
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from pledgekit.formatting import Formatter

    text = (REPOSITORY / "docs" / "translating.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w-]+)` \| (.+?) \| (.+?) \| (.+?) \|$", text, re.M)
    rows = [row for row in rows if row[0] != "language"]  # the header
    assert [row[0] for row in rows] == ["en", "fr", "de", "ar", "ar-EG"]
    moment = datetime(2026, 11, 26, 12, tzinfo=ZoneInfo("UTC"))
    for language, money, date, direction in rows:
        formatter = Formatter(language, "UTC")
        spaced = " ".join  # the table writes every kind of space as a plain one
        assert spaced(formatter.money(Decimal("1250.50"), "EUR").split()) == spaced(money.split())
        assert spaced(formatter.date(moment).split()) == spaced(date.split())
        assert direction.startswith("right to left") == (formatter.locale.text_direction == "rtl")


def test_the_plugin_package_in_development_md_is_the_tested_fixture():
    """docs/development.md shows the plug-in package tests/test_install.py installs and builds
    with: its code and its pyproject.toml, whole."""
    text = (REPOSITORY / "docs" / "development.md").read_text(encoding="utf-8")
    section = text.split("### Write a processor plug-in", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    toml = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    package = REPOSITORY / "tests" / "fixtures" / "plugin_package"
    assert code == (package / "pledgekit_sunrise" / "__init__.py").read_text(encoding="utf-8")
    assert toml == (package / "pyproject.toml").read_text(encoding="utf-8")


def test_the_layers_in_development_md_are_the_import_contract():
    """The picture of the layers is the contract lint-imports checks, line for line."""
    import tomllib

    text = (REPOSITORY / "docs" / "development.md").read_text(encoding="utf-8")
    picture = re.search(r"## The layers\n.*?```text\n(.*?)```", text, re.S).group(1)
    drawn = [re.split(r"\s{2,}", line.strip())[0] for line in picture.splitlines()]
    config = tomllib.loads((REPOSITORY / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    assert drawn == contract["layers"]
