"""``aegis spool --send-here``: captures waiting for a store that is no longer configured.

A capture waits for the store it was made for (``aegis.capture.spool``), so captures
for a team server go nowhere else while it is down. When the server comes back under
another address (a new port, a DNS name for its IP), nothing is configured for the old
one any more and the captures would wait until they expire. The user says where they
belong: each goes to the store its own project is configured for now, and the spool is
replayed at once. Done under the capture worker's lock, like every spool rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from aegis.capture import spool
from aegis.capture.layout import CaptureFiles
from aegis.capture.lock import worker_lock
from aegis.capture.worker import (LOCK_WAIT_SECONDS, Report, for_another_store, replay,
                                  settings_for)
from aegis.errors import AegisError
from aegis.humanize import plural
from aegis.store import target as store_target, tenant as store_tenant


@dataclass(frozen=True)
class Sent:
    moved: dict[str, int]          # "from → to": captures given a new store
    report: Report                 # the replay that followed

    def to_dict(self) -> dict:
        r = self.report
        return {"moved": self.moved, "added": r.added, "strengthened": r.strengthened,
                "present": r.present, "dropped": r.dropped, "still_waiting": r.spooled}

    def summary(self) -> list[str]:
        r = self.report
        lines = [f"sent {plural(count, 'memory')} {where}"
                 for where, count in sorted(self.moved.items())] or [
            "no memories wait for a store other than the one configured for them"]
        # the spool is replayed either way: what it stored is said even when nothing moved
        if self.moved or any((r.added, r.strengthened, r.present, r.dropped, r.spooled)):
            lines.append(f"{r.added} added, {r.strengthened} strengthened, {r.present} already there"
                         + (f", {r.spooled} still waiting (their store is unavailable)"
                            if r.spooled else "")
                         + (f", {r.dropped} dropped" if r.dropped else ""))
        return lines


def send_here(data_dir: str | Path, env: Mapping[str, str]) -> Sent:
    files = CaptureFiles.in_data_dir(data_dir)
    report = Report()
    moved: dict[str, int] = {}
    with worker_lock(files.lock, LOCK_WAIT_SECONDS):
        candidates = []
        for candidate in spool.read(files):
            try:
                settings = settings_for(env, candidate.cwd)
            except AegisError:
                candidates.append(candidate)          # its project's config is broken: wait
                continue
            if for_another_store(candidate, settings):
                here = store_target(settings)
                label = f"from {candidate.target} to {here}"
                moved[label] = moved.get(label, 0) + 1
                candidate = replace(candidate, target=here, tenant=store_tenant(settings),
                                    token_rejected=False)
            candidates.append(candidate)
        if moved:
            spool.rewrite(files, candidates)
        replay(files, env, report)
    return Sent(moved, report)
