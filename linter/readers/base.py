"""What a reader is: a name, the file suffixes it takes, and a function from bytes to rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from linter.parse.source import SourceRows


class Reader(NamedTuple):
    name: str
    suffixes: tuple[str, ...]
    read: Callable[[str, bytes], SourceRows]
