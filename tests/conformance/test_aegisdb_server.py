"""What only the AegisDB backend has: tokens, tenants, quotas, a server that can die,
a fixed embedding dimension, and the mapping of every wire error."""

from __future__ import annotations

import socket
import threading
import uuid

import aegisdb
import pytest

from aegis import errors
from aegis.models import MemoryChanges, NewMemory, Query, Relation
from aegis.namespace import Namespaces
from aegis.service import MemoryService
from aegis.store.aegisdb import ERROR_MAP, AegisDBStore, translate

WIRE_CODES = ("UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "INVALID_REQUEST", "PAYLOAD_TOO_LARGE",
              "QUOTA_EXCEEDED", "RATE_LIMITED", "READ_ONLY", "NOT_READY", "MEMORY_LIMIT",
              "INTERNAL")


def add(store, namespace, text, **fields):
    return store.add(NewMemory(namespace=namespace, text=text, **fields))


def open_store(server, token, **changes) -> AegisDBStore:
    return AegisDBStore.from_settings(server.settings(token=token, **changes))


# ---------------------------------------------------------------- the error map (no server)

def wire_error(code: str) -> aegisdb.AegisRequestError:
    return aegisdb.errors.from_response({"ok": False, "error": {"code": code, "message": "m"}})


@pytest.mark.parametrize("code", WIRE_CODES)
def test_every_wire_error_code_maps_to_an_aegis_error_with_one_line(code):
    mapped = translate(wire_error(code), "search", "127.0.0.1:9470")
    assert code in ERROR_MAP
    assert isinstance(mapped, errors.AegisError) and type(mapped) is not errors.AegisError
    assert "\n" not in str(mapped) and "127.0.0.1:9470" in str(mapped)


def test_the_map_covers_every_error_class_the_client_can_raise():
    client_classes = {getattr(aegisdb, name) for name in aegisdb.__all__
                      if isinstance(getattr(aegisdb, name), type)
                      and issubclass(getattr(aegisdb, name), aegisdb.AegisRequestError)
                      and getattr(aegisdb, name) is not aegisdb.AegisRequestError}
    assert {type(wire_error(code)) for code in ERROR_MAP} == client_classes


def test_unknown_codes_refused_writes_and_connection_failures_map_clearly():
    assert isinstance(translate(wire_error("BRAND_NEW"), "get", "h:1"), errors.Unavailable)
    assert isinstance(translate(wire_error("FORBIDDEN"), "insert", "h:1"), errors.ReadOnly)
    assert isinstance(translate(wire_error("FORBIDDEN"), "stats", "h:1"), errors.Forbidden)
    down = translate(aegisdb.AegisUnavailable("cannot reach aegisdb: refused"), "get", "h:1")
    assert isinstance(down, errors.Unavailable) and "h:1" in str(down)


def test_a_server_that_is_not_there_makes_every_call_unavailable(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]          # closed again: nobody listens there
    from aegis.config import load_config, with_overrides
    settings = with_overrides(load_config(env={"AEGIS_DATA_DIR": str(tmp_path)}),
                              backend="aegisdb", host="127.0.0.1", port=port)
    store = AegisDBStore.from_settings(settings)
    calls = [lambda: store.add(NewMemory(namespace="ns", text="t")),
             lambda: store.get(("ns",), "mem_1"), lambda: store.list(Query(namespaces=("ns",))),
             lambda: store.search(Query(namespaces=("ns",), text="tea")),
             lambda: store.update("ns", "mem_1", MemoryChanges(text="x")),
             lambda: store.delete("ns", "mem_1"), lambda: store.find_duplicate("ns", "0" * 64),
             lambda: store.relate("ns", Relation("mem_1", "mem_2", "relates_to")),
             lambda: store.mark_recalled(("ns",), ["mem_1"]), lambda: store.ping()]
    for call in calls:
        with pytest.raises(errors.Unavailable, match=f"127.0.0.1:{port}"):
            call()


def test_a_server_that_accepts_but_never_answers_times_out_as_unavailable(tmp_path):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept_silently():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue
    thread = threading.Thread(target=accept_silently, daemon=True)
    thread.start()
    try:
        from aegis.config import load_config, with_overrides
        settings = with_overrides(load_config(env={"AEGIS_DATA_DIR": str(tmp_path)}),
                                  backend="aegisdb", host="127.0.0.1",
                                  port=listener.getsockname()[1], read_timeout_ms=200)
        store = AegisDBStore.from_settings(settings)
        with pytest.raises(errors.Unavailable):
            store.get(("ns",), "mem_1")
        with pytest.raises(errors.Unavailable, match="did not answer a moment ago"):
            store.get(("ns",), "mem_1")       # the circuit is open: no second wait
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()


