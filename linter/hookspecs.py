"""The hooks a formlint plugin implements (pluggy project name ``formlint``).

A plugin module is found through the ``formlint`` entry-point group and may implement any of:

* ``formlint_rules()``: Rule objects; each has a per-form ``check`` or a per-batch ``batch``.
* ``formlint_readers()``: Reader objects for more input formats.
* ``formlint_reporters()``: Reporter objects for more output formats.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("formlint")
hookimpl = pluggy.HookimplMarker("formlint")


@hookspec
def formlint_rules() -> list:
    """Return the rules (``linter.rules.Rule``) this plugin provides."""


@hookspec
def formlint_readers() -> list:
    """Return the readers (``linter.readers.base.Reader``) this plugin provides."""


@hookspec
def formlint_reporters() -> list:
    """Return the reporters (``linter.reporters.base.Reporter``) this plugin provides."""
