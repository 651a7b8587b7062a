"""Linting on a Dask cluster: ``formlint check ARCHIVE --dask ADDRESS`` (``--dask local`` starts
a ``LocalCluster`` of ``--jobs`` worker processes on this machine).

This process discovers the files as a local run does and hands them to the cluster's workers in
tasks of up to ``TASK_FILES`` files. A worker lints a task's files as a local ``--jobs 1`` run
does, in a killable process it forks for the task (``linter.parallel``): ``--time-limit`` holds
there, and a file that crashes a check or kills its process is a finding, never a lost Dask
worker. That fork and its first page copies cost a task 15-20 ms, and Dask a few more, which
only a task of many files makes small (``benchmarks/dask_speed.py``).
The results come back as ``linter.wire`` bytes and are yielded in input order into the same
``LintRun``, whose batch rules see the digests of the whole archive, and the same reporters write
the report: the bytes of a local run. A Dask worker lost mid-run loses no file: the scheduler
gives its tasks to another. A task that fails all the same (the scheduler gone, a task that
killed every worker it met) gives each of its files a PARSE004 finding, and the run goes on.

A rule switched off after it hung is switched off for the rest of its task, not of the run.
Each worker says what decides its findings (``fingerprint``); one that differs from this
process (other code, plugins, libraries, outside programs or Python) is a problem of the run.

Dask is imported only here and only for a ``--dask`` run; ``dask`` and ``distributed`` are the
``formlint[dask]`` extra.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import platform
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError
from typing import TYPE_CHECKING, Any, NamedTuple

from linter.cache import code_files, findings_parts
from linter.config import Config, ConfigError
from linter.lintfile import FILE_TIME_LIMIT, lint_file
from linter.parallel import Progress, internal_error, wire_results
from linter.plugins import Registry, load_registry
from linter.readers import OUTSIDE_TOOLS
from linter.results import FileResult
from linter.runtime import tune_gc
from linter.wire import load_result

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

TASK_FILES = 200  # files in one task at most: each task forks a process (benchmarks/dask_speed.py)
TASKS_PER_THREAD = 4  # at least this many tasks per worker thread, so that none idles at the end
EXTRA = "pip install 'formlint[dask]'"
PROFILER = "distributed.worker.profile.enabled"  # off for formlint's workers (local_cluster)


class ClusterError(ConfigError):
    """No cluster to run on: the CLI says why and exits 2."""


class Settings(NamedTuple):
    """What a worker needs besides the paths, the same for every task of a run."""

    token: str  # the run's: a worker builds its registry once per run
    config: Config
    registry_factory: Callable[[], Registry] | None  # None: the worker's installed plugins
    time_limit: float | None


class Cluster:
    """A connection to a Dask scheduler (and the LocalCluster behind it, for ``--dask local``);
    closed by ``close`` or at the end of a ``with`` block."""

    def __init__(self, client: Client, local: LocalCluster | None = None) -> None:
        self.client, self.local = client, local

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()

    @property
    def address(self) -> str:
        return self.client.scheduler.address

    @property
    def dashboard(self) -> str | None:
        """The link to the scheduler's dashboard; None when it has none (no bokeh there)."""
        info = self.client.scheduler_info()
        return self.client.dashboard_link if "dashboard" in info.get("services", {}) else None

    def threads(self) -> int:
        """The threads of the workers connected now."""
        return sum(self.client.nthreads().values())

    def run_files(
        self,
        paths: Sequence[str],
        registry: Registry,
        config: Config,
        *,
        progress: Progress | None = None,
        registry_factory: Callable[[], Registry] | None = None,
        problems: list[str] | None = None,
        time_limit: float | None = FILE_TIME_LIMIT,
    ) -> Iterator[FileResult]:
        """The FileResult of every path, in the order of ``paths``, linted on the cluster (as
        ``linter.parallel.run_files`` lints them here). Problems of the workers are added to
        ``problems``, in the order of the files."""
        from distributed import as_completed

        problems = problems if problems is not None else []
        total = len(paths)
        if progress is not None:
            progress(0, total)
        if not total:
            return
        size = task_size(total, self.threads())
        tasks = [list(paths[i : i + size]) for i in range(0, total, size)]
        settings = Settings(uuid.uuid4().hex, config, registry_factory, time_limit)
        keys = [f"formlint-{settings.token}-{n}" for n in range(len(tasks))]
        ended = as_completed(
            self.client.map(lint_task, tasks, settings=settings, key=keys, pure=False),
            with_results=True,  # fetched as tasks end, in the background, not one at a time here
            raise_errors=False,
        )
        number = {key: n for n, key in enumerate(keys)}
        expected = fingerprint(registry, config)
        differing: set[str] = set()
        # a task that ends before the ones ahead of it waits as bytes, decoded when its turn comes
        done: dict[int, tuple[Iterable[FileResult], list[str]]] = {}
        finished = next_task = 0
        for future, outcome in ended:
            n = number[future.key]
            if future.status != "finished":  # the files are not lost: a finding each
                results, said = [internal_error(path, _failure(future)) for path in tasks[n]], []
            else:
                worker, found, data, said = outcome
                results = (
                    load_result(d, p, trusted=True) for d, p in zip(data, tasks[n], strict=True)
                )
                if found != expected and worker not in differing:
                    differing.add(worker)
                    said = [*said, differs(worker)]
            future.release()  # the cluster may forget the task's result
            done[n] = (results, said)
            finished += len(tasks[n])
            if progress is not None:
                progress(finished, total)
            while next_task in done:
                results, said = done.pop(next_task)
                problems.extend(said)
                yield from results
                next_task += 1


