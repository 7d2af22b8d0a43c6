"""Run the command-line interface with `python -m pledgekit`."""

from pledgekit.cli import main

main()
