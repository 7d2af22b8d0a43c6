"""QR codes drawn at build time as inline SVG, for templates: the `qr_code` filter."""

from __future__ import annotations

import io

import segno
from markupsafe import Markup, escape

SCALE = 4  # pixels per module, for the width and height a page shows without a stylesheet
BORDER = 4  # the quiet zone the QR standard asks for, in modules


def qr_code(text: str, label: str, css_class: str = "qr-code") -> Markup:
    """The text as a QR code, drawn at build time as inline SVG named by `label` for screen
    readers (an image with that aria-label and title), in the CSS class `css_class`.

    In a template: {{ address|qr_code(_("QR code to this campaign's page"), "poster__qr") }}
    """
    # Level M: what the EPC standard asks of a transfer code, and enough for a printed sheet.
    code = segno.make_qr(str(text), error="m", boost_error=False, encoding="utf-8")
    # `label` may come from gettext as markup, its variables escaped; segno escapes the text
    # again, so it gets the plain text.
    plain = label.unescape() if isinstance(label, Markup) else str(label)
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,  # a viewBox only, so that a stylesheet can size the code
        scale=SCALE,
        border=BORDER,
        title=plain,
        svgclass=css_class,
        lineclass=None,
        dark="#000",
        light="#fff",
        nl=False,
    )
    size = code.symbol_size(scale=SCALE, border=BORDER)[0]
    attributes = f'role="img" aria-label="{escape(plain)}" width="{size}" height="{size}"'
    # segno escapes the one text it writes (the title); the rest is its own markup.
    svg = buffer.getvalue().decode("utf-8")
    return Markup(svg.replace("<svg ", f"<svg {attributes} ", 1))
