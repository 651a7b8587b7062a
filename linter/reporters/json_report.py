"""``--format json``: the stable contract other tools read (see docs/output-formats.md)."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from operator import attrgetter
from typing import IO

from linter.engine import Diagnostic, LintRun, RunResult
from linter.parse.nodes import FormInfo
from linter.reporters.base import TOOL, ReportContext, summary
from linter.reporters.location import native


class LineEncoder:
    """Diagnostics as JSON objects, each exactly as ``json.dumps`` writes the contract's item
    (docs/output-formats.md), several times faster: ``json.dumps`` builds a new encoder on
    every call, most of its cost for an object this small. Only the message goes through the
    encoder for every finding: a file's path (its findings come together), the codes and
    severities (a few dozen words) and a form's part are each encoded once."""

    def __init__(self, lang: str) -> None:
        self._message = attrgetter("en" if lang == "en" else "zh")
        self._forms: dict[FormInfo, str] = {}
        self._words: dict[str, str] = {}
        self._path: str | None = None  # the path whose head ``_head`` is
        self._head = ""

    def encode(self, d: Diagnostic) -> str:
        span = d.span
        if d.path != self._path:
            self._path, self._head = d.path, f'{{"path": {encode_basestring(d.path)}, "line": '
        return (
            f"{self._head}{span.line}, "
            f'"column": {span.col}, "end_line": {span.end_line}, "end_column": {span.end_col}, '
            f'"where": {self._where(span.where)}, "code": {self._word(d.code)}, "severity": {self._word(d.severity)}, '
            f'"message": {encode_basestring(self._message(d))}, "form": {self._form(d.form)}}}'
        )

    @staticmethod
    def _where(where: str | None) -> str:
        return "null" if where is None else json.dumps(native(where), ensure_ascii=False)

    def _word(self, word: str) -> str:
        text = self._words.get(word)
        if text is None:
            text = self._words[word] = encode_basestring(word)
        return text

    def _form(self, form: FormInfo | None) -> str:
        if form is None:
            return "null"
        text = self._forms.get(form)
        if text is None:
            if len(self._forms) > 256:  # the forms of the last few files: memory stays flat
                self._forms.clear()
            text = self._forms[form] = json.dumps(form.to_dict(), ensure_ascii=False)
        return text


def render_json(result: RunResult | LintRun, ctx: ReportContext, out: IO) -> None:
    """Written as the run streams: the findings as each file is done, then the file list and the
    summary (JSON keys have no order, so the contract is unchanged). One item per line, by the C
    encoder (``indent`` would fall back to the pure-Python one, slow on big archives)."""
    out.write(f'{{\n  "version": 1,\n  "tool": {json.dumps(TOOL)},\n  "diagnostics": [')
    files: list[dict] = []
    encoder = LineEncoder(ctx.lang)
    sep = "\n"
    for f in result.files:
        files.append({"path": f.path, "forms": len(f.forms)})
        sep = _items(f.diagnostics, encoder, sep, out)
    sep = _items(result.late, encoder, sep, out)
    out.write("\n  ],\n" if sep != "\n" else "],\n")
    out.write(f'  "files": {_lines(files)},\n')
    out.write(f'  "summary": {json.dumps(summary(result), ensure_ascii=False)}\n}}\n')


def _items(diagnostics: list[Diagnostic], encoder: LineEncoder, sep: str, out: IO) -> str:
    """A file's findings as items of the list, in one write; the separator for the next item."""
    if not diagnostics:
        return sep
    out.write(sep + ",\n".join(["    " + encoder.encode(d) for d in diagnostics]))
    return ",\n"


def _lines(items: list[dict]) -> str:
    if not items:
        return "[]"
    return "[\n" + ",\n".join("    " + json.dumps(v, ensure_ascii=False) for v in items) + "\n  ]"
