"""Run the built pyz on every interpreter this machine can offer and print a table.

    make portability            (or: .venv/bin/python build/portability.py --pyz build/out/aegis.pyz)

Not part of CI: it needs root and Debian's package mirror the first time. The
interpreters are every pyenv CPython here (``$PYENV_ROOT/versions/3.*``), the
system ``/usr/bin/python3``, and CPython 3.14 and 3.15 from Debian sid, run in a
chroot made with ``debootstrap`` and cached in ``.cache/portability/sid`` (the
host is never touched: the chroot has its own ``/usr``, and the pyz is copied in).

For each interpreter, in a throwaway data dir and project:

* **CLI**: ``version``, ``remember``, ``search`` finds it, ``forget`` removes it;
* **hooks**: each of the five events with a typical input: exit 0, nothing on
  stderr, stdout empty or one JSON object (recall must bring back the memory);
* **MCP**: the official SDK client starts ``serve`` over stdio, lists the tools,
  calls ``memory_save`` and ``memory_search`` (servers need CPython 3.10+; older
  ones must refuse in one line, which counts as a pass).

Exit status 0 only when every cell passes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROOT = ROOT / ".cache" / "portability" / "sid"
CHROOT_PYTHONS = ("python3.14", "python3.15")
PYENV = Path(os.environ.get("PYENV_ROOT", "/root/.pyenv")) / "versions"
MIRROR = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian")
TIMEOUT = 180
REFUSED = "refused in one line (needs 3.10)"    # what the server must do on 3.9: a pass
sys.path.insert(0, str(ROOT / "build" / "pyz"))
from _aegis_pyz.serve import MIN_CLI_PYTHON as MIN_PYTHON  # noqa: E402  hooks and the CLI
HOOK_INPUTS = {
    "session-start": {"hook_event_name": "SessionStart", "source": "startup"},
    "user-prompt-submit": {"hook_event_name": "UserPromptSubmit",
                           "prompt": "how do we ship a release of this project?"},
    "stop": {"hook_event_name": "Stop", "stop_hook_active": False},
    "pre-compact": {"hook_event_name": "PreCompact", "trigger": "manual"},
    "session-end": {"hook_event_name": "SessionEnd", "reason": "exit"},
}
MEMORY = "releases ship with make ship from a clean tag"


class Interpreter:
    """One python to test: how to run it, and where its files live (host or chroot)."""

    def __init__(self, label: str, argv: list[str], root: Path | None = None):
        self.label, self.argv, self.root = label, argv, root

    def version(self) -> tuple[int, int]:
        out = self.run(["-c", "import sys; print(*sys.version_info[:2])"], {}, "/").stdout
        major, minor = out.split()
        return int(major), int(minor)

    def path(self, inside: str) -> Path:
        """A path as seen inside the interpreter's root, on the host."""
        return (self.root / inside.lstrip("/")) if self.root else Path(inside)

    def run(self, args: list[str], env: dict, cwd: str,
            stdin: bytes = b"") -> subprocess.CompletedProcess:
        result = subprocess.run(self.command(args, cwd), input=stdin, capture_output=True,
                                env=self.environment(env), timeout=TIMEOUT,
                                cwd=None if self.root else cwd)   # a chroot cds itself
        result.stdout = result.stdout.decode("utf-8", "replace")
        result.stderr = result.stderr.decode("utf-8", "replace")
        return result

    def command(self, args: list[str], cwd: str) -> list[str]:
        if self.root is None:
            return [*self.argv, *args]
        # chroot, then cd: the interpreter sees only the chroot's filesystem
        script = 'cd "$0" && exec "$@"'
        return [shutil.which("chroot") or "/usr/sbin/chroot", str(self.root), "/bin/sh", "-c",
                script, cwd, *self.argv, *args]

    def environment(self, extra: dict) -> dict:
        base = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
        if self.root is None:
            base = {k: v for k, v in os.environ.items()
                    if not k.startswith(("AEGIS_", "CLAUDE_PLUGIN_OPTION_", "PYTHON"))}
        return {**base, **extra}


