"""A scripted stand-in for the Anthropic Messages API, served on 127.0.0.1.

The real Claude Code CLI talks to it through ``ANTHROPIC_BASE_URL``. Every request
is recorded (path, headers, parsed JSON body) so a test can assert what context
the plugin's hooks injected. A scenario scripts the model with a ``responder``:
a callable that receives the parsed request and returns the content blocks of
the assistant turn (``text(...)`` / ``tool_use(...)``), or None for the default
reply. Streaming requests are answered with the SSE event sequence the CLI
expects (message_start, content_block_start/delta/stop, message_delta,
message_stop); non-streaming ones with one JSON message. Auxiliary endpoints
(token counting, model listing) get sensible answers; unknown paths are logged
and answered with an empty JSON object so the CLI never hangs on them.
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable

DEFAULT_REPLY = "OK."


def text(value: str) -> dict:
    return {"type": "text", "text": value}


def tool_use(name: str, arguments: dict, block_id: str | None = None) -> dict:
    return {"type": "tool_use", "id": block_id or f"toolu_{next(_ids):08d}", "name": name,
            "input": arguments}


_ids = itertools.count(1)


@dataclass
class Request:
    """One request the CLI sent: the path, headers and decoded JSON body."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any

    # -------- helpers for scenario scripts and assertions
    @property
    def is_messages(self) -> bool:
        return self.method == "POST" and self.path.split("?")[0].rstrip("/") == "/v1/messages"

    @property
    def messages(self) -> list[dict]:
        return list((self.body or {}).get("messages") or []) if isinstance(self.body, dict) else []

    @property
    def tool_names(self) -> list[str]:
        tools = (self.body or {}).get("tools") or [] if isinstance(self.body, dict) else []
        return [t.get("name", "") for t in tools if isinstance(t, dict)]

    def system_text(self) -> str:
        system = (self.body or {}).get("system") if isinstance(self.body, dict) else None
        return flatten(system)

    def all_text(self) -> str:
        """System prompt plus every message's text, tool results included."""
        return self.system_text() + "\n" + "\n".join(flatten(m.get("content"))
                                                      for m in self.messages)

    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return flatten(message.get("content"))
        return ""

    def tool_results(self) -> list[dict]:
        """tool_result blocks of the last user message (the answer to our tool_use)."""
        for message in reversed(self.messages):
            if message.get("role") != "user":
                continue
            content = message.get("content")
            if not isinstance(content, list):
                return []
            return [b for b in content if isinstance(b, dict) and b.get("type") == "tool_result"]
        return []


def flatten(content: Any) -> str:
    """All text inside a message content / system value, whatever its block shape."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(flatten(item) for item in content)
    if isinstance(content, dict):
        parts = []
        for key in ("text", "content"):
            if key in content:
                parts.append(flatten(content[key]))
        return "\n".join(parts)
    return ""


class _QuietServer(ThreadingHTTPServer):
    """The CLI drops keep-alive connections at exit; that is not an error worth a traceback."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


Responder = Callable[[Request], "Iterable[dict] | None"]


@dataclass
class StubAPI:
    """The server plus its recording; use as a context manager."""

    responder: Responder | None = None
    requests: list[Request] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def __post_init__(self):
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):          # keep pytest output clean
                pass

            def do_GET(self):
                stub._handle(self, "GET")

            def do_POST(self):
                stub._handle(self, "POST")

            def do_HEAD(self):
                stub._handle(self, "HEAD")

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "StubAPI":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # ---------------------------------------------------------------- recording
    def message_requests(self) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.is_messages]

    def main_requests(self) -> list[Request]:
        """Requests of the conversation itself (they offer tools), not helper calls."""
        return [r for r in self.message_requests() if r.tool_names]

    # ---------------------------------------------------------------- serving
    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        request = Request(method, handler.path, {k.lower(): v for k, v in handler.headers.items()},
                          body)
        with self._lock:
            self.requests.append(request)
        path = handler.path.split("?")[0].rstrip("/")
        if request.is_messages:
            self._answer_messages(handler, request)
        elif path == "/v1/messages/count_tokens":
            self._json(handler, 200, {"input_tokens": max(1, len(json.dumps(body)) // 4)})
        elif path == "/api/hello":                  # the CLI's connectivity probe (HEAD)
            self._json(handler, 200, {})
        elif method == "GET" and path == "/v1/models":
            self._json(handler, 200, {"data": [], "has_more": False, "first_id": None,
                                      "last_id": None})
        else:
            with self._lock:
                self.unknown.append(f"{method} {handler.path}")
            self._json(handler, 404, {"type": "error", "error": {
                "type": "not_found_error", "message": f"stub: no route {method} {path}"}})

    def _answer_messages(self, handler, request: Request) -> None:
        blocks = None
        if self.responder is not None:
            try:
                blocks = self.responder(request)
            except Exception as exc:                 # a broken script must be visible
                blocks = [text(f"stub responder failed: {exc!r}")]
        blocks = list(blocks) if blocks else [text(DEFAULT_REPLY)]
        body = request.body if isinstance(request.body, dict) else {}
        model = body.get("model") or "claude-stub"
        stop = "tool_use" if any(b["type"] == "tool_use" for b in blocks) else "end_turn"
        message_id = f"msg_stub_{next(_ids):08d}"
        if body.get("stream"):
            self._stream(handler, message_id, model, blocks, stop)
        else:
            self._json(handler, 200, {
                "id": message_id, "type": "message", "role": "assistant", "model": model,
                "content": blocks, "stop_reason": stop, "stop_sequence": None,
                "usage": {"input_tokens": 10, "output_tokens": 10}})

    @staticmethod
    def _json(handler, status: int, data: Any) -> None:
        payload = json.dumps(data).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.send_header("request-id", "req_stub")
        handler.end_headers()
        handler.wfile.write(payload)

    @staticmethod
    def _stream(handler, message_id: str, model: str, blocks: list[dict], stop: str) -> None:
        events: list[tuple[str, dict]] = [("message_start", {
            "type": "message_start", "message": {
                "id": message_id, "type": "message", "role": "assistant", "model": model,
                "content": [], "stop_reason": None, "stop_sequence": None,
                "usage": {"input_tokens": 10, "output_tokens": 1,
                          "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}}})]
        for index, block in enumerate(blocks):
            if block["type"] == "text":
                events.append(("content_block_start", {"type": "content_block_start",
                               "index": index, "content_block": {"type": "text", "text": ""}}))
                events.append(("content_block_delta", {"type": "content_block_delta",
                               "index": index, "delta": {"type": "text_delta",
                                                         "text": block["text"]}}))
            else:
                events.append(("content_block_start", {"type": "content_block_start",
                               "index": index, "content_block": {
                                   "type": "tool_use", "id": block["id"], "name": block["name"],
                                   "input": {}}}))
                events.append(("content_block_delta", {"type": "content_block_delta",
                               "index": index, "delta": {"type": "input_json_delta",
                                                         "partial_json": json.dumps(
                                                             block["input"])}}))
            events.append(("content_block_stop", {"type": "content_block_stop", "index": index}))
        events.append(("message_delta", {"type": "message_delta",
                                         "delta": {"stop_reason": stop, "stop_sequence": None},
                                         "usage": {"output_tokens": 10}}))
        events.append(("message_stop", {"type": "message_stop"}))
        payload = "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n"
                          for name, data in events).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Cache-Control", "no-cache")
        handler.send_header("Content-Length", str(len(payload)))
        handler.send_header("request-id", "req_stub")
        handler.end_headers()
        handler.wfile.write(payload)
