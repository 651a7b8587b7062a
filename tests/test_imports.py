"""The modules of a run import one another without a circle: the result types sit below the
engine, the worker pool, the cache and the wire format, which all import them (issue 16). Held
two ways: in the import graph of the package, read from the source (lazy imports inside
functions included, ``if TYPE_CHECKING:`` blocks not), no module of a run (``RUN``) is on a
circle, and the graph of those modules is a DAG; and each of the core modules, imported first in
a fresh interpreter, in either order with the others, imports cleanly. (Circles inside one
stage's package, such as the parse stage's or the readers', are that package's business.)"""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ["linter.engine", "linter.cache", "linter.parallel", "linter.wire", "linter.results"]
RUN = {  # the modules of a run, which must stand on no import circle
    *CORE, "linter.lintfile", "linter.supervise", "linter.limits", "linter.outputs",
    "linter.replay", "linter.baseline", "linter.config", "linter.plugins", "linter.discovery",
    "linter.cli", "linter.rules", "linter.cluster", "linter.urls",
}  # fmt: skip


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports, anywhere but under ``if TYPE_CHECKING``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def import_graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in (ROOT / "linter").rglob("*.py")}
    modules = set(files)
    graph = {}
    for name, path in files.items():
        parents = {name.rsplit(".", i)[0] for i in range(1, name.count(".") + 1)}
        # a module's own package (its __init__ runs first) is no edge of a circle
        graph[name] = _imports(path, modules) - {name} - parents
    return graph


def _components(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module: the circles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                top = stack.pop()
                on.discard(top)
                component.add(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_module_of_a_run_is_on_an_import_circle():
    graph = import_graph()
    assert {"linter.results", "linter.engine", "linter.parallel"} <= set(graph)
    assert set(graph) >= RUN, RUN - set(graph)
    circles = [c for c in _components(graph) if c & RUN]
    assert not circles, circles
    run = {n: graph[n] & RUN for n in RUN}
    assert _cycle(run) is None, " → ".join(_cycle(run) or [])


def test_the_run_s_modules_stand_on_the_result_types():
    graph = import_graph()
    for name in ("linter.engine", "linter.cache", "linter.parallel", "linter.wire"):
        assert "linter.results" in graph[name], name
    assert not graph["linter.results"] & set(CORE)
    for low in ("linter.cache", "linter.parallel", "linter.wire"):
        assert "linter.engine" not in graph[low], low


@pytest.mark.parametrize("order", list(itertools.permutations(CORE[:4], 2)), ids="-then-".join)
def test_each_module_imports_first_in_a_fresh_interpreter(order):
    code = "; ".join(f"import {name}" for name in order)
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr


def test_a_run_over_local_paths_loads_neither_dask_nor_fsspec(tmp_path):
    """dask and distributed are the dask extra, which a plain install does not have, and fsspec
    is for URLs: a run over local paths (with its workers, its cache) imports none of them,
    installed or not."""
    args = ["check", "tests/fixtures/seeds", "--jobs", "2", "--format", "json"]
    args += ["-o", str(tmp_path / "out.json"), "--cache-dir", str(tmp_path / "cache")]
    code = (
        f"import sys; from linter.cli import main; code = main({args!r}); "
        "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'dask', 'distributed', "
        "'fsspec'}))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.stdout.split() == ["1", "[]"], proc.stderr
