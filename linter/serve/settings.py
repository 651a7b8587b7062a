"""What a running server is allowed to do: its limits, its token and the hosts it answers."""

from __future__ import annotations

import ipaddress
from typing import NamedTuple

from linter.config import Config
from linter.engine import FILE_TIME_LIMIT, MAX_BYTES

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8730
MAX_FILES = 100  # files in one request
TOKEN_VARIABLE = "FORMLINT_SERVE_TOKEN"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


class Settings(NamedTuple):
    config: Config
    token: str | None = None
    max_bytes: int = MAX_BYTES  # the whole request body, as one input file may be
    max_files: int = MAX_FILES
    time_limit: float = FILE_TIME_LIMIT  # the engine's per file; a check of n files is ended
    # after n times this (and GRACE), even if the engine's own limit could not stop it
    hosts: tuple[str, ...] | None = LOOPBACK_NAMES  # Host names answered; None: any
    checks_at_once: int = 2  # worker processes at a time; later requests wait their turn


def hosts_for(bind: str) -> tuple[str, ...] | None:
    """The Host names a server bound to ``bind`` answers: only loopback names when it listens on
    loopback, so that a web page elsewhere cannot reach it through DNS rebinding; any name when
    it was bound to be reached from other machines."""
    if bind == "localhost":
        return LOOPBACK_NAMES
    try:
        return LOOPBACK_NAMES if ipaddress.ip_address(bind).is_loopback else None
    except ValueError:
        return None
