"""Session fixtures: the fixture site and the example site, each built once."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import EXAMPLE, FIXED_NOW, FIXTURES

from generator.build import build
from generator.styleguide import build_styleguide


@pytest.fixture(scope="session")
def states_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with a campaign in every state."""
    output = tmp_path_factory.mktemp("states") / "output"
    build(FIXTURES / "states", output, FIXED_NOW)
    return output


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "output"
    build(EXAMPLE, output, FIXED_NOW)
    return output


@pytest.fixture(scope="session")
def styleguide_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The style guide of the example site's theme (`pledgekit theme styleguide`)."""
    output = tmp_path_factory.mktemp("styleguide") / "styleguide"
    build_styleguide(EXAMPLE, output)
    return output
