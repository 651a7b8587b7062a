"""Header fields (项目名称, 主管部门, 实施单位, 自评时间 …): each label takes the next filled cell,
or what its own cell holds after a colon (``预算单位:东莞展览馆``)."""

from __future__ import annotations

from functools import lru_cache

from linter.parse import vocab
from linter.parse.build.common import cell_span, next_filled, text_of
from linter.parse.lexer import Classified, field_key
from linter.parse.nodes import Field, Text
from linter.parse.normalize import LABEL_MEMO, clean

_tuple = tuple.__new__  # named tuples without their Python-level __new__: a field per label


def fields_of(item: Classified) -> list[Field]:
    row, keys = item.row, item.keys
    out: list[Field] = []
    for i, key in enumerate(keys):
        canonical = field_key(key) if key else None
        if canonical is None:
            continue
        label, rest = _label_and_rest(row.texts[i])
        if rest:
            value: Text | None = _tuple(Text, (rest, cell_span(row, i)))
        else:
            j = next_filled(row.texts, i + 1, stop_keys=vocab.FIELDS, keys=keys)
            value = text_of(row, j) if j is not None else None
        out.append(_tuple(Field, (canonical, label, value, cell_span(row, i))))
    return out


@lru_cache(maxsize=LABEL_MEMO)
def _label_and_rest(text: str) -> tuple[str, str]:
    """A label cell's label, and what it holds after a colon (``预算单位:东莞展览馆``); the
    labels of a template recur in every form."""
    label, _, rest = clean(text).replace("：", ":").partition(":")
    return label.strip(), rest.strip()
