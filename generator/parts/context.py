"""What every part of a build shares (BuildContext), and what each process builds with
(Workshop): the context and the tools it makes once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from pledgekit.cache import BuildCache, CacheMemory
from pledgekit.load.content import FolderListings
from pledgekit.load.markdown_render import MarkdownRenderer
from pledgekit.model.site import SiteConfig
from pledgekit.render.environment import make_environment
from pledgekit.render.themes import Theme
from pledgekit.validate.pledges import PledgeOptionChecked


@dataclass(kw_only=True)
class BuildContext:
    source: Path
    config: SiteConfig | None  # None when site.yaml has errors: campaigns are checked, not built
    usable_config: SiteConfig  # good enough to check campaigns with
    defaults: list[PledgeOptionChecked]
    theme: Theme | None
    now: datetime
    content_key: str  # digest of what every campaign's validation depends on (site.yaml, code)
    page_key: str  # ... and of what every page depends on besides (templates, translations)
    cache: BuildCache
    drafts: bool = False  # build what is marked draft too (marked DRAFT on the pages)

    @property
    def can_render(self) -> bool:
        return self.config is not None and self.theme is not None


class Environments:
    """The Jinja environments of a site's languages, with the templates they compiled, kept
    for as long as nothing they are made from changes (the page key): `pledgekit serve` keeps
    one across its builds, so it compiles once."""

    def __init__(self) -> None:
        self._page_key = ""
        self._made: dict[str, jinja2.Environment] = {}  # language -> its environment
        self._strings: dict[tuple[str, str], jinja2.Template] = {}  # (language, source) -> it

    def for_language(self, context: BuildContext, language: str) -> jinja2.Environment:
        self._forget_unless(context.page_key)
        if language not in self._made:
            assert context.theme is not None and context.config is not None
            self._made[language] = make_environment(context.theme, context.config, language)
        return self._made[language]

    def from_string(self, context: BuildContext, language: str, source: str) -> jinja2.Template:
        """A small template of the environment of `language`, compiled once."""
        environment = self.for_language(context, language)
        if (language, source) not in self._strings:
            self._strings[language, source] = environment.from_string(source)
        return self._strings[language, source]

    def _forget_unless(self, page_key: str) -> None:
        if page_key != self._page_key:
            self._page_key, self._made, self._strings = page_key, {}, {}

    def __getstate__(self) -> dict[str, Any]:
        """A worker that is sent one (not forked) compiles its own."""
        return Environments().__dict__


@dataclass
class KeptBetweenBuilds:
    """All a process keeps from one build for its next build of the same site, in one object
    whose owner decides how long it lives: `pledgekit serve` holds one for as long as it
    serves; a plain build() uses build.py's, for the life of the process. Each part is checked
    before it is used (templates by the page key, listings and states by their stamps), so
    whatever it holds never makes a page differ from a cold build's."""

    environments: Environments = field(default_factory=Environments)  # compiled templates
    caches: CacheMemory = field(default_factory=CacheMemory)  # saved states, background work
    listings: FolderListings = field(default_factory=FolderListings)  # campaigns/ listings


class Workshop:
    """What one process builds with: the build's context, and the tools it makes once for
    itself (a Markdown converter, the Jinja environments). Made by the Workers' setup, in each
    process, for one build."""

    def __init__(self, context: BuildContext, environments: Environments | None = None):
        self.context = context
        self.environments = environments if environments is not None else Environments()

    @classmethod
    def maker(cls, environments: Environments | None) -> Callable[[BuildContext], Workshop]:
        """The Workers' setup: a workshop for the context, with these environments."""
        return functools.partial(cls, environments=environments)

    @functools.cached_property
    def renderer(self) -> MarkdownRenderer:
        """One Markdown converter per process, reset between documents."""
        return MarkdownRenderer(trust_html=self.context.usable_config.trust_html)

    @property
    def environment(self) -> jinja2.Environment:
        """The Jinja environment of the site's main language."""
        assert self.context.config is not None
        return self.environment_for(self.context.config.language)

    def environment_for(self, language: str) -> jinja2.Environment:
        """The Jinja environment of one of the site's languages, with its compiled templates."""
        return self.environments.for_language(self.context, language)

    def template_from_string(self, language: str, source: str) -> jinja2.Template:
        return self.environments.from_string(self.context, language, source)