def _failure(future: Any) -> BaseException:
    """What a task that did not finish ended with (KilledWorker, a lost scheduler …)."""
    try:
        future.result()
    except (Exception, CancelledError) as exc:  # noqa: BLE001 - reported as the files' finding
        return exc
    return RuntimeError(f"the task ended as {future.status}")


def differs(worker: str) -> str:
    return (
        f"Dask worker {worker} does not run what this machine runs (formlint's or a plugin's "
        "code, the libraries that read forms, the outside programs or Python): its files' "
        "findings may differ from a local run's"
    )


def task_size(files: int, threads: int) -> int:
    """Files in one task: at most ``TASK_FILES``, fewer when that leaves a thread without
    ``TASKS_PER_THREAD`` tasks to take, and as many tasks for every thread: 9 tasks on two
    threads keep one of them idle for the whole last task (a tenth of the run at 8,000 forms)."""
    threads = max(1, threads)
    tasks = max(math.ceil(files / TASK_FILES), threads * TASKS_PER_THREAD)
    return max(1, math.ceil(files / (math.ceil(tasks / threads) * threads)))


def connect(address: str, workers: int, lang: str = "zh") -> Cluster:
    """The cluster of ``--dask ADDRESS``: a scheduler's address (``tcp://host:8786``), a
    scheduler file (``--scheduler-file`` of ``dask scheduler``), or ``local`` for a LocalCluster
    of ``workers`` processes. ClusterError when dask is not installed or no scheduler answers."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError(
            _say(lang, f"--dask 需要 dask 扩展：{EXTRA}", f"--dask needs the dask extra: {EXTRA}")
        ) from None
    try:
        if address == "local":
            local = local_cluster(workers)
            return Cluster(Client(local), local)
        if address.endswith(".json") and os.path.isfile(address):
            return Cluster(Client(scheduler_file=address))
        return Cluster(Client(address))
    except (OSError, ValueError) as exc:  # nothing answers; an address that is not one
        raise ClusterError(
            _say(
                lang,
                f"--dask {address}：无法连接 Dask 调度器（{exc}）",
                f"--dask {address}: cannot connect to a Dask scheduler ({exc})",
            )
        ) from None


def local_cluster(workers: int) -> LocalCluster:
    """A LocalCluster of ``workers`` processes of one thread each (see ``_ONE_TASK``), its
    dashboard on a free port, Dask's own log quiet but for errors, and its workers' statistical
    profiler off: sampling the task thread every 10 ms cost a run of 8,000 forms a fifth more
    CPU (``benchmarks/dask_speed.py``), for a profile of a thread that waits on its pipe."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({PROFILER: False}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        )


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


# --- on a worker ---------------------------------------------------------------------------

# A worker's threads take turns: each task forks a process of its own (linter.supervise), and a
# process forked by one thread would hold the pipes of another thread's, keeping it waiting.
_ONE_TASK = threading.Lock()
_state: dict[str, tuple[Registry, str]] = {}  # the run's token → its registry and fingerprint


def lint_task(paths: list[str], settings: Settings) -> tuple[str, str, list[bytes], list[str]]:
    """On a worker: the files of one task, linted as a local ``--jobs 1`` run lints them; the
    worker's address and fingerprint, each file's result as wire bytes, and the problems."""
    from distributed import get_worker

    problems: list[str] = []
    with _ONE_TASK:
        registry, found = _worker_state(settings)
        results = wire_results(
            paths, registry, settings.config, problems=problems, time_limit=settings.time_limit
        )
    return get_worker().address, found, results, problems


# A small target form, linted once in a worker's own process: the modules and grammars a lint
# loads on first use are then loaded once, not again in the process every task forks.
WARM_UP = (
    "财政项目支出绩效目标申报表\n(2024年度)\n项目名称\t示例项目\t项目类别\t经常性项目\n"
    "主管部门\t示例局\t实施单位\t示例中心\n项目资金 (万元)\t项目资金总额\t10\t年度资金申请总额\t10\n"
    "项目绩效目标\t年度总目标\t开展培训2次。\n绩效指标\t一级指标\t二级指标\t三级指标\t指标目标值\n"
    "\t产出指标\t数量指标\t培训次数\t≥2次\n\t效益指标\t社会效益指标\t培训覆盖率\t≥95%\n"
    "\t满意度指标\t服务对象满意度指标\t学员满意度\t≥90%\n"
).encode()


def _worker_state(settings: Settings) -> tuple[Registry, str]:
    """The run's registry and fingerprint, made on the worker's first task of the run, and the
    worker warmed up (``WARM_UP``; formlint's own text, never an input, so it needs no limit)."""
    found = _state.get(settings.token)
    if found is None:
        registry = (settings.registry_factory or load_registry)()
        tune_gc()
        lint_file("warm-up.txt", registry, settings.config, WARM_UP, None)
        found = (registry, fingerprint(registry, settings.config))
        _state.clear()
        _state[settings.token] = found
    return found


def fingerprint(registry: Registry, config: Config) -> str:
    """What decides a file's findings besides the file, as alike on two machines as their
    installs are: ``linter.cache.findings_parts``, the Python version, which outside programs
    there are, and the contents of the code behind the rules and readers."""
    digest = hashlib.sha256()
    parts = [platform.python_version(), *findings_parts(registry, config)]
    parts.extend(f"{tool}:{shutil.which(tool) is not None}" for tool in OUTSIDE_TOOLS)
    contents = []
    for path in code_files(registry):
        try:
            with open(path, "rb") as fh:
                contents.append(hashlib.sha256(fh.read()).hexdigest())
        except OSError:
            continue
    for part in [*parts, *sorted(contents)]:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()
