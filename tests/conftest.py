"""Session fixtures: the fixture site and the example site, each built once."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import EXAMPLE, FIXED_NOW, FIXTURES, INIT_NOW, REPOSITORY, invoke

from pledgekit.build import build
from pledgekit.styleguide import build_styleguide


@pytest.fixture
def new_site(tmp_path: Path) -> Path:
    """A site as `pledgekit init` writes it (in EUR), in its own folder."""
    folder = tmp_path / "lamp-fund"
    result = invoke("init", str(folder), "--now", INIT_NOW, "--currency", "EUR")
    assert result.exit_code == 0, result.output
    return folder


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


APPEAL_EXAMPLE = REPOSITORY / "examples" / "relief-appeal"


@pytest.fixture(scope="session")
def appeal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/relief-appeal, the site that uses the built-in appeal theme."""
    output = tmp_path_factory.mktemp("appeal") / "output"
    result = build(APPEAL_EXAMPLE, output, FIXED_NOW, strict=True, jobs=1)
    assert result.warnings == []
    return output


@pytest.fixture(scope="session")
def appeal_styleguide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The style guide drawn with the appeal theme."""
    output = tmp_path_factory.mktemp("appeal-styleguide") / "styleguide"
    build_styleguide(APPEAL_EXAMPLE, output)
    return output
