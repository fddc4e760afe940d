"""The archive's tables, full-text indexes and the triggers that keep them in sync.

The FTS triggers are written here rather than by sqlite-utils because its update
trigger re-indexes a row even when the text did not change (about 7k rows/s instead
of 55k, see STACK-NOTES): ours fire only when the indexed text really changed.
"""

from __future__ import annotations

from sqlite_utils import Database

from pipelines.claims_table import ensure_claims_tables
from pipelines.fetch_log import ensure_fetch_table
from pipelines.register_tables import ensure_register_tables
from pipelines.search_order import (
    DATE_ORDERED,
    DOCUMENTS_DATE_ORDERED,
    date_order,
    ensure_search_facets,
    rebuild_search_document_facets,
    rebuild_search_facets,
    renumber,
)
from pipelines.search_samples import LEVELS, ensure_samples, rebuild_samples
from pipelines.search_samples import TRIGGER_NAMES as SAMPLE_TRIGGERS
from pipelines.search_samples import table as sample_table
from pipelines.transactions import write_transaction

DOCUMENT_COLUMNS: dict[str, type] = {
    "id": str,
    "source": str,
    "kind": str,
    "title": str,
    "date": str,
    "url": str,
    "api_url": str,
    "native_id": str,
    "description": str,
    "published_at": str,
    "updated_at": str,
    "house": str,
    "part_of": str,
    "headings": str,
    "organisations": str,
    "people": str,
    "roles": str,
    "author": str,
    "government": str,
    "history_mode": int,
    "withdrawn_at": str,
    "withdrawn_explanation": str,
    "language": str,
    "licence": str,
    "relevance": float,
    "relevance_terms": str,
    "same_as": str,
    "extra": str,
    "fetched_at": str,
    "content_sha256": str,
    "run_id": int,
}

CONTRIBUTION_COLUMNS: dict[str, type] = {
    "id": str,
    "document_id": str,
    "position": int,
    "kind": str,
    "section": str,
    "speaker_name": str,
    "speaker_ref": str,
    "speaker_detail": str,
    "speaker_role": str,
    "person_id": str,
    "party": str,
    "office": str,
    "resolution": str,
    "text": str,
    "source": str,
    "date": str,
    "time": str,
    "column": str,
    "anchor": str,
    "native_id": str,
    "url": str,
    "same_as": str,
    "fetched_at": str,
    "content_sha256": str,
}

SCRAPE_RUN_COLUMNS: dict[str, type] = {
    "id": int,
    "spider": str,
    "started_at": str,
    "finished_at": str,
    "status": str,
    "reason": str,
    "arguments": str,
    "requests": int,
    "new": int,
    "updated": int,
    "unchanged": int,
    "removed": int,
    "dropped": int,
    "errors": int,
    "stats": str,
}

SCRAPE_EVENT_COLUMNS: dict[str, type] = {
    "id": int,
    "run_id": int,
    "spider": str,
    "at": str,
    "kind": str,
    "url": str,
    "reason": str,
}

# Each speech once: the copy shown is Hansard's where both sources hold it (see
# pipelines/same_as.py), with links to both copies. `contribution_rowid` lets Datasette
# search the view through contributions_fts.
SPEECHES_VIEW = """
select c.rowid as contribution_rowid, c.id, c.document_id, d.title, d.headings,
  d.kind as document_kind, d.house, c.date, c.time, c.position, c.kind, c.speaker_name,
  c.person_id, c.party, c.office, c.text, c.source, c.url,
  case when c.source = 'hansard' then c.url else twin.url end as hansard_url,
  case when c.source = 'twfy' then c.url else twin.url end as twfy_url,
  case when c.source = 'twfy' then c.native_id else twin.native_id end as twfy_gid,
  c.[column], d.licence
from contributions c
join documents d on d.id = c.document_id
left join contributions twin
  on c.same_as is not null and twin.same_as = c.same_as and twin.id != c.id
where c.same_as is null or c.same_as = c.id
"""

# (table, fts columns): what a researcher's search reaches.
FTS_TABLES: dict[str, tuple[str, ...]] = {
    "documents": ("title", "description"),
    # the section heading too: a debate titled "Public Sector Mutuals" is found by "mutuals"
    # even where no speech repeats the word
    "contributions": ("text", "section"),
    "claims": ("sentence",),
}


def _fts_triggers(table: str, columns: tuple[str, ...]) -> str:
    fts = f"{table}_fts"
    cols = ", ".join(f"[{c}]" for c in columns)
    new = ", ".join(f"new.[{c}]" for c in columns)
    old = ", ".join(f"old.[{c}]" for c in columns)
    changed = " OR ".join(f"old.[{c}] IS NOT new.[{c}]" for c in columns)
    return f"""
    CREATE TRIGGER IF NOT EXISTS [{table}_ai] AFTER INSERT ON [{table}] BEGIN
      INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.rowid, {new});
    END;
    CREATE TRIGGER IF NOT EXISTS [{table}_ad] AFTER DELETE ON [{table}] BEGIN
      INSERT INTO [{fts}] ([{fts}], rowid, {cols}) VALUES ('delete', old.rowid, {old});
    END;
    CREATE TRIGGER IF NOT EXISTS [{table}_au] AFTER UPDATE OF {cols} ON [{table}]
    WHEN {changed} BEGIN
      INSERT INTO [{fts}] ([{fts}], rowid, {cols}) VALUES ('delete', old.rowid, {old});
      INSERT INTO [{fts}] (rowid, {cols}) VALUES (new.rowid, {new});
    END;
    """


