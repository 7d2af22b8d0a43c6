"""What a file really is decides what is published and what is read (issue 20, classes 1 and 2).

A symbolic link is judged by where it leads: to an export, the ledger or a hidden file it is
refused at the line that names it, whatever the link is called. Named pipes, devices and sockets
are never opened: a named pipe called story.md or a link to /dev/zero is an error (or, when
nothing refers to it, a warning), never a hung or exhausted build. Those builds run in a
process of their own, with a time limit and a memory cap.
"""

from __future__ import annotations

import os
import re
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from support import FIXED_NOW, HERO_SVG, REPOSITORY, campaign_yaml, site_yaml, tier_yaml, write_site

from pledgekit.build import build
from pledgekit.problems import ContentErrors, Severity
from pledgekit.safe_read import FileRefused, FileTooLarge, read_regular_file

EMAIL = "alice.backer@example.net"
EXPORT = f"Name,From Email Address,Gross\nAlice,{EMAIL},50.00\n"
LEDGER = (
    "processor,transaction_id,date,kind,gross,currency,refunded,status,refers_to,tier,"
    "backer,backer_ref\n"
    "paypal,4A0001369150946X,2026-11-02T19:01:00Z,payment,50.00,EUR,0,paid,,,,14c14b8723967717\n"
)
PRIVATE = "PRIVATE-MARKER-7f3a"
NOW = FIXED_NOW.isoformat()


def lamp_site(tmp_path: Path, **files: str | bytes) -> Path:
    campaign = {
        "campaign.yaml": campaign_yaml(),
        "story.md": "A lamp.\n",
        "hero.svg": HERO_SVG,
        "exports/paypal-activity.csv": EXPORT,
        "exports/paypal-activity.svg": HERO_SVG,
        "ledger.csv": LEDGER,
        ".env": f"TOKEN={PRIVATE}\n",
        ".private/notes.txt": PRIVATE,
    }
    return write_site(
        tmp_path / "site", site=site_yaml(), campaigns={"lamp": {**campaign, **files}}
    )


def link(source: Path, name: str, target: str, folder: str = "campaigns/lamp") -> None:
    path = source / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def errors_of(source: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every error of building `source` (which must fail: nothing is written), as printed,
    the site's folder being the working one."""
    monkeypatch.chdir(source)
    output = source.parent / "output"
    with pytest.raises(ContentErrors) as caught:
        build(source, output, FIXED_NOW, jobs=1)
    assert not output.exists()
    return [str(p) for p in caught.value.problems if p.severity is Severity.ERROR]


# --- Class 1: links publish what must never be published ---------------------------------


@pytest.mark.parametrize(
    ("name", "target", "written", "message"),
    [
        (
            "receipts.txt",
            "exports/paypal-activity.csv",
            "receipts.txt",
            "'receipts.txt' leads to exports/paypal-activity.csv, which is never published "
            "(exports hold backers' personal data)",
        ),
        (
            "totals.txt",
            "ledger.csv",
            "totals.txt",
            "'totals.txt' leads to ledger.csv, which is never published "
            "(the ledger holds backers' payments)",
        ),
        (
            "env.txt",
            ".env",
            "env.txt",
            "'env.txt' leads to .env, which is never published "
            "(hidden files and folders are private)",
        ),
        (
            "notes.txt",
            ".private/notes.txt",
            "notes.txt",
            "'notes.txt' leads to .private/notes.txt, which is never published "
            "(hidden files and folders are private)",
        ),
        (
            "shared",
            ".private",
            "shared/notes.txt",
            "'shared/notes.txt' leads to .private/notes.txt, which is never published "
            "(hidden files and folders are private)",
        ),
        (
            "files",
            "exports",
            "files/paypal-activity.svg",
            "'files/paypal-activity.svg' leads to exports/paypal-activity.svg, which is never "
            "published (exports hold backers' personal data)",
        ),
        (
            "plan.pdf",
            "exports/../exports/paypal-activity.csv",
            "plan.pdf",
            "'plan.pdf' leads to exports/paypal-activity.csv, which is never published "
            "(exports hold backers' personal data)",
        ),
    ],
)
def test_a_link_to_an_export_the_ledger_or_a_hidden_file_is_refused_where_it_is_named(
    tmp_path, monkeypatch, name, target, written, message
):
    source = lamp_site(tmp_path, **{"story.md": f"# Receipts\n\nSee [{name}]({written}).\n"})
    link(source, name, target)
    assert errors_of(source, monkeypatch) == [f"campaigns/lamp/story.md:3:1: {message}"]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "exports/paypal-activity.svg",
            "'exports/paypal-activity.svg' is never published (exports hold backers' personal data)",
        ),
        (
            "Exports/paypal-activity.svg",
            "'Exports/paypal-activity.svg' is never published (exports hold backers' personal data)",
        ),
        (
            "pictures/exports/paypal-activity.svg",
            "'pictures/exports/paypal-activity.svg' is never published (exports hold backers' "
            "personal data)",
        ),
    ],
)
def test_a_file_under_an_exports_folder_is_never_published(tmp_path, monkeypatch, written, message):
    source = lamp_site(tmp_path, **{"story.md": f"![The activity]({written})\n", written: HERO_SVG})
    assert errors_of(source, monkeypatch) == [f"campaigns/lamp/story.md:1:1: {message}"]


