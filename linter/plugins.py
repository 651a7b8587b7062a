"""The plugin manager: built-in and third-party rules, readers and reporters, all via pluggy.

Plugins are the modules named in the ``formlint`` entry-point group. The built-ins register there
too (see pyproject.toml), so they load exactly as a third party's would. A plugin that fails to
import, or returns a malformed rule, is recorded as a problem and skipped; the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pluggy

from linter import hookspecs
from linter.entrypoints import entry_points, load
from linter.readers.base import Reader
from linter.rules import PARSE_RULES, Rule

GROUP = "formlint"


@dataclass
class Registry:
    rules: dict[str, Rule] = field(default_factory=dict)
    readers: list[Reader] = field(default_factory=list)
    reporters: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # plugins that failed to load

    def reader_for(self, path: str) -> Reader | None:
        lower = path.lower()
        for reader in reversed(self.readers):  # a later plugin may override a built-in suffix
            if lower.endswith(reader.suffixes):
                return reader
        return None

    @property
    def suffixes(self) -> tuple[str, ...]:
        return tuple(s for r in self.readers for s in r.suffixes)


def make_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    return pm


def load_registry(extra_plugins: tuple = ()) -> Registry:
    pm = make_manager()
    registry = Registry()
    names: dict[int, str] = {}
    for name, value in sorted(
        entry_points(GROUP), key=lambda e: (not e[0].startswith("builtin"), e[0])
    ):
        try:
            module = load(value)
            pm.register(module, name=name)
            names[id(module)] = name
        except Exception as exc:  # noqa: BLE001 - any import failure of a plugin is reported
            registry.problems.append(
                f"plugin {name!r} ({value}) failed to load: {type(exc).__name__}: {exc}"
            )
    for plugin in extra_plugins:
        pm.register(plugin)
        names[id(plugin)] = getattr(plugin, "__name__", repr(plugin))
    for rule in PARSE_RULES:
        registry.rules[rule.code] = rule
    _collect(pm, registry, names)
    return registry


def _collect(pm: pluggy.PluginManager, registry: Registry, names: dict[int, str]) -> None:
    for impl in pm.hook.formlint_rules.get_hookimpls():
        plugin_name = names.get(id(impl.plugin), impl.plugin_name)
        try:
            rules = list(impl.function() or ())
        except Exception as exc:  # noqa: BLE001
            registry.problems.append(
                f"plugin {plugin_name!r} failed to list its rules: {type(exc).__name__}: {exc}"
            )
            continue
        for rule in rules:
            try:
                rule.validate()
            except ValueError as exc:
                registry.problems.append(f"plugin {plugin_name!r}: {exc}")
                continue
            if rule.code in registry.rules:
                registry.problems.append(
                    f"plugin {plugin_name!r}: rule code {rule.code} is already taken"
                )
                continue
            if rule.plugin == "builtin" and not plugin_name.startswith("builtin"):
                rule = _with_plugin(rule, plugin_name)
            registry.rules[rule.code] = rule
    for impl in pm.hook.formlint_readers.get_hookimpls()[::-1]:
        registry.readers.extend(_safe(impl, registry, names))
    for impl in pm.hook.formlint_reporters.get_hookimpls()[::-1]:
        for reporter in _safe(impl, registry, names):
            registry.reporters[reporter.name] = reporter


def _safe(impl, registry: Registry, names: dict[int, str]) -> list:
    try:
        return list(impl.function() or ())
    except Exception as exc:  # noqa: BLE001
        name = names.get(id(impl.plugin), impl.plugin_name)
        registry.problems.append(f"plugin {name!r} failed: {type(exc).__name__}: {exc}")
        return []


def _with_plugin(rule: Rule, plugin: str) -> Rule:
    from dataclasses import replace

    return replace(rule, plugin=plugin)
