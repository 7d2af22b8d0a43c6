"""A secret is refused in what is published, not only in what is written: the page shows text
decoded (Markdown and YAML escapes, HTML entities, comments and tags taken out, lines joined),
copied files are read in any encoding, with their metadata, PDF text and compressed parts. The
build fails at the source's file:line:column without writing anything."""

from __future__ import annotations

import gzip
import html
import io
import os
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin
from support import FIXED_NOW, HERO_SVG, campaign_yaml, site_yaml, write_site

from pledgekit.build import build
from pledgekit.problems import ContentErrors

# Built from parts, so that this file is not itself a leak for scanners to report.
TAIL = "4eC39HqLyjWDarjtT1zdp7dc"
KEY = "sk_" + "live_" + TAIL
AWS_ID = "AKIA" + "Z7QH2MDR4XWB6KLN"
AWS_SECRET = "k9Tq2LmB7xR4vW8nP3sJ6hF1dG5aZ0cY/+Ue8oIq"
PAYPAL_TOKEN = "A21AA" + "FEpH4PsADK7qSS7pSRsgzfENtu-Q1ysgEDVDESseMHBYXVJYE8ovjj68elIDy8nF26Aw"
BRAINTREE_SECRET = "client_secret$" + "production$" + "q4m7x2k9w3b8n5r1t6y0z2c7v4"
ADVICE = (
    "secrets must never be in content, as everything here may be published: remove it, and "
    "revoke it with the service, as it may already have leaked"
)
STRIPE = "a Stripe secret key (sk_live_…)"


def published_hits(data: bytes):
    from pledgekit.parts.secret_scan import published_hits as hits

    return hits(data)


def kinds(data: bytes) -> set[str]:
    return {found.hit.shape.kind for found in published_hits(data)}


def lamp_site(tmp_path: Path, **files: str | bytes) -> Path:
    base = {"campaign.yaml": campaign_yaml(), "story.md": "A lamp.\n", "hero.svg": HERO_SVG}
    names = {name.replace("__", "/").replace("_dot_", "."): c for name, c in files.items()}
    return write_site(tmp_path / "site", site=site_yaml(), campaigns={"lamp": base | names})


def refusal(tmp_path: Path, source: Path) -> list[str]:
    """The build's problems, as printed, with the output folder left unwritten."""
    with pytest.raises(ContentErrors) as caught:
        build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    assert not (tmp_path / "out").exists()
    return [str(problem) for problem in caught.value.problems]


def shown(published: str, more: int, what: str = STRIPE, where: str = "") -> str:
    extra = f" (and {more} more files)" if more else ""
    return f"once published, {published}{extra} would show {what}{where}; {ADVICE}"


