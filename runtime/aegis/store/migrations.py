"""Schema migrations for the SQLite store: an append-only list of named steps.

Each step runs in its own transaction and is recorded in ``schema_migrations``
when applied. Never edit or reorder a step that has shipped; append a new one.
"""

from __future__ import annotations

import time

# the C module behind ``sqlite3``: see aegis.store.sqlite
import _sqlite3 as sqlite3

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Callable


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Execute several statements inside the caller's transaction.

    ``executescript`` would COMMIT first, breaking the one-transaction-per-step rule.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        db.execute(statement)


def m001_initial(db: sqlite3.Connection) -> None:
    run_script(db, """
        CREATE TABLE memories (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            namespace TEXT NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'fact',
            tags TEXT NOT NULL DEFAULT '',
            importance REAL NOT NULL DEFAULT 0.5,
            confidence REAL NOT NULL DEFAULT 1.0,
            source TEXT NOT NULL DEFAULT 'user',
            content_hash TEXT NOT NULL,
            capture_id TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            recall_count INTEGER NOT NULL DEFAULT 0,
            last_recalled_at REAL,
            superseded_by TEXT
        );
        CREATE INDEX memories_namespace_hash ON memories(namespace, content_hash);
        CREATE INDEX memories_namespace_created ON memories(namespace, created_at);
        CREATE UNIQUE INDEX memories_capture ON memories(namespace, capture_id)
            WHERE capture_id IS NOT NULL;

        CREATE TABLE memory_tags (
            tag TEXT NOT NULL,
            memory_rowid INTEGER NOT NULL REFERENCES memories(rowid) ON DELETE CASCADE,
            PRIMARY KEY (tag, memory_rowid)
        ) WITHOUT ROWID;
        CREATE INDEX memory_tags_memory ON memory_tags(memory_rowid);

        CREATE TABLE memory_versions (
            memory_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            text TEXT NOT NULL,
            tags TEXT NOT NULL,
            importance REAL NOT NULL,
            confidence REAL NOT NULL,
            kind TEXT NOT NULL,
            changed_at REAL NOT NULL,
            PRIMARY KEY (memory_id, version)
        ) WITHOUT ROWID;

        CREATE TABLE relations (
            namespace TEXT NOT NULL,
            source_id TEXT NOT NULL,
            target_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (source_id, target_id, kind)
        ) WITHOUT ROWID;
        CREATE INDEX relations_target ON relations(target_id);

        CREATE TABLE embeddings (
            memory_rowid INTEGER PRIMARY KEY REFERENCES memories(rowid) ON DELETE CASCADE,
            model TEXT NOT NULL,
            dimensions INTEGER NOT NULL,
            vector BLOB NOT NULL
        );

        CREATE VIRTUAL TABLE memories_fts USING fts5(
            text, tags, content='memories', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
            INSERT INTO memories_fts(rowid, text, tags) VALUES (new.rowid, new.text, new.tags);
        END;
        CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
            INSERT INTO memories_fts(memories_fts, rowid, text, tags)
                VALUES ('delete', old.rowid, old.text, old.tags);
        END;
        CREATE TRIGGER memories_fts_update AFTER UPDATE OF text, tags ON memories BEGIN
            INSERT INTO memories_fts(memories_fts, rowid, text, tags)
                VALUES ('delete', old.rowid, old.text, old.tags);
            INSERT INTO memories_fts(rowid, text, tags) VALUES (new.rowid, new.text, new.tags);
        END;
    """)


