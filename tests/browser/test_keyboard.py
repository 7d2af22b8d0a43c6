"""Keyboard: Tab reaches every pledge button in reading order with a visible focus ring, and
Enter on a tier's button goes to the processor (the request is stopped before it leaves)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    pledge: element.matches('.pledge-links a'),
    href: element.href || null,
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    body: element === document.body,
  };
}"""


@pytest.mark.parametrize(
    "path",
    [
        "pledgekit/campaigns/tenon-lamp/index.html",
        "pledgekit/campaigns/winter-shelter-lille/index.html",
    ],
)
def test_tab_reaches_every_pledge_button_in_order_with_a_visible_focus(
    open_page, server_root, path
):
    page = open_page(server_root + path)
    expected = page.eval_on_selector_all(".pledge-links a", "links => links.map(a => a.href)")
    assert len(expected) >= 5
    reached, unfocused = [], []
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["body"]:
            break
        if not focused["outline"]:
            unfocused.append(focused["href"])
        if focused["pledge"]:
            reached.append(focused["href"])
    assert reached == expected
    assert unfocused == [], f"no visible focus indicator on {unfocused}"


def test_enter_on_a_tier_button_goes_to_the_processor(open_page, server_root):
    page = open_page(server_root + "pledgekit/campaigns/tenon-lamp/index.html")
    button = page.locator("#tier-lamp .pledge-links a").first
    target = button.get_attribute("href")
    assert target.startswith("https://buy.stripe.com/")
    button.focus()
    # The guard records the request, then aborts it: wait for the abort, not just the request.
    with page.expect_event("requestfailed", lambda request: request.url == target):
        page.keyboard.press("Enter")
    assert page.outside_requests == [target]  # asked for, and stopped before it left 127.0.0.1
