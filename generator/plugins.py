"""Plug-ins found through Python entry points, as MkDocs' and Pelican's are.

pledgekit's own processors, importers, sync sources and themes are registered exactly as a
third party's are, in pyproject.toml:

    [project.entry-points."pledgekit.processors"]
    stripe = "pledgekit.payments.stripe:Stripe"

so an installed package that declares an entry point in one of these groups is a peer of the
built-in ones. Each group is read once per process, on first use; a plug-in that cannot be
loaded, or is not what its group holds, stops the command with a message naming the package
that declared it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar

PROCESSORS = "pledgekit.processors"
IMPORTERS = "pledgekit.importers"
SYNC_SOURCES = "pledgekit.sync_sources"
THEMES = "pledgekit.themes"
GROUPS = (PROCESSORS, IMPORTERS, SYNC_SOURCES, THEMES)

Plugin = TypeVar("Plugin")


class PluginError(Exception):
    """A plug-in that cannot be used: the message names it and the package that declared it."""


def _origin(entry_point: EntryPoint) -> str:
    distribution = entry_point.dist
    package = f"{distribution.name} {distribution.version}" if distribution else "unknown package"
    return f"'{entry_point.name}' = '{entry_point.value}' (declared by {package})"


class Registry(Generic[Plugin]):
    """The plug-ins of one entry-point group, by name.

    `accept(name, loaded)` turns what an entry point names into the plug-in, or raises
    TypeError/ValueError saying why it cannot be one (for a processor: not a Processor
    subclass, or a class that calls itself by another name).
    """

    def __init__(self, group: str, kind: str, accept: Callable[[str, object], Plugin]):
        self.group = group
        self.kind = kind  # for messages: "processor", "theme", …
        self.accept = accept
        self._plugins: dict[str, Plugin] | None = None
        self._declared: dict[str, EntryPoint] = {}

    def _loaded(self) -> dict[str, Plugin]:
        if self._plugins is None:
            plugins: dict[str, Plugin] = {}
            for entry_point in sorted(entry_points(group=self.group), key=lambda e: e.name):
                before = self._declared.get(entry_point.name)
                if before is not None and before.value != entry_point.value:
                    raise PluginError(
                        f"two {self.kind} plug-ins share a name: {_origin(before)} and "
                        f"{_origin(entry_point)}; uninstall one of them"
                    )
                self._declared[entry_point.name] = entry_point
                try:
                    plugins[entry_point.name] = self.accept(entry_point.name, entry_point.load())
                except (ImportError, AttributeError, TypeError, ValueError) as error:
                    raise PluginError(
                        f"the {self.kind} plug-in {_origin(entry_point)} cannot be used: {error}"
                    ) from error
            self._plugins = plugins
        return self._plugins

    def add(self, name: str, plugin: object) -> None:
        """Register a plug-in from code already running (a test, a script), under the same
        checks as an entry point's."""
        plugins = self._loaded()
        if name in plugins:
            raise PluginError(f"a {self.kind} named '{name}' is registered already")
        plugins[name] = self.accept(name, plugin)

    def remove(self, name: str) -> None:
        """Forget a plug-in added with add()."""
        self._loaded().pop(name, None)

    def get(self, name: str) -> Plugin | None:
        return self._loaded().get(name)

    def package(self, name: str) -> str | None:
        """The package (name and version) whose entry point declared `name`; None for a
        plug-in added in code, or none of that name."""
        self._loaded()
        entry_point = self._declared.get(name)
        distribution = entry_point.dist if entry_point else None
        return f"{distribution.name} {distribution.version}" if distribution else None

    def names(self) -> list[str]:
        return sorted(self._loaded())

    def items(self) -> Iterator[tuple[str, Plugin]]:
        """(name, plug-in) in the order of their names."""
        plugins = self._loaded()
        return ((name, plugins[name]) for name in sorted(plugins))


def subclass_named(base: type) -> Callable[[str, object], type]:
    """The accept function of a group of classes: a subclass of `base` whose `name` attribute
    is the entry point's name."""

    def accept(name: str, loaded: object) -> type:
        if not (isinstance(loaded, type) and issubclass(loaded, base)):
            raise TypeError(f"it names {loaded!r}, which is not a subclass of {base.__qualname__}")
        own = getattr(loaded, "name", None)
        if own != name:
            raise ValueError(f"{loaded.__qualname__}.name is {own!r}, not {name!r}")
        return loaded

    return accept
