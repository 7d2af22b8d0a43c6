"""Every page states its security policy: a Content-Security-Policy meta that runs only the
site's own script files (an inline script only by its hash), no inline event handlers, a
referrer policy, and external links that give the other site no hold on the page."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from support import HERO_SVG, campaign_yaml, parse_html, site_yaml, write_site

from pledgekit.build import build
from pledgekit.problems import ContentErrors
from pledgekit.render.page_policy import content_security_policy, with_remote_images

NOW = datetime.fromisoformat("2026-11-26T12:00:00+00:00")
DATA_SCRIPTS = ("application/ld+json", "application/json")


def policy_of(soup) -> dict[str, list[str]]:
    metas = soup.find_all("meta", attrs={"http-equiv": re.compile("content-security-policy", re.I)})
    assert len(metas) == 1
    head = soup.head.find_all(True)
    assert head.index(metas[0]) <= 1, "the policy comes before anything it governs"
    directives = {}
    for directive in metas[0]["content"].split(";"):
        name, *sources = directive.split()
        directives[name] = sources
    return directives


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def check_page(page: Path, soup) -> dict[str, list[str]]:
    policy = policy_of(soup)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert soup.find("meta", attrs={"name": "referrer"})["content"] == (
        "strict-origin-when-cross-origin"
    )
    for script in soup.find_all("script"):
        if script.get("type") in DATA_SCRIPTS:
            continue
        if script.get("src"):
            assert not urlsplit(script["src"]).scheme, f"{page}: a script from another site"
        else:
            assert sha256(script.string or "") in policy["script-src"], page
    for style in soup.find_all("style"):
        assert sha256(style.string or "") in policy["style-src"], page
    canonical = soup.find("link", rel="canonical")
    own = urlsplit(canonical["href"]).netloc if canonical else None
    for element in soup.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], f"{page}: {element}"
        assert "style" not in element.attrs, f"{page}: style attribute on {element.name}"
        for name in ("src", "srcset", "poster"):
            assert not element.get(name, "").startswith("http://"), f"{page}: mixed content"
        href = element.get("href", "") if element.name == "a" else ""
        if href.startswith(("http://", "https://", "//")) and urlsplit(href).netloc != own:
            rel = set(element.get("rel", []))
            assert {"noopener", "noreferrer"} <= rel, f"{page}: {element}"
    return policy


def test_every_page_of_the_example_site_states_its_policy(example_site):
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        policy = check_page(page, parse_html(page))
        assert policy["script-src"] == ["'self'"], page
        assert policy["frame-src"] == ["'none'"], page
        assert policy["img-src"] == ["'self'", "data:"], page


def test_the_appeal_theme_states_it_too(appeal_site):
    for page in sorted(appeal_site.rglob("*.html"))[:40]:
        check_page(page, parse_html(page))


def test_theme_options_live_totals_and_remote_pictures_are_allowed_by_name(tmp_path):
    """The options' <style> by its hash, the live totals' address in connect-src, and the
    sites that campaign pictures come from in img-src; nothing wider."""
    campaign = campaign_yaml(
        image="{src: 'https://images.example/hero.png', alt: The lamp}",
        live_totals="{url: 'https://totals.example:8443/lamp.json'}",
    )
    source = write_site(
        tmp_path / "content",
        site=site_yaml(theme_options="{accent: '#7a2e8c'}", languages="[]"),
        campaigns={"lamp": {"campaign.yaml": campaign, "story.md": "Hi.\n"}},
    )
    output = tmp_path / "output"
    build(source, output, NOW, jobs=1)
    page = output / "campaigns/lamp/index.html"
    policy = check_page(page, parse_html(page))
    assert policy["connect-src"] == ["'self'", "https://totals.example:8443"]
    assert policy["img-src"] == ["'self'", "data:", "https://images.example"]
    assert len(policy["style-src"]) == 2  # 'self' and the options' hash
    home = output / "index.html"
    assert check_page(home, parse_html(home))["connect-src"] == ["'self'"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("image", "{src: 'http://images.example/hero.png', alt: x}"),
        ("video", "http://videos.example/watch"),
        ("creator", "{name: I, avatar: {src: 'http://images.example/me.png', alt: x}}"),
    ],
)
def test_http_pictures_and_videos_are_refused(tmp_path, field, value):
    campaign = {"campaign.yaml": campaign_yaml(**{field: value}), "hero.svg": HERO_SVG}
    campaign["story.md"] = "Hi.\n"
    source = write_site(tmp_path / "content", site=site_yaml(), campaigns={"lamp": campaign})
    with pytest.raises(ContentErrors) as raised:
        build(source, tmp_path / "output", NOW, jobs=1)
    messages = [p.message for p in raised.value.problems]
    assert any("https://" in m and field in str(raised.value) for m in messages), messages


def test_http_pictures_in_markdown_are_loaded_over_https():
    from pledgekit.load.markdown_render import MarkdownRenderer

    html = MarkdownRenderer().render("![x](http://images.example/a.png) [y](http://a.example/)")
    assert 'src="https://images.example/a.png"' in html.html
    assert 'href="http://a.example/"' in html.html  # a link is not loaded by the page
    assert 'rel="noopener noreferrer"' in html.html


def test_a_policy_source_cannot_break_out():
    with pytest.raises(ValueError):
        content_security_policy(connect=["https://a.example; script-src *"])
    with pytest.raises(ValueError):
        content_security_policy(scripts=["'unsafe-inline'"])
    page = '<meta http-equiv="Content-Security-Policy" content="img-src \'self\' data:; x">'
    page += '<img src="https://a.example/b.png"><img src="http://c.example/d.png">'
    assert "img-src 'self' data: https://a.example;" in with_remote_images(page)
