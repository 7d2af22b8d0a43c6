"""Render a site plan into (path, bytes) pairs, page by page."""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterator

import jinja2

from generator.plan import SitePlan
from generator.problems import ContentErrors, Problem
from generator.render.environment import make_environment
from generator.render.themes import Theme


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


def render_site(plan: SitePlan, theme: Theme) -> Iterator[tuple[str, bytes]]:
    """Every generated file of the site (copied files excepted), in a stable order."""
    environment = make_environment(theme, plan.site)
    for page in plan.pages:
        try:
            template = environment.get_template(page.template)
            text = template.render(site=plan.site, page=page, now=plan.now, **page.context)
        except Exception as error:  # a theme's mistake is reported like a content error
            raise ContentErrors([_template_problem(error, page.path)]) from None
        yield page.path, text.encode("utf-8")
    for path, data in plan.data_files.items():
        yield (
            path,
            (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"),
        )
    for path, text in plan.text_files.items():
        yield path, text.encode("utf-8")
