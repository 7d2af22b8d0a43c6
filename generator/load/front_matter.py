"""Markdown files with an optional YAML front matter block between `---` lines."""

from __future__ import annotations

from dataclasses import dataclass

from pledgekit.load.yaml_source import SourceDocument, parse_yaml
from pledgekit.problems import Problem


@dataclass
class MarkdownSource:
    """A Markdown file split into its front matter and its body."""

    meta: SourceDocument
    body: str
    body_first_line: int


def parse_front_matter(text: str, file: str) -> tuple[MarkdownSource, list[Problem]]:
    """Split front matter from the body; the front matter must be a mapping when present."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return MarkdownSource(SourceDocument(file, {}), text, 1), []
    index = next((i for i, line in enumerate(lines) if i and line.strip() in ("---", "...")), None)
    if index is None:
        problem = Problem(file, 1, 1, "", "front matter opened with '---' is never closed")
        return MarkdownSource(SourceDocument(file, {}), "", 1), [problem]
    meta, problems = parse_yaml("".join(lines[1:index]), file, line_offset=1)
    if meta.data is not None and not isinstance(meta.data, dict):
        problems.append(Problem(file, 2, 1, "", "front matter must be a mapping of fields"))
        meta.data = None
    body = "".join(lines[index + 1 :])
    return MarkdownSource(meta, body, index + 2), problems
