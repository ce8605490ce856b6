"""The stdio front of the MCP server: answer the handshake while the SDK is still loading.

Importing the MCP SDK costs about a second (mostly building its pydantic protocol
models), several times the whole start-up budget. Claude Code only needs the
``initialize`` answer and the ``tools/list`` answer to register the server, and
both are static for a given build. So the server process works in two phases:

1. The front (this module, standard library only) reads stdin on the main
   thread while the SDK loads on a worker thread. The discovery requests are
   answered from a **handshake cache**: the exact results the SDK itself
   produced in an earlier run of the same build, saved in the data dir, keyed
   by method and protocol version. Anything else (a tool call, a subscription,
   an unknown method, a malformed line) is queued for the SDK.
2. When the SDK is ready the front hands over, and from then on the SDK serves
   the connection alone, starting with the queued lines in order.

Both protocol eras are served. Claude Code 2.1.332 speaks 2026-07-28: it
probes with ``server/discover`` and every request carries its protocol version
in ``params._meta``; those requests are independent, so ``server/discover`` and
``tools/list`` are answered early even after other requests were queued, and a
``subscriptions/listen`` is acknowledged at once (Claude Code waits for that
acknowledgement before it lists tools) while the SDK goes on to serve the
subscription. Discovery must be quick anyway: without an answer within about
2.8 s Claude Code falls back to a legacy ``initialize``. In the legacy
era (``initialize`` first) order matters: ``initialize``, the ``initialized``
notification, ``tools/list`` and ``ping`` are answered early only until the
first line is queued, and at hand-over the SDK session is fed the client's own
``initialize`` (under a private id; its answer is not sent again) and
``initialized`` before the queued lines.

With no cache entry (first run of a build, or another protocol version) nothing
is answered early: the line goes to the SDK, and its answer is saved for the
next start. The cache is keyed by the server source, the package version and
the dependency directory, so a new build never reuses an old answer.

If the SDK cannot load at all, queued and later requests get a JSON-RPC error
naming the reason instead of hanging.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO, Callable

from aegis import __version__
from aegis.log import get_logger
from aegis.paths import make_private, open_private

CACHE_FORMAT = 1
REPLAY_ID = "aegis-replay-initialize"
ENVELOPE_VERSION = "io.modelcontextprotocol/protocolVersion"
MODERN_EARLY = ("server/discover", "tools/list")   # static answers in the 2026-07-28 era
LISTEN = "subscriptions/listen"
ACKNOWLEDGED = "notifications/subscriptions/acknowledged"
SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId"
INTERNAL_ERROR = -32603
_EOF = None

log = get_logger()


# ---------------------------------------------------------------- the wire

class Wire:
    """The JSON-RPC output: one line at a time, from whichever thread is answering."""

    def __init__(self, out: BinaryIO):
        self._out = out
        self._lock = threading.Lock()

    @classmethod
    def claim_stdout(cls) -> "Wire":
        """Serve the wire from a private copy of fd 1 and point fd 1 at stderr.

        Stray output (a library's print, a child process) then lands in Claude
        Code's server log instead of corrupting the protocol stream.
        """
        try:
            sys.stdout.flush()
            private = os.dup(1)
            os.dup2(2, 1)
            return cls(os.fdopen(private, "wb", buffering=0))
        except (OSError, ValueError):
            return cls(sys.stdout.buffer)

    def send(self, data: bytes) -> None:
        with self._lock:
            self._out.write(data if data.endswith(b"\n") else data + b"\n")
            self._out.flush()

    def send_json(self, message: dict[str, Any]) -> None:
        self.send(json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


# ---------------------------------------------------------------- the cache

def cache_key(*sources: bytes) -> str:
    """What the SDK's handshake answers depend on: our code, our version, the bundled SDK."""
    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, __version__, sys.version_info[:2],
                 [p for p in sys.path if p.rstrip("/\\").endswith("site-packages")]):
        digest.update(repr(part).encode())
    for source in sources:
        digest.update(hashlib.sha256(source).digest())
    return digest.hexdigest()


