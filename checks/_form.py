"""Views of a form that several rules read, built once per form (``per_form``)."""

from __future__ import annotations

import operator
from collections.abc import Mapping
from functools import lru_cache

from checks._memo import FORM_MEMO, per_form
from checks._text import norm
from linter.parse.nodes import Field, Form

_NAME = operator.attrgetter("name.value")


@per_form
def fields_by_key(form: Form) -> Mapping[str, Field]:
    """The form's fields by key, the first of each as ``Form.field`` finds it (never mutate)."""
    by_key: dict[str, Field] = {}
    for f in form.fields:
        by_key.setdefault(f.key, f)
    return by_key


def field(form: Form, key: str) -> Field | None:
    """``form.field(key)`` (the first field with the key), by an index of the form's fields."""
    return fields_by_key(form).get(key)


def field_text(form: Form, key: str) -> str | None:
    """``form.field_text(key)``, by the same index."""
    f = fields_by_key(form).get(key)
    return f.value.value if f is not None and f.value is not None else None


@per_form
def names(form: Form) -> tuple[str, ...]:
    """The indicators' names as written, in the order of ``form.indicators``."""
    return tuple(map(_NAME, form.indicators))


@per_form
def name_keys(form: Form) -> tuple[str, ...]:
    """The words (``norm``) of each indicator's name, in the order of ``form.indicators``."""
    return _keys(names(form))


@lru_cache(maxsize=FORM_MEMO)
def _keys(names: tuple[str, ...]) -> tuple[str, ...]:
    """``norm`` of each name, remembered for a whole list: forms of one template share it."""
    return tuple(map(norm, names))
