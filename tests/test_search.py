"""pipelines.search against brute force on a real (synthetic) archive.

Exact paths must equal plain SQL over the `speeches` view; the bounded paths (estimated
counts, relevance among the newest matches) are reached with small limits and must say
they are estimates and stay close to the truth.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from conftest import make_document

from benchmarks import synthetic
from pipelines import search as search_module
from pipelines.search import Query, search
from pipelines.store import Archive


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    out = tmp_path_factory.mktemp("search") / "synth.db"
    argv = ["--contributions", "3000", "--out", str(out), "--seed", "5", "--workers", "0"]
    assert synthetic.main([*argv, "--vocabulary-files", "4", "--topic-scale", "20"]) == 0
    connection = sqlite3.connect(out)
    yield connection
    connection.close()


def brute_speeches(conn: sqlite3.Connection, q: str) -> list[tuple]:
    """(date, source, party, rank) of every speech matching, through the view."""
    return conn.execute(
        "select s.date, s.source, s.party, bm25(contributions_fts) from contributions_fts "
        "join speeches s on s.contribution_rowid = contributions_fts.rowid "
        "where contributions_fts match ?",
        [q],
    ).fetchall()


def brute_documents(conn: sqlite3.Connection, q: str) -> int:
    sql = "select count(*) from documents_fts where documents_fts match ?"
    return conn.execute(sql, [q]).fetchone()[0]


def test_exact_total_and_facets_equal_brute_force(conn: sqlite3.Connection) -> None:
    found = search(conn, Query("government"))
    speeches = brute_speeches(conn, "government")
    assert not found.estimated and found.ranked_within is None
    assert found.total == len(speeches) + brute_documents(conn, "government")
    parties = Counter(party for _, _, party, _ in speeches if party)
    assert dict(found.facets["party"]) == dict(parties)


def test_newest_first_is_the_latest_matches(conn: sqlite3.Connection) -> None:
    found = search(conn, Query("government", sort="newest", page_size=10))
    dates = [r["date"] for r in found.rows]
    assert dates == sorted(dates, reverse=True)
    latest = sorted((d for d, *_ in brute_speeches(conn, "government")), reverse=True)[:10]
    assert dates[0] >= latest[0] and dates[-1] >= latest[-1]


def test_oldest_first(conn: sqlite3.Connection) -> None:
    found = search(conn, Query("government", sort="oldest", page_size=10))
    dates = [r["date"] for r in found.rows]
    assert dates == sorted(dates)
    assert dates[0] == min(d for d, *_ in brute_speeches(conn, "government"))


def test_relevance_puts_the_best_bm25_speech_first(conn: sqlite3.Connection) -> None:
    found = search(conn, Query('"public service mutuals"'))
    best = min(brute_speeches(conn, '"public service mutuals"'), key=lambda r: r[3])
    speeches = [r for r in found.rows if r["type"] == "speech"]
    assert speeches[0]["date"] == best[0]
    assert "\x02" in speeches[0]["snippet"]  # the hit is marked for highlighting


def test_past_the_exact_limit_counts_are_estimated_and_close(conn: sqlite3.Connection) -> None:
    exact = search(conn, Query("the"))
    estimate = search(conn, Query("the", exact_limit=100))
    assert estimate.estimated and not exact.estimated
    assert abs(estimate.total - exact.total) / exact.total < 0.25
    sources = dict(exact.facets["source"])
    for value, n in estimate.facets["source"]:
        if sources[value] > 500:
            assert abs(n - sources[value]) / sources[value] < 0.35, (value, n, sources[value])


def test_past_the_limit_relevance_ranks_the_newest_matches(conn: sqlite3.Connection) -> None:
    found = search(conn, Query("the", exact_limit=100, rank_window=50, page_size=5))
    assert found.ranked_within == 50
    newest = search(conn, Query("the", sort="newest", page_size=50))
    window = {r["id"] for r in newest.rows if r["type"] == "speech"}
    assert {r["id"] for r in found.rows if r["type"] == "speech"} <= window


def test_title_hits_are_estimated_when_the_speeches_were(conn: sqlite3.Connection) -> None:
    """Past `document_sample_from` title hits, and only when the speeches' count is an
    estimate already, documents are counted in their 1-in-32 sample; the newest of them
    still come first, found by walking their date keys."""
    exact = search(conn, Query("the", exact_limit=100, sort="newest", page_size=200))
    sampled = search(
        conn, Query("the", exact_limit=100, document_sample_from=5, sort="newest", page_size=200)
    )
    member = "((rowid >> 24) * 7 + rowid) % 32 = 0"
    in_sample = conn.execute(
        f"select count(*) from documents_fts where documents_fts match 'the' and {member}"
    ).fetchone()[0]
    titles = brute_documents(conn, "the")
    assert titles > 5 and exact.estimated and sampled.estimated
    assert sampled.total - exact.total == 32 * in_sample - titles
    newest = conn.execute(
        "select d.id from documents_fts f join documents d on d.rowid = f.rowid "
        "where documents_fts match 'the' order by d.date desc, d.rowid desc limit 5"
    ).fetchall()
    shown = [r["id"] for r in sampled.rows if r["type"] == "document"][:5]
    assert shown == [r[0] for r in newest]
    assert shown == [r["id"] for r in exact.rows if r["type"] == "document"][:5]


@pytest.mark.parametrize("walk", [4_000, 3, 0])
@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_snippets_are_those_of_each_hit(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, sort: str, walk: int
) -> None:
    """Made in one walk over the page's matches, or looked up one by one past the walk's
    limit: the same passage either way."""
    monkeypatch.setattr(search_module, "SNIPPET_WALK", walk)
    found = search(conn, Query("government OR mutual*", sort=sort, page_size=15))
    assert len(found.rows) == 15
    for row in found.rows:
        table, function = (
            ("contributions_fts", "snippet(contributions_fts, -1, '\x02', '\x03', '…', 32)")
            if row["type"] == "speech"
            else ("documents_fts", "highlight(documents_fts, 0, '\x02', '\x03')")
        )
        key_table = "contributions" if row["type"] == "speech" else "documents"
        expected = conn.execute(
            f"select {function} from {table} where {table} match ? and rowid = "
            f"(select rowid from {key_table} where id = ?)",
            ["government OR mutual*", row["id"]],
        ).fetchone()[0]
        assert row["snippet"] == expected and "\x02" in expected


def test_a_year_filter_is_a_rowid_range(conn: sqlite3.Connection) -> None:
    year = search(conn, Query("government", sort="newest")).rows[0]["date"][:4]
    found = search(conn, Query("government", filters={"year": year}))
    assert found.rows and {r["date"][:4] for r in found.rows} == {year}
    assert dict(found.facets["year"]) == {year: found.total}


def test_a_date_range_and_a_party(conn: sqlite3.Connection) -> None:
    found = search(conn, Query("government", date_from="1950-01-01", date_to="1979-12-31"))
    assert all("1950-01-01" <= r["date"] <= "1979-12-31" for r in found.rows)
    party = search(conn, Query("government")).facets["party"][0][0]
    with_party = search(conn, Query("government", filters={"party": party}))
    assert {r["party"] for r in with_party.rows} == {party}  # documents have no party
    assert with_party.total == dict(search(conn, Query("government")).facets["party"])[party]


def test_pages_do_not_overlap(conn: sqlite3.Connection) -> None:
    first = search(conn, Query("government", sort="newest", page_size=7))
    second = search(conn, Query("government", sort="newest", page=2, page_size=7))
    assert not {r["id"] for r in first.rows} & {r["id"] for r in second.rows}
    assert first.rows[-1]["date"] >= second.rows[0]["date"]


def test_a_speech_in_both_sources_is_found_once(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "a.db")
    for source in ("hansard", "twfy"):
        archive.write_document(
            make_document(["Public service mutuals are growing."], id=f"{source}:1", source=source)
        )
    archive.db.execute("update contributions set same_as = 'hansard:1#0'")
    archive.db.conn.commit()
    found = search(archive.db.conn, Query("mutuals"))
    speeches = [r for r in found.rows if r["type"] == "speech"]
    assert [r["id"] for r in speeches] == ["hansard:1#0"]
