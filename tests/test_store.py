"""Storage promises: re-running changes nothing, updates replace whole, search stays in sync."""

from __future__ import annotations

from pathlib import Path

from conftest import make_document

from pipelines.store import Archive


def table_dump(archive: Archive) -> dict[str, list[dict]]:
    db = archive.db
    return {
        t: list(db.query(f"select * from [{t}] order by 1")) for t in ("documents", "contributions")
    }


def search(archive: Archive, query: str) -> list[str]:
    rows = archive.db.query(
        "select c.id from contributions c join contributions_fts f on c.rowid = f.rowid "
        "where contributions_fts match ? order by c.id",
        [query],
    )
    return [r["id"] for r in rows]


def test_first_write_is_new_and_searchable(archive: Archive) -> None:
    doc = make_document(["Rights to Provide for public sector workers.", "Mutuals will deliver."])
    assert archive.write_document(doc) == "new"
    assert archive.db["documents"].count == 1
    assert archive.db["contributions"].count == 2
    assert search(archive, "mutuals") == ["govuk:/government/news/example#1"]


def test_same_content_again_is_unchanged_and_keeps_fetch_time(archive: Archive) -> None:
    archive.write_document(make_document(["One paragraph about mutuals."]))
    before = table_dump(archive)
    again = make_document(["One paragraph about mutuals."], fetched_at="2027-01-01T00:00:00+00:00")
    assert archive.write_document(again) == "unchanged"
    assert table_dump(archive) == before


def test_changed_document_is_replaced_whole(archive: Archive) -> None:
    archive.write_document(make_document(["First about pathfinders.", "Second.", "Third."]))
    updated = make_document(["First about spin-outs."], content_sha256="1" * 64)
    assert archive.write_document(updated) == "updated"
    rows = table_dump(archive)["contributions"]
    assert [r["text"] for r in rows] == ["First about spin-outs."]
    assert search(archive, "pathfinders") == []
    assert search(archive, "spin") == ["govuk:/government/news/example#0"]


def test_title_search_follows_updates(archive: Archive) -> None:
    archive.write_document(make_document(["Text."], title="Old title"))
    archive.write_document(make_document(["Text."], title="Mutuals taskforce report"))
    rows = archive.db.query(
        "select d.id from documents d join documents_fts f on d.rowid = f.rowid "
        "where documents_fts match 'taskforce'"
    )
    assert [r["id"] for r in rows] == ["govuk:/government/news/example"]
    stale = archive.db.query("select count(*) n from documents_fts where documents_fts match 'old'")
    assert next(stale)["n"] == 0


def test_every_contribution_carries_provenance(archive: Archive) -> None:
    archive.write_document(make_document(["A.", "B."], content_sha256="a" * 64))
    for row in table_dump(archive)["contributions"]:
        assert row["url"] == "https://www.gov.uk/government/news/example"
        assert row["fetched_at"] == "2026-11-22T10:00:00+00:00"
        assert row["content_sha256"] == "a" * 64


def test_file_archive_uses_wal_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    first = Archive(path)
    first.write_document(make_document(["Mutuals."]))
    first.close()
    again = Archive(path)
    assert again.db.journal_mode == "wal"
    assert again.write_document(make_document(["Mutuals."])) == "unchanged"
    assert again.db["contributions"].count == 1


def test_runs_and_events_are_recorded(archive: Archive) -> None:
    run_id = archive.start_run("govuk", {"since": "2010-01-01"})
    archive.record_event(run_id, "govuk", "error:http_error", "https://www.gov.uk/x", "HTTP 503")
    archive.finish_run(run_id, status="errors", errors=1, stats={"a": 1})
    run = archive.db["scrape_runs"].get(run_id)
    assert (run["status"], run["errors"], run["stats"]) == ("errors", 1, '{"a": 1}')
    assert run["finished_at"] >= run["started_at"]
    event = next(archive.db.query("select * from scrape_events"))
    assert (event["run_id"], event["reason"]) == (run_id, "HTTP 503")


def test_an_archive_indexed_the_old_way_is_reindexed(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    Archive(path).write_document(make_document(["Words."], title="T"))
    db = Archive(path).db
    db.execute("drop trigger contributions_ai")
    db.execute("drop table contributions_fts")
    db["contributions"].enable_fts(["text"], tokenize="porter unicode61")
    reopened = Archive(path)
    columns = [c.name for c in reopened.db["contributions_fts"].columns]
    assert columns == ["text", "section"]
    assert (
        reopened.db.execute(
            "select count(*) from contributions_fts where contributions_fts match 'words'"
        ).fetchone()[0]
        == 1
    )


def test_old_runs_events_are_pruned_but_their_runs_kept(archive: Archive) -> None:
    for _ in range(3):
        for spider in ("govuk", "twfy"):
            run_id = archive.start_run(spider)
            archive.record_event(run_id, spider, "dropped", "https://x", "off-topic")
    assert archive.prune_events(keep_runs=2) == 2  # the oldest run of each spider
    assert archive.db["scrape_events"].count == 4
    assert archive.db["scrape_runs"].count == 6
    assert archive.prune_events(keep_runs=2) == 0


def test_speeches_stay_fast_after_analyze(tmp_path) -> None:
    """With same_as NULL almost everywhere, ANALYZE must not turn the view's twin join
    into a scan per row: the partial index on same_as keeps it a lookup."""
    archive = Archive(tmp_path / "a.db")
    for n in range(30):
        archive.write_document(make_document([f"Speech {i}" for i in range(10)], id=f"x:{n}"))
    db = archive.db
    db.execute("ANALYZE")
    plan = " ".join(r[3] for r in db.execute("explain query plan select count(*) from speeches"))
    assert "SEARCH twin USING INDEX contributions_same_as" in plan


def test_an_older_full_same_as_index_is_replaced(tmp_path) -> None:
    path = tmp_path / "a.db"
    db = Archive(path).db
    db.execute("DROP INDEX contributions_same_as")
    db.execute("CREATE INDEX contributions_same_as ON contributions(same_as)")
    db.close()
    sql = (
        Archive(path)
        .db.execute("select sql from sqlite_master where name = 'contributions_same_as'")
        .fetchone()[0]
    )
    assert "WHERE same_as IS NOT NULL" in sql
