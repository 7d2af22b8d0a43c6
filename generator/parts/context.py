"""What every part of a build shares, and the tools each process makes once for itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pledgekit.cache import BuildCache
from pledgekit.load.markdown_render import MarkdownRenderer
from pledgekit.model.site import SiteConfig
from pledgekit.render.themes import Theme
from pledgekit.validate.pledges import PledgeOptionChecked


@dataclass
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
    _tools: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def can_render(self) -> bool:
        return self.config is not None and self.theme is not None

    @property
    def renderer(self) -> MarkdownRenderer:
        """One Markdown converter per process, reset between documents."""
        if "markdown" not in self._tools:
            self._tools["markdown"] = MarkdownRenderer(trust_html=self.usable_config.trust_html)
        return self._tools["markdown"]

    @property
    def environment(self):
        """The Jinja environment of the site's main language."""
        assert self.config is not None
        return self.environment_for(self.config.language)

    def environment_for(self, language: str):
        """The Jinja environment of one of the site's languages, with its compiled templates:
        kept by this process for as long as nothing it is made from changes (page_key), so a
        server compiles once."""
        key = (self.page_key, language)
        if key not in _ENVIRONMENTS:
            from pledgekit.render.environment import make_environment

            assert self.theme is not None and self.config is not None
            for old in [old for old in _ENVIRONMENTS if old[0] != self.page_key]:
                del _ENVIRONMENTS[old]
            _ENVIRONMENTS[key] = make_environment(self.theme, self.config, language)
        return _ENVIRONMENTS[key]

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_tools": {}}


_current: BuildContext | None = None
_ENVIRONMENTS: dict[tuple[str, str], Any] = {}


def install(context: BuildContext) -> None:
    """Make `context` the one this process builds with (a worker's initializer)."""
    global _current
    _current = context


def current() -> BuildContext:
    assert _current is not None, "install() a build context first"
    return _current
