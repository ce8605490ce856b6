"""``aegis scrub`` and doctor's suggestion, in the built pyz, on a store written
under older rules: secrets planted in memories, kept versions, a queued capture
job and the spool (as a release whose rules missed them would have left them)."""

from __future__ import annotations

import json
import sqlite3

from aegis.capture.layout import CaptureFiles
from tests.secret_corpus import fragments, load

CASES, NEAR_MISSES = load()
PLANTED = CASES[::9]           # a spread of kinds: providers, context, URLs, keys, JWTs


def scan(data_dir) -> list[str]:
    blob = b"\0".join(p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file())
    return [c.id for c in PLANTED if any(f.encode() in blob for f in fragments(c.secret))]


def plant(run_pyz, data_dir) -> list[str]:
    """Memories, versions, a job and the spool holding secrets verbatim."""
    # distinct words, not numbers: "placeholder 2 …" after "placeholder 1 …" is an update of it
    names = ["slot" + chr(97 + n // 26) + chr(97 + n % 26) + "x" for n in range(len(PLANTED))]
    ids = [json.loads(run_pyz("remember", "--json", f"placeholder {name} for the old store")
                      .stdout)["id"] for name in names]
    run_pyz("update", ids[0], "--text", "placeholder 0, second version")
    db = sqlite3.connect(data_dir / "memory.db")
    with db:
        for memory_id, case in zip(ids, PLANTED):
            db.execute("UPDATE memories SET text = ? WHERE id = ?", (case.text, memory_id))
        db.execute("UPDATE memory_versions SET text = ? WHERE memory_id = ?",
                   (PLANTED[-1].text + "\n" + NEAR_MISSES[0], ids[0]))
    db.close()
    files = CaptureFiles.in_data_dir(data_dir).ensure()
    with open(files.spool, "w") as spool:
        spool.write(json.dumps({"capture_id": "cap_1", "text": PLANTED[1].text,
                                "category": "note", "kind": "fact", "tags": [],
                                "importance": 0.5, "confidence": 0.8, "scope": "project",
                                "role": "user", "session_id": "s", "project_namespace": "x",
                                "user_namespace": "y"}) + "\n")
    with open(f"{files.jobs}/00000000000000000001-1.json", "w") as job:
        json.dump({"session_id": "s", "transcript_path": None, "cwd": None, "event": "stop",
                   "last_assistant_message": PLANTED[2].text}, job)
    return ids


def test_scrub_redacts_store_history_and_capture_files_in_place(run_pyz, data_dir):
    ids = plant(run_pyz, data_dir)
    assert scan(data_dir)                              # the planted secrets are there

    dry = run_pyz("scrub", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["dry_run"] is True and report["changed_memories"] == len(PLANTED)
    assert report["changed_versions"] == 1 and report["jobs"] == 1 and report["spooled"] == 1
    assert sum(report["by_rule"].values()) >= len(PLANTED) + 3
    assert scan(data_dir)                              # a dry run writes nothing

    done = run_pyz("scrub", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["dry_run"] is False and report["complete"] is True
    assert report["changed_memories"] == len(PLANTED)
    assert scan(data_dir) == []                       # database, WAL, spool, job: all clean
    texts = [json.loads(run_pyz("get", i, "--json").stdout) for i in ids]
    assert all("[REDACTED:" in t["memory"]["text"] for t in texts)
    history = texts[0]["history"]
    assert "[REDACTED:" in history[0]["text"] and NEAR_MISSES[0] in history[0]["text"]

    again = json.loads(run_pyz("scrub", "--json").stdout)
    assert again["changed_memories"] == again["changed_versions"] == 0    # idempotent


def redaction_check(run_pyz) -> dict:
    doctor = json.loads(run_pyz("doctor", "--json").stdout)
    return next(c for c in doctor["checks"] if c["name"] == "redaction")


def test_doctor_fails_a_store_that_holds_what_todays_rules_redact(run_pyz, data_dir):
    run_pyz("remember", "deploys go through make ship")
    assert redaction_check(run_pyz)["ok"] is True      # created under the current rules

    state_path = data_dir / "scrub.json"
    state = json.loads(state_path.read_text())
    assert len(state) == 1
    for entry in state.values():
        entry["fingerprint"] = "r1-older-rules"
    state_path.write_text(json.dumps(state))
    plant(run_pyz, data_dir)                           # what the older rules let through
    check = redaction_check(run_pyz)
    assert check["ok"] is False and "aegis scrub" in check["detail"]
    assert f"{len(PLANTED)} memories and 1 earlier version hold" in check["detail"]

    assert run_pyz("scrub").returncode == 0
    assert redaction_check(run_pyz)["ok"] is True
    assert (data_dir / "scrub.json").stat().st_mode & 0o077 == 0


def test_a_clean_store_from_an_older_release_passes_doctor_and_is_recorded(run_pyz, data_dir):
    """Trial3 U2: a store written before fingerprints (or under older rules) that holds
    nothing today's rules redact is not a FAIL: doctor scans it and records that."""
    run_pyz("remember", "we pin dependencies with uv lock")
    (data_dir / "scrub.json").unlink()                  # a store from before fingerprints
    check = redaction_check(run_pyz)
    assert check["ok"] is True and "nothing to re-redact" in check["detail"]
    assert json.loads((data_dir / "scrub.json").read_text())     # recorded: next time no scan
    assert redaction_check(run_pyz)["detail"] == ("the store was checked with the current rules: "
                                                  "nothing to re-redact")
    proc = run_pyz("doctor")
    assert proc.returncode == 0, proc.stdout
