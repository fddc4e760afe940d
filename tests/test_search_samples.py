"""The sample indexes hold exactly their share of the speeches through every kind of
write, and the estimates made from them stay close to the truth."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from conftest import make_document
from sqlite_utils import Database

from benchmarks import synthetic
from pipelines import search as search_module
from pipelines.search import Query, search
from pipelines.search_order import SLOT_BITS
from pipelines.search_samples import LEVELS, table
from pipelines.store import Archive


def is_member(rowid: int, level: int) -> bool:
    return ((rowid >> SLOT_BITS) * 7 + rowid) % (1 << level) == 0


def assert_samples_follow(db: Database, word: str) -> None:
    """Each sample index finds `word` in exactly the member rows the full index finds."""
    sql = "select rowid from contributions_fts where contributions_fts match ?"
    matching = [r[0] for r in db.execute(sql, [word])]
    for level in LEVELS:
        name = table(level)
        found = [
            r[0] for r in db.execute(f"select rowid from [{name}] where [{name}] match ?", [word])
        ]
        assert found == [r for r in matching if is_member(r, level)], level
        db.execute(f"insert into [{name}]([{name}]) values ('integrity-check')")


def many_speeches(n: int, word: str = "mutuals") -> list[str]:
    return [f"Speech {i} about {word}." for i in range(n)]


def test_samples_follow_inserts_updates_renumbering_and_deletes(archive: Archive) -> None:
    db = archive.db
    for n, day in enumerate(["2013-02-08", "1975-01-14", "2010-11-17"]):
        archive.write_document(make_document(many_speeches(40), id=f"x:{n}", date=day))
    members = [r[0] for r in db.execute("select rowid from contributions") if is_member(r[0], 4)]
    assert members, "the test needs rows in the finest sample"
    assert_samples_follow(db, "mutuals")

    edited = many_speeches(40)
    edited[::3] = [f"Speech {i} about cooperatives." for i in range(0, 40, 3)]
    archive.write_document(make_document(edited, id="x:0", date="2013-02-08"))  # text changed
    archive.write_document(make_document(many_speeches(40), id="x:1", date="2012-06-25"))  # moved
    archive.write_document(make_document(many_speeches(15), id="x:2", date="2010-11-17"))  # shorter
    for word in ("mutuals", "cooperatives", "speech"):
        assert_samples_follow(db, word)


def test_an_archive_without_samples_gets_them_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    archive = Archive(path)
    archive.write_document(make_document(many_speeches(300), id="x:1"))
    for level in LEVELS:
        archive.db.execute(f"drop table [{table(level)}]")
    archive.db.conn.commit()
    archive.db.close()
    assert_samples_follow(Archive(path).db, "mutuals")


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    out = tmp_path_factory.mktemp("samples") / "synth.db"
    argv = ["--contributions", "20000", "--out", str(out), "--seed", "7", "--workers", "0"]
    assert synthetic.main([*argv, "--vocabulary-files", "4"]) == 0
    connection = sqlite3.connect(out)
    yield connection
    connection.close()


def test_a_bulk_built_archive_has_full_samples(conn: sqlite3.Connection) -> None:
    assert_samples_follow(Database(conn), "the")


@pytest.mark.parametrize(
    "query",
    [Query("the"), Query("government"), Query("the", filters={"party": "Lab"})],
    ids=["most speeches", "common word", "with a party"],
)
def test_estimates_from_samples_are_close_to_exact_counts(
    conn: sqlite3.Connection, query: Query
) -> None:
    exact = search(conn, Query(query.q, filters=query.filters, exact_limit=10**9))
    estimate = search(conn, Query(query.q, filters=query.filters, exact_limit=1_000))
    assert estimate.estimated and not exact.estimated
    assert abs(estimate.total - exact.total) / exact.total < 0.15
    truth = dict(exact.facets["party"])
    for party, n in estimate.facets["party"]:
        if truth[party] > exact.total / 10:  # large groups: close; small ones may wander
            assert abs(n - truth[party]) / truth[party] < 0.25, (party, n, truth[party])


def test_a_common_word_is_counted_in_a_coarse_sample(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A word in nearly every speech is counted in a sample coarser than the finest, the
    first holding MIN_SAMPLE of its matches, and each row there stands for 2^level."""
    monkeypatch.setattr(search_module, "MIN_SAMPLE", 100)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        found = search(conn, Query("the", exact_limit=1_000))
    finally:
        conn.set_trace_callback(None)
    used = [lv for sql in statements for lv in LEVELS if re.search(rf"\b{table(lv)}\b", sql)]
    level = used[-1]  # the last sample read is the one counted in
    assert LEVELS[-1] < level and found.estimated
    rows = conn.execute(
        f"select count(*) from [{table(level)}] f join search_facets s on s.rowid = f.rowid"
        f" where [{table(level)}] match 'the' and s.shown"
    ).fetchone()[0]
    assert rows >= 100
    titles = conn.execute("select count(*) from documents_fts where documents_fts match 'the'")
    assert found.total == rows * (1 << level) + titles.fetchone()[0]
