"""Write transactions that wait for the write lock instead of failing at once.

sqlite-utils' `atomic()` opens a deferred transaction: it reads first and asks for the
write lock only at its first write. If another process holds that lock by then, SQLite
cannot wait (the two could deadlock), so it fails at once with "database is locked",
whatever the busy timeout. Taking the lock up front (`BEGIN IMMEDIATE`) lets the busy
timeout work: a writer holding the archive for a moment delays a refresh, not fails it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """`with write_transaction(db):` commits on success, rolls back on any error."""
    if db.conn.in_transaction:  # nested: a savepoint inside the caller's transaction
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    else:
        try:
            db.conn.execute("COMMIT")
        except BaseException:
            db.conn.rollback()
            raise
