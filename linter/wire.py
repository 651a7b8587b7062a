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
        stored: tuple = (_PLAIN, [])
    elif trusted:
        import pickle

        stored = (_PICKLED, pickle.dumps(digests, pickle.HIGHEST_PROTOCOL))
    else:
        stored = (_PLAIN, [(c, f, s, _encode(data)) for c, f, s, data in digests])
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


# A digest's data as plain values: a scalar stands for itself; every container is a tuple that
# starts with its tag, so that no plain tuple is ever mistaken for one.
_SCALARS = (str, int, float, bool, bytes, type(None))
_TUPLE, _LIST, _DICT, _SET, _FROZENSET, _DECIMAL, _NAMED, _ENUM = range(8)


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple:
        return (_TUPLE, tuple(map(_encode, value)))
    if kind is list:
        return (_LIST, tuple(map(_encode, value)))
    if kind is dict:
        return (_DICT, tuple((_encode(k), _encode(v)) for k, v in value.items()))
    if kind is set or kind is frozenset:
        return (_SET if kind is set else _FROZENSET, tuple(map(_encode, value)))
    if kind is Decimal:
        return (_DECIMAL, str(value))
    if isinstance(value, tuple) and hasattr(kind, "_fields"):
        return (_NAMED, kind.__module__, kind.__qualname__, tuple(map(_encode, value)))
    if isinstance(value, Enum):
        return (_ENUM, kind.__module__, kind.__qualname__, _encode(value.value))
    raise ValueError(f"a digest holds {kind.__name__}, not plain values")


def _decode(value: Any) -> Any:
    if type(value) is not tuple:
        return value
    tag = value[0]
    if tag == _TUPLE:
        return tuple(map(_decode, value[1]))
    if tag == _LIST:
        return list(map(_decode, value[1]))
    if tag == _DICT:
        return {_decode(k): _decode(v) for k, v in value[1]}
    if tag == _SET:
        return set(map(_decode, value[1]))
    if tag == _FROZENSET:
        return frozenset(map(_decode, value[1]))
    if tag == _DECIMAL:
        return Decimal(value[1])
    if tag == _NAMED:
        _, module, qualname, fields = value
        return _new(_named_class(module, qualname, len(fields)), tuple(map(_decode, fields)))
    if tag == _ENUM:
        _, module, qualname, member = value
        return _loaded_class(module, qualname, Enum)(_decode(member))
    raise ValueError(f"a stored value tagged {tag!r}")


def _load_digests(stored: tuple, forms: list[FormInfo], trusted: bool) -> list:
    how, payload = stored
    if how == _PICKLED and trusted:
        import pickle

        entries = pickle.loads(payload)
    elif how == _PLAIN:
        entries = [(c, f, s, _decode(data)) for c, f, s, data in payload]
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


def _named_class(module: str, qualname: str, size: int) -> type:
    """A named tuple class of a module already imported; ValueError for anything else."""
    obj = _loaded_class(module, qualname, tuple)
    fields = getattr(obj, "_fields", None)
    if fields is None:
        raise ValueError(f"{module}.{qualname} is not a named tuple")
    if len(fields) != size:
        raise ValueError(f"{module}.{qualname} has {len(fields)} fields, not {size}")
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
