"""The terminal front end: ``python3 runtime/aegis.pyz <command> …``.

Parse arguments, call the memory service, format the result. Every command has
``--help``; ``--json`` prints one stable JSON document on stdout; errors are one
line on stderr with a non-zero exit (1 for an operation that failed, 2 for
usage), never a traceback. Standard library only: this module is on the hook
path's import graph.
"""

from __future__ import annotations

import os
import sys

from aegis import __version__
from aegis.errors import AegisError, InvalidInput, NotFound
from aegis.humanize import counts, plural, session_label, value
from aegis.lazy_parser import lazy_parser_class, lazy_width_formatter

TYPE_CHECKING = False
if TYPE_CHECKING:         # json, pathlib and typing load only where used: every start pays
    import argparse       # (and argparse, with re, gettext and locale: see ARGUMENTLESS)
    from pathlib import Path
    from typing import Any, Callable, Sequence, TextIO

PROG = "aegis"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def parser_class() -> type:
    """``Parser``: argparse's, with one-line usage errors. Defined on first use, so a
    command parsed without argparse (``ARGUMENTLESS``) never imports it."""
    global _PARSER
    if _PARSER is None:
        import argparse
        help_formatter = lazy_width_formatter(argparse.HelpFormatter)

        class Parser(argparse.ArgumentParser):
            def __init__(self, *args, **kwargs):
                kwargs.setdefault("formatter_class", help_formatter)
                super().__init__(*args, **kwargs)

            def error(self, message: str) -> None:    # one line, exit 2, no usage dump
                raise UsageError(f"{message} (see `{self.prog} --help`)")

        _PARSER = Parser
    return _PARSER


_PARSER: type | None = None


# ---------------------------------------------------------------- output helpers

