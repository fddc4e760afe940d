"""Small FTS indexes over fixed samples of the speeches, so that counting a common word
costs the same at any size.

Counting the facets of "the" exactly means visiting each of its matches, 920,000 at a
million speeches: about a second. Even a 1-in-32 sample taken by a condition on the rowid
still visits every match to test it (about 100 ms, measured in benchmarks/RESULTS.md),
and then joins 29,000 rows. A sample only helps if it is its own index. So each of
`LEVELS` is a contentless FTS5 index holding every 2^k-th contribution (k = 4, 6 ... 14),
kept by triggers: a query is counted in the coarsest sample that holds enough of its
matches, which visits a few thousand rows whether it matches 30,000 speeches or 30 million.

The samples are nested (each holds every row of the coarser ones) and spread over days
and over places within a day: a rowid is its day shifted `SLOT_BITS` plus a place in
the day (search_order.py), and `(day * 7 + rowid) mod 2^k = 0` picks every 2^k-th place
of each day, starting at a place that moves with the day. The indexes together hold about
8% of the speeches.
"""

from __future__ import annotations

from sqlite_utils import Database

from pipelines.search_order import SLOT_BITS

LEVELS = (14, 12, 10, 8, 6, 4)  # coarsest first: 1 in 16,384 ... 1 in 16


def table(level: int) -> str:
    return f"contributions_fts_sample_{1 << level}"  # "_fts": hidden, as FTS tables are


def member(rowid: str, level: int) -> str:
    """SQL: is the contribution with this rowid in the 1-in-2^level sample?"""
    return f"((({rowid} >> {SLOT_BITS}) * 7 + {rowid}) % {1 << level}) = 0"


def triggers(level: int) -> dict[str, str]:
    """Name -> CREATE TRIGGER for one sample. A contentless index forgets a row only when
    told its old text, so every change that moves or rewrites a row removes the old
    entry with the old values before adding the new one."""
    name, old, new = table(level), member("old.rowid", level), member("new.rowid", level)
    changed = (
        "(old.rowid != new.rowid or old.text is not new.text or old.section is not new.section)"
    )
    return {
        f"{name}_ai": f"""CREATE TRIGGER IF NOT EXISTS [{name}_ai] AFTER INSERT ON contributions
WHEN {new} BEGIN
  INSERT INTO [{name}](rowid, text, section) VALUES (new.rowid, new.text, new.section);
END""",
        f"{name}_ad": f"""CREATE TRIGGER IF NOT EXISTS [{name}_ad] AFTER DELETE ON contributions
WHEN {old} BEGIN
  INSERT INTO [{name}]([{name}], rowid, text, section)
    VALUES ('delete', old.rowid, old.text, old.section);
END""",
        f"{name}_au": f"""CREATE TRIGGER IF NOT EXISTS [{name}_au] AFTER UPDATE ON contributions
WHEN ({old} or {new}) and {changed} BEGIN
  INSERT INTO [{name}]([{name}], rowid, text, section)
    SELECT 'delete', old.rowid, old.text, old.section WHERE {old};
  INSERT INTO [{name}](rowid, text, section)
    SELECT new.rowid, new.text, new.section WHERE {new};
END""",
    }


TRIGGER_NAMES = tuple(name for level in LEVELS for name in triggers(level))


def ensure_samples(db: Database) -> None:
    """The sample indexes and their triggers; a new index is filled from `contributions`."""
    for level in LEVELS:
        if not db[table(level)].exists():
            db.execute(
                f"CREATE VIRTUAL TABLE [{table(level)}] USING fts5(text, section,"
                " tokenize='porter unicode61', content='', columnsize=0)"
            )
            _fill(db, level)
        for sql in triggers(level).values():
            db.execute(sql)


def rebuild_samples(db: Database) -> None:
    """Refill every sample from `contributions`: after renumbering, or a bulk load that
    ran without the triggers."""
    for level in LEVELS:
        db.execute(f"INSERT INTO [{table(level)}]([{table(level)}]) VALUES ('delete-all')")
        _fill(db, level)


def _fill(db: Database, level: int) -> None:
    db.execute(
        f"INSERT INTO [{table(level)}](rowid, text, section) "
        f"SELECT rowid, text, section FROM contributions WHERE {member('rowid', level)}"
    )
