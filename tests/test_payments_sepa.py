"""SEPA bank transfer: IBAN checks, the EPC069-12 payload, and the QR code and details on the page."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from support import parse_html

from pledgekit.payments.registry import PledgeRequest, get_processor
from pledgekit.payments.sepa import epc_payload, grouped, iban_is_valid

IBAN = "FR7630006000011234567890189"
TIER = PledgeRequest("winter-shelter", "bed", "Winter: a bed", Decimal("25"), "EUR")
OPEN = PledgeRequest("winter-shelter", None, "Winter", None, "EUR")


def options(**overrides):
    values = {
        "processor": "sepa",
        "beneficiary": "Association Maison Grenat",
        "iban": "FR76 3000 6000 0112 3456 7890 189",
        "bic": "agrifrpp",
    }
    return get_processor("sepa").Options.model_validate({**values, **overrides})


def with_check_digits(country: str, account: str) -> str:
    """An IBAN made valid by computing its two check digits (ISO 13616)."""
    number = int("".join(str(int(character, 36)) for character in account + country + "00"))
    return f"{country}{98 - number % 97:02d}{account}"


@given(
    st.sampled_from(["FR", "DE", "BE", "NL", "ES"]),
    st.text("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=11, max_size=30),
)
def test_iban_check_digits_are_verified(country, account):
    iban = with_check_digits(country, account)
    assert iban_is_valid(iban)
    wrong = iban[:2] + f"{(int(iban[2:4]) + 1) % 100:02d}" + iban[4:]
    assert not iban_is_valid(wrong)


def test_known_ibans():
    assert iban_is_valid(IBAN) and iban_is_valid("DE89370400440532013000")
    assert not iban_is_valid("FR7630006000011234567890188")
    assert grouped(IBAN) == "FR76 3000 6000 0112 3456 7890 189"


def test_payload_follows_epc069_12():
    payload = epc_payload(
        "Association Maison Grenat", IBAN, "AGRIFRPP", Decimal("25"), "winter-shelter bed"
    )
    assert (
        payload
        == "BCD\n002\n1\nSCT\nAGRIFRPP\nAssociation Maison Grenat\nFR7630006000011234567890189\nEUR25.00\n\n\nwinter-shelter bed"
    )
    assert len(payload.encode("utf-8")) <= 331
    open_payload = epc_payload("Association Maison Grenat", IBAN, None, None, "winter-shelter")
    assert open_payload.split("\n")[4] == "" and open_payload.split("\n")[7] == ""
    assert not open_payload.endswith("\n")


def test_link_carries_the_details_and_the_qr_code_payload():
    sepa = get_processor("sepa")
    link = sepa.link(options(), TIER)
    assert link.url is None
    transfer = link.transfer
    assert (transfer.iban, transfer.bic, transfer.reference) == (
        "FR76 3000 6000 0112 3456 7890 189",
        "AGRIFRPP",
        "winter-shelter bed",
    )
    assert transfer.payload.splitlines()[5:7] == [
        "Association Maison Grenat",
        "FR7630006000011234567890189",
    ]
    assert sepa.problems(options(), TIER) == []


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            PledgeRequest("c", "t", "T", Decimal(5), "USD"),
            "bank transfer does not take USD (it takes EUR)",
        ),
        (
            PledgeRequest("c", "t", "T", Decimal(5), "EUR", "monthly"),
            "bank transfer links cannot set up monthly giving",
        ),
        (
            PledgeRequest("c", "t", "T", Decimal("1000000000"), "EUR"),
            "a transfer QR code carries at most EUR 999999999.99",
        ),
    ],
)
def test_what_a_transfer_cannot_do(request_, message):
    assert get_processor("sepa").problems(options(), request_) == [("", message)]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "iban",
            "FR76 3000 6000 0112 3456 7890 188",
            "not a valid IBAN (its check digits do not match)",
        ),
        ("bic", "AGRI", "a BIC has 8 or 11 letters and digits, like AGRIFRPP"),
        ("beneficiary", "x" * 71, "the beneficiary name has 1 to 70 characters, got 71"),
        ("reference", "r" * 141, "the reference has at most 140 characters, got 141"),
    ],
)
def test_bad_details_are_refused(field, value, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        options(**{field: value})


def test_the_example_appeal_shows_transfer_details_and_a_qr_code(example_site):
    page = parse_html(example_site / "campaigns/winter-shelter-lille/index.html")
    transfers = page.select(".transfer")
    assert len(transfers) == 2  # the pledge without a reward and the winter-long bed
    tier = page.select_one("#tier-bed-for-the-winter .transfer")
    assert " ".join(tier.summary.text.split()) == "Pledge €5,000 by bank transfer"
    details = {row.dt.text: row.dd.text for row in tier.select(".transfer__details div")}
    assert details == {
        "Beneficiary": "Association Maison Grenat",
        "IBAN": "FR76 3000 6000 0112 3456 7890 189",
        "BIC": "AGRIFRPP",
        "Amount": "€5,000.00",
        "Reference": "winter-shelter-lille bed-for-the-winter",
    }
    code = tier.select_one("svg.transfer__code[role=img]")
    assert code.find("title").text == "Transfer QR code for Association Maison Grenat"
    assert code["aria-label"] == code.find("title").text
    french = parse_html(example_site / "fr/campaigns/winter-shelter-lille/index.html")
    label = french.select_one("#tier-bed-for-the-winter svg.transfer__code title").text
    assert label == "Code QR de virement à Association Maison Grenat"
