"""Forms as plain data, for ``formlint parse --format json``."""

from __future__ import annotations

from linter.parse.nodes import Document, Form, Text


def _text(t: Text | None) -> str | None:
    return None if t is None else t.value


def form_dict(form: Form) -> dict:
    funds = form.funds
    return {
        "index": form.index,
        "kind": form.kind.value,
        "scope": form.scope.value,
        "layout": form.layout,
        "doubts": sorted(form.doubts),
        "columns": sorted(form.columns),
        "title": form.title.value,
        "year": form.year,
        "line": form.span.line,
        "end_line": form.span.end_line,
        "project": form.project,
        "department": form.field_text("department"),
        "unit": form.field_text("unit"),
        "money_unit": form.money_unit,
        "fields": {f.key: _text(f.value) for f in form.fields},
        "funds": None
        if funds is None
        else [
            {
                "key": i.key,
                "label": i.label,
                "column": i.column,
                "amount": None if i.amount is None else i.amount.to_dict(),
                "line": i.span.line,
            }
            for i in funds.items
        ],
        "goals": {
            "total": _text(form.goals.total),
            "annual": _text(form.goals.annual),
            "actual": _text(form.goals.actual),
            "period": _text(form.goals.period),
        },
        "categories": [
            {
                "label": c.label,
                "points": None if c.points is None else str(c.points.number),
                "line": c.span.line,
            }
            for c in form.categories
        ],
        "indicators": [i.to_dict() for i in form.indicators],
        "total": None
        if form.total is None
        else {
            "weight": None if form.total.weight is None else str(form.total.weight.number),
            "score": None if form.total.score is None else str(form.total.score.number),
            "line": form.total.span.line,
        },
        "grade": _text(form.grade) or None,
        "bands": [{"grade": b.grade, "low": str(b.low), "high": str(b.high)} for b in form.bands],
        "notes": [n.value for n in form.notes],
        "repairs": [
            {"kind": r.kind, "detail": r.detail, "line": r.span.line, "repaired": r.repaired}
            for r in form.repairs
        ],
    }


def document_dict(doc: Document) -> dict:
    return {
        "path": doc.path,
        "forms": [form_dict(f) for f in doc.forms],
        "problems": [{"code": p.code, "message": p.en, "line": p.span.line} for p in doc.problems],
    }