# ---------------------------------------------------------------- tokens and tenants

@pytest.fixture(scope="module")
def tokens() -> dict[str, str]:
    return {name: f"{name}-{uuid.uuid4().hex}" for name in ("acme_rw", "acme_ro", "beta_rw")}


@pytest.fixture(scope="module")
def tenant_server(start_server, tokens):
    return start_server(tokens=[f"{tokens['acme_rw']} acme rw", f"{tokens['acme_ro']} acme ro",
                                f"{tokens['beta_rw']} beta rw"])


@pytest.mark.aegisdb
def test_a_namespaced_token_governs_where_memories_live(tenant_server, tokens, namespaces):
    project, user = namespaces
    alice = open_store(tenant_server, tokens["acme_rw"])
    memory = add(alice, project, "the acme staging proxy strips auth headers")
    assert alice.token_namespace() == "acme"
    # A clone whose project namespace was derived differently shares the team pool.
    bob = open_store(tenant_server, tokens["acme_rw"])
    shared = bob.get(("github.com/someone/else",), memory.id)
    assert shared is not None and shared.text == memory.text
    # A user-tier preference stays with its user even inside the team namespace.
    pref = add(alice, user, "alice prefers terse answers")
    assert bob.get(("github.com/someone/else", "user:bob"), pref.id) is None
    assert alice.get((project, user), pref.id).namespace == user


@pytest.mark.aegisdb
def test_tenants_with_their_own_tokens_are_isolated(tenant_server, tokens, namespaces):
    project, _ = namespaces
    acme = open_store(tenant_server, tokens["acme_rw"])
    beta = open_store(tenant_server, tokens["beta_rw"])
    secret = add(acme, project, "acme quarterly pricing decision")
    assert beta.get((project,), secret.id) is None
    assert beta.search(Query(namespaces=(project,), text="quarterly pricing")) == []
    with pytest.raises(errors.NotFound):
        beta.update(project, secret.id, MemoryChanges(text="defaced"))
    assert beta.delete(project, secret.id) is False
    assert acme.get((project,), secret.id).text == "acme quarterly pricing decision"


@pytest.mark.aegisdb
def test_an_admin_token_still_cannot_touch_another_projects_memory(shared_server, namespaces):
    project, _ = namespaces
    store = AegisDBStore.from_settings(shared_server.settings())
    theirs = add(store, "github.com/other/x-" + project[-6:], "other project's memory")
    mine = add(store, project, "my memory")
    with pytest.raises(errors.NotFound):
        store.relate(project, Relation(mine.id, theirs.id, "relates_to"))
    assert store.delete(project, theirs.id) is False


@pytest.mark.aegisdb
def test_a_read_only_token_reads_but_every_write_says_read_only(tenant_server, tokens, namespaces):
    project, user = namespaces
    writer = open_store(tenant_server, tokens["acme_rw"])
    memory = add(writer, project, "read-only readers can still recall the deploy window")
    reader = open_store(tenant_server, tokens["acme_ro"])
    assert reader.get((project,), memory.id).text == memory.text
    assert reader.search(Query(namespaces=(project,), text="deploy window"))[0].memory.id \
        == memory.id
    writes = [lambda: add(reader, project, "a new memory"),
              lambda: reader.update(project, memory.id, MemoryChanges(text="changed")),
              lambda: reader.delete(project, memory.id)]
    for write in writes:
        with pytest.raises(errors.ReadOnly, match="read-only"):
            write()
    service = MemoryService(reader, Namespaces(project, user))
    with pytest.raises(errors.ReadOnly):
        service.save("something worth remembering")
    assert writer.get((project,), memory.id).text == memory.text


@pytest.mark.aegisdb
def test_a_wrong_or_missing_token_is_unauthorized(tenant_server, namespaces):
    for token in ("not-a-token", None):
        store = open_store(tenant_server, token)
        with pytest.raises(errors.Unauthorized, match="token"):
            store.get(namespaces, "mem_1")


