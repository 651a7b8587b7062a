"""The built-in checks: one module per rule family, each exporting ``RULES``.

This package is registered as a plugin through the ``formlint`` entry-point group, exactly as a
third-party plugin would be. Modules are found by walking the package, so a new check is a new
module here and nothing else.
"""

from __future__ import annotations

import importlib
import pkgutil

from linter.hookspecs import hookimpl


@hookimpl
def formlint_rules() -> list:
    rules = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rules.extend(getattr(module, "RULES", ()))
    return rules
