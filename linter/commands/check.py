"""``formlint check PATH...``: lint files and directories and report the findings."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from linter.config import Config, ConfigError, find_config, load_config, parse_selectors
from linter.discovery import Input, discover
from linter.engine import CACHE_DIR, SEVERITY_RANK, LintRun, RunResult, lint_paths
from linter.lintfile import FILE_TIME_LIMIT
from linter.outputs import atomic_write, check_target, writes_over_an_input
from linter.parallel import Progress, default_jobs
from linter.plugins import Registry
from linter.reporters.base import ReportContext, Reporter

__all__ = ["add_parser", "effective_config", "run", "writes_over_an_input"]

if TYPE_CHECKING:
    from linter.cache import Cache
    from linter.cluster import Cluster
    from linter.replay import Replay

STATISTICS_FORMATS = ("rich", "concise")
NO_FILES = {  # as ruff says it: an empty run is not a clean one
    "zh": "formlint: 给定路径下没有找到可检查的文件（支持：{}）",
    "en": "formlint: no files to check found under the given paths (supported: {})",
}


def add_parser(sub) -> None:
    check = sub.add_parser("check", help="check forms and report findings")
    check.add_argument(
        "paths", nargs="*", default=["."], help="files or directories; - reads stdin"
    )
    check.add_argument(
        "--format", default="rich", help="rich (default), json, ...: see `formlint formats`"
    )
    check.add_argument("--output", "-o", help="write the report to this file instead of stdout")
    check.add_argument(
        "--select", help="rule codes or prefixes to enable (comma-separated, or ALL)"
    )
    check.add_argument("--ignore", help="rule codes or prefixes to disable")
    check.add_argument("--extend-select", help="rule codes or prefixes to enable in addition")
    check.add_argument(
        "--config", help="configuration file (default: found upward from the first path)"
    )
    check.add_argument(
        "--exclude", help="glob patterns a directory scan passes over, replacing the default"
    )
    check.add_argument(
        "--extend-exclude", help="glob patterns a directory scan passes over, added to exclude"
    )
    check.add_argument(
        "--extend-include",
        help="glob patterns of files to lint that no reader's suffix names (read by content)",
    )
    check.add_argument("--lang", choices=["zh", "en"], help="message language (default zh)")
    check.add_argument("--no-color", action="store_true", help="no colours in the rich report")
    check.add_argument(
        "--fail-on",
        choices=list(SEVERITY_RANK)[::-1],
        help="lowest severity that fails the run (default warning)",
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when there are findings"
    )
    check.add_argument("--verbose", "-v", action="store_true", help="also list clean files")
    check.add_argument(
        "--quiet", "-q", action="store_true", help="no progress bar and no summary, only findings"
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="counts per rule (and per 主管部门) instead of each finding (rich, concise)",
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        default=default_jobs(),
        help="worker processes (default: the machine's cores)",
    )
    check.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="lint on a Dask cluster: a scheduler's address (tcp://host:8786), its scheduler "
        "file, or local for a LocalCluster of --jobs processes (the dask extra); no cache",
    )
    check.add_argument(
        "--cache-dir",
        default=CACHE_DIR,
        help=f"where results are cached (default {CACHE_DIR}/)",
    )
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    add_time_limit(check)
    check.add_argument("--baseline", help="report only findings this baseline file does not record")
    check.add_argument(
        "--write-baseline", metavar="FILE", help="record today's findings in FILE and exit 0"
    )


def _run_options(args: argparse.Namespace, cache: Any, cluster: Cluster | None) -> dict[str, Any]:
    """What a run takes from the command line, streamed or kept (``LintRun``, ``lint_paths``)."""
    return {"jobs": args.jobs, "cache": cache, "cluster": cluster, "time_limit": args.time_limit}


def add_time_limit(parser) -> None:
    parser.add_argument(
        "--time-limit",
        type=_seconds,
        default=FILE_TIME_LIMIT,
        metavar="SECONDS",
        help=f"cut off a file (or a check on it) after this long (default {FILE_TIME_LIMIT:g})",
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def effective_config(args: argparse.Namespace, registry: Registry) -> Config:
    path = (
        Path(args.config)
        if args.config
        else find_config(Path(args.paths[0] if args.paths and args.paths[0] != "-" else "."))
    )
    if args.config and not path.is_file():
        raise ConfigError(f"{args.config}: no such configuration file")
    config = load_config(path, registry.rules)
    overrides: dict = {}
    for key in ("select", "ignore", "extend_select"):
        value = parse_selectors(getattr(args, key))
        if value == () and key == "select":
            raise ConfigError(
                "--select is empty, which would check nothing; name rule codes or prefixes, or ALL"
            )
        if value is not None:
            for code in value:
                if code != "ALL" and not any(c.startswith(code) for c in registry.rules):
                    raise ConfigError(
                        f"--{key.replace('_', '-')}: unknown rule code or prefix {code!r}"
                    )
            overrides[key] = value
    for key in ("exclude", "extend_exclude", "extend_include"):
        value = getattr(args, key, None)  # annotate lints one file: it has no scan options
        if value is not None:
            overrides[key] = tuple(p.strip() for p in value.split(",") if p.strip())
    if args.lang:
        overrides["lang"] = args.lang
    if args.fail_on:
        overrides["fail_on"] = args.fail_on
    return replace(config, **overrides)


def run(args: argparse.Namespace, registry: Registry, out: IO) -> int:
    config = effective_config(args, registry)
    reporter = registry.reporters.get(args.format)
    if reporter is None:
        raise ConfigError(
            f"--format: unknown format {args.format!r}; known: {', '.join(sorted(registry.reporters))}"
        )
    if args.statistics and reporter.name not in STATISTICS_FORMATS:
        raise ConfigError(
            f"--statistics works with --format {' or '.join(STATISTICS_FORMATS)}, not {reporter.name}"
        )
    if reporter.binary and not args.output:
        raise ConfigError(f"--format {reporter.name} writes a binary file: give --output FILE")
    # walked once, for the run and the check; a file found and not linted is a finding, so only
    # a run that found nothing at all says so here
    files = list(discover(args.paths, registry, config, args.cache_dir))
    if not files and not args.quiet:
        print(NO_FILES[config.lang].format(", ".join(registry.suffixes)), file=sys.stderr)
    if args.output is not None:
        check_target(args.output, files, "--output")
    if args.write_baseline is not None:
        _check_baseline_target(args.write_baseline, files)
    cache = None if args.no_cache or args.dask else _cache(args.cache_dir, registry, config)
    ctx = _context(args, registry, config, out)
    replay = _replay(args, registry, cache, files, reporter, ctx)
    # the output was checked against the inputs above: not again, one stat per input
    replayed = replay.play(args.output, out) if replay is not None else None
    if replayed is not None:
        return replayed.exit_code([], config.fail_on, args.exit_zero)
    with _cluster(args, config) as cluster:
        options = _run_options(args, cache, cluster)
        if reporter.streams and not (args.statistics or args.baseline or args.write_baseline):
            # linted while the report is written, file by file: memory stays flat on any archive
            with progress_bar(args.quiet) as progress:
                run = LintRun(files, registry, config, progress=progress, **options)
                _render(args, reporter, run, ctx, out, replay, files)
            return run.exit_code(config.fail_on, args.exit_zero)
        with progress_bar(args.quiet) as progress:
            result = lint_paths(files, registry, config, progress=progress, **options)
    from linter.baseline import BaselineError, apply_baseline, write_baseline

    if args.write_baseline:
        count = write_baseline(args.write_baseline, result, files)
        print(f"formlint: {count} findings recorded in {args.write_baseline}", file=sys.stderr)
        return 2 if result.exit_code("info") == 2 else 0
    if args.baseline:
        try:
            hidden = apply_baseline(result, args.baseline)
        except BaselineError as exc:
            raise ConfigError(str(exc)) from exc
        if not args.quiet:
            print(f"formlint: {hidden} findings hidden by {args.baseline}", file=sys.stderr)
    _render(args, reporter, result, ctx, out, replay, files)
    return result.exit_code(config.fail_on, args.exit_zero)


@contextmanager
def _cluster(args: argparse.Namespace, config: Config) -> Iterator[Cluster | None]:
    """The Dask cluster of ``--dask`` (None without it), its dashboard's link said on stderr;
    closed when the run ends. ClusterError (exit 2) when there is none to run on."""
    if not args.dask:
        yield None
        return
    if "-" in args.paths:
        raise ConfigError(
            "--dask：标准输入（-）无法交给集群检查，请给出文件或 URL"
            if config.lang == "zh"
            else "--dask: stdin (-) cannot be handed to a cluster; give files or URLs"
        )
    from linter.cluster import connect

    with connect(args.dask, args.jobs, config.lang) as cluster:
        if not args.quiet:
            print(_dashboard_line(cluster, config.lang), file=sys.stderr)
        yield cluster


def _dashboard_line(cluster: Cluster, lang: str) -> str:
    threads, link = cluster.threads(), cluster.dashboard
    if lang == "en":
        where = f"; dashboard {link}" if link else " (no dashboard: bokeh is not installed there)"
        return f"formlint: Dask scheduler {cluster.address}, {threads} worker threads{where}"
    where = f"；仪表板 {link}" if link else "（无仪表板：调度器处未安装 bokeh）"
    return f"formlint: Dask 调度器 {cluster.address}，{threads} 个工作线程{where}"


def _check_baseline_target(target: str, files: list[str]) -> None:
    """A baseline is written only where no file or a formlint baseline is: never over an input,
    nor over a file of another kind that happens to have the name."""
    from linter.baseline import BaselineError, load_baseline

    path = check_target(target, files, "--write-baseline")
    if path.is_file() and path.stat().st_size > 0:
        try:
            load_baseline(path)
        except BaselineError:
            raise ConfigError(
                f"--write-baseline {target} exists and is not a formlint baseline; "
                "formlint does not write over it"
            ) from None


def _cache(directory: str, registry: Registry, config: Config) -> Cache:
    from linter.cache import Cache  # with hashlib: not imported by a --no-cache run

    return Cache.for_run(directory, registry, config)


def _replay(
    args: argparse.Namespace,
    registry: Registry,
    cache: Cache | None,
    files: list[Input],
    reporter: Reporter,
    ctx: ReportContext,
) -> Replay | None:
    """The stored report of a run over the same inputs, for reports that can be replayed (a
    baseline's report also depends on the baseline file, so it never is). Not while a plugin
    has a problem: the run must say so and exit 2, which a stored report would not."""
    if cache is None or not reporter.replayable or args.baseline or args.write_baseline:
        return None
    if registry.problems:
        return None
    from linter.replay import Replay

    return Replay.for_run(cache, files, reporter, ctx)


def _context(
    args: argparse.Namespace, registry: Registry, config: Config, out: IO
) -> ReportContext:
    return ReportContext(
        lang=config.lang,
        rules=registry.rules,
        color=not args.no_color
        and not os.environ.get("NO_COLOR")
        and args.output is None
        and out.isatty(),
        verbose=args.verbose,
        statistics=args.statistics,
        quiet=args.quiet,
        root=os.getcwd(),
    )


def _render(
    args: argparse.Namespace,
    reporter: Reporter,
    result: RunResult | LintRun,
    ctx: ReportContext,
    out: IO,
    replay: Replay | None,
    files: list[str],
) -> None:
    """Write the report (recorded for replay when there is one)."""
    with _destination(args, reporter, out, files) as fh:
        if replay is None:
            reporter.render(result, ctx, fh)
            return
        with replay.recording(fh) as recorded:
            reporter.render(result, ctx, recorded)
        replay.keep(result.counts(), result.problems)


@contextmanager
def _destination(
    args: argparse.Namespace, reporter: Reporter, out: IO, files: list[str]
) -> Iterator[IO]:
    """``--output``'s file, written whole or not at all (``linter.outputs``), or ``out``."""
    if not args.output:
        yield out
        return
    # checked against the inputs at the start of the run (check_target)
    with atomic_write(args.output, binary=reporter.binary, what="--output") as fh:
        yield fh


@contextmanager
def progress_bar(quiet: bool) -> Iterator[Progress | None]:
    """A Rich progress bar on stderr, only for a person at a terminal (not CI, not --quiet)."""
    if quiet or os.environ.get("CI") or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    with Bar(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    ) as bar:
        task = bar.add_task("formlint", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