def emit_json(data: Any, out: TextIO) -> None:
    import json
    out.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def one_line(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_memory(memory: Any, score: float | None = None, text: bool = True) -> str:
    date = (memory.to_dict()["created_at"] or "")[:10]
    tags = f" [{', '.join(memory.tags)}]" if memory.tags else ""
    tier = " (user)" if memory.namespace.startswith("user:") else ""
    score_text = f" {score:.2f}" if score is not None else ""
    # history in `list --all` must not read like a memory in force (`get` has its own line)
    history = (f" (superseded by {memory.superseded_by})"
               if memory.superseded_by and text else "")
    shown = f"  {one_line(memory.text)}" if text else ""
    return f"{memory.id}  {date}{score_text}{tier}{tags}{history}{shown}"


def nothing_found(ctx: Context, what: str) -> str:
    """An empty result that says which project it was for and how to pick another —
    or, with a namespaced AegisDB token, the token's pool, which no ``-C`` changes."""
    pool = ctx.service.store.pinned_namespace()
    if pool:
        return (f"{what} in the token's pool {pool!r} (the AegisDB token pins every project "
                f"and your user tier to it)")
    from aegis.namespace import resolve_namespaces
    namespaces = resolve_namespaces(str(ctx.cwd), ctx.settings.namespace)
    every = "" if ctx.settings.backend == "aegisdb" else ", or `list --all-projects`"
    said = (f"{what} in {namespaces.project} (the project of {ctx.cwd}) or your user tier; "
            f"use -C DIR for another project{every}")
    return "\n".join([said, *earlier_memories(ctx)])


def earlier_memories(ctx: Context) -> list[str]:
    """The line saying this project's memories wait under a namespace it had before
    (``aegis adopt`` moves them), if any do."""
    from aegis.adopt import notice, waiting
    earlier = waiting(ctx.service, str(ctx.cwd), ctx.settings.namespace)
    return [notice(earlier).removeprefix("Aegis: ")] if earlier else []


def progress_printer(label: str, stream: TextIO) -> Callable[[int], None] | None:
    """A carriage-return progress line on a terminal; nothing when piped."""
    if not stream.isatty():
        return None

    def show(done: int) -> None:
        if done % 250 == 0:
            stream.write(f"\r{label} {done:,}…")
            stream.flush()
    return show


# ---------------------------------------------------------------- context

class Context:
    """What a command needs: settings, streams and a lazily opened service."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str], stdout: TextIO,
                 stderr: TextIO, stdin: TextIO):
        from aegis.config import load_config
        self.args, self.env = args, env
        self.stdout, self.stderr, self.stdin = stdout, stderr, stdin
        self._cwd = args.project or os.getcwd()
        self.settings = load_config(env=env, cwd=self._cwd)
        if getattr(args, "handler", None) not in (cmd_doctor, cmd_trust):   # they say it themselves
            for problem in self.settings.problems:
                stderr.write(f"{PROG}: warning: {problem}\n")
        self._service = None

    @property
    def cwd(self) -> Path:
        from pathlib import Path
        return Path(self._cwd)

    @property
    def service(self):
        if self._service is None:
            from aegis.service import MemoryService
            self._service = MemoryService.open(self.settings, self.cwd)
        return self._service

    def input(self, what: str) -> TextIO:
        """Stdin, to read ``what`` from: a closed one (``<&-``, where Python has no
        sys.stdin) is bad input, said in one line."""
        if self.stdin is None:
            raise InvalidInput(f"stdin is closed: there is no {what} to read")
        return self.stdin

    def interactive(self) -> bool:
        """Whether a question can be asked and answered: stdin and stderr are a terminal."""
        return self.stdin is not None and self.stdin.isatty() and self.stderr.isatty()

    def close(self) -> None:
        if self._service is not None:
            notice = getattr(self._service, "embedding_notice", None)
            if notice:
                self.stderr.write(f"{PROG}: warning: {notice}\n")
            self._service.close()

    def out(self, data: Any, human: str | Sequence[str]) -> None:
        if getattr(self.args, "json", False):
            emit_json(data, self.stdout)
        else:
            lines = [human] if isinstance(human, str) else list(human)
            if lines:
                self.stdout.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------- commands

PATH_ARGUMENTS = {"-C", "--project"}       # options whose value is a path, not text
PATH_COMMANDS = {"export", "import"}       # commands whose positional is a file


def refuse_undecodable(argv: Sequence[str]) -> None:
    """A text argument that is not UTF-8 (Python carries the bad bytes as surrogates, which
    nothing can store or print) is refused in one line; a path may be any bytes."""
    for index, arg in enumerate(argv):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            after_path_option = index and argv[index - 1] in PATH_ARGUMENTS
            if after_path_option or any(a in PATH_COMMANDS for a in argv[:index]):
                continue
            raise InvalidInput(f"command-line argument {index + 1} is not valid UTF-8 "
                               f"(re-encode it, e.g. with iconv -t UTF-8)") from None


def given(ctx: Context, text: str | None, name: str) -> str | None:
    """A text argument as given on the command line: a blank one is a usage error, as
    leaving it out is (text read from stdin is input, refused like any bad input)."""
    if text is not None and not text.strip():
        raise UsageError(f"{name} is empty (see `{PROG} {ctx.args.command} --help`)")
    return text


def read_text_argument(ctx: Context, parts: Sequence[str]) -> str:
    if list(parts) == ["-"]:
        from aegis.errors import TooLarge
        from aegis.service import MAX_TEXT_CHARS
        # Read no more than a text within the limit can take (UTF-8 spends at most 4 bytes
        # a character), so `remember - < /dev/zero` is refused at once, not read until
        # memory runs out. Reading the cap in full means over the limit, whatever follows.
        cap = 4 * (MAX_TEXT_CHARS + 1)
        stdin = ctx.input("text")
        data = stdin.buffer.read(cap) if hasattr(stdin, "buffer") else stdin.read(cap)
        if len(data) >= cap:
            raise TooLarge(f"text on stdin is over {MAX_TEXT_CHARS:,} characters "
                           f"(the limit)")
        if isinstance(data, bytes):
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput("text on stdin is not valid UTF-8") from None
        return data
    return given(ctx, " ".join(parts), "TEXT")


def redaction_notes(result: Any) -> list[str]:
    """What a save or update kept out of the store: secrets redacted, secret tags dropped."""
    return ([f"{plural(len(result.redacted), 'secret')} redacted"] if result.redacted else []
            ) + ([f"{plural(result.dropped_tags, 'secret tag')} dropped"]
                 if result.dropped_tags else [])


def cmd_remember(ctx: Context) -> int:
    a = ctx.args
    # The same path as memory_save and capture: a near-duplicate is strengthened, an update
    # ("from now on…") supersedes what it replaces.
    text = read_text_argument(ctx, a.text)
    try:
        result = ctx.service.remember(text, tags=a.tags, importance=a.importance, kind=a.kind,
                                      scope=a.scope)
    except AegisError as exc:
        from aegis.capture import explicit
        if not explicit.outage(ctx.settings, exc):
            raise
        queued = explicit.queue(ctx.settings, str(ctx.cwd), text, tags=a.tags,
                                importance=a.importance, kind=a.kind, scope=a.scope)
        # the documented fields all stay, with what is known before the server has it
        ctx.out({"id": None, "created": False, "merged": False, "superseded": [],
                 "redacted": list(queued.redacted), "dropped_secret_tags": queued.dropped_tags,
                 "memory": None, "spooled": True, "capture_id": queued.capture_id,
                 "target": queued.target, "reason": exc.message}, queued.message(exc))
        return EXIT_OK
    verb = ("saved" if result.created else "merged into" if result.merged
            else "already remembered as")
    notes = redaction_notes(result)
    note = f" ({', '.join(notes)})" if notes else ""
    if result.superseded:
        note += f"; supersedes {', '.join(result.superseded)}"
    ctx.out({"id": result.memory.id, "created": result.created, "merged": result.merged,
             "superseded": list(result.superseded), "redacted": list(result.redacted),
             "dropped_secret_tags": result.dropped_tags,
             "memory": result.memory.to_dict()},
            f"{verb} {result.memory.id}{note}")
    return EXIT_OK


def cmd_search(ctx: Context) -> int:
    a = ctx.args
    query = given(ctx, " ".join(a.query), "QUERY")
    filters = dict(top_k=a.top_k, tags=a.tags, match=a.match, since=a.since, until=a.until,
                   scope=a.scope)
    hits = ctx.service.search(query, **filters)
    # nothing in force: say so if history matches, or it reads as never said
    history = [] if hits else [hit.memory for hit in ctx.service.search(
        query, include_superseded=True, **filters) if hit.memory.superseded_by]
    lines = [format_memory(h.memory, h.score) for h in hits] or [
        nothing_found(ctx, "no memory matches")]
    if history:
        lines.append("only superseded memories match (history, never recalled): "
                     + ", ".join(f"{m.id} (superseded by {m.superseded_by})" for m in history)
                     + f"; `{PROG} get ID` shows one with its history")
    ctx.out({"query": query, "results": [hit.to_dict() for hit in hits],
             "superseded_matches": [m.id for m in history]}, lines)
    return EXIT_OK


def cmd_get(ctx: Context) -> int:
    service = ctx.service
    memory = service.get(ctx.args.id)
    history, relations = service.history(memory.id), service.relations(memory.id)
    lines = [format_memory(memory, text=False), "", memory.text, "",
             f"kind {memory.kind}  importance {memory.importance:g}  "
             f"confidence {memory.confidence:g}  version {memory.version}  "
             f"recalled {memory.recall_count}×"]
    if memory.superseded_by:
        lines.append(f"superseded by {memory.superseded_by}")
    earlier = [v for v in history if v.version != memory.version]
    if earlier:
        lines += ["", "earlier versions:"]
    lines += [f"  v{v.version}  {v.to_dict()['changed_at']}  {one_line(v.text, 80)}"
              for v in earlier]
    if relations:
        lines += ["", "relations:"]
    lines += [f"  {r.source_id} --{r.kind}--> {r.target_id}" for r in relations]
    ctx.out({"memory": memory.to_dict(), "history": [v.to_dict() for v in history],
             "relations": [r.to_dict() for r in relations]}, lines)
    return EXIT_OK


def cmd_update(ctx: Context) -> int:
    a = ctx.args
    text = given(ctx, a.text, "--text")
    result = ctx.service.amend(a.id, text=text, tags=a.tags, importance=a.importance,
                               confidence=a.confidence, kind=a.kind)
    memory = result.memory
    note = "".join(", " + n for n in redaction_notes(result))
    ctx.out({"id": memory.id, "version": memory.version, "changed": result.changed,
             "redacted": list(result.redacted), "dropped_secret_tags": result.dropped_tags,
             "memory": memory.to_dict()},
            f"updated {memory.id} (now version {memory.version}{note})" if result.changed else
            f"nothing changed: {memory.id} already says that (still version "
            f"{memory.version}{note})")
    return EXIT_OK


def cmd_relate(ctx: Context) -> int:
    a = ctx.args
    relation = ctx.service.relate(a.source, a.target, a.kind)
    ctx.out(relation.to_dict(), f"{relation.source_id} --{relation.kind}--> {relation.target_id}")
    return EXIT_OK


def cmd_forget(ctx: Context) -> int:
    a = ctx.args
    service = ctx.service
    if (a.id is None) == (a.query is None):
        raise UsageError("give either an ID or --query TEXT")
    if a.id is not None:
        memory = service.forget(a.id)
        ctx.out({"forgotten": [memory.id]}, f"forgot {memory.id}")
        return EXIT_OK
    from aegis.service import MAX_TOP_K
    matches = [hit.memory for hit in service.search(a.query, top_k=MAX_TOP_K)]
    candidates = matches[:a.limit]
    if not candidates:
        raise NotFound(f"no memory matches {one_line(a.query, 40)!r}")
    more = len(matches) - len(candidates)
    more_note = (f"{more}{' or more' if len(matches) == MAX_TOP_K else ''} more "
                 f"{'match' if more == 1 else 'matches'} {one_line(a.query, 40)!r}; raise --limit "
                 f"(now {a.limit}) to include {'it' if more == 1 else 'them'}"
                 if more else None)
    if not a.yes:
        if not ctx.interactive():
            listing = "; ".join(m.id for m in candidates)
            one = len(candidates) == 1
            raise UsageError(f"{plural(len(candidates), 'memory')} match{'es' if one else ''} "
                             f"({listing}); re-run with --yes to delete "
                             f"{'it' if one else 'them'}, or forget one ID")
        for memory in candidates:
            ctx.stderr.write(format_memory(memory) + "\n")
        if more_note:
            ctx.stderr.write(f"({more_note})\n")
        ctx.stderr.write(f"Delete {'this' if len(candidates) == 1 else 'these'} "
                         f"{plural(len(candidates), 'memory')}? [y/N] ")
        ctx.stderr.flush()
        if ctx.stdin.readline().strip().lower() not in ("y", "yes"):
            ctx.stderr.write("nothing deleted\n")
            return EXIT_FAILED
    forgotten = [service.forget(m.id).id for m in candidates]
    ctx.out({"forgotten": forgotten, "more_matches": more},
            [f"forgot {memory_id}" for memory_id in forgotten] + ([more_note] if more_note else []))
    return EXIT_OK


def cmd_list(ctx: Context) -> int:
    a = ctx.args
    if a.all_projects:
        return _list_all_projects(ctx)

    def page(limit: int, offset: int):
        return ctx.service.list(limit=limit, offset=offset, tags=a.tags, match=a.match,
                                since=a.since, until=a.until, scope=a.scope,
                                include_superseded=a.all)
    memories = page(a.limit, a.offset)
    # One more row, looked up only when the page is full or empty, says whether the list
    # goes on (a page ending exactly at the last memory looks the same as one cut short).
    more = len(memories) == a.limit and bool(page(1, a.offset + a.limit))
    lines = [format_memory(m) for m in memories]
    if more:
        lines.append(f"… more after these {len(memories)}: --offset {a.offset + a.limit} "
                     f"for the next page, or --limit N")
    if not memories:
        filters = [flag for flag, on in (("--tags", a.tags), ("--since", a.since),
                                         ("--until", a.until)) if on]
        if a.offset and page(1, 0):
            lines = [f"no memories at offset {a.offset} (the list is shorter); try a smaller "
                     f"--offset"]
        elif filters and ctx.service.list(limit=1, scope=a.scope, include_superseded=a.all):
            lines = [f"no memories match {' and '.join(filters)} (there are memories without "
                     f"{'them' if len(filters) > 1 else 'it'})"]
        else:
            lines = [nothing_found(ctx, "no memories yet")]
    elif a.offset == 0 and a.scope != "user" and not any(
            m.namespace == ctx.service.namespaces.project for m in memories) and not (
            ctx.service.list(limit=1, scope="project")):
        lines += earlier_memories(ctx)        # user-tier memories alone: the project's wait
    ctx.out({"memories": [m.to_dict() for m in memories], "more": more}, lines)
    return EXIT_OK


def _list_all_projects(ctx: Context) -> int:
    """Every namespace in the store with its count and newest memories."""
    a = ctx.args
    if ctx.settings.backend == "aegisdb":
        raise InvalidInput("list --all-projects is not supported on AegisDB (its protocol "
                           "cannot enumerate namespaces); use -C DIR and `list` per project")
    service = ctx.service
    groups = service.list_all_namespaces(limit=a.limit, include_superseded=a.all)
    data = {"namespaces": [{"namespace": ns, "memories": total,
                            "newest": [m.to_dict() for m in shown]}
                           for ns, total, shown in groups]}
    lines: list[str] = []
    for namespace, total, shown in groups:
        lines += ["" if lines else None, f"{namespace}  ({plural(total, 'memory')})"]
        lines += [f"  {format_memory(m)}" for m in shown]
        if total > len(shown):
            lines.append(f"  … {total - len(shown)} more (-C DIR and `list` for one project)")
    ctx.out(data, [line for line in lines if line is not None]
            or [f"no memories in the {service.store.name} store at {ctx.settings.data_dir}"])
    return EXIT_OK


def cmd_export(ctx: Context) -> int:
    a = ctx.args
    if a.file in (None, "-"):
        count = ctx.service.export(ctx.stdout, scope=a.scope)
    else:
        from pathlib import Path

        from aegis.paths import open_private
        path = Path(a.file)
        service = ctx.service                     # open the store before touching the file
        try:
            out = open_private(path, "w", private_parent=False)
        except OSError as exc:
            raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
        try:
            with out:                             # a full disk surfaces on write or close
                count = service.export(out, scope=a.scope)
        except OSError as exc:
            raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
        ctx.stderr.write(f"exported {plural(count, 'memory')} to {path}\n")
    return EXIT_OK


def cmd_import(ctx: Context) -> int:
    from aegis.service import MAX_IMPORT_LINE_CHARS
    path = ctx.args.file
    stream = _import_stream(ctx, path)
    try:
        with stream:
            report = ctx.service.import_lines(
                _bounded_lines(stream, MAX_IMPORT_LINE_CHARS),
                progress_printer("importing", ctx.stderr))
    finally:
        if ctx.stderr.isatty():
            ctx.stderr.write("\r")
    if report.errors and not (report.added or report.skipped):   # a failure, not a report
        raise InvalidInput(f"{path}: no valid records ({plural(len(report.errors), 'bad line')}; "
                           f"{one_line(report.errors[0], 120)})")
    data = {"added": report.added, "skipped": report.skipped, "relations": report.relations,
            "relations_present": report.relations_present, "embedded": report.embedded,
            "errors": list(report.errors)}
    # A script must be able to tell: any record not imported (the valid ones still are)
    # is exit 1, as in `migrate`; memories imported without vectors are not (`reindex`).
    lost = report.errors[:report.lost]      # any error after those lost no record
    more = len(report.errors) - 20
    ctx.out(data, [_import_summary(report)
                   + (f"; {plural(len(lost), 'record')} not imported:" if lost else "")]
            + [f"  {e}" for e in report.errors[:20]]
            + ([f"  … and {more} more (--json lists them all)"] if more > 0 else []))
    if not lost:
        return EXIT_OK
    first = one_line(lost[0], 80) + ("; …" if len(lost) > 1 else "")
    ctx.stderr.write(f"{PROG}: error: {plural(len(lost), 'record')} of {path} not imported "
                     f"({first}); the rest were imported\n")
    return EXIT_FAILED


def _import_summary(report: Any) -> str:
    """What an import added and what the store already had: ``imported 2 memories and
    1 relation (5 memories already there)``, or ``nothing new imported: 7 memories and
    1 relation were already there``."""
    def listed(memories: int, relations: int) -> str:
        return " and ".join(plural(n, what) for n, what in ((memories, "memory"),
                                                            (relations, "relation")) if n)
    added = listed(report.added, report.relations)
    present = listed(report.skipped, report.relations_present)
    if not added:
        were = "was" if report.skipped + report.relations_present == 1 else "were"
        return "nothing new imported" + (f": {present} {were} already there" if present else "")
    return f"imported {added}" + (f" ({present} already there)" if present else "")


def _import_stream(ctx: Context, path: str) -> TextIO:
    """The export to read: a regular file, a pipe (`import -`, `import <(gunzip -c F)`)
    or a terminal. A device such as /dev/zero is refused: it never ends, and it has
    no lines to stop at."""
    import stat
    try:
        stream = (ctx.input("export") if path == "-"
                  else open(path, encoding="utf-8", errors="strict"))
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from None
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (AttributeError, OSError, ValueError):     # an in-memory stream (tests, demo)
        return stream
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or stream.isatty():
        return stream
    if path != "-":
        stream.close()
    raise InvalidInput(f"cannot read {'stdin' if path == '-' else path}: "
                       f"not a file or a pipe (a JSONL export is)")


def _bounded_lines(stream: TextIO, limit: int):
    """The stream's lines, each read with at most ``limit`` + 1 characters: a line over
    the limit is passed on cut there, and ``import_lines`` reports it and reads no
    further, since the rest of such a line may never end (`cat /dev/zero | aegis import -`)."""
    try:
        yield from iter(lambda: stream.readline(limit + 1), "")
    except UnicodeDecodeError:
        raise InvalidInput("the import file is not UTF-8 JSONL") from None


def cmd_stats(ctx: Context) -> int:
    from aegis.capture.activity import activity_summary as capture_activity
    from aegis.errors import Unavailable
    from aegis.recall.activity import activity_summary as recall_activity
    try:
        stats = ctx.service.stats()
    except Unavailable as exc:
        # what this machine knows (the spool above all) is worth showing without the store
        stats = {"backend": ctx.settings.backend, "store_error": exc.message}
    stats["recall"] = recall_activity(ctx.settings.data_dir)
    stats["capture"] = capture_activity(ctx.settings.data_dir)
    stats["capture"]["waiting"] = _spool_waiting(ctx.settings)
    if "store_error" in stats:
        ctx.out(stats, [f"backend: {stats['backend']}", *format_activity(stats)])
        ctx.stderr.write(f"{PROG}: error: {_redacted(stats['store_error'])}; "
                         "only local capture and recall activity shown\n")
        return EXIT_FAILED
    ctx.out(stats, format_stats(stats))
    return EXIT_OK


def format_stats(stats: dict[str, Any], sessions_shown: int = 10) -> list[str]:
    pool = stats.get("token_pool")
    lines = [f"backend: {stats['backend']}",
             f"project: {stats['project_namespace']} "
             f"({plural(stats['project_memories'], 'memory')})"
             + (f" — read from and saved to the token's pool {pool!r}, as every project "
                "using this token is" if pool else ""),
             f"user tier: {stats['user_namespace']} ({plural(stats['user_memories'], 'memory')})",
             f"kinds: {counts(stats['by_kind'])}",
             f"superseded: {stats['superseded']}, earlier versions: {stats['versions']}, "
             f"relations: {stats['relations']}",
             f"oldest: {value(stats['oldest'])}, newest: {value(stats['newest'])}"]
    shown = {"backend", "project_namespace", "token_pool", "user_namespace", "memories",
             "project_memories",
             "user_memories", "by_kind", "superseded", "versions", "relations", "oldest",
             "newest", "recall", "capture"}
    lines += [f"{key.replace('_', ' ')}: {value(item)}" for key, item in stats.items()
              if key not in shown]
    return lines + format_activity(stats, sessions_shown)


def format_activity(stats: dict[str, Any], sessions_shown: int = 10) -> list[str]:
    """The part of ``stats`` this machine knows without the store: recall and capture."""
    lines: list[str] = []
    recall, capture = stats["recall"], stats["capture"]
    totals = recall["totals"]
    timing = (f", p50 {value(totals['p50_ms'])} ms, p95 {value(totals['p95_ms'])} ms"
              if totals["p50_ms"] is not None else "")
    lines += ["", "activity on this machine, all projects:",
              f"recall: {plural(totals['prompts'], 'prompt')} in "
                  f"{plural(totals['sessions'], 'session')}, "
                  f"{plural(totals['injections'], 'injection')} + "
                  f"{plural(totals['briefings'], 'briefing')}, "
                  f"{totals['tokens']} estimated tokens "
                  f"(avg {value(totals['avg_tokens_per_injection'])}){timing}, "
                  f"{totals['relayed']} run by the memory server"]
    lines += _recent_sessions(recall["sessions"], (("prompts", "prompt"), ("memories", "memory"),
                                                   ("tokens", "token")), sessions_shown,
                              "recall")
    done = capture["totals"]
    lines += ["", "capture: " + ", ".join(f"{done[k]} {k}" for k in done) +
              f"; spool: {plural(capture['spool_pending'], 'memory')} awaiting replay, "
              f"{plural(capture['jobs_pending'], 'job')} queued, "
              f"{capture['jobs_quarantined']} quarantined"]
    from aegis.capture.spool import describe_waiting
    lines += [f"  {line}" for line in describe_waiting(capture.get("waiting", {}))]
    lines += _recent_sessions(capture["sessions"], (("added", "added"),
                                                    ("strengthened", "strengthened"),
                                                    ("superseded", "superseded")), sessions_shown,
                              "capture")
    return lines


def _spool_waiting(settings) -> dict[str, int]:
    from aegis.capture import spool
    from aegis.capture.layout import CaptureFiles
    return spool.waiting(CaptureFiles.in_data_dir(settings.data_dir))


def _recent_sessions(sessions: dict[str, dict], columns: Sequence[tuple[str, str]],
                     shown: int, log: str) -> list[str]:
    """One line per session, most recent last: the given counters and the last activity.
    A column is ``(key, its word for a count of 1)``: "1 prompt", "2 prompts"."""
    recent = sorted(sessions.items(), key=lambda item: item[1]["last"] or "")[-shown:]

    def cell(count: int, key: str, one: str) -> str:
        return f"{count:5} {(one if count == 1 else key):{len(key)}}"
    return [f"  {session_label(session, log)[:36]:36}  " + "  ".join(cell(data[key], key, one)
                                                 for key, one in columns).rstrip() +
            f"  last {data['last']}" for session, data in recent]


def cmd_reindex(ctx: Context) -> int:
    service = ctx.service
    before = service.embedding_status()
    total = before.get("missing") or 0

    def show_progress(done: int) -> None:
        ctx.stderr.write(f"\rembedding {done:,}/{total:,}…")
        ctx.stderr.flush()
    progress = show_progress if ctx.stderr.isatty() else None
    try:
        count = service.reindex(progress=progress)
    finally:
        if progress:
            ctx.stderr.write("\r")
    after = service.embedding_status()
    ctx.out({"embedded": count, "model": after["model"], "dimensions": after["dimensions"],
             "replaced_other_models": before.get("other_models", 0)},
            f"embedded {plural(count, 'memory')} with {after['model']} ({after['dimensions']} dimensions)")
    return EXIT_OK


def cmd_migrate(ctx: Context) -> int:
    from aegis.migrate import run_migration
    a = ctx.args
    progress = progress_printer("migrating", ctx.stderr)
    try:
        report = run_migration(ctx.settings, ctx.cwd, a.source, a.target, scope=a.scope,
                               progress=progress)
    finally:
        if progress:
            ctx.stderr.write("\r")
    ctx.out(report.to_dict(), [report.summary()] + [f"  {e}" for e in report.errors[:20]])
    return EXIT_FAILED if report.errors else EXIT_OK


def cmd_backfill(ctx: Context) -> int:
    from aegis.backfill.run import run
    from aegis.backfill.summary import progress_line, report_lines
    a = ctx.args
    progress = progress_line(ctx.stderr) if ctx.stdout.isatty() else None
    try:
        report = run(ctx.settings, ctx.env, str(ctx.cwd), all_projects=a.all_projects,
                     since=a.since, dry_run=a.dry_run,
                     progress=progress)
    finally:
        if progress:
            ctx.stderr.write("\r\x1b[K")
    ctx.out(report.to_dict(), report_lines(report))
    return EXIT_FAILED if report.stopped else EXIT_OK


def cmd_scrub(ctx: Context) -> int:
    from aegis.scrub import run, summary
    report = run(ctx.settings, ctx.service, dry_run=ctx.args.dry_run)
    ctx.out(report, summary(report))
    return EXIT_OK


def cmd_spool(ctx: Context) -> int:
    """The captures waiting for a store; ``--send-here`` gives those waiting for a store
    no longer configured to the one their project is configured for now."""
    if ctx.args.send_here:
        from aegis.capture.send_here import send_here
        sent = send_here(ctx.settings.data_dir, ctx.env)
        ctx.out(sent.to_dict(), sent.summary())
        return EXIT_OK
    from aegis.capture.spool import describe_waiting, elsewhere_note
    from aegis.store import target
    waiting = _spool_waiting(ctx.settings)
    here = target(ctx.settings)
    note = elsewhere_note(waiting, here)
    lines = (describe_waiting(waiting) or ["no memories waiting"]) + ([note] if note else [])
    ctx.out({"waiting": waiting, "configured": here}, lines)
    return EXIT_OK


def cmd_doctor(ctx: Context) -> int:
    from aegis.doctor import run_checks
    checks = run_checks(ctx.settings, ctx.cwd)
    ok = all(check.ok for check in checks)
    width = max(len(c.name) for c in checks) + 1         # a table: status, name, detail
    ctx.out({"ok": ok, "checks": [c.to_dict() for c in checks]},
            [f"{'ok' if c.ok else 'FAIL':4}  {c.name + ':':{width}}  {c.detail}" for c in checks])
    return EXIT_OK if ok else EXIT_FAILED


def cmd_adopt(ctx: Context) -> int:
    from aegis import adopt
    from aegis.namespace import USER_PREFIX
    service = ctx.service
    project = service.namespaces.project
    if ctx.args.namespace:
        found = [(ctx.args.namespace, None)]
    else:
        found = adopt.waiting(service, str(ctx.cwd), ctx.settings.namespace)
    if not found:
        ctx.out({"moved": {}, "project_namespace": project},
                [f"nothing to adopt: no memories of {ctx.cwd} under an earlier namespace"])
        return EXIT_OK
    moved = {}
    for namespace, _ in found:
        if namespace == project or namespace.startswith(USER_PREFIX):
            raise UsageError(f"{namespace} is this project's own or a user tier")
        moved[namespace] = adopt.adopt(service, namespace)
    ctx.out({"moved": moved, "project_namespace": project},
            [f"moved {plural(count, 'memory')} from {name} into {project}"
             for name, count in moved.items()])
    return EXIT_OK


def cmd_trust(ctx: Context) -> int:
    """Accept (or, with --revoke, stop accepting) the server this project's file names."""
    from aegis import trust
    from aegis.config import find_project_config
    from aegis.paths import default_data_dir
    settings, data_dir = ctx.settings, default_data_dir(ctx.env)
    if ctx.args.revoke:
        config_file = settings.config_file or find_project_config(str(ctx.cwd))
        revoked = config_file is not None and trust.revoke(data_dir, config_file)
        ctx.out({"revoked": revoked, "config_file": config_file},
                [f"{config_file} is no longer trusted" if revoked
                 else "nothing to revoke: this project's file was not trusted"])
        return EXIT_OK
    named = {"server": settings.project_server, "namespace": settings.foreign_namespace}
    named = {what: named_value for what, named_value in named.items() if named_value}
    if not named:
        raise UsageError("nothing to trust: this project has no .aegis.json that names a "
                         "remote memory server or another project's namespace")
    for what, named_value in named.items():
        trust.trust(data_dir, settings.config_file, named_value, what)
    lines = []
    if "server" in named:
        lines += [f"trusted: {settings.config_file} may send this project's memory to "
                  f"{named['server']}", "your token (if set) goes there too"]
    if "namespace" in named:
        lines.append(f"trusted: {settings.config_file} may read and write the memory "
                     f"namespace {named['namespace']}")
    lines[-1] += "; `trust --revoke` undoes this"
    ctx.out({"trusted": named.get("server"), "namespace": named.get("namespace"),
             "config_file": settings.config_file}, lines)
    return EXIT_OK


def cmd_purge(ctx: Context) -> int:
    from aegis import purge
    found = purge.targets(ctx.settings, ctx.env, str(ctx.cwd))
    after = ("Claude Code keeps its own copy of the plugin: `claude plugin uninstall aegis@aegis` "
             "removes it.")
    if ctx.settings.backend == "aegisdb":
        after += f" Memories on the AegisDB server {ctx.settings.host} are not touched."
    if not found:
        ctx.out({"removed": [], "failed": []}, ["nothing to purge: no Aegis data on this "
                                                 "machine", after])
        return EXIT_OK
    kept = [f"{t.path} also holds {plural(len(t.foreign), 'entry', 'entries')} Aegis did not "
            f"write, which stay{'s' if len(t.foreign) == 1 else ''}: {_names(t.foreign)}"
            for t in found if t.foreign]
    viewers = purge.viewers(found)
    viewer = "memory viewers" if len(viewers) > 1 else "memory viewer"
    stopping = (f"the {viewer} running on it ({_pids(viewers)}) "
                f"{'are' if len(viewers) > 1 else 'is'} stopped first" if viewers else "")
    if not ctx.args.yes:
        if not ctx.interactive():
            raise UsageError(f"purge deletes Aegis's data in {', '.join(t.path for t in found)},"
                             f" every memory included{''.join('; ' + k for k in kept)}"
                             f"{'; ' + stopping if stopping else ''}; re-run with --yes to "
                             f"confirm")
        for target in found:
            ctx.stderr.write(f"  {target.path}  {target.what}, {_megabytes(target.bytes)}\n")
        for line in kept + ([stopping] if stopping else []):
            ctx.stderr.write(f"  ({line})\n")
        ctx.stderr.write("Delete these, including every memory stored here? [y/N] ")
        ctx.stderr.flush()
        if ctx.stdin.readline().strip().lower() not in ("y", "yes"):
            ctx.stderr.write("nothing deleted\n")
            return EXIT_FAILED
    from aegis.ui.running import stop
    still = stop(viewers)
    if still:
        raise InvalidInput(f"the {viewer} ({_pids(still)}) did not stop, and would create "
                           f"the data dir again; nothing deleted — stop it (kill "
                           f"{' '.join(map(str, still))}) and run purge again")
    sessions = purge.sessions(found)
    removed, failed = [], []
    for target in found:
        problem = purge.remove(target)
        (failed if problem else removed).append({"path": target.path, "bytes": target.bytes,
                                                 "kept": list(target.foreign),
                                                 **({"error": problem} if problem else {})})
    lines = [f"stopped the {viewer} ({_pids(viewers)})"] if viewers else []
    lines += [f"removed {'Aegis data from ' if r['kept'] else ''}{r['path']} "
              f"({_megabytes(r['bytes'])})" for r in removed]
    lines += [f"kept: {line}" for line in kept]
    lines += [f"could not remove all of {f['path']}: {f['error']}" for f in failed]
    if sessions:
        one = len(sessions) == 1
        lines.append(f"{plural(len(sessions), 'Claude Code session')} running with Aegis "
                     f"({_pids(sessions, 'Claude Code')}) may write a new, empty store; quit "
                     f"{'it' if one else 'them'} for a clean slate")
    ctx.out({"removed": removed, "failed": failed, "stopped_viewers": viewers,
             "running_sessions": sessions}, lines + [after])
    return EXIT_FAILED if failed else EXIT_OK


def _pids(pids: Sequence[int], what: str = "") -> str:
    label = f"{what} pid" if what else "pid"
    return f"{label}{'s' if len(pids) > 1 else ''} {', '.join(map(str, pids))}"


def _names(names, shown: int = 5) -> str:
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} more" if more > 0 else "")


