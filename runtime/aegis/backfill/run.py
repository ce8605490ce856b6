"""Backfill: capture from the Claude Code sessions already on disk.

Each selected transcript goes through live capture's own pipeline —
``aegis.capture.extract`` for statements, ``worker.to_candidate`` for
redaction and the capture id, the spool, and ``worker.replay`` (reconcile:
dedup, strengthen, supersede) into the store — so a backfilled memory is
indistinguishable from a captured one except for its source (``backfill``)
and its time (when it was said, from the transcript line).

Sessions run oldest first, by their own timestamps, so a later statement
supersedes an earlier one. Each session is done under the capture worker's
lock, reading from the offset live capture shares (``capture.offsets``), and
the offset moves once its candidates are spooled: whichever of live capture
and backfill reads a session first, the other finds nothing new, and a second
backfill adds nothing. Taking the lock per session lets a live worker get in
between sessions of a long run. Memory stays bounded: transcripts are
streamed, lines are capped (``aegis.transcript``), one session is held at a
time.
"""

from __future__ import annotations

import os
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

from aegis.backfill import state
from aegis.backfill.dating import statement_times
from aegis.backfill.discover import Skipped, Transcript, discover
from aegis.backfill.location import projects_dir
from aegis.backfill.projects import NAMESPACE_ENV, ProjectMapper
from aegis.capture import spool
from aegis.capture.extract import extract
from aegis.capture.layout import CaptureFiles
from aegis.capture.lock import LockBusy, worker_lock
from aegis.capture.offsets import Offsets
from aegis.capture.worker import Report, replay, settings_for, to_candidate
from aegis.config import Settings
from aegis.errors import AegisError, InvalidInput
from aegis.namespace import Namespaces, resolve_namespaces, user_namespace
from aegis.transcript import complete_end, read_messages

SOURCE = "backfill"
LOCK_WAIT_SECONDS = 60.0
SAMPLES = 3
OUTCOMES = ("added", "strengthened", "superseded", "present", "dropped", "spooled")

Progress = Callable[[int, int, int, int], None]   # sessions done/total, bytes done/total


@dataclass
class ProjectSummary:
    namespace: str
    cwds: set[str] = field(default_factory=set)
    missing_cwds: set[str] = field(default_factory=set)  # gone: path-based namespace used
    sessions: int = 0              # sessions with something new to read
    up_to_date: int = 0            # sessions already read (by capture or a backfill)
    capture_off: int = 0           # sessions whose project turns capture off
    bytes: int = 0
    partial_tail: int = 0          # transcripts ending in a half-written line (left unread)
    extracted: int = 0
    outcomes: Counter = field(default_factory=Counter)
    by_kind: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"namespace": self.namespace, "cwds": sorted(self.cwds),
                "missing_cwds": sorted(self.missing_cwds), "sessions": self.sessions,
                "up_to_date": self.up_to_date, "capture_off": self.capture_off,
                "bytes": self.bytes, "partial_tail": self.partial_tail,
                "extracted": self.extracted,
                **{name: self.outcomes.get(name, 0) for name in OUTCOMES},
                "by_kind": dict(self.by_kind), "by_category": dict(self.by_category),
                "samples": list(self.samples)}


@dataclass
class BackfillReport:
    dry_run: bool
    transcripts_dir: str
    projects: dict[str, ProjectSummary] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    sessions_total: int = 0
    bytes_total: int = 0
    errors: list[str] = field(default_factory=list)
    stopped: str | None = None     # why the run ended early (the store is unavailable)

    def project(self, namespace: str) -> ProjectSummary:
        if namespace not in self.projects:
            self.projects[namespace] = ProjectSummary(namespace)
        return self.projects[namespace]

    def to_dict(self) -> dict:
        return {"dry_run": self.dry_run, "transcripts_dir": self.transcripts_dir,
                "sessions": self.sessions_total, "bytes": self.bytes_total,
                "projects": [p.to_dict() for p in self.projects.values()],
                "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
                "errors": list(self.errors), "stopped": self.stopped}


@dataclass(frozen=True)
class Session:
    transcript: Transcript
    namespaces: Namespaces        # where its memories go
    cwd: str | None               # the directory whose settings (backend, …) apply


def select(settings: Settings, env: Mapping[str, str], cwd: str, all_projects: bool,
           since: float | None, report: BackfillReport) -> list[Session]:
    """The sessions to backfill, oldest first; unreadable files go to ``report.skipped``."""
    if all_projects and env.get(NAMESPACE_ENV, "").strip():
        raise InvalidInput(f"{NAMESPACE_ENV} is set, which would put every project's sessions "
                           f"into one namespace; unset it, or backfill one project (-C DIR)")
    transcripts, skipped = discover(env)
    report.skipped.extend(skipped)
    mapper = ProjectMapper(env)
    target = None if all_projects else mapper.map(cwd).namespace
    # The current project's memory is wherever a live session here writes, which an
    # AEGIS_NAMESPACE in the environment may name.
    here = resolve_namespaces(cwd, settings.namespace) if os.path.isdir(cwd) else \
        Namespaces(project=target or "", user=user_namespace())
    user = user_namespace()
    sessions = []
    for transcript in transcripts:
        mapped = mapper.map(transcript.cwd)
        if target is not None and mapped.namespace != target:
            continue
        if since is not None and transcript.order[0] < since:
            continue
        namespaces = here if target is not None else Namespaces(mapped.namespace, user)
        summary = report.project(namespaces.project)
        summary.cwds.add(transcript.cwd)
        if not mapped.exists:
            summary.missing_cwds.add(transcript.cwd)
        sessions.append(Session(transcript, namespaces,
                                transcript.cwd if mapped.exists else
                                (cwd if os.path.isdir(cwd) else None)))
    sessions.sort(key=lambda s: s.transcript.order)
    return sessions


