"""formlint on Dask (issue 19), against a real LocalCluster of two worker processes started once
for the module: the report is a local run's byte for byte, batch rules included, for plain paths
and file:// URLs; a worker killed mid-run loses no file; a check that raises or ends its process
on a file is the finding it is locally; a worker that runs other code is a problem of the run;
no scheduler, or no dask, is a clear message and exit 2."""

from __future__ import annotations

import json
import math
import os
import signal
import sys

import dask
import pytest
import troublemakers
from conftest import SEEDS, seed_copies, seed_path, snapshot
from distributed import Client

from linter.cli import main
from linter.cluster import TASK_FILES, Cluster, local_cluster, task_size
from linter.config import Config
from linter.engine import lint_paths
from linter.plugins import load_registry


@pytest.fixture(scope="module")
def two_workers():
    with local_cluster(2) as cluster:
        yield cluster


@pytest.fixture
def cluster(two_workers):
    with Cluster(Client(two_workers)) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return seed_copies(tmp_path_factory.mktemp("corpus"), 400_000)


def check(*args: str) -> int:
    return main(["check", *args, "--no-cache"])


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_the_report_is_a_local_run_s_byte_for_byte(two_workers, corpus, tmp_path, capsys, fmt):
    """json is written as the files stream in (LintRun), sarif from a run kept whole."""
    here, there = tmp_path / "here", tmp_path / "there"
    assert check(str(corpus), "--format", fmt, "--jobs", "2", "-o", str(here)) == 1
    address = two_workers.scheduler_address
    assert check(str(corpus), "--format", fmt, "--dask", address, "-o", str(there)) == 1
    assert there.read_bytes() == here.read_bytes()
    err = capsys.readouterr().err
    assert f"Dask 调度器 {address}，2 个工作线程；仪表板 http" in err
    files = len(list(corpus.rglob("*.txt")))
    assert task_size(files, 2) < files  # the batch rules saw digests from several tasks
    if fmt == "json":
        summary = json.loads(there.read_text(encoding="utf-8"))["summary"]
        assert summary["files"] == files
        assert summary["by_rule"]["DUP006"] and summary["by_rule"]["DUP007"]  # batch rules


def test_dask_local_starts_a_cluster_of_jobs_processes(tmp_path, capsys):
    here, there = tmp_path / "here", tmp_path / "there"
    assert check(str(SEEDS), "--format", "json", "-o", str(here)) == 1
    assert check(str(SEEDS), "--format", "json", "--dask", "local", "--jobs", "2", "-o", str(there)) == 1  # fmt: skip
    assert there.read_bytes() == here.read_bytes()
    assert "2 个工作线程" in capsys.readouterr().err


def _profiling(dask_worker) -> bool:
    return "profile" in dask_worker.periodic_callbacks


def test_local_workers_run_without_dask_s_profiler(cluster):
    """Dask samples a worker's task thread every 10 ms by default; formlint's local workers
    do not, as it cost a fifth more CPU."""
    assert cluster.client.run(_profiling) == dict.fromkeys(cluster.client.nthreads(), False)


@pytest.mark.parametrize(("files", "threads", "tasks"), [(1786, 2, 10), (7069, 2, 36), (10, 2, 5)])
def test_every_thread_gets_as_many_tasks(files, threads, tasks):
    size = task_size(files, threads)
    assert size <= TASK_FILES and math.ceil(files / size) == tasks


def test_file_urls_on_the_cluster_read_as_the_paths_they_name(two_workers, corpus, tmp_path):
    url = corpus.as_uri()
    here, there = tmp_path / "here", tmp_path / "there"
    assert check(str(corpus), "--format", "json", "-o", str(here)) == 1
    assert check(url, "--format", "json", "--dask", two_workers.scheduler_address, "-o", str(there)) == 1  # fmt: skip
    text = there.read_text(encoding="utf-8")
    assert text.count(url + "/d00/") > 10
    assert text.replace(url, str(corpus)) == here.read_text(encoding="utf-8")