def _megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else plural(count // 1000, "kB",
                                                                          "kB")


def cmd_version(ctx: Context) -> int:
    python = sys.version.split()[0]     # what platform.python_version() says, minus its import
    ctx.out({"version": __version__, "python": python,
             "platform": sys.platform}, f"aegis {__version__} (Python {python})")
    return EXIT_OK


def cmd_demo(ctx: Context) -> int:
    from aegis.demo import run_demo
    return run_demo(ctx.stdout)


def cmd_serve(ctx: Context) -> int:
    return _delegate("aegis.server", "the MCP server", lambda m: m.main(ctx.settings, ctx.cwd))


def cmd_ui(ctx: Context) -> int:
    import aegis.ui as viewer
    a = ctx.args
    if a.detach:
        from aegis.paths import default_data_dir
        from aegis.ui.session import ask_session_server
        told = ask_session_server(default_data_dir(ctx.env), str(ctx.cwd), ctx.env, a.port)
        if told is None:
            return viewer.detach(str(ctx.cwd), ctx.stdout, open_browser=a.open, port=a.port)
        if told.startswith(viewer.DETACHED_ERROR):
            ctx.stderr.write(told)
            return EXIT_FAILED
        ctx.stdout.write(told)
        if a.open:
            viewer.open_url(told)
        return EXIT_OK
    return viewer.serve(ctx.settings, str(ctx.cwd), ctx.stdout, port=a.port, open_browser=a.open,
                        idle_minutes=a.idle_minutes, detached_child=a.detached_child)


