"""``aegis scrub``: re-redact what is already stored with the current rules.

Redaction happens before every write, but a store written under older rules may
hold a secret today's rules would catch. A scrub re-scans every memory and every
kept version and rewrites changed text in place, plus the capture files that
hold text on its way to the store (queued jobs, the spool).

* SQLite: the whole file (every project's namespace) in one transaction, then a
  compaction so replaced text does not survive in free pages or the WAL.
* AegisDB, through the Store protocol: this project's and this user's memories,
  each rewritten with ``update``. The server keeps its own version history and
  the protocol cannot rewrite it, so earlier versions on the server keep what
  they held; the report says so (``complete: false``).

The state file ``scrub.json`` in the data dir records, per store, the rules
fingerprint it was last scrubbed (or created) under; ``aegis doctor`` suggests a
scrub when the current fingerprint differs.
"""

from __future__ import annotations

import json
import os
import time

from aegis.paths import open_private

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aegis.config import Settings
    from aegis.service import MemoryService

STATE_FILE = "scrub.json"


# ---------------------------------------------------------------- state

def sqlite_key(path: str) -> str:
    return "sqlite:" + os.path.abspath(path)


def store_key(settings: Settings) -> str:
    """Names a store independently of the project using it."""
    if settings.backend == "aegisdb":
        return f"aegisdb:{settings.host}:{settings.port}"
    from aegis.store import SQLITE_FILE
    return sqlite_key(os.path.join(settings.data_dir, SQLITE_FILE))


def _state_path(data_dir: str) -> str:
    return os.path.join(os.fspath(data_dir), STATE_FILE)


