"""Errors that never mislead and that teach (issue 19): an unknown key stops the build, a YAML
syntax error says what to change, a wrong value shows a valid one, and a missing key is placed
where it would go, naming its misspelling when one is present."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from support import (
    EXAMPLE,
    FIXED_NOW,
    HERO_SVG,
    REPOSITORY,
    campaign_yaml,
    site_yaml,
    tier_yaml,
    write_site,
)

from pledgekit.build import build
from pledgekit.cli import main
from pledgekit.load.front_matter import parse_front_matter
from pledgekit.load.yaml_source import parse_yaml
from pledgekit.problems import ContentErrors

CAMPAIGN = "content/campaigns/lamp/campaign.yaml"
UPDATE = "content/campaigns/lamp/updates/2026-11-02-live.md"


def problems(
    tmp_path: Path,
    site: str | None = None,
    campaign: str | None = None,
    files: dict[str, str] | None = None,
) -> list[str]:
    """Every problem of a small site with one campaign (lamp), as the CLI prints them."""
    lamp = {
        "campaign.yaml": campaign if campaign is not None else campaign_yaml(),
        "hero.svg": HERO_SVG,
        "story.md": "The lamp story.\n",
        **(files or {}),
    }
    source = write_site(tmp_path / "content", site=site or site_yaml(), campaigns={"lamp": lamp})
    with pytest.raises(ContentErrors) as caught:
        build(source, None, FIXED_NOW)
    return [str(problem) for problem in caught.value.problems]


# -- Unknown keys are errors ------------------------------------------------------------------


def test_a_misspelt_funding_stops_the_build_instead_of_saying_all_or_nothing(tmp_path):
    campaign = campaign_yaml(funding=None) + "fundng: flexible\n"
    source = write_site(
        tmp_path / "content",
        site=site_yaml(),
        campaigns={"lamp": {"campaign.yaml": campaign, "hero.svg": HERO_SVG, "story.md": "S.\n"}},
    )
    result = CliRunner().invoke(
        main, ["build", "--source", str(source), "--output", str(tmp_path / "site")]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"{CAMPAIGN}:15:1: fundng: unknown key 'fundng' (did you mean 'funding'?)\n"
        "Error: 1 error; nothing was written\n"
    )
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (
            {"site": site_yaml() + "titel: Lampen\n"},
            "content/site.yaml:7:1: titel: unknown key 'titel' (did you mean 'title'?)",
        ),
        (
            {"site": site_yaml() + "translations:\n  fr:\n    titel: Lampes\n"},
            "content/site.yaml:9:5: translations.fr.titel: unknown key 'titel' "
            "(did you mean 'title'?)",
        ),
        (
            {"campaign": campaign_yaml(creator="name: Ines Martin\nbi: I make lamps.\n")},
            f"{CAMPAIGN}:6:3: creator.bi: unknown key 'bi' (did you mean 'bio'?)",
        ),
        (
            {"campaign": campaign_yaml(image="{src: hero.svg, alt: The lamp, alt_text: x}")},
            f"{CAMPAIGN}:3:39: image.alt_text: unknown key 'alt_text'",
        ),
        (
            {"campaign": campaign_yaml(tiers=tier_yaml(descripton="One lamp."))},
            f"{CAMPAIGN}:16:5: tiers[0].descripton: unknown key 'descripton' "
            "(did you mean 'description'?)",
        ),
        (
            {
                "campaign": campaign_yaml(
                    tiers=tier_yaml(pledge="[{processor: paypal_me, name: ines, lable: Pay}]")
                )
            },
            f"{CAMPAIGN}:15:49: tiers[0].pledge[0].lable: unknown key 'lable' "
            "(did you mean 'label'?)",
        ),
        (
            {"files": {"updates/2026-11-02-live.md": "---\ntitle: Live\nsummry: Day one\n---\n"}},
            f"{UPDATE}:3:1: summry: unknown key 'summry' (did you mean 'summary'?)",
        ),
        (
            {"files": {"campaign.fr.yaml": "title: Une lampe\ntaglin: Chêne massif\n"}},
            "content/campaigns/lamp/campaign.fr.yaml:2:1: taglin: unknown key 'taglin' "
            "(did you mean 'tagline'?)",
        ),
        (
            {
                "files": {
                    "updates/2026-11-02-live.md": "---\ntitle: Live\n---\nBody.\n",
                    "updates/2026-11-02-live.fr.md": "---\ntitel: En direct\n---\nCorps.\n",
                }
            },
            "content/campaigns/lamp/updates/2026-11-02-live.fr.md:2:1: titel: unknown key "
            "'titel' (did you mean 'title'?)",
        ),
    ],
    ids=[
        "site",
        "site-translation",
        "creator",
        "image",
        "tier",
        "processor-option",
        "update-front-matter",
        "campaign-translation",
        "update-translation",
    ],
)
def test_an_unknown_key_anywhere_is_an_error_at_the_key(tmp_path, where, expected):
    assert problems(tmp_path, **where) == [expected]


# -- A missing required key ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (  # comments before the first key: still line 1, where the file starts
            {"campaign": "# The lamp\n# (notes)\n" + campaign_yaml(tagline=None)},
            f"{CAMPAIGN}:1:1: tagline: required field is missing",
        ),
        (
            {"campaign": campaign_yaml(tagline=None).replace("image:", "tagine: Oak\nimage:")},
            f"{CAMPAIGN}:2:1: tagline: required field is missing; 'tagine' on line 2 looks "
            "like a misspelling of it",
        ),
        (  # at the first key of the tier it belongs to
            {"campaign": campaign_yaml(tiers=tier_yaml() + tier_yaml(id="pair", amount=None))},
            f"{CAMPAIGN}:16:5: tiers[1].amount: required field is missing",
        ),
        (
            {"campaign": campaign_yaml(tiers=tier_yaml(amount=None, ammount=120))},
            f"{CAMPAIGN}:15:5: tiers[0].amount: required field is missing; 'ammount' on line "
            "15 looks like a misspelling of it",
        ),
        (
            {"campaign": campaign_yaml(creator="{bio: I make lamps.}")},
            f"{CAMPAIGN}:4:10: creator.name: required field is missing",
        ),
        (
            {"campaign": campaign_yaml(creator="nmae: Ines Martin\nbio: I make lamps.\n")},
            f"{CAMPAIGN}:5:3: creator.name: required field is missing; 'nmae' on line 5 looks "
            "like a misspelling of it",
        ),
        (  # the first line of the front matter, below its '---'
            {"files": {"updates/2026-11-02-live.md": "---\nsummary: Day one\n---\nBody.\n"}},
            f"{UPDATE}:2:1: title: required field is missing",
        ),
        (
            {"files": {"updates/2026-11-02-live.md": "---\nsummary: x\ntitel: Live\n---\n"}},
            f"{UPDATE}:3:1: title: required field is missing; 'titel' on line 3 looks like a "
            "misspelling of it",
        ),
        (
            {
                "campaign": campaign_yaml(
                    tiers=tier_yaml(pledge="- processor: paypal_me\n  nmae: x\n")
                )
            },
            f"{CAMPAIGN}:17:9: tiers[0].pledge[0].name: required field is missing; 'nmae' on "
            "line 17 looks like a misspelling of it",
        ),
    ],
    ids=[
        "top-level",
        "top-level-misspelt",
        "tier",
        "tier-misspelt",
        "nested",
        "nested-misspelt",
        "front-matter",
        "front-matter-misspelt",
        "processor-option-misspelt",
    ],
)
def test_a_missing_key_points_where_it_would_go_and_names_its_misspelling(
    tmp_path, where, expected
):
    assert problems(tmp_path, **where) == [expected]


def test_only_the_closest_misspelling_is_taken_for_the_missing_key(tmp_path):
    campaign = campaign_yaml(tagline=None).replace("image:", "tagine: Oak\ntaglne: Oak\nimage:")
    assert problems(tmp_path, campaign=campaign) == [
        f"{CAMPAIGN}:2:1: tagline: required field is missing; 'tagine' on line 2 looks like a "
        "misspelling of it",
        f"{CAMPAIGN}:3:1: taglne: unknown key 'taglne' (did you mean 'tagline'?)",
    ]


# -- YAML syntax errors that say what to do --------------------------------------------------

SYNTAX = [
    (
        "title: Harbour Lights: a lamp\n",
        "1:22",
        "the value of 'title' contains ': '; put it in quotes: title: \"Harbour Lights: a lamp\"",
    ),
    (
        "tiers:\n  - id: early\n    title: Early bird: half price  # for the first 50\n",
        "3:22",
        "the value of 'title' contains ': '; put it in quotes: "
        'title: "Early bird: half price" # for the first 50',
    ),
    (
        "title: Lamps:\n",
        "1:13",
        "the value of 'title' ends with ':'; put it in quotes: title: \"Lamps:\"",
    ),
    (
        'title: Say "hi": now\n',
        "1:16",
        "the value of 'title' contains ': '; put it in quotes: title: 'Say \"hi\": now'",
    ),
    (
        "image: {src: hero.svg, alt: Lamp: lit}\n",
        "1:33",
        "the value of 'alt' contains ': '; put it in quotes: alt: \"Lamp: lit\"",
    ),
    (
        "title: Lamps\n  tagline: Oak\n",
        "2:3",
        "'tagline' is not lined up with the keys above it; indent it as much as 'title' "
        "(line 1, column 1)",
    ),
    (
        "creator:\n    name: Ines\n  bio: Lamps\n",
        "3:3",
        "'bio' is not lined up with the keys above it; indent it as much as 'name' "
        "(line 2, column 5) or as 'creator' (line 1, column 1)",
    ),
    (
        "tiers:\n  - id: a\n   title: A\n",
        "3:4",
        "'title' is not lined up with the keys above it; indent it as much as 'id' "
        "(line 2, column 5) or as 'tiers' (line 1, column 1)",
    ),
    (
        "tiers:\n  - id: a\n    title: A\n   - id: b\n",
        "4:4",
        "this list item is not lined up with the one on line 2; start its '-' in column 3",
    ),
    (
        "title: Lamps\n- oak\n",
        "2:1",
        "a list item ('- ') among the keys of a mapping; put the list under a key of its "
        "own, or remove the '- '",
    ),
    (
        "title:Lamps\ngoal: 3\n",
        "1:6",
        "a key needs a space after its colon: title: Lamps",
    ),
    (
        "title: Lamps\n\ttagline: Oak\n",
        "2:1",
        "this line is indented with a tab; YAML indents with spaces only",
    ),
    (
        'title: "Harbour Lights\ntagline: Oak\n',
        "1:8",
        "the value of 'title' opens a quote (\") that is not closed on its line; close it: "
        'title: "Harbour Lights"',
    ),
    (  # closed only by the next value's own quote
        'title: "Harbour\ntagline: "Oak"\n',
        "1:8",
        "the value of 'title' opens a quote (\") that is not closed on its line; close it: "
        'title: "Harbour"',
    ),
    (
        "title: 'Ada's lamp'\n",
        "1:13",
        "the value of 'title' goes on after its closing quote ('); put all of it in "
        'quotes: title: "Ada\'s lamp"',
    ),
    (
        'title: "Harbour" Lights\n',
        "1:18",
        "the value of 'title' goes on after its closing quote (\"); put all of it in "
        "quotes: title: '\"Harbour\" Lights'",
    ),
    (
        "tags: [lamps, oak\ngoal: 3\n",
        "1:7",
        "the value of 'tags' opens a list with [ that is never closed; close it "
        '(tags: [lamps, oak]) or, for text, put it in quotes (tags: "[lamps, oak")',
    ),
    (
        "image: {src: hero.svg, alt: Lamp\n",
        "1:8",
        "the value of 'image' opens a mapping with { that is never closed; close it "
        "(image: {src: hero.svg, alt: Lamp}) or, for text, put it in quotes "
        '(image: "{src: hero.svg, alt: Lamp")',
    ),
    (
        "title: [Draft] Lamps\n",
        "1:8",
        "the value of 'title' starts with [, which YAML reads as a list; put it in quotes: "
        'title: "[Draft] Lamps"',
    ),
    (
        "title: - Lamps\n",
        "1:8",
        "the value of 'title' starts with '- ', which YAML reads as a list; put it in "
        'quotes: title: "- Lamps"',
    ),
    (
        "creator:\n  links:\n    - label: @ines\n",
        "3:14",
        'a value cannot start with @ unless it is in quotes: - label: "@ines"',
    ),
    (
        "title: `Tenon`\n",
        "1:8",
        'a value cannot start with ` unless it is in quotes: title: "`Tenon`"',
    ),
    (
        "title: *Lamps*\n",
        "1:8",
        'a value cannot start with * unless it is in quotes: title: "*Lamps*"',
    ),
    (
        'image: "C:\\Users\\ines\\hero.svg"\n',
        "1:8",
        "in double quotes a backslash starts an escape (\\n, \\t); use single quotes: "
        "image: 'C:\\Users\\ines\\hero.svg'",
    ),
    (
        "tagline: | Oak\n",
        "1:10",
        "after | the text starts on the next line, indented; or put the value in quotes: "
        'tagline: "| Oak"',
    ),
    (
        "title: Lamps\ngoal 3\n",
        "2:1",
        "'goal 3' is not written as key: value; put ': ' after the key",
    ),
    (
        "title: Lamps\n---\ngoal: 3\n",
        "2:1",
        "this line starts a second YAML document, and a file holds one; remove the line",
    ),
    (  # anything else keeps PyYAML's words
        "tags: [a, b]]\n",
        "1:13",
        "expected <block end>, but found ']'",
    ),
    # YAML reads no plain key longer than 1,024 characters.
    (
        "k" * 1100 + ": 1\n",
        "1:1",
        "a key may be at most 1,024 characters long, this one is 1,100: shorten it",
    ),
    # A long value is shown by its start and end, not written out (3,000 characters before).
    (
        "title: " + "b" * 3000 + ": c\n",
        "1:3008",
        "the value of 'title' contains ': '; put it in quotes: title: "
        '"' + "b" * 40 + "…" + "b" * 11 + ': c"',
    ),
]


@pytest.mark.parametrize(("text", "position", "message"), SYNTAX, ids=[s[0][:24] for s in SYNTAX])
def test_a_syntax_error_says_what_to_change(text, position, message):
    document, found = parse_yaml(text, "campaign.yaml")
    assert document.data is None
    assert [str(problem) for problem in found] == [
        f"campaign.yaml:{position}: YAML syntax error: {message}"
    ]


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("title: Harbour Lights: a lamp\n", {"title": "Harbour Lights: a lamp"}),
        (
            "tiers:\n  - id: early\n    title: Early bird: half price  # for the first 50\n",
            {"tiers": [{"id": "early", "title": "Early bird: half price"}]},
        ),
        ('title: Say "hi": now\n', {"title": 'Say "hi": now'}),
        ("title:Lamps\ngoal: 3\n", {"title": "Lamps", "goal": 3}),
        ('title: "Harbour Lights\ntagline: Oak\n', {"title": "Harbour Lights", "tagline": "Oak"}),
        ("title: 'Ada's lamp'\n", {"title": "Ada's lamp"}),
        ('title: "Harbour" Lights\n', {"title": '"Harbour" Lights'}),
        ("title: [Draft] Lamps\n", {"title": "[Draft] Lamps"}),
        ("creator:\n  links:\n    - label: @ines\n", {"creator": {"links": [{"label": "@ines"}]}}),
        ('image: "C:\\Users\\ines\\hero.svg"\n', {"image": "C:\\Users\\ines\\hero.svg"}),
    ],
)
def test_the_line_a_message_shows_fixes_the_file(text, data):
    """Written in place of the line it points at (after its indentation), the corrected line
    a message shows makes the file read as meant."""
    _, [problem] = parse_yaml(text, "campaign.yaml")
    shown = re.split(r"(?:quotes|close it|colon): ", problem.message, maxsplit=1)[1]
    lines = text.splitlines()
    indentation = re.match(r"[ ]*", lines[problem.line - 1])[0]
    lines[problem.line - 1] = indentation + shown
    document, found = parse_yaml("\n".join(lines) + "\n", "campaign.yaml")
    assert (document.data, found) == (data, [])


def test_a_syntax_error_in_front_matter_is_at_its_line_in_the_file():
    _, found = parse_front_matter("---\ntitle: Day one: live\n---\nBody.\n", "u.md")
    assert [str(problem) for problem in found] == [
        "u.md:2:15: YAML syntax error: the value of 'title' contains ': '; put it in quotes: "
        'title: "Day one: live"'
    ]


def test_the_title_example_of_the_issue_as_a_creator_meets_it(tmp_path):
    campaign = campaign_yaml(title="Harbour Lights: a lamp")
    assert problems(tmp_path, campaign=campaign) == [
        f"{CAMPAIGN}:1:22: YAML syntax error: the value of 'title' contains ': '; put it in "
        'quotes: title: "Harbour Lights: a lamp"'
    ]


YAML_BITS = ["x", ": ", ":", "'", '"', "[", "]", "{", "}", ",", " ", "#", "@", "`", "*", "&"]
YAML_BITS += ["!", "|", ">", "- ", "\\", "\t", "Ada's", "%", "---", "\u2028", "\r"]
YAML_LINES = st.tuples(
    st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "- ", "  - ", " - "]),
    st.sampled_from(["title", "tags", "'a key'", '"q"', "a b", "@x", "", "-x"]),
    st.sampled_from([": ", ":", " ", ""]),
    st.lists(
        st.sampled_from(YAML_BITS),
        max_size=8,
    ).map("".join),
).map("".join)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(YAML_LINES, max_size=8).map("\n".join), st.integers(min_value=0, max_value=3))
def test_any_mistake_is_explained_or_reported_at_a_line_that_exists(text, offset):
    document, found = parse_yaml(text, "f.yaml", line_offset=offset)
    if document.data is None:
        assert found
    lines = len(re.split(r"\r\n|[\n\r\x85\u2028\u2029]", text))
    for problem in found:
        assert 1 + offset <= problem.line <= lines + offset, problem
        assert problem.column >= 1


# -- Value errors show a valid value ---------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"goal": "ten thousand"},
            "5:7: goal: must be a positive amount such as 12500 or 12500.50, got 'ten thousand'",
        ),
        (
            {"goal": "€12,500"},
            "5:7: goal: write the number alone, such as 12500; the currency is set by "
            "currency:, got '€12,500'",
        ),
        (
            {"goal": "12,500 EUR"},
            "5:7: goal: write the number alone, such as 12500; the currency is set by "
            "currency:, got '12,500 EUR'",
        ),
        (
            {"goal": "$12500"},
            "5:7: goal: write the number alone, such as 12500; the currency is set by "
            "currency:, got '$12500'",
        ),
        ({"goal": "12 500"}, "5:7: goal: write the number alone, such as 12500, got '12 500'"),
        (
            {"goal": "12.500,50"},
            "5:7: goal: write the number alone, such as 12500.50, got '12.500,50'",
        ),
        (
            {"totals": "{raised: lots, updated: 2026-11-25T18:00:00+01:00}"},
            "9:18: totals.raised: must be zero or a positive amount such as 12500 or 12500.50, "
            "got 'lots'",
        ),
        ({"currency": "€"}, "16:11: currency: write the currency's code, such as EUR, got '€'"),
        (
            {"tiers": tier_yaml(id="Early Bird")},
            "11:9: tiers[0].id: must be a slug of lower-case letters, digits and single "
            "hyphens, such as early-bird, got 'Early Bird'",
        ),
        (
            {"milestones": "- {title: Parts, due: March 2027}\n"},
            "17:25: milestones[0].due: must be a month written YYYY-MM, such as 2027-03, "
            "got 'March 2027'",
        ),
        (
            {"end": "31/12/2026"},
            "7:6: end: must be a date such as 2026-11-01 or a date-time such as "
            "2026-11-01T09:00:00+01:00, got '31/12/2026'",
        ),
        (
            {"video": "www.youtube.com/watch?v=x"},
            "16:8: video: must be an absolute link starting with https://, such as "
            "https://www.youtube.com/watch?v=x, got 'www.youtube.com/watch?v=x'",
        ),
        (
            {"image": "{src: ../hero.svg, alt: The lamp}"},
            "3:14: image.src: must be the name of a file beside campaign.yaml, such as "
            "hero.jpg, got '../hero.svg'",
        ),
        (
            {"image": "{src: my hero.svg, alt: The lamp}"},
            "3:14: image.src: file names may use letters, digits, '.', '_', '-' only, such as "
            "my-hero.svg, got 'my hero.svg'",
        ),
        (
            {"funding": "flexibel"},
            "8:10: funding: expected one of 'all_or_nothing' or 'flexible', got 'flexibel' "
            "(did you mean 'flexible'?)",
        ),
        (
            {"tiers": tier_yaml(recurring="yearly")},
            "16:16: tiers[0].recurring: must be 'monthly', got 'yearly'",
        ),
        ({"tiers": tier_yaml(limit=0)}, "16:12: tiers[0].limit: must be 1 or more, got '0'"),
        (
            {"tiers": tier_yaml(limit=2.5)},
            "16:12: tiers[0].limit: must be a whole number such as 3, got '2.5'",
        ),
        ({"draft": "maybe"}, "16:8: draft: must be true or false, got 'maybe'"),
        ({"tags": "games"}, "10:7: tags: must be a list, such as [games], got 'games'"),
        (
            {"image": "hero.svg"},
            "3:8: image: must be a mapping of fields (key: value lines, indented below), "
            "got 'hero.svg'",
        ),
        (
            {"tagline": "2026-11-01"},
            "2:10: tagline: must be text, got '2026-11-01'; put it in quotes to keep it as written",
        ),
        (  # once crashed the build: Decimal('lots') is not a ValueError
            {"budget": "- {label: Oak, share: lots}\n"},
            "17:25: budget[0].share: must be a number such as 50 or 12.5, got 'lots'",
        ),
        (
            {"tagline": "!important"},
            "2:10: tagline: a value cannot start with ! unless it is in quotes (!important)",
        ),
    ],
    ids=lambda value: str(value)[:30] if isinstance(value, dict) else None,
)
def test_a_wrong_value_is_shown_with_a_valid_one(tmp_path, fields, expected):
    assert problems(tmp_path, campaign=campaign_yaml(**fields)) == [f"{CAMPAIGN}:{expected}"]


def test_site_settings_show_a_valid_value(tmp_path):
    site = site_yaml(base_url="example.org/fund") + "per_page: 0\n"
    assert problems(tmp_path, site=site) == [
        "content/site.yaml:2:11: base_url: must be an absolute link starting with https://, "
        "such as https://example.org/fund, got 'example.org/fund'",
        "content/site.yaml:7:11: per_page: must be 1 or more, got '0'",
    ]


# -- The example sites hold no unknown key ---------------------------------------------------


@pytest.mark.parametrize("site", [EXAMPLE, REPOSITORY / "examples" / "relief-appeal"])
def test_the_example_sites_build_strictly_without_a_word(site):
    assert build(site, None, FIXED_NOW, strict=True).warnings == []


def test_the_syntax_errors_docs_content_md_shows_are_the_ones_given():
    text = (REPOSITORY / "docs" / "content.md").read_text(encoding="utf-8")
    table = text.split('<a id="yaml-syntax-errors"></a>', 1)[1].split("\n\n", 3)[2]
    rows = re.findall(r"^\| `([^`]+)`(?: \([^|]*\))? \| `([^`]+)` \|$", table, re.M)
    assert len(rows) >= 7
    for written, said in rows:
        _, found = parse_yaml(written + "\n", "campaign.yaml")
        position, message = said.split(": ", 1)
        assert [str(problem) for problem in found] == [
            f"campaign.yaml:{position}: YAML syntax error: {message}"
        ], written