def cmd_hook(ctx: Context) -> int:
    from aegis.hooks import main as hook_main
    return hook_main(ctx.args.event, env=ctx.env)


def _delegate(module_name: str, what: str, call: Callable[[Any], int]) -> int:
    import importlib
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise AegisError(f"{what} is not available in this build yet") from None
        raise AegisError(f"{what} cannot start: missing dependency {exc.name!r}") from None
    return call(module)


# ---------------------------------------------------------------- the parser

def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tags", help="comma-separated tags to filter by")
    p.add_argument("--match", choices=("any", "all"), default="any",
                   help="whether a memory needs any or all of --tags (default any)")
    p.add_argument("--since", type=checked("time_bound", "--since"),
                   help="only memories created at/after this ISO date or time")
    p.add_argument("--until", type=checked("time_bound", "--until"),
                   help="only memories created at/before this ISO date or time")
    p.add_argument("--scope", choices=("all", "project", "user"), default="all",
                   help="project memories, user preferences, or both (default)")


def checked(rule: str, flag: str, number: Callable[[str], Any] | None = None):
    """An argparse ``type`` applying the service's own rule ``aegis.service.<rule>``
    (each rule is stated once, there), so a bad value is a usage error at parse time
    naming ``flag``. ``number`` converts the text first; text it cannot convert goes
    to the rule as it is, which refuses it with the rule's own message."""
    def convert(text: str) -> Any:
        import argparse

        from aegis import service
        value = text
        if number is not None:
            try:
                value = number(text)
            except ValueError:
                pass
        try:
            return getattr(service, rule)(value, flag)
        except InvalidInput as exc:     # argparse prefixes "argument FLAG: "
            message = exc.message
            raise argparse.ArgumentTypeError(
                message[len(flag) + 1:] if message.startswith(flag + " ") else message) from None
    convert.__name__ = rule
    return convert