def ensure_schema(db: Database) -> None:
    """Create whatever is missing; safe to call on every open."""
    db.enable_wal()
    ensure_register_tables(db)
    db["documents"].create(
        DOCUMENT_COLUMNS, pk="id", not_null={"source", "url"}, if_not_exists=True
    )
    db["contributions"].create(
        CONTRIBUTION_COLUMNS,
        pk="id",
        not_null={"document_id", "position"},
        foreign_keys=[
            ("document_id", "documents", "id"),
            ("person_id", "people", "person_id"),
        ],
        if_not_exists=True,
    )
    db["scrape_runs"].create(SCRAPE_RUN_COLUMNS, pk="id", if_not_exists=True)
    db["scrape_events"].create(
        SCRAPE_EVENT_COLUMNS,
        pk="id",
        foreign_keys=[("run_id", "scrape_runs", "id")],
        if_not_exists=True,
    )
    for sql in (
        "CREATE INDEX IF NOT EXISTS contributions_document ON contributions(document_id, position)",
        "CREATE INDEX IF NOT EXISTS contributions_date ON contributions(date)",
        "CREATE INDEX IF NOT EXISTS contributions_person ON contributions(person_id, date)",
        "CREATE INDEX IF NOT EXISTS documents_date ON documents(date)",
        "CREATE INDEX IF NOT EXISTS documents_source_kind ON documents(source, kind)",
        "CREATE INDEX IF NOT EXISTS documents_part_of ON documents(part_of)",
        "CREATE INDEX IF NOT EXISTS scrape_events_run ON scrape_events(run_id)",
    ):
        db.execute(sql)
    _ensure_same_as_index(db)
    ensure_fetch_table(db)
    db.execute(f"CREATE VIEW IF NOT EXISTS speeches AS {SPEECHES_VIEW}")
    ensure_claims_tables(db)
    _ensure_date_order(db)
    ensure_search_facets(db)
    ensure_samples(db)
    for table, columns in FTS_TABLES.items():  # (re)creates any trigger dropped above
        _ensure_fts(db, table, columns)


def _ensure_date_order(db: Database) -> None:
    """Renumber an older archive's rows into date order, once (search_order.py)."""
    done = date_order(db)
    if done >= DOCUMENTS_DATE_ORDERED:
        return
    with write_transaction(db):
        if done < DATE_ORDERED:
            _renumber_table(db, "contributions")
        _renumber_table(db, "documents")
        db.execute(f"PRAGMA user_version = {DOCUMENTS_DATE_ORDERED}")


# Each numbered table: the narrow facet table that mirrors it, and how that is refilled.
_MIRRORS = {
    "contributions": ("search_facets", rebuild_search_facets),
    "documents": ("search_document_facets", rebuild_search_document_facets),
}


def _renumber_table(db: Database, table: str) -> None:
    """Renumber `table` with its triggers dropped (ensure_schema recreates them after),
    then rebuild what they keep: its FTS index, its facet table and, for speeches, the
    sample indexes."""
    if not db.execute(f"select 1 from [{table}] limit 1").fetchone():
        return
    facets, refill = _MIRRORS[table]
    samples = SAMPLE_TRIGGERS if table == "contributions" else ()
    for name in (*(f"{t}_{s}" for t in (table, facets) for s in ("ai", "ad", "au")), *samples):
        db.execute(f"DROP TRIGGER IF EXISTS [{name}]")
    renumber(db, table)
    if db[f"{table}_fts"].exists():
        db.execute(f"INSERT INTO [{table}_fts]([{table}_fts]) VALUES('rebuild')")
    if db[facets].exists():
        refill(db)
    if samples and db[sample_table(LEVELS[0])].exists():
        rebuild_samples(db)


def _ensure_same_as_index(db: Database) -> None:
    """A partial index: only linked speeches have `same_as`.

    A full index on a mostly-NULL column misleads the planner once ANALYZE has run (it
    reads "every row has the same value") into scanning every contribution for each row
    of the `speeches` view's twin join: 3.6 s instead of 2 ms for 3,000 speeches. An
    older archive's full index is replaced.
    """
    row = db.execute(
        "select sql from sqlite_master where type = 'index' and name = 'contributions_same_as'"
    ).fetchone()
    if row is not None and "WHERE" not in row[0].upper():
        db.execute("DROP INDEX contributions_same_as")
    db.execute(
        "CREATE INDEX IF NOT EXISTS contributions_same_as ON contributions(same_as) "
        "WHERE same_as IS NOT NULL"
    )


def _ensure_fts(db: Database, table: str, columns: tuple[str, ...]) -> None:
    """Create the index, or rebuild it when an older archive indexed other columns."""
    fts = db[f"{table}_fts"]
    if fts.exists() and tuple(c.name for c in fts.columns) != columns:
        for suffix in ("ai", "ad", "au"):
            db.execute(f"DROP TRIGGER IF EXISTS [{table}_{suffix}]")
        db.execute(f"DROP TABLE [{table}_fts]")
    if not fts.exists():
        db[table].enable_fts(list(columns), tokenize="porter unicode61", create_triggers=False)
    db.executescript(_fts_triggers(table, columns))
