"""Script injection in every text field that reaches a page (tests/fixtures/xss_payloads.txt):
what the build refuses, and what it publishes holds no executable content."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from datetime import datetime
from pathlib import Path

import pytest
from hostile_site import ALL, PAYLOADS, REFUSED_MARKDOWN, SITE_TEXT, write_hostile_site
from support import HERO_SVG, campaign_yaml, parse_html, site_yaml, write_site

from pledgekit.build import build as build_site
from pledgekit.problems import ContentErrors

NOW = "2026-11-26T12:00:00+00:00"
SCRIPT_SCHEMES = re.compile(r"^(javascript|vbscript|data:text/html|livescript|mocha)", re.I)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href")
CONTENT_ELEMENTS = ("iframe", "object", "embed", "base", "frame", "frameset", "applet", "form")


def problems_of(source: Path, output: Path) -> list[str]:
    try:
        build(source, output)
    except ContentErrors as errors:
        return [f"{p.file}:{p.line}: {p.field}: {p.message}" for p in errors.problems]
    return []


def build(source: Path, output: Path) -> Path:
    build_site(source, output, now=datetime.fromisoformat(NOW), jobs=1)
    return output


@pytest.fixture(scope="module", params=["default", "appeal"])
def hostile_output(request, tmp_path_factory) -> Path:
    """The hostile site, built once per theme for the whole module."""
    folder = tmp_path_factory.mktemp(f"hostile-{request.param}")
    return build(write_hostile_site(folder / "content", request.param), folder / "output")


_PARSED: dict[Path, list] = {}


def parsed_pages(output: Path) -> list:
    """(path, soup) of every HTML page, parsed once per module (html5lib is slow). Of the
    appeal theme's site, only the pages its own templates draw (the rest are the default
    theme's, checked on the other site)."""
    if output not in _PARSED:
        found = sorted(output.rglob("*.html"))
        if output.parent.name.startswith("hostile-appeal"):
            drawn = re.compile(r"(fr/)?(campaigns/hostile/(updates/note-[01]/)?)?index\.html")
            found = [p for p in found if drawn.fullmatch(p.relative_to(output).as_posix())]
        _PARSED[output] = [(page, parse_html(page)) for page in found]
    return _PARSED[output]


def unescaped(value: str) -> str:
    return re.sub(r"[\x00-\x20]", "", value)


def test_corpus_is_large_enough():
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def test_no_script_but_the_sites_own(hostile_output):
    own = {"share.js", "search.js", "live-totals.js"}
    for page, soup in parsed_pages(hostile_output):
        for script in soup.find_all("script"):
            where = f"{page.relative_to(hostile_output)}: {str(script)[:120]}"
            if script.get("type") == "application/ld+json":
                assert "src" not in script.attrs, where
                json.loads(script.string)
                continue
            assert script.get("src") and not script.string, where
            assert "/static/" in "/" + script["src"] and script["src"].rsplit("/", 1)[-1] in own, (
                where
            )


def test_no_event_handlers_or_script_urls(hostile_output):
    for page, soup in parsed_pages(hostile_output):
        for element in soup.find_all(True):
            where = f"{page.relative_to(hostile_output)}: <{element.name} {element.attrs}>"
            for name, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                assert not name.lower().startswith("on"), where
                if name.lower() in URL_ATTRIBUTES:
                    for part in value.split(","):
                        assert not SCRIPT_SCHEMES.match(unescaped(part)), where
                if name.lower() == "style":
                    assert not re.search(r"expression|url\s*\(|javascript", value, re.I), where
            # The theme's own: the search form (no action) and the card's <base target="_top">.
            theirs = {"form": {"class", "role", "hidden", "data-search-index"}}
            if element.name == "base":
                assert set(element.attrs) == {"target"}, where
            elif element.name in CONTENT_ELEMENTS:
                attributes = {a for a in element.attrs if not a.startswith("data-count-")}
                assert attributes <= theirs.get(element.name, set()), where
            if element.name == "meta":
                assert (element.get("http-equiv") or "").lower() in (
                    "",
                    "content-security-policy",
                ), where
            if element.name == "style":
                assert not re.search(r"@import|url\s*\(|expression", element.text or ""), where


def test_payloads_are_shown_as_text(hostile_output):
    """The site title (every payload, one after the other) is the text of every header."""
    for page, soup in parsed_pages(hostile_output):
        header = soup.select_one(".site-title")
        if header is not None:
            assert header.get_text().strip() == SITE_TEXT, page
    campaign = dict(parsed_pages(hostile_output))[hostile_output / "campaigns/hostile/index.html"]
    assert campaign.select_one("h1").get_text().strip() == ALL
    text = campaign.get_text()
    for payload in PAYLOADS:
        assert payload in text or payload in ALL


