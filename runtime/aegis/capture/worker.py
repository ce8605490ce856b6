"""The capture worker: jobs → transcript → spool → store.

Runs detached (see ``spawn``), one at a time per data dir. For each session
with queued jobs it reads the transcript from the session's offset, extracts
statements, appends them to the spool, then advances the offset and drops the
jobs — in that order, so a kill at any point means at worst a re-read whose
candidates carry the same capture ids. Then it replays the whole spool into
the store; whatever the store cannot take now (down, locked, read-only) stays
spooled for the next worker.

Reading a session has a time budget (``capture_job_budget_ms``) and only reads
regular files, a bounded window at a time (``aegis.transcript``). A session
whose reading fails or runs out of time keeps its jobs queued for a later
worker; a job that has failed ``jobs.MAX_ATTEMPTS`` times is quarantined and the
session's offset moves past the window that failed, so later jobs go on.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from aegis.capture import GUARD_ENV, activity, jobs as job_queue, spool
from aegis.capture.extract import Statement, extract
from aegis.capture.jobs import Job
from aegis.capture.layout import CaptureFiles
from aegis.capture.lock import LockBusy, Slot, worker_lock
from aegis.capture.offsets import Offsets
from aegis.capture.reconcile import apply
from aegis.config import Settings, load_config
from aegis.errors import (AegisError, InvalidInput, NotFound, ReadOnly, Unauthorized,
                          Unavailable)
from aegis.log import get_logger
from aegis.namespace import Namespaces, resolve_namespaces
from aegis.redact import redact, screen_tags
from aegis.service import MemoryService
from aegis.store import open_store, target as store_target, tenant as store_tenant
from aegis.regular_file import regular_size
from aegis.transcript import Message, complete_end, read_messages

LOCK_WAIT_SECONDS = 120.0
# A capture waits this long for its own store (a team server that is down, a config
# pointing elsewhere for now), then is dropped and logged; it never goes elsewhere.
MAX_WAIT_SECONDS = 30 * 24 * 3600.0
MAX_ROUNDS = 5
MAX_RUN_SECONDS = 10 * 60.0      # no new round after this; what is left waits for the next worker
CONFIDENCE = {"user": 0.8, "assistant": 0.6}


@dataclass
class Report:
    sessions: int = 0
    extracted: int = 0
    added: int = 0
    strengthened: int = 0
    superseded: int = 0
    present: int = 0
    dropped: int = 0
    spooled: int = 0                      # left in the spool for a later run
    quarantined: int = 0                  # jobs given up on (see jobs.MAX_ATTEMPTS)
    errors: list[str] = field(default_factory=list)
    fresh: set[str] = field(default_factory=set)   # capture ids extracted in this run


def capture_id(project_namespace: str, session_id: str, text: str) -> str:
    """Stable id of one statement in one session: the replay/idempotency key."""
    folded = " ".join(text.casefold().split())
    digest = hashlib.sha256(f"{project_namespace}\0{session_id}\0{folded}".encode()).hexdigest()
    return "cap_" + digest[:32]


def run(data_dir: Path, env: Mapping[str, str] | None = None,
        lock_wait: float = LOCK_WAIT_SECONDS) -> Report:
    """Process every queued job and replay the spool; never raises."""
    env = dict(os.environ if env is None else env)
    files = CaptureFiles.in_data_dir(data_dir).ensure()
    report = Report()
    # A detached worker (GUARD_ENV) leaves when another already waits its turn; one run
    # by hand (``aegis hook capture-worker``) always waits and works.
    slot = Slot(files.next_lock)
    if env.get(GUARD_ENV) and not slot.take():
        report.errors.append("another capture worker is waiting; it takes the queued jobs")
        return report
    try:
        with worker_lock(files.lock, lock_wait):
            slot.release()
            remove_stale_temp_files(files)
            attempted: set = set()
            started = time.monotonic()
            for _round in range(MAX_ROUNDS):        # again for jobs queued while we worked
                if _round and time.monotonic() - started > MAX_RUN_SECONDS:
                    break
                # A full spool means the store has been down for long: leave the jobs
                # queued (their transcripts keep their offsets) rather than grow it.
                pending = ([] if spool.size(files) > spool.MAX_SPOOL_BYTES else
                           [j for j in job_queue.pending_jobs(files) if j.path not in attempted])
                if _round and not pending:
                    break
                if pending:
                    process_jobs(files, pending, env, report)
                    attempted |= {job.path for job in pending}
                replay(files, env, report)
    except LockBusy:
        report.errors.append("another capture worker holds the lock")
    except Exception as exc:                     # a worker never dies noisily
        report.errors.append(type(exc).__name__)
        get_logger().warning("capture worker failed: %s", type(exc).__name__)
    finally:
        slot.release()
    return report


# ---------------------------------------------------------------- transcript → spool

def process_jobs(files: CaptureFiles, pending: list[Job], env: Mapping[str, str],
                 report: Report) -> None:
    by_session: dict[str, list[Job]] = {}
    for job in pending:
        by_session.setdefault(job.session_id, []).append(job)
    offsets = Offsets.load(files)
    for session_id, session_jobs in by_session.items():
        # Counted before the work, so a worker killed or stuck on these counts too.
        session_jobs = [job_queue.count_attempt(job) for job in session_jobs]
        try:
            capture_session(files, offsets, session_id, session_jobs, env, report)
        except Exception as exc:        # one bad session must not block the others;
            reason = "timeout" if isinstance(exc, JobTimeout) else type(exc).__name__
            report.errors.append(f"{session_id}: {reason}")     # its jobs stay queued
            get_logger().warning("capture of a session failed: %s", reason)
            give_up(files, offsets, session_jobs, reason, report)
            continue
        for job in session_jobs:
            job_queue.remove(job.path)


class JobTimeout(Exception):
    """Reading one session's transcript took longer than ``capture_job_budget_ms``."""


