"""Concurrent writers on one real SQLite file: 8 processes × 200 saves through
the memory service all land, nobody sees "database is locked", and the schema
migration on a brand-new file survives the race of everyone opening it at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import RUNTIME

WRITERS = 8
SAVES = 200

WRITER = r"""
import json, os, sys, time
from pathlib import Path
from aegis.errors import AegisError
from aegis.namespace import Namespaces
from aegis.service import MemoryService
from aegis.store.sqlite import SQLiteStore

db, go, worker, count = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
deadline = time.monotonic() + 60
while not go.exists():                      # start together to maximise contention
    if time.monotonic() > deadline:
        sys.exit("start signal never came")
    time.sleep(0.001)
ids, failures = [], []
service = MemoryService(SQLiteStore.open(db), Namespaces("test:concurrency", "user:tester"))
for i in range(count):
    try:
        result = service.save(f"worker {worker} note {i}: the cache key for shard {i} is w{worker}",
                              tags=f"worker-{worker}")
        ids.append(result.memory.id)
        if i % 50 == 0:
            service.search(f"shard {i}", top_k=3)
    except AegisError as exc:
        failures.append(str(exc))
service.close()
print(json.dumps({"ids": ids, "failures": failures}))
"""


def test_eight_processes_saving_at_once_lose_nothing(data_dir, tmp_path):
    db = data_dir / "memory.db"                 # does not exist yet: migration races too
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(RUNTIME),
                                                        os.environ.get("PYTHONPATH", "")])}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(go), str(n),
                               str(SAVES)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=env, text=True) for n in range(WRITERS)]
    go.touch()
    results = [proc.communicate(timeout=300) for proc in procs]

    all_ids: list[str] = []
    for proc, (out, err) in zip(procs, results):
        assert "database is locked" not in err
        assert "Traceback" not in err, err
        assert proc.returncode == 0, err
        report = json.loads(out)
        assert report["failures"] == []
        assert len(report["ids"]) == SAVES
        all_ids += report["ids"]
    assert len(set(all_ids)) == WRITERS * SAVES

    from aegis.namespace import Namespaces
    from aegis.service import MemoryService
    from aegis.store.sqlite import SQLiteStore
    with MemoryService(SQLiteStore.open(db), Namespaces("test:concurrency", "user:t")) as svc:
        assert svc.stats()["project_memories"] == WRITERS * SAVES
        stored = {m.id for m in svc.list(limit=10_000)}
        assert stored == set(all_ids)
        for n in range(WRITERS):
            assert len(svc.list(limit=10_000, tags=f"worker-{n}")) == SAVES
        # The full-text index kept up with every writer.
        hits = svc.search("w3 shard 199", top_k=1)
        assert hits and hits[0].memory.text.startswith("worker 3 note 199:")
        assert svc.store._read("PRAGMA integrity_check") == [("ok",)]
        fts = svc.store._read("INSERT INTO memories_fts(memories_fts) VALUES('integrity-check')")
        assert fts == []