def run(settings: Settings, env: Mapping[str, str], cwd: str, *, all_projects: bool = False,
        since: float | None = None, dry_run: bool = False,
        progress: Progress | None = None) -> BackfillReport:
    """Backfill the current project (``cwd``) or every project; see the module docstring."""
    env = dict(env)
    report = BackfillReport(dry_run=dry_run, transcripts_dir=projects_dir(env))
    sessions = select(settings, env, os.path.abspath(cwd), all_projects, since, report)
    report.sessions_total = len(sessions)
    report.bytes_total = sum(s.transcript.size for s in sessions)
    files = CaptureFiles.in_data_dir(settings.data_dir)
    done_bytes = 0
    for number, session in enumerate(sessions, 1):
        try:
            backfill_session(files, session, env, dry_run, report)
        except LockBusy:
            report.stopped = ("a capture worker kept the capture lock for "
                              f"{LOCK_WAIT_SECONDS:.0f} s; run backfill again shortly")
        except (OSError, AegisError) as exc:
            report.errors.append(f"{session.transcript.path}: {_reason(exc)}")
        done_bytes += session.transcript.size
        if progress:
            progress(number, len(sessions), done_bytes, report.bytes_total)
        if report.stopped:
            break
    if not dry_run and not report.stopped:
        state.mark(settings.data_dir, "backfilled", report.projects)
    return report


def backfill_session(files: CaptureFiles, session: Session, env: Mapping[str, str],
                     dry_run: bool, report: BackfillReport) -> None:
    transcript = session.transcript
    summary = report.project(session.namespaces.project)
    settings = settings_for(env, session.cwd)
    if not settings.capture_enabled:
        summary.capture_off += 1
        return
    if not dry_run:
        files.ensure()
    with nullcontext() if dry_run else worker_lock(files.lock, LOCK_WAIT_SECONDS):
        offsets = Offsets.load(files)
        key = offset_key(offsets, transcript)
        start = offsets.get(transcript.session_id, key)
        size = _size(transcript.path)
        if size < start:                      # rewritten or truncated: start over
            start = 0
        end = complete_end(transcript.path, start)
        if end < size:
            summary.partial_tail += 1
        if end <= start:
            summary.up_to_date += 1
            return
        statements = extract(read_messages(transcript.path, start, max_bytes=end - start),
                             settings.capture_min_salience)
        times = statement_times(statements, transcript.path, start, end, transcript.started)
        candidates = [replace(to_candidate(s, transcript.session_id, session.namespaces,
                                           session.cwd, settings),
                              source=SOURCE, created_at=when)
                      for s, when in zip(statements, times)]
        summary.sessions += 1
        summary.bytes += end - start
        summary.extracted += len({c.capture_id for c in candidates})
        if dry_run:
            for candidate in candidates:
                summary.by_kind[candidate.kind] += 1
                summary.by_category[candidate.category] += 1
                if len(summary.samples) < SAMPLES:
                    summary.samples.append(candidate.text)
            return
        spool.append(files, candidates)
        offsets.set(transcript.session_id, key, end)
        outcome = Report(fresh={c.capture_id for c in candidates})
        replay(files, env, outcome)
    for name in OUTCOMES:
        summary.outcomes[name] += getattr(outcome, name)
    for candidate in candidates:
        summary.by_kind[candidate.kind] += 1
        summary.by_category[candidate.category] += 1
    if outcome.spooled:
        report.stopped = (f"the memory store is unavailable: {outcome.spooled} capture(s) wait "
                          f"in the spool for the next capture worker; run backfill again later "
                          f"for the remaining sessions")


def offset_key(offsets: Offsets, transcript: Transcript) -> str:
    """The transcript path as live capture recorded it, when it names the same file
    (Claude Code's spelling of it may differ from ours by a symlink or a slash)."""
    entry = offsets.entries.get(transcript.session_id)
    known = entry.get("transcript") if isinstance(entry, dict) else None
    if isinstance(known, str) and known != transcript.path:
        try:
            if os.path.samefile(known, transcript.path):
                return known
        except OSError:
            pass
    return transcript.path


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _reason(exc: Exception) -> str:
    if isinstance(exc, AegisError):
        return exc.message
    if isinstance(exc, PermissionError):
        return "permission denied"
    return getattr(exc, "strerror", None) or type(exc).__name__