def give_up(files: CaptureFiles, offsets: Offsets, session_jobs: list[Job], reason: str,
            report: Report) -> None:
    """Quarantine the jobs out of attempts; move the session past the window that failed."""
    spent = [job for job in session_jobs if job.attempts >= job_queue.MAX_ATTEMPTS]
    if not spent:
        return
    for job in spent:
        job_queue.quarantine(files, job.path, reason)
        report.quarantined += 1
        activity.record(files, "quarantined", job.session_id, reason=reason,
                        attempts=job.attempts)
    latest = session_jobs[-1]
    if latest.transcript_path:
        try:
            start = offsets.get(latest.session_id, latest.transcript_path)
            offsets.set(latest.session_id, latest.transcript_path,
                        complete_end(latest.transcript_path, start))
        except Exception as exc:
            get_logger().warning("could not skip a failed transcript window: %s",
                                 type(exc).__name__)


def capture_session(files: CaptureFiles, offsets: Offsets, session_id: str,
                    session_jobs: list[Job], env: Mapping[str, str], report: Report) -> None:
    """Spool what is new in one session's transcript, then move its offset."""
    latest = session_jobs[-1]
    settings = settings_for(env, latest.cwd)
    if not settings.capture_enabled:
        return
    namespaces = namespaces_for(settings, latest.cwd)
    path = latest.transcript_path
    start = offsets.get(session_id, path)
    if path and (regular_size(path) or 0) < start:      # rewritten or truncated: start over
        start = 0
    deadline = time.monotonic() + settings.capture_job_budget_ms / 1000.0
    # The end is fixed before reading: lines appended meanwhile are read again next
    # time (same capture ids), never skipped.
    end = complete_end(path, start) if path else start
    seen: set[str] = set()

    def transcript() -> Iterator[Message]:
        for message in read_messages(path, start, end - start) if path else ():
            if time.monotonic() > deadline:
                raise JobTimeout()
            # Whole messages are redacted before extraction splits them: a sentence cut
            # from its context ("the password is" | "`…`") may no longer look secret.
            # (Stop jobs hold their message redacted too, so ``seen`` compares alike.)
            message = replace(message, text=redact(message.text).text)
            if message.role == "assistant":
                seen.add(_folded(message.text))
            yield message

    statements = extract(transcript(), settings.capture_min_salience)
    statements += extract(lagging(seen, session_jobs), settings.capture_min_salience)
    if time.monotonic() > deadline:
        raise JobTimeout()
    candidates = [to_candidate(s, session_id, namespaces, latest.cwd, settings)
                  for s in statements]
    spool.append(files, candidates)
    new_ids = {c.capture_id for c in candidates}
    report.extracted += len(new_ids)
    report.fresh |= new_ids
    report.sessions += 1
    if path:
        offsets.set(session_id, path, end)