def read_state(data_dir: str) -> dict[str, Any]:
    try:
        with open(_state_path(data_dir), encoding="utf-8") as handle:
            state = json.load(handle)
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def record(data_dir: str, key: str, event: str) -> None:
    """Note that ``key`` holds only text redacted by the current rules (``event``:
    created or scrubbed). Never raises: the state is advice for ``doctor``."""
    from aegis.redact import fingerprint
    state = read_state(data_dir)
    state[key] = {"fingerprint": fingerprint(), "event": event, "at": round(time.time(), 3)}
    path = _state_path(data_dir)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open_private(tmp, "w") as handle:
            json.dump(state, handle, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


# Said when the state file has no entry: it may be lost, or the store older than it.
NO_SCRUB_RECORDED = "no scrub of this store is recorded here"


def needs_scrub(settings: Settings) -> str | None:
    """Why this store should be scrubbed, or None when its rules are current."""
    from aegis.redact import fingerprint
    entry = read_state(settings.data_dir).get(store_key(settings))
    if not isinstance(entry, dict):
        return NO_SCRUB_RECORDED
    if entry.get("fingerprint") != fingerprint():
        return "the redaction rules changed since it was last scrubbed"
    return None


# ---------------------------------------------------------------- the scrub

def _merge(into: dict[str, int], rules: Any) -> None:
    for name in rules:
        into[name] = into.get(name, 0) + 1


def scrub_service(service: MemoryService, dry_run: bool = False) -> dict[str, Any]:
    """Re-redact the store behind ``service``; returns counts (see ``run``)."""
    from aegis.redact import redact, secret_tag
    store = service.store
    native = getattr(store, "scrub_texts", None)
    if native is not None:
        counts = native(redact, dry_run=dry_run, secret_tag=secret_tag)
        counts.update(scope="whole store", complete=True)
    else:
        counts = _scrub_through_protocol(service, redact, dry_run)
    changed = counts.pop("changed", [])
    if changed and not dry_run:
        memories = [m for m in (service.store.get(service.namespaces.readable, i)
                                for i in changed) if m is not None]
        service._embed(memories)                 # their old vectors came from the secret
    return counts


def _scrub_through_protocol(service: MemoryService, redact, dry_run: bool) -> dict[str, Any]:
    from aegis.models import MemoryChanges
    from aegis.redact import secret_tag
    counts: dict[str, Any] = {"memories": 0, "versions": 0, "changed_memories": 0,
                              "changed_versions": 0, "changed_tags": 0, "by_rule": {},
                              "changed": [],
                              "scope": "this project and user", "complete": False}
    for memory in service._all("all"):
        counts["memories"] += 1
        for version in service.store.history(memory.namespace, memory.id):
            counts["versions"] += 1
            result = redact(version.text)
            if result.rules or any(map(secret_tag, version.tags)):   # cannot be rewritten
                counts["changed_versions"] += 1                   # on the server: reported
                _merge(counts["by_rule"], result.rules)
        tags = tuple(tag for tag in memory.tags if not secret_tag(tag))
        if tags != memory.tags:
            counts["changed_tags"] += 1
            if not dry_run:
                service.store.update(memory.namespace, memory.id, MemoryChanges(tags=tags))
        result = redact(memory.text)
        if not result.rules:
            continue
        counts["changed_memories"] += 1
        counts["changed"].append(memory.id)
        _merge(counts["by_rule"], result.rules)
        if not dry_run:
            service.store.update(memory.namespace, memory.id, MemoryChanges(text=result.text))
    counts["note"] = ("the server keeps earlier versions in its own history, which the Store "
                      "protocol cannot rewrite")
    return counts


def scrub_capture_files(data_dir: str, dry_run: bool = False) -> dict[str, Any]:
    """Re-redact queued capture jobs and the spool (text on its way to the store),
    each rewritten atomically, under the capture lock so no worker interleaves."""
    from aegis.capture import jobs as job_queue, spool
    from aegis.capture.layout import CaptureFiles, write_json_atomic
    from aegis.capture.lock import LockBusy, worker_lock
    from aegis.redact import redact, secret_tag
    files = CaptureFiles.in_data_dir(data_dir)
    counts: dict[str, Any] = {"jobs": 0, "spooled": 0, "by_rule": {}}
    if not os.path.isdir(files.root):
        return counts
    try:
        with worker_lock(files.lock, 30.0):
            for job in job_queue.pending_jobs(files):
                result = redact(job.last_assistant_message or "")
                if result.rules:
                    counts["jobs"] += 1
                    _merge(counts["by_rule"], result.rules)
                    if not dry_run and job.path:
                        write_json_atomic(job.path, job.replace(
                            last_assistant_message=result.text).to_dict(), durable=True)
            candidates = spool.read(files)
            rewritten, changed = [], 0
            for candidate in candidates:
                result = redact(candidate.text)
                tags = tuple(tag for tag in candidate.tags if not secret_tag(tag))
                if result.rules or tags != tuple(candidate.tags):
                    changed += 1
                    _merge(counts["by_rule"], result.rules)
                    from dataclasses import replace
                    candidate = replace(candidate, text=result.text, tags=tags)
                rewritten.append(candidate)
            counts["spooled"] = changed
            if changed and not dry_run:
                spool.rewrite(files, rewritten)
    except LockBusy:
        counts["error"] = "a capture worker is busy; run scrub again to cover its files"
    return counts


def run(settings: Settings, service: MemoryService, dry_run: bool = False) -> dict[str, Any]:
    """Scrub the store and the capture files; record the fingerprint unless ``dry_run``
    found something to change.

    ``{"dry_run", "backend", "scope", "complete", "memories", "versions",
    "changed_memories", "changed_versions", "changed_tags", "jobs", "spooled",
    "by_rule": {rule: n}}`` (``changed_tags``: memories and versions that held a secret tag)
    """
    store_counts = scrub_service(service, dry_run)
    file_counts = scrub_capture_files(settings.data_dir, dry_run)
    by_rule = dict(store_counts.pop("by_rule"))
    for name, n in file_counts.pop("by_rule").items():
        by_rule[name] = by_rule.get(name, 0) + n
    report = {"dry_run": dry_run, "backend": service.store.name, **store_counts,
              **file_counts, "by_rule": dict(sorted(by_rule.items()))}
    if "error" not in report and (not dry_run or nothing_to_change(report)):
        # a dry run that finds nothing to change shows the store is current too
        record(settings.data_dir, store_key(settings), "verified" if dry_run else "scrubbed")
    return report


def nothing_to_change(report: dict[str, Any]) -> bool:
    """True when a complete scan found nothing today's rules would change."""
    return report.get("complete") is True and not any(
        report[key] for key in ("changed_memories", "changed_versions", "changed_tags",
                                "jobs", "spooled"))


def summary(report: dict[str, Any]) -> list[str]:
    from aegis.humanize import plural
    verb = "would redact" if report["dry_run"] else "redacted"
    lines = [f"scanned {report['memories']} memories and {report['versions']} versions "
             f"({report['backend']}, {report['scope']}); {verb} "
             f"{report['changed_memories']} memories, {report['changed_versions']} versions, "
             f"{report['jobs']} queued jobs, {report['spooled']} spooled captures; "
             f"{'would drop' if report['dry_run'] else 'dropped'} secret tags of "
             f"{plural(report['changed_tags'], 'memory')}"]
    lines += [f"  {name}: {n}" for name, n in report["by_rule"].items()]
    if report.get("note"):
        lines.append(f"note: {report['note']}")
    if report.get("error"):
        lines.append(f"note: {report['error']}")
    return lines
