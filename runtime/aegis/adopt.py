"""``aegis adopt``: bring a project's earlier memories under the namespace it has now.

A project's namespace follows what names it (``aegis.namespace``): a plain
directory, then a git repository once ``git init`` ran, then its remote once one
is added. Memories saved before a change stay under the old namespace, which
nothing reads any more — the project seems to have forgotten them. ``waiting``
counts them (the briefing and ``doctor`` say so); ``adopt`` moves them: an export
of the old namespace imported here (history and relations kept, under new ids, as
``aegis import`` does), then each original deleted once its copy exists.

With an AegisDB namespaced token there are no earlier namespaces: the token pins
every clone to one pool, whatever the namespace asked for, so the "earlier" one
would be the pool itself, and moving it would delete it.
"""

from __future__ import annotations

import io

from aegis.errors import InvalidInput
from aegis.models import Query
from aegis.namespace import Namespaces, earlier_namespaces

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aegis.service import MemoryService


COUNT_UP_TO = 100             # the session-start check reads at most this many (+1)


def waiting(service: MemoryService, cwd: str, override: str | None = None
            ) -> list[tuple[str, int]]:
    """(earlier namespace, live memories in it, counted up to ``COUNT_UP_TO`` + 1) for
    this directory, the non-empty ones: one bounded listing per namespace, cheap on
    both backends."""
    found = []
    if service.store.pinned_namespace():
        return found
    for name in earlier_namespaces(cwd, override):
        count = len(service.store.list(Query(namespaces=(name,), limit=COUNT_UP_TO + 1)))
        if count:
            found.append((name, count))
    return found


def adopt(service: MemoryService, namespace: str) -> int:
    """Move every memory of ``namespace`` into this service's project; the number moved."""
    import json

    from aegis.service import MemoryService, imported_id
    pinned = service.store.pinned_namespace()
    if pinned:
        raise InvalidInput(f"nothing to adopt: the token pins every clone to the pool "
                           f"{pinned!r}, which this project already reads")
    earlier = MemoryService(service.store, Namespaces(namespace, service.namespaces.user))
    out = io.StringIO()
    if not earlier.export(out, scope="project"):
        raise InvalidInput(f"no memories under {namespace}")
    lines = out.getvalue().splitlines()
    report = service.import_lines(lines)
    if report.errors:            # nothing is deleted unless every copy was made
        raise InvalidInput(f"{namespace}: {report.errors[0]}")
    project, copy_of = service.namespaces.project, imported_id(service.namespaces.project)
    moved = 0
    for line in lines:
        # An original goes only once its copy, a record of its own, is in the project.
        original = json.loads(line)["id"]
        copy = copy_of(original)
        if copy != original and service.store.get((project,), copy) is not None:
            moved += service.store.delete(namespace, original)
    return moved


def notice(found: list[tuple[str, int]]) -> str:
    """The one line that tells the user about memories left under earlier namespaces."""
    from aegis.invocation import command
    total = sum(count for _, count in found)
    where = ", ".join(name for name, _ in found)
    shown = f"over {COUNT_UP_TO}" if total > COUNT_UP_TO else str(total)
    return (f"Aegis: {shown} memor{'y' if total == 1 else 'ies'} of this project "
            f"{'was' if total == 1 else 'were'} saved before its git remote or repository "
            f"existed ({where}) and {'is' if total == 1 else 'are'} not recalled; "
            f"{command('adopt')} moves {'it' if total == 1 else 'them'} here.")
