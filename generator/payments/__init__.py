"""Payment processors reached by plain links, one module each, behind a registry."""

from pledgekit.payments import (  # noqa: F401  (they register)
    buy_me_a_coffee,
    donorbox,
    every_org,
    github_sponsors,
    gumroad,
    ko_fi,
    lemon_squeezy,
    liberapay,
    link,
    open_collective,
    paypal,
    paypal_me,
    sepa,
    stripe,
)
from pledgekit.payments.registry import (
    PledgeLink,
    PledgeRequest,
    Processor,
    get_processor,
    processor_names,
    register,
)

__all__ = [
    "PledgeLink",
    "PledgeRequest",
    "Processor",
    "get_processor",
    "processor_names",
    "register",
]
