"""Why a request was refused, in Chinese and English, with its HTTP status.

Every refusal has the same JSON body, whichever layer refuses (the guard before the body is
read, or an endpoint): ``{"error": code, "message": …, "zh": …, "en": …}``, ``message`` in the
language the request asked for (``?lang=en``), Chinese by default, as in the CLI.
"""

from __future__ import annotations

import json
from typing import NamedTuple


class Refusal(NamedTuple):
    """A refusal: its HTTP status, a code a program can test, and the message in both languages."""

    status: int
    code: str
    zh: str
    en: str

    def body(self, lang: str | None) -> bytes:
        message = self.en if lang == "en" else self.zh
        data = {"error": self.code, "message": message, "zh": self.zh, "en": self.en}
        return json.dumps(data, ensure_ascii=False).encode("utf-8")


class Refused(Exception):
    """Raised where a request is refused; the app answers it with the refusal's body."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.en)
        self.refusal = refusal


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.3g} MB"


def token_missing() -> Refusal:
    return Refusal(
        401,
        "token_required",
        "需要访问令牌：请在请求头中加入 Authorization: Bearer <令牌>",
        "a token is required: send the header Authorization: Bearer <token>",
    )


def token_wrong() -> Refusal:
    return Refusal(401, "token_wrong", "访问令牌不正确", "the token is not the right one")


def host_not_allowed(host: str) -> Refusal:
    return Refusal(
        400,
        "host_not_allowed",
        f"不接受主机名「{host}」：本服务只在本机（127.0.0.1、localhost）上提供；"
        "要让其他机器访问，请用 --host 启动",
        f"the host name {host!r} is not served: this server answers on this machine only "
        "(127.0.0.1, localhost); start it with --host to serve other machines",
    )


def cross_origin(origin: str) -> Refusal:
    return Refusal(
        403,
        "cross_origin",
        f"拒绝来自其他网页（{origin}）的请求",
        f"a request from another web page ({origin}) is refused",
    )


def too_large(limit: int) -> Refusal:
    return Refusal(
        413,
        "too_large",
        f"上传的内容超过上限 {_mb(limit)}（{limit} 字节）；请分批上传",
        f"the upload is larger than the limit of {_mb(limit)} ({limit} bytes); "
        "send the files in smaller batches",
    )


def too_many_files(count: int, limit: int) -> Refusal:
    return Refusal(
        413,
        "too_many_files",
        f"一次上传了 {count} 个文件，上限是 {limit} 个；请分批上传",
        f"{count} files in one request, the limit is {limit}; send them in smaller batches",
    )


def no_files() -> Refusal:
    return Refusal(
        400,
        "no_files",
        "没有收到文件：请以 multipart/form-data 的 files 字段上传一个或多个表单",
        "no files received: upload one or more forms as the files field of multipart/form-data",
    )


def bad_request(detail: str) -> Refusal:
    return Refusal(422, "bad_request", f"请求参数不正确：{detail}", f"a bad request: {detail}")


def unknown_format(name: str, known: list[str]) -> Refusal:
    names = ", ".join(known)
    return Refusal(
        400,
        "unknown_format",
        f"没有名为「{name}」的报告格式；可用：{names}",
        f"no report format {name!r}; known: {names}",
    )


def not_a_workbook(name: str) -> Refusal:
    return Refusal(
        400,
        "not_a_workbook",
        f"「{name}」不是上传的 .xlsx 或 .xlsm 工作簿：只有这两种工作簿能标注",
        f"{name!r} is not an uploaded .xlsx or .xlsm workbook: only those can be annotated",
    )


def unreadable_workbook(name: str, zh: str, en: str) -> Refusal:
    return Refusal(
        422,
        "unreadable_workbook",
        f"无法读取工作簿「{name}」，未标注：{zh}",
        f"cannot read the workbook {name!r}, not annotated: {en}",
    )


def timed_out(files: int, seconds: float) -> Refusal:
    return Refusal(
        504,
        "timed_out",
        f"检查 {files} 个文件超过 {seconds:g} 秒仍未完成，已终止；请分批上传",
        f"checking {files} files took longer than {seconds:g} s and was stopped; "
        "send them in smaller batches",
    )


def worker_failed(detail: str) -> Refusal:
    return Refusal(
        500,
        "check_failed",
        f"检查进程出错：{detail}",
        f"the check failed: {detail}",
    )


def internal_error(detail: str) -> Refusal:
    return Refusal(
        500,
        "internal_error",
        f"内部错误：{detail}（请把这条消息告诉管理员）",
        f"internal error: {detail} (please tell the administrator)",
    )


def http_error(status: int, detail: str, method: str, path: str) -> Refusal:
    """What the framework refuses itself: an address that does not exist, a method it does not
    take, a multipart body it cannot parse."""
    if status == 404:
        return Refusal(404, "not_found", f"没有这个地址：{path}", f"no such address: {path}")
    if status == 405:
        return Refusal(
            405,
            "method_not_allowed",
            f"{path} 不接受 {method} 请求",
            f"{path} does not take {method}",
        )
    return Refusal(
        status, "bad_request", f"请求无法处理：{detail}", f"the request cannot be handled: {detail}"
    )
