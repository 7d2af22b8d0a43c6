"""Shared test helpers: where the fixtures are, a fixed moment, parsing HTML."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from bs4 import BeautifulSoup

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPOSITORY = TESTS.parent
EXAMPLE = REPOSITORY / "content"
FIXED_NOW = datetime.fromisoformat("2026-11-26T12:00:00+01:00")


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
