"""The embedded store: one SQLite file in the data dir.

WAL journaling and a busy timeout let hooks, the MCP server and the CLI use the
file at once; every write takes ``BEGIN IMMEDIATE`` so writers queue instead of
failing mid-transaction. Search is FTS5 BM25 over ``porter unicode61`` tokens,
with identifiers matched as phrases (see ``aegis.text``); each memory's ``terms``
column holds what that tokenizer cannot split out of its text (the bigrams of
Chinese or Japanese runs, emoji: ``aegis.segment``), indexed beside text and tags.
The store migrates itself on open. ``sqlite3`` errors never leave this module.
"""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

# The C module behind ``sqlite3`` (the same connect, Connection and errors): the
# package's dbapi2 also imports datetime for adapters Aegis never uses, ~1.5 ms of
# every hook.
import _sqlite3 as sqlite3

from aegis.errors import NotFound, ReadOnly, Unavailable
from aegis.models import (Memory, MemoryChanges, MemoryVersion, NewMemory, Query, Relation,
                          SearchHit, StoreStats, content_hash)
from aegis.paths import (FILE_MODE, ensure_private_dir, file_in_the_way, make_private,
                         restrict_to_owner)
from aegis.store import lexical
from aegis.store.migrations import fill_missing_terms, migrate
from aegis.text import coverage, index_terms, query_terms

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, Iterator, Sequence

BUSY_TIMEOUT_MS = 10_000
_COLUMNS = ("id, namespace, text, kind, tags, importance, confidence, source, created_at, "
            "updated_at, version, recall_count, last_recalled_at, superseded_by, capture_id")

_M_COLUMNS = ", ".join("m." + name.strip() for name in _COLUMNS.split(","))


def new_id() -> str:
    return "mem_" + os.urandom(6).hex()


def _memory(row: Sequence) -> Memory:
    return Memory(id=row[0], namespace=row[1], text=row[2], kind=row[3],
                  tags=tuple(row[4].split()) if row[4] else (), importance=row[5],
                  confidence=row[6], source=row[7], created_at=row[8], updated_at=row[9],
                  version=row[10], recall_count=row[11], last_recalled_at=row[12],
                  superseded_by=row[13], capture_id=row[14])


def _placeholders(values: Sequence) -> str:
    return ",".join("?" * len(values))


@contextmanager
def _translate_errors(path: str) -> Iterator[None]:
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "readonly" in text or "read-only" in text:
            raise ReadOnly(f"the memory store at {path} is read-only") from None
        raise Unavailable(f"the memory store at {path} is unavailable: {text}") from None
    except sqlite3.DatabaseError as exc:
        raise Unavailable(f"the memory store {path} is damaged or not a database "
                          f"({exc}); nothing was changed: restore a backup, or mv it to "
                          f"{os.path.basename(path)}.damaged to start a new store"
                          ) from None


def _create(path: str) -> None:
    """Create the store file whole: migrated in a private temp file, then linked into
    place (if another process got there first, theirs stays). So a ``memory.db``
    that exists is never a 0-byte file of ours, and one that is was emptied by
    something else: ``open`` reports it instead of starting over on top of it."""
    tmp = f"{path}.{os.getpid()}.new"
    for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
        if os.path.exists(leftover):
            os.unlink(leftover)
    os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    make_private(tmp)
    try:
        _connect(tmp).close()
        try:
            if os.name == "nt":                      # pragma: no cover - Windows
                os.rename(tmp, path)                 # refuses an existing target too
            else:
                os.link(tmp, path)
        except FileExistsError:
            pass
    finally:
        for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
            try:
                os.unlink(leftover)
            except OSError:
                pass


def _refuse_empty(path: str) -> None:
    """An existing 0-byte store is a wiped database, not a new one: never reuse it."""
    if os.path.getsize(path) == 0 and not os.path.exists(path + "-wal"):
        # the path once: a hook notice has a length cap, and this must fit it whole
        raise Unavailable(f"the memory store {path} is empty (0 bytes), not a database; "
                          f"nothing was changed: restore a backup, or mv it to "
                          f"{os.path.basename(path)}.empty to start a new store")