class HandshakeCache:
    """``{"key", "answers": {"<method>|<protocol version>": result}}`` in one 0600 file."""

    def __init__(self, path: Path, key: str):
        self.path, self.key = path, key
        self.answers: dict[str, Any] = {}
        self._dirty = False

    def load(self) -> "HandshakeCache":
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return self
        if isinstance(data, dict) and data.get("key") == self.key and isinstance(
                data.get("answers"), dict):
            self.answers = data["answers"]
        return self

    def get(self, method: str, protocol: str | None) -> Any:
        return self.answers.get(f"{method}|{protocol}") if protocol else None

    def remember(self, method: str, protocol: str | None, result: Any) -> None:
        slot = f"{method}|{protocol}"
        if protocol and isinstance(result, dict) and self.answers.get(slot) != result:
            self.answers[slot] = result
            self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            with open_private(tmp, "w") as out:
                json.dump({"key": self.key, "answers": self.answers}, out, ensure_ascii=False)
            os.replace(tmp, self.path)
            make_private(self.path)
            self._dirty = False
        except OSError as exc:
            log.warning("mcp: cannot save the handshake cache: %s", exc)
            try:
                tmp.unlink()
            except OSError:
                pass


# ---------------------------------------------------------------- the front

def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        message = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    return message if isinstance(message, dict) else None


def _is_request(message: dict[str, Any]) -> bool:
    return "id" in message and "method" in message


def _params(message: dict[str, Any]) -> dict[str, Any]:
    params = message.get("params")
    return params if isinstance(params, dict) else {}


def _envelope_version(message: dict[str, Any]) -> str | None:
    """The protocol version a 2026-07-28-era request carries in ``params._meta``."""
    meta = _params(message).get("_meta")
    version = meta.get(ENVELOPE_VERSION) if isinstance(meta, dict) else None
    return version if isinstance(version, str) else None


def _listen_slot(message: dict[str, Any], protocol: str) -> str:
    """Cache slot of a subscription's acknowledgement: what was asked for, in which version."""
    asked = json.dumps(_params(message).get("notifications"), sort_keys=True)
    return f"{protocol}|{asked}"


