"""The pages in a real browser (Debian's Chromium, headless): layout at phone and desktop widths,
JavaScript off, no third-party requests, pages opened from disk. Screenshots are saved in
tests/artifacts for a person to look at."""

from __future__ import annotations

import pytest
from conftest import PAGE_TYPES
from playwright.sync_api import expect
from support import TESTS

pytestmark = pytest.mark.browser
ARTIFACTS = TESTS / "artifacts"
THEME_BACKGROUND = "rgb(251, 250, 247)"  # --color-background: proof the stylesheet loaded
STYLESHEET_LOADED = "[...document.styleSheets].some(sheet => sheet.cssRules.length > 50)"


@pytest.mark.parametrize("width", [360, 1280])
def test_every_page_type_fits_the_screen_and_asks_no_third_party(open_page, server_root, width):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in PAGE_TYPES.items():
        page = open_page(server_root + path, width)
        assert page.outside_requests == [], name
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, (
            f"{name} scrolls sideways at {width}px ({scroll_width}px wide)"
        )
        assert page.evaluate(STYLESHEET_LOADED), name
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    print(f"screenshots in {ARTIFACTS}")


def test_pledging_works_with_javascript_off(open_page, server_root):
    url = server_root + "repo/campaigns/live-lamp/index.html"
    on, off = open_page(url), open_page(url, javascript=False)
    script = "links => links.map(a => [a.textContent, a.href])"
    links = [page.eval_on_selector_all(".pledge-links a", script) for page in (on, off)]
    assert links[0] == links[1]
    assert [
        "Pledge €79 with Stripe",
        "https://buy.stripe.com/abc456?client_reference_id=live-lamp-lamp",
    ] in links[1]
    for part in (".campaign__stats", ".tiers"):
        assert on.inner_text(part) == off.inner_text(part), part
    assert off.inner_text(".stats__item--raised dd").split("\n")[0] == "€2,500.50"


def test_pages_work_opened_from_disk(open_page, states_site):
    page = open_page((states_site / "index.html").as_uri())
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == THEME_BACKGROUND
    page.click("text=Campaign live-lamp")
    page.wait_for_load_state()
    assert page.url == (states_site / "campaigns/live-lamp/index.html").as_uri()
    # Lazy pictures (below the fold, or in a closed <details>) are asked for here, so that
    # every one is shown to load from disk.
    widths = page.eval_on_selector_all(
        "img",
        """images => Promise.all(images.map(image => {
            image.loading = "eager";
            return image.decode().then(() => image.naturalWidth, () => 0);
        }))""",
    )
    assert widths and all(width > 0 for width in widths)


@pytest.mark.parametrize("slug", ["tenon-lamp", "winter-shelter-lille", "harbour-lights"])
def test_the_embeddable_card_fits_its_frame(open_page, server_root, slug):
    page = open_page(server_root + f"pledgekit/campaigns/{slug}/card/", width=220)
    page.set_viewport_size({"width": 220, "height": 420})
    size = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert size[0] <= 220 and size[1] <= 420, f"the card needs {size[0]}×{size[1]} px"
    assert page.outside_requests == []


def test_the_copy_button_copies_the_address_and_is_absent_without_javascript(
    open_page, server_root
):
    url = server_root + "pledgekit/campaigns/tenon-lamp/index.html"
    address = "https://example.github.io/pledgekit/campaigns/tenon-lamp/"
    page = open_page(url)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    button = page.locator(".share-links__button")
    button.click()
    # The status is written once the clipboard has taken the text (a promise).
    expect(page.locator(".share-links__status")).not_to_have_text("", timeout=10000)
    assert page.inner_text(".share-links__status") == "Address copied"
    assert page.evaluate("navigator.clipboard.readText()") == address
    off = open_page(url, javascript=False)
    assert not off.locator(".share-links__button").is_visible()
    assert off.input_value(".share-links__copy input") == address