# The campaign page in the site's three languages, and its feed in each when in the tagline.
PAGE = "campaigns/lamp/index.html"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(  # Markdown escapes
            {"story_dot_md": f"A lamp.\n\nOur key: sk\\_live\\_{TAIL}\n"},
            f"site/campaigns/lamp/story.md:3:10: {shown(PAGE, 2)}",
            id="markdown-escapes",
        ),
        pytest.param(  # HTML entities
            {"story_dot_md": f"A lamp.\n\nOur key: sk&#95;live&lowbar;{TAIL}\n"},
            f"site/campaigns/lamp/story.md:3:10: {shown(PAGE, 2)}",
            id="html-entities",
        ),
        pytest.param(  # a comment splitting it
            {"story_dot_md": f"A lamp.\n\nOur key: sk_live_<!-- -->{TAIL}\n"},
            f"site/campaigns/lamp/story.md:3:10: {shown(PAGE, 2)}",
            id="html-comment",
        ),
        pytest.param(  # a tag splitting it
            {"story_dot_md": f"A lamp.\n\nOur key: sk_live_*{TAIL[:5]}*{TAIL[5:]}\n"},
            f"site/campaigns/lamp/story.md:3:10: {shown(PAGE, 2)}",
            id="emphasis-splitting",
        ),
        pytest.param(  # a zero-width space splitting it
            {"story_dot_md": f"A lamp.\n\nOur key: sk_live_4eC39\u200b{TAIL[5:]}\n"},
            f"site/campaigns/lamp/story.md:3:10: {shown(PAGE, 2)}",
            id="zero-width-space",
        ),
        pytest.param(  # a Markdown line break splitting it
            {"story_dot_md": f"A lamp.\n\nOur key: sk_live_4eC39\\\n{TAIL[5:]}\n"},
            f"site/campaigns/lamp/story.md:3:10: {shown(PAGE, 2)}",
            id="markdown-line-break",
        ),
        pytest.param(  # YAML escapes
            {"campaign_dot_yaml": campaign_yaml(tagline=f'"Key sk\\x5flive\\u005f{TAIL}"')},
            f"site/campaigns/lamp/campaign.yaml:2:10: tagline: {shown(PAGE, 8)}",
            id="yaml-escapes",
        ),
        pytest.param(  # a YAML line continuation
            {
                "campaign_dot_yaml": campaign_yaml(tagline=None)
                + f'tagline: "Key sk_live_{TAIL[:9]}\\\n  {TAIL[9:]}"\n'
            },
            f"site/campaigns/lamp/campaign.yaml:15:10: tagline: {shown(PAGE, 8)}",
            id="yaml-continuation",
        ),
        pytest.param(  # a key in a GIF's comment, cut over two sub-blocks
            {
                "story_dot_md": "A lamp.\n\n![A lamp](lamp.gif)\n",
                "lamp_dot_gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00!\xfe\x0c"
                + KEY[:12].encode()
                + bytes([len(KEY) - 12])
                + KEY[12:].encode()
                + b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
            },
            f"site/campaigns/lamp/lamp.gif:1:1: {shown(PAGE[:-10] + 'lamp.gif', 2, where=' in its GIF comment')}",
            id="gif-comment",
        ),
    ],
)
def test_a_key_the_page_would_show_is_refused_at_its_source(tmp_path, monkeypatch, files, expected):
    monkeypatch.chdir(tmp_path)
    problems = refusal(tmp_path, lamp_site(tmp_path, **files))
    assert problems == [expected]
    assert KEY not in "\n".join(problems) and TAIL[-8:] not in "\n".join(problems)


def test_a_utf16_text_file_is_read_as_an_editor_shows_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for codec in ["utf-16", "utf-16-be", "utf-32"]:
        source = lamp_site(
            tmp_path,
            story_dot_md="A lamp. [Notes](notes.txt)\n",
            notes_dot_txt=f"Notes\nkey = {KEY}\n".encode(codec),
        )
        [problem] = refusal(tmp_path, source)
        assert problem.startswith("site/campaigns/lamp/notes.txt:2:7: this looks like a Stripe")


