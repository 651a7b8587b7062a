"""The real forms collected from public pages (tests/fixtures/real/) and what a reader must get.

Each ``expected-*.toml`` holds one table per file: the year, the kind of form, how many forms,
and for each form its project, leaf-indicator count, 一级 set, funds total and unit, total score
and a few indicator rows, counted row by row from the page. ``mismatches`` compares them with
a parse as ``formlint parse --format json`` prints it, so that the tests and
``benchmarks/real_corpus.py`` (which also measures earlier releases) judge a reading alike.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from linter.parse import vocab
from linter.parse.normalize import heading, label_key, name_text, strip_points
from linter.parse.values import read_value

REAL = Path(__file__).parent / "fixtures" / "real"

# the kinds the expectations name, as (kind, scope) of the parse
KINDS = {
    "target": ("target", "project"),
    "self_evaluation": ("self_evaluation", "project"),
    "department_target": ("target", "department"),
    "department_self_evaluation": ("self_evaluation", "department"),
    "regional_target": ("target", "region"),
    "monitoring": ("monitoring", "project"),
}
_SPACE = re.compile(r"\s+")


def expectations() -> dict[str, dict[str, Any]]:
    """File name → its expectations, from every expected-*.toml."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(REAL.glob("expected-*.toml")):
        found.update(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def real_files() -> list[Path]:
    return sorted(p for p in REAL.glob("*.txt"))


def mismatches(expected: Mapping[str, Any], parsed: Mapping[str, Any]) -> list[str]:
    """What a parse (one file of ``formlint parse --format json``) gets wrong, one line each."""
    problems: list[str] = []
    forms = parsed["forms"]
    codes = {p["code"] for p in parsed["problems"]}
    if expected.get("unreadable"):
        if forms or "PARSE009" not in codes:
            problems.append(f"unreadable: expected no form and PARSE009, got {len(forms)} forms")
        return problems
    if len(forms) != expected["forms"]:
        problems.append(f"forms: expected {expected['forms']}, got {len(forms)}")
    for n, (want, got) in enumerate(zip(expected.get("form", []), forms, strict=False), 1):
        problems.extend(f"form {n}: {p}" for p in _form_mismatches(expected, want, got))
    return problems


def _form_mismatches(file: Mapping[str, Any], want: Mapping[str, Any], got: Mapping[str, Any]):
    if "year" in file and got.get("title") and got.get("year") != file["year"]:
        yield f"year: expected {file['year']}, got {got.get('year')}"  # (a fragment has none)
    kind, scope = KINDS[file["kind"]]
    if got["kind"] != kind or got.get("scope", "project") != scope:
        yield f"kind: expected {kind}/{scope}, got {got['kind']}/{got.get('scope')}"
    if "project" in want and _words(got.get("project") or "") != _words(want["project"]):
        yield f"project: expected {want['project']!r}, got {got.get('project')!r}"
    indicators = got["indicators"]
    annual = [i for i in indicators if i.get("period", "annual") == "annual"]
    if want.get("columns_doubted"):  # rows a page scrambled: the reader must say so
        if "table" not in got.get("doubts", []):
            yield "columns: expected the table to be doubted (PARSE008)"
    elif len(annual) != want["leaf_indicators"]:
        yield f"leaf indicators: expected {want['leaf_indicators']}, got {len(annual)}"
    term = len(indicators) - len(annual)
    if term != want.get("term_indicators", 0):
        yield f"实施期 indicators: expected {want.get('term_indicators', 0)}, got {term}"
    wanted_level1 = {_level1(label) for label in want.get("level1", [])} - {""}
    level1 = {i["level1"] for i in indicators if i["level1"]}
    headed = level1 | {c["label"] for c in got.get("categories", [])}  # a heading with no row
    if not level1 <= wanted_level1 <= headed:
        yield f"一级: expected {sorted(wanted_level1)}, got {sorted(level1)}"
    if "funds_total" in want:
        total = _funds_total(got)
        if total is None or Decimal(want["funds_total"]) != total:
            yield f"funds total: expected {want['funds_total']}, got {total}"
    if "funds_unit" in want and got.get("money_unit") != want["funds_unit"]:
        yield f"funds unit: expected {want['funds_unit']}, got {got.get('money_unit')}"
    if "total_score" in want:
        score = (got.get("total") or {}).get("score")
        if score is None or Decimal(score) != Decimal(want["total_score"]):
            yield f"total score: expected {want['total_score']}, got {score}"
    for sample in want.get("indicators_sample", []):
        yield from _sample_mismatches(sample, indicators)


def _sample_mismatches(sample: list[str], indicators: list[dict]) -> Iterator[str]:
    level1, level2, name, target = sample
    found = [i for i in indicators if _words(i["name"]) == _words(name_text(name))]
    if not found:
        yield f"indicator {name!r}: not found"
        return
    problems = [list(_row_mismatches(level1, level2, name, target, ind)) for ind in found]
    yield from min(problems, key=len)  # a name may repeat: the row that matches best


def _row_mismatches(level1: str, level2: str, name: str, target: str, ind: dict) -> Iterator[str]:
    if ind["level1"] != _level1(level1) and _level1(level1):
        yield f"indicator {name!r}: 一级 expected {_level1(level1)}, got {ind['level1']}"
    if ind["level2"] != _level2(level2) and _level2(level2):
        yield f"indicator {name!r}: 二级 expected {_level2(level2)}, got {ind['level2']}"
    if not _same_value(target, ind["target"]):
        got = ind["target"]["text"] if ind["target"] else None
        yield f"indicator {name!r}: target expected {target!r}, got {got!r}"


def _words(text: str) -> str:
    return _SPACE.sub("", text)


def _level1(label: str) -> str:
    base = heading(strip_points(label_key(label))[0]).base
    base = re.sub(r"\(?\d+-\d+\)?分$", "", base)  # 成本指标(0-20)分: a range of points
    return vocab.LEVEL1.get(base) or (vocab.LEVEL2_PARENT.get(vocab.LEVEL2.get(base, "")) or base)


def _level2(label: str) -> str:
    base = heading(strip_points(label_key(label))[0]).base
    return vocab.LEVEL2.get(base) or vocab.LEVEL1.get(base) or base


def _same_value(expected: str, got: dict | None) -> bool:
    if not expected:
        return got is None or not got["text"]
    if got is None:
        return False
    _, op, number, _, unit = read_value(expected)
    if number is None:
        return _words(got["text"]) == _words(expected)
    return (
        got["op"] == op
        and got["number"] is not None
        and Decimal(got["number"]) == number
        and got["unit"] == unit
    )


def _funds_total(form: Mapping[str, Any]) -> Decimal | None:
    """The year's total as the expectations count it: 年度资金总额, else the project's total;
    on self-evaluations the 年初预算数, else the 全年预算数."""
    items = form.get("funds") or []
    for key in ("annual_total", "project_total"):
        for column in (None, "initial", "adjusted"):
            for item in items:
                if item["key"] == key and item["column"] == column and item["amount"]:
                    number = item["amount"]["number"]
                    try:
                        return None if number is None else Decimal(number)
                    except InvalidOperation:
                        return None
    return None
