"""``--format html``: one self-contained page a finance bureau can mail around.

Summary figures, bar charts (inline SVG) of findings per rule, per 主管部门 and per 实施单位, and
a filterable list of forms in which every finding is shown in its row of the form, the
offending cell marked. No network: styles, script and charts are all inline.

A bar filters the list by what it counts, not by text: each form carries its rules, 主管部门 and
实施单位 as data, and a bar the values it stands for, so 其他 (the bars past the twelfth) shows
the forms of all of them and （未填） the forms that leave the field empty.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from html import escape
from typing import IO

from linter.engine import Diagnostic, FileResult, FormInfo, RunResult
from linter.reporters.base import (
    TOOL,
    UNFILLED,
    ReportContext,
    cells_hit,
    counts_by,
    department,
    inflated_departments,
    relative,
    rule_summary,
    unit,
)

SEVERITY_RANK = {"error": 2, "warning": 1, "info": 0}
WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "file_level": "文件级"},
    "en": {"error": "error", "warning": "warning", "info": "info", "file_level": "file level"},
}
CHART_ROWS = 12

STYLE = """
:root{--err:#c62828;--warn:#d98c00;--info:#1f6fb2;--ink:#1d2330;--mute:#667085;--line:#e4e7ec;
--bg:#f6f7f9;font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--ink);font-size:14px}
header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c9ced8;font-size:12px}main{padding:20px 28px}
h2{font-size:17px;margin:26px 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 18px;min-width:130px}
.card b{display:block;font-size:26px}.card span{color:var(--mute);font-size:12px}
.card.error b{color:var(--err)}.card.warning b{color:var(--warn)}.card.info b{color:var(--info)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:14px}
figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px}
figcaption{font-weight:600;margin-bottom:6px}svg.chart{width:100%;height:auto;display:block}
svg.chart text{font-size:12.5px;fill:var(--ink)}svg.chart .bar{cursor:pointer}
svg.chart .bar:hover rect{opacity:.75}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin-bottom:10px}
.filters input[type=search]{width:320px;padding:6px 8px;border:1px solid #c5cad3;border-radius:6px}
.filters select{padding:5px;border-radius:6px;border:1px solid #c5cad3}
#shown{color:var(--mute)}
#facet{background:#e8eefc;border-radius:12px;padding:2px 4px 2px 10px}
#facet button{border:0;background:none;cursor:pointer;font-size:14px}
table.forms{width:100%;border-collapse:collapse;background:#fff;border:1px solid var(--line)}
table.forms th{background:#eef1f5;text-align:left;padding:7px 8px;font-size:12px;position:sticky;top:0}
table.forms td{padding:6px 8px;border-top:1px solid var(--line);vertical-align:top}
tr.head{cursor:pointer}tr.head:hover{background:#f8fafc}td.num{text-align:right;width:48px}
td.num.error{color:var(--err);font-weight:700}td.num.warning{color:var(--warn);font-weight:700}
td.num.info{color:var(--info)}td.zero{color:#c0c5cf}
tbody.form:not(.open) tr.detail{display:none}
tr.detail td{background:#fbfcfd;padding:8px 14px 14px}
.row{margin:8px 0 4px;overflow-x:auto}
table.source{border-collapse:collapse;font-size:13px}
table.source td{border:1px solid #d0d5dd;padding:3px 7px;background:#fff;max-width:420px}
table.source td.ln{color:var(--mute);background:#f2f4f7;font-variant-numeric:tabular-nums}
table.source td.hit{background:#ffe1e1;outline:2px solid var(--err);outline-offset:-2px}
table.source td.hit.warning{background:#fff3cd;outline-color:var(--warn)}
table.source td.hit.info{background:#e0efff;outline-color:var(--info)}
ul.findings{margin:2px 0 0;padding-left:18px}ul.findings li{margin:2px 0}
.sev{display:inline-block;border-radius:4px;padding:0 5px;font-size:12px;color:#fff}
.sev.error{background:var(--err)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:#6b2fb3}
.muted{color:var(--mute)}.path{color:var(--mute);font-size:12px;word-break:break-all}
"""

SCRIPT = """
(function(){
const q=document.getElementById('filter-text'),sev=document.getElementById('filter-severity'),
flagged=document.getElementById('filter-flagged'),shown=document.getElementById('shown');
const chip=document.getElementById('facet'),chipText=document.getElementById('facet-text');
const bodies=[...document.querySelectorAll('tbody.form')];let facet=null;
function inFacet(b){if(!facet)return true;const v=b.dataset[facet.name];
return facet.name==='codes'?v.split(' ').some(c=>facet.values.has(c)):facet.values.has(v);}
function apply(){const t=q.value.trim().toLowerCase();let n=0;
for(const b of bodies){const ok=(!t||b.dataset.search.includes(t))&&
(!sev.value||b.dataset.sev.split(' ').includes(sev.value))&&(!flagged.checked||b.dataset.sev!=='')&&inFacet(b);
b.hidden=!ok;if(ok)n++;}shown.textContent=n+' / '+bodies.length;
chip.hidden=!facet;chipText.textContent=facet?facet.label:'';}
q.addEventListener('input',apply);sev.addEventListener('change',apply);flagged.addEventListener('change',apply);
document.getElementById('facet-clear').addEventListener('click',()=>{facet=null;apply();});
for(const b of bodies){b.querySelector('tr.head').addEventListener('click',()=>b.classList.toggle('open'));}
document.getElementById('expand').addEventListener('click',()=>bodies.forEach(b=>b.classList.add('open')));
document.getElementById('collapse').addEventListener('click',()=>bodies.forEach(b=>b.classList.remove('open')));
for(const bar of document.querySelectorAll('svg.chart .bar')){bar.addEventListener('click',()=>{
facet={name:bar.dataset.facet,values:new Set(JSON.parse(bar.dataset.values)),label:bar.dataset.label};
apply();document.getElementById('forms').scrollIntoView();});}
apply();})();
"""


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def render_html(result: RunResult, ctx: ReportContext, out: IO) -> None:
    lang = ctx.lang if ctx.lang in WORDS else "zh"
    words = WORDS[lang]
    diags = result.diagnostics
    severity = Counter(d.severity for d in diags)
    forms = sum(len(f.forms) for f in result.files)
    flagged = len({(d.path, d.form.index) for d in diags if d.form is not None})
    worst: dict[str, str] = {}  # the colour of a rule's bar
    for d in diags:
        if d.code not in worst or SEVERITY_RANK[d.severity] > SEVERITY_RANK[worst[d.code]]:
            worst[d.code] = d.severity
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>formlint 绩效表检查报告</title>",
        f"<style>{STYLE}</style></head><body>",
        "<header><h1>formlint 绩效表检查报告 <small>/ performance form report</small></h1>",
        f"<p>formlint {_t(TOOL['version'])} · {datetime.now():%Y-%m-%d %H:%M}"
        f" · {len(result.files)} 个文件 files</p></header><main>",
        '<section id="summary"><h2>概况 Summary</h2><div class="cards">',
        _card("文件 files", len(result.files)),
        _card("未检查的文件 files not linted", result.counts().skipped, "error"),
        _card("表单 forms", forms),
        _card("有问题的表单 forms with findings", flagged),
        _card("问题 findings", len(diags)),
        _card(f"{WORDS['zh']['error']} errors", severity.get("error", 0), "error"),
        _card(f"{WORDS['zh']['warning']} warnings", severity.get("warning", 0), "warning"),
        _card(f"{WORDS['zh']['info']} info", severity.get("info", 0), "info"),
        "</div></section>",
        '<section id="charts"><h2>分布 Where the findings are</h2><div class="charts">',
        _chart(
            "chart-rules",
            "按规则 per rule",
            "codes",
            [
                (code, n, f"{code} {rule_summary(ctx.rules, code, lang)}", worst[code])
                for code, n in counts_by(result, lambda d: d.code)
            ],
        ),
        _chart(
            "chart-departments",
            "按主管部门 per 主管部门",
            "dept",
            [(_field(name), n, name, "bar") for name, n in counts_by(result, department)],
        ),
        _chart(
            "chart-units",
            "按实施单位 per 实施单位",
            "unit",
            [(_field(name), n, name, "bar") for name, n in counts_by(result, unit)],
        ),
        "</div></section>",
        *_inflated_section(result, lang),
    ]
    for problem in result.problems:
        parts.append(f'<p class="sev error">{_t(problem)}</p>')
    parts += _forms_section(result, ctx, words)
    parts.append(f"</main><script>{SCRIPT}</script></body></html>\n")
    out.write("\n".join(parts))


def _inflated_section(result: RunResult, lang: str) -> list[str]:
    """The departments whose every self-evaluation scored full (SCORE015), apart from the
    charts: the first a reviewer samples."""
    inflated = inflated_departments(result)
    if not inflated:
        return []
    items = "".join(
        f"<li><b>{_t(name)}</b> {_t(en if lang == 'en' else zh)}</li>" for name, zh, en in inflated
    )
    return [
        '<section id="inflated"><h2>自评全部满分的主管部门 Departments where every'
        f" self-evaluation scored full</h2><ul>{items}</ul></section>"
    ]


def _card(label: str, value: int, cls: str = "") -> str:
    return f'<div class="card {cls}"><b>{value}</b><span>{_t(label)}</span></div>'


COLOURS = {"error": "#c62828", "warning": "#e09a00", "info": "#1f6fb2", "bar": "#4e6e9e"}


def _field(name: str) -> str:
    """A chart's name for a form field as the forms carry it: （未填） is the empty field."""
    return "" if name == UNFILLED else name


def _chart(ident: str, caption: str, facet: str, rows: list[tuple[str, int, str, str]]) -> str:
    """A horizontal bar chart; a bar filters the form list to the forms it counts when clicked
    (``facet`` names the forms' data it matches: codes, dept or unit)."""
    bars_of: list[tuple[list[str], int, str, str]] = [
        ([key], n, label, colour) for key, n, label, colour in rows
    ]
    if len(rows) > CHART_ROWS:
        rest = rows[CHART_ROWS - 1 :]
        bars_of = bars_of[: CHART_ROWS - 1] + [
            ([key for key, _, _, _ in rest], sum(n for _, n, _, _ in rest), "其他 others", "bar")
        ]
    height, label_w, width = 22, 168, 430
    top = max((n for _, n, _, _ in bars_of), default=1)
    bars = []
    for i, (keys, n, label, colour) in enumerate(bars_of):
        y = 6 + i * height
        w = max(2, round((width - label_w - 44) * n / top))
        short = label if len(label) <= 13 else label[:12] + "…"
        values = json.dumps(keys, ensure_ascii=False)
        bars.append(
            f'<g class="bar" data-facet="{facet}" data-values="{_t(values)}" data-count="{n}"'
            f' data-label="{_t(f"{caption}: {label}")}"><title>{_t(label)}: {n}</title>'
            f'<rect class="row" x="0" y="{y}" width="{width}" height="{height}"'
            ' fill="transparent"></rect>'  # the whole row takes the click, not only the bar
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{_t(short)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{height - 8}" rx="3"'
            f' fill="{COLOURS.get(colour, COLOURS["bar"])}"></rect>'
            f'<text x="{label_w + w + 6}" y="{y + 15}">{n}</text></g>'
        )
    if not bars:
        bars.append('<text x="10" y="24" class="muted">无问题 no findings</text>')
    total_h = 12 + max(1, len(bars_of)) * height
    return (
        f"<figure><figcaption>{_t(caption)}</figcaption>"
        f'<svg id="{ident}" class="chart" role="img" aria-label="{_t(caption)}"'
        f' viewBox="0 0 {width} {total_h}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(bars)
        + "</svg></figure>"
    )


def _forms_section(result: RunResult, ctx: ReportContext, words: dict) -> list[str]:
    parts = [
        '<section id="forms"><h2>表单与问题 Forms and findings</h2>',
        '<div class="filters">',
        '<input type="search" id="filter-text" placeholder="搜索 项目、主管部门、实施单位、规则、文件 …">',
        '<select id="filter-severity"><option value="">全部级别 all severities</option>'
        + "".join(
            f'<option value="{s}">{WORDS["zh"][s]} {s}</option>'
            for s in ("error", "warning", "info")
        )
        + "</select>",
        '<label><input type="checkbox" id="filter-flagged" checked> 仅显示有问题的表单 only forms'
        " with findings</label>",
        '<button id="expand" type="button">全部展开 expand</button>'
        '<button id="collapse" type="button">全部折叠 collapse</button>',
        '<span id="facet" hidden><span id="facet-text"></span>'
        '<button id="facet-clear" type="button" title="清除 clear">×</button></span>',
        '<span id="shown"></span></div>',
        '<table class="forms" id="findings-table"><thead><tr><th>项目 project</th>'
        "<th>主管部门</th><th>实施单位</th><th>文件 file</th>"
        f'<th class="num">{WORDS["zh"]["error"]}</th><th class="num">{WORDS["zh"]["warning"]}</th>'
        f'<th class="num">{WORDS["zh"]["info"]}</th></tr></thead>',
    ]
    open_all = sum(len(f.forms) for f in result.files) <= 300
    for f in result.files:
        by_form: dict[int, list[Diagnostic]] = defaultdict(list)
        for d in f.diagnostics:
            by_form[d.form.index if d.form else 0].append(d)
        if 0 in by_form:
            parts.append(_form_body(f, None, by_form[0], ctx, words, open_all))
        for info in f.forms:
            parts.append(_form_body(f, info, by_form.get(info.index, []), ctx, words, open_all))
    parts.append("</table></section>")
    return parts


def _form_body(
    f: FileResult,
    info: FormInfo | None,
    diags: list[Diagnostic],
    ctx: ReportContext,
    words: dict,
    open_all: bool,
) -> str:
    counts = Counter(d.severity for d in diags)
    project = (info.project or info.title) if info else words["file_level"]
    dept = (info.department or "") if info else ""
    unit_name = (info.unit or "") if info else ""
    search = " ".join([project, dept, unit_name, f.path, *(d.code for d in diags)]).lower()
    sev = " ".join(sorted(counts))
    opened = " open" if diags and open_all else ""
    where = relative(f.path, ctx.root) + (f" · 表 {info.index} · 第 {info.line} 行" if info else "")
    cells = "".join(
        f'<td class="num {s if counts.get(s) else "zero"}">{counts.get(s, 0)}</td>'
        for s in ("error", "warning", "info")
    )
    head = (
        f'<tr class="head"><td><b>{_t(project)}</b></td><td>{_t(dept)}</td><td>{_t(unit_name)}</td>'
        f'<td class="path">{_t(where)}</td>{cells}</tr>'
    )
    detail = ""
    if diags:
        detail = (
            f'<tr class="detail"><td colspan="7">{_finding_rows(f, diags, ctx, words)}</td></tr>'
        )
    codes = " ".join(sorted({d.code for d in diags}))
    return (
        f'<tbody class="form{opened}" data-search="{_t(search)}" data-sev="{sev}"'
        f' data-codes="{codes}" data-dept="{_t(dept)}" data-unit="{_t(unit_name)}">'
        f"{head}{detail}</tbody>"
    )


def _finding_rows(f: FileResult, diags: list[Diagnostic], ctx: ReportContext, words: dict) -> str:
    by_line: dict[int, list[Diagnostic]] = defaultdict(list)
    for d in diags:
        by_line[d.span.line].append(d)
    out = []
    for line in sorted(by_line):
        group = by_line[line]
        if line in f.lines:
            out.append(f'<div class="row">{_source_row(line, f.lines[line], group)}</div>')
        items = "".join(
            f'<li><span class="sev {d.severity}">{_t(words[d.severity])}</span> '
            f'<code title="{_t(rule_summary(ctx.rules, d.code, ctx.lang))}">{_t(d.code)}</code> '
            f'{_t(d.message(ctx.lang))} <span class="muted">{d.span.line}:{d.span.col}'
            f"{' · ' + _t(d.span.where) if d.span.where else ''}</span></li>"
            for d in group
        )
        out.append(f'<ul class="findings">{items}</ul>')
    return "".join(out)


def _source_row(line_no: int, line: str, group: list[Diagnostic]) -> str:
    """The row as a table of its cells, the cells a finding points at marked by severity."""
    texts = line.split("\t")
    marks: list[str | None] = [None] * len(texts)
    for d in group:
        for index in cells_hit(line, d.span):
            mark = marks[index]
            if mark is None or SEVERITY_RANK[d.severity] > SEVERITY_RANK[mark]:
                marks[index] = d.severity
    cells = [
        f'<td class="hit {mark}">{_t(text)}</td>' if mark else f"<td>{_t(text)}</td>"
        for text, mark in zip(texts, marks, strict=True)
    ]
    while len(cells) > 1 and cells[-1] == "<td></td>":
        cells.pop()
    return f'<table class="source"><tr><td class="ln">{line_no}</td>{"".join(cells)}</tr></table>'
