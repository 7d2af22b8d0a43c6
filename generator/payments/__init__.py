"""Payment processors reached by plain links, one module each, behind a registry."""

from generator.payments import link, paypal, paypal_me, stripe  # noqa: F401  (they register)
from generator.payments.registry import (
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