def test_a_key_in_site_yaml_shown_on_the_index_is_refused_there(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = lamp_site(tmp_path)
    site = (source / "site.yaml").read_text()
    (source / "site.yaml").write_text(site + f'description: "Ours: sk&#95;live_{TAIL}"\n')
    [problem] = refusal(tmp_path, source)
    assert problem.startswith(  # the campaign's pages show the site's description too
        "site/site.yaml:7:14: description: once published, campaigns/lamp/index.html"
    )
    assert problem.endswith(f"would show {STRIPE}; {ADVICE}")


def test_a_failed_build_leaves_the_previous_site_and_writes_the_key_nowhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = lamp_site(tmp_path)
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    before = {path: path.read_bytes() for path in (tmp_path / "out").rglob("*") if path.is_file()}
    (source / "campaigns/lamp/story.md").write_text(f"A lamp.\n\nKey: sk&#95;live_{TAIL}\n")
    with pytest.raises(ContentErrors):
        build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    after = {path: path.read_bytes() for path in (tmp_path / "out").rglob("*") if path.is_file()}
    assert after == before
    for path in tmp_path.rglob("*"):  # the output, the build cache and its next generation
        if path.is_file() and source not in path.parents:
            assert TAIL.encode() not in path.read_bytes(), path


# What a file carries besides its text: each is found whole.


def png_with(info: PngImagePlugin.PngInfo) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf(content: bytes, info: bytes = b"", filters: bool = True) -> bytes:
    """A one-page PDF whose page draws `content` (Flate-compressed) in Helvetica."""
    stream = zlib.compress(content) if filters else content
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n"
        % (len(stream), b" /Filter /FlateDecode" if filters else b"")
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< " + info + b" >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content_object in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content_object + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer << /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    return body + b"startxref\n%d\n%%%%EOF\n" % xref


def zipped(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return out.getvalue()


def jpeg(**options) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, "JPEG", **options)
    return out.getvalue()


def png_text(kind: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    if kind == "tEXt":
        info.add_text("Comment", KEY)
    elif kind == "zTXt":
        info.add_text("Comment", KEY, zip=True)
    else:
        info.add_itxt("Comment", KEY, lang="fr", tkey="Commentaire", zip=kind == "iTXt zip")
    return png_with(info)


@pytest.mark.parametrize(
    ("data", "where"),
    [
        pytest.param(png_text("tEXt"), "PNG tEXt chunk", id="png-text"),
        pytest.param(png_text("zTXt"), "PNG zTXt chunk", id="png-compressed-text"),
        pytest.param(png_text("iTXt"), "PNG iTXt chunk", id="png-international-text"),
        pytest.param(png_text("iTXt zip"), "PNG iTXt chunk", id="png-compressed-itxt"),
        pytest.param(jpeg(comment=KEY.encode()), "JPEG COM segment", id="jpeg-comment"),
        pytest.param(
            jpeg(exif=b"Exif\x00\x00MM\x00*" + KEY.encode("utf-16-be")), "", id="jpeg-exif-ucs2"
        ),
        pytest.param(
            jpeg(xmp=f"<x:xmpmeta><dc:description>sk&#x5f;live_{TAIL}</dc:description>".encode()),
            "JPEG APP1 segment",
            id="jpeg-xmp-entities",
        ),
        pytest.param(
            pdf(b"BT /F1 9 Tf 5 50 Td (Key: " + KEY.encode() + b") Tj ET"), "", id="pdf-flate"
        ),
        pytest.param(
            pdf(b"BT /F1 9 Tf 5 50 Td (sk\\137live\\137" + TAIL.encode() + b") Tj ET"),
            "PDF",
            id="pdf-octal-escapes",
        ),
        pytest.param(
            pdf(b"BT /F1 9 Tf 5 50 Td [(sk_live_4eC39) -20 (" + TAIL[5:].encode() + b")] TJ ET"),
            "PDF page 1 text",
            id="pdf-kerned-pieces",
        ),
        pytest.param(
            pdf(b"BT ET", b"/Author <FEFF" + KEY.encode("utf-16-be").hex().encode() + b">"),
            "PDF metadata",
            id="pdf-metadata-utf16-hex",
        ),
        pytest.param(zipped("notes.txt", KEY.encode()), "notes.txt (in the archive)", id="zip"),
        pytest.param(gzip.compress(f"<svg>{KEY}</svg>".encode()), "gzip content", id="svgz"),
        pytest.param(f"K: {KEY}".encode("utf-16-le"), "", id="utf16-without-mark"),
        pytest.param(f"K: {KEY}".encode("utf-32-be"), "", id="utf32-without-mark"),
        pytest.param(
            f'<a href="data:text/plain;base64,{__import__("base64").b64encode(KEY.encode()).decode()}">x</a>'.encode(),
            "",
            id="data-address",
        ),
        pytest.param(f"<p>{KEY}</p>".encode("utf-8-sig"), "", id="utf8-mark"),
    ],
)
def test_what_a_file_carries_is_searched_whole(data, where):
    found = [item for item in published_hits(data) if item.hit.shape.kind == "Stripe secret key"]
    assert found, "not found"
    assert any(item.hit.value.startswith(KEY) for item in found)
    if where:
        assert any(item.where.startswith(where) for item in found), found


def test_a_compressed_bomb_is_refused_not_read_on():
    from pledgekit.validate.embedded_text import MAX_EXPANDED_BYTES, TooLarge

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "x" * (MAX_EXPANDED_BYTES + 10), zip=True)
    with pytest.raises(TooLarge):
        published_hits(png_with(info))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"aws_access_key_id = {AWS_ID}", "AWS access key id"),
        (f"id {AWS_ID}\nkey {AWS_SECRET}\n", "AWS secret access key"),  # near the id
        (f"aws_secret_access_key: {AWS_SECRET}", "AWS secret access key"),
        (f"token={PAYPAL_TOKEN}", "PayPal access token"),
        (BRAINTREE_SECRET, "PayPal (Braintree) client secret"),
        ("ghs_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "GitHub token"),
        (
            "github_pat_" + "11ABCDEFG0123456789ABC_" + "a1" * 29 + "Z",
            "GitHub token",
        ),
        ("rk_" + "live_" + TAIL, "Stripe restricted key"),
        ("whsec_" + TAIL + "abcd", "Stripe webhook signing secret"),
    ],
)
def test_new_kinds_of_secret_are_caught(text, kind):
    assert kind in kinds(f"<p>{html.escape(text)}</p>".encode())


