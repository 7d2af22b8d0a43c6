"""SEPA credit transfer: the account details as text, and an EPC069-12 QR code ("GiroCode")
that banking apps scan, drawn at build time as inline SVG. Euro only."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import BankTransfer, PledgeLink, PledgeRequest, Processor

MAX_EPC_AMOUNT = Decimal("999999999.99")
MAX_EPC_BYTES = 331  # EPC069-12: the largest payload, in UTF-8 bytes


def one_line(value: str, what: str) -> str:
    """The payload is one field a line: a line break in a name would shift the IBAN's line,
    so that a banking app could read an account the page does not show."""
    if any(unicodedata.category(character) in ("Cc", "Zl", "Zp") for character in value):
        raise ValueError(f"{what} must be one line of text (no line breaks or control characters)")
    return value


def iban_is_valid(iban: str) -> bool:
    """ISO 13616: country letters, check digits, then the mod-97 test of the rearranged number."""
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(character, 36)) for character in rearranged)) % 97 == 1


def grouped(iban: str) -> str:
    """FR7630006000011234567890189 -> 'FR76 3000 6000 0112 3456 7890 189', as banks print it."""
    return " ".join(iban[index : index + 4] for index in range(0, len(iban), 4))


class SepaOptions(ProcessorOptions):
    beneficiary: str = Field(
        description="Account holder's name, as the bank knows it (at most 70)."
    )
    iban: str
    bic: str | None = Field(None, description="Needed only for some banks outside the EEA.")
    reference: str | None = Field(
        None,
        description="Text the payer's bank sends with the transfer (at most 140); "
        "by default '<campaign> <tier>'.",
    )

    @field_validator("beneficiary")
    @classmethod
    def _beneficiary(cls, value: str) -> str:
        if not 1 <= len(value) <= 70:
            raise ValueError(f"the beneficiary name has 1 to 70 characters, got {len(value)}")
        return one_line(value, "the beneficiary name")

    @field_validator("iban")
    @classmethod
    def _iban(cls, value: str) -> str:
        iban = re.sub(r"\s", "", value).upper()
        if not iban_is_valid(iban):
            raise ValueError(f"not a valid IBAN (its check digits do not match), got {value!r}")
        return iban

    @field_validator("bic")
    @classmethod
    def _bic(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(
            r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?", value.upper()
        ):
            raise ValueError(f"a BIC has 8 or 11 letters and digits, like AGRIFRPP, got {value!r}")
        return value.upper() if value else None

    @field_validator("reference")
    @classmethod
    def _reference(cls, value: str | None) -> str | None:
        if value is not None and len(value) > 140:
            raise ValueError(f"the reference has at most 140 characters, got {len(value)}")
        return one_line(value, "the reference") if value is not None else None


def epc_payload(
    beneficiary: str, iban: str, bic: str | None, amount: Decimal | None, text: str
) -> str:
    """The EPC069-12 version 002 payload: LF-separated, UTF-8, no trailing newline. Raises
    ValueError for a field of more than one line (SepaOptions refuses them first)."""
    for value, what in ((beneficiary, "the beneficiary name"), (bic or "", "the BIC")):
        one_line(value, what)
    one_line(iban, "the IBAN")
    one_line(text, "the reference")
    lines = [
        "BCD", "002", "1", "SCT", bic or "", beneficiary, iban,
        f"EUR{amount:.2f}" if amount is not None else "", "", "", text[:140],
    ]  # fmt: skip
    return "\n".join(lines).rstrip("\n")


class Sepa(Processor):
    name = "sepa"
    label = "bank transfer"
    Options = SepaOptions
    currencies = frozenset({"EUR"})

    def problems(self, options: SepaOptions, request: PledgeRequest) -> list[tuple[str, str]]:
        found = super().problems(options, request)
        if request.amount is not None and request.amount > MAX_EPC_AMOUNT:
            found.append(("", f"a transfer QR code carries at most EUR {MAX_EPC_AMOUNT}"))
        size = len(self._payload(options, request).encode("utf-8"))
        if size > MAX_EPC_BYTES:
            found.append(
                (
                    "",
                    f"the transfer QR code's text would be {size} bytes (at most {MAX_EPC_BYTES}): "
                    "shorten the beneficiary name or the reference",
                )
            )
        return found

    def _reference(self, options: SepaOptions, request: PledgeRequest) -> str:
        return options.reference or " ".join(
            part for part in (request.campaign, request.tier) if part
        )

    def _payload(self, options: SepaOptions, request: PledgeRequest) -> str:
        return epc_payload(
            options.beneficiary,
            options.iban,
            options.bic,
            request.amount,
            self._reference(options, request),
        )

    def url(self, options: SepaOptions, request: PledgeRequest) -> str:
        raise NotImplementedError("a bank transfer has no link; see link()")

    def link(self, options: SepaOptions, request: PledgeRequest) -> PledgeLink:
        reference = self._reference(options, request)
        payload = self._payload(options, request)
        transfer = BankTransfer(
            beneficiary=options.beneficiary,
            iban=grouped(options.iban),
            bic=options.bic,
            amount=request.amount,
            currency=request.currency,
            reference=reference,
            payload=payload,
        )
        return PledgeLink(self.name, options.label or self.label, None, transfer)
