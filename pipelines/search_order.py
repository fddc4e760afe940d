"""Contribution and document rowids in date order, so that "newest first" costs the same
at any size.

FTS5 returns matches in rowid order and stops at a LIMIT, so `ORDER BY rowid DESC LIMIT
20` answers in well under a millisecond even for a word in nearly every speech of a
million (measured: 0.4 ms for "the" against 3.1 s when ranked; benchmarks/RESULTS.md). For
that the rowid must say the date: a contribution's rowid is its sitting day since
1700-01-01, shifted left 24 bits, plus its place among that day's contributions. A
year or date range is then a rowid range, which FTS5 also seeks to directly.

Documents are numbered the same way (their own keys): a common word's title hits are
then also walked newest first, and their newest few ranked, without sorting them all
(8,600 title hits of "the" cost 29–38 ms a search at a million speeches, measured).

Undated rows take day 0. An archive from before this numbering is renumbered once when
opened (`PRAGMA user_version` records how far); its FTS indexes are rebuilt then.
"""

from __future__ import annotations

from datetime import date

from sqlite_utils import Database

SLOT_BITS = 24  # up to 16.7 million contributions a day
EPOCH = date(1700, 1, 1)
DATE_ORDERED = 1  # PRAGMA user_version from which contribution rowids are date keys
DOCUMENTS_DATE_ORDERED = 2  # ... and document rowids too


def day_number(iso: str | None) -> int:
    """Days since 1700-01-01 (day 1), or 0 when the date is missing or unreadable."""
    try:
        return (date.fromisoformat((iso or "")[:10]) - EPOCH).days + 1
    except ValueError:
        return 0


def day_range(first: str | None, last: str | None) -> tuple[int, int]:
    """The rowids of contributions dated from `first` to `last` (ISO days), inclusive."""
    low = day_number(first) << SLOT_BITS if first else 0
    high = ((day_number(last) + 1) << SLOT_BITS) - 1 if last else (1 << 62)
    return low, high


def next_rowids(
    db: Database, iso: str | None, count: int, table: str = "contributions"
) -> list[int]:
    """`count` unused rowids of `table` on the day of `iso`, after those it already has."""
    base = day_number(iso) << SLOT_BITS
    last = db.execute(
        f"select max(rowid) from [{table}] where rowid between ? and ?",
        [base, base + (1 << SLOT_BITS) - 1],
    ).fetchone()[0]
    start = (last if last is not None else base) + 1
    if start + count > base + (1 << SLOT_BITS):
        raise OverflowError(f"more than {1 << SLOT_BITS} contributions dated {iso}")
    return list(range(start, start + count))


class DateKeys:
    """Date keys handed out in order, for rows numbered in memory (renumbering, bulk
    loads): each day's places count up from 1."""

    def __init__(self) -> None:
        self.slots: dict[int, int] = {}

    def next(self, iso: str | None) -> int:
        day = day_number(iso)
        self.slots[day] = slot = self.slots.get(day, 0) + 1
        return (day << SLOT_BITS) + slot


def date_order(db: Database) -> int:
    """How far the archive's rowids are date keys: 0, DATE_ORDERED or DOCUMENTS_DATE_ORDERED."""
    return db.execute("PRAGMA user_version").fetchone()[0]


# the order in which each table's rows of one day are numbered
_RENUMBER_ORDER = {"contributions": "date, document_id, position", "documents": "date, id"}


def renumber(db: Database, table: str) -> int:
    """Give every row of `table` its date key; returns how many were renumbered.

    The caller drops the table's triggers first and rebuilds what they keep after
    (`pipelines.schema.ensure_schema` does both); rowids are moved out of the way to
    negative numbers first, so no new key collides with an old one.
    """
    rows = db.execute(f"select rowid, date from [{table}] order by {_RENUMBER_ORDER[table]}")
    rows = rows.fetchall()
    db.execute(f"UPDATE [{table}] SET rowid = -rowid")
    keys = DateKeys()
    updates = [(keys.next(iso), -rowid) for rowid, iso in rows]
    db.conn.executemany(f"UPDATE [{table}] SET rowid = ? WHERE rowid = ?", updates)
    return len(updates)


