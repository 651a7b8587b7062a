"""One file: read → parse → check, its findings collected in a ``FileResult``.

``lint_file`` is pure: it reads one file and runs every enabled rule on each of its forms. A rule
that raises (or calls ``sys.exit``) becomes a PARSE004 finding naming it and the other rules still
run; a plugin's finding that is not text (bytes, a lone surrogate) is turned into text or into
such a finding, never into a crash of the report.

The time a file may take is enforced from outside, by the process that hands files to workers
(``linter.supervise``): a worker publishes, in memory its parent reads, which stage it is in
(``STAGE``: reading, or the number of the rule running), so that the parent can kill it on a
hang or a crash and say which rule was at fault. Called in-process (a library, the tests),
``lint_file`` falls back on a timer signal, which pure Python code sees and C code may not.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from linter.config import Config
from linter.limits import read_bytes
from linter.parse.nodes import Document, Form, FormInfo, Span
from linter.parse.source import ReadError
from linter.plugins import Registry
from linter.results import Diagnostic, FileResult, in_file_order
from linter.rules import FormDigest, Rule
from linter.urls import is_url

_new = tuple.__new__  # a named tuple without its Python-level __new__: findings are many

FILE_TIME_LIMIT = 60.0  # seconds for one file; a file that takes longer is cut off (PARSE001)
READING = -1  # STAGE while a file is read and parsed; a rule's number while it runs
STAGE = memoryview(bytearray(4)).cast("i")  # replaced by a worker with memory its parent reads


def rule_numbers(registry: Registry) -> list[str]:
    """Rule codes by number, as STAGE gives them: the same in a worker and its parent."""
    return sorted(registry.rules)


def parse_file(path: str, registry: Registry, data: bytes | None = None) -> Document:
    reader = registry.reader_for(path if path != "-" else "-.txt")
    if data is None:
        data = read_bytes(path)
    if reader is None:  # a file extend-include names: its content tells the reader
        from linter.readers.sniff import sniff_suffix

        suffix = sniff_suffix(data)
        reader = registry.reader_for("-" + suffix) if suffix else None
    if reader is None:
        supported = ", ".join(registry.suffixes)
        raise ReadError(
            f"不支持的文件类型（支持：{supported}）",
            f"unsupported file type (supported: {supported})",
        )
    from linter.parse.parser import parse_rows  # with Lark: not imported by a run the cache answers

    return parse_rows(reader.read(path, data))


class FileTimeout(BaseException):
    """Raised by the timer inside a file's parse or checks; a BaseException, so that a check's own
    ``except Exception`` cannot swallow it."""


def lint_file(
    path: str,
    registry: Registry,
    config: Config,
    data: bytes | None = None,
    time_limit: float | None = FILE_TIME_LIMIT,
    skip: Collection[str] = (),
) -> tuple[FileResult, Document | None]:
    """One file's diagnostics, and its Document for batch rules (None when it could not be read).

    In-process, a file that takes longer than ``time_limit`` seconds is cut off with a PARSE001
    finding (only in a main thread, where signals work); a worker runs with no timer, since its
    parent kills it. The rules in ``skip`` are not run (a rule that hung on this file before).
    """
    result = FileResult(path)
    try:
        with _time_limit(time_limit):
            return _lint(path, registry, config, data, result, skip)
    except FileTimeout:
        result.diagnostics.append(_read_error(path, cut_off(time_limit or 0), registry, config))
        return result, None


def cut_off(seconds: float, what: str = "") -> ReadError:
    """The PARSE001 error of a file whose reading or parsing took longer than the limit."""
    what_zh = f"（{what}）" if what else ""
    what_en = f" ({what})" if what else ""
    return ReadError(
        f"处理超时：超过 {seconds:g} 秒{what_zh}，已跳过此文件",
        f"cut off: took longer than {seconds:g} s{what_en}",
    )


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    if (
        not seconds
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum, frame):
        raise FileTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _lint(
    path: str,
    registry: Registry,
    config: Config,
    data: bytes | None,
    result: FileResult,
    skip: Collection[str],
) -> tuple[FileResult, Document | None]:
    STAGE[0] = READING
    if data is None and path != "-" and not is_url(path) and not os.path.lexists(path):
        err = ReadError("文件或目录不存在", "no such file or directory")
        result.diagnostics.append(_read_error(path, err, registry, config))
        return result, None
    try:
        document = parse_file(path, registry, data)
    except ReadError as exc:
        result.diagnostics.append(_read_error(path, exc, registry, config))
        return result, None
    except OSError as exc:
        err = ReadError(
            f"无法打开文件：{exc.strerror or exc}", f"cannot open file: {exc.strerror or exc}"
        )
        result.diagnostics.append(_read_error(path, err, registry, config))
        return result, None
    except MemoryError:
        err = ReadError("文件过大：读取时内存不足", "too large: ran out of memory while reading it")
        result.diagnostics.append(_read_error(path, err, registry, config))
        return result, None
    for problem in document.problems:
        rule = registry.rules[problem.code]
        if config.is_enabled(rule, path):
            result.diagnostics.append(
                Diagnostic(
                    path,
                    problem.span.resolve(),
                    problem.code,
                    config.severity_of(rule),
                    problem.zh,
                    problem.en,
                )
            )
    rules, batch_rules = _rule_plan(registry, config, path)
    if skip:
        rules = [plan for plan in rules if plan[0].code not in skip]
        batch_rules = [plan for plan in batch_rules if plan[0].code not in skip]
    for form in document.forms:
        info = FormInfo.of(form)
        result.forms.append(info)
        _check_form(form, info, rules, path, result.diagnostics)
        for rule, options, number in batch_rules:
            STAGE[0] = number
            _digest(rule, options, form, info, path, result)
    STAGE[0] = READING
    result.diagnostics.sort(key=in_file_order)
    wanted = {d.span.line for d in result.diagnostics} | {d.span.line for _, _, d in result.digests}
    result.lines = {
        n: document.lines[n - 1] for n in sorted(wanted) if 0 < n <= len(document.lines)
    }
    return result, document


# a rule, its check, code and computes (looked up once), severity, options, number, trusted
FormPlan = tuple[Rule, Any, str, tuple[str, ...], str, Mapping[str, Any], int, bool]
RulePlan = tuple[
    list[FormPlan],  # form rules with their severity and options
    list[tuple[Rule, Mapping[str, Any], int]],  # batch rules with their options
]
_last_plan: tuple = (None, None, None)  # (registry, config, plan), replaced as one object


def _rule_plan(registry: Registry, config: Config, path: str) -> RulePlan:
    """The enabled rules of a file, with severity and options looked up once. Without
    per-file-ignores every file of a run has the same plan, which is then made once per run
    (53 rules × 458 files had taken 2% of the run)."""
    global _last_plan
    last_registry, last_config, last = _last_plan  # one read: threads may replace it
    if last_registry is registry and last_config is config and not config.per_file_ignores:
        return last
    number = {code: n for n, code in enumerate(rule_numbers(registry))}
    enabled = [r for r in registry.rules.values() if config.is_enabled(r, path)]
    plan = (
        [
            (
                r,
                r.check,
                r.code,
                r.computes,
                config.severity_of(r),
                config.options_of(r),
                number[r.code],
                _trusted(r),
            )
            for r in enabled
            if r.check
        ],
        [(r, config.options_of(r), number[r.code]) for r in enabled if r.digest is not None],
    )
    _last_plan = (registry, config, plan)
    return plan


def _trusted(rule: Rule) -> bool:
    """formlint's own rules, whose findings are known to be text; a plugin's are checked."""
    return rule.plugin.startswith("builtin")


def _digest(
    rule: Rule,
    options: Mapping[str, Any],
    form: Form,
    info: FormInfo,
    path: str,
    result: FileResult,
) -> None:
    """What a batch rule keeps of one form; computed beside the form checks, in the worker."""
    try:
        digest = rule.digest(form, options)  # type: ignore[misc]
        if digest is not None:
            digest = FormDigest(_span(digest[0]), digest[1])
    except (Exception, SystemExit) as exc:  # noqa: BLE001 - a failing check is reported
        result.diagnostics.append(_crash(rule, exc, form, info, path))
        return
    if digest is not None:
        result.digests.append((rule.code, info, digest))


def _check_form(
    form: Form,
    info: FormInfo,
    rules: list[FormPlan],
    path: str,
    out: list[Diagnostic],
) -> None:
    """Every rule (with its severity and options, looked up once per file) on one form, findings
    appended to ``out``. A rule that raises (or calls sys.exit) gives a PARSE004 finding instead
    of its own (those it yielded first are taken back). One loop for all rules: it runs for every
    rule of every form; a plugin's findings are checked, formlint's own are not."""
    stage, doubts, append = STAGE, form.doubts, out.append
    for rule, check, code, computes, severity, options, number, trusted in rules:
        if doubts and not doubts.isdisjoint(computes):
            continue
        stage[0] = number
        start = len(out)
        try:
            if trusted:
                for f in check(form, options):
                    append(
                        _new(
                            Diagnostic,
                            (path, f.span.resolve(), code, severity, f.zh, f.en, info, f.key),
                        )
                    )
            else:
                for f in check(form, options):
                    append(plugin_diagnostic(path, f, code, severity, info))
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - a failing check is reported
            del out[start:]
            out.append(_crash(rule, exc, form, info, path))


def plugin_diagnostic(
    path: str, f: Any, code: str, severity: str, info: FormInfo | None
) -> Diagnostic:
    """A plugin's finding as a Diagnostic, its texts made sure: TypeError if it is no Finding."""
    span, zh, en, *rest = f
    return Diagnostic(
        path,
        _span(span),
        code,
        severity,
        as_text(zh, "message"),
        as_text(en, "message"),
        info,
        as_text(rest[0], "key") if rest else "",
    )


