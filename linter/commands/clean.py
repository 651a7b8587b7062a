"""``formlint clean``: remove the result cache, e.g. after upgrading a plugin in place."""

from __future__ import annotations

import argparse
import sys
from typing import IO

from linter.config import ConfigError
from linter.engine import CACHE_DIR
from linter.plugins import Registry


def add_parser(sub) -> None:
    parser = sub.add_parser("clean", help="remove the result cache")
    parser.add_argument(
        "--cache-dir", default=CACHE_DIR, help=f"the cache to remove (default {CACHE_DIR}/)"
    )


def run(args: argparse.Namespace, registry: Registry, out: IO) -> int:
    from linter.cache import clean  # only this command needs it

    try:
        removed = clean(args.cache_dir)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    print(
        f"formlint: removed {args.cache_dir}"
        if removed
        else f"formlint: no cache at {args.cache_dir}",
        file=sys.stderr,
    )
    return 0