def test_the_ledger_under_another_name_is_never_published(tmp_path, monkeypatch):
    source = lamp_site(tmp_path, **{"story.md": "[Payments](payments.txt)\n", "data.txt": LEDGER})
    (source / "campaigns/lamp/ledger.csv").unlink()
    link(source, "ledger.csv", "data.txt")
    link(source, "payments.txt", "data.txt")
    assert errors_of(source, monkeypatch) == [
        "campaigns/lamp/story.md:1:1: 'payments.txt' leads to data.txt, which is never "
        "published (it is the ledger, which holds backers' payments)"
    ]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("exports/paypal-activity.csv", "exports hold backers' personal data"),
        ("ledger.csv", "the ledger holds backers' payments"),
        (".env", "hidden files and folders are private"),
    ],
)
def test_a_hard_link_to_a_private_file_is_that_file(tmp_path, monkeypatch, target, reason):
    source = lamp_site(tmp_path, **{"story.md": "[Receipts](receipts.txt)\n"})
    folder = source / "campaigns/lamp"
    os.link(folder / target, folder / "receipts.txt")
    assert errors_of(source, monkeypatch) == [
        f"campaigns/lamp/story.md:1:1: 'receipts.txt' is the same file as {target} (a hard "
        f"link), which is never published ({reason})"
    ]


def test_a_link_is_published_only_as_the_kind_of_file_it_leads_to(tmp_path, monkeypatch):
    source = lamp_site(
        tmp_path, **{"story.md": "[The plan](plan.pdf)\n", "notes/backers.csv": EXPORT}
    )
    link(source, "plan.pdf", "notes/backers.csv")
    assert errors_of(source, monkeypatch) == [
        "campaigns/lamp/story.md:1:1: 'plan.pdf' leads to notes/backers.csv: a link is "
        "published under its own name, so it must end as its file does (.csv, not .pdf)"
    ]


