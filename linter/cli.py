"""The ``formlint`` command. Each subcommand lives in ``linter/commands/``.

Exit codes: 0 nothing at the failing severity, 1 findings, 2 usage error, unreadable input or an
internal error. No traceback reaches a user (set FORMLINT_DEBUG=1 to see one).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from linter import __version__
from linter.commands import NAMES
from linter.config import ConfigError
from linter.plugins import load_registry
from linter.runtime import tune_gc


def _commands(argv: Sequence[str]) -> dict:
    """The command modules: only the one named first, if it is one (importing all eight and
    building their options cost a one-file run ~8 ms); all of them for ``--help`` and errors."""
    names = (argv[0],) if argv and argv[0] in NAMES else NAMES
    return {name: importlib.import_module(f"linter.commands.{name}") for name in names}


def build_parser(commands: dict) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="formlint", description="Lint Chinese budget performance forms."
    )
    parser.add_argument("--version", action="version", version=f"formlint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{" + ",".join(NAMES) + "}")
    for module in commands.values():
        module.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for stream in (sys.stdout, sys.stderr):  # a file name in another encoding is never a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    commands = _commands(argv)
    args = build_parser(commands).parse_args(argv)
    try:
        registry = load_registry()
        tune_gc()
        for problem in registry.problems:
            print(f"formlint: {problem}", file=sys.stderr)
        return commands[args.command].run(args, registry, sys.stdout)
    except ConfigError as exc:
        print(f"formlint: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("formlint: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("FORMLINT_DEBUG"):
            raise
        print(
            f"formlint: internal error: {type(exc).__name__}: {exc} (FORMLINT_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
