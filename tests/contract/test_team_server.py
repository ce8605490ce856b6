"""The team server as a user meets it: the BUILT pyz (CLI, hooks, capture worker, MCP
server) against a real AegisDB server on 127.0.0.1, configured the way Claude Code
configures the plugin (CLAUDE_PLUGIN_OPTION_* from its userConfig).

Covers tokens (namespaced rw and ro, wrong, missing), a server built for another
embedding dimension, a server killed mid-session and restarted (the spool replays
exactly once into it and nothing into SQLite), a frozen server (SIGSTOP: one timeout,
then fail-fast calls), and ``migrate`` both ways, idempotent. One server per module
where the scenario allows; each test has its own project, so its own namespace.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest

from tests.contract.test_server import Server as McpServer, call
from tests.integration.test_capture_hook import line

TOKENS = {name: f"{name}-{uuid.uuid4().hex}" for name in ("acme_rw", "acme_ro", "beta_rw")}
DECISION = "We decided to always deploy with blue green releases from now on."


@pytest.fixture(scope="module")
def tenant_server(start_server):
    return start_server(tokens=[f"{TOKENS['acme_rw']} acme rw", f"{TOKENS['acme_ro']} acme ro",
                                f"{TOKENS['beta_rw']} beta rw"])


def hook(run_pyz, event: str, env: dict, project: Path, **payload) -> dict | None:
    """Run one hook of the built pyz as Claude Code does; its JSON output, if any."""
    body = {"session_id": payload.pop("session_id", "s1"), "cwd": str(project), **payload}
    done = run_pyz("hook", event, input=json.dumps(body), env=env)
    assert (done.returncode, done.stderr) == (0, b""), (event, done.stderr)
    return json.loads(done.stdout) if done.stdout.strip() else None


def session_transcript(tmp_path: Path, *texts: str) -> Path:
    path = tmp_path / f"transcript-{uuid.uuid4().hex[:6]}.jsonl"
    path.write_text("".join(line("user", text) for text in texts))
    return path


def capture(run_pyz, env: dict, project: Path, transcript: Path, session: str = "s1") -> None:
    """End a session and run the capture worker to completion (it waits for any
    detached worker the session end started)."""
    hook(run_pyz, "session-end", env, project, transcript_path=str(transcript),
         session_id=session)
    hook(run_pyz, "capture-worker", env, project)


def texts(run_pyz, env: dict, cwd: Path | None = None) -> list[str]:
    done = run_pyz("list", "--json", "--limit", "1000", env=env, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return [m["text"] for m in json.loads(done.stdout)["memories"]]


def one_line_error(done) -> str:
    lines = done.stderr.decode().strip().splitlines()
    assert done.returncode != 0 and len(lines) == 1 and "Traceback" not in lines[0], done.stderr
    return lines[0]


# ---------------------------------------------------------------- tokens

def test_the_plugin_token_reaches_the_cli_the_hooks_and_the_capture_worker(
        tenant_server, run_pyz, project, tmp_path, data_dir):
    env = tenant_server.env(token=TOKENS["acme_rw"], plugin=True)
    assert set(env) == {"CLAUDE_PLUGIN_OPTION_BACKEND", "CLAUDE_PLUGIN_OPTION_AEGISDB_HOST",
                        "CLAUDE_PLUGIN_OPTION_AEGISDB_PORT", "CLAUDE_PLUGIN_OPTION_AEGISDB_TOKEN"}
    assert run_pyz("remember", "The release train leaves on Thursdays.", env=env).returncode == 0
    recalled = hook(run_pyz, "user-prompt-submit", env, project,
                    prompt="when does the release train leave?")
    assert "release train leaves on Thursdays" in recalled["hookSpecificOutput"]["additionalContext"]
    assert "systemMessage" not in recalled
    capture(run_pyz, env, project, session_transcript(tmp_path, DECISION))
    assert any("blue green releases" in text for text in texts(run_pyz, env))
    # everything went to the token's namespace on the server, nothing to a local store
    assert not (data_dir / "memory.db").exists()
    other_tenant = tenant_server.env(token=TOKENS["beta_rw"], plugin=True)
    assert texts(run_pyz, other_tenant) == []


def test_a_namespaced_token_has_no_earlier_namespaces_and_adopt_deletes_nothing(
        start_server, run_pyz, tmp_path):
    """Trial2 #9: the token pins every clone to one pool, so a clone's ``repo:``/``dir:``
    namespace reads the pool too; it is not an earlier namespace to move (and delete)."""
    import subprocess
    token = f"pool-{uuid.uuid4().hex}"
    env = start_server(tokens=[f"{token} acme-shop rw"]).env(token=token, plugin=True)
    clone = tmp_path / "bobclone"
    clone.mkdir()
    for args in (["init", "-q"], ["remote", "add", "origin", "https://github.com/Acme/Shop.git"]):
        subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True)
    said = ["The orders service talks to Postgres via pgbouncer.",
            "Releases are cut from main on Tuesdays."]
    for text in said:
        done = run_pyz("remember", text, env=env, cwd=clone)
        assert done.returncode == 0, done.stderr

    start = hook(run_pyz, "session-start", env, clone, source="startup")
    assert "adopt` moves" not in (start or {}).get("systemMessage", "")
    doctor = json.loads(run_pyz("doctor", "--json", env=env, cwd=clone).stdout)
    assert "earlier memories" not in [c["name"] for c in doctor["checks"] if not c["ok"]]
    assert b"nothing to adopt" in run_pyz("adopt", env=env, cwd=clone).stdout
    refused = run_pyz("adopt", f"repo:{clone.resolve()}", env=env, cwd=clone)
    assert refused.returncode != 0 and b"pins every clone to the pool" in refused.stderr
    assert sorted(texts(run_pyz, env, cwd=clone)) == sorted(said)
    # trial3 T3: stats names the pool the token pins, not only the clone's namespace
    stats = run_pyz("stats", env=env, cwd=clone).stdout.decode()
    assert "the token's pool 'acme-shop'" in stats
    assert json.loads(run_pyz("stats", "--json", env=env, cwd=clone).stdout)["token_pool"] == \
        "acme-shop"


def test_a_read_only_token_recalls_refuses_saves_in_one_line_and_drops_captures(
        tenant_server, run_pyz, project, tmp_path):
    writer = tenant_server.env(token=TOKENS["acme_rw"], plugin=True)
    reader = tenant_server.env(token=TOKENS["acme_ro"], plugin=True)
    tag = uuid.uuid4().hex[:8]
    assert run_pyz("remember", f"Reviewers {tag} check the migration plan.",
                   env=writer).returncode == 0
    refused = one_line_error(run_pyz("remember", "a reader cannot save this", env=reader))
    assert "read-only" in refused
    found = run_pyz("search", "--json", f"reviewers {tag} migration", env=reader)
    assert found.returncode == 0 and tag in found.stdout.decode()
    capture(run_pyz, reader, project,
            session_transcript(tmp_path, f"We decided that reviewers {tag} sign every release."))
    doctor = json.loads(run_pyz("doctor", "--json", env=reader).stdout)
    spool = {c["name"]: c for c in doctor["checks"]}["capture spool"]
    assert spool["ok"], spool                    # dropped and logged, not spooled forever
    assert not any("sign every release" in t for t in texts(run_pyz, reader))


def test_a_wrong_or_missing_token_is_named_once_per_session(tenant_server, run_pyz, project):
    wrong = tenant_server.env(token="not-a-token", plugin=True)
    assert "rejected the token" in one_line_error(run_pyz("remember", "x", env=wrong))
    missing = tenant_server.env(token=None, plugin=True)
    assert "needs a token" in one_line_error(run_pyz("list", env=missing))
    first = hook(run_pyz, "user-prompt-submit", wrong, project, prompt="how do we deploy?")
    assert "rejected the token" in first["systemMessage"] and "\n" not in first["systemMessage"]
    again = hook(run_pyz, "user-prompt-submit", wrong, project, prompt="and the release?")
    assert again is None or "systemMessage" not in again


def test_a_server_built_for_another_dimension_says_so_and_searches_by_keyword(
        start_server, run_pyz, project):
    server = start_server("--embedding-dim", "384")          # the local model makes 256
    env = {**server.env(), "AEGIS_EMBEDDING_MODE": "local"}
    assert run_pyz("remember", "Canary deploys go to one zone first.", env=env).returncode == 0
    recalled = hook(run_pyz, "user-prompt-submit", env, project,
                    prompt="where do canary deploys go first?")
    assert "Canary deploys go to one zone" in recalled["hookSpecificOutput"]["additionalContext"]
    assert "embedding-dimension mismatch (server 384, provider 256" in recalled["systemMessage"]
    doctor = json.loads(run_pyz("doctor", "--json", env=env).stdout)
    dimension = {c["name"]: c for c in doctor["checks"]}["embedding dimension"]
    assert not dimension["ok"] and "server 384" in dimension["detail"]
    # the advice a local-mode user can follow (its model's size is fixed)
    assert "--embedding-dim 256" in dimension["detail"], dimension


def test_local_vectors_on_aegisdb_are_known_as_the_local_models(start_server, run_pyz):
    """Trial2 #23: the local model's id is too long for an AegisDB tag, which keeps a
    digest of it; comparing that with the id made every stored vector look foreign —
    reindex redid all of them every run, and search never used them."""
    env = {**start_server("--embedding-dim", "256").env(), "AEGIS_EMBEDDING_MODE": "local"}
    for text in ("The orders service talks to Postgres via pgbouncer.",
                 "Releases are cut from main on Tuesdays."):
        done = run_pyz("remember", text, env=env)
        assert done.returncode == 0, done.stderr
    for _ in range(2):
        report = json.loads(run_pyz("reindex", "--json", env=env).stdout)
        assert (report["embedded"], report["replaced_other_models"]) == (0, 0), report


# ---------------------------------------------------------------- a server that dies

def test_a_server_killed_mid_session_gets_the_spool_exactly_once_and_sqlite_nothing(
        start_server, run_pyz, project, tmp_path, data_dir):
    server = start_server("--durability", "sync")
    env = server.env()
    assert run_pyz("remember", "Saved before the outage.", env=env).returncode == 0
    server.stop()
    transcript = session_transcript(tmp_path, DECISION, "We decided to pin every base image.")
    capture(run_pyz, env, project, transcript)
    doctor = json.loads(run_pyz("doctor", "--json", env=env).stdout)
    checks = {c["name"]: c for c in doctor["checks"]}
    assert "connection refused" in checks["aegisdb server"]["detail"]
    assert checks["capture spool"]["detail"] == f"2 memories waiting for aegisdb {server.address}"
    down = hook(run_pyz, "user-prompt-submit", env, project, prompt="how do we deploy?")
    assert f"{server.address} is unavailable (connection refused)" in down["systemMessage"]

    # a worker started from a SQLite-configured session leaves them waiting
    hook(run_pyz, "capture-worker", {}, project)
    assert texts(run_pyz, {}) == []

    server.start()
    hook(run_pyz, "capture-worker", env, project)
    hook(run_pyz, "capture-worker", env, project)         # a second replay adds nothing
    stored = texts(run_pyz, env)
    assert sorted(stored) == sorted(["Saved before the outage.", DECISION,
                                     "We decided to pin every base image."])
    assert texts(run_pyz, {}) == []
    stats = run_pyz("stats", env=env).stdout.decode()
    assert "waiting for" not in stats


def test_a_frozen_server_costs_one_timeout_then_fails_fast(start_server, pyz, tmp_path, project,
                                                          run_pyz):
    server = start_server()
    env = {**server.env(), "AEGIS_READ_TIMEOUT_MS": "400", "AEGIS_CONNECT_TIMEOUT_MS": "400"}
    mcp_data = tmp_path / "mcp-data"
    # extract the server's runtime first, so the MCP handshake below does not wait for it
    assert run_pyz("--pyz-server-check", env={"AEGIS_DATA_DIR": str(mcp_data)}).returncode == 0
    assert run_pyz("remember", "Frozen servers answer nothing.", env=env).returncode == 0
    server.freeze()
    try:
        assert "timed out" in one_line_error(run_pyz("search", "frozen", env=env))
        recalled = hook(run_pyz, "user-prompt-submit", env, project, prompt="frozen servers?")
        assert recalled and recalled.get("systemMessage")
        mcp = McpServer(pyz, mcp_data, env)

        async def scenario(session, initialized):
            answers = [await call(session, "memory_search", query="frozen servers")
                       for _ in range(3)]
            return answers
        answers = mcp.run(project, scenario)
    finally:
        server.resume()
    assert all(is_error and payload["error"] == "unavailable" for is_error, payload in answers)
    first, *rest = [payload["message"] for _, payload in answers]
    assert "timed out" in first
    assert all("did not answer a moment ago" in message for message in rest), rest


def test_a_frozen_server_is_not_waited_for_by_the_next_hook_processes(
        start_server, run_pyz, project, data_dir):
    """Trial2 #10: each prompt's hook is a new process, and the default read timeout
    (1000 ms) outlasts the recall budget (800 ms), so an in-process breaker never
    helped: the cool-down is a marker file the next hooks read."""
    server = start_server()
    env = server.env()
    assert run_pyz("remember", "Frozen servers answer nothing.", env=env).returncode == 0
    server.freeze()
    try:
        first = hook(run_pyz, "user-prompt-submit", env, project, session_id="f1",
                     prompt="frozen servers?")
        assert f"AegisDB at {server.address} did not answer in time" in first["systemMessage"]
        marker = data_dir / "recall" / "aegisdb-down"
        assert marker.read_text() == server.address
        log = data_dir / "aegis.log"
        logged = log.read_text() if log.exists() else ""
        later = [hook(run_pyz, "user-prompt-submit", env, project, session_id=session,
                      prompt="frozen servers?") for session in ("f2", "f3")]
    finally:
        server.resume()
    for answer in later:
        assert "did not answer a moment ago" in answer["systemMessage"], answer
    # a hook inside the cool-down logs nothing (its first log line would load the logger
    # and the redaction rules on every prompt of the minute)
    assert (log.read_text() if log.exists() else "") == logged
    assert hook(run_pyz, "user-prompt-submit", env, project, session_id="f2",
                prompt="frozen servers again?") is None         # said once per session


# ---------------------------------------------------------------- migrate

def test_migrate_both_ways_is_idempotent(start_server, run_pyz, project, tmp_path):
    env = start_server().env()          # its own server: the shared one has others' user tier
    for text in ("Migrations run before the deploy.", "The API speaks JSON only."):
        assert run_pyz("remember", text).returncode == 0                 # into SQLite

    def migrate(source, target, extra=None):
        done = run_pyz("migrate", "--json", "--from", source, "--to", target,
                       env={**env, **(extra or {})})
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        return report["copied"], report["skipped"]

    assert migrate("sqlite", "aegisdb") == (2, 0)
    assert migrate("sqlite", "aegisdb") == (0, 2)
    assert sorted(texts(run_pyz, env)) == ["Migrations run before the deploy.",
                                           "The API speaks JSON only."]
    elsewhere = {"AEGIS_DATA_DIR": str(tmp_path / "fresh-data")}        # an empty SQLite
    assert migrate("aegisdb", "sqlite", elsewhere) == (2, 0)
    assert migrate("aegisdb", "sqlite", elsewhere) == (0, 2)
    assert sorted(texts(run_pyz, elsewhere)) == ["Migrations run before the deploy.",
                                                 "The API speaks JSON only."]


def test_migrate_from_a_second_checkout_on_a_pool_token_says_where_the_copies_are(
        start_server, run_pyz, tmp_path):
    """Trial2 #18: a namespaced token gives every checkout the same pool. Once one
    checkout has copied it into SQLite, a second checkout's migrate finds those ids
    already held under the first checkout's namespace: it says so and succeeds,
    instead of failing on the relations with "no memory … in this project"."""
    token = f"pool-{uuid.uuid4().hex}"
    env = start_server(tokens=[f"{token} acme-shop rw"]).env(token=token)
    first, second = tmp_path / "alice-checkout", tmp_path / "bob-checkout"
    first.mkdir()
    second.mkdir()
    ids = []
    for text in ("The orders service talks to Postgres via pgbouncer.",
                 "Releases are cut from main on Tuesdays."):
        done = run_pyz("remember", "--json", text, env=env, cwd=first)
        assert done.returncode == 0, done.stderr
        ids.append(json.loads(done.stdout)["id"])
    assert run_pyz("relate", ids[1], ids[0], env=env, cwd=first).returncode == 0

    def migrate(cwd):
        done = run_pyz("migrate", "--json", "--from", "aegisdb", "--to", "sqlite",
                       env=env, cwd=cwd)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    report = migrate(first)
    assert (report["copied"], report["relations"]) == (2, 1)
    report = migrate(second)
    assert (report["copied"], report["skipped"], report["elsewhere"]) == (0, 0, 2)
    assert report["errors"] == []
    human = run_pyz("migrate", "--from", "aegisdb", "--to", "sqlite", env=env, cwd=second)
    assert human.returncode == 0 and b"under another project" in human.stdout


def test_checkouts_migrating_into_one_pool_go_through_dedup_and_supersede(
        start_server, run_pyz, tmp_path):
    """Trial3 T4: two checkouts each hold their own SQLite memories and migrate them
    into the team pool. A rule the first already put there, restated by the second in
    other words, strengthens it instead of being copied; the second's newer value for
    a rule supersedes the first's; a new session's briefing from the pool carries each
    rule once, in its current version."""
    token = f"pool-{uuid.uuid4().hex}"
    pool = start_server(tokens=[f"{token} acme-shop rw"]).env(token=token)
    checkouts = {}
    for name in ("alice", "bob"):
        cwd = tmp_path / f"{name}-checkout"
        cwd.mkdir()
        checkouts[name] = (cwd, {"AEGIS_BACKEND": "sqlite",
                                 "AEGIS_DATA_DIR": str(tmp_path / f"{name}-data")})
    said = {"alice": ["Start queue names with 'q_'.", "Add the '@traced' decorator to every "
                      "request handler method."],
            "bob": ["Going forward, queue names begin with 'jobq_'.",
                    "Make sure '@traced' is on all request handler methods."]}
    for name in ("alice", "bob"):
        cwd, local = checkouts[name]
        for text in said[name]:
            assert run_pyz("remember", text, env=local, cwd=cwd).returncode == 0
        time.sleep(1.1)                    # bob's are later, to the second a store keeps

    def migrate(name):
        cwd, local = checkouts[name]
        done = run_pyz("migrate", "--json", "--from", "sqlite", "--to", "aegisdb",
                       env={**local, **pool}, cwd=cwd)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert (migrate("alice")["copied"], migrate("bob")["merged"]) == (2, 1)
    assert migrate("bob")["copied"] == 0                          # still idempotent
    listed = run_pyz("list", "--json", "--all", "--limit", "100", env=pool,
                     cwd=checkouts["bob"][0])
    memories = json.loads(listed.stdout)["memories"]
    live = sorted(m["text"] for m in memories if not m["superseded_by"])
    assert live == ["Add the '@traced' decorator to every request handler method.",
                    "Going forward, queue names begin with 'jobq_'."], memories
    traced = next(m for m in memories if "@traced" in m["text"])
    assert traced["importance"] > 0.5                              # said twice: stronger
    briefing = hook(run_pyz, "session-start", pool, checkouts["alice"][0], session_id="s9",
                    hook_event_name="SessionStart", source="startup")
    context = briefing["hookSpecificOutput"]["additionalContext"]
    assert "'jobq_'" in context and "'q_'" not in context and context.count("@traced") == 1


# ---------------------------------------------------------------- the spool after a change

def test_captures_made_under_a_rejected_token_go_in_once_the_token_is_fixed(
        start_server, run_pyz, project, tmp_path):
    """Trial3 T2: a typo'd or rotated token spools the session's captures; after the
    user fixes the token (as the message told them) they reach the server."""
    token = f"bob-{uuid.uuid4().hex}"
    server = start_server(tokens=[f"{token} acme-shop rw"])
    wrong = server.env(token="deadbeef" + token)
    capture(run_pyz, wrong, project, session_transcript(tmp_path, DECISION))
    assert "1 memory waiting for" in run_pyz("spool", env=wrong).stdout.decode()
    right = server.env(token=token)
    hook(run_pyz, "capture-worker", right, project)
    assert any("blue green releases" in text for text in texts(run_pyz, right))
    assert run_pyz("spool", env=right).stdout.strip() == b"no memories waiting"


def test_captures_waiting_for_a_server_that_moved_are_sent_to_its_new_address_on_request(
        start_server, run_pyz, project, tmp_path):
    """Trial3 T1: a capture waits for the address it was made for, never going
    elsewhere by itself; when the server comes back elsewhere, doctor says so and
    ``aegis spool --send-here`` sends it to the store configured now."""
    old = start_server()
    old_env = old.env()
    old.stop()
    capture(run_pyz, old_env, project, session_transcript(tmp_path, DECISION))
    moved = start_server()
    new_env = moved.env()
    hook(run_pyz, "capture-worker", new_env, project)
    assert texts(run_pyz, new_env) == []                      # not by itself
    doctor = json.loads(run_pyz("doctor", "--json", env=new_env).stdout)
    spool_check = next(c for c in doctor["checks"] if c["name"] == "capture spool")
    assert f"waiting for aegisdb {old.address}" in spool_check["detail"]
    assert "aegis spool --send-here" in spool_check["detail"]

    done = run_pyz("spool", "--send-here", "--json", env=new_env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["moved"] == {f"from aegisdb {old.address} to aegisdb {moved.address}": 1}
    assert (report["added"], report["still_waiting"]) == (1, 0)
    assert any("blue green releases" in text for text in texts(run_pyz, new_env))
    again = json.loads(run_pyz("spool", "--send-here", "--json", env=new_env).stdout)
    assert again["moved"] == {} and again["added"] == 0
    told = run_pyz("spool", "--send-here", env=new_env).stdout.decode()
    assert told.strip() == "no memories wait for a store other than the one configured for them"
