"""Functions whose module is imported on their first call, to keep start-up small."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def on_first_call(module: str, function: str) -> Callable[..., Any]:
    """``module.function``, imported when first called: a built-in reader or reporter that a run
    does not use costs it nothing (xlsx, docx and pdf bring zipfile and XML; rich ~30 ms)."""

    def call(*args: Any) -> Any:
        return getattr(importlib.import_module(module), function)(*args)

    call.__name__ = function
    return call
