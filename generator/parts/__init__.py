"""The parts a site is built in: each campaign on its own, the listings, the shared files.

Each part knows what it is made from (a key), so that an unchanged part keeps its files.
"""
