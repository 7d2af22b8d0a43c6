"""SVG pictures opened directly in Chromium, at their own address on 127.0.0.1 (where a script
in them would run on the site's origin): none that pledgekit publishes opens a dialog or asks
another site for anything, and the same payloads as given do (so the check can see them)."""

from __future__ import annotations

import functools
import http.server
import threading
import time

import pytest
from conftest import _PagesHandler
from support import FIXED_NOW, FIXTURES, HERO_SVG, campaign_yaml, site_yaml, write_site

from pledgekit.build import build
from pledgekit.load.svg import SvgRefused, clean_svg

pytestmark = pytest.mark.browser
TIME_LIMIT = 150  # seconds for opening every picture of one set
# Payloads that run code in Chromium when published as they are (39 of the 64 did when this
# was written; those that hang on an animation's timing are left out): each must be seen.
SEEN_RUNNING = {
    "script element",
    "script in CDATA, typed ecmascript",
    "script by href to a data: address",
    "script by xlink:href",
    "script with another prefix for the SVG namespace",
    "HTML script inside the picture",
    "script hidden in metadata",
    "onload on the root",
    "onclick on a shape",
    "onerror on an image",
    "javascript: link",
    "javascript: xlink:href link",
    "javascript: in mixed case behind spaces",
    "javascript: split by a tab and a newline (character references)",
    "javascript: written with character references",
    "animate href to javascript: (PortSwigger)",
    "set xlink:href to javascript:",
    "foreignObject with an iframe",
    "foreignObject with an img onerror",
    "HTML iframe without foreignObject",
    "default onload attribute declared in the DTD",
    "not well-formed, script before the error",
    "external image",
    "scheme-relative image",
    "image behind a backslash",
    "feImage from another site",
    "link to another site",
    "@import of another site's stylesheet",
    "@import behind an escape",
    "background url() in a style sheet",
    "url() behind a CSS escape",
    "image-set() with a plain string",
    "@font-face from another site",
    "url() in a style attribute",
    "url() in a presentation attribute",
    "cursor from another site",
}


def payloads() -> list[tuple[str, str, bytes]]:
    found = []
    text = (FIXTURES / "svg_xss_payloads.txt").read_text(encoding="utf-8")
    for block in text.split("\n=== ")[1:]:
        head, _, body = block.partition("\n")
        expected, _, name = head.partition(": ")
        found.append((expected, name, body.strip().encode("utf-8")))
    return found


