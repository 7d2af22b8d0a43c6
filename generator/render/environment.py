"""The Jinja environment: theme lookup, autoescaping, gettext, filters and link helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypedDict
from urllib.parse import urlsplit

import jinja2
from babel import Locale
from babel.support import NullTranslations
from markupsafe import Markup

from pledgekit import __version__
from pledgekit.formatting import Formatter
from pledgekit.model.site import SiteConfig
from pledgekit.pictures import image_size
from pledgekit.plan.language import text_direction
from pledgekit.render.catalogs import load_translations
from pledgekit.render.page_policy import (
    REFERRER_POLICY,
    content_security_policy,
    origin,
    source_hash,
)
from pledgekit.render.qr import qr_code
from pledgekit.render.structured_data import og_locale, page_data, script
from pledgekit.render.themes import Theme
from pledgekit.render.urls import absolute_url, relative_url
from pledgekit.slugs import name_slug


def quick_gettext(
    translations: NullTranslations, number: Callable[[int], str] = str
) -> dict[str, object]:
    """gettext, ngettext, pgettext and npgettext as Jinja's i18n extension defines them
    (newstyle: the result is markup and always a format string), with a message without
    variables looked up once, not on every call.

    pgettext tells apart one English word with two meanings ("Next" stretch goal, "Next" page).
    The counting ones write the count with `number` (the page locale's grouping and digits:
    1,234; ١٬٢٣٤), whether the message says %(num)s or %(num)d."""
    messages = QuickGettext(translations, number)
    return {
        "_": messages.gettext,
        "gettext": messages.gettext,
        "ngettext": messages.ngettext,
        "pgettext": messages.pgettext,
        "npgettext": messages.npgettext,
    }


class QuickGettext:
    """One catalog's messages for templates (see quick_gettext), and the messages without
    variables already looked up. The template functions have no docstring on purpose: `pledgekit
    theme context` describes them with examples of its own."""

    def __init__(self, translations: NullTranslations, number: Callable[[int], str]):
        self.translations = translations
        self.number = number
        self.found: dict[tuple[str, str, bool], str] = {}

    @jinja2.pass_context
    def gettext(self, context: jinja2.runtime.Context, message: str, **variables: object) -> str:
        return self.pgettext(context, "", message, **variables)

    @jinja2.pass_context
    def pgettext(
        self,
        context: jinja2.runtime.Context,
        message_context: str,
        message: str,
        **variables: object,
    ) -> str:
        key = (message_context, message, context.eval_ctx.autoescape)
        if not variables and key in self.found:
            return self.found[key]
        text = (
            self.translations.pgettext(message_context, message)
            if message_context
            else self.translations.gettext(message)
        )
        result = _filled_in(context, text, variables)
        if not variables:
            self.found[key] = result
        return result

    @jinja2.pass_context
    def ngettext(
        self,
        context: jinja2.runtime.Context,
        singular: str,
        plural: str,
        num: int,
        **variables: object,
    ) -> str:
        text = self.translations.ngettext(singular, plural, num)
        return self._counted(context, text, num, variables)

    @jinja2.pass_context
    def npgettext(
        self,
        context: jinja2.runtime.Context,
        message_context: str,
        singular: str,
        plural: str,
        num: int,
        **variables: object,
    ) -> str:
        text = self.translations.npgettext(message_context, singular, plural, num)
        return self._counted(context, text, num, variables)

    def _counted(
        self, context: jinja2.runtime.Context, text: str, num: int, variables: dict[str, object]
    ) -> str:
        """The message with its count written in the page locale's digits, unless the template
        gives `num` itself."""
        if "num" not in variables:
            variables["num"] = self.number(num)
            text = text.replace("%(num)d", "%(num)s")
        return _filled_in(context, text, variables)


def _filled_in(context: jinja2.runtime.Context, text: str, variables: dict[str, object]) -> str:
    """The message with its variables put in, as markup when the template autoescapes (the
    variables are then escaped)."""
    return (Markup(text) if context.eval_ctx.autoescape else text) % variables


def isoformat(moment: datetime) -> str:
    """'2026-11-08T09:00:00+01:00': for <time datetime="…">."""
    return moment.isoformat()


class ThemeInfo(TypedDict):
    """The site's theme, as templates see it."""

    name: str  # the theme's name, as site.yaml gives it
    options: dict[str, Any]  # every option's value: site.yaml's theme_options, else the default
    custom_properties: str  # CSS for options that differ from the stylesheet's values, or ''
    stylesheets: list[str]  # static/themes/NAME.css of each theme in the chain, parents first
    logo_size: tuple[int, int] | None  # the logo option's picture's width and height, if known
    campaign_sections: list[str]  # theme.yaml's campaign page sections (campaign_sections/)


