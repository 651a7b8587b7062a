"""What the binary readers share: loading an optional library, and telling apart the ways a file
that should be a zip package (xlsx, docx) can fail to be one.

The checks here come before the library sees the bytes, so a user reads "password-protected" or
"not a workbook at all" instead of a zip library's complaint.
"""

from __future__ import annotations

import importlib
import zipfile
from io import BytesIO
from types import ModuleType

from linter.parse.source import ReadError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: .xls/.doc, or encrypted OOXML
)
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def require(module: str, extra: str) -> ModuleType:
    """Import an optional dependency, or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ReadError(
            f"读取 .{extra} 文件需要可选依赖：pip install 'formlint[{extra}]'",
            f"reading .{extra} files needs an optional dependency: pip install 'formlint[{extra}]'",
        ) from exc


def open_package(data: bytes, kind: str, saved_as: str) -> zipfile.ZipFile:
    """The zip package of an Office Open XML file, or a ReadError that says what the file is instead.

    ``kind`` names the format (``xlsx``), ``saved_as`` the legacy format it replaced (``.xls``).
    """
    if data.startswith(OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise ReadError(
                "文件设有打开密码（已加密），无法读取；请在 Office 中取消密码后另存",
                f"the file is password-protected (encrypted); remove the password in Office and save it as .{kind} again",
            )
        raise ReadError(
            f"这是旧版 Office 文件（{saved_as}），不是 .{kind}；请另存为 .{kind}",
            f"this is a legacy Office file ({saved_as}), not .{kind}; save it as .{kind}",
        )
    if not data.startswith(ZIP_MAGIC):
        raise ReadError(
            f"不是 .{kind} 文件（文件头不是 zip 包）",
            f"not a .{kind} file (it does not start as a zip package)",
        )
    try:
        return zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ReadError(
            f".{kind} 文件已损坏（zip 包无法打开：{exc}）",
            f"the .{kind} file is corrupt (its zip package does not open: {exc})",
        ) from exc


def corrupt(kind: str, exc: Exception) -> ReadError:
    """A library failed inside the package: the file is damaged, whatever the exception."""
    return ReadError(
        f".{kind} 文件已损坏或格式不符：{type(exc).__name__}: {exc}",
        f"the .{kind} file is corrupt or malformed: {type(exc).__name__}: {exc}",
    )
