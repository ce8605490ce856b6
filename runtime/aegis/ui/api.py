"""What the viewer shows and changes, as JSON-able dicts over the memory service.

Each function takes an open ``MemoryService`` (and the settings where it needs
them) and returns plain data; ``aegis.ui.http`` only routes and encodes. Every
change goes through the service, so it validates, redacts and keeps versions
exactly as the CLI and the MCP tools do.
"""

from __future__ import annotations

from aegis.errors import InvalidInput
from aegis.namespace import USER_PREFIX

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Mapping

    from aegis.config import Settings
    from aegis.service import MemoryService

SORTS = {
    "newest": lambda m: -m.created_at,
    "oldest": lambda m: m.created_at,
    "updated": lambda m: -m.updated_at,
    "importance": lambda m: (-m.importance, -m.created_at),
    "recalled": lambda m: (-m.recall_count, -m.created_at),
}
LIST_LIMIT = 500
SEARCH_LIMIT = 100


def tier(namespace: str) -> str:
    return "user" if namespace.startswith(USER_PREFIX) else "project"


def memory_row(memory) -> dict[str, Any]:
    data = memory.to_dict()
    data["tier"] = tier(memory.namespace)
    return data


def memories(service: MemoryService, params: Mapping[str, str]) -> dict[str, Any]:
    """The project's and the user tier's memories, filtered and sorted.

    ``q`` searches (results keep relevance order unless ``sort`` asks otherwise);
    ``tier`` is all|project|user; ``kind``, ``tag`` and ``source`` filter exactly.
    """
    query = params.get("q", "").strip()
    scope = params.get("tier") or "all"
    kinds = (params["kind"],) if params.get("kind") else ()
    tags = params.get("tag") or None
    sort = params.get("sort") or ("relevance" if query else "newest")
    if sort not in SORTS and sort != "relevance":
        raise InvalidInput("sort must be one of: relevance, " + ", ".join(SORTS))
    if query:
        hits = service.search(query, top_k=SEARCH_LIMIT, tags=tags, scope=scope, kinds=kinds)
        found = [hit.memory for hit in hits]
        scores = {hit.memory.id: round(hit.score, 3) for hit in hits}
    else:
        found = service.list(limit=LIST_LIMIT, tags=tags, scope=scope, kinds=kinds,
                             include_superseded=params.get("superseded") == "1")
        scores = {}
    everything = found
    if params.get("source"):
        found = [m for m in found if m.source == params["source"]]
    if sort in SORTS:
        found = sorted(found, key=SORTS[sort])
    rows = [memory_row(m) | ({"score": scores[m.id]} if m.id in scores else {}) for m in found]
    return {"memories": rows, "count": len(rows), "sort": sort,
            "sources": sorted({m.source for m in everything}),
            "tags": sorted({t for m in everything for t in m.tags})}


def memory_detail(service: MemoryService, memory_id: str) -> dict[str, Any]:
    memory = service.get(memory_id)
    history = service.history(memory.id)
    relations = []
    for relation in service.relations(memory.id):
        other_id = relation.target_id if relation.source_id == memory.id else relation.source_id
        other = _maybe(service, other_id)
        relations.append(relation.to_dict() | {
            "direction": "out" if relation.source_id == memory.id else "in",
            "other_id": other_id, "other_text": other.text if other else None})
    return {"memory": memory_row(memory), "history": [v.to_dict() for v in history],
            "relations": relations}


def update(service: MemoryService, memory_id: str, body: Mapping[str, Any]) -> dict[str, Any]:
    fields = {key: body[key] for key in ("text", "tags", "importance", "kind") if key in body}
    memory = service.update(memory_id, **fields)
    return {"memory": memory_row(memory)}


def restore(service: MemoryService, memory_id: str, version: Any) -> dict[str, Any]:
    """Make an earlier version current again (as a new version: nothing is lost)."""
    memory = service.get(memory_id)
    match = [v for v in service.history(memory.id) if v.version == version]
    if not match:
        raise InvalidInput(f"{memory.id} has no version {version!r}")
    old = match[0]
    if (old.text, old.tags, old.importance, old.kind) == (memory.text, memory.tags,
                                                          memory.importance, memory.kind):
        raise InvalidInput(f"version {old.version} is what {memory.id} already says")
    updated = service.update(memory.id, text=old.text, tags=list(old.tags),
                             importance=old.importance, confidence=old.confidence,
                             kind=old.kind)
    return {"memory": memory_row(updated)}


def forget(service: MemoryService, memory_id: str) -> dict[str, Any]:
    return {"forgotten": service.forget(memory_id).id}


