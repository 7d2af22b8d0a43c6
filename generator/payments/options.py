"""What every processor entry in content holds, whatever its processor: the base of each
processor's options model, which adds only the keys of its own."""

from __future__ import annotations

from pledgekit.model.types import Model


class ProcessorOptions(Model):
    """A `{processor: …, label: …}` entry: the processor's name, and the button's own name
    when it should not be the processor's (None: the processor's label)."""

    processor: str
    label: str | None = None