def test_every_way_a_campaign_names_a_file_goes_through_the_same_check(tmp_path, monkeypatch):
    """Pictures in campaign.yaml (hero, avatars, tier pictures), Markdown in campaign.yaml,
    the story, the risks, an update and their translations."""
    fields = campaign_yaml(
        image="{src: hero.svg, alt: The lamp}",
        creator="{name: Ines, bio: 'See [the costs](costs.txt).', avatar: {src: face.svg, alt: Ines}}",
        tiers=tier_yaml(image="{src: tier.svg, alt: The lamp}"),
    )
    update = "---\ntitle: Shipped\n---\n![Parcel](parcel.svg)\n"
    source = lamp_site(
        tmp_path,
        **{
            "campaign.yaml": fields,
            "story.md": "![Plan](plan.svg)\n",
            "risks.md": "[Risks](risks.txt)\n",
            "story.fr.md": "![Plan](plan-fr.svg)\n",
            "updates/2026-11-20-shipped.md": update,
        },
    )
    (source / "site.yaml").write_text(site_yaml(languages="[fr]"), encoding="utf-8")
    for name in ("hero.svg", "face.svg", "tier.svg", "plan.svg", "plan-fr.svg", "parcel.svg"):
        (source / "campaigns/lamp" / name).unlink(missing_ok=True)
        link(source, name, "exports/paypal-activity.svg")
    for name in ("costs.txt", "risks.txt"):
        link(source, name, "exports/paypal-activity.csv")
    errors = errors_of(source, monkeypatch)
    svg = "exports/paypal-activity.svg, which is never published (exports hold backers' personal data)"
    csv = "exports/paypal-activity.csv, which is never published (exports hold backers' personal data)"
    assert errors == [
        f"campaigns/lamp/campaign.yaml:3:14: image.src: 'hero.svg' leads to {svg}",
        f"campaigns/lamp/campaign.yaml:4:28: creator.bio: 'costs.txt' leads to {csv}",
        f"campaigns/lamp/campaign.yaml:4:73: creator.avatar.src: 'face.svg' leads to {svg}",
        f"campaigns/lamp/campaign.yaml:15:18: tiers[0].image.src: 'tier.svg' leads to {svg}",
        f"campaigns/lamp/risks.md:1:1: 'risks.txt' leads to {csv}",
        f"campaigns/lamp/story.fr.md:1:1: 'plan-fr.svg' leads to {svg}",
        f"campaigns/lamp/story.md:1:1: 'plan.svg' leads to {svg}",
        f"campaigns/lamp/updates/2026-11-20-shipped.md:4:1: 'parcel.svg' leads to {svg}",
    ]


def test_links_to_private_files_in_the_sites_own_folders_are_refused(tmp_path, monkeypatch):
    """static/ is published whole, templates/ and locale/ read whole, the site's themes too;
    a picture at the top (the icon) as well."""
    source = lamp_site(tmp_path)
    (source / ".git").mkdir()
    (source / ".git/config").write_text(PRIVATE, encoding="utf-8")
    link(source, "receipts.txt", "../campaigns/lamp/exports/paypal-activity.csv", "static")
    link(source, "ledger.txt", "../campaigns/lamp/ledger.csv", "static")
    link(source, "config.html", "../.git/config", "templates")
    link(source, "lamp-exports", "../../../campaigns/lamp/exports", "themes/mine/static")
    link(source, "icon.svg", "campaigns/lamp/exports/paypal-activity.svg", ".")
    export = "which is never read nor published (exports hold backers' personal data)"
    assert errors_of(source, monkeypatch) == [
        f"icon.svg:1:1: leads to campaigns/lamp/exports/paypal-activity.svg, {export}",
        "static/ledger.txt:1:1: leads to campaigns/lamp/ledger.csv, which is never read nor "
        "published (the ledger holds backers' payments)",
        f"static/receipts.txt:1:1: leads to campaigns/lamp/exports/paypal-activity.csv, {export}",
        "templates/config.html:1:1: leads to .git/config, which is never read nor published "
        "(hidden files and folders are private)",
        f"themes/mine/static/lamp-exports:1:1: leads to campaigns/lamp/exports, {export}",
    ]


