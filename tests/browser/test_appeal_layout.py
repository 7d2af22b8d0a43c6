"""The appeal theme on screen: the deadline at the very top and the gifts on a phone's first
screen; on a desktop the progress beside the gifts and the tiers below them."""

from __future__ import annotations

import pytest
from conftest import PAGE_TYPES

pytestmark = pytest.mark.browser
BOXES = ["body > aside.appeal-banner", "#give", "#give h2", "#progress", "#rewards"]


def boxes(page) -> dict[str, dict]:
    return {selector: page.locator(selector).bounding_box() for selector in BOXES}


def test_the_banner_and_the_gifts_come_first_on_screen(open_page, server_root):
    url = server_root + PAGE_TYPES["appeal-campaign"]
    phone = boxes(open_page(url, 360))
    assert phone["body > aside.appeal-banner"]["y"] == 0
    assert phone["#give h2"]["y"] < 900
    assert phone["#give"]["y"] < phone["#progress"]["y"] < phone["#rewards"]["y"]
    desktop = boxes(open_page(url, 1280))
    give, stats, tiers = desktop["#give"], desktop["#progress"], desktop["#rewards"]
    assert stats["x"] >= give["x"] + give["width"] and stats["y"] < give["y"] + give["height"]
    assert tiers["x"] == give["x"] and tiers["y"] > give["y"] + give["height"]
