"""Themes, the Jinja environment and turning a site plan into files."""
