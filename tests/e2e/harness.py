"""The end-to-end harness: run the real Claude Code CLI against the stub API, and look
at what it did from outside (its stream-json events, the requests the stub
received, the Aegis store through the built zipapp, live worker processes).

Fixtures live in conftest.py; this module holds the pieces tests import.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pytest

from stub_api import Request, StubAPI
from tests.conftest import ROOT

CLAUDE_VERSION = "2.1.332"
MCP_PREFIX = "mcp__plugin_aegis_memory__"
ALLOWED_TOOLS = MCP_PREFIX + "*"
RUN_TIMEOUT_S = 180
# Top-level entries of the checkout that are not part of the installed plugin.
NOT_PLUGIN = {".git", ".cache", ".pytest_cache", "__pycache__", "tests", "bench", "build",
              "node_modules", ".venv", ".ci"}


def copy_plugin(pyz: Path, target: Path) -> Path:
    """This checkout as an installable plugin (and marketplace) in ``target``, with ``pyz``
    as its runtime: what a user's plugin cache holds."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in ROOT.iterdir():
        if entry.name in NOT_PLUGIN:
            continue
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(entry, target / entry.name)
    (target / "runtime").mkdir(exist_ok=True)
    shutil.copy2(pyz, target / "runtime" / "aegis.pyz")
    return target


def claude_bin() -> Path | None:
    candidates = [os.environ.get("CLAUDE_BIN"),
                  ROOT / ".cache" / "claude" / "node_modules" / ".bin" / "claude"]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


# ------------------------------------------------------------------ polling

def wait_until(predicate: Callable[[], Any], timeout: float, what: str,
               interval: float = 0.1) -> Any:
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


# ------------------------------------------------------------------ one CLI run

@dataclass
class Run:
    """What one ``claude -p`` run did: its output, its events, the requests it made."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    requests: list[Request]
    events: list[dict] = field(default_factory=list)

    def __post_init__(self):
        for line in self.stdout.splitlines():
            line = line.strip()
            if line.startswith("{"):
                try:
                    self.events.append(json.loads(line))
                except ValueError:
                    pass

    def describe(self) -> str:
        return (f"claude {' '.join(self.args)}\nexit {self.returncode}\n"
                f"stderr: {self.stderr[-3000:]}\nstdout: {self.stdout[-3000:]}")

    @property
    def init(self) -> dict:
        return next((e for e in self.events if e.get("type") == "system"
                     and e.get("subtype") == "init"), {})

    @property
    def result(self) -> dict:
        return next((e for e in reversed(self.events) if e.get("type") == "result"), {})

    @property
    def session_id(self) -> str:
        return self.result.get("session_id") or self.init.get("session_id") or ""

    @property
    def main_requests(self) -> list[Request]:
        """The conversation's own model calls (they offer tools), not helper calls."""
        return [r for r in self.requests if r.is_messages and r.tool_names]

    def mcp_status(self, name: str = "plugin:aegis:memory") -> str | None:
        for server in self.init.get("mcp_servers") or []:
            if server.get("name") == name:
                return server.get("status")
        return None

    def hook_responses(self, event: str) -> list[dict]:
        """The ``hook_response`` events (``--include-hook-events``) of one hook event."""
        return [e for e in self.events if e.get("type") == "system"
                and e.get("subtype") == "hook_response" and e.get("hook_event") == event]

    def hook_outputs(self, event: str) -> list[dict]:
        """What our hook printed for ``event``, parsed; {} for an empty output."""
        outputs = []
        for response in self.hook_responses(event):
            raw = (response.get("stdout") or response.get("output") or "").strip()
            outputs.append(json.loads(raw) if raw else {})
        return outputs

    def injected_context(self, event: str) -> str:
        """The additionalContext our ``event`` hook returned in this run ("" if none)."""
        return "\n".join((o.get("hookSpecificOutput") or {}).get("additionalContext") or ""
                         for o in self.hook_outputs(event))

    def system_messages(self) -> list[str]:
        """The one-line notices our hooks showed the user (``systemMessage``)."""
        return [o["systemMessage"] for event in ("SessionStart", "UserPromptSubmit")
                for o in self.hook_outputs(event) if o.get("systemMessage")]

    @property
    def permission_denials(self) -> list:
        return list(self.result.get("permission_denials") or [])

    def tool_results(self) -> list[dict]:
        """tool_result blocks the CLI sent back to the model, in order."""
        results = []
        for event in self.events:
            if event.get("type") != "user":
                continue
            content = (event.get("message") or {}).get("content")
            if isinstance(content, list):
                results += [b for b in content if isinstance(b, dict)
                            and b.get("type") == "tool_result"]
        return results