# --- the narrow table search counts facets in ---------------------------------------------

# What a search filters and counts by, one narrow row per contribution under the same
# rowid: a million lookups in it cost a fraction of the same lookups in `contributions`,
# whose rows carry the text. Kept by triggers; kind and house are the document's, the
# speaker the register's name for the person (as the search page shows them).
_FACET_VALUES = """
    {row}.rowid,
    ({row}.same_as is null or {row}.same_as = {row}.id),
    {row}.source,
    (select kind from documents where id = {row}.document_id),
    (select house from documents where id = {row}.document_id),
    {row}.party,
    coalesce((select name from people where person_id = {row}.person_id), {row}.speaker_name),
    substr({row}.date, 1, 4)
"""


def _mirror_triggers(table: str, source: str, values: str) -> str:
    """Triggers that keep `table` one row per row of `source`, under its rowid."""
    new = values.format(row="new")
    return f"""
CREATE TRIGGER IF NOT EXISTS {table}_ai AFTER INSERT ON {source} BEGIN
  INSERT OR REPLACE INTO {table} VALUES ({new});
END;
CREATE TRIGGER IF NOT EXISTS {table}_au AFTER UPDATE ON {source} BEGIN
  DELETE FROM {table} WHERE rowid = old.rowid;
  INSERT OR REPLACE INTO {table} VALUES ({new});
END;
CREATE TRIGGER IF NOT EXISTS {table}_ad AFTER DELETE ON {source} BEGIN
  DELETE FROM {table} WHERE rowid = old.rowid;
END;
"""


FACET_TRIGGERS = _mirror_triggers("search_facets", "contributions", _FACET_VALUES)


# The same for documents, whose title hits a search also counts and sorts by date: rows
# of `documents` carry articles' text and JSON, and 8,600 title hits of "the" cost 35 ms
# to count through them at a million speeches.
_DOCUMENT_FACET_VALUES = """
    {row}.rowid, {row}.source, {row}.kind, {row}.house,
    coalesce({row}.author, json_extract({row}.extra, '$.outlet')),
    substr({row}.date, 1, 4), {row}.date
"""
DOCUMENT_FACET_TRIGGERS = _mirror_triggers(
    "search_document_facets", "documents", _DOCUMENT_FACET_VALUES
)


def ensure_search_facets(db: Database) -> None:
    """The tables and their triggers; filled when new (an older archive)."""
    if not db["search_facets"].exists():
        db.execute(
            "CREATE TABLE search_facets (rowid INTEGER PRIMARY KEY, shown INTEGER, source TEXT,"
            " kind TEXT, house TEXT, party TEXT, speaker TEXT, year TEXT)"
        )
        rebuild_search_facets(db)
    if not db["search_document_facets"].exists():
        db.execute(
            "CREATE TABLE search_document_facets (rowid INTEGER PRIMARY KEY, source TEXT,"
            " kind TEXT, house TEXT, speaker TEXT, year TEXT, date TEXT)"
        )
        db.execute("CREATE INDEX search_document_facets_date ON search_document_facets(date)")
        rebuild_search_document_facets(db)
    for statement in (FACET_TRIGGERS + DOCUMENT_FACET_TRIGGERS).split("END;"):
        if statement.strip():
            db.execute(statement + "END;")


def rebuild_search_facets(db: Database) -> None:
    """Refill from `contributions` (after renumbering, or when the register renamed people)."""
    _refill(db, "search_facets", "contributions", _FACET_VALUES)


def rebuild_search_document_facets(db: Database) -> None:
    """Refill from `documents` (after a bulk load without the triggers)."""
    _refill(db, "search_document_facets", "documents", _DOCUMENT_FACET_VALUES)


def _refill(db: Database, table: str, source: str, values: str) -> None:
    db.execute(f"DELETE FROM {table}")
    db.execute(f"INSERT INTO {table} SELECT {values.format(row='s')} FROM {source} s")
