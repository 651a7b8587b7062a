"""Remembering what several rules derive from the same form.

The engine runs every rule on one form before it moves to the next, so a value derived from the
form (the funds by key, the 合计 stated in its texts) is asked for by rule after rule in a row.
``per_form`` keeps the last one; the nodes are immutable, so it cannot go stale, and holding the
argument keeps its identity from being reused by another object.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

A = TypeVar("A")
R = TypeVar("R")


def per_form(derive: Callable[[A], R]) -> Callable[[A], R]:
    """``derive`` remembered for the last argument it was given (by identity). Its results are
    shared between callers: return immutable values, or never mutate them."""
    last: tuple[object, object] = (object(), None)

    @wraps(derive)
    def remembered(node: A) -> R:
        nonlocal last
        held, result = last
        if held is not node:
            result = derive(node)
            last = (node, result)
        return result  # type: ignore[return-value]

    return remembered