def test_private_files_and_unaddressable_names_in_a_static_folder_are_refused(
    tmp_path, monkeypatch
):
    source = lamp_site(tmp_path)
    for name in ("static/exports/backers.txt", "static/ledger.csv", "static/x\u202egpj.txt"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(EMAIL, encoding="utf-8")
    assert errors_of(source, monkeypatch) == [
        "static/exports/backers.txt:1:1: is never published (exports hold backers' personal "
        "data), and every file in a static folder is: move it out",
        "static/ledger.csv:1:1: is never published (the ledger holds backers' payments), and "
        "every file in a static folder is: move it out",
        "static/x\\u202egpj.txt:1:1: a published file's name cannot hold control or bidi "
        "characters (\\u202e): they hide or reorder what it is called; rename it",
    ]


def test_a_referenced_file_whose_name_hides_or_reorders_itself_is_refused(tmp_path, monkeypatch):
    source = lamp_site(
        tmp_path,
        **{"story.md": "![Plan](pl%E2%80%AEgvs.svg)\n", "pl\u202egvs.svg": HERO_SVG},
    )
    assert errors_of(source, monkeypatch) == [
        "campaigns/lamp/story.md:1:1: pl%E2%80%AEgvs.svg: a published file's name cannot hold "
        "control or bidi characters (\\u202e): they hide or reorder what it is called; rename it"
    ]


def test_links_that_stay_inside_lead_to_what_is_published(tmp_path, monkeypatch):
    source = lamp_site(
        tmp_path,
        **{"story.md": "![Plan](plan.svg) [Budget](budget.pdf)\n", "art/plan.svg": HERO_SVG},
    )
    (source / "campaigns/lamp/docs").mkdir()
    (source / "campaigns/lamp/docs/budget-2026.pdf").write_bytes(b"%PDF-1.4\n")
    link(source, "plan.svg", "art/plan.svg")
    link(source, "budget.pdf", "docs/budget-2026.pdf")
    link(source, "logo.svg", "../campaigns/lamp/hero.svg", "static")
    monkeypatch.chdir(source)
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    assert (tmp_path / "out/campaigns/lamp/budget.pdf").read_bytes() == b"%PDF-1.4\n"
    assert (tmp_path / "out/campaigns/lamp/plan.svg").is_file()
    assert (tmp_path / "out/static/logo.svg").is_file()
    published = [path for path in (tmp_path / "out").rglob("*") if path.is_file()]
    assert not [path for path in published if EMAIL.encode() in path.read_bytes()]
    assert not [path for path in published if PRIVATE.encode() in path.read_bytes()]


# --- Class 2: never open what is not a regular file -----------------------------------------

MEMORY_CAP = 2 * 1024**3
SECONDS = 30


def _capped() -> None:  # in the child, before pledgekit starts
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def pledgekit(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """pledgekit in a process of its own, bounded in time and memory (a hung or exhausted
    build is a failed test, not a hung suite)."""
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    return subprocess.run(
        [sys.executable, "-m", "pledgekit", *arguments, "--now", NOW, "--jobs", "1"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=SECONDS,
        env=environment,
        preexec_fn=_capped,
        check=False,
    )


def printed_problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if re.match(r"^\S.*:\d+:\d+: ", line)]


def fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


NOT_REGULAR = "not a regular file: pledgekit reads only regular files"


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            lambda source: fifo(source / "campaigns/lamp/story.md"),
            f"campaigns/lamp/story.md:1:1: a named pipe (FIFO), {NOT_REGULAR}",
        ),
        (
            lambda source: link(source, "zero.bin", "/dev/zero"),
            "campaigns/lamp/zero.bin:1:1: links outside the site (to /dev/zero); copy the file "
            "into the site instead",
        ),
        (
            lambda source: link(source, "random.bin", "/dev/urandom"),
            "campaigns/lamp/random.bin:1:1: links outside the site (to /dev/urandom); copy the "
            "file into the site instead",
        ),
    ],
    ids=["fifo-story", "dev-zero", "dev-urandom"],
)
def test_pipes_and_devices_never_hang_nor_exhaust_a_build(tmp_path, command, make, problem):
    source = lamp_site(tmp_path)
    make(source)
    arguments = [command, "--source", "."]
    if command == "build":
        arguments += ["--output", str(tmp_path / "out")]
    result = pledgekit(*arguments, cwd=source)
    assert result.returncode == 1, result.stderr
    assert printed_problems(result) == [problem]
    assert not (tmp_path / "out").exists()