def ensure_chroot() -> Path:
    """The cached sid chroot with python3.14 and python3.15 (made once with debootstrap)."""
    if all((CHROOT / "usr" / "bin" / name).exists() for name in CHROOT_PYTHONS):
        return CHROOT
    if not shutil.which("debootstrap"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "debootstrap"], check=True)
    tmp = CHROOT.with_name("sid.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    print(f"making the Debian sid chroot in {CHROOT} (a few minutes, once)", file=sys.stderr)
    subprocess.run(["debootstrap", "--variant=minbase", "--include=" + ",".join(CHROOT_PYTHONS),
                    "sid", str(tmp), MIRROR], check=True, stdout=subprocess.DEVNULL)
    tmp.rename(CHROOT)
    return CHROOT


def interpreters(with_chroot: bool) -> list[Interpreter]:
    def version(path: Path) -> list[int]:
        return [int(x) for x in path.parent.parent.name.split(".")[:3]]

    found = [Interpreter(f"pyenv {p.parent.parent.name}", [str(p)])
             for p in sorted(PYENV.glob("3.*/bin/python3"), key=version)
             if version(p)[:2] >= list(MIN_PYTHON)]
    if Path("/usr/bin/python3").exists():
        found.append(Interpreter("system /usr/bin/python3", ["/usr/bin/python3"]))
    if with_chroot:
        root = ensure_chroot()
        for name in CHROOT_PYTHONS:
            found.append(Interpreter(f"sid {name}", [f"/usr/bin/{name}"], root))
    return found


# ------------------------------------------------------------------ the checks

# Each check returns "" when it passes (REFUSED for a server that rightly refuses), else
# what went wrong, in one line.

def check_cli(py: Interpreter, pyz: str, env: dict, cwd: str) -> str:
    version = py.run([pyz, "version"], env, cwd)
    if version.returncode != 0 or "aegis" not in version.stdout:
        return f"version failed: {version.stderr.strip()[-200:]}"
    saved = py.run([pyz, "remember", "--json", MEMORY], env, cwd)
    if saved.returncode != 0:
        return f"remember failed: {saved.stderr.strip()[-200:]}"
    memory_id = json.loads(saved.stdout)["id"]
    found = py.run([pyz, "search", "--json", "how do we ship a release"], env, cwd)
    if found.returncode != 0 or memory_id not in found.stdout:
        return f"search did not find it: {found.stderr.strip()[-200:]}"
    return ""


def check_hooks(py: Interpreter, pyz: str, env: dict, cwd: str) -> str:
    for event, payload in HOOK_INPUTS.items():
        # one session per event: a memory briefed at session start is not re-injected by
        # the same session's recall, and the recall check needs it
        stdin = json.dumps({"session_id": f"portability-{event}", "cwd": cwd,
                            "transcript_path": "", **payload}).encode()
        result = py.run([pyz, "hook", event], env, cwd, stdin)
        out = result.stdout.strip()
        if result.returncode != 0 or result.stderr:
            return f"{event}: exit {result.returncode} {result.stderr.strip()[-200:]}"
        if out:
            try:
                json.loads(out)
            except ValueError:
                return f"{event}: stdout is not JSON: {out[:120]}"
        if event == "user-prompt-submit" and MEMORY not in out:
            return f"{event}: the memory was not recalled"
    return ""


def check_mcp(py: Interpreter, pyz: str, env: dict, cwd: str) -> str:
    if py.version() < (3, 10):
        refused = py.run([pyz, "serve"], env, cwd)
        lines = refused.stderr.strip().splitlines()
        return REFUSED if refused.returncode != 0 and len(lines) == 1 else \
            f"expected a one-line refusal, got: {refused.stderr[-200:]}"
    import anyio
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    command = py.command([pyz, "serve"], cwd)

    async def session() -> str:
        params = StdioServerParameters(command=command[0], args=command[1:],
                                       env=py.environment(env), cwd=cwd if py.root is None else None)
        with anyio.fail_after(TIMEOUT):
            async with stdio_client(params) as (read, write):
                async with ClientSession(read, write) as client:
                    await client.initialize()
                    names = {tool.name for tool in (await client.list_tools()).tools}
                    if "memory_save" not in names:
                        return f"tools: {sorted(names)}"
                    await client.call_tool("memory_save", {"text": "the MCP path works on "
                                                                   f"{py.label}"})
                    found = await client.call_tool("memory_search", {"query": "MCP path works"})
                    text = " ".join(getattr(c, "text", "") for c in found.content)
                    return "" if py.label in text else f"memory_search missed: {text[:200]}"

    try:
        return anyio.run(session)
    except Exception as exc:                     # one cell of the table, not a crash
        return f"{type(exc).__name__}: {exc}"[:200]


CHECKS = (("CLI round trip", check_cli), ("5 hooks", check_hooks),
          ("MCP handshake + tool call", check_mcp))


def run_matrix(pyz: Path, with_chroot: bool) -> int:
    rows, failures = [], []
    for py in interpreters(with_chroot):
        with tempfile.TemporaryDirectory(prefix="aegis-port-", dir=py.path("/tmp")) as tmp:
            inside = "/" + str(Path(tmp).relative_to(py.root)) if py.root else tmp
            archive = Path(tmp) / "aegis.pyz"
            shutil.copyfile(pyz, archive)
            (Path(tmp) / "project").mkdir()
            env = {"HOME": f"{inside}/home", "AEGIS_DATA_DIR": f"{inside}/data"}
            cwd, pyz_inside = f"{inside}/project", f"{inside}/aegis.pyz"
            version = ".".join(map(str, py.version()))
            cells = []
            for name, check in CHECKS:
                problem = check(py, pyz_inside, env, cwd)
                if problem in ("", REFUSED):
                    cells.append(problem or "ok")
                else:
                    cells.append("FAIL")
                    failures.append(f"{py.label} / {name}: {problem}")
            rows.append((py.label, version, *cells))
    header = ("interpreter", "version", *(name for name, _ in CHECKS))
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    for failure in failures:
        print(f"\n{failure}")
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pyz", type=Path, default=ROOT / "build" / "out" / "aegis.pyz")
    parser.add_argument("--no-chroot", action="store_true",
                        help="only the interpreters on this host (no Debian sid 3.14/3.15)")
    args = parser.parse_args(argv)
    if not args.no_chroot and os.geteuid() != 0:
        parser.error("the sid chroot needs root (or pass --no-chroot)")
    return run_matrix(args.pyz.resolve(), not args.no_chroot)


if __name__ == "__main__":
    sys.exit(main())