# The values every template gets from the environment (`pledgekit theme context` lists them).
TEMPLATE_GLOBALS: dict[str, tuple[Any, str]] = {
    "theme": (ThemeInfo, "The site's theme and its option values."),
    "static_files": (
        frozenset[str],
        "The names of all static files (under static/), to use a file only when it exists.",
    ),
    "generator_version": (str, "pledgekit's version, for the generator meta tag."),
    "referrer_policy": (str, 'The pages\' referrer policy, for <meta name="referrer">.'),
    "text_direction": (
        str,
        "'ltr' or 'rtl': the direction of the page's language, for <html dir>.",
    ),
    "language": (str, "The page's language (BCP 47 tag), for <html lang>: one of the site's."),
    "home_path": (
        str,
        "The site path of the page's language's home page: '' or 'fr/' (`url(home_path)`).",
    ),
}


class ThemeLoader(jinja2.BaseLoader):
    """The site's templates, then the theme's, then its parents'; `@NAME/page.html` is one
    theme's own version (see generator.render.themes). A missing template says where it
    was looked for."""

    def __init__(self, theme: Theme):
        self.folders = theme.template_folders
        self.chain = jinja2.FileSystemLoader([str(folder) for folder in self.folders])
        self.named_folders = theme.named_template_folders()
        self.named = {
            f"@{name}": jinja2.FileSystemLoader([str(folder) for folder in folders])
            for name, folders in self.named_folders.items()
        }

    def get_source(self, environment: jinja2.Environment, template: str):
        prefix, _, rest = template.partition("/")
        if prefix.startswith("@"):
            loader = self.named.get(prefix)
            if loader is None:
                known = ", ".join(sorted(self.named))
                raise jinja2.TemplateNotFound(
                    template, f"no theme '{prefix[1:]}' to take '{rest}' from; known: {known}"
                )
            folders = self.named_folders[prefix[1:]]
            template = rest
        else:
            loader, folders = self.chain, self.folders
        try:
            return loader.get_source(environment, template)
        except jinja2.TemplateNotFound:
            tried = ", ".join(str(folder) for folder in folders) or "(no template folders)"
            raise jinja2.TemplateNotFound(
                template, f"template '{template}' not found; looked in: {tried}"
            ) from None


class Alternate(TypedDict):
    """The page in one of the site's languages."""

    language: str  # its BCP 47 tag, for hreflang and lang
    name: str  # the language's name in itself: English, Français, العربية
    url: str  # a link to it from this page
    href: str  # its public address
    current: bool  # it is this page
    direction: str  # 'ltr' or 'rtl'


def language_name(language: str) -> str:
    """The language's name in itself, as a language menu shows it: 'Français', 'العربية'."""
    locale = Locale.parse(language.replace("-", "_"))
    name = locale.get_display_name(locale) or language
    return name[:1].upper() + name[1:]


def make_environment(
    theme: Theme, site: SiteConfig, language: str | None = None
) -> jinja2.Environment:
    """The environment of the pages in `language` (the site's main language when None)."""
    language = language or site.language
    environment = _theme_environment(theme)
    formatter = Formatter(language, site.timezone)
    translations = load_translations(theme.locale_folders, language)
    environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    environment.globals.update(quick_gettext(translations, formatter.number))
    environment.filters.update(_formatting_filters(formatter))
    links = PageLinks(site, language)
    names = CategoryNames(site, language)
    custom_properties = theme.custom_properties()
    policy = PagePolicy(custom_properties)
    environment.filters["term"] = names.term
    environment.globals.update(
        name_marks=names.name_marks,
        url=links.url,
        absolute_url=links.absolute,
        structured_data=links.structured_data,
        content_security_policy=policy.content_security_policy,
        referrer_policy=REFERRER_POLICY,
        generator_version=__version__,
        language=language,
        home_path=links.own_prefix,
        alternates=links.alternates,
        text_direction=formatter.locale.text_direction,
        static_files=frozenset(theme.static_files()),
        theme=_theme_info(theme, language, custom_properties),
    )
    return environment