def zero_hero(source: Path) -> None:
    (source / "campaigns/lamp/hero.svg").unlink()
    link(source, "hero.svg", "/dev/zero")


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (
            lambda source: fifo(source / "campaigns/lamp/hero.svg"),
            "campaigns/lamp/campaign.yaml:3:14: image.src: 'hero.svg' is a named pipe (FIFO), "
            f"{NOT_REGULAR}",
        ),
        (
            zero_hero,
            "campaigns/lamp/hero.svg:1:1: links outside the site (to /dev/zero); copy the file "
            "into the site instead",
        ),
        (
            lambda source: os.truncate(source / "site.yaml", 20 * 1024**3),  # sparse: no disk
            "site.yaml:1:1: file is too large (21474836480 bytes; the limit is 16 MB)",
        ),
    ],
    ids=["fifo-hero", "dev-zero-hero", "sparse-site-yaml"],
)
def test_a_picture_or_site_yaml_that_is_no_regular_file_is_refused_unread(
    tmp_path, command, make, problem
):
    """The example-picture check and the build's cache key read these too (a hung check and
    an exhausted build before)."""
    source = lamp_site(tmp_path)
    make(source)
    arguments = [command, "--source", "."]
    if command == "build":
        arguments += ["--output", str(tmp_path / "out")]
    result = pledgekit(*arguments, cwd=source)
    assert result.returncode == 1, result.stderr
    assert problem in printed_problems(result)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("campaign.yaml", f"campaigns/lamp/campaign.yaml:1:1: a named pipe (FIFO), {NOT_REGULAR}"),
        ("ledger.csv", f"campaigns/lamp/ledger.csv:1:1: a named pipe (FIFO), {NOT_REGULAR}"),
        ("story.fr.md", f"campaigns/lamp/story.fr.md:1:1: a named pipe (FIFO), {NOT_REGULAR}"),
        (
            "updates/2026-11-20-shipped.md",
            f"campaigns/lamp/updates/2026-11-20-shipped.md:1:1: a named pipe (FIFO), {NOT_REGULAR}",
        ),
        ("../../site.yaml", f"site.yaml:1:1: a named pipe (FIFO), {NOT_REGULAR}"),
        (
            "../../static/style.css",
            "static/style.css:1:1: a named pipe (FIFO), not a regular file: it is never read nor "
            "published; remove it",
        ),
        (
            "../../templates/campaign.html",
            "templates/campaign.html:1:1: a named pipe (FIFO), not a regular file: it is never "
            "read nor published; remove it",
        ),
    ],
)
def test_a_named_pipe_read_as_content_is_an_error_naming_it(tmp_path, name, problem):
    source = lamp_site(tmp_path, **{"updates/2026-11-20-shipped.md": "---\ntitle: Shipped\n---\n"})
    path = source / "campaigns/lamp" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    fifo(path)
    result = pledgekit("check", "--source", ".", cwd=source)
    assert result.returncode == 1, result.stderr
    assert problem in printed_problems(result)


def test_a_named_pipe_or_socket_nothing_refers_to_is_a_warning_and_never_opened(
    tmp_path, monkeypatch
):
    source = lamp_site(tmp_path)
    fifo(source / "campaigns/lamp/notes.md")
    (source / "notes").mkdir()
    fifo(source / "notes/todo.txt")
    listening = socket.socket(socket.AF_UNIX)
    monkeypatch.chdir(source / "campaigns/lamp")  # a socket's path has a short length limit
    listening.bind("control.sock")
    try:
        result = pledgekit("build", "--source", ".", "--output", str(tmp_path / "out"), cwd=source)
    finally:
        listening.close()
    assert result.returncode == 0, result.stderr
    unread = "not a regular file: it is never read nor published; remove it"
    assert printed_problems(result) == [
        f"campaigns/lamp/control.sock:1:1: warning: a socket, {unread}",
        f"campaigns/lamp/notes.md:1:1: warning: a named pipe (FIFO), {unread}",
        f"notes/todo.txt:1:1: warning: a named pipe (FIFO), {unread}",
    ]


