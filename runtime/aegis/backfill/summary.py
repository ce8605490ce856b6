"""Words for a backfill: the terminal progress line and the per-project summary."""

from __future__ import annotations

from typing import Callable, TextIO

from aegis.backfill.run import BackfillReport, ProjectSummary
from aegis.cli import one_line

MAX_SKIPPED_SHOWN = 20


def size(count: int) -> str:
    return f"{count / 1e6:,.1f} MB" if count >= 100_000 else f"{count / 1e3:,.1f} kB"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def progress_line(stream: TextIO) -> Callable[[int, int, int, int], None] | None:
    """A carriage-return progress line, only when ``stream`` is a terminal."""
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):
        return None

    def show(done: int, total: int, done_bytes: int, total_bytes: int) -> None:
        stream.write(f"\rbackfill: {done:,}/{total:,} sessions, "
                     f"{size(done_bytes)} of {size(total_bytes)}\x1b[K")
        stream.flush()
    return show


def _counts(counter) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counter.items()))


def project_lines(project: ProjectSummary, dry_run: bool) -> list[str]:
    where = ", ".join(sorted(project.cwds)[:3]) + (" …" if len(project.cwds) > 3 else "")
    lines = [f"{project.namespace}  ({where})"]
    read = f"{plural(project.sessions, 'session')} read ({size(project.bytes)})"
    if project.up_to_date:
        read += f", {project.up_to_date:,} already captured"
    if project.capture_off:
        read += f", {project.capture_off:,} skipped (capture is off there)"
    if dry_run:
        lines.append(f"  {read}: would store up to "
                     f"{plural(project.extracted, 'memory', 'memories')}")
        if project.extracted:
            lines.append(f"  by kind: {_counts(project.by_kind)}; "
                         f"by category: {_counts(project.by_category)}")
        lines += [f"  e.g. {one_line(text)}" for text in project.samples]
    else:
        o = project.outcomes
        lines.append(f"  {read}: {o['added']:,} added, {o['strengthened']:,} strengthened, "
                     f"{o['superseded']:,} superseded, {o['present']:,} already known"
                     + (f", {o['dropped']:,} dropped" if o["dropped"] else "")
                     + (f", {o['spooled']:,} spooled" if o["spooled"] else ""))
    if project.missing_cwds:
        gone = ", ".join(sorted(project.missing_cwds)[:3])
        lines.append(f"  note: {gone} no longer exists; its sessions use the path-based "
                     f"namespace (no git remote to read)")
    if project.partial_tail:
        lines.append(f"  note: {plural(project.partial_tail, 'transcript')} end in a "
                     f"half-written line, left for a later run")
    return lines


def report_lines(report: BackfillReport) -> list[str]:
    head = "backfill (dry run, nothing stored)" if report.dry_run else "backfill"
    if not report.projects:
        lines = [f"{head}: no transcripts for this project under {report.transcripts_dir}"]
    else:
        lines = [f"{head}: {plural(report.sessions_total, 'session')} on disk "
                 f"({size(report.bytes_total)}) for {plural(len(report.projects), 'project')}"]
        for project in report.projects.values():
            lines += project_lines(project, report.dry_run)
    if report.skipped:
        lines.append(f"skipped {plural(len(report.skipped), 'file')}:")
        lines += [f"  {s.path}: {s.reason}" for s in report.skipped[:MAX_SKIPPED_SHOWN]]
        if len(report.skipped) > MAX_SKIPPED_SHOWN:
            lines.append(f"  … and {len(report.skipped) - MAX_SKIPPED_SHOWN} more")
    lines += [f"error: {error}" for error in report.errors[:MAX_SKIPPED_SHOWN]]
    if report.stopped:
        lines.append(f"stopped early: {report.stopped}")
    return lines