def test_a_worker_killed_mid_run_loses_no_file(cluster, corpus):
    registry, config = load_registry(), Config()
    here = lint_paths([str(corpus)], registry, config, jobs=2)
    victim = next(iter(cluster.client.run(os.getpid).values()))
    killed: list[tuple[int, int]] = []

    def kill_once(done: int, total: int) -> None:
        if done and not killed:
            os.kill(victim, signal.SIGKILL)
            killed.append((done, total))

    there = lint_paths([str(corpus)], registry, config, cluster=cluster, progress=kill_once)
    assert killed and killed[0][0] < killed[0][1]  # killed with files still to lint
    assert snapshot(there) == snapshot(here)
    assert there.problems == here.problems == []


def test_a_check_that_fails_on_a_file_is_the_finding_it_is_locally(cluster, tmp_path):
    text = seed_path("000").read_text(encoding="utf-8")
    for marker in ("RAISE", "EXIT", "calm"):
        (tmp_path / f"{marker}.txt").write_text(
            text.replace("项目名称\t", f"项目名称\t{marker}", 1), encoding="utf-8"
        )
    registry, config = troublemakers.registry(), Config()
    here = lint_paths([str(tmp_path)], registry, config, jobs=2)
    there = lint_paths(
        [str(tmp_path)], registry, config, cluster=cluster, registry_factory=troublemakers.registry
    )
    assert snapshot(there) == snapshot(here)
    assert there.problems == here.problems == []
    crashed = {
        os.path.basename(f.path): [d.en for d in f.diagnostics if d.code == "PARSE004"]
        for f in there.files
    }
    assert "ZeroDivisionError" in crashed["RAISE.txt"][0]
    assert "XTM001" in crashed["EXIT.txt"][0] and "killed its worker" in crashed["EXIT.txt"][0]
    assert crashed["calm.txt"] == []


def test_a_worker_that_runs_other_rules_is_a_problem_of_the_run(cluster):
    """This process has XTM001; the workers, building their own registry, do not."""
    result = lint_paths([str(SEEDS)], troublemakers.registry(), Config(), cluster=cluster)
    assert len(result.files) == len(list(SEEDS.glob("*.txt")))
    assert len(result.problems) == 2  # one for each worker
    assert all("does not run what this machine runs" in p for p in result.problems)
    assert result.exit_code() == 2


def test_a_task_that_fails_gives_each_of_its_files_a_finding(cluster):
    result = lint_paths(
        [str(SEEDS)], load_registry(), Config(), cluster=cluster,
        registry_factory=troublemakers.no_registry,
    )  # fmt: skip
    assert [f.path for f in result.files] == sorted(str(p) for p in SEEDS.glob("*.txt"))
    for file in result.files:
        (found,) = file.diagnostics
        assert found.code == "PARSE004" and "RuntimeError: no registry on this worker" in found.en
    assert result.exit_code() == 2


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("tcp://127.0.0.1:1", "Timed out trying to connect"),
        ("nonsense::", "invalid address"),
    ],
)
def test_no_scheduler_is_a_clear_message_and_exit_2(capsys, address, said):
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        assert check(str(SEEDS), "--dask", address) == 2
    err = capsys.readouterr().err
    assert f"--dask {address}：无法连接 Dask 调度器" in err and said in err
    assert "Traceback" not in err


def test_stdin_is_not_handed_to_a_cluster(capsys):
    assert check("-", "--dask", "local") == 2
    assert "--dask：标准输入（-）无法交给集群检查" in capsys.readouterr().err


def test_without_dask_the_option_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as a plain install: no such module
    assert check(str(SEEDS), "--dask", "local", "--lang", "en") == 2
    err = capsys.readouterr().err
    assert "--dask needs the dask extra: pip install 'formlint[dask]'" in err