def test_a_named_pipe_a_story_refers_to_is_an_error_at_the_reference(tmp_path):
    source = lamp_site(tmp_path, **{"story.md": "# Listen\n\n[The song](song.mp3)\n"})
    fifo(source / "campaigns/lamp/song.mp3")
    result = pledgekit("check", "--source", ".", cwd=source)
    assert result.returncode == 1, result.stderr
    assert printed_problems(result) == [
        "campaigns/lamp/song.mp3:1:1: warning: a named pipe (FIFO), not a regular file: it is "
        "never read nor published; remove it",
        f"campaigns/lamp/story.md:3:1: 'song.mp3' is a named pipe (FIFO), {NOT_REGULAR}",
    ]


def test_serve_rebuilds_past_pipes_and_devices(tmp_path):
    from test_serve import Served  # a real `pledgekit serve`, as its own tests run it

    source = lamp_site(tmp_path)
    cap = tmp_path / "cap"
    cap.mkdir()
    (cap / "sitecustomize.py").write_text(
        f"import resource\nresource.setrlimit(resource.RLIMIT_AS, ({MEMORY_CAP}, {MEMORY_CAP}))\n",
        encoding="utf-8",
    )
    served = Served(source, environment={"PYTHONPATH": f"{cap}{os.pathsep}{REPOSITORY}"})
    try:
        stream = served.events()
        first = stream.next_event()
        link(source, "zero.bin", "/dev/zero")
        fifo(source / "campaigns/lamp/notes.md")
        assert stream.next_event() != first
        served.wait_for(r"zero\.bin:1:1: links outside the site \(to /dev/zero\)", SECONDS)
        assert served.get("campaigns/lamp/")[0] == 500
        (source / "campaigns/lamp/zero.bin").unlink()
        fifo(source / "campaigns/lamp/story.md")
        served.wait_for(r"story\.md:1:1: a named pipe \(FIFO\), not a regular file", SECONDS)
        (source / "campaigns/lamp/story.md").unlink()
        (source / "campaigns/lamp/story.md").write_text("A lamp again.\n", encoding="utf-8")
        served.wait_for(r"^Built in [\d.]+ s", SECONDS)
        assert served.get("campaigns/lamp/")[0] == 200
        assert served.process.poll() is None
    finally:
        assert served.stop() == 0


# --- The reader itself -------------------------------------------------------------------------


def test_the_reader_refuses_what_is_not_a_regular_file_and_reads_at_most_its_limit(tmp_path):
    (tmp_path / "text.txt").write_bytes(b"12345")
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "zero").symlink_to("/dev/zero")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "gone").symlink_to(tmp_path / "nothing")
    assert read_regular_file(tmp_path / "text.txt") == b"12345"
    reasons = {}
    for name in ("pipe", "zero", "loop", "gone", "."):
        with pytest.raises(FileRefused) as refused:
            read_regular_file(tmp_path / name)
        reasons[name] = refused.value.reason
    assert reasons == {
        "pipe": f"a named pipe (FIFO), {NOT_REGULAR}",
        "zero": f"leads to /dev/zero, a character device, {NOT_REGULAR}",
        "loop": "symbolic link loop",
        "gone": "a symbolic link to a file that does not exist",
        ".": f"a folder, {NOT_REGULAR}",
    }
    with pytest.raises(FileRefused) as outside:
        read_regular_file(tmp_path / "zero", root=tmp_path)
    assert outside.value.reason.startswith("links outside the site (to /dev/zero)")
    with pytest.raises(FileTooLarge) as large:
        read_regular_file(tmp_path / "text.txt", limit=4)
    assert large.value.reason == "file is too large (5 bytes; the limit is 4 bytes)"


