"""What is refused before a request's body is read: a Host the server does not serve, a post
from another web page, a missing or wrong token, and a body over the size limit.

A pure ASGI middleware, so that none of this waits for a multipart body to be parsed: an
unauthorised client cannot make the server take in 64 MB first. The size is checked on the
``Content-Length`` the client declares and again on the bytes that actually arrive (a chunked
body declares none): once over the limit the body is cut off, whatever the endpoint would have
answered is dropped, and the answer is 413.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linter.serve import refusals
from linter.serve.refusals import Refusal
from linter.serve.settings import Settings

OPEN_PATHS = ("/api/info",)  # what the page reads to know it must ask for a token
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class Guard:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lang = request_lang(scope)
        refusal = self._refusal(scope, Headers(scope=scope))
        if refusal is not None:
            await send_refusal(send, refusal, lang)
        elif scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
        else:
            await self._limited(scope, receive, send, lang)

    def _refusal(self, scope: Scope, headers: Headers) -> Refusal | None:
        settings = self.settings
        host = headers.get("host", "")
        name = urlsplit(f"//{host}").hostname or ""
        if settings.hosts is not None and name not in settings.hosts:
            return refusals.host_not_allowed(host)
        origin = headers.get("origin")
        if (
            origin is not None
            and scope["method"] not in SAFE_METHODS
            and urlsplit(origin).netloc != host
        ):
            return refusals.cross_origin(origin)
        if settings.token and scope["path"].startswith("/api/") and scope["path"] not in OPEN_PATHS:
            scheme, _, given = headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not given.strip():
                return refusals.token_missing()
            if not hmac.compare_digest(given.strip().encode(), settings.token.encode()):
                return refusals.token_wrong()
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > settings.max_bytes:
            return refusals.too_large(settings.max_bytes)
        return None

    async def _limited(self, scope: Scope, receive: Receive, send: Send, lang: str | None) -> None:
        limit = self.settings.max_bytes
        received = 0
        over = False

        async def counted() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    return {"type": "http.disconnect"}  # the endpoint stops reading here
            return message

        async def unless_over(message: Message) -> None:
            if not over:
                await send(message)

        try:
            await self.app(scope, counted, unless_over)
        except Exception:
            if not over:
                raise
        if over:
            await send_refusal(send, refusals.too_large(limit), lang)


def request_lang(scope: Scope) -> str | None:
    """The language a request asks its messages in: ``?lang=en``; None for the default."""
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang")
    return values[-1] if values else None


async def send_refusal(send: Send, refusal: Refusal, lang: str | None) -> None:
    body = refusal.body(lang)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if refusal.status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
