"""A plugin whose check fails on chosen forms, for runs in other processes (Dask workers import
it by name): it raises on a form whose project names RAISE, and ends its process on one whose
project names EXIT."""

from __future__ import annotations

import os

from linter.hookspecs import hookimpl
from linter.plugins import Registry, load_registry
from linter.rules import Rule


def _check(form, options):
    project = form.project or ""
    if "RAISE" in project:
        raise ZeroDivisionError("division by zero")
    if "EXIT" in project:
        os._exit(3)
    return ()


class Troublemaker:
    @hookimpl
    def formlint_rules(self):
        return [
            Rule(
                "XTM001", "trouble", "麻烦", "trouble", "w", "b", "g", "p",
                check=_check, plugin="troublemaker",
            )
        ]  # fmt: skip


def registry() -> Registry:
    """The built-in rules and XTM001: a registry factory a Dask worker can call by name."""
    return load_registry(extra_plugins=(Troublemaker(),))


def no_registry() -> Registry:
    """A registry factory that fails on the worker: every task of the run fails."""
    raise RuntimeError("no registry on this worker")
