"""The SQLite store's keyword candidates: FTS5 BM25 over a bounded set of rows.

BM25 costs FTS5 a few microseconds per matching row (it reads every match's
positions), so a query whose words occur in most of 100k memories would spend
tens of milliseconds scoring rows that tie anyway. The candidates are therefore
bounded before any row is scored:

* when the query matches at most ``SCORED_ROWS`` memories (after the filters),
  every match is scored, exactly as an unbounded search would;
* otherwise BM25 scores only the newest ``SCORED_ROWS`` matches plus every match
  of the query's least frequent terms (taken rarest first while their matches
  together stay within ``SCORED_ROWS``). A distinctive word or identifier is
  so found whatever its age; what is left out are old matches of common words,
  which rank below newer ones that cover the same words (recency is a ranking
  factor) and below anything that also has a rare term.

Only the best ``limit`` rows by BM25 (column weights text 1.0, tags 0.5, the
segmented ``terms`` 1.0: they stand for words of the text) come
back, with their memory columns, for the Python re-rank.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3
    from typing import Sequence

    from aegis.text import Term

SCORED_ROWS = 1000
_BM25 = "bm25(memories_fts, 1.0, 0.5, 1.0)"


def candidate_rows(db: sqlite3.Connection, columns: str, terms: Sequence[Term], where: str,
                   params: Sequence, limit: int) -> list[tuple]:
    """Rows of ``columns`` (over ``memories m``) plus a positive BM25, best first.

    ``where``/``params`` are the memory filters on alias ``m``.
    """
    match = " OR ".join(term.fts() for term in terms)
    floor = db.execute(
        f"SELECT f.rowid FROM memories_fts f JOIN memories m ON m.rowid = f.rowid "
        f"WHERE memories_fts MATCH ? AND {where} ORDER BY f.rowid DESC LIMIT 1 OFFSET ?",
        (match, *params, SCORED_ROWS)).fetchone()
    bound, bound_params = "", []
    if floor is not None:
        bound, bound_params = "AND (f.rowid > ?", [floor[0]]
        rare = _rare_terms(db, terms)
        if rare:
            bound += (" OR f.rowid IN (SELECT rowid FROM memories_fts "
                      "WHERE memories_fts MATCH ?)")
            bound_params.append(" OR ".join(term.fts() for term in rare))
        bound += ")"
    return db.execute(
        f"SELECT {columns}, -s FROM (SELECT f.rowid AS r, {_BM25} AS s FROM memories_fts f "
        f"WHERE memories_fts MATCH ? {bound}) JOIN memories m ON m.rowid = r "
        f"WHERE {where} ORDER BY s LIMIT ?",
        (match, *bound_params, *params, limit)).fetchall()


def _rare_terms(db: sqlite3.Connection, terms: Sequence[Term]) -> list[Term]:
    """The least frequent terms whose matches together number at most SCORED_ROWS.

    Each count stops at SCORED_ROWS + 1, so a common term costs no more to count
    than a rare one.
    """
    counted = []
    for term in terms:
        (count,), = db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM memories_fts WHERE memories_fts MATCH ? "
            "LIMIT ?)", (term.fts(), SCORED_ROWS + 1)).fetchall()
        counted.append((count, term))
    counted.sort(key=lambda pair: pair[0])
    rare, total = [], 0
    for count, term in counted:
        total += count
        if count == 0:
            continue
        if total > SCORED_ROWS:
            break
        rare.append(term)
    return rare
