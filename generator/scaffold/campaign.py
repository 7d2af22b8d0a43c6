"""`pledgekit new campaign | update | tier`: files that build as they are, with comments that
say what each key does."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

import yaml

from pledgekit.slugs import slugify

CAMPAIGN_YAML = """\
{schema}# A campaign: everything its page shows. Every key is described in pledgekit's
# docs/content.md; `pledgekit check` names any mistake with file:line, and
# `pledgekit check --advice` reviews the campaign against what is known to work.
title: {title}
tagline: One sentence that says what you are making and why it matters.
image:
  # A 16:9 picture beside this file (1024 × 576 or larger): replace hero.svg with yours.
  src: hero.svg
  alt: Describe the picture for someone who cannot see it.
# video: https://www.youtube.com/watch?v=...   # a link to your video, opened on its own site
creator:
  name: Your name, or your team's
  location: Your town, your country
  bio: A few lines about who you are and what you have made before.
category: Design
tags: [first campaign]

goal: 5000                 # what you need, in the site's currency (exact decimals)
# currency: EUR            # a campaign may use another currency than the site's
start: {start}   # pledges open (in the site's timezone unless you add +01:00)
end: {end}     # pledges close: 30 days is the length most creators choose
funding: all_or_nothing    # or flexible: keep what is pledged even below the goal

# Money raised so far: edit by hand, or let pledgekit count it from your processor:
# `pledgekit ledger sync` reads Stripe, PayPal, Open Collective... (the workflow does it every
# 6 hours), `pledgekit ledger import {slug} export.csv` reads an export (docs/ledger.md).
# Once a ledger holds payments, it replaces these figures.
totals:
  raised: 0
  backers: 0
  updated: {start}

# Rewards, cheapest first. Tiers without `pledge:` use the links in site.yaml's
# defaults; add `pledge:` to a tier to give it links of its own (docs/content.md).
# `pledgekit new tier {slug} ID --amount 20` adds one where its amount belongs.
tiers:
  - id: thanks
    title: A heartfelt thank you
    amount: 10
    description: Your name on the thank-you page of the finished project.
  - id: early-bird
    title: Early bird
    amount: 35
    description: The first finished copies, at the price we can offer the first week only.
    includes:
      - One finished copy
      - Your name on the thank-you page
    limit: 100                      # "X of 100 left" on the page; sold out at 100
    available_until: {early_bird_until}
    delivery: {delivery}                # estimated delivery month
    ships_to: [Worldwide]
  - id: standard
    title: The finished copy
    amount: 45
    includes:
      - One finished copy
      - Your name on the thank-you page
    delivery: {delivery}
    ships_to: [Worldwide]
    # draft: true                   # keep a tier off the site until it is ready

# Pledge any amount without a reward.
open_pledge:
  minimum: 5
  suggested: [5, 20, 50]

# faq:
#   - question: When will it ship?
#     answer: We expect to ship in {delivery}; every update says where we are.
# draft: true     # keep the whole campaign off the site (`pledgekit serve --drafts` shows it)
"""

STORY_MD = """\
## What we are making

Say what it is, who it is for and why it matters to you, in a few short paragraphs.
Pictures help: put them beside this file and write `![What the picture shows](picture.jpg)`.

## Where the money goes

Say what the goal pays for, and what happens if you raise more.

## Who we are

Say what you have made before, and why backers can trust you to finish this.
"""

RISKS_MD = """\
What could delay or stop the project (suppliers, certification, shipping, health), and what you
will do if it happens. Backers trust a creator who says this plainly.
"""

HERO_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="576" viewBox="0 0 1024 576">
  <rect width="1024" height="576" fill="#dff0ea"/>
  <rect x="32" y="32" width="960" height="512" fill="none" stroke="#0b5a4a" stroke-width="4" stroke-dasharray="16 12"/>
  <text x="512" y="280" font-family="system-ui, sans-serif" font-size="44" fill="#0b5a4a" text-anchor="middle">Your picture here</text>
  <text x="512" y="340" font-family="system-ui, sans-serif" font-size="28" fill="#4d565e" text-anchor="middle">16:9, 1024 × 576 or larger</text>
</svg>
"""

