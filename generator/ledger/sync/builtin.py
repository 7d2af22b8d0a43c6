"""The sync sources pledgekit ships, imported here so that each registers itself (one line
each; a source outside pledgekit registers the same way when its module is imported)."""

from pledgekit.ledger.sync import (
    donorbox,  # noqa: F401
    every_org,  # noqa: F401
    github_sponsors,  # noqa: F401
    liberapay,  # noqa: F401
    open_collective,  # noqa: F401
    paypal,  # noqa: F401
    stripe,  # noqa: F401
)
