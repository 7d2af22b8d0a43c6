"""The YAML reader: exact values, positions for every value, errors instead of exceptions."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pledgekit.load.front_matter import parse_front_matter
from pledgekit.load.yaml_source import MAX_NODES, parse_yaml


def test_floats_become_exact_decimals_and_positions_are_recorded():
    document, problems = parse_yaml(
        "goal: 1200.10\ntiers:\n  - amount: 25\n    when: 2026-11-01\n", "c.yaml"
    )
    assert problems == []
    assert document.data == {
        "goal": Decimal("1200.10"),
        "tiers": [{"amount": 25, "when": date(2026, 11, 1)}],
    }
    assert document.position(("goal",)) == (1, 7)
    assert document.position(("tiers", 0, "amount")) == (3, 13)
    # A missing field is placed at its nearest parent.
    assert document.position(("tiers", 0, "title")) == (3, 5)


def test_duplicate_keys_are_errors_naming_the_first_line():
    _, problems = parse_yaml("title: A\ngoal: 1\ntitle: B\n", "c.yaml")
    assert [str(p) for p in problems] == [
        "c.yaml:3:1: title: duplicate key (first given on line 1)"
    ]


def test_syntax_error_is_a_problem_with_line_and_column():
    document, problems = parse_yaml("title: A\ntagline: [open\ngoal: 3\n", "c.yaml")
    assert document.data is None
    assert str(problems[0]) == (
        "c.yaml:2:10: YAML syntax error: the value of 'tagline' opens a list with [ that is "
        'never closed; close it (tagline: [open]) or, for text, put it in quotes (tagline: "[open")'
    )


def test_alias_bomb_is_refused():
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        previous = chr(ord(level) - 1)
        text += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
    document, problems = parse_yaml(text, "bomb.yaml")
    assert document.data is None
    assert f"more than {MAX_NODES} values" in problems[0].message


def test_unsupported_tags_are_refused():
    _, problems = parse_yaml("x: !!python/object:os.system ls\n", "c.yaml")
    assert problems[0].message == "unsupported YAML tag tag:yaml.org,2002:python/object:os.system"


def test_front_matter_positions_count_from_the_file_start():
    source, problems = parse_front_matter("---\ntitle: Hi\nsummary: [x\n---\nBody\n", "u.md")
    assert (problems[0].file, problems[0].line, problems[0].column) == ("u.md", 3, 10)
    source, problems = parse_front_matter("---\ntitle: Hi\n---\nBody\n", "u.md")
    assert problems == [] and source.meta.data == {"title": "Hi"}
    assert source.body == "Body\n" and source.body_first_line == 4
    assert source.meta.position(("title",)) == (2, 8)


def test_unclosed_front_matter_is_an_error():
    _, problems = parse_front_matter("---\ntitle: Hi\nBody\n", "u.md")
    assert str(problems[0]) == "u.md:1:1: front matter opened with '---' is never closed"


@given(st.text(max_size=300))
def test_any_text_parses_or_reports_a_problem(text):
    document, problems = parse_yaml(text, "fuzz.yaml")
    assert document.data is not None or problems


@given(st.text(max_size=300))
def test_any_markdown_file_splits_or_reports_a_problem(text):
    source, problems = parse_front_matter(text, "fuzz.md")
    assert isinstance(source.body, str)
    assert all(problem.file == "fuzz.md" for problem in problems)


def test_only_yaml_1_2_booleans_and_decimal_integers_are_typed():
    document, _ = parse_yaml(
        "ships_to: [FR, NO, yes, on]\nmode: 0755\nt: 1:20\nok: true\nn: 12\nneg: -5\n", "c.yaml"
    )
    assert document.data == {
        "ships_to": ["FR", "NO", "yes", "on"],
        "mode": "0755",
        "t": "1:20",
        "ok": True,
        "n": 12,
        "neg": -5,
    }


def test_keys_have_their_own_positions():
    document, _ = parse_yaml("tiers:\n  - titel: One\n", "c.yaml")
    problem = document.problem(("tiers", 0, "titel"), "unknown key", at_key=True)
    assert (problem.line, problem.column) == (2, 5)
    assert document.position(("tiers", 0, "titel")) == (2, 12)
