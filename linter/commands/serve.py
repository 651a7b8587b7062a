"""``formlint serve``: the web page and JSON API (``linter.serve``), for people who do not use a
terminal and for programs that call formlint over HTTP. Needs the ``serve`` extra; the framework
is imported only when the server starts."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import IO

from linter.commands.check import add_time_limit, effective_config
from linter.config import ConfigError
from linter.engine import MAX_BYTES
from linter.plugins import Registry
from linter.serve.settings import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    MAX_FILES,
    TOKEN_VARIABLE,
    Settings,
    hosts_for,
)

MAX_PARTS = 1000  # the files Starlette's multipart parser takes in one request, whatever we allow
FRAMEWORK = {
    "fastapi",
    "starlette",
    "uvicorn",
    "pydantic",
    "anyio",
    "multipart",
    "python_multipart",
}


def add_parser(sub) -> None:
    serve = sub.add_parser(
        "serve", help="a web page and a JSON API for checking forms (needs formlint[serve])"
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    serve.add_argument(
        "--port",
        type=_between(0, 65535),
        default=DEFAULT_PORT,
        help=f"port (default {DEFAULT_PORT}; 0: any free one)",
    )
    serve.add_argument(
        "--token",
        help=f"require this bearer token on the API (better: the {TOKEN_VARIABLE} environment "
        "variable, which other users cannot see in the process list)",
    )
    serve.add_argument("--config", help="configuration file (default: found upward from here)")
    serve.add_argument("--select", help="rule codes or prefixes to enable")
    serve.add_argument("--ignore", help="rule codes or prefixes to disable")
    serve.add_argument("--extend-select", help="rule codes or prefixes to enable in addition")
    serve.add_argument(
        "--max-upload-mb",
        type=_megabytes,
        default=MAX_BYTES,
        metavar="MB",
        help=f"largest request, all files together (default {MAX_BYTES // 2**20})",
    )
    serve.add_argument(
        "--max-files",
        type=_between(1, MAX_PARTS),
        default=MAX_FILES,
        help=f"most files in one request (default {MAX_FILES}, at most {MAX_PARTS})",
    )
    add_time_limit(serve)
    serve.set_defaults(paths=["."], lang=None, fail_on=None)


def _between(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""

    def integer(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {low} to {high}")
        return value

    return integer


def _megabytes(text: str) -> int:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return int(value * 2**20)


def run(args: argparse.Namespace, registry: Registry, out: IO) -> int:
    settings = Settings(
        effective_config(args, registry),
        token=args.token or os.environ.get(TOKEN_VARIABLE) or None,
        max_bytes=args.max_upload_mb,
        max_files=args.max_files,
        time_limit=args.time_limit,
        hosts=hosts_for(args.host),
    )
    try:
        from linter.serve.server import serve
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in FRAMEWORK:
            raise
        raise ConfigError(
            f"formlint serve needs the serve extra: pip install 'formlint[serve]' ({exc.name} is missing)"
        ) from exc
    return serve(settings, registry, args.host, args.port, out)
