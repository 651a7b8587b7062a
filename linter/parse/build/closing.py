"""The rows after the table: 总分/合计, the grade, and the notes with the form's own grade bands."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from linter.parse import vocab
from linter.parse.build.common import cell_span, row_span
from linter.parse.lexer import Classified
from linter.parse.nodes import Band, Text, Total
from linter.parse.normalize import clean
from linter.parse.values import make_value


def total_of(item: Classified, has_weight: bool = True) -> Total:
    """The 总分 row: its weight and score, in that order; a table without a weight column has
    only the score."""
    row = item.row
    label_at = next(i for i, k in enumerate(item.keys) if k in vocab.TOTAL_LABELS)
    numbers = [
        make_value(row.texts[j], cell_span(row, j))
        for j in range(label_at + 1, len(row.texts))
        if row.texts[j].strip()
    ]
    numbers = [v for v in numbers if v.is_number]
    if not has_weight:
        return Total(weight=None, score=numbers[0] if numbers else None, span=row_span(row))
    weight = numbers[0] if numbers else None
    score = numbers[1] if len(numbers) > 1 else None
    return Total(weight=weight, score=score, span=row_span(item.row))


def grade_of(item: Classified) -> Text:
    """The grade the form states; an empty text at its label when the cell is left empty, so
    that a layout with a grade field can be told from one without."""
    texts = item.row.texts
    label_at = next(i for i, k in enumerate(item.keys) if k in vocab.GRADE_LABELS)
    for j in range(label_at + 1, len(texts)):
        if texts[j].strip():
            return Text(clean(texts[j]), cell_span(item.row, j))
    return Text("", cell_span(item.row, label_at))


def notes_of(items: Sequence[Classified]) -> tuple[list[Text], list[Band]]:
    notes: list[Text] = []
    bands: list[Band] = []
    for item in items:
        text = clean(" ".join(t for t in item.row.texts if t.strip()))
        span = row_span(item.row)
        notes.append(Text(text, span))
        for m in vocab.BAND.finditer(text):
            bands.append(Band(m.group(3), Decimal(m.group(1)), Decimal(m.group(2)), span))
        for m in vocab.LOW_BAND.finditer(text):
            if not any(b.grade == m.group(3) for b in bands):
                bands.append(Band(m.group(3), Decimal(m.group(1)), Decimal(m.group(2)), span))
    return notes, bands