def lagging(seen: set[str], session_jobs: Iterable[Job]) -> list[Message]:
    """Stop payloads' ``last_assistant_message`` the transcript does not show yet."""
    extra = []
    for job in session_jobs:
        text = job.last_assistant_message
        if text and _folded(text) not in seen:
            seen.add(_folded(text))
            extra.append(Message("assistant", text))
    return extra


def _folded(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "replace")).hexdigest()


def to_candidate(statement: Statement, session_id: str, namespaces: Namespaces,
                 cwd: str | None, settings: Settings | None = None) -> spool.Candidate:
    """The spool record: redacted already, so no secret ever sits in the spool; bound
    to the store ``settings`` choose now (see the spool module; without settings it
    goes to whichever store is configured at replay)."""
    text = redact(statement.text).text
    return spool.Candidate(
        capture_id=capture_id(namespaces.project, session_id, text),
        text=text, category=statement.category, kind=statement.kind,
        tags=tuple(screen_tags(statement.tags, statement.text)[0]),
        importance=statement.importance,
        confidence=CONFIDENCE.get(statement.role, 0.6), scope=statement.scope,
        role=statement.role, session_id=session_id, project_namespace=namespaces.project,
        user_namespace=namespaces.user, cwd=cwd,
        target=store_target(settings) if settings else "",
        tenant=store_tenant(settings) if settings else "", spooled_at=time.time())


# ---------------------------------------------------------------- spool → store

def replay(files: CaptureFiles, env: Mapping[str, str], report: Report) -> None:
    """Apply every spooled candidate; keep the ones the store cannot take now."""
    candidates = spool.read(files)
    if not candidates:
        return
    services: dict[tuple, MemoryService | AegisError] = {}
    remaining: list[spool.Candidate] = []
    index = 0
    try:
        for index, candidate in enumerate(candidates):
            key = (candidate.cwd, candidate.project_namespace, candidate.user_namespace,
                   candidate.target, candidate.tenant, candidate.token_rejected)
            if key not in services:
                services[key] = open_service(env, candidate)
            service = services[key]
            if isinstance(service, AegisError) and expired(candidate):
                drop(files, candidate, service, report, event="expired")
                continue
            if isinstance(service, ReadOnly):
                drop(files, candidate, service, report)
                continue
            if isinstance(service, AegisError):
                remaining.append(waiting(candidate, service))
                continue
            try:
                outcome = apply(service, candidate)
            except (InvalidInput, NotFound) as exc:
                drop(files, candidate, exc, report)
                continue
            except ReadOnly as exc:
                # A read-only token never starts accepting writes: spooling would keep
                # the capture forever. Drop it, and say so once in the capture log.
                services[key] = exc
                drop(files, candidate, exc, report)
                continue
            except AegisError as exc:
                services[key] = exc
                remaining.append(waiting(candidate, exc))
                continue
            log_outcome(files, candidate, outcome, report)
        index = len(candidates)
    finally:
        for service in services.values():
            if isinstance(service, MemoryService):
                service.close()
        # On an unexpected error, the candidate at hand and all after it stay spooled.
        spool.rewrite(files, remaining + candidates[index:])
    if remaining:
        report.spooled = len(remaining)
        reason = "; ".join(sorted({type(s).__name__ for s in services.values()
                                   if isinstance(s, AegisError)}))
        for candidate in remaining:
            if candidate.capture_id not in report.fresh:
                continue                      # logged when it was first deferred
            report.fresh.discard(candidate.capture_id)
            activity.record(files, "spooled", candidate.session_id,
                            capture_id=candidate.capture_id, reason=reason)


