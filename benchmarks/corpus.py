"""A corpus of N realistic forms, grown from the seed forms, with defects injected at known cells.

    python benchmarks/corpus.py OUT_DIR N [--seed S] [--twin TWIN_DIR] [--defect-rate R]

Each generated form is a seed form with realistic variation (project names, indicator numbers,
fund amounts scaled as a whole, rows dropped, page breaks inserted) and, for a share of the forms,
one injected defect whose rule code and line go to ``OUT_DIR/manifest.json``. Files hold one to
eight forms, as the seeds do. ``--twin`` writes the same corpus without the injected defects: the
recall of a defect kind is how often the mutated form has more findings of its code than its twin
(so a finding the variation itself provokes is never credited to the injection).

The seed forms are located with formlint's own parser, which is what makes the edits cell-exact;
the output is plain TAB-separated UTF-8 text, like the seeds.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from linter.parse.nodes import Form, Span
from linter.parse.parser import parse_rows
from linter.readers.text import read_text

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seeds"
PROJECT_SUFFIXES = ["", "（二期）", "（续建）", "专项", "运维", "（2025年）", "能力提升", "补助"]
PLACEHOLDERS = ["按工作计划", "行业标准", "按要求完成", "/"]
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass
class Template:
    """One seed form as editable cells, with the positions of the cells the edits need."""

    name: str
    preamble: list[list[str]]
    rows: list[list[str]]  # the form's lines, split into cells
    kind: str
    layout: str
    project: tuple[int, int] | None
    indicators: list[dict]  # rel line, name/target/weight/score cells, level2, flags
    fund_totals: list[tuple[int, int]]  # cells of the total amounts, target layouts only
    fund_amounts: list[tuple[int, int]]  # every fund amount cell, target layouts only
    total_score: tuple[int, int] | None


@dataclass
class Draft:
    """A form being generated: its cells, and the manifest entry of its defect, if any."""

    rows: list[list[str]]
    defect: dict | None = None
    line_map: list[int] = field(default_factory=list)  # template line → current line


def _cell_at(cells: list[str], col: int) -> int:
    """The index of the cell that starts at 1-based column ``col`` of a TAB-joined line."""
    start = 1
    for i, text in enumerate(cells):
        if start == col:
            return i
        start += len(text) + 1
    raise ValueError(f"no cell starts at column {col}")


def _pos(span: Span | None, first: int, lines: list[list[str]]) -> tuple[int, int] | None:
    if span is None:
        return None
    rel = span.line - first
    return rel, _cell_at(lines[rel], span.col)


def load_templates(seeds: Path = SEEDS) -> list[Template]:
    """Every seed form, parsed once, as a template."""
    templates = []
    for path in sorted(seeds.glob("*.txt")):
        data = path.read_bytes()
        document = parse_rows(read_text(str(path), data))
        all_lines = [line.split("\t") for line in data.decode("utf-8").split("\n")]
        preamble = all_lines[: document.forms[0].span.line - 1] if document.forms else []
        for form in document.forms:
            templates.append(_template(path.name, form, all_lines, preamble))
    return templates


def _template(name: str, form: Form, all_lines: list[list[str]], preamble) -> Template:
    first, last = form.span.line, form.span.end_line
    lines = [list(cells) for cells in all_lines[first - 1 : last]]
    project = form.field("project")
    indicators = []
    for ind in form.indicators:
        if ind.span is None or ind.span.line != ind.name.span.line:
            continue  # a row joined over a page break: leave it alone
        rel, name_at = _pos(ind.name.span, first, lines)  # type: ignore[misc]
        indicators.append(
            {
                "line": rel,
                "name": name_at,
                "name_text": ind.name.value,
                "level2": ind.level2,
                "target": _pos(ind.target.span, first, lines) if ind.target else None,
                "target_value": ind.target,
                "weight": _pos(ind.weight.span, first, lines) if ind.weight else None,
                "score": _pos(ind.score.span, first, lines) if ind.score else None,
                "labelled": any(c.strip() for c in lines[rel][:name_at]),
            }
        )
    fund_totals, fund_amounts = [], []
    if form.funds is not None and form.layout in ("project-target", "department-target"):
        for item in form.funds.items:
            if item.amount is None or item.amount.number is None:
                continue
            where = _pos(item.amount.span, first, lines)
            fund_amounts.append(where)
            if item.key in ("project_total", "annual_total"):
                fund_totals.append(where)
    total = form.total
    score = _pos(total.score.span, first, lines) if total and total.score else None
    return Template(
        name,
        preamble,
        lines,
        form.kind.value,
        form.layout,
        _pos(project.value.span, first, lines) if project and project.value else None,
        indicators,
        fund_totals,
        fund_amounts,
        score,
    )


# --- variation: applied to a form and to its twin alike ------------------------------------------


def _vary(t: Template, rng: random.Random) -> Draft:
    rows = [list(r) for r in t.rows]
    if t.project is not None:
        line, col = t.project
        rows[line][col] = rows[line][col] + rng.choice(PROJECT_SUFFIXES)
    if t.kind == "target":
        for ind in t.indicators:
            value = ind["target_value"]
            if ind["target"] and value.number is not None and value.unit not in (None, "%"):
                line, col = ind["target"]
                new = Decimal(rng.randint(1, 5000))
                rows[line][col] = _NUMBER.sub(str(new), rows[line][col], count=1)
        factor = rng.randint(1, 9)
        for line, col in t.fund_amounts:
            rows[line][col] = _scale(rows[line][col], factor)
    return Draft(rows, line_map=list(range(len(rows))))


def _scale(text: str, factor: int) -> str:
    """A money cell times ``factor``, written as it was (thousands separators, decimals)."""

    def repl(m: re.Match) -> str:
        raw = m.group(0)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        value = Decimal(raw.replace(",", "")) * factor
        return f"{value:,.{decimals}f}" if "," in raw else f"{value:.{decimals}f}"

    return _NUMBER.sub(repl, text, count=1)


def _damage(t: Template, draft: Draft, rng: random.Random) -> None:
    """Drop an unlabelled indicator row (forms without scores), or insert a page break before one."""
    plain = [ind for ind in t.indicators if not ind["labelled"]]
    if not plain or rng.random() < 0.5:
        return
    ind = rng.choice(plain)
    at = draft.line_map[ind["line"]]
    scored = any(i["weight"] is not None for i in t.indicators)  # a dropped row breaks 总分
    if rng.random() < 0.5 and len(t.indicators) > 3 and not scored:
        del draft.rows[at]
        draft.line_map = [
            -1 if i == ind["line"] else (m - 1 if m > at else m)
            for i, m in enumerate(draft.line_map)
        ]
    else:
        draft.rows.insert(at, [""])
        draft.line_map = [m + 1 if m >= at else m for m in draft.line_map]


# --- defects: each returns the line it changed, or None when the form offers no place for it ---


def _alive(t: Template, draft: Draft, pred: Callable[[dict], bool]) -> list[dict]:
    return [i for i in t.indicators if draft.line_map[i["line"]] >= 0 and pred(i)]


def _set(draft: Draft, where: tuple[int, int], text: str) -> int:
    line = draft.line_map[where[0]]
    draft.rows[line][where[1]] = text
    return line


def _percent(ind: dict) -> bool:
    value = ind["target_value"]
    return ind["target"] is not None and value.number is not None and value.unit == "%"


def _numeric(ind: dict) -> bool:
    return ind["target"] is not None and ind["target_value"].number is not None


def _placeholder(t, draft, rng):
    cands = _alive(t, draft, _numeric)
    if cands:
        return _set(draft, rng.choice(cands)["target"], rng.choice(PLACEHOLDERS))
    return None


def _bare_timely(t, draft, rng):
    cands = _alive(t, draft, lambda i: i["target"] is not None and i["level2"] == "时效指标")
    cands = [i for i in cands if "及时" not in i["target_value"].text]
    return _set(draft, rng.choice(cands)["target"], "及时") if cands else None


def _rate_in_count(t, draft, rng):
    cands = _alive(t, draft, lambda i: _percent(i) and i["name_text"].endswith("率"))
    if not cands:
        return None
    ind = rng.choice(cands)
    return _set(draft, ind["target"], f"≥{rng.randint(2, 60)}次")


def _impossible(t, draft, rng):
    cands = _alive(t, draft, lambda i: _percent(i) and i["target_value"].number <= 100)
    return _set(draft, rng.choice(cands)["target"], f"≥{rng.randint(101, 180)}%") if cands else None


def _always_met(t, draft, rng):
    cands = _alive(t, draft, lambda i: _percent(i) and i["target_value"].number > 0)
    return _set(draft, rng.choice(cands)["target"], "≥0%") if cands else None


def _duplicate(t, draft, rng):
    """Another row of the form takes the name and target of one of its rows."""
    cands = _alive(t, draft, lambda i: i["target"] is not None and i["target"][0] == i["line"])
    if len(cands) < 2:
        return None
    a, b = rng.sample(cands, 2)
    source = draft.rows[draft.line_map[a["line"]]]
    _set(draft, b["target"], source[a["target"][1]])
    return _set(draft, (b["line"], b["name"]), source[a["name"]])


def _fund_sum(t, draft, rng):
    if not t.fund_totals:
        return None
    line, col = t.fund_totals[0]
    text = draft.rows[draft.line_map[line]][col]
    bumped = _NUMBER.sub(lambda m: _bump(m.group(0), rng), text, count=1)
    return _set(draft, (line, col), bumped)


def _bump(raw: str, rng: random.Random) -> str:
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    value = Decimal(raw.replace(",", "")) + rng.randint(7, 900)
    return f"{value:,.{decimals}f}" if "," in raw else f"{value:.{decimals}f}"


def _score_over(t, draft, rng):
    cands = _alive(t, draft, lambda i: i["weight"] is not None and i["score"] is not None)
    cands = [i for i in cands if i["weight"][0] == i["line"] and i["score"][0] == i["line"]]
    if not cands:
        return None
    ind = rng.choice(cands)
    weight = draft.rows[draft.line_map[ind["line"]]][ind["weight"][1]]
    m = _NUMBER.search(weight)
    if m is None:
        return None
    return _set(draft, ind["score"], str(Decimal(m.group(0).replace(",", "")) + rng.randint(1, 9)))


def _total_off(t, draft, rng):
    if t.total_score is None:
        return None
    text = draft.rows[draft.line_map[t.total_score[0]]][t.total_score[1]]
    m = _NUMBER.search(text)
    if m is None:
        return None
    return _set(draft, t.total_score, str(Decimal(m.group(0)) + rng.randint(3, 12)))


# kind → (rule code expected to report it, injector)
DEFECTS: dict[str, tuple[str, Callable]] = {
    "placeholder-target": ("VAG001", _placeholder),
    "bare-timeliness": ("VAG003", _bare_timely),
    "always-met-target": ("VAG004", _always_met),
    "impossible-percentage": ("VAG005", _impossible),
    "rate-in-count-unit": ("UNIT001", _rate_in_count),
    "duplicate-indicator": ("DUP001", _duplicate),
    "fund-sum-off": ("SUM001", _fund_sum),
    "score-over-weight": ("SCORE001", _score_over),
    "total-off": ("SCORE002", _total_off),
}


def _inject(t: Template, draft: Draft, rng: random.Random, codes: set[str] | None) -> None:
    kinds = [k for k, (code, _) in DEFECTS.items() if codes is None or code in codes]
    rng.shuffle(kinds)
    for kind in kinds:
        code, injector = DEFECTS[kind]
        line = injector(t, draft, rng)
        if line is not None:
            draft.defect = {"kind": kind, "code": code, "line": line}
            return


def generate(
    n_forms: int, seed: int = 7, defect_rate: float = 0.5, codes: set[str] | None = None
) -> Iterator[tuple[str, list[str], list[str], list[dict]]]:
    """(file name, mutated lines, twin lines, manifest entries) for files holding ``n_forms``.

    ``codes``: inject only defects whose rule exists (None: all kinds).
    """
    rng = random.Random(seed)
    templates = load_templates()
    made, file_no = 0, 0
    while made < n_forms:
        count = min(rng.randint(1, 8), n_forms - made)
        picks = [rng.choice(templates) for _ in range(count)]
        mutated: list[str] = ["\t".join(r) for r in picks[0].preamble]
        twin = list(mutated)
        entries = []
        for number, t in enumerate(picks, 1):
            draft = _vary(t, rng)
            _damage(t, draft, rng)
            clean_rows = [list(r) for r in draft.rows]
            if rng.random() < defect_rate:
                _inject(t, draft, rng, codes)
            start = len(mutated) + 1
            if draft.defect is not None:
                entries.append(
                    {
                        **draft.defect,
                        "line": start + draft.defect["line"],
                        "form_line": start,
                        "form_index": number,
                        "form_end": start + len(draft.rows) - 1,
                        "seed": t.name,
                    }
                )
            mutated.extend("\t".join(r) for r in draft.rows)
            twin.extend("\t".join(r) for r in clean_rows)
        name = f"{file_no // 1000:03d}/forms-{file_no:06d}.txt"
        for e in entries:
            e["file"] = name
        yield name, mutated, twin, entries
        made += count
        file_no += 1


def write_corpus(
    out: Path,
    n_forms: int,
    seed: int = 7,
    twin: Path | None = None,
    defect_rate: float = 0.5,
    codes: set[str] | None = None,
) -> dict:
    """Write the corpus (and its twin) and the manifest; return the manifest."""
    manifest: dict = {"forms": n_forms, "seed": seed, "files": 0, "bytes": 0, "defects": []}
    for name, mutated, twin_lines, entries in generate(n_forms, seed, defect_rate, codes):
        for root, lines in ((out, mutated), (twin, twin_lines)):
            if root is None:
                continue
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            data = ("\n".join(lines) + "\n").encode("utf-8")
            path.write_bytes(data)
            if root is out:
                manifest["bytes"] += len(data)
        manifest["files"] += 1
        manifest["defects"].extend(entries)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--twin", type=Path)
    parser.add_argument("--defect-rate", type=float, default=0.5)
    args = parser.parse_args()
    manifest = write_corpus(args.out, args.n, args.seed, args.twin, args.defect_rate)
    kinds: dict[str, int] = {}
    for d in manifest["defects"]:
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    print(
        f"{args.n} forms in {manifest['files']} files ({manifest['bytes'] / 1e6:.1f} MB), "
        f"{len(manifest['defects'])} injected defects: {kinds}"
    )


if __name__ == "__main__":
    main()
