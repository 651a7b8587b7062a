"""Configuration: ``[tool.formlint]`` in pyproject.toml, or formlint.toml / .formlint.toml.

Found upward from the first linted path (or given with ``--config``). Unknown keys, unknown
rule codes and unknown rule options are errors, so that a typo never silently does nothing.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.rules import SEVERITIES, Rule

KEYS = {
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "severity",
    "options",
    "lang",
    "fail-on",
    "exclude",
    "extend-exclude",
    "extend-include",
}
LANGS = ("zh", "en")


class ConfigError(Exception):
    """A configuration that cannot be used; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    severity: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    lang: str = "zh"
    fail_on: str = "warning"
    # which files a directory scan lints (linter.discovery): not in the fingerprint, since they
    # change which files are read, never what a file's findings are
    exclude: tuple[str, ...] | None = None  # None: discovery.DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    extend_include: tuple[str, ...] = ()
    source: str | None = None  # the file it came from
    root: str | None = None  # the directory paths in per-file-ignores are relative to

    def is_enabled(self, rule: Rule, path: str | None = None) -> bool:
        if self.select is None:
            on = rule.enabled or rule.engine
        else:
            on = _matches(rule.code, self.select)
        on = (on or _matches(rule.code, self.extend_select)) and not _matches(
            rule.code, self.ignore
        )
        if on and path is not None and self.per_file_ignores:
            rel = _relative(path, self.root)
            for pattern, codes in self.per_file_ignores.items():
                if fnmatch.fnmatch(rel, pattern) and _matches(rule.code, codes):
                    return False
        return on

    def severity_of(self, rule: Rule) -> str:
        return self.severity.get(rule.code) or self.severity.get(rule.family) or rule.severity

    def options_of(self, rule: Rule) -> dict[str, Any]:
        merged = dict(rule.options)
        merged.update(self.options.get(rule.code, {}))
        return merged

    def fingerprint(self) -> str:
        """What of the configuration changes findings, as text (part of the cache key)."""
        return repr(
            (
                self.select,
                self.ignore,
                self.extend_select,
                sorted(self.per_file_ignores.items()),
                sorted(self.severity.items()),
                sorted((k, sorted(v.items())) for k, v in self.options.items()),
            )
        )


def _matches(code: str, selectors: Iterable[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


def _relative(path: str, root: str | None) -> str:
    p = Path(path)
    if root is not None:
        try:
            return p.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            pass
    return p.as_posix()


def find_config(start: Path) -> Path | None:
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for directory in (folder, *folder.parents):
        for name in ("formlint.toml", ".formlint.toml"):
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and "formlint" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def _read_toml(path: Path) -> dict:
    import tomllib  # only when there is a file to read: it costs a run ~8 ms at start-up

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def load_config(path: Path | None, rules: Mapping[str, Rule]) -> Config:
    if path is None:
        return Config()
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("formlint", {})
    return config_from_dict(data, rules, source=str(path), root=str(path.parent))


def config_from_dict(
    data: Mapping[str, Any],
    rules: Mapping[str, Rule],
    source: str | None = None,
    root: str | None = None,
) -> Config:
    where = source or "configuration"
    unknown = set(data) - KEYS
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(KEYS))}"
        )
    for key in ("per-file-ignores", "severity", "options"):
        _table(data, key, where)
    select = _codes(data, "select", rules, where) if "select" in data else None
    if select == ():
        raise ConfigError(f"{where}: select is empty, which would check nothing")
    severity = dict(data.get("severity", {}))
    for code, level in severity.items():
        _check_selector(code, rules, where, "severity")
        if not isinstance(level, str) or level not in SEVERITIES:
            raise ConfigError(
                f"{where}: severity of {code} must be one of {', '.join(SEVERITIES)}, not {level!r}"
            )
    options: dict[str, dict[str, Any]] = {}
    for code, values in dict(data.get("options", {})).items():
        if code not in rules:
            raise ConfigError(f"{where}: options for unknown rule {code}")
        if not isinstance(values, Mapping):
            raise ConfigError(
                f"{where}: options.{code} must be a table of option = value, not {_kind(values)}"
            )
        bad = set(values) - set(rules[code].options)
        if bad:
            known = ", ".join(sorted(rules[code].options)) or "none"
            raise ConfigError(
                f"{where}: rule {code} has no option(s) {', '.join(sorted(bad))} (options: {known})"
            )
        for name, value in values.items():
            _check_option(code, name, value, rules[code].options[name], where)
        options[code] = dict(values)
    pfi = {
        pattern: _codes({"x": codes}, "x", rules, where)
        for pattern, codes in dict(data.get("per-file-ignores", {})).items()
    }
    lang = data.get("lang", "zh")
    if not isinstance(lang, str) or lang not in LANGS:
        raise ConfigError(f"{where}: lang must be one of {', '.join(LANGS)}, not {lang!r}")
    fail_on = data.get("fail-on", "warning")
    if not isinstance(fail_on, str) or fail_on not in SEVERITIES:
        raise ConfigError(
            f"{where}: fail-on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}"
        )
    return Config(
        exclude=_patterns(data, "exclude", where) if "exclude" in data else None,
        extend_exclude=_patterns(data, "extend-exclude", where),
        extend_include=_patterns(data, "extend-include", where),
        select=select,
        ignore=_codes(data, "ignore", rules, where),
        extend_select=_codes(data, "extend-select", rules, where),
        per_file_ignores=pfi,
        severity=severity,
        options=options,
        lang=lang,
        fail_on=fail_on,
        source=source,
        root=root,
    )


