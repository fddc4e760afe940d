"""Contribution and document rowids say the date, so that "newest first" is an index walk
at any size."""

from __future__ import annotations

from pathlib import Path

from conftest import make_document
from sqlite_utils import Database

from pipelines.search_order import (
    DOCUMENTS_DATE_ORDERED,
    SLOT_BITS,
    day_number,
    day_range,
)
from pipelines.store import Archive


def rowids(db: Database, doc_id: str) -> list[int]:
    sql = "select rowid from contributions where document_id = ? order by position"
    return [r[0] for r in db.execute(sql, [doc_id])]


def newest_first(db: Database, query: str) -> list[str]:
    sql = (
        "select c.date from contributions_fts f join contributions c on c.rowid = f.rowid "
        "where contributions_fts match ? order by f.rowid desc"
    )
    return [r[0] for r in db.execute(sql, [query])]


def test_day_numbers_and_ranges() -> None:
    assert day_number("1700-01-01") == 1 and day_number(None) == 0 and day_number("x") == 0
    low, high = day_range("2010-11-17", "2010-11-17")
    assert low == day_number("2010-11-17") << SLOT_BITS
    assert high == ((day_number("2010-11-17") + 1) << SLOT_BITS) - 1


def test_documents_written_in_any_order_are_numbered_by_date(archive: Archive) -> None:
    for n, day in enumerate(["2013-02-08", "1975-01-14", "2010-11-17", "2013-02-08"]):
        doc = make_document(["Mutuals spin out.", "More mutuals."], id=f"x:{n}", date=day)
        archive.write_document(doc)
    found = newest_first(archive.db, "mutuals")
    assert found == sorted(found, reverse=True) and len(found) == 8
    same_day = rowids(archive.db, "x:0") + rowids(archive.db, "x:3")
    assert [r >> SLOT_BITS for r in same_day] == [day_number("2013-02-08")] * 4
    assert len(set(same_day)) == 4


def test_an_update_keeps_rowids_and_a_new_date_renumbers(archive: Archive) -> None:
    archive.write_document(make_document(["One mutual.", "Two mutuals."], id="x:1"))
    before = rowids(archive.db, "x:1")
    archive.write_document(make_document(["One mutual.", "Two mutuals, corrected."], id="x:1"))
    assert rowids(archive.db, "x:1") == before
    archive.write_document(
        make_document(["One mutual.", "Two mutuals."], id="x:1", date="2012-06-25")
    )
    assert [r >> SLOT_BITS for r in rowids(archive.db, "x:1")] == [day_number("2012-06-25")] * 2
    assert newest_first(archive.db, "corrected") == []  # the FTS index followed


def test_an_older_archive_is_renumbered_once_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    archive = Archive(path)
    for n, day in enumerate(["2013-02-08", "1975-01-14", "2010-11-17"]):
        archive.write_document(make_document([f"Mutuals {n}."], id=f"x:{n}", date=day))
    db = archive.db
    for n in range(3):  # as an archive numbered in insertion order was
        db.execute("update contributions set rowid = ? where document_id = ?", [n + 1, f"x:{n}"])
    db.execute("insert into contributions_fts(contributions_fts) values ('rebuild')")
    db.execute("PRAGMA user_version = 0")
    db.conn.commit()
    db.close()

    db = Archive(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == DOCUMENTS_DATE_ORDERED
    assert newest_first(db, "mutuals") == ["2013-02-08", "2010-11-17", "1975-01-14"]
    db.execute("insert into contributions_fts(contributions_fts) values ('integrity-check')")
    triggers = {r[0] for r in db.execute("select name from sqlite_master where type='trigger'")}
    assert {"contributions_ai", "contributions_ad", "contributions_au"} <= triggers


def document_keys(db: Database) -> dict[str, int]:
    return dict(db.execute("select id, rowid from documents").fetchall())


def newest_titles_first(db: Database, query: str) -> list[str]:
    sql = (
        "select d.date from documents_fts f join documents d on d.rowid = f.rowid "
        "where documents_fts match ? order by f.rowid desc"
    )
    return [r[0] for r in db.execute(sql, [query])]


def test_documents_are_numbered_by_date_and_renumbered_when_it_changes(archive: Archive) -> None:
    for n, day in enumerate(["2013-02-08", "1975-01-14", "2010-11-17", "2013-02-08"]):
        doc = make_document(["Mutuals spin out."], id=f"x:{n}", date=day, title=f"Mutuals {n}")
        archive.write_document(doc)
    keys = document_keys(archive.db)
    assert {n: keys[f"x:{n}"] >> SLOT_BITS for n in range(4)} == {
        0: day_number("2013-02-08"),
        1: day_number("1975-01-14"),
        2: day_number("2010-11-17"),
        3: day_number("2013-02-08"),
    }
    assert keys["x:3"] == keys["x:0"] + 1  # the day's next place
    found = newest_titles_first(archive.db, "mutuals")
    assert found == sorted(found, reverse=True) and len(found) == 4

    archive.write_document(
        make_document(["Mutuals spin out."], id="x:1", date="1975-01-14", title="Mutuals, again")
    )
    assert document_keys(archive.db)["x:1"] == keys["x:1"]  # updated in place
    archive.write_document(
        make_document(["Mutuals spin out."], id="x:1", date="2014-03-01", title="Mutuals 1")
    )
    moved = document_keys(archive.db)["x:1"]
    assert moved >> SLOT_BITS == day_number("2014-03-01")
    assert newest_titles_first(archive.db, "mutuals")[0] == "2014-03-01"
    assert newest_titles_first(archive.db, "again") == []  # the FTS index followed
    facet = archive.db.execute("select date from search_document_facets where rowid = ?", [moved])
    assert facet.fetchone()[0] == "2014-03-01"
    archive.db.execute("insert into documents_fts(documents_fts) values ('integrity-check')")


def test_an_archive_with_contributions_in_date_order_gets_its_documents_numbered(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.db"
    archive = Archive(path)
    for n, day in enumerate(["2013-02-08", "1975-01-14", "2010-11-17"]):
        archive.write_document(
            make_document([f"Speech {n}."], id=f"x:{n}", date=day, title=f"Mutuals {n}")
        )
    db = archive.db
    speeches = db.execute("select rowid, id from contributions order by rowid").fetchall()
    for n in range(3):  # documents numbered in insertion order, as before
        db.execute("update documents set rowid = ? where id = ?", [n + 1, f"x:{n}"])
    db.execute("insert into documents_fts(documents_fts) values ('rebuild')")
    db.execute("delete from search_document_facets")
    db.execute("PRAGMA user_version = 1")
    db.conn.commit()
    db.close()

    db = Archive(path).db
    assert db.execute("PRAGMA user_version").fetchone()[0] == DOCUMENTS_DATE_ORDERED
    assert newest_titles_first(db, "mutuals") == ["2013-02-08", "2010-11-17", "1975-01-14"]
    assert db.execute("select rowid, id from contributions order by rowid").fetchall() == speeches
    db.execute("insert into documents_fts(documents_fts) values ('integrity-check')")
    mirrored = db.execute(
        "select count(*) from documents d join search_document_facets f "
        "on f.rowid = d.rowid and f.date = d.date"
    ).fetchone()[0]
    assert mirrored == 3
    triggers = {r[0] for r in db.execute("select name from sqlite_master where type='trigger'")}
    assert {"documents_ai", "documents_ad", "documents_au", "search_document_facets_ai"} <= triggers