def _span(span: Any) -> Span:
    resolved = span.resolve() if hasattr(span, "resolve") else span
    if not isinstance(resolved, Span):
        raise TypeError(f"a finding's span must be a Span, not {type(span).__name__}")
    return resolved


def as_text(value: Any, what: str) -> str:
    """A plugin's text as a str that encodes: bytes and non-text are an error, a lone surrogate
    becomes U+FFFD."""
    if not isinstance(value, str):
        raise TypeError(f"a finding's {what} must be text (str), not {type(value).__name__}")
    return clean_text(value)


def clean_text(text: str) -> str:
    """``text`` with lone surrogates (which no UTF-8 output can write) replaced by U+FFFD."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def _crash(
    rule: Rule, exc: BaseException, form: Form | None, info: FormInfo | None, path: str
) -> Diagnostic:
    if isinstance(exc, SystemExit):
        what_zh = what_en = f"sys.exit({exc.code!r})"
        what_zh, what_en = f"调用了 {what_zh}", f"called {what_en}"
    else:
        detail = clean_text(f"{type(exc).__name__}: {exc}")
        what_zh, what_en = f"运行出错：{detail}", f"raised {detail}"
    return Diagnostic(
        path,
        form.title.span.resolve() if form is not None else Span(1, 1, 1, 2),
        "PARSE004",
        "error",
        f"检查 {rule.code}（{rule.plugin}）{what_zh}",
        f"check {rule.code} ({rule.plugin}) {what_en}",
        info,
    )


def _read_error(path: str, exc: ReadError, registry: Registry, config: Config) -> Diagnostic:
    rule = registry.rules["PARSE001"]
    return Diagnostic(
        path, Span(exc.line, 1, exc.line, 2), "PARSE001", config.severity_of(rule), exc.zh, exc.en
    )


def read_error(path: str, exc: ReadError, registry: Registry, config: Config) -> Diagnostic:
    """A PARSE001 finding for ``path``."""
    return _read_error(path, exc, registry, config)
