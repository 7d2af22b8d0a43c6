"""A site whose every text field holds script-injection attempts (tests/fixtures/xss_payloads.txt),
for the unit tests on its HTML and the browser test that loads every page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml
from support import FIXTURES, HERO_SVG

from pledgekit.load.markdown_render import MarkdownRenderer

PAYLOADS = [
    line
    for line in (FIXTURES / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]
ALL = " ".join(PAYLOADS)  # every payload in one line of text
# The site's title and description are on every page, and the tags each have pages: they hold
# a share of the payloads (the attribute and element breakouts among them), which keeps the
# site small enough to parse in seconds.
SITE_TEXT = " ".join(PAYLOADS[::8] + [p for p in PAYLOADS if p.startswith(('"', "'", "</"))])


def _markdown_payloads() -> list[str]:
    """The payloads the Markdown pipeline accepts, alone and together: Markdown whose links run
    scripts is refused by the build (test_hostile_content checks the errors)."""
    accepted = [payload for payload in PAYLOADS if not RENDERER.render(payload).refused]
    while refused := RENDERER.render("\n\n".join(accepted)).refused:
        wanted = {_plain(url) for url in refused}
        accepted = [p for p in accepted if not any(url in _plain(p) for url in wanted)]
    return accepted


def _plain(text: str) -> str:
    return re.sub(r"[\x00-\x20]", "", html.unescape(text)).lower()


RENDERER = MarkdownRenderer()
MARKDOWN_PAYLOADS = _markdown_payloads()
REFUSED_MARKDOWN = [payload for payload in PAYLOADS if payload not in MARKDOWN_PAYLOADS]
PROSE = "\n\n".join(MARKDOWN_PAYLOADS)
SAFE_LINK = "https://example.org/creator"


def _person(role: str) -> dict:
    return {
        "name": ALL,
        "bio": PROSE,
        "location": ALL,
        "avatar": {"src": "hero.svg", "alt": ALL},
        "links": [{"label": payload, "url": SAFE_LINK} for payload in PAYLOADS[::5]],
    }


def campaign(*, translated: bool = False) -> dict:
    pledge = [{"processor": "paypal_me", "name": "ines", "label": SITE_TEXT}]
    return {
        "title": ALL,
        "tagline": ALL,
        "image": {"src": "hero.svg", "alt": ALL},
        "video": "https://video.example/watch?v=1",
        "creator": _person("creator"),
        "beneficiary": _person("beneficiary"),
        "funds_use": PROSE,
        "organisation": {
            "legal_name": ALL,
            "registration": ALL,
            "country": "FR",
            "website": "https://example.org/",
            "tax_deductibility": {"FR": ALL},
        },
        "category": PAYLOADS[0],
        "tags": PAYLOADS[1::6],
        "goal": 20000,
        "start": "2026-11-01T09:00:00+01:00",
        "end": "2026-12-31T23:59:00+01:00",
        "funding": "flexible",
        "faq": [{"question": payload, "answer": payload} for payload in MARKDOWN_PAYLOADS],
        "budget": [{"label": ALL, "share": 100, "description": ALL}],
        "stretch_goals": [{"amount": 30000, "title": ALL, "description": PROSE}],
        "milestones": [{"title": ALL, "due": "2027-03", "description": ALL}],
        "tiers": [
            {
                "id": f"tier-{number}",
                "title": payload,
                "amount": 10 + number,
                "description": MARKDOWN_PAYLOADS[number % len(MARKDOWN_PAYLOADS)],
                "includes": [payload],
                "image": {"src": "hero.svg", "alt": payload},
                "ships_to": [payload],
                "pledge": pledge,
            }
            for number, payload in enumerate(PAYLOADS)
        ],
        "open_pledge": {
            "title": ALL,
            "description": PROSE,
            "suggested": [25, 50],
            "impact": {25: ALL, 50: ALL},
            "pledge": pledge,
        },
        "totals": {"raised": 5000, "backers": 40, "updated": "2026-11-25T18:00:00+01:00"},
        "matching": {"sponsor": ALL, "cap": 1000},
    }


def translation() -> dict:
    return {"title": ALL, "tagline": ALL, "faq": [{"question": ALL, "answer": PROSE}]}


def update(number: int, payload: str) -> str:
    front = yaml.safe_dump(
        {"title": payload, "summary": ALL, "author": ALL}, allow_unicode=True, width=10**6
    )
    return f"---\n{front}---\n{PROSE}\n"


def site(theme: str) -> dict:
    return {
        "title": SITE_TEXT,
        "description": SITE_TEXT,
        "base_url": "https://example.org/fund/",
        "language": "en",
        "languages": ["fr"],
        "currency": "EUR",
        "timezone": "Europe/Paris",
        "theme": theme,
        "theme_options": {"urgency_note": SITE_TEXT} if theme == "appeal" else {},
        "translations": {
            "fr": {
                "title": SITE_TEXT,
                "description": SITE_TEXT,
                "theme_options": {"urgency_note": SITE_TEXT} if theme == "appeal" else {},
                "names": {PAYLOADS[0]: ALL, PAYLOADS[5]: ALL},
            }
        },
    }


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)


def write_hostile_site(source: Path, theme: str = "default") -> Path:
    """The hostile site's content folder, written below `source`."""
    folder = source / "campaigns" / "hostile"
    (folder / "updates").mkdir(parents=True)
    (source / "site.yaml").write_text(dump(site(theme)), encoding="utf-8")
    (folder / "campaign.yaml").write_text(dump(campaign()), encoding="utf-8")
    (folder / "campaign.fr.yaml").write_text(dump(translation()), encoding="utf-8")
    (folder / "story.md").write_text(PROSE + "\n", encoding="utf-8")
    (folder / "story.fr.md").write_text(PROSE + "\n", encoding="utf-8")
    (folder / "risks.md").write_text(PROSE + "\n", encoding="utf-8")
    (folder / "hero.svg").write_text(HERO_SVG, encoding="utf-8")
    for number, payload in enumerate(PAYLOADS[:12]):
        (folder / "updates" / f"2026-11-{number + 2:02d}-note-{number}.md").write_text(
            update(number, payload), encoding="utf-8"
        )
    return source
