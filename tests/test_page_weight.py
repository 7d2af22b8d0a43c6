"""Page weight budget: a campaign page's HTML, CSS and JavaScript together stay under 20 KB gzip."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from support import parse_html

BUDGET = 20 * 1024


def page_weight(page: Path) -> dict[str, int]:
    """Gzipped bytes of the page and of every stylesheet and script it loads (images aside)."""
    document = parse_html(page)
    files = [page]
    files += [page.parent / link["href"] for link in document.find_all("link", rel="stylesheet")]
    files += [page.parent / script["src"] for script in document.find_all("script", src=True)]
    return {
        file.resolve().name if file != page else "html": len(
            gzip.compress(file.read_bytes(), compresslevel=6)
        )
        for file in files
    }


@pytest.mark.parametrize("language", ["", "fr/", "ar/"])
@pytest.mark.parametrize("slug", ["tenon-lamp", "winter-shelter-lille", "harbour-lights"])
def test_campaign_pages_fit_the_budget(example_site, slug, language):
    weights = page_weight(example_site / language / "campaigns" / slug / "index.html")
    total = sum(weights.values())
    print(
        f"{slug}: {total / 1024:.1f} KB gzip ({', '.join(f'{name} {size} B' for name, size in weights.items())})"
    )
    assert "style.css" in weights
    assert total <= BUDGET, f"{slug} weighs {total} bytes gzip, over the {BUDGET}-byte budget"


@pytest.mark.parametrize("language", ["", "fr/", "ar/"])
def test_the_appeal_theme_fits_the_budget_in_every_language(appeal_site, language):
    weights = page_weight(
        appeal_site / language / "campaigns" / "winter-shelter-lille" / "index.html"
    )
    total = sum(weights.values())
    print(f"appeal {language or 'en/'}: {total / 1024:.1f} KB gzip")
    assert "appeal.css" in weights
    assert total <= BUDGET, f"the appeal weighs {total} bytes gzip, over the {BUDGET}-byte budget"