def test_feeds_and_data_files_hold_no_markup_that_runs(hostile_output):
    for feed in hostile_output.rglob("*.xml"):
        root = ElementTree.parse(feed).getroot()
        for element in root.iter():
            assert not element.tag.lower().endswith(("script", "iframe")), feed
            for name in element.attrib:
                assert not name.lower().startswith("on"), feed
        for content in root.iter("{http://www.w3.org/2005/Atom}content"):
            if content.get("type") == "html":
                body = parse_html_text(content.text or "")
                assert not body.find_all(["script", "iframe", "object", "embed"]), feed
                for element in body.find_all(True):
                    assert not any(name.startswith("on") for name in element.attrs), feed
    for data in [*hostile_output.rglob("*.json"), *hostile_output.rglob("*.webmanifest")]:
        json.loads(data.read_text(encoding="utf-8"))


def parse_html_text(text: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(text, "html5lib")


def test_markdown_with_script_links_is_refused(tmp_path):
    assert len(REFUSED_MARKDOWN) >= 10
    campaign = {"campaign.yaml": campaign_yaml(), "hero.svg": HERO_SVG}
    campaign["story.md"] = "\n\n".join(REFUSED_MARKDOWN) + "\n"
    source = write_site(tmp_path / "content", site=site_yaml(), campaigns={"lamp": campaign})
    problems = problems_of(source, tmp_path / "output")
    assert problems and all("scheme are not allowed" in p for p in problems), problems
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("video", "javascript:alert(1)"),
        ("video", "JaVaScRiPt:alert(1)"),
        ("video", " javascript:alert(1)"),
        ("video", "jav\tascript:alert(1)"),
        ("video", "vbscript:msgbox(1)"),
        ("video", "data:text/html,<script>alert(1)</script>"),
        ("video", "'\"><script>alert(1)</script>'"),
        ("video", 'https://video.example/"onmouseover="alert(1)'),
        ("video", "http://video.example/watch"),
        ("image", "{src: 'javascript:alert(1)', alt: x}"),
        ("image", "{src: 'data:image/svg+xml,<svg onload=alert(1)>', alt: x}"),
        ("image", "{src: 'http://images.example/hero.png', alt: x}"),
        ("image", "{src: '\"><img src=x onerror=alert(1)>', alt: x}"),
        ("creator", "{name: I, links: [{label: x, url: 'javascript:alert(1)'}]}"),
        ("creator", "{name: I, links: [{label: x, url: 'data:text/html;base64,PHNjcmlwdD4='}]}"),
        ("creator", "{name: I, avatar: {src: 'javascript:alert(1)', alt: x}}"),
        ("organisation", "{legal_name: x, website: 'javascript:alert(1)'}"),
        ("live_totals", "{url: 'javascript:alert(1)'}"),
    ],
)
def test_script_and_insecure_urls_are_refused(tmp_path, field, value):
    campaign = {"campaign.yaml": campaign_yaml(**{field: value}), "hero.svg": HERO_SVG}
    source = write_site(tmp_path / "content", site=site_yaml(), campaigns={"lamp": campaign})
    problems = problems_of(source, tmp_path / "output")
    assert any(field in p for p in problems), problems
    assert any(
        word in p
        for p in problems
        for word in ("scheme are not allowed", "https://", "file name", "spaces, quotes")
    ), problems


@pytest.mark.parametrize(
    "options",
    [
        "{accent: 'red;}</style><script>alert(1)</script>'}",
        "{body_font: '\"x\"}</style><script>alert(1)</script>'}",
        "{radius: '1px;background:url(javascript:alert(1))'}",
        "{logo: 'javascript:alert(1)'}",
    ],
)
def test_theme_options_that_would_break_out_are_refused(tmp_path, options):
    campaign = {"campaign.yaml": campaign_yaml(), "hero.svg": HERO_SVG}
    site = site_yaml(theme_options=options)
    source = write_site(tmp_path / "content", site=site, campaigns={"lamp": campaign})
    assert problems_of(source, tmp_path / "output")


def test_every_hostile_page_runs_only_the_sites_own_scripts(hostile_output):
    for page, soup in parsed_pages(hostile_output):
        policies = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(policies) == 1, page
        directives = dict(d.strip().split(" ", 1) for d in policies[0]["content"].split(";"))
        assert directives["script-src"] == "'self'", page
        assert directives["object-src"] == "'none'" and directives["frame-src"] == "'none'", page
