"""Whether a form states a reason: the texts a reason is written in, and what counts as one.

A template's own instruction (年中发生预算调整的…应单独说明理由, (100字以内)) is in the cell a
reason belongs in and holds the word 原因, but explains nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from checks._form import field_text
from checks._memo import per_options
from linter.parse.nodes import Form
from linter.parse.normalize import TEXT_MEMO

REASON_OPTIONS: dict[str, list[str]] = {
    "reason_words": [
        "原因",
        "由于",
        "因",
        "追加",
        "调减",
        "调增",
        "调整",
        "增加",
        "减少",
        "收回",
        "压减",
        "结余",
    ],
    "instructions": [r"\d+\s*字以内", r"应单独说明", r"需说明原因", r"说明理由"],
}


@per_options
def explains_by(options: Mapping[str, Any]) -> Callable[[str], bool]:
    """Whether a text gives a reason: it has a reason word and is not the template's own
    instruction (…应单独说明理由, (100字以内))."""
    words = tuple(options["reason_words"])
    instruction = re.compile("|".join(options["instructions"]))

    @lru_cache(maxsize=TEXT_MEMO)
    def explains(text: str) -> bool:
        return not instruction.search(text) and any(w in text for w in words)

    return explains


def reason_texts(form: Form) -> Iterator[str]:
    """Where a self-evaluation states why its money changed: the funds' 原因 cells, its notes,
    主要问题 and 评价结论."""
    if form.funds is not None:
        for item in form.funds.items:
            if item.column == "note" and item.amount is not None and item.amount.text:
                yield item.amount.text
    yield from (n.value for n in form.notes)
    for key in ("problems", "conclusion"):
        text = field_text(form, key)
        if text:
            yield text
