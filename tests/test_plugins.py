"""Plug-ins through entry points (generator/plugins.py): what a group finds, and the message
that names the package when a plug-in cannot be used."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from pledgekit import plugins
from pledgekit.payments.registry import PROCESSORS, Processor, get_processor
from pledgekit.plugins import PluginError, Registry, subclass_named


class Base:
    name = "base"


class Good(Base):
    name = "good"


class Misnamed(Base):
    name = "other"


NOT_A_CLASS = object()


def registry(monkeypatch, *declared: tuple[str, str]) -> Registry[type[Base]]:
    points = [EntryPoint(name, value, "test.group") for name, value in declared]
    monkeypatch.setattr(
        plugins, "entry_points", lambda group: points if group == "test.group" else []
    )
    return Registry("test.group", "widget", subclass_named(Base))


def test_a_group_lists_its_plugins_by_name(monkeypatch):
    found = registry(monkeypatch, ("good", f"{__name__}:Good"))
    assert found.names() == ["good"]
    assert found.get("good") is Good
    assert found.get("missing") is None
    assert found.package("good") is None  # declared by no installed package here


@pytest.mark.parametrize(
    ("declared", "why"),
    [
        ((("good", "no_such_module_here:Good"),), "No module named 'no_such_module_here'"),
        ((("good", f"{__name__}:Missing"),), "has no attribute 'Missing'"),
        ((("good", f"{__name__}:NOT_A_CLASS"),), "which is not a subclass of Base"),
        ((("good", f"{__name__}:Misnamed"),), "Misnamed.name is 'other', not 'good'"),
    ],
)
def test_a_plugin_that_cannot_be_used_is_named_with_its_package(monkeypatch, declared, why):
    found = registry(monkeypatch, *declared)
    with pytest.raises(PluginError) as raised:
        found.names()
    name, value = declared[0]
    message = str(raised.value)
    assert message.startswith(
        f"the widget plug-in '{name}' = '{value}' (declared by unknown package) cannot be used: "
    )
    assert why in message


def test_two_packages_declaring_one_name_stop_the_command(monkeypatch):
    found = registry(monkeypatch, ("good", f"{__name__}:Good"), ("good", f"{__name__}:Misnamed"))
    with pytest.raises(PluginError, match="two widget plug-ins share a name: 'good'"):
        found.names()


def test_the_built_in_processors_come_through_the_entry_points():
    assert PROCESSORS.package("stripe").startswith("pledgekit ")
    assert type(get_processor("stripe")).__module__ == "pledgekit.payments.stripe"


def test_a_processor_added_in_code_is_checked_and_can_be_removed():
    class Sample(Processor):
        name = "sample"
        label = "Sample"

        def url(self, options, request):
            return "https://sample.example/"

    with pytest.raises(TypeError, match="not a subclass of Processor"):
        PROCESSORS.add("sample", Good)
    PROCESSORS.add("sample", Sample)
    try:
        assert isinstance(get_processor("sample"), Sample)
        with pytest.raises(PluginError, match="a processor named 'sample' is registered already"):
            PROCESSORS.add("sample", Sample)
    finally:
        PROCESSORS.remove("sample")
    assert get_processor("sample") is None


def test_a_theme_entry_point_gives_a_folder_named_as_the_theme_with_a_manifest(tmp_path):
    from pledgekit.render.themes import THEMES, theme_folder

    folder = tmp_path / "sunrise"
    folder.mkdir()
    with pytest.raises(ValueError, match=r"has no theme\.yaml"):
        theme_folder("sunrise", lambda: folder)
    (folder / "theme.yaml").write_text("name: sunrise\n")
    assert theme_folder("sunrise", lambda: folder) == folder
    assert theme_folder("sunrise", str(folder)) == folder
    with pytest.raises(ValueError, match="is not named 'dawn'"):
        theme_folder("dawn", lambda: folder)
    assert THEMES.names() == ["appeal", "default"]
    assert THEMES.package("default").startswith("pledgekit ")
