"""Forms per second on a Dask cluster against ``--jobs 2``, and what the scheduler costs a file:
the issue 19 benchmark.

    python benchmarks/dask_speed.py [N] [--repeat R] [--keep DIR]

Builds corpora of N and 4N forms (default 8,000 and 32,000) with ``corpus.py``, starts a
LocalCluster of two worker processes of one thread each in this process, and measures, each
run a fresh ``formlint check`` child writing JSON:

- ``--jobs 2``: this machine's own pool of two workers;
- ``--dask ADDRESS`` on that cluster, its workers warm, as a standing cluster's are;
- ``--dask local --jobs 2``, which starts a cluster of its own first: the cold start a one-off
  run pays.

``--jobs 2`` and ``--dask ADDRESS`` take turns, R times each (default 5), and the best wall
time of each is reported, with the best CPU time of every process a run used (the work of a
cluster run is in its workers, so the child's own CPU time does not show it): on a shared
two-core machine one run of the same work takes from 1× to 1.4× the best, and the best is
what the software costs, the rest what the machine did meanwhile. Every report must be byte-identical to
the ``--jobs 2`` one. Then what the scheduler costs
a file: the same tasks (the same paths, the same task size) with a function that returns at
once, so that all that is left is Dask's own work (submit, schedule, run, send back), per file
and as a share of the wall time ``--jobs 2`` takes. Last, at N forms, the cluster run in this
process with tasks of 1 to 200 files: how ``linter.cluster.TASK_FILES`` was chosen.

Wall time on a shared machine moves with the load: the table says the load when it started.
Writes only into a temporary directory (or ``--keep DIR``).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psutil
from corpus import write_corpus
from distributed import Client
from run import check, measure

import linter.cluster
from linter.cluster import Cluster, local_cluster, task_size
from linter.config import Config
from linter.discovery import discover
from linter.engine import LintRun
from linter.plugins import load_registry

SWEEP = (1, 5, 20, 50, 100, 200)  # files per task tried at N forms


def tree_cpu() -> float:
    """CPU seconds of this process (the LocalCluster's scheduler runs here), of the children it
    has reaped (the ``formlint check`` runs) and of the live ones (the Dask workers, whose own
    reaped children are the processes they fork for each task)."""
    me = psutil.Process()
    total = 0.0
    for proc in (me, *me.children(recursive=True)):
        with contextlib.suppress(psutil.Error):
            t = proc.cpu_times()
            total += t.user + t.system + t.children_user + t.children_system
    return total


def paired_runs(jobs2: list[str], on_dask: list[str], times: int) -> list[tuple[float, ...]]:
    """(wall, CPU) of ``--jobs 2`` and of the cluster run, taking turns. The cluster run's CPU is
    that of every process of the cluster, this one's included; ``--jobs 2``'s that of its own
    processes (the idle cluster's is left out, which counts against the cluster)."""
    pairs = []
    for _ in range(times):
        local = measure(jobs2)
        before = tree_cpu()
        remote = measure(on_dask)
        pairs.append((local.wall, local.cpu, remote.wall, tree_cpu() - before))
    return pairs


def same_bytes(*paths: Path) -> bool:
    first = paths[0].read_bytes()
    return all(p.read_bytes() == first for p in paths[1:])


def noop(paths: list[str]) -> int:
    return len(paths)


def scheduler_cost(client: Client, files: list[str], threads: int) -> tuple[float, int, int]:
    """Wall seconds for Dask alone to run the tasks a run of ``files`` is cut into, the task
    size and the number of tasks (the best of three)."""
    size = task_size(len(files), threads)
    tasks = [files[i : i + size] for i in range(0, len(files), size)]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        client.gather(client.map(noop, tasks, pure=False))
        best = min(best, time.perf_counter() - start)
    return best, size, len(tasks)


def in_process_run(cluster: Cluster, files: list[str]) -> float:
    registry = load_registry()
    start = time.perf_counter()
    for _ in LintRun(files, registry, Config(), cluster=cluster):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=8000, help="forms in the smaller corpus")
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each side (the best is kept)"
    )
    parser.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="formlint-dask-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the start, "
        f"Python {sys.version.split()[0]}; scheduler and client share these cores"
    )
    rows, sweep, first = [], [], []
    with local_cluster(2) as local:
        address = local.scheduler_address
        with Cluster(Client(local)) as cluster:
            for n in (args.n, 4 * args.n):
                corpus = work / f"corpus{n}"
                manifest = write_corpus(corpus, n, seed=11, defect_rate=0.5)
                (corpus / "manifest.json").unlink()
                out = {name: work / f"{name}{n}.json" for name in ("jobs", "dask", "local")}
                jobs2 = check([str(corpus)], "--jobs", "2", "--no-cache", "-o", str(out["jobs"]))
                on_dask = check([str(corpus)], "--dask", address, "-o", str(out["dask"]))
                measure(on_dask)  # the workers' first task of a run loads the rules: warm them
                local_wall, local_cpu, dask_wall, dask_cpu = map(
                    min, zip(*paired_runs(jobs2, on_dask, args.repeat), strict=True)
                )
                cold = measure(check([str(corpus)], "--dask", "local", "--jobs", "2", "-o", str(out["local"])))  # fmt: skip
                if not same_bytes(out["jobs"], out["dask"], out["local"]):
                    raise SystemExit(f"the reports at {n} forms differ: see {work}")
                files = [str(p) for p in discover([str(corpus)], load_registry(), Config())]
                noop_wall, size, tasks = scheduler_cost(cluster.client, files, cluster.threads())
                rows.append(
                    (n, manifest["files"], local_wall, dask_wall, cold.wall, noop_wall, size,
                     tasks, local_cpu, dask_cpu)
                )  # fmt: skip
                first = first or files
            chosen = linter.cluster.TASK_FILES  # last: its runs leave the cluster not as fresh
            for files_per_task in SWEEP:
                linter.cluster.TASK_FILES = files_per_task
                sweep.append((files_per_task, in_process_run(cluster, first)))
            linter.cluster.TASK_FILES = chosen
    print()
    print(
        "| forms | files | --jobs 2 | --dask (warm 2-worker LocalCluster) | --dask local (cold) |"
    )
    print("|---:|---:|---:|---:|---:|")
    for n, count, local_wall, dask_wall, cold_wall, *_ in rows:
        print(
            f"| {n:,} | {count:,} | {n / local_wall:,.0f} forms/s ({local_wall:.1f} s) "
            f"| {n / dask_wall:,.0f} forms/s ({dask_wall:.1f} s, {dask_wall / local_wall - 1:+.0%}) "
            f"| {n / cold_wall:,.0f} forms/s ({cold_wall:.1f} s) |"
        )
    print()
    print("CPU seconds, all processes (best of the runs):")
    for n, *_, local_cpu, dask_cpu in rows:
        print(
            f"  {n:,} forms: --jobs 2 {local_cpu:.1f} s, --dask {dask_cpu:.1f} s "
            f"(client, scheduler and workers; {dask_cpu / local_cpu - 1:+.0%})"
        )
    print()
    print("the scheduler's own work (the same tasks, a function that returns at once):")
    for n, count, local_wall, _, _, noop_wall, size, tasks, *_ in rows:
        print(
            f"  {n:,} forms: {tasks} tasks of up to {size} files, {noop_wall:.2f} s: "
            f"{noop_wall / count * 1000:.2f} ms a file, {noop_wall / local_wall:.1%} of --jobs 2's wall time"
        )
    print()
    print(f"files per task at {args.n:,} forms (in-process client; wall time, forms/s):")
    for files_per_task, wall in sweep:
        print(f"  up to {files_per_task:>3}: {wall:.1f} s, {args.n / wall:,.0f} forms/s")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
