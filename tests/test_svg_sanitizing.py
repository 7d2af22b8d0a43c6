"""SVG pictures cannot run script (issue 20, class 3): every SVG a campaign or the site's
static/ folder publishes is cleaned with an allow-list (generator/load/svg.py); one that
holds code is refused at its line and column, one that loads from elsewhere or links is
published without it, with a warning. The payloads: tests/fixtures/svg_xss_payloads.txt."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import (
    EXAMPLE,
    FIXED_NOW,
    FIXTURES,
    HERO_SVG,
    REPOSITORY,
    campaign_yaml,
    site_yaml,
    tier_yaml,
)
from support import write_site as write_files

from pledgekit.build import build
from pledgekit.load.svg import SvgRefused, clean_svg
from pledgekit.problems import ContentErrors

PAYLOADS_FILE = FIXTURES / "svg_xss_payloads.txt"
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
HERO = "hero.svg"


def payloads() -> list[tuple[str, str, bytes]]:
    """(expected, name, document) of each payload: expected is 'refused' or 'cleaned'."""
    found = []
    for block in PAYLOADS_FILE.read_text(encoding="utf-8").split("\n=== ")[1:]:
        head, _, body = block.partition("\n")
        expected, _, name = head.partition(": ")
        found.append((expected, name, body.strip().encode("utf-8")))
    return found


PAYLOADS = payloads()


# What a published picture may hold, checked on its parsed tree by rules of its own (not the
# cleaner's code): SVG elements that draw, no handler, no address but #id, a raster data:
# picture or a file beside it, no url() but url(#id), nothing that names a script scheme.
DRAWING = set(
    [
        "svg",
        "g",
        "defs",
        "symbol",
        "use",
        "switch",
        "title",
        "desc",
        "style",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "textPath",
        "linearGradient",
        "radialGradient",
        "stop",
        "pattern",
        "clipPath",
        "mask",
        "marker",
        "image",
        "filter",
        "feBlend",
        "feColorMatrix",
        "feComponentTransfer",
        "feComposite",
        "feConvolveMatrix",
        "feDiffuseLighting",
        "feDisplacementMap",
        "feDistantLight",
        "feDropShadow",
        "feFlood",
        "feFuncA",
        "feFuncB",
        "feFuncG",
        "feFuncR",
        "feGaussianBlur",
        "feImage",
        "feMerge",
        "feMergeNode",
        "feMorphology",
        "feOffset",
        "fePointLight",
        "feSpecularLighting",
        "feSpotLight",
        "feTile",
        "feTurbulence",
        "animate",
        "animateMotion",
        "animateTransform",
        "set",
        "mpath",
    ]
)
RASTER_DATA = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)
URL_FUNCTION = re.compile(r"url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
SCRIPT_SCHEME = re.compile("(java|vb|live)script:", re.IGNORECASE)
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}\s?|.)", re.DOTALL)


def _unescaped(escape: re.Match) -> str:
    """A CSS escape as the character it stands for (as browsers read u\\72l( as url()."""
    text = escape.group(1)
    if re.fullmatch(r"[0-9a-fA-F]{1,6}\s?", text):
        return chr(min(int(text.strip(), 16), 0x10FFFF) or 0xFFFD)
    return text


def assert_inert(data: bytes) -> None:
    assert b"<!DOCTYPE" not in data and b"<!ENTITY" not in data and b"<?xml-stylesheet" not in data
    root = ElementTree.fromstring(data)
    assert root.tag == f"{{{SVG}}}svg"
    for element in root.iter():
        namespace, local = element.tag[1:].split("}")
        assert namespace == SVG and local in DRAWING, element.tag
        for name, value in element.attrib.items():
            assert not name.lower().split("}")[-1].startswith("on"), name
            assert not SCRIPT_SCHEME.search(re.sub(r"[\x00-\x20]", "", value)), (name, value)
            if name in ("href", f"{{{XLINK}}}href"):
                address = value.strip()
                assert (
                    address.startswith("#")
                    or RASTER_DATA.match(address)
                    or (
                        local in ("image", "feImage")
                        and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//|/\\", address)
                        and "\\" not in address
                    )
                ), (local, value)
            for target in URL_FUNCTION.findall(value):
                assert target.strip().startswith("#"), (name, value)
        if local == "style":
            assert len(element) == 0  # no element inside a style sheet
            text = CSS_ESCAPE.sub(_unescaped, element.text or "").lower()
            assert "@import" not in text and "@font-face" not in text
            assert not SCRIPT_SCHEME.search(re.sub(r"[\x00-\x20]", "", text)), text
            for target in URL_FUNCTION.findall(text):
                assert target.strip().startswith("#"), text


# The payloads, one by one


@pytest.mark.parametrize(
    ("expected", "document"),
    [pytest.param(expected, document, id=name) for expected, name, document in PAYLOADS],
)
def test_every_payload_is_refused_or_published_inert(expected, document):
    try:
        cleaned = clean_svg(document)
    except SvgRefused:
        assert expected == "refused"
        return
    assert_inert(cleaned.data)
    hostile = [removal for removal in cleaned.removals if removal.hostile]
    assert cleaned.removals, "the payload went through as it was"
    assert ("refused" if hostile else "cleaned") == expected, cleaned.removals


def test_the_corpus_is_large_and_of_both_kinds():
    kinds = [expected for expected, _, _ in PAYLOADS]
    assert len(PAYLOADS) >= 40
    assert set(kinds) == {"refused", "cleaned"}
    assert len({name for _, name, _ in PAYLOADS}) == len(PAYLOADS)


# What is published unchanged


def bundled_svgs() -> list[Path]:
    roots = [REPOSITORY / "content", REPOSITORY / "examples", REPOSITORY / "themes", FIXTURES]
    return sorted(
        path
        for root in roots
        for path in root.rglob("*.svg")
        if "templates" not in path.parts and "broken" not in path.parts
    )


@pytest.mark.parametrize("path", bundled_svgs(), ids=lambda path: path.name)
def test_the_bundled_pictures_come_out_byte_for_byte(path):
    cleaned = clean_svg(path.read_bytes())
    assert cleaned.data == path.read_bytes()
    assert cleaned.removals == ()


def test_a_drawing_programs_picture_keeps_what_draws_it():
    document = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        b"<!-- Created with Inkscape -->\n"
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
        b' xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"'
        b' width="64" height="64" inkscape:version="1.3">\n'
        b'  <sodipodi:namedview id="nv" pagecolor="#ffffff"/>\n'
        b'  <defs><linearGradient id="g"><stop offset="0" stop-color="#fc0"/></linearGradient>\n'
        b"  <style>.a { fill: url(#g); stroke: #333 }</style></defs>\n"
        b'  <g inkscape:label="Layer 1" inkscape:groupmode="layer">\n'
        b'    <rect class="a" width="64" height="64" style="opacity:0.9"/>\n'
        b'    <use xlink:href="#g"/>\n'
        b'    <text xml:space="preserve" x="4" y="40">a <tspan font-weight="bold">b</tspan></text>\n'
        b'    <image width="8" height="8" xlink:href="data:image/png;base64,iVBORw0KGgo="/>\n'
        b"  </g>\n"
        b"</svg>\n"
    )
    cleaned = clean_svg(document)
    assert cleaned.removals == ()  # an editor's own data goes without a word
    assert cleaned.data.decode() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "\n"
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="64" height="64">\n'
        "  \n"
        '  <defs><linearGradient id="g"><stop offset="0" stop-color="#fc0"/></linearGradient>\n'
        "  <style>.a { fill: url(#g); stroke: #333 }</style></defs>\n"
        "  <g>\n"
        '    <rect class="a" width="64" height="64" style="opacity:0.9"/>\n'
        '    <use xlink:href="#g"/>\n'
        '    <text xml:space="preserve" x="4" y="40">a <tspan font-weight="bold">b</tspan></text>\n'
        '    <image width="8" height="8" xlink:href="data:image/png;base64,iVBORw0KGgo="/>\n'
        "  </g>\n"
        "</svg>\n"
    )


# Where things are, exactly


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            '<svg xmlns="http://www.w3.org/2000/svg">\n  <rect width="9"\n     onclick="go()"/>\n</svg>',
            [(3, 6, 'onclick="go()" runs code', True)],
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n\t<script>alert(1)</script></g></svg>',
            [(3, 2, "<script> runs code", True)],
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><style>\n  a { fill: red }\n  @import "x.css";\n</style></svg>',
            [(3, 3, "@import loads a stylesheet from elsewhere", False)],
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><title>é</title><image href="https://e.example/a.png"/></svg>',
            [(1, 64, '<image href="https://e.example/a.png"> loads from another site', False)],
        ),
    ],
)
def test_each_removal_is_placed_at_its_line_and_column(document, expected):
    removals = clean_svg(document.encode()).removals
    assert [(r.line, r.column, r.what, r.hostile) for r in removals] == expected


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>',
            "1:46: not well-formed XML (mismatched tag)",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "b">\n]><svg xmlns="http://www.w3.org/2000/svg"/>',
            "2:15: has a DOCTYPE with declarations, which pictures may not have (entities can "
            "grow to gigabytes or read other files): remove the DOCTYPE",
        ),
        (b"<svg/>", '1:1: the root element is <svg>, not <svg xmlns="http://www.w3.org/2000/svg">'),
        (b"", "1:1: not well-formed XML (no element found)"),
        (
            b'<?xml version="1.0" encoding="x-unknown"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            "1:31: cannot be read (unknown encoding: x-unknown): save it as UTF-8",
        ),
    ],
)
def test_what_cannot_be_cleaned_is_refused_where_it_goes_wrong(document, expected):
    with pytest.raises(SvgRefused) as refused:
        clean_svg(document)
    assert str(refused.value) == expected


def test_a_billion_laughs_is_refused_before_any_entity_grows():
    document = next(document for _, name, document in PAYLOADS if name == "billion laughs")
    with pytest.raises(SvgRefused, match="DOCTYPE with declarations"):
        clean_svg(document)


# Generated pictures (hypothesis): the cleaner is the one parser of SVG; whatever it is given,
# it refuses the picture or returns one that holds nothing active, and cleaning that again
# changes nothing.

ELEMENT_NAMES = [
    "g", "rect", "text", "tspan", "a", "use", "image", "style", "script", "foreignObject",
    "animate", "set", "metadata", "iframe", "feImage", "filter", "textPath", "unknown", "svg",
]  # fmt: skip
ATTRIBUTE_VALUES = st.sampled_from(
    [
        "#a", "javascript:alert(1)", " JAVA\tSCRIPT:x", "https://evil.example/x.png",
        "//evil.example/x", "data:image/png;base64,iVBO", "data:text/html,<script>",
        "url(#a)", "url(https://evil.example/x)", "u\\72l(https://e.example)", "red",
        "alert(1)", "0;1", "x.png", "/\\evil.example", "href", "onclick", "fill", "é\"<>&",
    ]
)  # fmt: skip
ATTRIBUTE_NAMES = st.sampled_from(
    [
        "href", "xlink:href", "onload", "onclick", "fill", "style", "attributeName", "values",
        "to", "cursor", "id", "width", "src", "xml:space", "data-x", "inkscape:label",
    ]
)  # fmt: skip
TEXTS = st.sampled_from(
    ["", "hi", "a & b", "<![CDATA[</style><script>alert(1)</script>]]>", "@import 'x';",
     "a{fill:url(https://e.example)}", "a{fill:url(#g)}", "&amp;", "\n  "]
)  # fmt: skip


def _escaped(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


@st.composite
def elements(draw, depth: int = 0) -> str:
    name = draw(st.sampled_from(ELEMENT_NAMES))
    attributes = draw(st.dictionaries(ATTRIBUTE_NAMES, ATTRIBUTE_VALUES, max_size=3))
    written = "".join(f' {key}="{_escaped(value)}"' for key, value in attributes.items())
    children = draw(st.lists(elements(depth + 1), max_size=3)) if depth < 3 else []
    text = draw(TEXTS)
    return f"<{name}{written}>{text}{''.join(children)}</{name}>"


@st.composite
def documents(draw) -> bytes:
    children = "".join(draw(st.lists(elements(), max_size=4)))
    return (
        f'<svg xmlns="{SVG}" xmlns:xlink="{XLINK}"'
        ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape">'
        f"{children}</svg>"
    ).encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_a_generated_picture_is_refused_or_published_inert(document):
    try:
        cleaned = clean_svg(document)
    except SvgRefused:
        return
    assert_inert(cleaned.data)
    again = clean_svg(cleaned.data)
    assert again.data == cleaned.data
    assert again.removals == ()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_any_bytes_are_refused_or_cleaned_never_a_traceback(data):
    try:
        cleaned = clean_svg(b'<svg xmlns="http://www.w3.org/2000/svg">' + data + b"</svg>")
    except SvgRefused as refused:
        assert refused.line >= 1 and refused.column >= 1
        return
    assert_inert(cleaned.data)


# In a build: every place a picture is named


BAD_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9">\n  <rect width="16" height="9" onload="alert(1)"/>\n</svg>\n'
ELSEWHERE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9">\n  <image href="https://evil.example/x.png"/><a href="https://x.example"><rect width="1" height="1"/></a>\n</svg>\n'
REFUSED = 'onload="alert(1)" runs code: pictures may not run code; remove it (the picture is not published)'


def write_site(folder: Path, files: dict[str, str], **fields: str) -> Path:
    campaign = {"campaign.yaml": campaign_yaml(**fields), "story.md": "A story.\n", **files}
    return write_files(folder / "content", site=site_yaml(), campaigns={"lamp": campaign})


def build_problems(source: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW, jobs=1)
    return [str(problem) for problem in caught.value.problems]


AVATAR = "{name: Ines Martin, bio: I make lamps., avatar: {src: plan.svg, alt: Ines}}"


@pytest.mark.parametrize(
    ("files", "fields"),
    [
        pytest.param({}, {"image": "{src: plan.svg, alt: The lamp}"}, id="hero"),
        pytest.param({}, {"creator": AVATAR}, id="avatar"),
        pytest.param(
            {}, {"tiers": tier_yaml(image="{src: plan.svg, alt: The lamp}")}, id="tier image"
        ),
        pytest.param({"story.md": "A story.\n\n![plan](plan.svg)\n"}, {}, id="story picture"),
        pytest.param({"story.md": "A story: [the plan](plan.svg).\n"}, {}, id="story link"),
        pytest.param(
            {"updates/2026-11-20-news.md": "---\ntitle: News\n---\n![plan](plan.svg)\n"},
            {},
            id="update",
        ),
    ],
)
def test_a_picture_that_runs_code_is_refused_wherever_it_is_named(tmp_path, files, fields):
    source = write_site(tmp_path, {HERO: HERO_SVG, "plan.svg": BAD_SVG, **files}, **fields)
    assert build_problems(source) == [f"content/campaigns/lamp/plan.svg:2:31: {REFUSED}"]


def test_a_picture_from_elsewhere_is_published_without_it_and_said_so(tmp_path):
    source = write_site(tmp_path, {HERO: ELSEWHERE_SVG})
    result = build(source, tmp_path / "output", FIXED_NOW, jobs=1)
    assert [str(problem) for problem in result.warnings] == [
        'content/campaigns/lamp/hero.svg:2:10: warning: <image href="https://evil.example/x.png">'
        " loads from another site: published without it",
        'content/campaigns/lamp/hero.svg:2:48: warning: <a href="https://x.example"> is a link,'
        " which pictures may not have: published without it",
    ]
    for language in ("", "fr/", "ar/"):
        published = (tmp_path / "output" / language / "campaigns/lamp/hero.svg").read_bytes()
        assert published == (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9">\n'
            b'  <image/><g><rect width="1" height="1"/></g>\n</svg>\n'
        )


def test_a_picture_that_is_no_svg_is_refused(tmp_path):
    source = write_site(tmp_path, {HERO: "<svg xmlns='http://www.w3.org/2000/svg'><g></svg>"})
    assert build_problems(source) == [
        "content/campaigns/lamp/hero.svg:1:46: not well-formed XML (mismatched tag)"
        " (the picture is not published)"
    ]


def test_a_hostile_picture_says_its_first_ten_problems(tmp_path):
    handlers = "".join(f'<rect onclick="a{n}()"/>' for n in range(25))
    source = write_site(
        tmp_path, {HERO: f'<svg xmlns="http://www.w3.org/2000/svg">{handlers}</svg>'}
    )
    found = build_problems(source)
    assert len(found) == 11
    assert found[-1] == (
        "content/campaigns/lamp/hero.svg:1:267: and 15 more like these in the same picture"
    )


def test_the_cleaned_picture_is_kept_in_the_build_cache(tmp_path, monkeypatch):
    source = write_site(tmp_path, {HERO: ELSEWHERE_SVG})
    build(source, tmp_path / "output", FIXED_NOW, jobs=1)
    (source / "campaigns/lamp/story.md").write_text("Another story.\n")  # the pages change

    def never(data):
        raise AssertionError("cleaned again")

    monkeypatch.setattr("pledgekit.render.images.clean_svg", never)
    build(source, tmp_path / "output", FIXED_NOW, jobs=1)
    assert b"evil" not in (tmp_path / "output/campaigns/lamp/hero.svg").read_bytes()


def test_the_example_sites_pictures_are_published_as_they_are(example_site):
    for picture in sorted(EXAMPLE.rglob("*.svg")):
        published = example_site / picture.relative_to(EXAMPLE)
        assert published.read_bytes() == picture.read_bytes(), picture


# The site's static/ folder: contributors' files (a logo); a theme's are trusted code


def test_a_logo_that_runs_code_is_refused(tmp_path):
    source = write_site(tmp_path, {HERO: HERO_SVG})
    (source / "static").mkdir()
    (source / "static/logo.svg").write_text(BAD_SVG)
    with pytest.raises(ContentErrors) as caught:
        build(source, tmp_path / "output", FIXED_NOW, jobs=1)
    assert [str(problem) for problem in caught.value.problems] == [
        f"content/static/logo.svg:2:31: {REFUSED}"
    ]
    assert not (tmp_path / "output").exists()


def test_a_logo_from_elsewhere_is_published_cleaned_and_a_themes_icon_as_it_is(tmp_path):
    source = write_site(tmp_path, {HERO: HERO_SVG})
    (source / "static").mkdir()
    (source / "static/logo.svg").write_text(ELSEWHERE_SVG)
    result = build(source, tmp_path / "output", FIXED_NOW, jobs=1)
    assert [str(problem) for problem in result.warnings] == [
        'content/static/logo.svg:2:10: warning: <image href="https://evil.example/x.png"> loads '
        "from another site: published without it",
        'content/static/logo.svg:2:48: warning: <a href="https://x.example"> is a link, which '
        "pictures may not have: published without it",
    ]
    assert (tmp_path / "output/static/logo.svg").read_bytes() == (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9">\n'
        b'  <image/><g><rect width="1" height="1"/></g>\n</svg>\n'
    )
    theme_icon = REPOSITORY / "themes/default/static/favicon.svg"
    assert (tmp_path / "output/static/favicon.svg").read_bytes() == theme_icon.read_bytes()
