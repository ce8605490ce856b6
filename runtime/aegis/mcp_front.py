"""The stdio front of the MCP server: answer the handshake while the SDK is still loading.

Importing the MCP SDK costs about a second (mostly building its pydantic protocol
models), several times the whole start-up budget. Claude Code only needs the
discovery answers (``initialize`` or ``server/discover``, and ``tools/list``) to
register the server, and those are static for a given build. So the server
process works in two phases:

1. The front (this module, standard library only) reads stdin on the main
   thread while the SDK loads on a worker thread. A discovery request is
   answered from the **handshake cache** when an earlier run of the same build
   saw an identical request: the cache is keyed on the whole request but its id,
   and holds the SDK's own message for it, replayed verbatim with the id put
   back. Anything else (a tool call, an unknown method, a request never seen, a
   malformed line) is queued for the SDK.
2. When the SDK is ready the front hands over, and from then on the SDK serves
   the connection alone, starting with the queued lines in order.

Both protocol eras are served. Claude Code 2.1.332 speaks 2026-07-28: it
probes with ``server/discover`` and every request carries its protocol version
in ``params._meta``; those requests are independent, so ``server/discover`` and
``tools/list`` are answered early even after other requests were queued. Claude
Code waits for a ``subscriptions/listen`` to be acknowledged before it lists
tools, so for an identical subscription request the SDK's recorded
acknowledgement is replayed at once (re-addressed to the new subscription id),
while the SDK goes on to serve the subscription and its own acknowledgement is
dropped. Discovery must be quick anyway: without an answer within about 2.8 s
Claude Code falls back to a legacy ``initialize``. In the legacy era
(``initialize`` first) order matters: ``initialize``, the ``initialized``
notification and ``tools/list`` are answered early only until the first line is
queued, and at hand-over the SDK session is fed the client's own ``initialize``
(under a private id; its answer is not sent again) and ``initialized`` before
the queued lines.

With no cache entry (first run of a build, another client version, any other
difference in the request) nothing is answered early: the line goes to the SDK,
and its answer is saved for the next start. The cache file is tied to the
server source, the package version and the dependency directory, so a new
build never reuses an old answer. ``AEGIS_MCP_FRONT_CACHE=false`` turns the
cache off: the SDK then answers everything itself.

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

CACHE_FORMAT = 2
REPLAY_ID = "aegis-replay-initialize"
ENVELOPE_VERSION = "io.modelcontextprotocol/protocolVersion"
MODERN_EARLY = ("server/discover", "tools/list")   # static answers in the 2026-07-28 era
CACHED = ("initialize", *MODERN_EARLY)              # requests whose answers are recorded
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


def request_key(message: dict[str, Any]) -> str:
    """The whole request but its id, canonically: any difference means a fresh SDK answer."""
    body = {key: value for key, value in message.items() if key not in ("id", "jsonrpc")}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class HandshakeCache:
    """``{"key", "answers": {request key: the SDK's message}}`` in one 0600 file.

    A request key is the full request minus its id (``request_key``); the stored
    message is what the SDK sent for it, verbatim but for the id it answered
    (a response's ``id``, an acknowledgement's subscription id), which ``replay``
    puts back. Nothing is ever composed here.
    """

    def __init__(self, path: Path, key: str, enabled: bool = True):
        self.path, self.key, self.enabled = path, key, enabled
        self.answers: dict[str, Any] = {}
        self._dirty = False

    def load(self) -> "HandshakeCache":
        if not self.enabled:
            return self
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return self
        if isinstance(data, dict) and data.get("key") == self.key and isinstance(
                data.get("answers"), dict):
            self.answers = data["answers"]
        return self

    def replay(self, request: dict[str, Any]) -> dict[str, Any] | None:
        """The SDK's recorded message for an identical request, re-addressed to this one."""
        stored = self.answers.get(request_key(request))
        if not isinstance(stored, dict):
            return None
        message = json.loads(json.dumps(stored))
        if "id" in message:
            message["id"] = request["id"]
            return message
        meta = _params(message).get("_meta")
        if not isinstance(meta, dict) or SUBSCRIPTION_ID not in meta:
            return None                         # not what remember() writes: leave it to the SDK
        meta[SUBSCRIPTION_ID] = request["id"]
        return message

    def remember(self, request: dict[str, Any], message: dict[str, Any]) -> None:
        """Record the SDK's ``message`` for ``request`` (a response or an acknowledgement)."""
        if not self.enabled:
            return
        stored = json.loads(json.dumps(message))
        if "id" in stored:
            stored["id"] = None
        else:
            stored["params"]["_meta"][SUBSCRIPTION_ID] = None
        slot = request_key(request)
        if self.answers.get(slot) != stored:
            self.answers[slot] = stored
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
        self._listens: dict[Any, dict[str, Any]] = {}   # subscription id -> its request
        self._acked_early: set[Any] = set()
        self._watched: dict[Any, dict[str, Any]] = {}   # response id -> its request

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

    def _replay(self, message: dict[str, Any]) -> bool:
        answer = self.cache.replay(message)
        if answer is None:
            return False
        self.wire.send_json(answer)
        return True

    def _answer_early(self, line: bytes, message: dict[str, Any]) -> bool:
        method = message.get("method")
        if not _is_request(message) and method != "notifications/initialized":
            return False
        if _envelope_version(message) is not None and method in MODERN_EARLY:
            return self._replay(message)
        if self._forwarding:
            return False                    # legacy: keep the order from the first queued line
        if method == "initialize" and self._client_initialize is None:
            if not self._replay(message):
                return False
            self._client_initialize = line
            return True
        if self._client_initialize is None:
            return False
        if method == "notifications/initialized":
            self._client_initialized = line
            return True
        return method == "tools/list" and self._replay(message)

    def _acknowledge_early(self, message: dict[str, Any]) -> None:
        """Replay a subscription's acknowledgement now; the SDK still serves the subscription.

        Claude Code waits for this notification before it lists tools. What is sent
        is the SDK's own acknowledgement of an identical request in an earlier run
        of this build, re-addressed; the SDK's new one is dropped when it comes.
        """
        if message.get("method") != LISTEN or _envelope_version(message) is None:
            return
        if self._replay(message):
            self._acked_early.add(message["id"])

    def _watch(self, message: dict[str, Any] | None) -> None:
        """Remember which queued requests' answers belong in the handshake cache."""
        if message is None or not _is_request(message):
            return
        method = message["method"]
        if method == LISTEN and _envelope_version(message):
            self._listens[message["id"]] = message
        elif method in CACHED:
            self._watched[message["id"]] = message

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
                self._watched[REPLAY_ID] = request
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
        if self._listens or self._watched:
            message = _parse(line) or {}
            if message.get("method") == ACKNOWLEDGED:
                meta = _params(message).get("_meta")
                subscription = meta.get(SUBSCRIPTION_ID) if isinstance(meta, dict) else None
                with self._lock:
                    request = self._listens.pop(subscription, None)
                if request is not None:
                    self._learn(request, message)
                    if subscription in self._acked_early:
                        return
            elif "id" in message and "method" not in message:
                with self._lock:
                    request = self._watched.pop(message["id"], None)
                if request is not None:
                    if "result" in message:
                        self._learn(request, message)
                    if message["id"] == REPLAY_ID:
                        return
        self.wire.send(line)

    def _learn(self, request: dict[str, Any], message: dict[str, Any]) -> None:
        self.cache.remember(request, message)
        self.cache.save()

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


def _discard_damaged_runtime(missing: str | None) -> bool:
    """The archive's own mend for a damaged extraction (``_aegis_pyz.serve``); from
    source there is no extraction and nothing to mend."""
    try:
        from _aegis_pyz.serve import discard_damaged_build
    except ImportError:
        return False
    try:
        return discard_damaged_build(missing)
    except OSError:
        return False


def run_front(stdin: BinaryIO, wire: Wire, cache: HandshakeCache,
              serve: Callable[[Front], None]) -> None:
    """Pump stdin on this thread while ``serve(front)`` loads and runs the SDK on another."""
    front = Front(wire, cache.load())

    def sdk_thread() -> None:
        try:
            serve(front)
        except BaseException as exc:       # the SDK must not die silently with requests waiting
            reason = f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"
            if isinstance(exc, ModuleNotFoundError) and _discard_damaged_runtime(exc.name):
                reason += ("; its unpacked runtime was damaged and is removed: restart the "
                           "server (/mcp, reconnect) to unpack it again")
            log.error("mcp: the SDK server stopped: %s", reason)
            front.failed(reason)

    worker = threading.Thread(target=sdk_thread, name="aegis-mcp-sdk", daemon=True)
    worker.start()
    front.pump(stdin)
    worker.join()
