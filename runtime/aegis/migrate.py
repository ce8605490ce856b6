"""Copy a project's memories from one backend to the other (``aegis migrate``).

Both ends are ``Store`` implementations, so the copy is the Store protocol and
nothing else: every memory of the chosen namespaces goes across with its id,
text, tags, importance, confidence, kind, times and version history
(``Store.restore``), then the relations between them. It is idempotent — a
memory whose id the target already holds is skipped and a relation the target
already has is not added again — so an interrupted migration is finished by
running it again. Vectors are not copied; ``aegis reindex`` embeds on the target.

Memory ids are unique across a SQLite store's namespaces. A namespaced AegisDB
token gives every checkout the same pool, so once one checkout has copied it, a
second finds those ids held under the first checkout's namespace: they are
counted as ``elsewhere`` and their relations are left where the copies are.

A memory the target does not hold goes through the same dedup and supersede as a
new one (``MemoryService.restore_reconciled``): when several checkouts migrate into
one shared pool (a team server with a pool token), a rule another checkout already
put there is strengthened rather than copied (``merged``; what pointed at the copy
points at the memory it merged into), and an update supersedes the older version
whichever store it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from aegis.config import Settings
from aegis.errors import AegisError, InvalidInput, NotFound
from aegis.humanize import plural
from aegis.models import Memory, MemoryChanges, Query
from aegis.namespace import Namespaces, resolve_namespaces
from aegis.service import MemoryService
from aegis.store import BACKENDS, open_store
from aegis.store.protocol import Store

SCOPES = ("all", "project", "user")


@dataclass(frozen=True)
class MigrationReport:
    source: str
    target: str
    namespaces: tuple[str, ...]
    copied: int = 0
    skipped: int = 0             # already in the target (same id)
    elsewhere: int = 0           # same id already in the target, under another namespace
    relations: int = 0           # relations added to the target
    errors: tuple[str, ...] = ()
    merged: int = 0              # restated a memory the target holds: strengthened it instead

    def to_dict(self) -> dict:
        return {"from": self.source, "to": self.target, "namespaces": list(self.namespaces),
                "copied": self.copied, "skipped": self.skipped, "elsewhere": self.elsewhere,
                "relations": self.relations, "merged": self.merged,
                "errors": list(self.errors)}

    def summary(self) -> str:
        return (f"copied {plural(self.copied, 'memory')} from {self.source} to {self.target} "
                f"({self.skipped} already there, "
                + (f"{self.elsewhere} already there under another project, "
                   if self.elsewhere else "")
                + (f"{self.merged} merged into the same rule already there, "
                   if self.merged else "")
                + f"{plural(self.relations, 'relation')} added"
                + (f", {len(self.errors)} failed" if self.errors else "") + ")")


def memories_of(store: Store, namespace: str) -> Iterator[Memory]:
    """Every memory of ``namespace``, superseded ones included, oldest first. One read:
    pages by offset could repeat one memory and skip another where a server's pages
    are cut in its own order (trial5 F6), and would rescan a team pool per page."""
    everything = Query(namespaces=(namespace,), limit=2**62, include_superseded=True)
    yield from sorted(store.list(everything, 0), key=lambda memory: (memory.created_at,
                                                                     memory.id))


def copy_memories(source: Store, target: Store, namespaces: Sequence[str],
                  progress: Callable[[int], None] | None = None,
                  reconcile: Namespaces | None = None) -> MigrationReport:
    """Copy ``namespaces`` from ``source`` to ``target``; see the module docstring.
    ``reconcile``: the project's namespaces, to dedup and supersede against what the
    target holds (None: copy as is)."""
    copied = skipped = related = done = 0
    elsewhere: set[str] = set()
    merged_into: dict[str, str] = {}
    problems: list[str] = []
    copied_ids: list[tuple[str, str]] = []
    service = None if reconcile is None else MemoryService(target, reconcile)
    for namespace in namespaces:
        for memory in memories_of(source, namespace):
            done += 1
            if progress:
                progress(done)
            try:
                if target.get((namespace,), memory.id) is not None:
                    skipped += 1
                    copied_ids.append((namespace, memory.id))
                    continue
                versions = source.history(namespace, memory.id)
                if service is None:
                    action = "copied" if target.restore(memory, versions) else "present"
                else:
                    action, into = service.restore_reconciled(memory, versions)
                    if action == "merged":
                        merged_into[memory.id] = into
                        continue
                if action == "present":       # held, but not under this namespace
                    elsewhere.add(memory.id)
                    continue
                copied += 1
                copied_ids.append((namespace, memory.id))
            except InvalidInput as exc:
                problems.append(f"{memory.id}: {exc}")
    for namespace, memory_id in copied_ids:
        restored = target.get((namespace,), memory_id) if merged_into else None
        if restored is not None and restored.superseded_by in merged_into:
            # its replacement merged into a memory already there: that one replaces it
            target.update(namespace, memory_id,
                          MemoryChanges(superseded_by=merged_into[restored.superseded_by]))
        present = {(r.source_id, r.target_id, r.kind)
                   for r in target.relations((namespace,), memory_id)}
        for relation in source.relations((namespace,), memory_id):
            if relation.source_id != memory_id or relation.target_id in elsewhere:
                continue
            relation = relation.replace(
                target_id=merged_into.get(relation.target_id, relation.target_id))
            key = (relation.source_id, relation.target_id, relation.kind)
            if key in present or relation.target_id == relation.source_id:
                continue
            try:
                target.relate(namespace, relation)
                related += 1
            except (InvalidInput, NotFound) as exc:
                problems.append(f"{relation.source_id} -> {relation.target_id}: {exc}")
    return MigrationReport(source.name, target.name,
                           tuple(namespaces), copied, skipped, len(elsewhere), related,
                           tuple(problems), len(merged_into))


def run_migration(settings: Settings, cwd: str | Path, source: str, target: str,
                  scope: str = "all",
                  progress: Callable[[int], None] | None = None) -> MigrationReport:
    """Open both backends from ``settings`` and copy this project's memories."""
    for backend in (source, target):
        if backend not in BACKENDS:
            raise InvalidInput(f"backend must be one of: {', '.join(BACKENDS)}")
    if source == target:
        raise InvalidInput("--from and --to name the same backend; nothing to migrate")
    if scope not in SCOPES:
        raise InvalidInput(f"scope must be one of: {', '.join(SCOPES)}")
    names = resolve_namespaces(Path(cwd), settings.namespace)
    namespaces = {"all": (names.project, names.user), "project": (names.project,),
                  "user": (names.user,)}[scope]
    source_store = open_store(settings.replace(backend=source))
    try:
        target_store = open_store(settings.replace(backend=target))
    except AegisError:
        source_store.close()
        raise
    try:
        return copy_memories(source_store, target_store, namespaces, progress, reconcile=names)
    finally:
        source_store.close()
        target_store.close()
