"""Inputs named by fsspec URLs (``s3://bucket/archive/``, ``file:///mnt/forms/``), for archives
kept on shared storage that every machine of a Dask cluster reads alike.

A URL is read through fsspec when fsspec (and the package of its protocol: s3fs for ``s3://``)
is installed; fsspec is imported only when a URL is given, so a run over local paths never loads
it. A URL that cannot be read becomes a ``ReadError`` naming why, so the file gets its PARSE001
finding and the run goes on. A path is a URL when it starts with ``scheme://``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from linter.parse.source import ReadError

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(path: str) -> bool:
    return _URL.match(path) is not None


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec file system of ``url`` and the path within it; ReadError when fsspec, or the
    package of the URL's protocol, is not installed."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise ReadError(
            "读取 URL 需要 fsspec：pip install 'formlint[dask]'（s3:// 另需 s3fs）",
            "reading a URL needs fsspec: pip install 'formlint[dask]' (and s3fs for s3://)",
        ) from None
    try:
        return url_to_fs(url)
    except (ImportError, ValueError) as exc:  # "Install s3fs to access S3", an unknown protocol
        raise ReadError(f"无法打开此 URL：{exc}", f"cannot open this URL: {exc}") from None


def read_url(url: str, limit: int) -> bytes:
    """The bytes at ``url``, no more than ``limit`` of them (ReadError beyond)."""
    fs, path = filesystem(url)
    try:
        with fs.open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise ReadError("文件或目录不存在", "no such file or directory") from None
    except IsADirectoryError:
        raise ReadError("是目录，不是文件", "a directory, not a file") from None
    if len(data) > limit:
        raise ReadError(f"文件过大（上限 {limit} 字节）", f"file too large (limit {limit} bytes)")
    return data


def walk(url: str) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk`` over a URL's folder: (folder's URL, sub-folder names, file names), each
    folder before its sub-folders; sorting or pruning the names of sub-folders in place prunes
    the walk, as with ``os.walk``. A folder that is not there yields nothing."""
    fs, top = filesystem(url)
    base = url.rstrip("/")
    top = top.rstrip("/")
    for folder, dirs, files in fs.walk(top, topdown=True):
        rel = folder.rstrip("/")[len(top) :].lstrip("/")
        yield (f"{base}/{rel}" if rel else base), dirs, files


def is_folder(url: str) -> bool:
    """Whether ``url`` names a folder (ReadError when it cannot be looked at)."""
    fs, path = filesystem(url)
    try:
        return bool(fs.isdir(path))
    except OSError as exc:
        raise ReadError(f"无法访问此 URL：{exc}", f"cannot reach this URL: {exc}") from None