def waiting(candidate: spool.Candidate, error: AegisError) -> spool.Candidate:
    """The candidate as it stays spooled. One whose token the server rejected (a typo,
    a rotated token) is marked: a rejected token reaches no namespace, so the token that
    the user configures next for that server is theirs, and the capture goes there."""
    if isinstance(error, Unauthorized) and not candidate.token_rejected:
        return replace(candidate, token_rejected=True)
    return candidate


def drop(files: CaptureFiles, candidate: spool.Candidate, error: AegisError,
         report: Report, event: str = "dropped") -> None:
    report.dropped += 1
    activity.record(files, event, candidate.session_id, capture_id=candidate.capture_id,
                    reason=error.code if isinstance(error, ReadOnly) else type(error).__name__)


def expired(candidate: spool.Candidate, now: float | None = None) -> bool:
    """Waited longer than MAX_WAIT_SECONDS (entries from before targets never expire)."""
    now = time.time() if now is None else now
    return bool(candidate.spooled_at) and now - candidate.spooled_at > MAX_WAIT_SECONDS


class ElsewhereNow(Unavailable):
    """The configuration now points at another store than the capture was made for."""


def log_outcome(files: CaptureFiles, candidate: spool.Candidate, outcome, report: Report) -> None:
    if outcome.action == "added":
        report.added += 1
        activity.record(files, "added", candidate.session_id, memory_id=outcome.memory_id,
                        capture_id=candidate.capture_id, category=candidate.category,
                        scope=candidate.scope, role=candidate.role,
                        source=None if candidate.source == "capture" else candidate.source)
    elif outcome.action == "strengthened":
        report.strengthened += 1
        activity.record(files, "strengthened", candidate.session_id,
                        memory_id=outcome.memory_id, capture_id=candidate.capture_id)
    else:
        report.present += 1
    for old_id in outcome.superseded:
        report.superseded += 1
        activity.record(files, "superseded", candidate.session_id, memory_id=old_id,
                        by=outcome.memory_id)
    if outcome.outdated_by:
        report.superseded += 1
        activity.record(files, "superseded", candidate.session_id, memory_id=outcome.memory_id,
                        by=outcome.outdated_by)


def open_service(env: Mapping[str, str], candidate: spool.Candidate) -> MemoryService | AegisError:
    """The service for the candidate's own store, or why it cannot be had now."""
    try:
        settings = settings_for(env, candidate.cwd)
        if for_another_store(candidate, settings):
            return ElsewhereNow(f"captured for {candidate.target}; "
                                f"configured for {store_target(settings)}")
        return MemoryService(open_store(settings),
                             Namespaces(candidate.project_namespace, candidate.user_namespace))
    except AegisError as exc:
        return exc


def for_another_store(candidate: spool.Candidate, settings: Settings) -> bool:
    """Whether ``candidate`` waits for another store than ``settings`` name: another
    address, or another token's namespace, unless the server rejected its token (then
    the token configured now for that server is the user's; see ``waiting``)."""
    if not candidate.target:
        return False                      # spooled before captures named their store
    if candidate.target != store_target(settings):
        return True
    return candidate.tenant != store_tenant(settings) and not candidate.token_rejected


def settings_for(env: Mapping[str, str], cwd: str | None) -> Settings:
    usable = cwd if cwd and os.path.isdir(cwd) else None
    return load_config(env=dict(env), cwd=usable)


def namespaces_for(settings: Settings, cwd: str | None) -> Namespaces:
    """The job's project, even if its directory has gone since (namespaces derive from the path)."""
    return resolve_namespaces(Path(cwd) if cwd else Path.cwd(), settings.namespace)


def remove_stale_temp_files(files: CaptureFiles, older_than_s: float = 60.0) -> None:
    """Temp files a killed worker left half-written (``.name.PID.tmp``)."""
    now = time.time()
    for folder in (files.root, files.jobs):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if (entry.name.startswith(".") and entry.name.endswith(".tmp")
                        and now - entry.stat().st_mtime > older_than_s):
                    os.unlink(entry.path)
            except OSError:
                continue
