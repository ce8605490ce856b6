"""Messages a new user meets, from the built zipapp: each says what holds, once, in one
line, and points where the fix is — the token's pool rather than `-C`, no scrub advice
to a read-only token, "1 prompt", a server outage without nested brackets, every bad
plugin setting by the title /plugin shows, an import a script can check, and a port
already taken."""

from __future__ import annotations

import json
import re
import socket
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NESTED = re.compile(r"\([^()]*\(")          # a bracket opened inside another


def hook(run_pyz, event: str, env: dict, project: Path, **payload) -> dict | None:
    body = {"session_id": payload.pop("session_id", "s1"), "cwd": str(project), **payload}
    done = run_pyz("hook", event, input=json.dumps(body), env=env)
    assert (done.returncode, done.stderr) == (0, b""), (event, done.stderr)
    return json.loads(done.stdout) if done.stdout.strip() else None


def one_line_error(done) -> str:
    lines = done.stderr.decode().strip().splitlines()
    assert done.returncode != 0 and len(lines) == 1, done.stderr
    assert "Traceback" not in lines[0] and "internal error" not in lines[0], lines[0]
    return lines[0]


# ---------------------------------------------------------------- a. the token's pool governs

def test_an_empty_search_with_a_namespaced_token_names_its_pool_not_minus_c(
        start_server, run_pyz):
    token = f"bob-{uuid.uuid4().hex}"
    env = start_server(tokens=[f"{token} acme-shop rw"]).env(token=token)
    for command in (("search", "terse answers emoji"), ("list",)):
        done = run_pyz(*command, env=env)
        assert done.returncode == 0, done.stderr
        said = done.stdout.decode()
        assert "the token's pool 'acme-shop'" in said, said
        assert "-C DIR" not in said and "dir:" not in said, said


# ---------------------------------------------------------------- b. a read-only token

def test_doctor_with_a_read_only_token_neither_claims_writes_nor_advises_a_scrub(
        start_server, run_pyz):
    writer, reader = f"rw-{uuid.uuid4().hex}", f"ro-{uuid.uuid4().hex}"
    server = start_server(tokens=[f"{writer} acme-shop rw", f"{reader} acme-shop ro"])
    assert run_pyz("remember", "Releases are cut on Tuesdays.",
                   env=server.env(token=writer)).returncode == 0
    doctor = json.loads(run_pyz("doctor", "--json", env=server.env(token=reader)).stdout)
    checks = {c["name"]: c for c in doctor["checks"]}
    assert not checks["aegisdb auth"]["ok"] and "read-only" in checks["aegisdb auth"]["detail"]
    namespace = checks["namespace"]["detail"]
    assert "cannot write" in namespace and "writes" not in namespace, namespace
    redaction = checks["redaction"]["detail"]
    assert "read-only" in redaction and "run `aegis scrub`" not in redaction, redaction
    assert not redaction.startswith("`aegis scrub`") and "`aegis scrub` re-redacts" not in redaction
    # the writer is still told how to scrub
    written = json.loads(run_pyz("doctor", "--json", env=server.env(token=writer)).stdout)
    assert "`aegis scrub`" in {c["name"]: c for c in written["checks"]}["redaction"]["detail"]


# ---------------------------------------------------------------- c. plurals in stats

def test_stats_says_1_prompt_not_1_prompts(run_pyz, project):
    assert run_pyz("remember", "We deploy with make ship.").returncode == 0
    hook(run_pyz, "user-prompt-submit", {}, project, session_id="one-prompt",
         prompt="how do we deploy?")
    stats = run_pyz("stats").stdout.decode()
    row = next(line for line in stats.splitlines() if line.strip().startswith("one-prompt"))
    assert re.search(r"\b1 prompt\b(?!s)", row), row
    assert not re.search(r"\b1 (prompts|memories|tokens)\b", stats), stats


# ---------------------------------------------------------------- d. a server that is down

def test_a_server_down_at_session_start_is_said_once_without_nested_brackets(
        start_server, run_pyz, project):
    server = start_server()
    env = server.env()
    assert run_pyz("remember", "Saved before the outage.", env=env).returncode == 0
    server.stop()
    told = hook(run_pyz, "session-start", env, project, source="startup")["systemMessage"]
    assert "connection refused" in told and server.address in told, told
    assert told.count("unavailable") == 1 and not NESTED.search(told), told
    assert told.endswith("continuing without recall."), told


# ---------------------------------------------------------------- e. plugin settings

def test_every_bad_plugin_setting_is_named_as_plugin_shows_it(run_pyz, project):
    env = {"CLAUDE_PLUGIN_OPTION_BACKEND": "postgres",
           "CLAUDE_PLUGIN_OPTION_AEGISDB_HOST": "memory internal"}
    told = hook(run_pyz, "session-start", env, project, source="startup")["systemMessage"]
    titles = {k: v["title"] for k, v in json.loads(
        (ROOT / ".claude-plugin" / "plugin.json").read_text())["userConfig"].items()}
    assert f'"{titles["backend"]}"' in told and "'postgres'" in told, told
    assert f'"{titles["aegisdb_host"]}"' in told and "'memory internal'" in told, told
    assert "CLAUDE_PLUGIN_OPTION" not in told and "more)" not in told, told
    assert "/plugin" in told and "\n" not in told


# ---------------------------------------------------------------- f. import

def test_import_exits_1_when_a_line_failed_and_still_imports_the_good_ones(run_pyz, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("{broken\n"
                    + json.dumps({"id": "mem_aaaaaaaaaaaa", "text": "Exported with an id."})
                    + "\n" + json.dumps({"text": "Written by hand, without an id."}) + "\n",
                    encoding="utf-8")
    done = run_pyz("import", str(path))
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert one_line_error(done).startswith(f"aegis: error: 1 record of {path} not imported "
                                           f"(line 1: not valid JSON)")
    said = done.stdout.decode()
    assert said.startswith("imported 2 memories") and "1 record not imported" in said, said
    assert "line 1" in said and "id must be a string" not in said
    report = json.loads(run_pyz("import", "--json", str(path)).stdout)
    assert (report["added"], report["skipped"], len(report["errors"])) == (0, 2, 1), report
    listed = json.loads(run_pyz("list", "--json").stdout)["memories"]
    assert sorted(m["text"] for m in listed) == ["Exported with an id.",
                                                 "Written by hand, without an id."]
    assert all(m["id"].startswith("mem_") for m in listed)


def test_an_import_with_every_line_good_exits_0(run_pyz, tmp_path):
    path = tmp_path / "clean.jsonl"
    path.write_text(json.dumps({"text": "Hand-written convention: tabs in Makefiles."}) + "\n",
                    encoding="utf-8")
    done = run_pyz("import", str(path))
    assert done.returncode == 0 and done.stdout.decode().startswith("imported 1 memory"), done


# ---------------------------------------------------------------- g. a port in use

def test_ui_on_a_port_in_use_is_one_clear_line(run_pyz):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = one_line_error(run_pyz("ui", "--port", str(port), timeout=30))
    assert refused == (f"aegis: error: port {port} on 127.0.0.1 is already in use; choose "
                       f"another with --port N, or leave --port out for a free one"), refused


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_ui_port_out_of_range_is_a_usage_error(run_pyz, port):
    done = run_pyz("ui", "--port", port, timeout=30)
    assert done.returncode == 2 and "expected a port number 1-65535" in one_line_error(done)