@pytest.mark.parametrize(
    "text",
    [
        "AKIA" + "IOSFODNN7EXAMPLE",  # AWS's own documented examples
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY near AKIAIOSFODNN7EXAMPLE",
        "ASIA-PACIFIC SHIPPING TO ASIA AND AKIAK",
        "ghp_" + "tooShort0123",
        "github_pat_" + "11ABCDEFG0123456789ABC",  # a fine-grained token's first half only
        "Never paste your sk_live_ key here; use a Payment Link.",
        "sk_live_ keys look like this: never put them on a page",
        "Ask live, task_live_4eC39HqLyjWDarjtT1zdp7dc",
        "A21AA is the start of a PayPal token.",
    ],
)
def test_prose_and_documented_examples_are_not_secrets(text):
    assert kinds(f"<p>{html.escape(text)}</p>".encode()) == set()


def test_the_example_site_and_the_docs_show_no_secret(tmp_path, monkeypatch):
    from support import EXAMPLE, REPOSITORY

    monkeypatch.chdir(tmp_path)
    build(EXAMPLE, tmp_path / "out", FIXED_NOW, jobs=1)
    for path in [*(tmp_path / "out").rglob("*"), *(REPOSITORY / "docs").rglob("*")]:
        if path.is_file():
            assert kinds(path.read_bytes()) == set(), path


def test_large_files_found_clean_are_searched_once(tmp_path, monkeypatch):
    from pledgekit.parts import secret_scan

    monkeypatch.chdir(tmp_path)
    calls = []
    search = secret_scan.published_hits
    monkeypatch.setattr(
        secret_scan, "published_hits", lambda data: calls.append(len(data)) or search(data)
    )
    big = b"%PDF-1.4\n" + b"% padding\n" * 10_000
    source = lamp_site(tmp_path, story_dot_md="A lamp. [Plan](plan.pdf)\n", plan_dot_pdf=big)
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    assert calls.count(len(big)) == 1  # three languages, one search
    (source / "campaigns/lamp/story.md").write_text("A lamp, mended. [Plan](plan.pdf)\n")
    build(source, tmp_path / "out", FIXED_NOW, jobs=1)
    assert calls.count(len(big)) == 1


# Any text around a key, in any of the forms a page may show it in: always caught.

AROUND = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


def _entities(text: str, data) -> str:
    return "".join(data.draw(st.sampled_from([c, f"&#{ord(c)};", f"&#x{ord(c):x};"])) for c in text)


def _split(text: str, data, filler: str) -> str:
    at = data.draw(st.integers(1, len(text) - 1))
    return text[:at] + filler + text[at:]


