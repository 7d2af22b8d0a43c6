"""What never reaches output/: dotfiles, .git, ledgers and exports (backers' e-mails), files
outside the content; and symbolic links that lead out of the site, which are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import FIXED_NOW, HERO_SVG, campaign_yaml, site_yaml, write_site

from pledgekit.build import build
from pledgekit.problems import ContentErrors

EMAIL = "alice.backer@example.net"
LEDGER = (
    "processor,transaction_id,date,kind,gross,currency,refunded,status,refers_to,tier,"
    "backer,backer_ref\n"
    "paypal,4A0001369150946X,2026-11-02T19:01:00Z,payment,50.00,EUR,0,paid,,,,14c14b8723967717\n"
)
PRIVATE = "PRIVATE-MARKER-7f3a"


def site(tmp_path: Path, **files: str | bytes) -> Path:
    campaign = {"campaign.yaml": campaign_yaml(), "story.md": "A lamp.\n", "hero.svg": HERO_SVG}
    return write_site(
        tmp_path / "site", site=site_yaml(), campaigns={"lamp": {**campaign, **files}}
    )


def published(output: Path) -> dict[str, bytes]:
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in output.rglob("*")
        if path.is_file()
    }


def test_dotfiles_git_ledgers_and_exports_are_never_published(tmp_path):
    source = site(
        tmp_path,
        **{
            ".env": f"TOKEN={PRIVATE}\n",
            ".git/config": f"[remote]\n  url = {PRIVATE}\n",
            ".notes.md": PRIVATE,
            "ledger.csv": LEDGER,
            "exports/paypal-activity.csv": f"Name,From Email Address,Gross\nAlice,{EMAIL},50.00\n",
            "drafts/.hidden.svg": HERO_SVG,
        },
    )
    for name, text in {
        ".env": PRIVATE,
        ".git/HEAD": PRIVATE,
        "static/.htpasswd": PRIVATE,
        "static/.well-known/secret.txt": PRIVATE,
        "notes.csv": EMAIL,
    }.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text, encoding="utf-8")
    (tmp_path / "outside.txt").write_text(PRIVATE, encoding="utf-8")
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    files = published(tmp_path / "out")
    assert "campaigns/lamp/index.html" in files
    own = {".nojekyll", ".pledgekit-output"}  # pledgekit's own: for GitHub Pages, and a marker
    hidden = [name for name in files if any(part.startswith(".") for part in name.split("/"))]
    assert set(hidden) <= own
    assert not [name for name in files if name.endswith(".csv")]
    for name, content in files.items():
        assert EMAIL.encode() not in content, name
        assert PRIVATE.encode() not in content, name


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("[notes](.notes.txt)", ".notes.txt: hidden files are never published"),
        ("[ledger](ledger.csv)", "'ledger.csv' is never published (the ledger holds"),
        ("[export](exports/paypal.csv)", "'exports/paypal.csv' is never published (exports hold"),
        ("[up](../../site.yaml)", "files must be inside the campaign folder"),
    ],
)
def test_a_story_cannot_publish_private_files_by_naming_them(tmp_path, written, message):
    source = site(
        tmp_path,
        **{
            "story.md": f"See {written}.\n",
            ".notes.txt": PRIVATE,
            "ledger.csv": LEDGER,
            "exports/paypal.csv": f"From Email Address\n{EMAIL}\n",
        },
    )
    with pytest.raises(ContentErrors) as caught:
        build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    assert [problem.message for problem in caught.value.problems if message in problem.message]
    assert not (tmp_path / "out").exists()


def problems_of(source: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW, jobs=1)
    return sorted(f"{problem.file}: {problem.message}" for problem in caught.value.problems)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "story.md").write_text(f"{PRIVATE}\n", encoding="utf-8")
    (folder / "hero.svg").write_text(HERO_SVG, encoding="utf-8")
    (folder / "id_rsa").write_text(PRIVATE, encoding="utf-8")
    return folder


def links_outside(problems: list[str]) -> list[str]:
    return [problem.split(":")[0] for problem in problems if "links outside the site" in problem]


def test_a_file_linking_outside_the_site_is_refused_and_not_read(tmp_path, outside, monkeypatch):
    source = site(tmp_path)
    monkeypatch.chdir(source)
    story = source / "campaigns/lamp/story.md"
    story.unlink()
    story.symlink_to(outside / "story.md")
    (source / "campaigns/lamp/key.txt").symlink_to(outside / "id_rsa")
    (source / "campaigns/lamp/gone.txt").symlink_to(outside / "nothing-here")  # dangling
    problems = problems_of(source)
    assert links_outside(problems) == [
        "campaigns/lamp/gone.txt",
        "campaigns/lamp/key.txt",
        "campaigns/lamp/story.md",
    ]
    assert not [problem for problem in problems if PRIVATE in problem]
    assert f"links outside the site (to {outside / 'story.md'})" in "\n".join(problems)


def test_folders_linking_outside_the_site_are_refused(tmp_path, outside, monkeypatch):
    source = site(tmp_path)
    monkeypatch.chdir(source)
    (source / "campaigns/lamp/pictures").symlink_to(outside, target_is_directory=True)
    (source / "static").symlink_to(outside, target_is_directory=True)
    (source / "templates").mkdir()
    (source / "templates/partials").symlink_to(outside, target_is_directory=True)
    (source / "campaigns/borrowed").symlink_to(outside, target_is_directory=True)
    assert links_outside(problems_of(source)) == [
        "campaigns/borrowed",
        "campaigns/lamp/pictures",
        "static",
        "templates/partials",
    ]


def test_the_whole_campaigns_folder_linking_outside_is_refused(tmp_path, monkeypatch):
    elsewhere = site(tmp_path / "other")
    source = tmp_path / "site"
    source.mkdir()
    (source / "site.yaml").write_text(site_yaml(), encoding="utf-8")
    (source / "campaigns").symlink_to(elsewhere / "campaigns", target_is_directory=True)
    monkeypatch.chdir(source)
    assert "campaigns" in links_outside(problems_of(source))


def test_a_symlink_loop_is_refused(tmp_path, monkeypatch):
    source = site(tmp_path)
    monkeypatch.chdir(source)
    folder = source / "campaigns/lamp"
    (folder / "a.svg").symlink_to(folder / "b.svg")
    (folder / "b.svg").symlink_to(folder / "a.svg")
    (folder / "self").symlink_to(folder / "self")
    problems = problems_of(source)
    assert [p for p in problems if p.endswith("symbolic link loop")] == [
        "campaigns/lamp/a.svg: symbolic link loop",
        "campaigns/lamp/b.svg: symbolic link loop",
        "campaigns/lamp/self: symbolic link loop",
    ]


def test_links_within_the_site_are_followed(tmp_path):
    source = site(tmp_path, **{"story.md": "![Plan](plan.svg)\n"})
    shared = source / "shared"
    shared.mkdir()
    (shared / "plan.svg").write_text(HERO_SVG, encoding="utf-8")
    (source / "campaigns/lamp/pictures").mkdir()
    (source / "campaigns/lamp/pictures/plan.svg").write_text(HERO_SVG, encoding="utf-8")
    (source / "campaigns/lamp/plan.svg").symlink_to("pictures/plan.svg")
    (source / "campaigns/lamp/more").symlink_to(shared, target_is_directory=True)
    (source / "templates").symlink_to(shared, target_is_directory=True)
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    assert (tmp_path / "out/campaigns/lamp/plan.svg").read_text(encoding="utf-8") == HERO_SVG