class Front:
    """Reads the client's lines, answers the handshake early, then feeds the SDK."""

    def __init__(self, wire: Wire, cache: HandshakeCache):
        self.wire, self.cache = wire, cache
        self._lock = threading.Lock()
        self._queue: "queue.Queue[bytes | None]" = queue.Queue()
        self._handed_over = False
        self._forwarding = False             # something went to the queue: keep order from here
        self._failed: str | None = None
        self._client_initialize: bytes | None = None
        self._client_initialized: bytes | None = None
        self._legacy_protocol: str | None = None
        self._listens: dict[Any, str] = {}          # subscription id -> cache slot of its ack
        self._acked_early: set[Any] = set()
        self._watched: dict[Any, tuple[str, str | None]] = {}   # response id -> (method, protocol)

    # -------------------------------------------------------- main thread

    def pump(self, stdin: BinaryIO) -> None:
        """Read stdin until EOF (the client closed the connection)."""
        for line in stdin:
            if line.strip():
                self._accept(line)
        self._queue.put(_EOF)

    def _accept(self, line: bytes) -> None:
        message = _parse(line)
        with self._lock:
            if self._failed is not None:
                self._refuse(message)
                return
            if not self._handed_over and message is not None:
                if self._answer_early(line, message):
                    return
                self._acknowledge_early(message)
            self._forwarding = True
            self._watch(message)
            self._queue.put(line)

    def _reply(self, message: dict[str, Any], result: Any) -> bool:
        self.wire.send_json({"jsonrpc": "2.0", "id": message["id"], "result": result})
        return True

    def _answer_early(self, line: bytes, message: dict[str, Any]) -> bool:
        method = message.get("method")
        modern = _envelope_version(message)
        if modern is not None and method in MODERN_EARLY and _is_request(message):
            if method == "tools/list" and _params(message).get("cursor"):
                return False
            result = self.cache.get(method, modern)
            return result is not None and self._reply(message, result)
        if self._forwarding:
            return False                    # legacy: keep the order from the first queued line
        if method == "initialize" and _is_request(message) and self._client_initialize is None:
            protocol = _params(message).get("protocolVersion")
            result = self.cache.get("initialize", protocol)
            if result is None or self.cache.get("tools/list", protocol) is None:
                return False
            self._client_initialize, self._legacy_protocol = line, protocol
            return self._reply(message, result)
        if self._client_initialize is None:
            return False
        if method == "notifications/initialized" and "id" not in message:
            self._client_initialized = line
            return True
        if method == "tools/list" and _is_request(message) and not _params(message).get("cursor"):
            return self._reply(message, self.cache.get("tools/list", self._legacy_protocol))
        if method == "ping" and _is_request(message):
            return self._reply(message, {})
        return False

    def _acknowledge_early(self, message: dict[str, Any]) -> None:
        """Send a subscription's acknowledgement now; the SDK still serves the subscription.

        Claude Code waits for this notification before it lists tools. It only
        echoes what the client asked for, so the SDK's earlier answer is reused
        and its own acknowledgement is dropped when it comes.
        """
        protocol = _envelope_version(message)
        if message.get("method") != LISTEN or not _is_request(message) or protocol is None:
            return
        honored = self.cache.get(LISTEN, _listen_slot(message, protocol))
        if honored is not None:
            self._acked_early.add(message["id"])
            self.wire.send_json({"jsonrpc": "2.0", "method": ACKNOWLEDGED, "params": {
                "_meta": {SUBSCRIPTION_ID: message["id"]}, "notifications": honored}})

    def _watch(self, message: dict[str, Any] | None) -> None:
        """Remember which queued requests' answers belong in the handshake cache."""
        if message is None or not _is_request(message):
            return
        method, params = message["method"], _params(message)
        if method == "initialize":
            self._legacy_protocol = params.get("protocolVersion")
            self._watched[message["id"]] = ("initialize", self._legacy_protocol)
        elif method == LISTEN and _envelope_version(message):
            self._listens[message["id"]] = _listen_slot(message, _envelope_version(message))
        elif method in MODERN_EARLY and not params.get("cursor"):
            protocol = _envelope_version(message) or self._legacy_protocol
            if protocol:
                self._watched[message["id"]] = (method, protocol)

    def _refuse(self, message: dict[str, Any] | None) -> None:
        if message is not None and _is_request(message):
            self.wire.send_json({"jsonrpc": "2.0", "id": message["id"], "error": {
                "code": INTERNAL_ERROR, "message": f"the Aegis memory server cannot start: "
                                                   f"{self._failed}"}})

    # -------------------------------------------------------- SDK thread

    def hand_over(self) -> list[bytes]:
        """The SDK is ready: stop answering early; the lines the SDK must see first."""
        with self._lock:
            self._handed_over = True
            prefix = []
            if self._client_initialize is not None:
                request = json.loads(self._client_initialize)
                request["id"] = REPLAY_ID
                self._watch(request)
                prefix.append(json.dumps(request).encode("utf-8") + b"\n")
                if self._client_initialized is not None:
                    prefix.append(self._client_initialized)
            return prefix

    def next_line(self) -> bytes | None:
        """Blocking: the next client line for the SDK, or None at end of input."""
        return self._queue.get()

    def from_sdk(self, line: bytes) -> None:
        """An outgoing line from the SDK: learn handshake answers, drop the replay's answer
        and acknowledgements already sent early."""
        if self._listens:
            message = _parse(line)
            params = _params(message or {})
            meta = params.get("_meta")
            subscription = meta.get(SUBSCRIPTION_ID) if isinstance(meta, dict) else None
            if message and message.get("method") == ACKNOWLEDGED and subscription in self._listens:
                with self._lock:
                    slot = self._listens.pop(subscription)
                self.cache.remember(LISTEN, slot, params.get("notifications"))
                self.cache.save()
                if subscription in self._acked_early:
                    return
        if self._watched:
            message = _parse(line)
            if message is not None and message.get("id") in self._watched:
                with self._lock:
                    method, protocol = self._watched.pop(message["id"])
                if "result" in message:
                    self.cache.remember(method, protocol, message["result"])
                    self.cache.save()
                if message["id"] == REPLAY_ID:
                    return
        self.wire.send(line)

    def failed(self, reason: str) -> None:
        """The SDK could not start: answer what is queued, and everything after, with an error."""
        with self._lock:
            self._failed = reason
            pending = []
            while True:
                try:
                    pending.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            for line in pending:
                if line is not None:
                    self._refuse(_parse(line))


def run_front(stdin: BinaryIO, wire: Wire, cache: HandshakeCache,
              serve: Callable[[Front], None]) -> None:
    """Pump stdin on this thread while ``serve(front)`` loads and runs the SDK on another."""
    front = Front(wire, cache.load())

    def sdk_thread() -> None:
        try:
            serve(front)
        except BaseException as exc:       # the SDK must not die silently with requests waiting
            reason = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
            log.error("mcp: the SDK server stopped: %s", reason)
            front.failed(reason)

    worker = threading.Thread(target=sdk_thread, name="aegis-mcp-sdk", daemon=True)
    worker.start()
    front.pump(stdin)
    worker.join()
