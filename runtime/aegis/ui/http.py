"""The viewer's HTTP server: routing, the guard's checks, JSON in and out.

Standard library ``http.server`` on 127.0.0.1 with a random port. Each request
opens the memory service and closes it again, so the viewer never holds the
store between clicks (hooks and the capture worker keep writing meanwhile).
Pages are one static HTML/JS/CSS app under ``static/`` that renders with
``textContent`` only: memory text is data, never markup.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from aegis.errors import AegisError, InvalidInput, NotFound
from aegis.ui import api
from aegis.ui.guard import CSRF_HEADER, Guard

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

    from aegis.config import Settings

STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8",
          "index.html": "text/html; charset=utf-8"}
MAX_BODY = 256 * 1024
MEMORY_ROUTE = re.compile(r"^/api/memory/([A-Za-z0-9_.:-]{1,80})(?:/(update|forget|restore))?$")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def static_bytes(name: str) -> bytes:
    """A file of the page, from the source tree or from inside the zipapp."""
    from aegis import package_data
    return package_data.read(__file__, "static", name)


class Viewer:
    """What the handler needs: settings, the project directory and the guard."""

    def __init__(self, settings: Settings, cwd: str, guard: Guard):
        self.settings, self.cwd, self.guard = settings, cwd, guard
        self.last_request = time.monotonic()

    def with_service(self, work: Callable[[Any], Any]) -> Any:
        from aegis.service import MemoryService
        with MemoryService.open(self.settings, self.cwd) as service:
            return work(service)


class Handler(BaseHTTPRequestHandler):
    server_version = "aegis-ui"
    sys_version = ""
    viewer: Viewer              # set on the subclass make_server builds

    def log_message(self, format: str, *args: Any) -> None:   # quiet: the terminal shows the URL
        pass

    # ------------------------------------------------------------ responses

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {**SECURITY_HEADERS, **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                   "application/json; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": message})

    # ------------------------------------------------------------ checks

    def _allowed(self, url_key: str | None) -> bool:
        guard = self.viewer.guard
        self.viewer.last_request = time.monotonic()
        if not guard.host_ok(self.headers.get("Host")):
            self._error(421, "wrong Host header")
            return False
        if guard.cookie_ok(self.headers.get("Cookie")) or guard.key_ok(url_key):
            return True
        self._error(403, "open the viewer with the URL `aegis ui` printed")
        return False

    # ------------------------------------------------------------ methods

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query))
        if not self._allowed(params.get("key")):
            return
        if url.path == "/" and "key" in params:     # trade the URL secret for the cookie
            self._send(303, b"", "text/plain", {"Location": "/",
                                                 "Set-Cookie": self.viewer.guard.set_cookie()})
            return
        if url.path == "/":
            page = static_bytes("index.html").replace(
                b"{{CSRF}}", self.viewer.guard.csrf_token.encode())
            self._send(200, page, STATIC["index.html"])
        elif url.path.startswith("/static/") and url.path[8:] in STATIC:
            name = url.path[8:]
            self._send(200, static_bytes(name), STATIC[name])
        elif url.path.startswith("/api/"):
            self._api(lambda: self._read(url.path, params))
        else:
            self._error(404, "no such page")

    do_HEAD = do_GET

    def do_POST(self) -> None:
        if not self._allowed(None):
            return
        refusal = self.viewer.guard.change_ok(self.headers.get("Origin"),
                                              self.headers.get("Content-Type"),
                                              self.headers.get(CSRF_HEADER))
        if refusal:
            self._error(403, refusal)
            return
        self._api(lambda: self._change(urlsplit(self.path).path, self._body()))

    def do_PUT(self) -> None:
        self._error(405, "method not allowed")

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT

    # ------------------------------------------------------------ the API

    def _api(self, work: Callable[[], Any]) -> None:
        try:
            self._json(200, work())
        except NotFound as exc:
            self._error(404, exc.message)
        except InvalidInput as exc:
            self._error(400, exc.message)
        except AegisError as exc:
            self._error(503, exc.message)
        except Exception as exc:   # the edge: one line for the page, never a traceback
            self._error(500, f"internal error: {type(exc).__name__}")

    def _body(self) -> dict[str, Any]:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise InvalidInput("bad Content-Length") from None
        if not 0 <= length <= MAX_BODY:
            raise InvalidInput("request body too large")
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise InvalidInput("the body is not JSON") from None
        if not isinstance(body, dict):
            raise InvalidInput("the body must be a JSON object")
        return body

    def _read(self, path: str, params: dict[str, str]) -> Any:
        viewer, settings = self.viewer, self.viewer.settings
        routes: dict[str, Callable[[Any], Any]] = {
            "/api/overview": lambda s: api.overview(s, settings),
            "/api/memories": lambda s: api.memories(s, params),
            "/api/recall": lambda s: api.recall_log(s, settings),
            "/api/capture": lambda s: api.capture_log(s, settings),
            "/api/settings": lambda s: api.settings_view(settings, s),
        }
        if path == "/api/spool":
            return api.spool_backlog(settings)
        if path in routes:
            return viewer.with_service(routes[path])
        match = MEMORY_ROUTE.match(path)
        if match and match.group(2) is None:
            return viewer.with_service(lambda s: api.memory_detail(s, match.group(1)))
        raise NotFound("no such API")

    def _change(self, path: str, body: dict[str, Any]) -> Any:
        viewer = self.viewer
        if path == "/api/capture/undo":
            memory_id = body.get("memory_id")
            return viewer.with_service(lambda s: api.forget(s, memory_id))
        match = MEMORY_ROUTE.match(path)
        if not match or match.group(2) is None:
            raise NotFound("no such API")
        memory_id, action = match.groups()
        if action == "update":
            return viewer.with_service(lambda s: api.update(s, memory_id, body))
        if action == "forget":
            return viewer.with_service(lambda s: api.forget(s, memory_id))
        return viewer.with_service(lambda s: api.restore(s, memory_id, body.get("version")))


def make_server(settings: Settings, cwd: str, port: int = 0) -> tuple[ThreadingHTTPServer,
                                                                        Viewer]:
    """A server bound to 127.0.0.1 (``port`` 0: a random free one), not yet serving. A
    port that cannot be had is one line for the user (``AegisError``), not an OSError."""
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), BaseHTTPRequestHandler)
    except OSError as exc:
        import errno
        if exc.errno == errno.EADDRINUSE:
            raise AegisError(f"port {port} on 127.0.0.1 is already in use; choose another "
                             f"with --port N, or leave --port out for a free one") from None
        raise AegisError(f"cannot listen on 127.0.0.1:{port} "
                         f"({(exc.strerror or str(exc)).lower()}); choose another port with "
                         f"--port N, or leave --port out for a free one") from None
    viewer = Viewer(settings, cwd, Guard(server.server_address[1]))
    server.RequestHandlerClass = type("BoundHandler", (Handler,), {"viewer": viewer})
    server.daemon_threads = True
    return server, viewer


def stop_when_idle(server: ThreadingHTTPServer, viewer: Viewer, idle_seconds: float) -> None:
    """Shut the server down after ``idle_seconds`` without a request (a detached viewer)."""
    def watch() -> None:
        while True:
            time.sleep(min(30.0, idle_seconds))
            if time.monotonic() - viewer.last_request > idle_seconds:
                server.shutdown()
                return
    threading.Thread(target=watch, daemon=True).start()
