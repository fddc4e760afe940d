"""Rows written as sqlite-utils' `insert_all` and `upsert_all` write them, without their cost.

Those methods look the table's schema up on every call (PRAGMA table_info, more than
once), which cost more than the rows themselves at one document a transaction. These
functions run the same statements: one multi-row INSERT per batch of sqlite-utils' size,
each in its own savepoint.

FTS5 flushes its pending index data into a new segment whenever a savepoint opens, a
statement's own included, so the fewer statements the better where triggers index the
rows: `insert_tuples` writes as many rows per statement as SQLite allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import SQLITE_MAX_VARS, jsonify_if_needed

# SQLite's default limit on a statement's parameters since 3.32 (sqlite-utils keeps to the
# old 999); far more rows than a document has fit in one statement.
MAX_VARIABLES = 32_766


def insert_rows(db: Database, table: str, rows: Sequence[dict[str, Any]], batch_size: int) -> None:
    """`db[table].insert_all(rows, batch_size=batch_size)` into an existing table."""
    _write(db, table, rows, batch_size, upsert=False)


def upsert_rows(db: Database, table: str, rows: Sequence[dict[str, Any]], batch_size: int) -> None:
    """`db[table].upsert_all(rows, pk="id", batch_size=batch_size)` on an existing table."""
    _write(db, table, rows, batch_size, upsert=True)


def _write(
    db: Database, table: str, rows: Sequence[dict[str, Any]], batch_size: int, upsert: bool
) -> None:
    """Rows of one shape (the same keys), in batches of sqlite-utils' size."""
    if not rows:
        return
    columns = tuple(sorted(rows[0]))
    batch = max(1, min(batch_size, SQLITE_MAX_VARS // len(columns)))
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        values = [jsonify_if_needed(row.get(c)) for row in chunk for c in columns]
        with db.atomic():
            db.conn.execute(_statement(table, columns, len(chunk), upsert), values)


def insert_tuples(
    db: Database, table: str, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Rows given as tuples in `columns`' order, in as few statements as SQLite allows
    (inside the caller's transaction; no savepoint of their own)."""
    per_statement = max(1, MAX_VARIABLES // len(columns))
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        values = [value for row in chunk for value in row]
        db.conn.execute(_statement(table, columns, len(chunk), upsert=False), values)


@lru_cache(maxsize=256)
def _statement(table: str, columns: tuple[str, ...], count: int, upsert: bool) -> str:
    """One INSERT of `count` rows: a statement, not a row, is what SQLite opens a statement
    savepoint for, and FTS5 flushes there too."""
    names = ", ".join(f"[{c}]" for c in columns)
    row = f"({', '.join('?' for _ in columns)})"
    sql = f"INSERT INTO [{table}] ({names}) VALUES {', '.join([row] * count)}"
    if not upsert:
        return sql
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
    return f"{sql} ON CONFLICT([id]) DO UPDATE SET {updates}"
