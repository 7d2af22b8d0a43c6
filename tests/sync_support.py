"""What the `ledger sync` tests share: the command run through the CLI with no variable of the
real environment, retries that wait for nothing, a site of one campaign, a folder's snapshot,
a campaign's ledger rows and a sync source built for a site."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner, Result
from standin_http import ServedStandIn
from support import HERO_SVG, campaign_yaml, site_yaml, tier_yaml, write_site

from pledgekit.cli import main
from pledgekit.ledger.rows import LedgerRow
from pledgekit.ledger.store import LEDGER_FILE, read_ledger
from pledgekit.ledger.sync.retry import RetryPolicy
from pledgekit.ledger.sync.sources import SyncSettings, SyncSource, offers_of
from pledgekit.validate.folder import validated_site

# The module (generator.cli's `ledger` is the command group of the same name).
ledger_cli = importlib.import_module("pledgekit.cli.ledger")
# Made up at run time, so that no file of the repository holds anything shaped like a key.
STRIPE_KEY = "rk_" + "live_" + "PledgekitFakeKey7Q2x9"
NOW = "2026-12-07T10:00:00+00:00"  # the moment the tests' syncs run at, unless told
# Every variable a source reads, unset unless a test gives it (nothing of the real environment).
SYNC_VARIABLES = (
    "PLEDGEKIT_STRIPE_KEY", "PLEDGEKIT_STRIPE_API_BASE", "PLEDGEKIT_PAYPAL_CLIENT_ID",
    "PLEDGEKIT_PAYPAL_SECRET", "PLEDGEKIT_PAYPAL_API_BASE", "PLEDGEKIT_OPEN_COLLECTIVE_TOKEN",
    "PLEDGEKIT_OPEN_COLLECTIVE_API_BASE", "PLEDGEKIT_EVERY_ORG_KEY",
    "PLEDGEKIT_EVERY_ORG_API_BASE", "PLEDGEKIT_DONORBOX_EMAIL", "PLEDGEKIT_DONORBOX_KEY",
    "PLEDGEKIT_DONORBOX_API_BASE", "PLEDGEKIT_LIBERAPAY_API_BASE", "PLEDGEKIT_GITHUB_TOKEN",
    "PLEDGEKIT_GITHUB_API_BASE",
)  # fmt: skip
NO_WAIT = RetryPolicy(sleep=lambda seconds: None)

Source = TypeVar("Source", bound=SyncSource)


def sync(site: Path, *arguments: str, environment: dict[str, str], now: str = NOW) -> Result:
    """`pledgekit ledger sync` with this environment (and nothing of the real one)."""
    # Every source's variables unset, and any PLEDGEKIT_ variable of the machine running the
    # tests (a real key in a developer's shell must never reach a test).
    inherited = [name for name in os.environ if name.startswith("PLEDGEKIT_")]
    runner = CliRunner(env={**dict.fromkeys([*SYNC_VARIABLES, *inherited]), **environment})
    return runner.invoke(main, ["ledger", "sync", *arguments, "--source", str(site), "--now", now])


def ledger_summary(site: Path, slug: str = "lamp") -> Result:
    return CliRunner().invoke(main, ["ledger", "summary", slug, "--source", str(site)])


# A module that imports this gets the fixture `waits` (under another name, so that the
# tests' own parameter does not shadow the import).
@pytest.fixture(name="waits")
def waits_fixture(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the CLI's retries waited, instantly."""
    waited: list[float] = []
    monkeypatch.setattr(ledger_cli, "RETRY_POLICY", RetryPolicy(sleep=waited.append))
    return waited


def stripe_environment(standin: ServedStandIn, key: str = STRIPE_KEY) -> dict[str, str]:
    """The variables that point a sync at a stand-in Stripe account."""
    return {"PLEDGEKIT_STRIPE_KEY": key, "PLEDGEKIT_STRIPE_API_BASE": standin.base}


def one_campaign_site(
    folder: Path,
    campaign: dict[str, object],
    *,
    slug: str = "lamp",
    site: str | None = None,
    files: dict[str, str] | None = None,
) -> Path:
    """A site (site.yaml as `site`, else the default) under folder/content whose one campaign
    has the fields `campaign` gives, a hero, a one-word story and `files` beside them."""
    written = {
        "campaign.yaml": campaign_yaml(**campaign),
        "hero.svg": HERO_SVG,
        "story.md": "Oak.\n",
    }
    written.update(files or {})
    return write_site(folder / "content", site=site or site_yaml(), campaigns={slug: written})


def friend_tier(pledge: str, amount: int = 5) -> str:
    """A monthly tier 'friend' of `amount` a month, given through `pledge` (a YAML list)."""
    return tier_yaml(id="friend", title="Friend", amount=amount, recurring="monthly", pledge=pledge)


def supporter_site(
    folder: Path,
    tier_pledge: str,
    any_amount: str,
    /,
    *,
    slug: str = "lamp",
    site: str | None = None,
    **campaign: object,
) -> Path:
    """A site whose campaign takes 25 (in the site's currency) for the tier 'supporter' through
    `tier_pledge` and any amount without a reward through `any_amount` (YAML lists of pledge
    options), with no figures by hand and `campaign`'s fields besides (open_pledge=None: none)."""
    fields: dict[str, object] = {
        "totals": None,
        "tiers": tier_yaml(id="supporter", title="Supporter", amount=25, pledge=tier_pledge),
        "open_pledge": f"{{pledge: {any_amount}}}",
        **campaign,
    }
    return one_campaign_site(folder, fields, slug=slug, site=site)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under the folder with its bytes and modification time."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def ledger_rows(site: Path, slug: str = "lamp") -> list[LedgerRow]:
    """The campaign's ledger, which must read without a problem."""
    rows, problems = read_ledger(site / "campaigns" / slug / LEDGER_FILE, LEDGER_FILE)
    assert problems == []
    return rows


def sync_settings(**fields: object) -> SyncSettings:
    """Settings whose retries wait for nothing, with `fields` set."""
    return SyncSettings(**{"policy": NO_WAIT, **fields})  # type: ignore[arg-type]


def site_source(source: type[Source], site: Path, **fields: object) -> Source:
    """The source reading the site's offers, told its campaigns as `ledger sync` tells them."""
    validated = validated_site(site)
    campaigns = {campaign.slug: campaign for campaign in validated.campaigns}
    return source(offers_of(validated.links), sync_settings(campaigns=campaigns, **fields))
