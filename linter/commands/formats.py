"""``formlint formats``: the output formats the reporters provide."""

from __future__ import annotations

import argparse
from typing import IO

from linter.plugins import Registry


def add_parser(sub) -> None:
    sub.add_parser("formats", help="list the output formats")


def run(args: argparse.Namespace, registry: Registry, out: IO) -> int:
    for name, reporter in sorted(registry.reporters.items()):
        print(f"{name:<10} {reporter.description}", file=out)
    return 0
