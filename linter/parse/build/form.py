"""One form's parse tree to its Form node: dispatches each block to its builder."""

from __future__ import annotations

from collections.abc import Sequence

from lark import Token, Tree

from linter.parse import vocab
from linter.parse.build.closing import grade_of, notes_of, total_of
from linter.parse.build.common import cell_span, lines_span, row_span
from linter.parse.build.fields import fields_of
from linter.parse.build.funds import funds_of
from linter.parse.build.goals import goals_of
from linter.parse.build.table import table_of
from linter.parse.lexer import Classified
from linter.parse.nodes import Form, FormKind, Goals, Text
from linter.parse.normalize import clean

_LAYOUTS = (
    ("项目绩效自我评价", "legacy-self-evaluation"),
    ("绩效自评表", "self-evaluation"),
    ("部门项目支出预算绩效目标申报表", "department-target"),
    ("绩效目标申报表", "project-target"),
)


def _layout(title: str) -> str:
    return next((name for words, name in _LAYOUTS if words in title), "generic")


def build_form(tree: Tree, rows: Sequence[Classified], index: int) -> Form:
    title_item = rows[tree.children[0].start_pos]
    title_at = next(i for i, text in enumerate(title_item.row.texts) if text.strip())
    title = Text(clean(title_item.row.texts[title_at]), cell_span(title_item.row, title_at))
    parts: dict = {
        "fields": [],
        "notes": [],
        "bands": [],
        "categories": [],
        "indicators": [],
        "repairs": [],
        "funds": [],
        "goals": [],
    }
    year = None
    last = title_item
    for child in tree.children[1:]:
        if isinstance(child, Token):
            last = rows[child.start_pos]
            m = vocab.YEAR.match(next(k for k in last.keys if k))
            year = int(m.group(1)) if m else None
            continue
        last = _build_part(child, rows, parts) or last
    kind = (
        FormKind.SELF_EVALUATION
        if vocab.SELF_EVALUATION_TITLE.search(title.value)
        else FormKind.TARGET
    )
    funds = funds_of(parts["funds"]) if parts["funds"] else None
    return Form(
        index=index,
        kind=kind,
        layout=_layout(title.value),
        title=title,
        year=year,
        span=lines_span(row_span(title_item.row), row_span(last.row)),
        money_unit=funds.unit if funds is not None else None,
        fields=tuple(parts["fields"]),
        funds=funds,
        goals=goals_of(parts["goals"]) if parts["goals"] else Goals(),
        categories=tuple(parts["categories"]),
        indicators=tuple(parts["indicators"]),
        total=parts.get("total"),
        grade=parts.get("grade"),
        notes=tuple(parts["notes"]),
        bands=tuple(parts["bands"]),
        repairs=tuple(parts["repairs"]),
    )


def _build_part(node: Tree, rows: Sequence[Classified], parts: dict) -> Classified | None:
    """Builds one block into ``parts``; returns its last row. Tokens index ``rows``."""
    kind = node.data
    if kind == "table":
        head = rows[node.children[0].start_pos]
        body = [(sub.data, rows[sub.children[0].start_pos]) for sub in node.children[1:]]
        indicators, categories, repairs = table_of(head, body)
        parts["indicators"].extend(indicators)
        parts["categories"].extend(categories)
        parts["repairs"].extend(repairs)
        return body[-1][1] if body else head
    items = [rows[t.start_pos] for t in node.children if isinstance(t, Token)]
    if kind == "field":
        parts["fields"].extend(fields_of(items[0]))
    elif kind in ("funds", "goals"):
        parts[kind].extend(items)
    elif kind == "total":
        parts["total"] = total_of(items[0])
    elif kind == "grade":
        parts["grade"] = grade_of(items[0])
    elif kind == "notes":
        notes, bands = notes_of(items)
        parts["notes"].extend(notes)
        parts["bands"].extend(bands)
    elif kind == "text":
        parts["notes"].extend(notes_of(items)[0])
    return items[-1] if items else None
