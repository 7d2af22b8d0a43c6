"""pledgekit: static crowdfunding sites from YAML and Markdown."""

__version__ = "0.1.0"