def port_number(text: str) -> int:
    """``ui --port``: 0 (a free one) or 1–65535, else a usage error naming the range."""
    import argparse
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number 1-65535, got {text!r}")
    return number


def not_a_file(text: str) -> str:
    """The global ``-C DIR`` may not name a file (see ``check_project`` for a missing DIR)."""
    if os.path.exists(text) and not os.path.isdir(text):
        import argparse
        raise argparse.ArgumentTypeError(f"{text} is not a directory")
    return text


def check_project(ctx: Context) -> None:
    """A ``-C DIR`` that does not exist is a usage error, or every command would quietly
    act for a ``dir:`` namespace nobody will find again — unless memories are already
    stored for it (a deleted project's, say, from backfill), which stay readable.
    ``backfill`` takes a deleted project's old path on purpose."""
    project = ctx.args.project
    if project is None or os.path.isdir(project) or ctx.args.handler is cmd_backfill:
        return
    if not ctx.service.stats()["project_memories"]:
        raise UsageError(f"argument -C/--project: no directory {project}, and no memories "
                         f"stored for it (see `{PROG} --help`)")


def build_parser() -> argparse.ArgumentParser:
    import argparse
    Parser = parser_class()
    parser = Parser(prog=PROG, description="Persistent memory for Claude Code.")
    project_option = dict(metavar="DIR", type=not_a_file,
                          help="act for the project in DIR (default: the current directory)")
    parser.add_argument("-C", "--project", **project_option)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    # Each command's parser is built only if that command is run (aegis.lazy_parser).
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                parser_class=lazy_parser_class(Parser))

    def command(name: str, handler: Callable[[Context], int], help: str,
                aliases: Sequence[str] = (), json_flag: bool = True,
                usage: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, aliases=list(aliases),
                           usage=usage)
        p.set_defaults(handler=handler)
        if name != "backfill":          # (its own -C/--project takes a deleted project's DIR)
            # -C also after the command; absent there, it leaves the global one as it is
            p.add_argument("-C", "--project", default=argparse.SUPPRESS, **project_option)
        if json_flag:
            p.add_argument("--json", action="store_true", help="machine-readable output")
        return p

    p = command("remember", cmd_remember, "save a memory (TEXT, or - to read stdin)")
    p.add_argument("text", nargs="+", metavar="TEXT")
    p.add_argument("--tags", help="comma-separated tags")
    p.add_argument("--importance", type=checked("unit_interval", "--importance"), default=0.5,
                   help="0..1 (default 0.5)")
    p.add_argument("--kind", choices=("fact", "event"), default="fact")
    p.add_argument("--scope", choices=("project", "user"), default="project",
                   help="project memory (default) or a cross-project user preference")
    p.add_argument("--user", dest="scope", action="store_const", const="user",
                   help="the same as --scope user (as in /remember --user)")

    p = command("search", cmd_search, "find memories relevant to QUERY", aliases=("recall",),
                usage="%(prog)s [options] QUERY [QUERY ...]")
    # nargs="*" plus parse_known_args: a query may itself look like a flag
    # (`aegis search --tenant-max-records`); unknown dashed words join the query. Its
    # generated usage would show QUERY as optional, which it is not.
    p.add_argument("query", nargs="*", metavar="QUERY")
    p.add_argument("--top-k", type=checked("top_k_count", "--top-k", int), default=10,
                   help="how many results (default 10)")
    _add_filters(p)

    p = command("get", cmd_get, "show one memory with its history and relations")
    p.add_argument("id")

    p = command("update", cmd_update, "change a memory; the previous version is kept")
    p.add_argument("id")
    p.add_argument("--text")
    p.add_argument("--tags")
    p.add_argument("--importance", type=checked("unit_interval", "--importance"))
    p.add_argument("--confidence", type=checked("unit_interval", "--confidence"))
    p.add_argument("--kind", choices=("fact", "event"))

    p = command("relate", cmd_relate, "link two memories")
    p.add_argument("source")
    p.add_argument("target")
    p.add_argument("--kind", default="relates_to", type=checked("relation_kind", "--kind"),
                   help="relates_to, supersedes, caused_by, depends_on, contradicts, part_of, "
                        "example_of")

    p = command("forget", cmd_forget, "delete a memory by ID, or the matches of --query")
    p.add_argument("id", nargs="?")
    p.add_argument("--query", help="delete the memories matching this search (asks first)")
    p.add_argument("--limit", type=checked("top_k_count", "--limit", int), default=5,
                   help="most matches --query deletes (5)")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    p = command("list", cmd_list, "list memories, newest first")
    p.add_argument("--limit", type=checked("list_limit", "--limit", int), default=20,
                   help="memories per page (default 20)")
    p.add_argument("--offset", type=checked("list_offset", "--offset", int), default=0,
                   help="skip this many first (default 0)")
    p.add_argument("--all", action="store_true", help="include superseded memories")
    p.add_argument("--all-projects", action="store_true",
                   help="every project (namespace) in the store, with its newest memories")
    _add_filters(p)

    p = command("export", cmd_export, "write memories as JSONL to FILE (default stdout)",
                json_flag=False)
    p.add_argument("file", nargs="?")
    p.add_argument("--scope", choices=("all", "project", "user"), default="all")

    p = command("import", cmd_import, "read memories from a JSONL export (- for stdin)")
    p.add_argument("file")

    p = command("adopt", cmd_adopt, "move this project's memories saved before it got its "
                "git remote or repository into its namespace now")
    p.add_argument("namespace", nargs="?",
                   help="the earlier namespace to move from (default: every one of this "
                        "directory that holds memories)")

    p = command("trust", cmd_trust, "let this project's .aegis.json point memory at the "
                "AegisDB server it names (needed once per project and server)")
    p.add_argument("--revoke", action="store_true", help="stop trusting it")

    command("stats", cmd_stats, "counts for this project and what recall/capture cost")
    command("reindex", cmd_reindex, "embed memories that lack a vector from the current "
            "embedding model (after a model switch or turning embeddings on)")
    p = command("migrate", cmd_migrate, "copy this project's memories between backends "
                "(idempotent: running it twice adds nothing)")
    from aegis.store import BACKENDS
    p.add_argument("--from", dest="source", choices=tuple(BACKENDS), required=True)
    p.add_argument("--to", dest="target", choices=tuple(BACKENDS), required=True)
    p.add_argument("--scope", choices=("all", "project", "user"), default="all",
                   help="project memories, user preferences, or both (default)")
    p = command("backfill", cmd_backfill, "capture from the Claude Code sessions already on "
                "disk, oldest first (idempotent: shares its progress with live capture)")
    p.add_argument("--dry-run", action="store_true",
                   help="show per project what would be stored; store nothing")
    p.add_argument("--since", type=checked("time_bound", "--since"),
                   help="only sessions started at/after this ISO date or time")
    which = p.add_mutually_exclusive_group()
    which.add_argument("-C", "--project", metavar="DIR", default=argparse.SUPPRESS,
                       help="the project in DIR (same as -C DIR; default: this directory)")
    which.add_argument("--all-projects", action="store_true",
                       help="every project that has transcripts, each into its own memory")
    p = command("scrub", cmd_scrub, "re-redact the whole store (history included) and queued "
                "captures with the current rules, in place")
    p.add_argument("--dry-run", action="store_true", help="count what would change; write nothing")
    p = command("spool", cmd_spool, "the captures and saves waiting for a store that was "
                "unavailable")
    p.add_argument("--send-here", action="store_true",
                   help="send the ones waiting for a store no longer configured (a server "
                        "that moved) to the store their project is configured for now, then "
                        "replay the spool into every store that answers")
    command("doctor", cmd_doctor, "check the installation, configuration and store")
    p = command("purge", cmd_purge, "delete all Aegis data on this machine (memories, logs, "
                "caches) after confirmation")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    command("version", cmd_version, "print the version")
    command("demo", cmd_demo, "show the whole loop on a throwaway store", json_flag=False)
    command("serve", cmd_serve, "run the MCP server on stdio (Claude Code starts this)",
            json_flag=False)
    p = command("ui", cmd_ui, "a local web viewer for this project's memories "
                "(127.0.0.1, with a per-launch secret in the printed URL)", json_flag=False)
    p.add_argument("--open", action="store_true", help="also open it in the default browser")
    p.add_argument("--port", type=port_number, default=0,
                   help="port on 127.0.0.1, 1-65535 (default: a free one)")
    p.add_argument("--detach", action="store_true",
                   help="run in the background, print the URL and return (stops after an "
                        "hour unused)")
    p.add_argument("--idle-minutes", type=float, default=0, help=argparse.SUPPRESS)
    p.add_argument("--detached-child", action="store_true", help=argparse.SUPPRESS)
    p = command("hook", cmd_hook, "run a Claude Code hook (event JSON on stdin)", json_flag=False)
    p.add_argument("event", help="session-start, user-prompt-submit, stop, pre-compact, "
                                 "session-end")
    return parser