UPDATE_MD = """\
---
{schema}title: {title}
date: {moment}
summary: One sentence for the list of updates and for link previews.
# author: Your name
# draft: true      # keep it off the site until it is ready (`pledgekit serve --drafts` shows it)
---
Write the update here in Markdown. Say what happened since the last one, show a picture
(`![What it shows](picture.jpg)`, with the file in the campaign's folder, beside
campaign.yaml), and say what comes next.
"""

TIER_YAML = """\
{indent}- id: {id}
{indent}  title: {title}
{indent}  amount: {amount}            # the minimum pledge for this reward
{indent}  description: What a backer of this tier receives, in a sentence or two.
{indent}  includes:
{indent}    - The first thing it includes
{indent}  # limit: 50                   # how many backers can choose it
{indent}  # delivery: YYYY-MM           # estimated delivery month
{indent}  # ships_to: [Worldwide]
{indent}  # available_until: YYYY-MM-DDTHH:MM   # an early-bird window
{indent}  # draft: true                 # keep it off the site until it is ready
"""


def _minutes(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def campaign_files(slug: str, title: str, today: date, schema: str = "") -> dict[str, str]:
    """campaign.yaml, story.md, risks.md and hero.svg of a campaign that opens `today` for
    30 days; `schema` is the editor's schema line for campaign.yaml."""
    start = datetime.combine(today, datetime.min.time())  # open from the first minute
    end = start + timedelta(days=30)
    delivery = (end + timedelta(days=92)).strftime("%Y-%m")
    text = CAMPAIGN_YAML.format(
        schema=schema,
        title=yaml_text(title),
        slug=slug,
        start=_minutes(start),
        end=_minutes(end),
        early_bird_until=_minutes(start + timedelta(days=7)),
        delivery=delivery,
    )
    return {
        "campaign.yaml": text,
        "story.md": STORY_MD,
        "risks.md": RISKS_MD,
        "hero.svg": HERO_SVG,
    }


def update_file(title: str, moment: datetime, schema: str = "") -> tuple[str, str]:
    """The update's file name (dated, from the title) and its text."""
    name = f"{moment:%Y-%m-%d}-{slugify(title)}.md"
    return name, UPDATE_MD.format(schema=schema, title=yaml_text(title), moment=_minutes(moment))


def yaml_text(text: str) -> str:
    """A one-line YAML string: plain when that reads back the same, else double-quoted."""
    line = " ".join(text.split())
    try:
        if yaml.safe_load(f"k: {line}") == {"k": line}:
            return line
    except yaml.YAMLError:
        pass
    return json.dumps(line, ensure_ascii=False)


class TierRefused(Exception):
    """campaign.yaml could not take the new tier (it is left as it was)."""


@dataclass(frozen=True)
class TierAdded:
    """campaign.yaml with the new tier, and where it went."""

    text: str
    line: int  # of the new tier's `- id:`
    after: dict | None  # the tier just before it in the file (None: it is first)
    before: dict | None  # the tier just after it (None: it is last)


def with_tier(text: str, tier_id: str, title: str, amount: str) -> str:
    """campaign.yaml's text with a commented tier added where its amount belongs."""
    return add_tier(text, tier_id, title, amount).text


def add_tier(text: str, tier_id: str, title: str, amount: str, last: bool = False) -> TierAdded:
    """campaign.yaml's text with a commented tier added to its `tiers:` list: before the first
    tier that costs more (after every tier of the same amount), or at the end when `last`
    (comments, layout, line endings and the rest of the file untouched); TierRefused when the
    file's layout does not allow that safely."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    text = text.removeprefix(bom).replace("\r\n", "\n")
    data = _parsed(text)
    tiers = data.get("tiers") if isinstance(data, dict) else None
    if tiers is not None and not isinstance(tiers, list):
        raise TierRefused("`tiers:` in campaign.yaml is not a list; fix it first")
    if tier_id in [tier.get("id") for tier in tiers or [] if isinstance(tier, dict)]:
        raise TierRefused(f"campaign.yaml has a tier with id '{tier_id}' already")
    old_tiers = tiers or []
    index = len(old_tiers) if last else _place(old_tiers, Decimal(amount))
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    key = re.compile(r"""^(?:tiers|"tiers"|'tiers')\s*:""")
    start = next((i for i, line in enumerate(lines) if key.match(line)), None)
    if start is None or not tiers:
        block = TIER_YAML.format(indent="  ", id=tier_id, title=yaml_text(title), amount=amount)
        kept = [line for i, line in enumerate(lines) if i != start]
        result = "".join(kept) + "\ntiers:\n" + block
    else:
        if re.sub(r"\s#.*", "", key.sub("", lines[start])).strip():
            raise TierRefused("write `tiers:` as a list of items, one `- id: …` per line")
        result = "".join(_inserted(lines, start, index, len(old_tiers), tier_id, title, amount))
    layout = "this layout of campaign.yaml is not one `new tier` can extend safely"
    try:
        after = _parsed(result)
        position = yaml.compose(result).value  # the top-level keys and their values
    except (TierRefused, yaml.YAMLError):
        raise TierRefused(layout) from None
    new_tiers = after.get("tiers") or []
    if (
        len(new_tiers) != len(old_tiers) + 1
        or [*new_tiers[:index], *new_tiers[index + 1 :]] != old_tiers
        or new_tiers[index].get("id") != tier_id
        or {k: v for k, v in after.items() if k != "tiers"}
        != {k: v for k, v in data.items() if k != "tiers"}
    ):
        raise TierRefused(layout)
    items = next(node for name, node in position if name.value == "tiers").value
    return TierAdded(
        text=bom + result.replace("\n", newline),
        line=items[index].start_mark.line + 1,
        after=old_tiers[index - 1] if index > 0 else None,
        before=old_tiers[index] if index < len(old_tiers) else None,
    )


def tier_amount(tier: object) -> Decimal | None:
    """A tier's `amount` as a number, or None when it has none that reads as one."""
    value = tier.get("amount") if isinstance(tier, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def _place(tiers: list, amount: Decimal) -> int:
    """Where a tier of `amount` goes: before the first tier that costs more, else at the end."""
    for index, tier in enumerate(tiers):
        other = tier_amount(tier)
        if other is not None and other > amount:
            return index
    return len(tiers)


def _parsed(text: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TierRefused(f"campaign.yaml is not valid YAML ({error}); fix it first") from None
    return data if isinstance(data, dict) else {}


def _inserted(
    lines: list[str], start: int, index: int, count: int, tier_id: str, title: str, amount: str
) -> list[str]:
    """The lines with the tier made the `index`-th item of the list that starts at `start`
    (which holds `count` items): before that item and the comments just above it at its
    indentation, or after the last line of the list."""
    body = [i for i in range(start + 1, len(lines)) if lines[i].strip()]
    first = next((i for i in body if not lines[i].lstrip().startswith("#")), None)
    found = re.match(r"(\s*)-(\s|$)", lines[first]) if first is not None else None
    if found is None:
        raise TierRefused("the items under `tiers:` do not start with `-`")
    indent = found.group(1)
    item = re.compile(rf"{re.escape(indent)}-(\s|$)")
    end = start + 1
    starts = []  # the first line of each item
    for i in body:
        line = lines[i]
        if not line.startswith((" ", "-", "#")):
            break  # the next key at the top level
        comment = line.lstrip().startswith("#")
        if not comment or line.startswith(indent + " "):
            end = i + 1  # a line of the list (a comment inside the last item stays with it)
        if item.match(line):
            starts.append(i)
    block = TIER_YAML.format(indent=indent, id=tier_id, title=yaml_text(title), amount=amount)
    if index >= count:
        at = end
    elif len(starts) != count:
        raise TierRefused("this layout of campaign.yaml is not one `new tier` can extend safely")
    else:
        at = starts[index]
        while at - 1 > start and re.fullmatch(rf"{re.escape(indent)}#.*\n", lines[at - 1]):
            at -= 1  # a comment just above a tier, at its indentation, is about that tier
    return [*lines[:at], block, *lines[at:]]
