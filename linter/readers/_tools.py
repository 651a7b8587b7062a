"""Running an outside program for a reader (LibreOffice to convert, Tesseract to OCR): found on
PATH or named with the package that installs it, cut off when it hangs, never left running.

A converter is started in a session of its own, so that when it is cut off (by its own time
limit, or the engine's limit on the file, which arrives as an exception) every process it
started goes with it: ``soffice`` leaves ``soffice.bin`` behind when only its parent is killed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess

from linter.parse.source import ReadError


def find_tool(command: str, package: str, what_zh: str, what_en: str) -> str:
    """The path of ``command``, or a ReadError naming the Debian package that installs it."""
    found = shutil.which(command)
    if found is None:
        raise ReadError(
            f"{what_zh}需要 {command}，但没有找到；请安装（Debian/Ubuntu：apt-get install {package}）",
            f"{what_en} needs {command}, which is not installed (Debian/Ubuntu: apt-get install {package})",
        )
    return found


def run_tool(
    argv: list[str], *, timeout: float, stdin: bytes = b"", cwd: str | None = None
) -> bytes:
    """``argv``'s standard output; a ReadError when it fails or runs past ``timeout`` seconds."""
    name = os.path.basename(argv[0])
    try:
        process = subprocess.Popen(  # noqa: S603 - argv is a found tool and our own arguments
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            start_new_session=True,
        )
    except OSError as exc:
        raise ReadError(f"无法启动 {name}：{exc}", f"cannot start {name}: {exc}") from exc
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise ReadError(
            f"{name} 超过 {timeout:g} 秒仍未完成，已终止",
            f"{name} did not finish within {timeout:g} s and was stopped",
        ) from exc
    finally:
        _end(process)
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ReadError(
            f"{name} 出错（退出码 {process.returncode}）：{detail[0]}",
            f"{name} failed (exit {process.returncode}): {detail[0]}",
        )
    return out


def _end(process: subprocess.Popen) -> None:
    """Kill the tool's whole session if any of it still runs, and reap the tool."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()
    process.wait()
