"""Every row of an archive, to compare two states of it: what a refresh promises to keep.

The refresh benchmark and the fault tests both ask "is anything lost, doubled or
changed?"; they compare these dumps (FTS shadow tables included, so a re-index shows).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlite_utils import Database

RUN_LOG = frozenset({"scrape_runs", "scrape_events"})  # a run adds its own rows, by design


def table_rows(path: Path | str, skip: Iterable[str] = RUN_LOG) -> dict[str, list[tuple]]:
    """Table name -> its rows in a stable order, for every table not in `skip`."""
    database = Database(path)
    # a contentless FTS table cannot be read back; its shadow tables (_data, _idx) are
    skipped = set(skip) | {
        name
        for name, sql in database.execute("select name, sql from sqlite_master where type='table'")
        if "content=''" in (sql or "").replace('"', "'")
    }
    try:
        return {
            table: sorted(database.execute(f"select * from [{table}]").fetchall(), key=repr)
            for table in database.table_names()
            if table not in skipped
        }
    finally:
        database.close()