def _kind(value: Any) -> str:
    """A TOML value's kind, for a message: a string, an integer, a table …"""
    kinds = {str: "a string", bool: "true/false", int: "an integer", float: "a number"}
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return kinds.get(type(value), type(value).__name__)


def _table(data: Mapping[str, Any], key: str, where: str) -> None:
    if key in data and not isinstance(data[key], Mapping):
        raise ConfigError(f"{where}: {key} must be a table, not {_kind(data[key])}")


def _check_option(code: str, name: str, value: Any, default: Any, where: str) -> None:
    """An option's value of the kind its default is: a number where a number is expected, a
    list of strings where a list is. Checked here, once, so that a wrong kind is one
    configuration error and not a crashed check on every form."""
    if default is None:
        return
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int | float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif isinstance(default, str):
        ok = isinstance(value, str)
    elif isinstance(default, list | tuple | set | frozenset):
        ok = (
            isinstance(value, list | tuple)
            and all(isinstance(v, type(next(iter(default)))) for v in value)
            if default
            else isinstance(value, list | tuple)
        )
    elif isinstance(default, Mapping):
        ok = isinstance(value, Mapping)
    else:
        ok = True
    if not ok:
        raise ConfigError(
            f"{where}: options.{code}.{name} must be {_kind(default)} like its default "
            f"{default!r}, not {_kind(value)} {value!r}"
        )


def _codes(
    data: Mapping[str, Any], key: str, rules: Mapping[str, Rule], where: str
) -> tuple[str, ...]:
    value = data.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            f"{where}: {key} must be a rule code or a list of them, not {_kind(value)}"
        )
    out = tuple(str(v).strip().upper() for v in value if str(v).strip())
    for code in out:
        _check_selector(code, rules, where, key)
    return out


def _patterns(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    """Glob patterns, as ruff's exclude takes them: a name (``*.png``) or a path (``old/*``)."""
    value = data.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of glob patterns")
    return tuple(v for v in value if v.strip())


def _check_selector(code: str, rules: Mapping[str, Rule], where: str, key: str) -> None:
    if code == "ALL" or any(c.startswith(code) for c in rules):
        return
    raise ConfigError(f"{where}: {key}: unknown rule code or prefix {code!r}")


def parse_selectors(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(part.strip().upper() for part in text.split(",") if part.strip())
