"""Render pages into bytes, one at a time."""

from __future__ import annotations

import json
import re
import traceback
from dataclasses import replace

import jinja2

from pledgekit.model.site import SiteConfig
from pledgekit.plan.outputs import Page
from pledgekit.problems import ContentErrors, Problem
from pledgekit.render.page_policy import with_remote_images


def _template_problem(error: Exception, page_path: str) -> Problem:
    """Point at the template line that failed (Jinja keeps template frames in the traceback)."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        file = error.filename or error.name or "template"
        return Problem(file, error.lineno, 1, "", f"template syntax error: {error.message}")
    file, line = "template", 1
    for frame, frame_line in traceback.walk_tb(error.__traceback__):
        name = frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt")):
            file, line = name, frame_line
    message = (
        f"{type(error).__name__}: {error}"
        if not isinstance(error, jinja2.TemplateError)
        else str(error)
    )
    return Problem(file, line, 1, "", f"while rendering {page_path}: {message}")


def merge_template_problems(problems: list[Problem]) -> list[Problem]:
    """One theme mistake breaks every page that uses the template: say so once, with a count."""
    merged: dict[tuple, tuple[Problem, int]] = {}
    others = []
    for problem in problems:
        found = re.match(r"while rendering (\S+): (.*)", problem.message, re.DOTALL)
        if not found:
            others.append(problem)
            continue
        key = (problem.file, problem.line, found.group(2))
        first, count = merged.get(key, (problem, 0))
        merged[key] = (first, count + 1)
    for first, count in merged.values():
        if count > 1:
            page, rest = re.match(r"while rendering (\S+): (.*)", first.message, re.DOTALL).groups()  # type: ignore[union-attr]
            message = f"while rendering {page} (and {count - 1} other pages): {rest}"
            first = replace(first, message=message)
        others.append(first)
    return others


# What render_page gives every template (`pledgekit theme context` lists them).
EVERY_PAGE: dict[str, tuple[object, str]] = {
    "site": (SiteConfig, "The settings of site.yaml."),
    "page": (Page, "The file being written."),
}


def render_page(environment: jinja2.Environment, site: SiteConfig, page: Page) -> bytes:
    """One page as bytes; a theme's mistake is reported like a content error."""
    try:
        template = environment.get_template(page.template)
        language = environment.globals.get("language", site.language)
        text = template.render(site=site.in_language(language), page=page, **page.context)
    except Exception as error:
        raise ContentErrors([_template_problem(error, page.path)]) from None
    if page.template.endswith(".html"):
        text = with_remote_images(text)
    return text.encode("utf-8")


def json_bytes(data: object) -> bytes:
    """Public JSON: stable key order, two-space indent, UTF-8, a final newline."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