@pytest.mark.aegisdb
def test_the_tenant_record_quota_is_reported_as_quota_exceeded(start_server, namespaces):
    token = "quota-" + uuid.uuid4().hex
    server = start_server("--tenant-max-records", "3", tokens=[f"{token} small rw"])
    store = open_store(server, token)
    for n in range(3):
        add(store, namespaces[0], f"memory number {n}")
    with pytest.raises(errors.QuotaExceeded, match="--tenant-max-records"):
        add(store, namespaces[0], "one too many")


# ---------------------------------------------------------------- degradation

@pytest.mark.aegisdb
def test_a_server_killed_mid_session_loses_and_duplicates_nothing(start_server, namespaces):
    project, _ = namespaces
    server = start_server("--durability", "sync")
    store = open_store(server, server.settings().auth_token)
    kept = add(store, project, "written before the crash")
    server.stop()
    capture = "cap_" + uuid.uuid4().hex
    with pytest.raises(errors.Unavailable):
        add(store, project, "captured while the server was down", capture_id=capture)
    with pytest.raises(errors.Unavailable):
        store.search(Query(namespaces=(project,), text="crash"))
    server.start()
    # The spool replays the capture; a replay that repeats is absorbed by the capture id.
    first = add(store, project, "captured while the server was down", capture_id=capture)
    second = add(store, project, "captured while the server was down", capture_id=capture)
    assert first.id == second.id
    listed = store.list(Query(namespaces=(project,)))
    assert sorted(m.id for m in listed) == sorted([kept.id, first.id])


# ---------------------------------------------------------------- embeddings

@pytest.mark.aegisdb
def test_a_wrong_embedding_dimension_is_explained_once_and_search_stays_lexical(
        start_server, namespaces):
    project, _ = namespaces
    server = start_server("--embedding-dim", "8")
    store = open_store(server, server.settings().auth_token)
    assert store.check_dimensions(8) is None
    problem = store.check_dimensions(1024)
    assert problem and "1024" in problem and "\n" not in problem
    assert "AEGIS_EMBEDDING_DIMENSIONS" in problem
    memory = add(store, project, "the vector index lives in hnsw.c:214")
    hits = store.search(Query(namespaces=(project,), text="hnsw.c:214",
                              vector=tuple([0.1] * 1024)))
    assert [hit.memory.id for hit in hits] == [memory.id]
    hybrid = store.search(Query(namespaces=(project,), text="hnsw.c:214",
                                vector=tuple([0.5] * 8)))
    assert [hit.memory.id for hit in hybrid] == [memory.id]


# ---------------------------------------------------------------- the token reaches the hooks

def run_recall_hook(project_dir, env, prompt):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path
    runtime = Path(__file__).resolve().parents[2] / "runtime"
    full_env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(runtime),
                "AEGIS_RECALL_TIME_BUDGET_MS": "10000", **env}
    payload = {"prompt": prompt, "cwd": str(project_dir), "session_id": uuid.uuid4().hex,
               "hook_event_name": "UserPromptSubmit"}
    done = subprocess.run([sys.executable, "-m", "aegis", "hook", "user-prompt-submit"],
                          input=json.dumps(payload).encode(), capture_output=True,
                          env=full_env, cwd=project_dir, timeout=60)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.mark.aegisdb
def test_the_plugin_token_reaches_the_recall_hook(tenant_server, tokens, namespaces, tmp_path):
    project, _ = namespaces
    writer = open_store(tenant_server, tokens["acme_rw"])
    add(writer, project, "The staging proxy strips the Authorization header", importance=0.9)
    env = {"HOME": str(tmp_path), "AEGIS_DATA_DIR": str(tmp_path / "data"),
           "AEGIS_NAMESPACE": project,
           "CLAUDE_PLUGIN_OPTION_AEGISDB_HOST": "127.0.0.1",
           "CLAUDE_PLUGIN_OPTION_AEGISDB_PORT": str(tenant_server.port),
           "CLAUDE_PLUGIN_OPTION_AEGISDB_TOKEN": tokens["acme_ro"]}
    prompt = "why does the staging proxy drop the Authorization header?"
    code, out, err = run_recall_hook(tmp_path, env, prompt)
    assert code == 0 and "Traceback" not in err
    assert "strips the Authorization header" in out
    env["CLAUDE_PLUGIN_OPTION_AEGISDB_TOKEN"] = "wrong-token"
    code, out, err = run_recall_hook(tmp_path, env, prompt)
    assert code == 0 and "Traceback" not in err
    assert "strips the Authorization header" not in out