class Claude:
    """The CLI in an isolated HOME, talking to ``stub``, with the plugin installed one way."""

    def __init__(self, binary: Path, home: Path, data_dir: Path, stub: StubAPI,
                 plugin: Path, install: str):
        self.binary, self.home, self.data_dir, self.stub = binary, home, data_dir, stub
        self.plugin, self.install = plugin, install
        self.config_dir = home / ".claude"
        self.pyz = plugin / "runtime" / "aegis.pyz"
        self.extra_env: dict[str, str] = {}
        if install == "marketplace":
            self._install_from_marketplace()

    # -------------------------------------------------------------- environment
    def env(self, **overrides: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("ANTHROPIC_", "CLAUDE", "AEGIS_", "CLAUDE_PLUGIN_OPTION_"))
               and k not in ("NODE_OPTIONS", "DEBUG")}
        env.update({
            "HOME": str(self.home),
            "CLAUDE_CONFIG_DIR": str(self.config_dir),
            "AEGIS_DATA_DIR": str(self.data_dir),
            "ANTHROPIC_BASE_URL": self.stub.url,
            "ANTHROPIC_API_KEY": "sk-ant-e2e-dummy-key",
            # Tool search stays as users get it: memory_save and memory_search are loaded,
            # the other memory tools are deferred (scripts.call loads them with ToolSearch).
            # The plugin's alwaysLoad makes the CLI wait for the server, but only up to
            # 5 s; a cold server (fresh data dir) on a loaded machine can take longer, so
            # the tests make the CLI wait for the connection (as its own eval harness
            # does): what the model is offered is then deterministic, however slow the
            # machine. bench/claude_first_request.py measures the default wait.
            "MCP_CONNECTION_NONBLOCKING": "0",
            "MCP_CONNECT_TIMEOUT_MS": "90000",
            "DISABLE_AUTOUPDATER": "1",
            "DISABLE_TELEMETRY": "1",
            "DISABLE_ERROR_REPORTING": "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
            "NO_COLOR": "1",
        })
        env.update(self.extra_env)
        env.update(overrides)
        return env

    def cli(self, *args: str, cwd: Path | None = None, check: bool = True,
            env: dict | None = None) -> subprocess.CompletedProcess:
        """A non-interactive ``claude`` sub-command (plugin install, validate …)."""
        proc = subprocess.run([str(self.binary), *args], cwd=cwd or self.home, env=self.env(**(env or {})),
                              capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
                              stdin=subprocess.DEVNULL)
        if check and proc.returncode != 0:
            pytest.fail(f"claude {' '.join(args)} failed ({proc.returncode}):\n"
                        f"{proc.stdout}\n{proc.stderr}")
        return proc

    def _install_from_marketplace(self) -> None:
        self.cli("plugin", "marketplace", "add", str(self.plugin))
        self.cli("plugin", "install", "aegis@aegis")

    # -------------------------------------------------------------- sessions
    def run(self, prompt: str, cwd: Path, *extra: str, env: dict | None = None,
            responder=None, expect_ok: bool = True, allow_memory_tools: bool = True) -> Run:
        """``claude -p PROMPT`` in ``cwd`` with stream-json output; the requests it made.

        ``allow_memory_tools`` pre-approves the plugin's MCP tools (there is nobody to
        answer a permission prompt in ``-p`` mode); without it only what the session
        itself grants (e.g. a command's ``allowed-tools``) is allowed.
        """
        if responder is not None:
            self.stub.responder = responder
        args = ["-p", prompt, "--output-format", "stream-json", "--verbose",
                "--include-hook-events", *extra]
        if allow_memory_tools:
            args += ["--allowedTools", ALLOWED_TOOLS]
        if self.install == "plugin-dir":
            args += ["--plugin-dir", str(self.plugin)]
        before = len(self.stub.requests)
        proc = subprocess.run([str(self.binary), *args], cwd=cwd, env=self.env(**(env or {})),
                              capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
                              stdin=subprocess.DEVNULL)
        run = Run(args, proc.returncode, proc.stdout, proc.stderr,
                  list(self.stub.requests[before:]))
        if expect_ok:
            assert proc.returncode == 0, run.describe()
            assert run.result.get("subtype") == "success", run.describe()
        return run

    # -------------------------------------------------------------- the store, from outside
    def aegis(self, *args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
        """``python3 aegis.pyz ARGS`` with the same data dir and HOME the plugin used."""
        return subprocess.run(["python3", str(self.pyz), *args], cwd=cwd,
                              env=self.env(**(env or {})), capture_output=True, text=True,
                              timeout=RUN_TIMEOUT_S, stdin=subprocess.DEVNULL)

    def aegis_json(self, *args: str, cwd: Path, env: dict | None = None) -> Any:
        proc = self.aegis(*args, "--json", cwd=cwd, env=env)
        assert proc.returncode == 0, f"aegis {' '.join(args)}: {proc.stderr}"
        return json.loads(proc.stdout)

    def memories(self, cwd: Path, *flags: str, env: dict | None = None) -> list[dict]:
        return self.aegis_json("list", "--limit", "1000", *flags, cwd=cwd, env=env)["memories"]

    def search(self, query: str, cwd: Path, env: dict | None = None) -> list[dict]:
        return self.aegis_json("search", query, cwd=cwd, env=env)["results"]

    # -------------------------------------------------------------- detached workers
    def aegis_processes(self) -> list[int]:
        """Live processes started for this test's data dir (hooks, MCP server, workers)."""
        marker = f"AEGIS_DATA_DIR={self.data_dir}".encode()
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                environ = (entry / "environ").read_bytes()
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if state != "Z" and marker in environ.split(b"\0"):
                found.append(int(entry.name))
        return found

    def wait_for_quiet(self, timeout: float = 60) -> None:
        """Wait until no process of this test's Aegis (e.g. a capture worker) is alive."""
        if not Path("/proc/self/environ").exists():
            pytest.skip("needs /proc to see detached workers")
        wait_until(lambda: not self.aegis_processes(), timeout,
                   "Aegis processes (capture workers) to finish")