BREAKS = st.sampled_from(["\n", " ", "<br>", "</p><p>", "\n\n"])
TRICKS = {
    "entities": lambda key, data: _entities(key, data),
    "comment": lambda key, data: _split(key, data, "<!-- " + "x" + " -->"),
    "inline tag": lambda key, data: _split(key, data, "</em><em>"),
    "zero width": lambda key, data: _split(
        key, data, data.draw(st.sampled_from("\u200b\u200c\u200d\u2060\ufeff\u00ad"))
    ),
    # after the prefix: a prefix cut by a space is not searched joined (see docs/security.md)
    "line break": lambda key, data: key[:8] + _split(key[8:], data, data.draw(BREAKS)),
    "full width": lambda key, data: "".join(chr(ord(c) + 0xFEE0) for c in key),
    "json escape": lambda key, data: "".join(f"\\u{ord(c):04x}" if c == "_" else c for c in key),
    "css escape": lambda key, data: key.replace("_", "\\5f "),
    "percent": lambda key, data: key.replace("_", "%5F"),
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=AROUND,
    after=AROUND,
    trick=st.sampled_from(sorted(TRICKS)),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32"]),
    data=st.data(),
)
def test_any_text_around_a_key_in_any_disguise_is_caught(before, after, trick, encoding, data):
    written = TRICKS[trick](KEY, data)
    page = f"<p>{html.escape(before)} {written} {html.escape(after)}</p>"
    assert "Stripe secret key" in kinds(page.encode(encoding)), page


def test_a_pdf_over_16_mb_is_searched_too(tmp_path, monkeypatch):
    """Files up to the publishing limit (64 MB) are searched: a 20 MB PDF was copied unsearched
    before (the search stopped at 16 MB)."""
    monkeypatch.chdir(tmp_path)
    padding = b"% padding to twenty megabytes\n" * (20 * 1024 * 1024 // 30)
    plan = pdf(b"BT /F1 9 Tf 5 50 Td (Key: " + KEY.encode() + b") Tj ET") + padding
    files = {"campaign.yaml": campaign_yaml(), "story.md": "A lamp. [Plan](plan.pdf)\n"}
    files |= {"hero.svg": HERO_SVG, "plan.pdf": plan}
    # One language: the PDF is published (and searched) once.
    site = site_yaml(languages="[]")
    source = write_site(tmp_path / "site", site=site, campaigns={"lamp": files})
    problems = refusal(tmp_path, source)
    where = " in its PDF page 1 text"
    assert problems == [
        f"site/campaigns/lamp/plan.pdf:1:1: {shown('campaigns/lamp/plan.pdf', 0, where=where)}"
    ]


def test_a_file_gone_or_swapped_before_it_is_copied_is_an_error_not_a_traceback(tmp_path):
    """Between the check and the copy a file can go (serve, an editor's save) or become a pipe:
    the copy reads it once, safely, and says so; what it searched is what it writes."""
    from pledgekit.parts.secret_scan import scanning
    from pledgekit.write import Placer

    site = tmp_path / "site"
    (site / "campaigns/lamp").mkdir(parents=True)
    os.mkfifo(site / "campaigns/lamp/pipe.pdf")
    (site / "campaigns/lamp/plan.pdf").write_bytes(b"%PDF-1.4\n")
    staging = tmp_path / "staging"
    placer = scanning(Placer(staging, None, {}, {}), site, site / "campaigns/lamp", None)
    placer.copy("campaigns/lamp/gone.pdf", site / "campaigns/lamp/gone.pdf", "d1")
    placer.copy("campaigns/lamp/pipe.pdf", site / "campaigns/lamp/pipe.pdf", "d2")
    placer.copy("campaigns/lamp/plan.pdf", site / "campaigns/lamp/plan.pdf", "d3")
    assert [str(problem) for problem in placer.problems()] == [
        "site/campaigns/lamp/gone.pdf:1:1: cannot be published: No such file or directory "
        "(did it change while the site was built?)",
        "site/campaigns/lamp/pipe.pdf:1:1: cannot be published: a named pipe (FIFO), not a "
        "regular file: pledgekit reads only regular files (did it change while the site was "
        "built?)",
    ]
    assert sorted(p.name for p in (staging / "campaigns/lamp").iterdir()) == ["plan.pdf"]
    assert placer.placed == {"campaigns/lamp/plan.pdf": "d3"}
