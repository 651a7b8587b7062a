"""What a reader is: a name, the file suffixes it takes, and a function from bytes to rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linter.source import SourceRows


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    read: Callable[[str, bytes], SourceRows]
