"""Header fields (项目名称, 主管部门, 实施单位, 自评时间 …): each label takes the next filled cell."""

from __future__ import annotations

from linter.parse import vocab
from linter.parse.build.common import cell_span, next_filled, text_of
from linter.parse.lexer import Classified
from linter.parse.nodes import Field
from linter.parse.normalize import clean


def fields_of(item: Classified) -> list[Field]:
    row, keys = item.row, item.keys
    out: list[Field] = []
    for i, key in enumerate(keys):
        if key not in vocab.FIELDS:
            continue
        j = next_filled(row.texts, i + 1, stop_keys=vocab.FIELDS, keys=keys)
        value = text_of(row, j) if j is not None else None
        out.append(
            Field(vocab.FIELDS[key], clean(row.texts[i]).rstrip(":："), value, cell_span(row, i))
        )
    return out
