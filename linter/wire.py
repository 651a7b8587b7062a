"""A file's result as bytes, for the cache on disk and for worker processes sending results back.

Plain tuples written by ``marshal`` load several times faster than pickled objects, and loading
them runs no code: an entry holds strings, numbers, tuples, lists and dicts, nothing else. A
batch digest's data, which a plugin chooses, travels pickled from a worker to its own parent
(``trusted``), as it always has; in the cache it is stored as plain values: tuples, lists,
dicts, sets, Decimals and named tuples of them, each container tagged, a named tuple rebuilt as
its class, found among the modules already imported (never imported for it). A digest holding
anything else is not cached (``dump_result`` raises ValueError), and nothing pickled is ever
loaded from the cache.
"""

from __future__ import annotations

import marshal
import sys
from decimal import Decimal
from enum import Enum
from typing import Any

from linter.parse.nodes import FormInfo, Span
from linter.results import Diagnostic, FileResult
from linter.rules import FormDigest

_new = tuple.__new__  # a named tuple from a stored tuple, without its Python-level __new__
_PICKLED, _PLAIN = "p", "m"  # how a file's digests are stored: pickled (pipe), plain values


def dump_result(result: FileResult, trusted: bool = False) -> bytes:
    """A result without its path (the reader of the bytes knows it). A finding's form is an
    index into the file's forms (found by identity: the engine gives a form's findings its one
    FormInfo), or a tuple for a form of another file, or None. One comprehension, no call per
    finding: a run sends every finding through here.

    Batch digests go pickled from a worker to its parent (``trusted``: the pipe is the parent's
    own); for the cache they are encoded as plain values (``_encode``), and ValueError is raised
    when a digest holds anything else."""
    forms = result.forms
    index = {id(info): i for i, info in enumerate(forms)}
    get = index.get
    digests = [
        (code, i if (i := get(id(info))) is not None else tuple(info), tuple(d.span), d.data)
        for code, info, d in result.digests
    ]
    if not digests:
        stored: tuple = (_PLAIN, ())
    elif trusted:
        import pickle

        stored = (_PICKLED, pickle.dumps(digests, pickle.HIGHEST_PROTOCOL))
    else:
        classes = _Classes()
        first: dict[int, int] = {}  # several rules often keep one object of a form: kept once
        encoded = []
        for n, (c, f, s, data) in enumerate(digests):
            same = first.setdefault(id(data), n)
            encoded.append((c, f, s, (_SAME, same) if same != n else _encode(data, classes)))
        stored = (_PLAIN, (classes.names, encoded))
    return marshal.dumps(
        (
            [tuple(f) for f in forms],
            [
                (
                    tuple(d[1]),
                    d[2],
                    d[3],
                    d[4],
                    d[5],
                    None
                    if (f := d[6]) is None
                    else (i if (i := get(id(f))) is not None else tuple(f)),
                    d[7],
                )
                for d in result.diagnostics
            ],
            result.lines,
            stored,
        )
    )


# A digest's data as plain values. A scalar stands for itself; every other value is a tuple
# whose first item says what it is: a container's tag, or (16 and more) the index of a named
# tuple or enum class in the entry's table of classes, written once per entry. So no plain
# tuple is ever mistaken for one, and the bytes stay small.
_SCALARS = (str, int, float, bool, bytes, type(None))
_TUPLE, _LIST, _DICT, _SET, _FROZENSET, _DECIMAL, _SAME = range(7)
_CLASS = 16  # tags from here on: a class of the table


class _Classes:
    """The table of classes of one entry, as it is written."""

    def __init__(self) -> None:
        self.index: dict[type, int] = {}
        self.names: list[tuple[str, str, int]] = []  # module, qualname, 1 for an enum

    def tag(self, kind: type, enum: bool) -> int:
        found = self.index.get(kind)
        if found is None:
            found = self.index[kind] = _CLASS + len(self.names)
            self.names.append((kind.__module__, kind.__qualname__, int(enum)))
        return found


def _encode(value: Any, classes: _Classes) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is Decimal:
        return (_DECIMAL, str(value))
    if kind is tuple or kind is list or kind is set or kind is frozenset:
        tag = {tuple: _TUPLE, list: _LIST, set: _SET, frozenset: _FROZENSET}[kind]
        return (tag, *[v if type(v) in _SCALARS else _encode(v, classes) for v in value])
    if kind is dict:
        return (
            _DICT,
            *[(_TUPLE, _encode(k, classes), _encode(v, classes)) for k, v in value.items()],
        )
    if isinstance(value, Enum):
        return (classes.tag(kind, True), _encode(value.value, classes))
    if isinstance(value, tuple) and hasattr(kind, "_fields"):
        tag = classes.tag(kind, False)
        return (tag, *[v if type(v) in _SCALARS else _encode(v, classes) for v in value])
    raise ValueError(f"a digest holds {kind.__name__}, not plain values")


