"""A file's result as bytes, for the cache on disk and for worker processes sending results back.

Plain tuples written by ``marshal`` load several times faster than pickled objects, and loading
them runs no code: an entry holds strings, numbers, tuples, lists and dicts, nothing else. A
batch digest's data, which a plugin chooses, is stored the same way when it is plain values or a
named tuple of them (rebuilt as its class, found among the modules already imported, never
imported for it). Anything else can travel only from a worker to its own parent, pickled
(``trusted``); the cache never stores it (``dump_result`` raises ValueError) and never loads it.
"""

from __future__ import annotations

import marshal
import sys

from linter.parse.nodes import FormInfo, Span
from linter.results import Diagnostic, FileResult
from linter.rules import FormDigest

_new = tuple.__new__  # a named tuple from a stored tuple, without its Python-level __new__
_PLAIN, _NAMED, _PICKLED = 0, 1, 2  # how a digest's data is stored


def dump_result(result: FileResult, trusted: bool = False) -> bytes:
    """A result without its path (the reader of the bytes knows it). ValueError when a digest's
    data is not plain values and ``trusted`` is False. A finding's form is an index into the
    file's forms (found by identity: the engine gives a form's findings its one FormInfo), or a
    tuple for a form of another file, or None. One comprehension, no call per finding: a run
    sends every finding through here."""
    forms = result.forms
    index = {id(info): i for i, info in enumerate(forms)}
    get = index.get
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
            [_dump_digest(d, index, trusted) for d in result.digests],
        )
    )


def _dump_digest(entry: tuple, forms: dict[int, int], trusted: bool) -> tuple:
    code, info, digest = entry
    form = forms.get(id(info), tuple(info))
    data = digest.data
    try:
        marshal.dumps(data)
        return (code, form, tuple(digest.span), _PLAIN, data)
    except ValueError:
        pass
    fields = getattr(type(data), "_fields", None)
    if isinstance(data, tuple) and fields is not None:
        values = tuple(data)
        try:
            marshal.dumps(values)
            cls = type(data)
            return (
                code,
                form,
                tuple(digest.span),
                _NAMED,
                (cls.__module__, cls.__qualname__, values),
            )
        except ValueError:
            pass
    if not trusted:
        raise ValueError(f"a digest of {code} holds {type(data).__name__}, not plain values")
    import pickle

    return (code, form, tuple(digest.span), _PICKLED, pickle.dumps(data, pickle.HIGHEST_PROTOCOL))


def _load_digest(entry: tuple, forms: list[FormInfo], trusted: bool) -> tuple:
    code, form, span, kind, payload = entry
    if kind == _PLAIN:
        data = payload
    elif kind == _NAMED:
        module, qualname, values = payload
        data = _new(_named_class(module, qualname, len(values)), values)
    elif kind == _PICKLED and trusted:
        import pickle

        data = pickle.loads(payload)
    else:
        raise ValueError(f"a digest stored as kind {kind!r}")
    info = forms[form] if isinstance(form, int) else _new(FormInfo, form)
    return (code, info, _new(FormDigest, (_new(Span, span), data)))


def _named_class(module: str, qualname: str, size: int) -> type:
    """A named tuple class of a module already imported; ValueError for anything else."""
    obj: object = sys.modules.get(module)
    for part in qualname.split("."):
        obj = getattr(obj, part, None)
    fields = getattr(obj, "_fields", None)
    if not (isinstance(obj, type) and issubclass(obj, tuple) and fields is not None):
        raise ValueError(f"{module}.{qualname} is not a named tuple of a loaded module")
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
            digests=[_load_digest(d, infos, trusted) for d in digests],
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
