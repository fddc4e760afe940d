"""The speaker register as browsable tables: `people`, `memberships`, `offices`.

A journalist following a minister opens their `people` row and sees every seat, party
and office with dates. The tables are rewritten only when the register changed, so a
refresh with the same register leaves them exactly as they were.
"""

from __future__ import annotations

import json
from dataclasses import astuple, fields
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from pipelines.transactions import write_transaction

if TYPE_CHECKING:
    from pipelines.speakers import Register

PEOPLE_COLUMNS = {
    "person_id": str,
    "name": str,
    "other_names": str,
    "parliament_ids": str,
}
MEMBERSHIP_COLUMNS = {
    "id": str,
    "person_id": str,
    "member_id": str,
    "house": str,
    "party": str,
    "constituency": str,
    "start": str,
    "end": str,
    "name": str,
    "parliament_id": int,
}
OFFICE_COLUMNS = {
    "id": str,
    "person_id": str,
    "role": str,
    "department": str,
    "start": str,
    "end": str,
    "source": str,
}


def ensure_register_tables(db: Database) -> None:
    db["people"].create(PEOPLE_COLUMNS, pk="person_id", if_not_exists=True)
    for name, columns in (("memberships", MEMBERSHIP_COLUMNS), ("offices", OFFICE_COLUMNS)):
        db[name].create(
            columns,
            pk="id",
            foreign_keys=[("person_id", "people", "person_id")],
            if_not_exists=True,
        )
        db.execute(f"CREATE INDEX IF NOT EXISTS {name}_person ON {name}(person_id, start)")


def _row_id(record: Any) -> str:
    """A stable id from the row's own values, so identical registers give identical rows."""
    return "|".join("" if v is None else str(v) for v in astuple(record))


def register_rows(register: Register) -> dict[str, list[dict[str, Any]]]:
    people = [
        {
            "person_id": p.person_id,
            "name": p.name,
            "other_names": json.dumps(list(p.other_names), ensure_ascii=False),
            "parliament_ids": json.dumps(list(p.parliament_ids)),
        }
        for p in register.people.values()
    ]
    memberships = [
        {"id": _row_id(m)} | {f.name: getattr(m, f.name) for f in fields(m)}
        for m in register.memberships
    ]
    offices = [
        {"id": _row_id(o)} | {f.name: getattr(o, f.name) for f in fields(o)}
        for o in register.offices
    ]
    return {"people": people, "memberships": memberships, "offices": offices}


def _same(db: Database, table: str, pk: str, rows: list[dict[str, Any]]) -> bool:
    stored = list(db.query(f"select * from [{table}] order by [{pk}]"))
    return stored == sorted(rows, key=lambda r: r[pk])


def write_register(db: Database, register: Register) -> dict[str, str]:
    """Replace each table whose contents differ from the register; report which changed."""
    ensure_register_tables(db)
    outcome: dict[str, str] = {}
    pks = {"people": "person_id", "memberships": "id", "offices": "id"}
    for table, rows in register_rows(register).items():
        rows = list({r[pks[table]]: r for r in rows}.values())  # one row per id
        if _same(db, table, pks[table], rows):
            outcome[table] = "unchanged"
            continue
        with write_transaction(db):
            db.execute(f"delete from [{table}]")
            db[table].insert_all(rows, pk=pks[table], batch_size=500)
        outcome[table] = "updated"
    return outcome


def ensure_register(db: Database, path: str | None = None) -> str:
    """Make the archive's register tables match the register files; "unchanged" or "updated".

    The files are hashed, not parsed, when nothing changed (parsing takes seconds), and
    the hash is kept in the fetch log like any other source. A register that changed is
    parsed here, so a broken one raises RegisterError before any spider starts.
    """
    from pipelines.fetch_log import FetchEntry, FetchLog
    from pipelines.search_order import rebuild_search_facets
    from pipelines.speakers import load_register
    from pipelines.speakers.register import register_fingerprint
    from pipelines.store import utc_now

    log = FetchLog(db)
    key = "register:"  # one entry: the fingerprint covers the register's path too
    fingerprint = register_fingerprint(path)
    if log.known(key, fingerprint) is not None and db["people"].count:
        return "unchanged"
    outcome = write_register(db, load_register(path))
    if outcome.get("people") == "updated" and db["search_facets"].exists():
        with write_transaction(db):  # the names search shows and counts by
            rebuild_search_facets(db)
    log.record([FetchEntry(key, fingerprint, 0)], run_id=None, at=utc_now())
    return "updated" if "updated" in outcome.values() else "unchanged"
