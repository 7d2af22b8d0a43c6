"""`pledgekit theme new`: a theme folder that builds as it is and shows, in comments, how to
change a colour, a component and a page."""

from __future__ import annotations

from pathlib import Path

THEME_YAML = """\
# {name}: a pledgekit theme. docs/themes.md is the designer's guide.
name: {name}
description: A theme that extends {parent}.
# Templates and static files not found here come from this theme (and its parents).
extends: {parent}
# Options a site can set in site.yaml under theme_options. The parent's options stay
# available; declaring one here again changes its default or description for this theme.
options:
  banner:
    type: text
    description: A line of text shown above every page (leave empty for none).
    default: ""
  # accent:
  #   type: color
  #   css: --color-accent
  #   default: "#8a1c7c"
  #   description: Buttons, links and the progress bar.
"""

THEME_CSS = """\
/* {name}: loaded after the stylesheets of the themes it extends, on every page.
   Change the custom properties listed at the top of that file, or add rules. */
:root {{
  /* --color-accent: #8a1c7c; */
  /* --font-heading: Georgia, "Times New Roman", serif; */
}}

.theme-banner {{
  margin: 0;
  padding: 0.5rem 1rem;
  text-align: center;
  background: var(--color-accent-soft);
}}
"""

BASE_HTML = """\
{{#- This page frame extends the parent theme's own base.html ("@{parent}/base.html") and
    fills one of its blocks: the banner option appears above the header. The frame's blocks
    are banner, title, description, canonical, head, header, main and footer; the pages fill
    title, description, head and main themselves. Delete this file to use the parent's frame
    as it is. -#}}
{{% extends "@{parent}/base.html" %}}
{{% block banner %}}
{{% if theme.options.banner %}}<p class="theme-banner">{{{{ theme.options.banner }}}}</p>{{% endif %}}
{{% endblock %}}
"""

COMPONENT_README = """\
Override one component by copying it here from the parent theme's templates/components/
and editing the copy: every page that uses it picks up yours. Each component's first lines
say what it receives. `pledgekit theme context` lists what every template receives.
"""


def new_theme(folder: Path, name: str, parent: str) -> list[Path]:
    """Write a new theme into `folder` (which must not exist); the files written."""
    if folder.exists():
        raise FileExistsError(f"{folder} already exists; choose another name or remove it")
    files = {
        "theme.yaml": THEME_YAML.format(name=name, parent=parent),
        f"static/themes/{name}.css": THEME_CSS.format(name=name),
        "templates/base.html": BASE_HTML.format(parent=parent),
        "templates/components/README.txt": COMPONENT_README,
    }
    written = []
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
