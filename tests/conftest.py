"""Shared helpers: build fixture sites into temporary folders and parse what they produce."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build import build

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPOSITORY = TESTS.parent
EXAMPLE = REPOSITORY / "content"
FIXED_NOW = datetime.fromisoformat("2026-11-26T12:00:00+01:00")


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


@pytest.fixture(scope="session")
def states_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with a campaign in every state, built once for the session."""
    output = tmp_path_factory.mktemp("states") / "output"
    build(FIXTURES / "states", output, FIXED_NOW)
    return output


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "output"
    build(EXAMPLE, output, FIXED_NOW)
    return output
