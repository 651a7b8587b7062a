"""Built-in readers, registered through the ``formlint`` entry-point group like any plugin."""

from __future__ import annotations

from linter.hookspecs import hookimpl
from linter.readers.text import TEXT_READER


@hookimpl
def formlint_readers() -> list:
    return [TEXT_READER]
