"""Remembering what several rules derive from the same form.

The engine runs every rule on one form before it moves to the next, so a value derived from the
form (the funds by key, the 合计 stated in its texts) is asked for by rule after rule in a row.
``per_form`` keeps the last one; the nodes are immutable, so it cannot go stale, and holding the
argument keeps its identity from being reused by another object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, TypeVar

# Memos keyed by a whole form's indicator names: forms of one template recur close together, so
# a few hundred entries find them, and each entry holds a dozen names (at 4,096 entries these
# memos grew a run's peak memory by ~5 MB from 2,000 to 8,000 forms).
FORM_MEMO = 256
# Memos of a finding's messages: a few hundred recurring goal/indicator pairs cover a template's
# forms; each entry holds two long messages (at 4,096, GOAL001's and VAG007's grew ~3 MB).
MESSAGE_MEMO = 512

A = TypeVar("A")
B = TypeVar("B")
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


def per_form_with(derive: Callable[[A, B], R]) -> Callable[[A, B], R]:
    """``per_form`` for a derivation that also takes a setting (a rule's reader of its options,
    a threshold), compared by equality (a reader is equal only to itself): rules with the same
    setting share the result."""
    last: tuple[object, object, object] = (object(), object(), None)

    @wraps(derive)
    def remembered(node: A, helper: B) -> R:
        nonlocal last
        held, held_helper, result = last
        if held is not node or held_helper != helper:
            result = derive(node, helper)
            last = (node, helper, result)
        return result  # type: ignore[return-value]

    return remembered


def per_options(derive: Callable[[Mapping[str, Any]], R]) -> Callable[[Mapping[str, Any]], R]:
    """``derive`` remembered per options mapping (by identity, a few dozen at most).

    The engine builds each rule's options once per run (per file with per-file-ignores) and
    never changes them, and deriving a rule's settings from them (tuples of words, patterns,
    readers) on every form cost as much as the rest of many rules. Holding the options keeps
    their identity from being reused.
    """
    held: dict[int, tuple[Mapping[str, Any], R]] = {}

    @wraps(derive)
    def remembered(options: Mapping[str, Any]) -> R:
        found = held.get(id(options))
        if found is not None and found[0] is options:
            return found[1]
        result = derive(options)
        if len(held) >= 64:
            held.clear()
        held[id(options)] = (options, result)
        return result

    return remembered
