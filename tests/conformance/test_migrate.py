"""`aegis migrate`: SQLite → AegisDB → SQLite keeps every memory, and twice adds nothing."""

from __future__ import annotations

import io
import json
import socket
import time
import uuid

import pytest

from aegis.cli import main
from aegis.models import Query
from aegis.namespace import Namespaces
from aegis.service import MemoryService
from aegis.store.sqlite import SQLiteStore

DAY = 86400.0


def run_cli(args, env):
    out, err = io.StringIO(), io.StringIO()
    code = main(args, env=env, stdin=io.StringIO(""), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def snapshot(store, namespaces):
    """Everything a migration must keep, keyed by memory id."""
    result = {}
    for namespace in namespaces:
        for memory in store.list(Query(namespaces=(namespace,), limit=1000,
                                       include_superseded=True)):
            result[memory.id] = {
                "namespace": namespace, "text": memory.text, "tags": memory.tags,
                "kind": memory.kind, "importance": round(memory.importance, 4),
                "confidence": round(memory.confidence, 4), "version": memory.version,
                "superseded_by": memory.superseded_by, "source": memory.source,
                "created_at": round(memory.created_at), "updated_at": round(memory.updated_at),
                "history": [(v.version, v.text, v.tags, round(v.changed_at))
                            for v in store.history(namespace, memory.id)],
                "relations": sorted((r.source_id, r.target_id, r.kind)
                                    for r in store.relations((namespace,), memory.id))}
    return result


@pytest.fixture
def seeded(tmp_path, namespaces, monkeypatch):
    """A SQLite store with every shape of memory the migration must carry."""
    project, user = namespaces
    monkeypatch.setenv("LOGNAME", user.split(":", 1)[1])       # the user tier `migrate` sees
    monkeypatch.setenv("USER", user.split(":", 1)[1])
    store = SQLiteStore.open(tmp_path / "source" / "memory.db")
    service = MemoryService(store, Namespaces(project, user),
                            clock=lambda: time.time() - 3 * DAY)
    old = service.save("deploys go out on Tuesdays", tags="deploy,policy", importance=0.9).memory
    service.update(old.id, text="deploys go out on Wednesdays")
    new = service.save("deploys go out on Thursdays after the freeze", tags=["deploy"]).memory
    service.supersede(old.id, new.id)
    fix = service.save("hnsw.c:214 crashes on an empty graph", kind="event",
                       confidence=0.6).memory
    cause = service.save("the graph is empty right after --restore").memory
    service.relate(fix.id, cause.id, "caused_by")
    service.save("I prefer short answers", scope="user", tags=["style", "c++"])
    expected = snapshot(store, namespaces)
    store.close()
    return tmp_path / "source", expected


@pytest.mark.aegisdb
def test_migration_both_ways_keeps_everything_and_is_idempotent(seeded, shared_server,
                                                                 namespaces, tmp_path):
    source_dir, expected = seeded
    project, user = namespaces
    env = {"AEGIS_DATA_DIR": str(source_dir), "AEGIS_NAMESPACE": project,
           "AEGIS_HOST": "127.0.0.1", "AEGIS_PORT": str(shared_server.port),
           "AEGIS_AUTH_TOKEN": shared_server.settings().auth_token, "HOME": str(tmp_path)}
    store_env = dict(env)

    code, out, err = run_cli(["migrate", "--from", "sqlite", "--to", "aegisdb", "--json"], env)
    assert code == 0, err
    first = json.loads(out)
    assert set(first) == {"from", "to", "namespaces", "copied", "skipped", "elsewhere", "relations",
                          "merged", "errors"}                        # the README's --json contract
    assert (first["copied"], first["skipped"], first["relations"]) == (len(expected), 0, 2)

    code, out, _ = run_cli(["migrate", "--from", "sqlite", "--to", "aegisdb", "--json"], env)
    again = json.loads(out)
    assert (again["copied"], again["skipped"], again["relations"]) == (0, len(expected), 0)

    namespaces_used = tuple(first["namespaces"])
    assert namespaces_used == (project, user)
    from aegis.store.aegisdb import AegisDBStore
    remote = AegisDBStore.from_settings(shared_server.settings())
    assert snapshot(remote, namespaces_used) == expected

    back_dir = tmp_path / "back"
    store_env["AEGIS_DATA_DIR"] = str(back_dir)
    code, out, err = run_cli(["migrate", "--from", "aegisdb", "--to", "sqlite", "--json"],
                             store_env)
    assert code == 0, err
    assert json.loads(out)["copied"] == len(expected)
    code, out, _ = run_cli(["migrate", "--from", "aegisdb", "--to", "sqlite", "--json"],
                           store_env)
    assert (json.loads(out)["copied"], json.loads(out)["relations"]) == (0, 0)
    returned = SQLiteStore.open(back_dir / "memory.db")
    assert snapshot(returned, namespaces_used) == expected
    returned.close()


def test_migrating_to_the_same_backend_is_a_one_line_error(tmp_path):
    code, out, err = run_cli(["migrate", "--from", "sqlite", "--to", "sqlite"],
                             {"AEGIS_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)})
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "same backend" in err and "Traceback" not in err


def test_an_unreachable_target_fails_with_one_clear_line(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {"AEGIS_DATA_DIR": str(tmp_path), "HOME": str(tmp_path), "AEGIS_HOST": "127.0.0.1",
           "AEGIS_PORT": str(port), "AEGIS_NAMESPACE": "test:" + uuid.uuid4().hex}
    store = SQLiteStore.open(tmp_path / "memory.db")
    MemoryService(store, Namespaces(env["AEGIS_NAMESPACE"], "user:x")).save("keep me")
    store.close()
    code, out, err = run_cli(["migrate", "--from", "sqlite", "--to", "aegisdb"], env)
    assert code != 0 and err.count("\n") == 1
    assert "unavailable" in err and f"127.0.0.1:{port}" in err and "Traceback" not in err


@pytest.mark.aegisdb
def test_a_pool_of_many_pages_dated_out_of_arrival_order_migrates_whole(shared_server, namespaces,
                                                                       tmp_path, monkeypatch):
    """trial5 F6: pages cut in the server's arrival order and sorted by Aegis's dates
    repeated one memory and skipped another, and the skipped one never came across."""
    from aegis.migrate import copy_memories
    from aegis.models import Memory
    from aegis.store import aegisdb
    monkeypatch.setattr(aegisdb, "PAGE", 20)             # a pool of several pages, quickly
    project, _user = namespaces
    remote = aegisdb.AegisDBStore.from_settings(shared_server.settings())
    now = time.time()
    for n in range(70):                                   # the newest arrive first
        remote.restore(Memory(id=f"mem_{n:012x}", namespace=project, text=f"rule {n} of the pool",
                              created_at=now - n * 60, updated_at=now - n * 60), [])
    local = SQLiteStore.open(tmp_path / "memory.db")
    report = copy_memories(remote, local, (project,))
    assert (report.copied, report.skipped) == (70, 0)
    copied = local.list(Query(namespaces=(project,), limit=1000, include_superseded=True))
    assert sorted(m.id for m in copied) == [f"mem_{n:012x}" for n in range(70)]
    local.close()
    remote.close()
