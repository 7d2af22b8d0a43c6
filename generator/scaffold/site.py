"""`pledgekit init`: a new site in its own repository, ready to publish on GitHub Pages."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

from pledgekit import __version__
from pledgekit.model.schemas import SCHEMA_MODELS, schema_text
from pledgekit.scaffold.campaign import campaign_files, yaml_text
from pledgekit.scaffold.files import schema_line
from pledgekit.scaffold.vendor import (
    pinned_requirements,
    requirements_block,
    running_wheel,
    wheel_path,
)

SITE_YAML = """\
{schema}# The site's settings. Every setting is described in pledgekit's docs/content.md.
title: {title}
description: One sentence about the site, for search engines and link previews.
# Where the site is published. The GitHub workflow (.github/workflows/pages.yml) builds
# with the address GitHub Pages gives this repository, so this one counts only when you
# build and publish yourself.
base_url: {base_url}
language: en
# languages: [fr, ar]     # also publish in these languages, under /fr/ and /ar/ (docs/translating.md)
currency: {currency}              # amounts without a currency of their own are in this one
timezone: UTC              # dates written without +01:00 are read here, e.g. Europe/Paris
theme: default             # `pledgekit theme list` shows the themes and their options
# theme_options:
#   accent: "#7a2e8c"
defaults:
  # Where backers pay, on every tier that names no links of its own. Change the name
  # to your PayPal.me name, or use another service: stripe (Payment Links), paypal,
  # open_collective, liberapay, ko_fi, sepa, link (any https page) ... (docs/content.md).
  pledge:
    - processor: paypal_me
      name: YourPayPalName
"""

GITIGNORE = """\
# What pledgekit makes: the site and what earlier builds kept to build faster.
/output/
/.output.pledgekit-cache/
.*.pledgekit-*
/styleguide/
__pycache__/
.venv/
"""

WORKFLOW = """\
# Builds the site with pledgekit and publishes output/ on GitHub Pages, with GitHub's own
# Pages actions. Once, in the repository's Settings > Pages, set Source to "GitHub Actions".
name: Publish the site

on:
  push:
    branches: [main]
  workflow_dispatch:           # a "Run workflow" button in the Actions tab
  schedule:
    # Every 6 hours (at 00:17, 06:17, … UTC): totals are read again from the processors and
    # "days to go" stays true without a push. Another rhythm: "17 5 * * *" is once a day.
    - cron: "17 */6 * * *"

permissions:
  contents: read               # the build job reads the repository, nothing more

concurrency:                   # one deployment at a time; never cancel one half-way
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
          cache: pip
          cache-dependency-path: requirements.txt
      - id: pages
        uses: actions/configure-pages@v5
      # pledgekit from its wheel in .pledgekit/, and the versions it was made with.
      - run: python -m pip install -r requirements.txt
      # Payments read from the processors' APIs into each campaign's ledger, in this run only:
      # they are read again every time and never committed, so backers' names stay out of the
      # repository's history (docs/ledger.md). Only the sources whose secret is set are read
      # (Settings > Secrets and variables > Actions). If a source cannot be read, the run stops
      # here: the site published last stays up, with its figures, rather than one that lacks
      # that source's payments.
      - run: pledgekit ledger sync --configured-only
        env:
          PLEDGEKIT_STRIPE_KEY: ${{ secrets.PLEDGEKIT_STRIPE_KEY }}
          PLEDGEKIT_PAYPAL_CLIENT_ID: ${{ secrets.PLEDGEKIT_PAYPAL_CLIENT_ID }}
          PLEDGEKIT_PAYPAL_SECRET: ${{ secrets.PLEDGEKIT_PAYPAL_SECRET }}
          # Optional (public reads need none): raises Open Collective's rate limits.
          PLEDGEKIT_OPEN_COLLECTIVE_TOKEN: ${{ secrets.PLEDGEKIT_OPEN_COLLECTIVE_TOKEN }}
          PLEDGEKIT_EVERY_ORG_KEY: ${{ secrets.PLEDGEKIT_EVERY_ORG_KEY }}
          PLEDGEKIT_DONORBOX_EMAIL: ${{ secrets.PLEDGEKIT_DONORBOX_EMAIL }}
          PLEDGEKIT_DONORBOX_KEY: ${{ secrets.PLEDGEKIT_DONORBOX_KEY }}
          # Liberapay needs none: its figures are public.
          PLEDGEKIT_GITHUB_TOKEN: ${{ secrets.PLEDGEKIT_GITHUB_TOKEN }}
      # base_url comes from the repository (https://OWNER.github.io/REPO/, or your own domain).
      - run: pledgekit build --strict --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v5
        with:
          path: output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write             # to publish on GitHub Pages
      id-token: write          # to prove the deployment comes from this repository
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v5
"""

README = """\
# {title}