def _connect(path: str) -> sqlite3.Connection:
    """A configured, migrated connection (closed again if any step fails)."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                         check_same_thread=False)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        migrate(db)
        fill_missing_terms(db)
    except BaseException:
        db.close()
        raise
    return db


def _writable(path: str) -> bool:
    """Whether this process may write the store: the file and its directory (which
    SQLite needs for the journal and the WAL's shared-memory file)."""
    return os.access(path, os.W_OK) and os.access(os.path.dirname(path) or ".", os.W_OK)


def _connect_read_only(path: str) -> sqlite3.Connection:
    """A read-only connection to a store this process cannot write (no migration: an
    older schema reads as far as it goes). A WAL store whose directory is read-only has
    no shared-memory file to read through, so it is opened as immutable then: nothing
    writes a store that nobody may write."""
    from urllib.parse import quote
    base = "file:" + quote(os.path.abspath(path))
    try:
        return _probed(base + "?mode=ro")
    except sqlite3.OperationalError:
        return _probed(base + "?mode=ro&immutable=1")


def _probed(uri: str) -> sqlite3.Connection:
    db = sqlite3.connect(uri, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                         check_same_thread=False, uri=True)
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("SELECT count(*) FROM memories").fetchone()
    except BaseException:
        db.close()
        raise
    return db


class SQLiteStore:
    name = "sqlite"

    def __init__(self, db: sqlite3.Connection, path: str, read_only: bool = False):
        self._db = db
        self.path = path
        self.read_only = read_only        # opened for reading: the file or its dir is not writable
        self._snapshots: dict[tuple[str, str, int], tuple[int, object]] = {}

    def check_dimensions(self, dimensions: int) -> str | None:
        return None                       # vectors of any length live beside the text

    def pinned_namespace(self) -> str | None:
        return None

    @classmethod
    def from_settings(cls, settings) -> "SQLiteStore":
        """The store file in the settings' data dir (``aegis.store.sqlite_path``)."""
        from aegis.store import sqlite_path
        return cls.open(sqlite_path(settings))

    @classmethod
    def open(cls, path: str | os.PathLike) -> "SQLiteStore":
        path = os.fspath(path)
        with _translate_errors(path):
            created = False
            try:
                ensure_private_dir(os.path.dirname(path))
                if not os.path.exists(path):
                    _create(path)
                    created = True                # a new store (ours or a racing one's)
                _refuse_empty(path)
            except OSError as exc:
                where, blocker = os.path.dirname(path), file_in_the_way(os.path.dirname(path))
                if blocker == where:
                    raise Unavailable(f"the data dir {where} is a file, not a directory; move "
                                      f"it or set AEGIS_DATA_DIR") from None
                if blocker:
                    raise Unavailable(f"cannot create the data dir {where}: {blocker} is a "
                                      f"file, not a directory; move it or set AEGIS_DATA_DIR"
                                      ) from None
                raise Unavailable(f"cannot create the memory store at {path}: "
                                  f"{exc.strerror or exc}") from None
            restrict_to_owner(path)
            if not created and not _writable(path):
                return cls(_connect_read_only(path), path, read_only=True)
            deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
            if created:
                # Everything written to a new store is redacted by the current rules.
                from aegis.scrub import record, sqlite_key
                record(os.path.dirname(path), sqlite_key(path), "created")
            while True:
                try:
                    return cls(_connect(path), path)
                except sqlite3.OperationalError as exc:
                    # Several processes opening a brand-new file race on the switch to WAL
                    # and its first recovery; SQLite reports those as "locked" without
                    # waiting on the busy timeout, so the open itself waits and retries.
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.01)

    # ------------------------------------------------------------ plumbing

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction: the public write methods own it."""
        with _translate_errors(self.path):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: Sequence = ()) -> list[tuple]:
        with _translate_errors(self.path):
            return self._db.execute(sql, params).fetchall()

    def _get_row(self, db: sqlite3.Connection, namespaces: Sequence[str], memory_id: str):
        return db.execute(f"SELECT rowid, {_COLUMNS} FROM memories WHERE id = ? "
                          f"AND namespace IN ({_placeholders(namespaces)})",
                          (memory_id, *namespaces)).fetchone()

    # ------------------------------------------------------------ writes

    def add(self, new: NewMemory) -> Memory:
        with self._write() as db:
            if new.capture_id:
                row = db.execute(f"SELECT {_COLUMNS} FROM memories WHERE namespace = ? "
                                 "AND capture_id = ?", (new.namespace, new.capture_id)).fetchone()
                if row:
                    return _memory(row)
            now = time.time()
            created = new.created_at if new.created_at is not None else now
            memory_id = new.id or new_id()
            cursor = db.execute(
                "INSERT INTO memories (id, namespace, text, kind, tags, importance, confidence, "
                "source, content_hash, capture_id, created_at, updated_at, terms) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (memory_id, new.namespace, new.text, new.kind, " ".join(new.tags),
                 new.importance, new.confidence, new.source, content_hash(new.text),
                 new.capture_id, created, created, index_terms(new.text, new.tags)))
            self._write_tags(db, cursor.lastrowid, new.tags)
            return _memory(db.execute(f"SELECT {_COLUMNS} FROM memories WHERE rowid = ?",
                                      (cursor.lastrowid,)).fetchone())

    def _write_tags(self, db: sqlite3.Connection, rowid: int, tags: Iterable[str]) -> None:
        db.execute("DELETE FROM memory_tags WHERE memory_rowid = ?", (rowid,))
        db.executemany("INSERT OR IGNORE INTO memory_tags (tag, memory_rowid) VALUES (?, ?)",
                       [(tag, rowid) for tag in tags])

    def update(self, namespace: str, memory_id: str, changes: MemoryChanges) -> Memory:
        with self._write() as db:
            row = self._get_row(db, (namespace,), memory_id)
            if row is None:
                raise NotFound(f"no memory {memory_id} in this project")
            rowid, current = row[0], _memory(row[1:])
            db.execute("INSERT INTO memory_versions VALUES (?,?,?,?,?,?,?,?)",
                       (current.id, current.version, current.text, " ".join(current.tags),
                        current.importance, current.confidence, current.kind,
                        current.updated_at))
            text = changes.text if changes.text is not None else current.text
            tags = changes.tags if changes.tags is not None else current.tags
            db.execute(
                "UPDATE memories SET text = ?, tags = ?, importance = ?, confidence = ?, kind = ?, "
                "superseded_by = ?, content_hash = ?, updated_at = ?, version = version + 1, "
                "terms = ? WHERE rowid = ?",
                (text, " ".join(tags), _pick(changes.importance, current.importance),
                 _pick(changes.confidence, current.confidence), changes.kind or current.kind,
                 _pick(changes.superseded_by, current.superseded_by) or None, content_hash(text),
                 max(time.time(), current.updated_at), index_terms(text, tags), rowid))
            if changes.tags is not None:
                self._write_tags(db, rowid, tags)
            if changes.text is not None and changes.text != current.text:
                db.execute("DELETE FROM embeddings WHERE memory_rowid = ?", (rowid,))
            return _memory(db.execute(f"SELECT {_COLUMNS} FROM memories WHERE rowid = ?",
                                      (rowid,)).fetchone())

    def delete(self, namespace: str, memory_id: str) -> bool:
        with self._write() as db:
            row = self._get_row(db, (namespace,), memory_id)
            if row is None:
                return False
            db.execute("DELETE FROM memory_tags WHERE memory_rowid = ?", (row[0],))
            db.execute("DELETE FROM embeddings WHERE memory_rowid = ?", (row[0],))
            db.execute("DELETE FROM memory_versions WHERE memory_id = ?", (memory_id,))
            db.execute("DELETE FROM relations WHERE source_id = ? OR target_id = ?",
                       (memory_id, memory_id))
            db.execute("DELETE FROM memories WHERE rowid = ?", (row[0],))
            return True

    def relate(self, namespace: str, relation: Relation) -> Relation:
        with self._write() as db:
            for memory_id in (relation.source_id, relation.target_id):
                if self._get_row(db, (namespace,), memory_id) is None:
                    raise NotFound(f"no memory {memory_id} in this project")
            created = relation.created_at or time.time()
            db.execute("INSERT OR IGNORE INTO relations VALUES (?,?,?,?,?)",
                       (namespace, relation.source_id, relation.target_id, relation.kind, created))
            row = db.execute("SELECT created_at FROM relations WHERE source_id = ? AND "
                             "target_id = ? AND kind = ?",
                             (relation.source_id, relation.target_id, relation.kind)).fetchone()
            return Relation(relation.source_id, relation.target_id, relation.kind, row[0])

    def mark_recalled(self, namespaces: Sequence[str], memory_ids: Iterable[str]) -> None:
        ids = list(memory_ids)
        if not ids:
            return
        with self._write() as db:
            db.execute(f"UPDATE memories SET recall_count = recall_count + 1, last_recalled_at = ? "
                       f"WHERE id IN ({_placeholders(ids)}) "
                       f"AND namespace IN ({_placeholders(namespaces)})",
                       (time.time(), *ids, *namespaces))

    def restore(self, memory: Memory, versions: Sequence[MemoryVersion]) -> bool:
        with self._write() as db:
            if db.execute("SELECT 1 FROM memories WHERE id = ?", (memory.id,)).fetchone():
                return False
            cursor = db.execute(
                f"INSERT INTO memories ({_COLUMNS}, content_hash, terms) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (memory.id, memory.namespace, memory.text, memory.kind, " ".join(memory.tags),
                 memory.importance, memory.confidence, memory.source, memory.created_at,
                 memory.updated_at, memory.version, memory.recall_count,
                 memory.last_recalled_at, memory.superseded_by, memory.capture_id,
                 content_hash(memory.text), index_terms(memory.text, memory.tags)))
            self._write_tags(db, cursor.lastrowid, memory.tags)
            db.executemany("INSERT OR IGNORE INTO memory_versions VALUES (?,?,?,?,?,?,?,?)",
                           [(memory.id, v.version, v.text, " ".join(v.tags), v.importance,
                             v.confidence, v.kind, v.changed_at) for v in versions])
            return True

    # ------------------------------------------------------------ reads

    def get(self, namespaces: Sequence[str], memory_id: str) -> Memory | None:
        with _translate_errors(self.path):
            row = self._get_row(self._db, namespaces, memory_id)
        return _memory(row[1:]) if row else None

    def find_duplicate(self, namespace: str, text_hash: str) -> Memory | None:
        rows = self._read(f"SELECT {_COLUMNS} FROM memories WHERE namespace = ? AND "
                          "content_hash = ? ORDER BY superseded_by IS NOT NULL, created_at LIMIT 1",
                          (namespace, text_hash))
        return _memory(rows[0]) if rows else None

    def _filters(self, query: Query, alias: str = "m") -> tuple[str, list]:
        sql = [f"{alias}.namespace IN ({_placeholders(query.namespaces)})"]
        params: list = list(query.namespaces)
        if not query.include_superseded:
            sql.append(f"{alias}.superseded_by IS NULL")
        if query.min_importance > 0:
            sql.append(f"{alias}.importance >= ?")
            params.append(query.min_importance)
        if query.kinds:
            sql.append(f"{alias}.kind IN ({_placeholders(query.kinds)})")
            params += query.kinds
        if query.since is not None:
            sql.append(f"{alias}.created_at >= ?")
            params.append(query.since)
        if query.until is not None:
            sql.append(f"{alias}.created_at <= ?")
            params.append(query.until)
        if query.tags:
            tag_sql = (f"SELECT memory_rowid FROM memory_tags WHERE tag IN "
                       f"({_placeholders(query.tags)})")
            if query.match_all_tags:
                tag_sql += f" GROUP BY memory_rowid HAVING COUNT(*) = {len(set(query.tags))}"
            sql.append(f"{alias}.rowid IN ({tag_sql})")
            params += query.tags
        return " AND ".join(sql), params

    def list(self, query: Query, offset: int = 0) -> list[Memory]:
        where, params = self._filters(query)
        rows = self._read(f"SELECT {_COLUMNS} FROM memories m WHERE {where} "
                          "ORDER BY m.created_at DESC, m.rowid DESC LIMIT ? OFFSET ?",
                          (*params, query.limit, offset))
        return [_memory(row) for row in rows]

    def search(self, query: Query) -> list[SearchHit]:
        if query.vector is not None and query.vector_model:
            return self._hybrid_search(query)
        terms = query_terms(query.text, expand=True)
        if not terms:
            return []
        where, params = self._filters(query)
        with _translate_errors(self.path):
            rows = lexical.candidate_rows(self._db, _M_COLUMNS, terms, where, params,
                                          max(query.limit * 8, 50))
        if not rows:
            return []
        best = max(row[-1] for row in rows) or 1.0
        scored = []
        for row in rows:
            # text (row[2]) and tags (row[4], stored space-joined), as a Memory would join them
            share = coverage(terms, f"{row[2]} {row[4] or ''}")
            if share <= 0.0:        # FTS matched only a stemmed near variant (sessions.py)
                continue
            relative = max(row[-1], 0.0) / best
            scored.append((share * (0.75 + 0.25 * relative), share, row))
        scored.sort(key=lambda item: (-item[0], -(item[2][-1] or 0.0)))
        # Only the rows returned become records: a common-word query scores hundreds of
        # candidates, and building a Memory for each cost it more than its score.
        return [SearchHit(_memory(row[:-1]), score=relevance, relevance=relevance, lexical=share,
                          bm25=row[-1]) for relevance, share, row in scored[:query.limit]]

    # ------------------------------------------------------------ vectors

    def _hybrid_search(self, query: Query) -> list[SearchHit]:
        """BM25 hits and nearest stored vectors, fused into one 0..1 relevance.

        Candidates are the lexical hits plus the memories whose sign bits are
        nearest the query's (see ``aegis.store.vectors``); each gets its exact
        cosine when it has a vector from ``query.vector_model``.
        """
        from aegis.store import vectors
        query_vector = vectors.normalized(query.vector)
        dims = len(query_vector)
        model = query.vector_model
        lexical = {hit.memory.id: hit for hit in
                   self.search(query.replace(vector=None, limit=query.limit * 2))}
        where, params = self._filters(query)
        near = self._nearest_vectors(query_vector, model, query.namespaces)
        # Candidates are scored from their id and vector alone; only the few that make
        # the result are read whole (building a Memory for each of the few hundred
        # candidates cost a local-mode hook more than their cosines).
        # NOT INDEXED: look the few hundred rows up by rowid; the planner would
        # otherwise walk the namespace index over every memory of the project.
        rows = self._read(
            f"SELECT m.id, e.vector FROM memories m NOT INDEXED JOIN embeddings e "
            f"ON e.memory_rowid = m.rowid AND e.model = ? AND e.dimensions = ? "
            f"WHERE m.rowid IN ({_placeholders(near)}) AND {where}",
            (model, dims, *near, *params)) if near else []
        known = {row[0] for row in rows}
        missing = [memory_id for memory_id in lexical if memory_id not in known]
        if missing:
            rows += self._read(
                f"SELECT m.id, e.vector FROM memories m JOIN embeddings e "
                f"ON e.memory_rowid = m.rowid AND e.model = ? AND e.dimensions = ? "
                f"WHERE m.id IN ({_placeholders(missing)})", (model, dims, *missing))
        semantic = {memory_id: vectors.stored_cosine(query_vector, blob, dims)
                    for memory_id, blob in rows}
        scored = []
        for memory_id in {*lexical, *semantic}:
            lexical_hit = lexical.get(memory_id)
            similarity = semantic.get(memory_id)
            lexical_relevance = lexical_hit.relevance if lexical_hit else 0.0
            semantic_relevance = (None if similarity is None else
                                  vectors.semantic_relevance(similarity, query.vector_range))
            relevance = vectors.fuse(lexical_relevance, semantic_relevance)
            if relevance > 0.0:
                scored.append((relevance, similarity, memory_id))
        scored.sort(key=lambda item: (-item[0], -(item[1] or 0.0), item[2]))
        scored = scored[:query.limit]
        unread = [memory_id for _, _, memory_id in scored if memory_id not in lexical]
        memories = {hit.memory.id: hit.memory for hit in lexical.values()}
        if unread:
            memories.update((row[0], _memory(row)) for row in self._read(
                f"SELECT {_M_COLUMNS} FROM memories m WHERE m.id IN ({_placeholders(unread)})",
                unread))
        hits = []
        for relevance, similarity, memory_id in scored:
            if memory_id not in memories:              # deleted since it was scored
                continue
            lexical_hit = lexical.get(memory_id)
            hits.append(SearchHit(memories[memory_id], score=relevance, relevance=relevance,
                                  lexical=lexical_hit.lexical if lexical_hit else 0.0,
                                  bm25=lexical_hit.bm25 if lexical_hit else None,
                                  semantic=similarity))
        return hits

    def _nearest_vectors(self, query_vector: Sequence[float], model: str,
                         namespaces: Sequence[str]) -> list[int]:
        """Row ids of the memories whose sign bits are nearest, per namespace snapshot.

        A snapshot older than the current ``vector_generation`` is rebuilt from
        ``embeddings`` and saved best-effort (a read-only or busy store just skips it).
        The current one is also held in memory, so a long-lived process (the MCP
        server, which also serves relayed hooks) reads its megabytes only once per
        generation.
        """
        from aegis.store import vectors
        dims = len(query_vector)
        (generation,), = self._read("SELECT generation FROM vector_generation")
        near: list[int] = []
        for namespace in namespaces:
            held = self._snapshots.get((namespace, model, dims))
            if held is not None and held[0] == generation:
                near += held[1].nearest(query_vector)
                continue
            saved = self._read("SELECT generation, rowids, signatures FROM vector_index "
                               "WHERE namespace = ? AND model = ? AND dimensions = ?",
                               (namespace, model, dims))
            if saved and saved[0][0] == generation:
                snapshot = vectors.SignatureSnapshot(saved[0][1], saved[0][2], dims)
            else:
                rows = self._read(
                    f"SELECT e.memory_rowid, substr(e.vector, 1, {vectors.signature_bytes(dims)}) "
                    f"FROM embeddings e JOIN memories m ON m.rowid = e.memory_rowid "
                    f"WHERE e.model = ? AND e.dimensions = ? AND m.namespace = ? "
                    f"ORDER BY e.memory_rowid", (model, dims, namespace))
                snapshot = vectors.SignatureSnapshot.build(rows, dims)
                self._save_snapshot(namespace, model, dims, generation, snapshot)
            self._snapshots[(namespace, model, dims)] = (generation, snapshot)
            near += snapshot.nearest(query_vector)
        return near

    def _save_snapshot(self, namespace: str, model: str, dims: int, generation: int,
                       snapshot) -> None:
        try:
            with self._write() as db:
                if db.execute("SELECT generation FROM vector_generation").fetchone()[0] != generation:
                    return                          # changed meanwhile: the next search rebuilds
                db.execute("INSERT OR REPLACE INTO vector_index VALUES (?, ?, ?, ?, ?, ?)",
                           (namespace, model, dims, generation, *snapshot.blobs()))
        except (ReadOnly, Unavailable):
            pass

    def set_embedding(self, namespace: str, memory_id: str, model: str,
                      vector: Sequence[float]) -> bool:
        from aegis.store import vectors
        blob = vectors.pack(vectors.normalized(vector))
        with self._write() as db:
            row = self._get_row(db, (namespace,), memory_id)
            if row is None:
                return False
            db.execute("INSERT OR REPLACE INTO embeddings (memory_rowid, model, dimensions, vector) "
                       "VALUES (?, ?, ?, ?)", (row[0], model, len(vector), blob))
            return True

    def embedding_backlog(self, namespaces: Sequence[str], model: str, dimensions: int,
                          limit: int = 100) -> list[Memory]:
        rows = self._read(
            f"SELECT {_M_COLUMNS} FROM memories m LEFT JOIN embeddings e "
            f"ON e.memory_rowid = m.rowid AND e.model = ? AND e.dimensions = ? "
            f"WHERE m.namespace IN ({_placeholders(namespaces)}) AND e.memory_rowid IS NULL "
            f"ORDER BY m.rowid LIMIT ?", (model, dimensions, *namespaces, limit))
        return [_memory(row) for row in rows]

    def model_key(self, model: str, dimensions: int) -> tuple[str, int]:
        return model, dimensions

    def embedding_models(self, namespaces: Sequence[str]) -> dict[tuple[str, int], int]:
        rows = self._read(
            f"SELECT e.model, e.dimensions, COUNT(*) FROM embeddings e JOIN memories m "
            f"ON m.rowid = e.memory_rowid WHERE m.namespace IN ({_placeholders(namespaces)}) "
            f"GROUP BY e.model, e.dimensions", tuple(namespaces))
        return {(model, dims): count for model, dims, count in rows}

    def history(self, namespace: str, memory_id: str) -> list[MemoryVersion]:
        if self.get((namespace,), memory_id) is None:
            raise NotFound(f"no memory {memory_id} in this project")
        rows = self._read("SELECT memory_id, version, text, tags, importance, confidence, kind, "
                          "changed_at FROM memory_versions WHERE memory_id = ? ORDER BY version",
                          (memory_id,))
        return [MemoryVersion(r[0], r[1], r[2], tuple(r[3].split()), r[4], r[5], r[6], r[7])
                for r in rows]

    def relations(self, namespaces: Sequence[str], memory_id: str) -> list[Relation]:
        rows = self._read(f"SELECT source_id, target_id, kind, created_at FROM relations "
                          f"WHERE (source_id = ? OR target_id = ?) "
                          f"AND namespace IN ({_placeholders(namespaces)}) "
                          f"ORDER BY created_at, kind", (memory_id, memory_id, *namespaces))
        return [Relation(*row) for row in rows]

    def stats(self, namespaces: Sequence[str] | None = None) -> StoreStats:
        where, params = "1", []
        if namespaces is not None:
            where, params = f"namespace IN ({_placeholders(namespaces)})", list(namespaces)
        by_ns = dict(self._read(f"SELECT namespace, COUNT(*) FROM memories WHERE {where} "
                                "GROUP BY namespace", params))
        live = f"{where} AND superseded_by IS NULL"
        live_by_ns = dict(self._read(f"SELECT namespace, COUNT(*) FROM memories WHERE {live} "
                                     "GROUP BY namespace", params))
        by_kind = dict(self._read(f"SELECT kind, COUNT(*) FROM memories WHERE {live} "
                                  "GROUP BY kind", params))
        (superseded, oldest, newest), = self._read(
            f"SELECT COUNT(superseded_by), MIN(created_at), MAX(created_at) FROM memories "
            f"WHERE {where}", params)
        (versions,), = self._read(
            f"SELECT COUNT(*) FROM memory_versions WHERE memory_id IN "
            f"(SELECT id FROM memories WHERE {where})", params)
        (relations,), = self._read(f"SELECT COUNT(*) FROM relations WHERE {where}", params)
        return StoreStats(memories=sum(by_ns.values()), by_namespace=by_ns, by_kind=by_kind,
                          relations=relations, versions=versions, superseded=superseded,
                          oldest=oldest, newest=newest, live_by_namespace=live_by_ns)

    def scrub_texts(self, redactor: Callable[[str], Any], dry_run: bool = False,
                    memory_id: str | None = None,
                    secret_tag: Callable[[str], bool] | None = None) -> dict[str, Any]:
        """Re-redact stored text in place: every memory and every kept version in the
        file (all namespaces), or only ``memory_id``'s. One transaction, so a scrub is
        all or nothing; no new version is written (the point is that the old text
        goes). ``redactor(text)`` returns a ``Redaction``. Changed memories lose
        their vector (it was computed from the secret) and are listed in ``changed``.
        With ``secret_tag``, the tags it flags are dropped too (``changed_tags``:
        memories that lost one; a version that did counts as changed).

        A whole-store scrub then compacts the file (FTS merge, VACUUM, WAL
        truncation) so replaced text does not linger in free pages."""
        counts: dict[str, Any] = {"memories": 0, "versions": 0, "changed_memories": 0,
                                  "changed_versions": 0, "changed_tags": 0, "by_rule": {},
                                  "changed": []}

        def kept_tags(tags: str | None, counter: str) -> str | None:
            words = (tags or "").split()
            kept = [tag for tag in words if not (secret_tag and secret_tag(tag))]
            if len(kept) == len(words):
                return None
            counts[counter] += 1
            return " ".join(kept)

        def redacted(text: str) -> str | None:
            result = redactor(text)
            if not result.rules:
                return None
            for name in result.rules:
                counts["by_rule"][name] = counts["by_rule"].get(name, 0) + 1
            return result.text

        where, params = ("WHERE id = ?", (memory_id,)) if memory_id else ("", ())
        version_where = "WHERE memory_id = ?" if memory_id else ""
        with _translate_errors(self.path):
            self._db.execute("PRAGMA secure_delete = ON")   # freed cells are zeroed
        with self._write() as db:
            for rowid, mid, text, tags in db.execute(
                    f"SELECT rowid, id, text, tags FROM memories {where}", params).fetchall():
                counts["memories"] += 1
                new_tags = kept_tags(tags, "changed_tags")
                if new_tags is not None and not dry_run:
                    tags = new_tags
                    db.execute("UPDATE memories SET tags = ?, terms = ? WHERE rowid = ?",
                               (tags, index_terms(text, tags.split()), rowid))
                    self._write_tags(db, rowid, tags.split())
                new = redacted(text)
                if new is None:
                    continue
                counts["changed_memories"] += 1
                counts["changed"].append(mid)
                if not dry_run:
                    db.execute("UPDATE memories SET text = ?, content_hash = ?, terms = ? "
                               "WHERE rowid = ?",
                               (new, content_hash(new), index_terms(new, (tags or "").split()), rowid))
                    db.execute("DELETE FROM embeddings WHERE memory_rowid = ?", (rowid,))
            for mid, version, text, tags in db.execute(
                    f"SELECT memory_id, version, text, tags FROM memory_versions {version_where}",
                    params).fetchall():
                counts["versions"] += 1
                new_tags = kept_tags(tags, "changed_versions")
                if new_tags is not None and not dry_run:
                    db.execute("UPDATE memory_versions SET tags = ? WHERE memory_id = ? "
                               "AND version = ?", (new_tags, mid, version))
                new = redacted(text)
                if new is None:
                    continue
                counts["changed_versions"] += new_tags is None
                if not dry_run:
                    db.execute("UPDATE memory_versions SET text = ? WHERE memory_id = ? "
                               "AND version = ?", (new, mid, version))
        if not dry_run and memory_id is None and (counts["changed_memories"]
                                                  or counts["changed_versions"]
                                                  or counts["changed_tags"]):
            with _translate_errors(self.path):
                self._db.execute("INSERT INTO memories_fts(memories_fts) VALUES ('optimize')")
                self._db.execute("VACUUM")
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return counts

    def close(self, quick: bool = False) -> None:
        try:
            if quick and hasattr(self._db, "setconfig"):       # Python 3.12+
                # The last connection to close folds the WAL into the database file
                # (a checkpoint and an fsync, ~1-3 ms); after a hook's few counter
                # updates the next CLI, server or capture run does it instead.
                self._db.setconfig(sqlite3.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, True)
            self._db.close()
        except sqlite3.Error:
            pass


def _pick(new, old):
    return old if new is None else new
