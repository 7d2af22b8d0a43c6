"""A campaign folder's name is its address (issue 20, classes 5 and 6): a name that is not a slug
exactly, or that reads as another campaign's address once case, width, spacing, invisible
characters and look-alike letters are set aside, is an error at the folder, with the rule, the
folders it reads like and a free address to use. Update file names and translated file names
are held to their rules to the very end of the name too."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import FIXED_NOW, HERO_SVG, campaign_yaml, invoke, parse_html, site_yaml, write_site

from pledgekit.build import build
from pledgekit.load.folder_names import address_key, campaign_folder_problems, update_name_problem
from pledgekit.model.types import check_slug, is_slug
from pledgekit.names import shown_name
from pledgekit.problems import ContentErrors

RULE = (
    "a campaign folder's name is its address: lower-case letters, digits and single hyphens "
    "(at most 64)"
)
UPDATE_RULE = "update files are named YYYY-MM-DD-<slug>.md, e.g. 2026-11-02-first-prototype.md"


def campaign(title: str = "A lamp you can mend") -> dict[str, str]:
    return {
        "campaign.yaml": campaign_yaml(title=title),
        "story.md": f"The story of {title}.\n",
        "hero.svg": HERO_SVG,
    }


def site_with(tmp_path: Path, *names: str) -> Path:
    return write_site(
        tmp_path / "site",
        site=site_yaml(languages="[fr]"),
        campaigns={name: campaign(f"Campaign {index}") for index, name in enumerate(names)},
    )


def errors_of(source: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(source)
    with pytest.raises(ContentErrors) as caught:
        build(source, source.parent / "output", FIXED_NOW, jobs=1)
    assert not (source.parent / "output").exists()
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("name", "shown", "suggestion"),
    [
        ("Tenon", "Tenon", "tenon"),
        ("lámpa", "lámpa", "lampa"),
        ("la\u200bmp", "la\\u200bmp", "lamp"),
        ("x\u202egpj", "x\\u202egpj", "xgpj"),
        ("a" * 65, "a" * 65, "a" * 64),
        ("tenon--lamp", "tenon--lamp", "tenon-lamp"),
        ("-tenon", "-tenon", "tenon"),
        ("tenon lamp\t", "tenon lamp\\t", "tenon-lamp"),
        ("ｔｅｎｏｎ", "ｔｅｎｏｎ", "tenon"),
        ("лампа", "лампа", "campaign"),
        ("١٢٣", "١٢٣", "campaign"),
        ("la\udcffmp", "la\\udcffmp", "lamp"),
    ],
)
def test_a_folder_name_that_is_not_an_address_is_an_error_with_one_to_use(
    tmp_path, monkeypatch, name, shown, suggestion
):
    source = site_with(tmp_path, "garden", name)
    expected = f"campaigns/{shown}:1:1: {RULE}; rename it to '{suggestion}'"
    assert errors_of(source, monkeypatch) == [expected]
    result = invoke("check", "--source", ".", "--now", FIXED_NOW.isoformat(), cwd=source)
    assert result.exit_code == 1, result.output
    assert expected in result.output.splitlines()
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("tenon-lamp\n", "tenon-lamp\\n"),
        ("tenon-lamp ", "tenon-lamp "),
        ("Tenon-Lamp", "Tenon-Lamp"),
        ("TENON-LAMP", "TENON-LAMP"),
        ("tenon_lamp", "tenon_lamp"),
        ("tenon lamp", "tenon lamp"),
        ("tenon-lamp\u200b", "tenon-lamp\\u200b"),
        ("\u2060tenon-lamp", "\\u2060tenon-lamp"),
        ("t\u0435non-lamp", "t\u0435non-lamp"),  # a Cyrillic е
        ("tenon-l\u0430mp", "tenon-l\u0430mp"),  # a Cyrillic а
        ("ｔｅｎｏｎ－ｌａｍｐ", "ｔｅｎｏｎ－ｌａｍｐ"),  # full width
        ("tenon\u2010lamp", "tenon\u2010lamp"),  # a Unicode hyphen
        ("tenon-la\u0301mp", "tenon-la\u0301mp"),  # an accent
    ],
)
def test_a_folder_that_reads_as_another_campaigns_address_names_both(
    tmp_path, monkeypatch, name, shown
):
    source = site_with(tmp_path, "tenon-lamp", name)
    assert errors_of(source, monkeypatch) == [
        f"campaigns/{shown}:1:1: {RULE}; it reads as 'tenon-lamp', like campaigns/tenon-lamp: "
        "rename it to 'tenon-lamp-2'"
    ]


def test_a_folder_ending_in_a_line_break_no_longer_replaces_a_campaigns_page(tmp_path, monkeypatch):
    source = site_with(tmp_path, "tenon-lamp")
    impostor = source / "campaigns/tenon-lamp\n"
    impostor.mkdir()
    for name, text in campaign("Send your money elsewhere").items():
        (impostor / name).write_text(text, encoding="utf-8")
    assert len(errors_of(source, monkeypatch)) == 1
    impostor.rename(source / "campaigns/_tenon-lamp")  # folders starting with _ are skipped
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    page = parse_html(tmp_path / "out/campaigns/tenon-lamp/index.html")
    assert page.select_one("h1").get_text(strip=True) == "Campaign 0"


def test_folders_that_read_alike_name_each_other_and_get_different_addresses(tmp_path, monkeypatch):
    source = site_with(tmp_path, "tenon", "Tenon", "TENON", "tenon-2", "Garden")
    assert errors_of(source, monkeypatch) == [
        f"campaigns/Garden:1:1: {RULE}; rename it to 'garden'",
        f"campaigns/TENON:1:1: {RULE}; it reads as 'tenon', like campaigns/Tenon, "
        "campaigns/tenon: rename it to 'tenon-3'",
        f"campaigns/Tenon:1:1: {RULE}; it reads as 'tenon', like campaigns/TENON, "
        "campaigns/tenon: rename it to 'tenon-4'",
    ]


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("2026-11-02-first\n", "2026-11-02-first.md"),
        ("2026-11-02-first.fr\n", "2026-11-02-first.fr.md"),
        ("٢٠٢٦-١١-٠٢-first", "2026-11-02-first.md"),
        ("2026-11-02-First", "2026-11-02-first.md"),
        ("2026-11-02-First.fr", "2026-11-02-first.fr.md"),
        ("2026-11-02-first\u200b", "2026-11-02-first.md"),
        ("2026-11-02-fi\u202erst", "2026-11-02-first.md"),
        ("2026-11-02-" + "a" * 65, f"2026-11-02-{'a' * 64}.md"),
        ("2026-11-02-caf\u00e9", "2026-11-02-cafe.md"),
        ("2026-11-2-first", "2026-11-02-first.md"),
        ("hello", None),
    ],
)
def test_an_update_named_otherwise_than_its_date_and_address_is_an_error(
    tmp_path, monkeypatch, name, suggestion
):
    source = site_with(tmp_path, "lamp")
    update = source / "campaigns/lamp/updates" / f"{name}.md"
    update.parent.mkdir()
    update.write_text("---\ntitle: First\n---\nThe first one.\n", encoding="utf-8")
    rename = f"; rename it to '{suggestion}'" if suggestion else ""
    assert errors_of(source, monkeypatch) == [
        f"campaigns/lamp/updates/{shown_name(name)}.md:1:1: {UPDATE_RULE}{rename}"
    ]


def test_a_translated_file_whose_name_ends_in_a_line_break_is_not_read(tmp_path, monkeypatch):
    source = site_with(tmp_path, "lamp")
    folder = source / "campaigns/lamp"
    (folder / "story.fr.md").write_text("L'histoire.\n", encoding="utf-8")
    (folder / "story.fr\n.md").write_text("Envoyez votre argent ailleurs.\n", encoding="utf-8")
    monkeypatch.chdir(source)
    result = build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    assert [str(problem) for problem in result.warnings] == [
        "campaigns/lamp/story.fr\\n.md:1:1: warning: its name holds control or bidi characters "
        "(\\n), which hide or reorder what it is called: it is never read nor published; "
        "rename it"
    ]
    page = (tmp_path / "out/fr/campaigns/lamp/index.html").read_text(encoding="utf-8")
    assert "histoire" in page and "ailleurs" not in page


# --- The rules themselves, for any name ------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_a_slug_is_nothing_but_a_slug_to_the_very_end(text):
    if is_slug(text):
        assert check_slug(text) == text
        assert 1 <= len(text) <= 64 and set(text) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
        assert not text.startswith("-") and not text.endswith("-") and "--" not in text
    for ending in ("\n", "\r\n", " ", "\u200b", "\u202e"):
        assert not is_slug(text + ending)
        with pytest.raises(ValueError, match="must be a slug"):
            check_slug(text + ending)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_what_a_name_reads_as_is_an_address_or_nothing(name):
    key = address_key(name)
    assert key == "" or is_slug(key[:64].rstrip("-"))
    assert address_key(name.upper()) == key or not name.isascii()
    assert address_key(f"\u200b{name}\u2060") == key


FOLDER_NAMES = st.text(min_size=1, max_size=70).filter(
    lambda name: "/" not in name and "\0" not in name and not name.startswith((".", "_"))
)


@settings(max_examples=200, deadline=None)
@given(st.lists(FOLDER_NAMES | st.sampled_from(["tenon", "Tenon", "tenon-2", "t\u0435non"])))
def test_every_misnamed_folder_gets_an_error_and_a_free_address(names):
    source = Path("/nowhere/site")
    folders = [source / "campaigns" / name for name in dict.fromkeys(names)]
    problems = campaign_folder_problems(folders, source)
    misnamed = [folder for folder in folders if not is_slug(folder.name)]
    assert len(problems) == len(misnamed)
    suggestions = [problem.message.rsplit("rename it to '", 1)[1][:-1] for problem in problems]
    assert all(is_slug(suggestion) for suggestion in suggestions)
    taken = {folder.name for folder in folders if is_slug(folder.name)}
    assert len(set(suggestions)) == len(suggestions) and not set(suggestions) & taken
    assert all("\n" not in problem.file and "\u202e" not in problem.file for problem in problems)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=90))
def test_an_update_name_is_refused_unless_it_is_exactly_a_date_and_a_slug(name):
    problem = update_name_problem(name, "updates/x.md")
    date, _, slug = name[:10], name[10:11], name[11:]
    exact = (
        len(name) > 11
        and name[10] == "-"
        and all(c in "0123456789" for c in date[:4] + date[5:7] + date[8:10])
        and date[4] == date[7] == "-"
    )
    if problem is None:
        assert exact and (is_slug(slug) or is_slug(slug.rsplit(".", 1)[0]))
    elif "rename it to '" in problem.message:
        suggestion = problem.message.rsplit("rename it to '", 1)[1][:-1]
        assert suggestion.endswith(".md") and update_name_problem(suggestion[:-3], "x") is None