def _theme_environment(theme: Theme) -> jinja2.Environment:
    """A Jinja environment reading the theme's templates, with pledgekit's settings: HTML,
    XML and SVG escaped, an undefined variable an error, gettext, tidy whitespace."""
    return jinja2.Environment(
        loader=ThemeLoader(theme),
        autoescape=jinja2.select_autoescape(["html", "xml", "htm", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build reads each template once; no stat per page
    )


def _formatting_filters(formatter: Formatter) -> dict[str, Callable[..., Any]]:
    """The filters that write money, numbers, dates and names in the page's locale, and the
    other filters that need no page."""
    return {
        "money": formatter.money,
        "rate": formatter.rate,
        "number": formatter.number,
        "percent": formatter.percent,
        "list_of": formatter.list_of,
        "country": formatter.country,
        "language_name": formatter.language,
        "date": formatter.date,
        "datetime": formatter.datetime,
        "deadline": formatter.deadline,
        "last_day": formatter.last_day,
        "opening": formatter.opening,
        "month": formatter.month,
        "local": formatter.local,
        "isoformat": isoformat,
        "qr_code": qr_code,
        "og_locale": og_locale,
        "name_slug": name_slug,
    }


class PageLinks:
    """Links from the pages in one language: to a site path, to a public address, to the
    same page in the site's other languages, and the page's JSON-LD."""

    def __init__(self, site: SiteConfig, language: str):
        self.site = site
        self.language = language
        self.site_path = urlsplit(site.base_url).path
        self.own_prefix = site.language_prefix(language)
        self.others = [
            (
                tag,
                site.language_prefix(tag),
                language_name(tag),
                Locale.parse(tag.replace("-", "_")),
            )
            for tag in site.all_languages
        ]

    @jinja2.pass_context
    def url(self, context: jinja2.runtime.Context, target: str) -> str:
        """A link from this page to a site path: url('campaigns/lamp/') on a campaign page is
        '../../campaigns/lamp/index.html', which works from disk and under any path."""
        # A 404 page is served at whatever address was missing, so its links start at the root.
        if context.get("root_relative_links") and "://" not in target:
            return self.site_path + target
        return relative_url(target, context["page"].path)

    def absolute(self, target: str) -> str:
        """The public address of a site path, from base_url: for canonical links and feeds."""
        return absolute_url(target, self.site.base_url)

    @jinja2.pass_context
    def alternates(self, context: jinja2.runtime.Context) -> list[Alternate]:
        """The page in each of the site's languages, for hreflang links and a language menu:
        {language, name (in itself), url, href (absolute), current, direction} each; none
        for a site in one language."""
        path = context["page"].path
        own_prefix = self.own_prefix
        if (
            len(self.others) < 2
            or context.get("root_relative_links")
            or not path.startswith(own_prefix)
        ):
            return []
        rest = path[len(own_prefix) :]
        return [
            Alternate(
                language=tag,
                name=name,
                url=relative_url(prefix + rest, path),
                href=absolute_url((prefix + rest).removesuffix("index.html"), self.site.base_url),
                current=tag == self.language,
                direction=locale.text_direction,
            )
            for tag, prefix, name, locale in self.others
        ]

    @jinja2.pass_context
    def structured_data(self, context: jinja2.runtime.Context) -> Markup:
        """The page's JSON-LD script: its campaign (a schema.org Project), update (a
        BlogPosting), or itself as a page of the WebSite."""
        page = context["page"]
        data = page_data(page, context["site"], self.absolute, self.own_prefix, self.language)
        return script(data)


class CategoryNames:
    """Category and tag names on the pages in one language."""

    def __init__(self, site: SiteConfig, language: str):
        self.site = site
        self.language = language

    def term(self, name: str) -> str:
        """A category or tag name in the page's language (site.yaml's translations), or as
        campaigns write it."""
        return self.site.name_in(self.language, name) or name

    def name_marks(self, name: str, written_in: str) -> Markup:
        """` lang dir` for a category or tag name shown as written in `written_in` (the
        campaign's language) on a page in another; '' when it is in the page's language."""
        if not written_in or written_in == self.language or self.site.name_in(self.language, name):
            return Markup("")
        return Markup(' lang="{}" dir="{}"').format(written_in, text_direction(written_in))


class PagePolicy:
    """The Content-Security-Policy of the pages, which allows the theme options' <style>."""

    def __init__(self, custom_properties: str):
        self.own_styles = [source_hash(custom_properties)] if custom_properties else []

    @jinja2.pass_context
    def content_security_policy(
        self,
        context: jinja2.runtime.Context,
        scripts: tuple[str, ...] = (),
        styles: tuple[str, ...] = (),
        images: tuple[str, ...] = (),
        connect: tuple[str, ...] = (),
        frames: tuple[str, ...] = (),
    ) -> Markup:
        """The page's Content-Security-Policy: the site's own files; the theme options'
        <style> by its hash; the campaign's live totals address; plus the hashes and https://
        origins given (scripts, styles, images, connect, frames); see docs/themes.md."""
        live = getattr(getattr(context.get("campaign"), "data", None), "live_totals", None)
        live_origin = origin(live.url) if live is not None else None
        policy = content_security_policy(
            scripts=scripts,
            styles=[*self.own_styles, *styles],
            images=images,
            connect=[*([live_origin] if live_origin else []), *connect],
            frames=frames,
        )
        return Markup(policy)  # hashes and origins only: no quote, '<' or '&'


def _theme_info(theme: Theme, language: str, custom_properties: str) -> ThemeInfo:
    """The site's theme as templates see it, with its options in `language`."""
    return ThemeInfo(
        name=theme.name,
        options=theme.options_in(language),
        custom_properties=Markup(custom_properties),  # checked CSS tokens only
        stylesheets=theme.stylesheets(),
        logo_size=_picture_size(theme, theme.options.get("logo")),
        campaign_sections=theme.campaign_sections,
    )


def _picture_size(theme: Theme, name: str | None) -> tuple[int, int] | None:
    """A static picture's width and height in whole pixels, for <img width height>."""
    file = theme.static_files().get(name) if name else None
    size = image_size(file) if file is not None else None
    return (round(size[0]), round(size[1])) if size else None