A crowdfunding site made with pledgekit {version}: the pages are built from the files in
`content/` and published on GitHub Pages. pledgekit itself is kept in this repository
(`{wheel}`), so the site always builds with the version that made it.

## Work on it

```sh
python3 -m venv .venv && . .venv/bin/activate
python3 -m pip install -r requirements.txt
pledgekit serve          # http://127.0.0.1:8000/, rebuilt and reloaded as you save
```

- `content/site.yaml`: the site's name, currency, timezone, and where backers pay.
- `content/campaigns/{slug}/campaign.yaml`: the campaign: goal, dates, rewards.
- `content/campaigns/{slug}/story.md` and `risks.md`: the story and its risks, in Markdown.
- `pledgekit new update {slug} "Title"` writes a dated update; `pledgekit new tier {slug} ID`
  adds a reward; `pledgekit new campaign SLUG` starts another campaign.
- `pledgekit check --advice` reviews a campaign against what is known to work.
- `pledgekit vendor` (run here after installing a newer pledgekit) upgrades the site: it
  replaces the wheel in `.pledgekit/` and the versions `requirements.txt` installs.
- `schemas/` lets editors (VS Code with the YAML extension, and others) check the files as you
  type; `pledgekit schema --output schemas` refreshes it after an upgrade.

## Before you publish

1. In `content/site.yaml`, set your PayPal.me name (or another way to pay) under `defaults`.
2. Replace the example text, `hero.svg` and the rewards with your own: `pledgekit check`
   warns, with file:line, about every piece of example text that is left.
3. Check: `pledgekit check --strict` (the workflow builds with `--strict`, so it stops at any
   warning, example text included).

## Publish on GitHub Pages

1. In the GitHub repository's **Settings > Pages**, set **Source** to **GitHub Actions**
   (before the first push: the workflow cannot publish until then).
2. Push this folder to the repository's `main` branch.
3. The workflow in `.github/workflows/pages.yml` builds and publishes the site on every push to
   `main`, and every morning so that "days to go" stays true. The **Actions** tab shows each run
   and the address of the site.
"""


GITHUB_REMOTE = re.compile(
    r"(?:https://(?:[^@/]+@)?|ssh://git@|git@)github\.com[:/]"
    r"([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?"
)


def _git(folder: Path, *arguments: str) -> str:
    """A git command's output in `folder`; empty when git or the repository is missing."""
    try:
        return subprocess.run(
            ["git", "-C", str(folder), *arguments],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def repository_root(folder: Path) -> Path | None:
    """The top folder of the git repository holding `folder`, if it is in one."""
    top = _git(folder, "rev-parse", "--show-toplevel")
    return Path(top).resolve() if top else None


def github_pages_url(folder: Path) -> str | None:
    """https://OWNER.github.io/REPO/ from the folder's git remote `origin`, if it is GitHub."""
    found = GITHUB_REMOTE.fullmatch(_git(folder, "remote", "get-url", "origin"))
    if not found:
        return None
    owner, repository = found.group(1).lower(), found.group(2)
    if repository.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{repository}/"


def site_files(
    folder: Path,
    title: str,
    base_url: str,
    currency: str,
    today: date,
    slug: str = "my-campaign",
) -> dict[str, str | bytes]:
    """Every file of a new site, by path relative to `folder` (the repository's root), with
    the running pledgekit's wheel (see vendor.py)."""
    schemas = folder / "schemas"
    campaign = folder / "content" / "campaigns" / slug
    files: dict[str, str | bytes] = {
        "README.md": README.format(title=title, slug=slug, version=__version__, wheel=wheel_path()),
        ".gitignore": GITIGNORE,
        "requirements.txt": requirements_block(pinned_requirements()),
        wheel_path(): running_wheel().data,
        ".github/workflows/pages.yml": WORKFLOW,
        "content/site.yaml": SITE_YAML.format(
            schema=schema_line(folder / "content" / "site.yaml", schemas, "site"),
            title=yaml_text(title),
            base_url=base_url,
            currency=currency,
        ),
    }
    made = campaign_files(
        slug,
        "My first campaign",
        today,
        schema_line(campaign / "campaign.yaml", schemas, "campaign"),
    )
    files |= {f"content/campaigns/{slug}/{name}": text for name, text in made.items()}
    files |= {f"schemas/{kind}.schema.json": schema_text(kind) for kind in sorted(SCHEMA_MODELS)}
    return files
