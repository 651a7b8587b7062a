"""The rows after the table: 总分/合计, the grade, and the notes with the form's own grade bands."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from linter import vocab
from linter.build.common import cell_span, lines_span, row_span
from linter.lexer import Classified
from linter.nodes import Band, Text, Total
from linter.normalize import clean
from linter.values import make_value


def total_of(item: Classified) -> Total:
    cells = item.row.cells
    label_at = next(i for i, k in enumerate(item.keys) if k in vocab.TOTAL_LABELS)
    numbers = [make_value(c.text, cell_span(c)) for c in cells[label_at + 1 :] if c.text.strip()]
    numbers = [v for v in numbers if v.is_number]
    weight = numbers[0] if numbers else None
    score = numbers[1] if len(numbers) > 1 else None
    return Total(weight=weight, score=score, span=row_span(item.row))


def grade_of(item: Classified) -> Text | None:
    cells = item.row.cells
    label_at = next(i for i, k in enumerate(item.keys) if k in vocab.GRADE_LABELS)
    for cell in cells[label_at + 1 :]:
        if cell.text.strip():
            return Text(clean(cell.text), cell_span(cell))
    return None


def notes_of(items: Sequence[Classified]) -> tuple[list[Text], list[Band]]:
    notes: list[Text] = []
    bands: list[Band] = []
    for item in items:
        text = clean(" ".join(c.text for c in item.row.cells if c.text.strip()))
        span = row_span(item.row)
        notes.append(Text(text, span))
        for m in vocab.BAND.finditer(text):
            bands.append(Band(m.group(3), Decimal(m.group(1)), Decimal(m.group(2)), span))
        for m in vocab.LOW_BAND.finditer(text):
            if not any(b.grade == m.group(3) for b in bands):
                bands.append(Band(m.group(3), Decimal(m.group(1)), Decimal(m.group(2)), span))
    return notes, bands


def span_of_items(items: Sequence[Classified]):
    return lines_span(row_span(items[0].row), row_span(items[-1].row))
