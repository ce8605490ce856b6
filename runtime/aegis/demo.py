"""``aegis demo``: the whole memory loop on a throwaway store, in a few seconds."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import TextIO

from aegis.config import load_config
from aegis.namespace import Namespaces
from aegis.service import MemoryService
from aegis.store import open_store
from aegis.store.sqlite import SQLiteStore

SAMPLES = [
    ("We deploy this project with `make ship`; it runs the tests and pushes the image.",
     "deploy,ops", 0.8),
    ("Convention: API handlers live in src/api/ and never talk to the database directly.",
     "convention,architecture", 0.7),
    ("The flaky test in tests/test_sync.py was a race on the shared tmp dir; fixed by "
     "using tmp_path.", "fix,tests", 0.6),
    ("The staging database password=hunter2-staging is in the team vault.", "ops", 0.5),
]


def run_demo(out: TextIO) -> int:
    def say(text: str = "") -> None:
        out.write(text + "\n")

    with tempfile.TemporaryDirectory(prefix="aegis-demo-") as tmp:
        store = open_store(load_config(env={"AEGIS_DATA_DIR": tmp, "HOME": tmp}, cwd=tmp))
        with MemoryService(store, Namespaces("demo:project", "demo:user")) as service:
            say(f"Aegis demo — a throwaway store in {tmp}\n")
            say("1. Session one: the user states decisions and conventions; they are saved.")
            ids = []
            for text, tags, importance in SAMPLES:
                result = service.save(text, tags=tags, importance=importance)
                ids.append(result.memory.id)
                note = "  (secret redacted)" if result.redacted else ""
                say(f"   saved {result.memory.id}: {result.memory.text}{note}")
            pref = service.save("Prefers concise answers with code first.", scope="user",
                                tags="preference", importance=0.7)
            say(f"   saved {pref.memory.id} as a cross-project preference")
            again = service.save(SAMPLES[0][0])
            verdict = "the same memory, not a duplicate" if not again.created else "a new one"
            say(f"   saving the first one again returns {again.memory.id}: {verdict}\n")

            say("2. Session two: a prompt arrives and relevant memories are recalled.")
            for prompt in ("How do I deploy this?", "where do API handlers go?",
                           "write a haiku about autumn"):
                hits = service.search(prompt, top_k=2, min_relevance=0.2)
                found = ", ".join(f"{h.memory.id} ({h.relevance:.2f})" for h in hits) or "nothing"
                say(f"   {prompt!r:32} → {found}")
            say()
            say("3. Knowledge changes: the memory is updated and its history kept.")
            updated = service.update(ids[0], text="We now deploy with `make release` "
                                                  "(`make ship` was retired).")
            for version in service.history(updated.id):
                say(f"   v{version.version}: {version.text}")
            say(f"   v{updated.version}: {updated.text}\n")

            say("4. Export and import round-trip as JSONL.")
            buffer = io.StringIO()
            count = service.export(buffer)
            say(f"   exported {count} memories ({len(buffer.getvalue()):,} bytes)")
            store2 = SQLiteStore.open(Path(tmp) / "copy.db")
            with MemoryService(store2, service.namespaces) as copy:
                report = copy.import_lines(buffer.getvalue().splitlines())
                say(f"   imported {report.added} into a fresh store\n")

            service.forget(ids[2])
            say(f"5. Forgot {ids[2]}. Stats: {service.stats()['memories']} memories.")
    say("\nDone. Install the plugin in Claude Code to get this automatically in every session.")
    return 0
