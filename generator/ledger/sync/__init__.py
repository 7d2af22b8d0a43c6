"""`pledgekit ledger sync`: read payments from processors' APIs into the campaigns' ledgers.

Kept light on purpose: the loader imports the record of reads (state) without the sources'
SDKs."""
