"""Text that `pledgekit init` and `pledgekit new` wrote for the creator to replace: a warning
wherever it is left, so that a --strict build (the GitHub workflow's) never publishes a pledge
link to a made-up PayPal name or a story that says "Say what it is"."""

from __future__ import annotations

import os
from pathlib import Path

from pledgekit.load.front_matter import MarkdownSource
from pledgekit.load.yaml_source import SourceDocument
from pledgekit.problems import Problem, Severity
from pledgekit.safe_read import FileRefused, read_regular_file
from pledgekit.validate.raw import text_values

# Values of site.yaml, campaign.yaml and update front matter, as the scaffolds write them.
EXAMPLE_VALUES = frozenset(
    {
        "YourPayPalName",
        "One sentence about the site, for search engines and link previews.",
        "One sentence that says what you are making and why it matters.",
        "Describe the picture for someone who cannot see it.",
        "Your name, or your team's",
        "Your town, your country",
        "A few lines about who you are and what you have made before.",
        "What a backer of this tier receives, in a sentence or two.",
        "The first thing it includes",
        "One sentence for the list of updates and for link previews.",
    }
)
# The first words of the scaffolds' Markdown paragraphs (story.md, risks.md, an update).
EXAMPLE_PARAGRAPHS = (
    "Say what it is, who it is for and why it matters to you",
    "Say what the goal pays for, and what happens if you raise more.",
    "Say what you have made before, and why backers can trust you",
    "What could delay or stop the project (suppliers, certification, shipping, health)",
    "Write the update here in Markdown.",
)
# Drawn in the placeholder hero.svg.
EXAMPLE_PICTURE = b">Your picture here</text>"

MESSAGE = "still the example text from pledgekit; write your own before publishing"


def example_values(document: SourceDocument) -> list[Problem]:
    """A warning at each value left as the scaffold wrote it."""
    return [
        document.problem(path, MESSAGE, severity=Severity.WARNING)
        for path, text in text_values(document.data)
        if text.strip() in EXAMPLE_VALUES
    ]


def example_paragraphs(markdown: MarkdownSource) -> list[Problem]:
    """A warning at each line of the body that starts a scaffold's paragraph."""
    return [
        Problem(
            markdown.meta.file,
            markdown.body_first_line + number,
            1,
            "",
            MESSAGE,
            Severity.WARNING,
        )
        for number, line in enumerate(markdown.body.splitlines())
        if line.strip().startswith(EXAMPLE_PARAGRAPHS)
    ]


def example_picture(document: SourceDocument, folder: Path) -> list[Problem]:
    """A warning when the hero image is still the placeholder picture."""
    image = document.data.get("image") if isinstance(document.data, dict) else None
    source = image.get("src") if isinstance(image, dict) else None
    if not isinstance(source, str) or "://" in source:
        return []
    try:
        drawn = read_regular_file(folder / source, root=os.path.realpath(folder))
    except (FileRefused, OSError, ValueError):
        return []  # a missing or refused file is reported where files are checked
    if EXAMPLE_PICTURE not in drawn:
        return []
    message = "still the example picture from pledgekit; use your own (16:9)"
    return [document.problem(("image", "src"), message, severity=Severity.WARNING)]