def test_the_reader_does_not_trust_the_size_a_file_claims(tmp_path):
    """/proc files say they are empty; the reader stops at its limit all the same."""
    assert len(read_regular_file("/proc/self/status", limit=1 << 20)) > 0
    with pytest.raises(FileTooLarge) as large:
        read_regular_file("/proc/self/status", limit=10)
    assert large.value.reason == "file is too large (more than 10 bytes; the limit is 10 bytes)"


def test_a_file_swapped_for_a_link_between_check_and_open_is_refused(tmp_path, monkeypatch):
    """The check and the open are not one step: the descriptor is checked again."""
    import pledgekit.safe_read as safe_read

    (tmp_path / "story.md").write_text("A lamp.\n", encoding="utf-8")
    (tmp_path / "other.md").write_text(PRIVATE, encoding="utf-8")
    checked = safe_read.regular_file

    def swapped(path, root=None):
        found = checked(path, root)
        os.replace(tmp_path / "other.md", tmp_path / "story.md")  # another file takes its place
        return found

    monkeypatch.setattr(safe_read, "regular_file", swapped)
    with pytest.raises(FileRefused) as refused:
        read_regular_file(tmp_path / "story.md")
    assert refused.value.reason.startswith("changed while it was being read")


def test_a_campaign_folder_that_leads_to_a_hidden_folder_is_not_read(tmp_path, monkeypatch):
    source = lamp_site(tmp_path)
    drafts = source / ".drafts/secret-campaign"
    drafts.mkdir(parents=True)
    for name, text in {"campaign.yaml": campaign_yaml(), "hero.svg": HERO_SVG}.items():
        (drafts / name).write_text(text, encoding="utf-8")
    link(source, "secret-campaign", "../.drafts/secret-campaign", "campaigns")
    assert errors_of(source, monkeypatch) == [
        "campaigns/secret-campaign:1:1: leads to .drafts/secret-campaign, which is never read "
        "nor published (hidden files and folders are private)"
    ]


def test_a_campaign_may_be_called_exports(tmp_path, monkeypatch):
    """What is private is an exports folder inside a campaign, not a campaign's address."""
    source = lamp_site(tmp_path)
    (source / "campaigns/lamp").rename(source / "campaigns/exports")
    link(source, "hero.svg", "../campaigns/exports/hero.svg", "static")
    monkeypatch.chdir(source)
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    assert (tmp_path / "out/campaigns/exports/hero.svg").is_file()
    assert (tmp_path / "out/static/hero.svg").is_file()


def test_the_site_icon_is_never_a_private_file(tmp_path, monkeypatch):
    """The icon is published (favicon, home-screen icons): one under a campaign's exports/
    folder is refused at site.yaml's icon, as a link to it would be."""
    source = lamp_site(tmp_path, **{"exports/icon.png": b"\x89PNG\r\n\x1a\n"})
    site = source / "site.yaml"
    site.write_text(site.read_text() + "icon: campaigns/lamp/exports/icon.png\n")
    assert errors_of(source, monkeypatch) == [
        "site.yaml:7:7: icon: 'campaigns/lamp/exports/icon.png' is never published "
        "(exports hold backers' personal data)"
    ]


def test_a_published_file_over_64_mb_is_refused_where_it_is_named(tmp_path, monkeypatch):
    """Every published file is searched for secrets first; one too large to search is never
    copied (a 20 MB PDF was copied unsearched before)."""
    source = lamp_site(tmp_path, **{"story.md": "A lamp.\n\n[The plans](plans.pdf)\n"})
    plans = source / "campaigns/lamp/plans.pdf"
    plans.write_bytes(b"%PDF-1.4\n")
    os.truncate(plans, 64 * 1024 * 1024 + 1)  # sparse: no disk
    assert errors_of(source, monkeypatch) == [
        "campaigns/lamp/story.md:3:1: 'plans.pdf' is 67,108,865 bytes; a file the site "
        "publishes is at most 64 MB (each is searched for secrets before it is published): "
        "make it smaller, or link to it where it is hosted"
    ]
