"""Decide every file the site will have and the plain data each one is made from: the views
templates are given (views), a campaign's at one moment (campaign), the window a built page stays
right in (window), the orderings and pages of lists (listings), the template contract (contract),
the output files (outputs), the JSON figures (export), a language's direction (language)."""