def m002_vector_index(db: sqlite3.Connection) -> None:
    """Per-namespace snapshots of the vectors' sign bits (see ``aegis.store.vectors``).

    Any change to ``embeddings`` bumps ``vector_generation``; a snapshot built at an
    older generation is ignored and rebuilt by the next search.
    """
    run_script(db, """
        CREATE TABLE vector_generation (id INTEGER PRIMARY KEY CHECK (id = 1),
                                        generation INTEGER NOT NULL);
        INSERT INTO vector_generation VALUES (1, 0);
        CREATE TABLE vector_index (
            namespace TEXT NOT NULL,
            model TEXT NOT NULL,
            dimensions INTEGER NOT NULL,
            generation INTEGER NOT NULL,
            rowids BLOB NOT NULL,
            signatures BLOB NOT NULL,
            PRIMARY KEY (namespace, model, dimensions)
        ) WITHOUT ROWID;
        CREATE TRIGGER embeddings_generation_insert AFTER INSERT ON embeddings BEGIN
            UPDATE vector_generation SET generation = generation + 1;
        END;
        CREATE TRIGGER embeddings_generation_update AFTER UPDATE ON embeddings BEGIN
            UPDATE vector_generation SET generation = generation + 1;
        END;
        CREATE TRIGGER embeddings_generation_delete AFTER DELETE ON embeddings BEGIN
            UPDATE vector_generation SET generation = generation + 1;
        END;
    """)


def m003_segmented_terms(db: sqlite3.Connection) -> None:
    """Index terms for text written without spaces between words and for emoji
    (``aegis.segment``): a ``terms`` column beside each memory's text, filled here for
    the memories already stored, and the full-text index rebuilt over text, tags and
    terms. A memory written later by an older release has no terms (NULL): the store
    fills them when it next opens (``fill_terms``)."""
    db.execute("ALTER TABLE memories ADD COLUMN terms TEXT")
    run_script(db, """
        DROP TRIGGER memories_fts_insert;
        DROP TRIGGER memories_fts_delete;
        DROP TRIGGER memories_fts_update;
        DROP TABLE memories_fts;
        CREATE INDEX memories_without_terms ON memories(rowid) WHERE terms IS NULL;
    """)
    fill_terms(db)
    run_script(db, """
        CREATE VIRTUAL TABLE memories_fts USING fts5(
            text, tags, terms, content='memories', content_rowid='rowid',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
            INSERT INTO memories_fts(rowid, text, tags, terms)
                VALUES (new.rowid, new.text, new.tags, new.terms);
        END;
        CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
            INSERT INTO memories_fts(memories_fts, rowid, text, tags, terms)
                VALUES ('delete', old.rowid, old.text, old.tags, old.terms);
        END;
        CREATE TRIGGER memories_fts_update AFTER UPDATE OF text, tags, terms ON memories BEGIN
            INSERT INTO memories_fts(memories_fts, rowid, text, tags, terms)
                VALUES ('delete', old.rowid, old.text, old.tags, old.terms);
            INSERT INTO memories_fts(rowid, text, tags, terms)
                VALUES (new.rowid, new.text, new.tags, new.terms);
        END;
        INSERT INTO memories_fts(memories_fts) VALUES ('rebuild');
    """)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    m001_initial,
    m002_vector_index,
    m003_segmented_terms,
]


def fill_terms(db: sqlite3.Connection) -> int:
    """Compute the index terms of every memory that has none (NULL) inside the
    caller's transaction; how many memories got some."""
    from aegis.text import index_terms
    rows = db.execute("SELECT rowid, text, tags FROM memories WHERE terms IS NULL").fetchall()
    found = [(terms, rowid) for rowid, text, tags in rows
             if (terms := index_terms(text, (tags or "").split()))]
    db.executemany("UPDATE memories SET terms = ? WHERE rowid = ?", found)
    db.execute("UPDATE memories SET terms = '' WHERE terms IS NULL")
    return len(found)


def fill_missing_terms(db: sqlite3.Connection) -> None:
    """``fill_terms`` in a transaction of its own, when any memory lacks terms (one
    probe of a partial index otherwise)."""
    if db.execute("SELECT 1 FROM memories WHERE terms IS NULL LIMIT 1").fetchone() is None:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        fill_terms(db)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply pending migrations; safe when several processes open a new store at once."""
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
               "(name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    applied = {row[0] for row in db.execute("SELECT name FROM schema_migrations")}
    done = []
    for step in MIGRATIONS:
        if step.__name__ in applied:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have applied it while we waited for the lock.
            if db.execute("SELECT 1 FROM schema_migrations WHERE name = ?",
                          (step.__name__,)).fetchone():
                db.execute("COMMIT")
                continue
            step(db)
            db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (step.__name__, time.time()))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        done.append(step.__name__)
    return done


def latest() -> str:
    return MIGRATIONS[-1].__name__
