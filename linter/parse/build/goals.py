"""The goals block: a heading row with the goal labels and text rows under them, or a label with
its text in the same row. A text row with one text per label gives them in order; otherwise a
text cell belongs to the nearest goal label at or left of it."""

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
        labels = _labels(item.keys)
        if item.kind == "GOAL_HEAD":
            heads = labels
            continue
        owners = labels if item.kind == "GOAL" else heads
        texts = [
            i
            for i, key in enumerate(item.keys)
            if key and key not in vocab.GOAL_LABELS and key not in vocab.GOAL_BLOCK_LABELS
        ]
        in_order = item.kind != "GOAL" and len(texts) == len(owners) > 1
        for n, i in enumerate(texts):
            role = owners[n][1] if in_order else _owner(owners, i)
            if role is None:
                continue
            text = Text(clean(row.texts[i]), cell_span(row, i))
            previous = found.get(role)
            found[role] = (
                text if previous is None else Text(previous.value + " " + text.value, previous.span)
            )
    return Goals(**found)


def _labels(keys: Sequence[str]) -> list[tuple[int, str]]:
    """The goal labels of a row by column; a block label that leads other labels (年度总体目标 |
    年初设定目标 | 完成情况综述) heads the block and owns no text."""
    labels = [(i, vocab.GOAL_LABELS[k]) for i, k in enumerate(keys) if k in vocab.GOAL_LABELS]
    first = next((k for k in keys if k), "")
    if len(labels) > 1 and first in vocab.GOAL_BLOCK_LABELS and labels[0][0] == keys.index(first):
        labels = labels[1:]
    return labels


def _owner(labels: Sequence[tuple[int, str]], col: int) -> str | None:
    left = [role for i, role in labels if i <= col]
    if left:
        return left[-1]
    return labels[0][1] if labels else None