def recall_log(service: MemoryService, settings: Settings) -> dict[str, Any]:
    """Per session, newest first: each briefing/recall, what it injected and its token cost."""
    from aegis.models import iso
    from aegis.humanize import session_label
    from aegis.recall.activity import read_log
    sessions: dict[str, dict[str, Any]] = {}
    for entry in read_log(settings.data_dir):
        session = sessions.setdefault(str(entry.get("session_id") or "?"),
                                      {"session_id": session_label(str(entry.get("session_id")
                                                                        or "?"), "recall"),
                                       "events": [], "tokens": 0, "memories": 0})
        ids = [i for i in entry.get("ids") or [] if isinstance(i, str)]
        tokens = entry.get("tokens") if isinstance(entry.get("tokens"), int) else 0
        session["events"].append({
            "at": iso(entry["ts"]) if isinstance(entry.get("ts"), (int, float)) else None,
            "event": entry.get("event"), "outcome": entry.get("outcome"), "tokens": tokens,
            "ms": entry.get("ms"), "memories": [_brief(service, i) for i in ids]})
        session["tokens"] += tokens
        session["memories"] += len(ids)
        session["last"] = session["events"][-1]["at"]
    ordered = sorted(sessions.values(), key=lambda s: s.get("last") or "", reverse=True)
    return {"sessions": ordered,
            "tokens": sum(s["tokens"] for s in ordered)}


def capture_log(service: MemoryService, settings: Settings) -> dict[str, Any]:
    """Per session, newest first: what capture stored, strengthened or superseded."""
    from aegis.capture.activity import read_log
    from aegis.capture.layout import CaptureFiles
    from aegis.humanize import session_label
    from aegis.models import iso
    sessions: dict[str, dict[str, Any]] = {}
    for entry in read_log(CaptureFiles.in_data_dir(settings.data_dir)):
        session = sessions.setdefault(str(entry.get("session_id") or "?"),
                                      {"session_id": session_label(str(entry.get("session_id")
                                                                        or "?"), "capture"),
                                       "events": []})
        memory_id = entry.get("memory_id") if isinstance(entry.get("memory_id"), str) else None
        event = {"at": iso(entry["ts"]) if isinstance(entry.get("ts"), (int, float)) else None,
                 "action": entry.get("action"), "category": entry.get("category"),
                 "reason": entry.get("reason"),
                 "memory": _brief(service, memory_id) if memory_id else None}
        session["events"].append(event)
        session["last"] = event["at"]
    ordered = sorted(sessions.values(), key=lambda s: s.get("last") or "", reverse=True)
    return {"sessions": ordered}


def spool_backlog(settings: Settings) -> dict[str, Any]:
    """Captures waiting for their store (it was unreachable), and queued capture jobs."""
    import os

    from aegis.capture import spool
    from aegis.capture.layout import CaptureFiles
    files = CaptureFiles.in_data_dir(settings.data_dir)
    try:
        jobs = sum(1 for name in os.listdir(files.jobs) if name.endswith(".json"))
    except OSError:
        jobs = 0
    entries = [{"capture_id": c.capture_id, "text": c.text, "category": c.category,
                "scope": c.scope, "session_id": c.session_id,
                "namespace": c.user_namespace if c.scope == "user" else c.project_namespace}
               for c in spool.read(files)]
    return {"entries": entries, "jobs_pending": jobs, "bytes": spool.size(files)}


def settings_view(settings: Settings, service: MemoryService) -> dict[str, Any]:
    """Every setting in effect, where it came from, secrets masked."""
    from aegis.config import KNOBS, SECRET_KEYS
    rows = []
    for knob in KNOBS:
        value = getattr(settings, knob.name)
        if knob.name in SECRET_KEYS:
            value = "•••••••• (set)" if value else None
        rows.append({"name": knob.name, "env": knob.env, "value": value,
                     "source": settings.sources.get(knob.name, "default")})
    return {"settings": rows, "problems": list(settings.problems),
            "project_namespace": service.namespaces.project,
            "user_namespace": service.namespaces.user, "backend": service.store.name}


def overview(service: MemoryService, settings: Settings) -> dict[str, Any]:
    stats = service.stats()
    return {"project_namespace": stats["project_namespace"],
            "user_namespace": stats["user_namespace"], "backend": stats["backend"],
            "project_memories": stats["project_memories"],
            "user_memories": stats["user_memories"], "superseded": stats["superseded"],
            "data_dir": settings.data_dir}


def _maybe(service: MemoryService, memory_id: str):
    from aegis.errors import NotFound
    try:
        return service.get(memory_id)
    except NotFound:
        return None


def _brief(service: MemoryService, memory_id: str) -> dict[str, Any]:
    """A logged memory id with its text if it is still here (and in this project)."""
    memory = _maybe(service, memory_id)
    if memory is None:
        return {"id": memory_id, "exists": False}
    return {"id": memory.id, "exists": True, "text": memory.text, "tier": tier(memory.namespace)}
