"""`pledgekit new tier`: the tier goes where its amount belongs among the file's tiers (or at
the end with --last), the file keeps its comments and layout, and the command says where."""

from __future__ import annotations

import pytest
import yaml
from support import invoke, parse_html

from pledgekit.scaffold.campaign import add_tier

CAMPAIGN = """\
title: T
tiers:
  - id: thanks      # the smallest
    amount: 10
  # Two early birds at the same price.
  - id: early
    amount: 35
  - id: early-too
    amount: 35
    # limit: 10
  - id: standard
    amount: 45
open_pledge: {minimum: 1}
"""


@pytest.mark.parametrize(
    ("amount", "last", "order", "line", "after", "before"),
    [
        ("5", False, ["new", "thanks", "early", "early-too", "standard"], 3, None, "thanks"),
        ("20", False, ["thanks", "new", "early", "early-too", "standard"], 5, "thanks", "early"),
        (
            "35",
            False,
            ["thanks", "early", "early-too", "new", "standard"],
            22,
            "early-too",
            "standard",
        ),
        (
            "35.01",
            False,
            ["thanks", "early", "early-too", "new", "standard"],
            22,
            "early-too",
            "standard",
        ),
        ("45", False, ["thanks", "early", "early-too", "standard", "new"], 24, "standard", None),
        ("5", True, ["thanks", "early", "early-too", "standard", "new"], 24, "standard", None),
    ],
    ids=["cheapest", "between", "equal", "just-above", "dearest", "last"],
)
def test_a_tier_goes_where_its_amount_belongs(amount, last, order, line, after, before):
    added = add_tier(CAMPAIGN, "new", "New", amount, last)
    tiers = yaml.safe_load(added.text)["tiers"]
    assert [tier["id"] for tier in tiers] == order
    lines = added.text.splitlines()
    assert lines[added.line - 1] == "  - id: new"
    assert (added.after or {}).get("id") == after and (added.before or {}).get("id") == before
    # Every line that was there is still there, in order; the new tier's lines are one block.
    rest = iter(lines)
    assert all(old in rest for old in CAMPAIGN.splitlines())
    assert lines[added.line : added.line + 2] == [
        "    title: New",
        f"    amount: {amount}            # the minimum pledge for this reward",
    ]


def test_a_comment_above_a_tier_stays_with_it():
    added = add_tier(CAMPAIGN, "new", "New", "30")
    lines = added.text.splitlines()
    comment = lines.index("  # Two early birds at the same price.")
    assert lines[comment + 1] == "  - id: early"
    assert lines[added.line - 1 : added.line] == ["  - id: new"] and added.line < comment + 1
    assert lines[2:4] == ["  - id: thanks      # the smallest", "    amount: 10"]


def test_tiers_without_a_readable_amount_are_passed_over():
    text = "tiers:\n  - id: one\n    amount: ten\n  - id: two\n  - id: three\n    amount: 50\n"
    added = add_tier(text, "new", "New", "20")
    assert [tier["id"] for tier in yaml.safe_load(added.text)["tiers"]] == [
        "one",
        "two",
        "new",
        "three",
    ]


def test_the_command_says_where_the_tier_went(new_site):
    yaml_file = "content/campaigns/my-campaign/campaign.yaml"
    result = invoke("new", "tier", "my-campaign", "seed-box", "--amount", "12.50", cwd=new_site)
    assert result.exit_code == 0, result.output
    lines = (new_site / yaml_file).read_text().splitlines()
    line = lines.index("  - id: seed-box") + 1
    assert result.output == (
        f"Added tier 'seed-box' (12.50) to {yaml_file}:{line}, "
        "between 'thanks' (10) and 'early-bird' (35).\n"
    )
    assert line == 42
    first = invoke("new", "tier", "my-campaign", "sticker", "--amount", "3", cwd=new_site)
    assert (
        first.output
        == f"Added tier 'sticker' (3) to {yaml_file}:38, first, before 'thanks' (10).\n"
    )
    top = invoke("new", "tier", "my-campaign", "patron", "--amount", "500", cwd=new_site)
    assert top.output.endswith(", last, after 'standard' (45).\n")
    built = invoke("build", "--now", "2026-11-27T12:00:00Z", cwd=new_site)
    assert built.exit_code == 0, built.output
    page = parse_html(new_site / "output/campaigns/my-campaign/index.html")
    assert [tier["id"] for tier in page.select('.tier[id^="tier-"]')] == [
        "tier-sticker",
        "tier-thanks",
        "tier-seed-box",
        "tier-early-bird",
        "tier-standard",
        "tier-patron",
    ]


def test_last_puts_it_at_the_end_and_the_advice_notices(new_site):
    yaml_file = "content/campaigns/my-campaign/campaign.yaml"
    result = invoke(
        "new", "tier", "my-campaign", "postcard", "--amount", "5", "--last", cwd=new_site
    )
    assert result.exit_code == 0, result.output
    lines = (new_site / yaml_file).read_text().splitlines()
    line = lines.index("  - id: postcard") + 1
    assert result.output == (
        f"Added tier 'postcard' (5) to {yaml_file}:{line}, last, after 'standard' (45).\n"
    )
    tiers_line = lines.index("tiers:") + 1
    review = invoke("check", "--advice", "my-campaign", cwd=new_site)
    assert review.exit_code == 0, review.output
    assert (
        f"{yaml_file}:{tiers_line}: advice [tier-order]: Tier 'postcard' (5 EUR) comes after "
        "'standard' (45 EUR); the page lists tiers in the file's order, and backers compare "
        "them from the cheapest up, so order them by amount. (source: pledgekit consistency check)"
    ) in review.stdout.splitlines()


def test_the_only_tier_of_a_campaign_without_tiers(new_site):
    yaml_file = new_site / "content/campaigns/my-campaign/campaign.yaml"
    text = yaml_file.read_text()
    yaml_file.write_text(text[: text.index("tiers:")] + text[text.index("# Pledge any amount") :])
    result = invoke("new", "tier", "my-campaign", "solo", cwd=new_site)
    line = yaml_file.read_text().splitlines().index("  - id: solo") + 1
    assert result.output == (
        f"Added tier 'solo' (25) to content/campaigns/my-campaign/campaign.yaml:{line}, "
        "its only tier.\n"
    )
