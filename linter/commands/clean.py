"""``formlint clean``: remove the result cache, e.g. after upgrading a plugin in place."""

from __future__ import annotations

import argparse
import os
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
    except OSError as exc:
        raise ConfigError(f"{args.cache_dir}: cannot remove: {exc.strerror or exc}") from exc
    if not removed:
        message = f"no cache at {args.cache_dir}"
    elif os.path.exists(args.cache_dir):
        message = (
            f"removed formlint's entries from {args.cache_dir}; the folder is kept, since it "
            "holds files formlint did not make"
        )
    else:
        message = f"removed {args.cache_dir}"
    print(f"formlint: {message}", file=sys.stderr)
    return 0
