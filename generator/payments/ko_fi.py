"""Ko-fi pages: https://ko-fi.com/<user>, where the backer types the amount."""

from __future__ import annotations

import re
from urllib.parse import quote

from pydantic import Field, field_validator

from pledgekit.payments.options import ProcessorOptions
from pledgekit.payments.registry import PledgeRequest, Processor

_USER = re.compile(r"[A-Za-z0-9_-]+")


class KoFiOptions(ProcessorOptions):
    user: str = Field(description="Your Ko-fi page name: https://ko-fi.com/<user>.")

    @field_validator("user")
    @classmethod
    def _user(cls, value: str) -> str:
        if not _USER.fullmatch(value):
            raise ValueError(
                "Ko-fi page names are letters, digits, '-' or '_', "
                f"as in https://ko-fi.com/<name>, got {value!r}"
            )
        return value


class KoFi(Processor):
    name = "ko_fi"
    label = "Ko-fi"
    Options = KoFiOptions
    takes_amount = False  # Ko-fi documents no amount parameter

    def url(self, options: KoFiOptions, request: PledgeRequest) -> str:
        return "https://ko-fi.com/" + quote(options.user, safe="")
