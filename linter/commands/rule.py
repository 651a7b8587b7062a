"""``formlint rule CODE``: one rule's documentation."""

from __future__ import annotations

import argparse
import sys
from typing import IO

from linter.docs import rule_text
from linter.plugins import Registry


def add_parser(sub) -> None:
    rule = sub.add_parser("rule", help="print one rule's documentation")
    rule.add_argument("code")
    rule.add_argument("--lang", choices=["zh", "en"], default="zh")


def run(args: argparse.Namespace, registry: Registry, out: IO) -> int:
    rule = registry.rules.get(args.code.upper())
    if rule is None:
        print(f"formlint: unknown rule {args.code!r}; see `formlint rules`", file=sys.stderr)
        return 2
    out.write(rule_text(rule, args.lang))
    return 0
