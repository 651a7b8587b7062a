"""``formlint parse PATH...``: print the parsed forms, as JSON or as an indented tree."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO

from linter import supervise
from linter.commands.check import add_time_limit
from linter.config import Config
from linter.discovery import Skipped, discover
from linter.engine import parse_file
from linter.limits import read_bytes
from linter.parse.source import ReadError
from linter.plugins import Registry


def add_parser(sub) -> None:
    parse = sub.add_parser("parse", help="print the parsed forms")
    parse.add_argument("paths", nargs="+")
    parse.add_argument("--format", choices=["json", "tree"], default="tree")
    add_time_limit(parse)


def run(args: argparse.Namespace, registry: Registry, out: IO) -> int:
    files, status = [], 0
    for path in discover(args.paths, registry, Config()):
        if isinstance(path, Skipped):
            print(f"{path.path}:1: {path.en}", file=sys.stderr)
            status = 2
            continue
        try:
            doc = _supervised_parse(path, registry, args.time_limit)
        except (ReadError, OSError) as exc:
            print(f"{path}:1: {getattr(exc, 'en', exc)}", file=sys.stderr)
            status = 2
            continue
        files.append(doc)
        if doc["problems"]:
            status = max(status, 1)
    if args.format == "json":
        json.dump({"files": files}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_tree(files, out)
    return status


def _supervised_parse(path: str, registry: Registry, limit: float | None) -> dict:
    """The file's forms as plain data, parsed in a worker process killed after ``limit`` s."""
    data = read_bytes(path) if path == "-" else None  # stdin is this process's to read
    outcome = supervise.call(_parse, (path, registry, data), limit)
    if outcome.kind == "timeout":
        raise ReadError(f"处理超时：超过 {limit:g} 秒", f"cut off: took longer than {limit:g} s")
    if outcome.kind == "crash":
        raise ReadError(
            f"解析时工作进程异常终止（{outcome.detail}）",
            f"the worker parsing it died ({outcome.detail})",
        )
    return outcome.value


def _parse(path: str, registry: Registry, data: bytes | None) -> dict:
    from linter.serialize import document_dict

    return document_dict(parse_file(path, registry, data))


def _print_tree(files: list[dict], out: IO) -> None:
    for f in files:
        print(f["path"], file=out)
        for p in f["problems"]:
            print(f"  ! {p['code']} line {p['line']}: {p['message']}", file=out)
        for form in f["forms"]:
            print(
                f"  form {form['index']} [{form['kind']}, {form['layout']}] lines {form['line']}-{form['end_line']}: {form['project']}",
                file=out,
            )
            last = (None, None)
            for ind in form["indicators"]:
                if (ind["level1"], ind["level2"]) != last:
                    last = (ind["level1"], ind["level2"])
                    print(f"    {ind['level1']} / {ind['level2']}", file=out)
                target = ind["target"]["text"] if ind["target"] else ""
                print(f"      {ind['line']}: {ind['name']} = {target}", file=out)
