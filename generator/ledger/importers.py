"""The importer registry: one class per export format, chosen by name or by the header row."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import ClassVar

from generator.ledger.rows import LedgerRow
from generator.problems import Problem


@dataclass
class ImportResult:
    rows: list[LedgerRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # a row that cannot be read: stop
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count (test mode, memo…)
    notes: list[str] = field(default_factory=list)  # e.g. how dates were read


class Importer(ABC):
    """Reads one processor's CSV export into ledger rows."""

    name: ClassVar[str]

    @classmethod
    @abstractmethod
    def recognises(cls, header: list[str]) -> bool:
        """Whether a header row is this importer's format."""

    @abstractmethod
    def read(
        self, header: list[str], rows: Iterable[tuple[int, list[str]]], file: str
    ) -> ImportResult:
        """Rows are (line number, cells); problems name file:line and the column."""


_IMPORTERS: dict[str, type[Importer]] = {}


def register_importer(importer: type[Importer]) -> type[Importer]:
    if importer.name in _IMPORTERS:
        raise ValueError(f"importer {importer.name!r} is registered twice")
    _IMPORTERS[importer.name] = importer
    return importer


def importer_names() -> list[str]:
    return sorted(_IMPORTERS)


def get_importer(name: str) -> Importer | None:
    importer = _IMPORTERS.get(name)
    return importer() if importer else None


def detect_importer(header: list[str]) -> Importer | None:
    for importer in _IMPORTERS.values():
        if importer.recognises(header):
            return importer()
    return None
