"""The ASGI application: the page, its static files, the JSON API and its OpenAPI document.

Endpoints take the uploads as ``files`` of a multipart form, refuse what the limits refuse
(``linter.serve.refusals``), and hand the check to a worker process (``linter.serve.worker``)
from a thread, at most ``Settings.checks_at_once`` at a time; the private folder the uploads
were written to is gone before the response is sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import quote

import anyio
from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from linter import __version__
from linter.plugins import Registry
from linter.reporters.base import TOOL
from linter.serve import refusals, worker
from linter.serve.guard import Guard, request_lang
from linter.serve.refusals import Refusal, Refused
from linter.serve.settings import Settings
from linter.serve.uploads import private_folder, safe_names

STATIC = Path(__file__).parent / "static"
MEDIA_TYPES = {  # a report's media type and file name suffix; anything else is plain text
    "json": ("application/json", "json"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "sarif": ("application/sarif+json", "sarif"),
    "gitlab": ("application/json", "json"),
    "html": ("text/html; charset=utf-8", "html"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "junit": ("application/xml", "xml"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
XLSX = MEDIA_TYPES["xlsx"][0]
# the page and the API docs load nothing from elsewhere, and no other site may frame them
PAGE_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data: blob:; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}

Lang = Literal["zh", "en"]
Files = Annotated[
    list[UploadFile],
    File(description="the forms, in any format formlint reads (one part per file)"),
]
LangQuery = Annotated[
    Lang | None,
    Query(description="language of the messages (default: the configuration's, else zh)"),
]


class RefusalBody(BaseModel):
    """Why a request was refused."""

    error: str
    message: str
    zh: str
    en: str


REFUSED = {
    status: {"model": RefusalBody, "description": description}
    for status, description in (
        (400, "no files, a bad name or format, a Host not served"),
        (401, "a token is required, or the one sent is wrong"),
        (403, "a request from another web page"),
        (413, "the upload is larger than the limit, or has too many files"),
        (422, "a bad parameter; a workbook that cannot be read"),
        (500, "the check failed"),
        (504, "the check took longer than its files' time limits"),
    )
}


def create_app(settings: Settings, registry: Registry) -> FastAPI:
    """The app under ``settings``; ``registry``'s reporters are the formats /api/check offers
    (the workers load the same installed plugins themselves)."""
    app = FastAPI(
        title="formlint",
        version=__version__,
        description="Check Chinese public-budget performance forms (绩效目标申报表, 绩效自评表): "
        "upload them, get `formlint check`'s findings. See docs/serve.md.",
        docs_url=None,  # FastAPI's pages load their scripts from a CDN: /docs is our own
        redoc_url=None,
    )
    app.add_middleware(Guard, settings=settings)
    _handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    limiter = anyio.CapacityLimiter(settings.checks_at_once)

    async def checked(files: list[UploadFile], task: worker.Task) -> bytes:
        """Run ``task`` (its folder and names filled in) on the uploads."""
        if not files:
            raise Refused(refusals.no_files())
        if len(files) > settings.max_files:
            raise Refused(refusals.too_many_files(len(files), settings.max_files))
        names = safe_names([f.filename for f in files])
        if task.kind == "annotate" and task.target not in names:
            raise Refused(refusals.not_a_workbook(task.target))
        uploads = [(name, await f.read()) for name, f in zip(names, files, strict=True)]
        seconds = len(names) * settings.time_limit + worker.GRACE
        outcome = await anyio.to_thread.run_sync(
            _check, uploads, task._replace(names=tuple(names)), seconds, limiter=limiter
        )
        if outcome.kind == "done":
            return outcome.value
        if outcome.kind == "refused":
            raise Refused(outcome.value)
        if outcome.kind == "timeout":
            raise Refused(refusals.timed_out(len(names), seconds))
        raise Refused(refusals.worker_failed(str(outcome.value)))

    def task(kind: str, lang: Lang | None, target: str = "") -> worker.Task:
        return worker.Task(
            "", (), settings.config, lang or settings.config.lang, kind, target, settings.time_limit
        )

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers=PAGE_HEADERS)

    @app.get("/docs", include_in_schema=False)
    async def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", headers=PAGE_HEADERS)

    @app.get(
        "/api/info",
        summary="What this server reads, writes and allows",
        response_description="the version, suffixes read, report formats, limits, and whether "
        "a token is needed",
    )
    async def info() -> dict:
        return {
            "tool": TOOL,
            "lang": settings.config.lang,
            "suffixes": list(registry.suffixes),
            "formats": {r.name: r.description for r in registry.reporters.values()},
            "limits": {
                "max_bytes": settings.max_bytes,
                "max_files": settings.max_files,
                "time_limit": settings.time_limit,
            },
            "token": bool(settings.token),
        }

    @app.post(
        "/api/check",
        summary="Check forms: the report `formlint check --format FORMAT` writes",
        description="The uploads are linted under their own names, as `formlint check NAME…` "
        "lints files in the working directory; with `format=json` (the default) the answer "
        "is the version-1 JSON contract of docs/output-formats.md, exactly as the CLI writes it.",
        response_class=Response,
        responses={200: {"description": "the report"}, **REFUSED},
    )
    async def check(
        files: Files,
        format: Annotated[
            str, Query(description="a report format: json, sarif, html, csv, … (`/api/info`)")
        ] = "json",
        lang: LangQuery = None,
    ) -> Response:
        reporter = registry.reporters.get(format)
        if reporter is None:
            raise Refused(refusals.unknown_format(format, sorted(registry.reporters)))
        content = await checked(files, task("report", lang, format))
        media, suffix = MEDIA_TYPES.get(format, ("text/plain; charset=utf-8", "txt"))
        headers = {} if format == "json" else _attachment(f"formlint-report.{suffix}")
        return Response(content, media_type=media, headers=headers)

    @app.post(
        "/api/review",
        summary="Check forms for the page: findings in both languages, with the forms' rows",
        response_class=Response,
        responses={
            200: {
                "content": {"application/json": {}},
                "description": "each file's rows, forms and findings in zh and en (docs/serve.md)",
            },
            **REFUSED,
        },
    )
    async def review(files: Files) -> Response:
        content = await checked(files, task("review", None))
        return Response(content, media_type="application/json")

    @app.post(
        "/api/annotate",
        summary="The uploaded workbook `name` with each finding as a cell comment",
        description="As `formlint annotate`: the findings of a check of all the uploads (those "
        "across forms too) as comments on their cells, the cells filled by severity.",
        response_class=Response,
        responses={
            200: {"content": {XLSX: {}}, "description": "the annotated workbook"},
            **REFUSED,
        },
    )
    async def annotate(
        files: Files,
        name: Annotated[str, Query(description="the .xlsx or .xlsm upload to annotate")],
        lang: LangQuery = None,
    ) -> Response:
        if Path(name).suffix.lower() not in worker.WORKBOOKS:
            raise Refused(refusals.not_a_workbook(name))
        content = await checked(files, task("annotate", lang, name))
        path = Path(name)
        return Response(
            content, media_type=XLSX, headers=_attachment(f"{path.stem}-标注{path.suffix}")
        )

    return app


def _check(uploads: list[tuple[str, bytes]], task: worker.Task, seconds: float) -> worker.Outcome:
    """In a thread: the uploads in a private folder for as long as the worker needs them."""
    with private_folder(uploads) as folder:
        return worker.run(task._replace(folder=folder), seconds)


def _attachment(filename: str) -> dict[str, str]:
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return {
        "content-disposition": f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(filename)}"
    }


def _handlers(app: FastAPI) -> None:
    """Every refusal as ``Refusal.body``: the endpoints', the framework's, and a crash's."""

    def answer(request: Request, refusal: Refusal) -> Response:
        headers = {"www-authenticate": "Bearer"} if refusal.status == 401 else None
        return Response(
            refusal.body(request_lang(request.scope)),
            status_code=refusal.status,
            media_type="application/json",
            headers=headers,
        )

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return answer(request, exc.refusal)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if any(tuple(e["loc"][:2]) == ("body", "files") for e in errors):
            return answer(request, refusals.no_files())
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return answer(request, refusals.bad_request(detail))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        refusal = refusals.http_error(
            exc.status_code, str(exc.detail), request.method, request.url.path
        )
        return answer(request, refusal)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        return answer(request, refusals.internal_error(f"{type(exc).__name__}: {exc}"))
