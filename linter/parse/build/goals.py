"""The goals block: a heading row with the goal labels and text rows under them, or a label with
its text in the same row. A text cell belongs to the nearest goal label at or left of it."""

from __future__ import annotations

from collections.abc import Sequence

from linter.parse import vocab
from linter.parse.build.common import cell_span
from linter.parse.lexer import Classified
from linter.parse.nodes import Goals, Text
from linter.parse.normalize import clean


def goals_of(items: Sequence[Classified]) -> Goals:
    heads: list[tuple[int, str]] = []
    found: dict[str, Text] = {}
    for item in items:
        row = item.row
        if item.kind == "PERIOD":
            i = next(i for i, k in enumerate(item.keys) if k)
            found["period"] = Text(clean(row.texts[i]), cell_span(row, i))
            continue
        labels = [
            (i, vocab.GOAL_LABELS[k]) for i, k in enumerate(item.keys) if k in vocab.GOAL_LABELS
        ]
        if item.kind == "GOAL_HEAD":
            heads = labels
            continue
        owners = labels if item.kind == "GOAL" else heads
        for i, key in enumerate(item.keys):
            if not key or key in vocab.GOAL_LABELS or key in vocab.GOAL_BLOCK_LABELS:
                continue
            role = _owner(owners, i)
            if role is None:
                continue
            text = Text(clean(row.texts[i]), cell_span(row, i))
            previous = found.get(role)
            found[role] = (
                text if previous is None else Text(previous.value + " " + text.value, previous.span)
            )
    return Goals(**found)


def _owner(labels: Sequence[tuple[int, str]], col: int) -> str | None:
    left = [role for i, role in labels if i <= col]
    if left:
        return left[-1]
    return labels[0][1] if labels else None
