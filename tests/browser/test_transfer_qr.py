"""The transfer QR code, as Chromium draws it on the page, reads back as the EPC payload."""

from __future__ import annotations

import subprocess

import pytest
from tools import zbarimg

pytestmark = pytest.mark.browser


def test_the_qr_code_on_the_page_scans_to_the_transfer_details(open_page, server_root, tmp_path):
    page = open_page(server_root + "pledgekit/campaigns/winter-shelter-lille/index.html")
    page.click("#tier-bed-for-the-winter .transfer summary")
    image = tmp_path / "qr.png"
    page.locator("#tier-bed-for-the-winter .transfer svg").screenshot(path=str(image))
    result = subprocess.run(
        [zbarimg(), "--raw", "-q", str(image)], capture_output=True, check=False
    )
    assert result.stdout.decode("utf-8").removesuffix("\n") == (
        "BCD\n002\n1\nSCT\nAGRIFRPP\nAssociation Maison Grenat\nFR7630006000011234567890189\n"
        "EUR5000.00\n\n\nwinter-shelter-lille bed-for-the-winter"
    )
