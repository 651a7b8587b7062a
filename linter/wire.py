"""A file's result as bytes, for the cache on disk and for worker processes sending results back.

Plain tuples written by ``marshal`` load several times faster than pickled objects. Only the batch
digests, whose data a plugin chooses, are pickled.
"""

from __future__ import annotations

import marshal
import pickle

from linter.engine import Diagnostic, FileResult
from linter.parse.nodes import FormInfo, Span
from linter.rules import FormDigest

_new = tuple.__new__  # a named tuple from a stored tuple, without its Python-level __new__


def dump_result(result: FileResult) -> bytes:
    """A result without its path (the reader of the bytes knows it)."""
    index = {info: i for i, info in enumerate(result.forms)}
    return marshal.dumps(
        (
            [tuple(f) for f in result.forms],
            [_plain(d, index) for d in result.diagnostics],
            result.lines,
            _dump_digests(result.digests, index) if result.digests else b"",
        )
    )


def _dump_digests(digests: list, forms: dict[FormInfo, int]) -> bytes:
    """Pickled, since a plugin chooses a digest's data; the form and span as plain tuples (the
    form an index, as in ``_plain``), which halves the pickling of a file's digests."""
    plain = [
        (code, forms.get(info, tuple(info)), tuple(digest.span), digest.data)
        for code, info, digest in digests
    ]
    return pickle.dumps(plain, pickle.HIGHEST_PROTOCOL)


def _load_digests(data: bytes, forms: list[FormInfo]) -> list:
    return [
        (
            code,
            forms[form] if isinstance(form, int) else _new(FormInfo, form),
            _new(FormDigest, (_new(Span, span), payload)),
        )
        for code, form, span, payload in pickle.loads(data)
    ]


def load_result(data: bytes, path: str) -> FileResult:
    """The result of ``dump_result``, its findings pointing at ``path``; ValueError if the bytes
    are not one."""
    try:
        forms, diagnostics, lines, stored_digests = marshal.loads(data)
        infos = [_new(FormInfo, f) for f in forms]
        return FileResult(
            path,
            forms=infos,
            diagnostics=[_diagnostic(path, d, infos) for d in diagnostics],
            lines=lines,
            digests=_load_digests(stored_digests, infos) if stored_digests else [],
        )
    except (TypeError, ValueError, IndexError, EOFError, pickle.UnpicklingError) as exc:
        raise ValueError(f"not a stored result: {exc}") from exc


def _plain(d: Diagnostic, forms: dict[FormInfo, int]) -> tuple:
    """A diagnostic as tuples: its form as an index into the file's forms if it is one of them,
    else as a tuple; no path."""
    form = d.form if d.form is None else forms.get(d.form, tuple(d.form))
    return (tuple(d.span), d.code, d.severity, d.zh, d.en, form, d.key)


def _diagnostic(path: str, d: tuple, forms: list[FormInfo]) -> Diagnostic:
    span, code, severity, zh, en, form, key = d
    if isinstance(form, int):
        form = forms[form]
    elif form is not None:
        form = _new(FormInfo, form)
    return _new(Diagnostic, (path, _new(Span, span), code, severity, zh, en, form, key))
