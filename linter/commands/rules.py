"""``formlint rules``: list every rule, as text, JSON or the Markdown rule reference."""

from __future__ import annotations

import argparse
import json
from typing import IO

from linter.docs import rule_dict, rules_markdown
from linter.plugins import Registry


def add_parser(sub) -> None:
    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    rules.add_argument("--lang", choices=["zh", "en"], default="zh")


def run(args: argparse.Namespace, registry: Registry, out: IO) -> int:
    rules = sorted(registry.rules.values(), key=lambda r: r.code)
    if args.format == "json":
        json.dump([rule_dict(r) for r in rules], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "markdown":
        out.write(rules_markdown(rules))
    else:
        for r in rules:
            summary = r.summary_en if args.lang == "en" else r.summary_zh
            flag = "" if r.enabled or r.engine else " (off by default)"
            print(f"{r.code:<9} {r.severity:<8} {r.name:<32} {summary}{flag}", file=out)
    return 0