def _decode(value: tuple, table: list) -> Any:
    """A value ``_encode`` wrote, ``table`` holding the entry's classes. Scalars are passed over
    in the comprehensions without a call: a digest holds hundreds of them."""
    tag = value[0]
    if tag >= _CLASS:
        cls, enum = table[tag - _CLASS]
        if enum:
            member = value[1]
            if member.__class__ is tuple:
                member = _decode(member, table)
            found = cls._value2member_map_.get(member)  # Enum's own lookup, without its call
            return found if found is not None else cls(member)
        if len(value) - 1 != len(cls._fields):
            raise ValueError(f"{cls.__qualname__} has {len(cls._fields)} fields")
        return _new(cls, [f if f.__class__ is not tuple else _decode(f, table) for f in value[1:]])
    if tag == _DECIMAL:
        return Decimal(value[1])
    items = [v if v.__class__ is not tuple else _decode(v, table) for v in value[1:]]
    if tag == _TUPLE:
        return tuple(items)
    if tag == _LIST:
        return items
    if tag == _DICT:
        return dict(items)
    if tag == _SET:
        return set(items)
    if tag == _FROZENSET:
        return frozenset(items)
    raise ValueError(f"a stored value tagged {tag!r}")


def _load_digests(stored: tuple, forms: list[FormInfo], trusted: bool) -> list:
    how, payload = stored
    if how == _PICKLED and trusted:
        import pickle

        entries = pickle.loads(payload)
    elif how == _PLAIN:
        names, encoded = payload if payload else ((), [])
        table = [
            (_loaded_class(module, qualname, Enum if enum else tuple), enum)
            for module, qualname, enum in names
        ]
        for cls, enum in table:
            if not enum and getattr(cls, "_fields", None) is None:
                raise ValueError(f"{cls.__qualname__} is not a named tuple")
        entries = []
        for c, f, s, data in encoded:
            if data.__class__ is tuple:
                data = entries[data[1]][3] if data[0] == _SAME else _decode(data, table)
            entries.append((c, f, s, data))
    else:
        raise ValueError(f"digests stored as {how!r}")
    return [
        (
            code,
            forms[form] if isinstance(form, int) else _form(form),
            _new(FormDigest, (_new(Span, span), data)),
        )
        for code, form, span, data in entries
    ]


def _loaded_class(module: str, qualname: str, base: type) -> type:
    """A subclass of ``base`` defined in a module already imported; ValueError otherwise."""
    obj: object = sys.modules.get(module)
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
    if not (isinstance(obj, type) and issubclass(obj, base)):
        raise ValueError(f"{module}.{qualname} is not a {base.__name__} of a loaded module")
    return obj


def load_result(data: bytes, path: str, trusted: bool = False) -> FileResult:
    """The result of ``dump_result``, its findings pointing at ``path``; ValueError if the bytes
    are not one. Bytes from a worker of this run (``trusted``) are built in one comprehension;
    a cache entry's are checked, value by value, to be of the shape a result has."""
    try:
        forms, diagnostics, lines, digests = marshal.loads(data)
        infos = [_form(f) for f in forms]
        if not isinstance(lines, dict):
            raise TypeError("lines")
        if trusted:
            new, diagnostic, span = _new, Diagnostic, Span
            found = [
                new(
                    diagnostic,
                    (
                        path,
                        new(span, s),
                        c,
                        sev,
                        zh,
                        en,
                        None if f is None else infos[f] if f.__class__ is int else _form(f),
                        k,
                    ),
                )
                for s, c, sev, zh, en, f, k in diagnostics
            ]
        else:
            found = [_diagnostic(path, d, infos) for d in diagnostics]
        return FileResult(
            path,
            forms=infos,
            diagnostics=found,
            lines=lines,
            digests=_load_digests(digests, infos, trusted),
        )
    except (TypeError, ValueError, IndexError, EOFError, AttributeError) as exc:
        raise ValueError(f"not a stored result: {exc}") from exc


def _form(values: tuple) -> FormInfo:
    if type(values) is not tuple or len(values) != len(FormInfo._fields):
        raise TypeError("a form")
    return _new(FormInfo, values)


def _diagnostic(path: str, d: tuple, forms: list[FormInfo]) -> Diagnostic:
    span, code, severity, zh, en, form, key = d
    if not all(type(t) is str for t in (code, severity, zh, en, key)):
        raise TypeError("a finding's texts")
    if isinstance(form, int):
        form = forms[form]
    elif form is not None:
        form = _form(form)
    if type(span) is not tuple or len(span) != len(Span._fields):
        raise TypeError("a span")
    return _new(Diagnostic, (path, _new(Span, span), code, severity, zh, en, form, key))