PAYLOADS = payloads()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """raw/: each payload as given; cleaned/: each as the cleaner writes it (for a refused
    one, what would be published were it not refused); site/: a built site whose campaign
    shows every payload that the build accepts."""
    root = tmp_path_factory.mktemp("svg-browser") / "served"
    for set_name in ("raw", "cleaned", "drawn"):
        (root / set_name).mkdir(parents=True)
    for name, document in DRAWN.items():
        (root / "drawn" / f"{name}.svg").write_text(document, encoding="utf-8")
        (root / "drawn" / f"{name}-cleaned.svg").write_bytes(clean_svg(document.encode()).data)
    accepted = {}
    for number, (expected, _, document) in enumerate(PAYLOADS):
        (root / "raw" / f"{number:02d}.svg").write_bytes(document)
        try:
            (root / "cleaned" / f"{number:02d}.svg").write_bytes(clean_svg(document).data)
        except SvgRefused:
            continue
        if expected == "cleaned":
            accepted[f"p{number:02d}.svg"] = document
    story = "A story.\n\n" + "".join(f"![picture]({name})\n\n" for name in accepted)
    source = write_site(
        root.parent / "content",
        site=site_yaml(),
        campaigns={
            "lamp": {
                "campaign.yaml": campaign_yaml(),
                "story.md": story,
                "hero.svg": HERO_SVG,
                **accepted,
            }
        },
    )
    build(source, root / "site", FIXED_NOW, jobs=1)
    handler = functools.partial(_PagesHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", root
    server.shutdown()


# Pictures as drawing programs write them, with what the cleaner takes out or rewrites (an
# editor's elements and attributes, comments, a DOCTYPE, a link around a shape, CDATA, quotes,
# character references): cleaned, they must look exactly the same.
DRAWN = {
    "inkscape": """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   width='320' height='200' viewBox='0 0 320 200' inkscape:version="1.3 (0e150ed6c4)">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:zoom="1.5"/>
  <metadata><rdf:RDF><rdf:Description about="x"/></rdf:RDF></metadata>
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" style="stop-color:#1f2a44;stop-opacity:1"/>
      <stop offset="1" stop-color="#8e3b36"/>
    </linearGradient>
    <pattern id="dots" width="10" height="10" patternUnits="userSpaceOnUse">
      <circle cx="5" cy="5" r="2" fill="#ffd66b"/>
    </pattern>
    <filter id="soft"><feGaussianBlur stdDeviation="2"/></filter>
    <clipPath id="round"><circle cx="260" cy="60" r="40"/></clipPath>
    <symbol id="star" viewBox="0 0 10 10"><path d="M5 0 6 4 10 4 7 6 8 10 5 7 2 10 3 6 0 4 4 4Z"/></symbol>
  </defs>
  <style type="text/css"><![CDATA[
    .label { font: bold 18px sans-serif; fill: #f2ead3 }
    @media (min-width: 1px) { .frame { stroke: #f2ead3 } }
  ]]></style>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect width="320" height="200" fill="url(#sky)"/>
    <rect class="frame" x="10" y="10" width="300" height="180" fill="url(#dots)" fill-opacity="0.3" stroke-width="4"/>
    <a href="https://example.org/about"><ellipse cx="80" cy="120" rx="50" ry="30" fill="#2f6f6a" filter="url(#soft)"/></a>
    <rect x="220" y="20" width="80" height="80" fill="#e0b48f" clip-path="url(#round)"/>
    <use xlink:href="#star" x="150" y="30" width="30" height="30" fill="#ffd66b"/>
    <text class="label" x="20" y="180" xml:space="preserve">Maison  <tspan fill="#ffd66b">Grenat</tspan> &#x2014; &amp; co</text>
  </g>
</svg>
""",
    "illustrator": """<?xml version="1.0" encoding="utf-8"?>
<!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg version="1.1" id="Layer_1" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" x="0px" y="0px"
\t viewBox="0 0 200 120" style="enable-background:new 0 0 200 120;" xml:space="preserve" width="400" height="240">
<style type="text/css">
\t.st0{fill:#0B5A4A;}
\t.st1{fill:none;stroke:#FFFFFF;stroke-width:6;stroke-linecap:round;stroke-linejoin:round;}
</style>
<g>
\t<rect x="10" y="10" class="st0" width="180" height="100" rx="12"/>
\t<polyline class="st1" points="50,60 85,90 150,30 \t"/>
\t<text transform="matrix(1 0 0 1 20 112)" font-family="'DejaVu Sans'" font-size="9px">Made in  Lyon</text>
</g>
</svg>
""",
}


def run_pictures(
    browser, base: str, addresses: list[str], settle_ms: int = 250
) -> dict[str, list[str]]:
    """What each picture did when opened, clicked, hovered and tabbed through: the dialogs it
    opened and the requests it sent elsewhere than 127.0.0.1 (blocked), by address; each is
    watched for `settle_ms` after the last gesture."""
    context = browser.new_context(viewport={"width": 400, "height": 300})
    page = context.new_page()
    seen: dict[str, list[str]] = {address: [] for address in addresses}
    current = [""]

    def guard(route):
        url = route.request.url
        if url.startswith(base) or url.startswith("data:image/"):
            route.continue_()
        else:
            seen[current[0]].append(f"request {url}")
            route.abort()

    def dialog(opened):
        seen[current[0]].append(f"{opened.type} {opened.message}")
        opened.dismiss()

    page.route("**/*", guard)
    page.on("dialog", dialog)
    started = time.monotonic()
    try:
        for address in addresses:
            current[0] = address
            try:
                page.goto(address, wait_until="load", timeout=10_000)
                page.mouse.move(20, 20)
                page.mouse.click(5, 5)
                page.keyboard.press("Tab")
                page.keyboard.press("Enter")
                page.wait_for_timeout(settle_ms)  # animations that begin at once, end in 0.1 s
            except Exception as error:  # a javascript: or data: navigation, a page gone
                seen[address].append(f"navigation {type(error).__name__}")
            assert time.monotonic() - started < TIME_LIMIT, "too slow: at " + address
    finally:
        context.close()
    return seen


def acted(outcome: list[str]) -> list[str]:
    """Dialogs and requests to other sites; a failed navigation alone is neither."""
    return [line for line in outcome if not line.startswith("navigation")]


def test_no_published_picture_runs_script_or_calls_another_site(browser, served):
    base, root = served
    published = sorted((root / "site").rglob("*.svg"))
    accepted = sum(1 for expected, _, _ in PAYLOADS if expected == "cleaned")
    assert len([p for p in published if p.name.startswith("p")]) >= 3 * accepted  # 3 languages
    addresses = [base + path.relative_to(root).as_posix() for path in published]
    outcomes = run_pictures(browser, base, addresses)
    assert {address: acted(found) for address, found in outcomes.items() if acted(found)} == {}


def test_no_cleaned_payload_runs_script_or_calls_another_site(browser, served):
    base, root = served
    cleaned = sorted((root / "cleaned").glob("*.svg"))
    assert len(cleaned) >= 40
    outcomes = run_pictures(browser, base, [f"{base}cleaned/{path.name}" for path in cleaned])
    assert {address: acted(found) for address, found in outcomes.items() if acted(found)} == {}


def test_the_payloads_as_given_do_run_in_chromium(browser, served):
    """The check above sees what it looks for: the same payloads, not cleaned, open dialogs
    and send requests."""
    base, _ = served
    names = {f"{base}raw/{number:02d}.svg": name for number, (_, name, _) in enumerate(PAYLOADS)}
    outcomes = run_pictures(browser, base, list(names))
    # On a busy machine a payload may act after the short watch (an @import's request comes
    # late): those are opened again and watched longer before the control is said to fail.
    late = [
        address
        for address, found in outcomes.items()
        if names[address] in SEEN_RUNNING and not acted(found)
    ]
    outcomes |= run_pictures(browser, base, late, settle_ms=3000)
    running = {names[address] for address, found in outcomes.items() if acted(found)}
    assert running >= SEEN_RUNNING, sorted(SEEN_RUNNING - running)


@pytest.mark.parametrize("name", sorted(DRAWN))
def test_a_cleaned_drawing_looks_exactly_as_drawn(browser, served, name):
    base, root = served
    cleaned = (root / "drawn" / f"{name}-cleaned.svg").read_bytes()
    assert cleaned != DRAWN[name].encode()  # the cleaner did rewrite it
    context = browser.new_context(viewport={"width": 420, "height": 260})
    try:
        page = context.new_page()
        shots = []
        for address in (f"{base}drawn/{name}.svg", f"{base}drawn/{name}-cleaned.svg"):
            page.goto(address, wait_until="load")
            shots.append(page.screenshot())
    finally:
        context.close()
    assert shots[0] == shots[1]
