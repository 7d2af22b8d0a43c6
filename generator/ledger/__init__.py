"""Totals from processor exports: importers turn CSV exports into ledger rows; the ledger file
beside a campaign keeps them, merged so that re-importing changes nothing."""
