"""Serving the app with uvicorn on a socket bound here, so that a port in use or a host that
does not exist is one clear message (and exit 2), not a server's log line."""

from __future__ import annotations

import contextlib
import socket
import sys
from typing import IO

import uvicorn

from linter.config import ConfigError
from linter.plugins import Registry
from linter.serve.app import create_app
from linter.serve.settings import Settings
from linter.serve.worker import start_forkserver

STARTED = {
    "zh": "formlint serve：在浏览器中打开 {url}（按 Ctrl+C 停止）",
    "en": "formlint serve: open {url} in a browser (Ctrl+C stops it)",
}
OPEN_TO_ALL = {
    "zh": "formlint serve：警告：绑定到 {host}，其他机器也能访问，却没有设置访问令牌"
    "（--token 或环境变量 {variable}）",
    "en": "formlint serve: warning: bound to {host}, where other machines can reach it, "
    "without a token (--token or the {variable} environment variable)",
}


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (port 0: any free port)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise ConfigError(f"--host {host}: {exc.strerror or exc}") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ConfigError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}"
            " (another program may be using the port: try --port)"
        ) from exc
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    if sock.family == socket.AF_INET6:
        host = f"[{host}]"
    if host in ("0.0.0.0", "[::]"):  # reachable on every address; this machine's is one
        host = socket.gethostname()
    return f"http://{host}:{port}/"


def serve(settings: Settings, registry: Registry, host: str, port: int, out: IO) -> int:
    """Serve until Ctrl-C or SIGTERM; the address goes to ``out`` once the socket listens.
    Ctrl-C is how a person stops it, so it ends the command with 0 (uvicorn raises it again
    once it has shut down); SIGTERM ends the process as the signal does, after shutting down."""
    sock = bind(host, port)
    lang = settings.config.lang if settings.config.lang in STARTED else "zh"
    if settings.hosts is None and not settings.token:
        print(OPEN_TO_ALL[lang].format(host=host, variable="FORMLINT_SERVE_TOKEN"), file=sys.stderr)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, registry), log_level="info"))
    start_forkserver()
    print(STARTED[lang].format(url=url_of(sock)), file=out, flush=True)
    with sock, contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    return 0
