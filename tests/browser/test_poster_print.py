"""The poster, printed by Chromium, fills exactly one page of A4 and one of US Letter, and its
QR codes, read back from the printed page, are the page's address and the SEPA transfer."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
from xml.etree import ElementTree

import pytest
from tools import require, zbarimg

from pledgekit.payments.sepa import epc_payload

pytestmark = pytest.mark.browser

EXAMPLE = "https://example.github.io/pledgekit/"
APPEAL = "https://example.github.io/pledgekit-appeal/"
SHELTER_TRANSFER = epc_payload(
    "Association Maison Grenat",
    "FR7630006000011234567890189",
    "AGRIFRPP",
    None,
    "winter-shelter-lille",
)
# name: (the poster under the served root, its campaign page's address, the transfer or None)
POSTERS = {
    "en": ("pledgekit/", "campaigns/winter-shelter-lille/", SHELTER_TRANSFER),
    "fr": ("pledgekit/", "fr/campaigns/winter-shelter-lille/", SHELTER_TRANSFER),
    "ar": ("pledgekit/", "ar/campaigns/winter-shelter-lille/", SHELTER_TRANSFER),
    "no-transfer": ("pledgekit/", "campaigns/tenon-lamp/", None),
    "ended": ("pledgekit/", "campaigns/harbour-lights/", None),
    "appeal": ("appeal/", "campaigns/winter-shelter-lille/", SHELTER_TRANSFER),
}
BARCODES = "{http://zbar.sourceforge.net/2008/barcode}"


def pdf_page_count(pdf: bytes) -> int:
    """The pages of a PDF as Chromium writes it: its page objects (/Type /Page, not /Pages)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    require(found, "pdftoppm (draws a PDF page as an image)", "apt-get install -y poppler-utils")
    return str(found)


def read_codes(image) -> list[str]:
    """Every QR code zbarimg finds in the image, as text (XML keeps each code's line breaks)."""
    result = subprocess.run(
        [zbarimg(), "--xml", "-q", str(image)], capture_output=True, check=False, timeout=60
    )
    root = ElementTree.fromstring(result.stdout)
    texts = []
    for data in root.iter(f"{BARCODES}data"):
        text = data.text or ""
        texts.append(base64.b64decode(text).decode() if data.get("format") == "base64" else text)
    return texts


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("name", POSTERS)
def test_the_poster_prints_on_one_page_and_its_codes_scan(
    open_page, server_root, tmp_path, name, paper
):
    site, path, transfer = POSTERS[name]
    page = open_page(f"{server_root}{site}{path}poster/index.html")
    pdf = tmp_path / "poster.pdf"
    page.pdf(path=str(pdf), format=paper)  # the page's own @page margins, as a browser prints
    assert page.outside_requests == []
    assert pdf_page_count(pdf.read_bytes()) == 1, f"{name} on {paper}"
    subprocess.run(
        [pdftoppm(), "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / "printed")],
        check=True,
        timeout=60,
    )
    address = (APPEAL if site == "appeal/" else EXAMPLE) + path
    expected = [address] + ([transfer] if transfer else [])
    assert sorted(read_codes(tmp_path / "printed.png")) == sorted(expected)


def test_the_arabic_poster_mirrors(open_page, server_root):
    """Right to left, the page's code is on the right and the transfer's on the left."""
    boxes = {}
    for prefix in ("", "ar/"):
        page = open_page(f"{server_root}pledgekit/{prefix}campaigns/winter-shelter-lille/poster/")
        page.emulate_media(media="print")
        boxes[prefix] = [code.bounding_box()["x"] for code in page.locator("svg.poster__qr").all()]
    assert boxes[""][0] < boxes[""][1]
    assert boxes["ar/"][0] > boxes["ar/"][1]


def test_on_screen_a_line_says_how_to_print_and_print_leaves_it_out(open_page, server_root):
    page = open_page(f"{server_root}pledgekit/campaigns/tenon-lamp/poster/index.html")
    hint = page.locator(".poster-hint")
    assert "browser's Print command" in hint.inner_text()
    page.emulate_media(media="print")
    assert not hint.is_visible()