# Commands that take nothing but ``--json``: ``main`` reads them without argparse, which
# (with re, gettext and locale) was a third of ``aegis version``. Their definitions
# are in build_parser; a test checks both give the same arguments.
ARGUMENTLESS = {"version": cmd_version, "stats": cmd_stats, "reindex": cmd_reindex,
                "doctor": cmd_doctor}


def argumentless(argv: Sequence[str]):
    """What ``build_parser().parse_args(argv)`` gives for ``COMMAND`` or
    ``COMMAND --json`` of an ``ARGUMENTLESS`` command; None for anything else."""
    handler = ARGUMENTLESS.get(argv[0]) if argv else None
    if handler is None or list(argv[1:]) not in ([], ["--json"]):
        return None
    from types import SimpleNamespace
    return SimpleNamespace(project=None, command=argv[0], handler=handler, json=len(argv) == 2)


def _redacted(message: str) -> str:
    """An error line without secrets (it may quote input); redaction loads only on error."""
    from aegis.redact import redact_text
    return redact_text(message)


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command line parsed by argparse (UsageError for a bad one)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if getattr(args, "handler", None) is cmd_search:
        args.query = list(args.query) + extra
        if not args.query:
            raise UsageError("the following arguments are required: QUERY "
                             "(see `aegis search --help`)")
    elif extra and getattr(args, "command", None):
        # argparse would name the top-level help; the command's own lists what it takes
        raise UsageError(f"unrecognized arguments: {' '.join(extra)} "
                         f"(see `aegis {args.command} --help`)")
    elif extra:
        parser.parse_args(argv)                   # reports the unknown argument
    return args


def main(argv: Sequence[str] | None = None, *, env: dict[str, str] | None = None,
         stdin: TextIO | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    stdin = stdin or sys.stdin
    env = dict(os.environ if env is None else env)
    argv = list(sys.argv[1:] if argv is None else argv)
    # Hooks are the hot path: skip argparse and configuration-by-CLI entirely.
    if len(argv) == 2 and argv[0] == "hook" and not argv[1].startswith("-"):
        from aegis.hooks import main as hook_main
        return hook_main(argv[1], env=env)
    ctx = None
    try:
        refuse_undecodable(argv)
        args = argumentless(argv)
        if args is None:
            args = parse(argv)
        if not getattr(args, "handler", None):
            build_parser().print_help(stdout)
            return EXIT_USAGE
        ctx = Context(args, env, stdout, stderr, stdin)
        check_project(ctx)
        return args.handler(ctx)
    except UsageError as exc:
        stderr.write(f"{PROG}: error: {exc}\n")
        return EXIT_USAGE
    except AegisError as exc:
        stderr.write(f"{PROG}: error: {_redacted(exc.message)}\n")
        return EXIT_FAILED
    except KeyboardInterrupt:
        stderr.write(f"{PROG}: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the edge: never a traceback for a user
        if env.get("AEGIS_DEBUG"):
            raise
        # some exceptions carry no message (MemoryError, an empty KeyError): say what they mean
        detail = (_redacted(one_line(str(exc), 200))
                  or ("out of memory" if isinstance(exc, MemoryError) else "no message"))
        stderr.write(f"{PROG}: internal error: {type(exc).__name__}: {detail} "
                     f"(set AEGIS_DEBUG=1 for details)\n")
        return EXIT_FAILED
    finally:
        if ctx is not None:
            ctx.close()
