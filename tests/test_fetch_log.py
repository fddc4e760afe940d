"""The fetch log: a body processed before is not parsed again, and a skip never loses data.

Unit tests of `pipelines.fetch_log` on a real SQLite archive, then real crawls through
Scrapy against the replay server: unchanged, changed, deleted from the archive,
unreadable, forced, and a TheyWorkForYou file superseded by a newer version.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import crawl_spider, make_document
from sqlite_utils import Database
from test_crawl_twfy import RECORDED, XML, version

from pipelines import fetch_log
from pipelines.fetch_log import FetchEntry, FetchLog, processing_fingerprint, sha256_of
from pipelines.store import Archive
from replay.manifest import url_key
from replay.server import Canned, ReplayServer

PRESS_RELEASE = (
    "https://www.gov.uk/api/content/government/news/big-society-plans-for-better-public-services"
)
PRESS_RELEASE_ID = "govuk:/government/news/big-society-plans-for-better-public-services"


# --- the log itself ----------------------------------------------------------------------


@pytest.fixture
def logged(archive: Archive) -> FetchLog:
    doc = make_document(["Mutuals spin out."], content_sha256="a" * 64)
    archive.write_document(doc)
    log = FetchLog(archive.db)
    log.record([FetchEntry("https://x/1", "a" * 64, 1)], run_id=1, at="2026-11-22T00:00:00")
    return log


def test_a_body_processed_before_is_known_with_its_documents(logged: FetchLog) -> None:
    assert logged.known("https://x/1", "a" * 64) == 1


def test_a_changed_body_or_an_unknown_url_is_not(logged: FetchLog) -> None:
    assert logged.known("https://x/1", "b" * 64) is None
    assert logged.known("https://x/2", "a" * 64) is None


def test_after_a_change_of_code_or_configuration_everything_is_processed_again(
    logged: FetchLog,
) -> None:
    logged.fingerprint = "another version"
    assert logged.known("https://x/1", "a" * 64) is None


def test_a_document_missing_from_the_archive_makes_its_body_unknown(logged: FetchLog) -> None:
    logged.db.execute("delete from contributions")
    logged.db.execute("delete from documents")
    assert logged.known("https://x/1", "a" * 64) is None


def test_recording_the_same_entries_again_writes_nothing(logged: FetchLog) -> None:
    again = logged.record([FetchEntry("https://x/1", "a" * 64, 1)], 2, "2026-11-23T00:00:00")
    assert again == 0
    assert logged.db["fetches"].get("https://x/1")["run_id"] == 1


def test_the_fingerprint_covers_the_topic_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = tmp_path / "topics.yml"
    topic.write_text("a: 1\n")
    monkeypatch.setenv("MUTUALS_TOPIC", str(topic))
    processing_fingerprint.cache_clear()
    first = processing_fingerprint()
    topic.write_text("a: 2\n")
    processing_fingerprint.cache_clear()
    try:
        assert processing_fingerprint() != first
    finally:
        monkeypatch.delenv("MUTUALS_TOPIC")
        processing_fingerprint.cache_clear()


def test_sha256_of_is_the_documents_content_hash() -> None:
    assert sha256_of(b"body") == fetch_log.hashlib.sha256(b"body").hexdigest()


# --- through Scrapy ----------------------------------------------------------------------


def crawl_press_release(server: ReplayServer, db: Path, **env: str) -> dict:
    return crawl_spider(server, db, "govuk", "-a", f"urls={PRESS_RELEASE}", **env)


def stats(crawl: dict) -> dict:
    return json.loads(crawl["run"]["stats"])


@pytest.fixture(scope="module")
def twice(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("fetchlog") / "archive.db"
    with ReplayServer(corpus) as server:
        first = crawl_press_release(server, db)
        second = crawl_press_release(server, db)
    return {"db": db, "first": first, "second": second}


def test_the_first_crawl_logs_the_body_it_stored(twice: dict) -> None:
    assert twice["first"]["run"]["new"] == 1
    entry = Database(twice["db"])["fetches"].get(PRESS_RELEASE)  # the live URL, not the replay's
    assert entry["documents"] == 1
    stored = Database(twice["db"])["documents"].get(PRESS_RELEASE_ID)
    assert entry["sha256"] == stored["content_sha256"]


def test_the_second_crawl_does_not_parse_it_again(twice: dict) -> None:
    run = twice["second"]["run"]
    assert (run["status"], run["new"], run["updated"], run["unchanged"]) == ("ok", 0, 0, 1)
    assert stats(twice["second"])["fetch_log/unchanged"] == 1
    assert "item_scraped_count" not in stats(twice["second"])  # nothing went down the pipeline


def test_a_changed_body_is_processed_and_replaces_the_document(
    corpus: Path, twice: dict, tmp_path: Path
) -> None:
    db = tmp_path / "archive.db"
    db.write_bytes(Path(twice["db"]).read_bytes())
    changed_title = "Big Society plans for better public services (updated)"
    with ReplayServer(corpus) as server:
        body = server.recordings[url_key(PRESS_RELEASE)].file.read_bytes()
        title = b"Big Society plans for better public services"
        edited = body.replace(title, changed_title.encode(), 1)
        assert edited != body
        server.override(PRESS_RELEASE, Canned(200, edited, {"Content-Type": "application/json"}))
        crawl = crawl_press_release(server, db)
    assert (crawl["run"]["updated"], stats(crawl).get("fetch_log/unchanged", 0)) == (1, 0)
    assert Database(db)["documents"].get(PRESS_RELEASE_ID)["title"] == changed_title
    assert Database(db)["fetches"].get(PRESS_RELEASE)["sha256"] == sha256_of(edited)


def test_a_document_deleted_from_the_archive_is_stored_again(
    corpus: Path, twice: dict, tmp_path: Path
) -> None:
    db = tmp_path / "archive.db"
    db.write_bytes(Path(twice["db"]).read_bytes())
    archive = Database(db)
    archive.execute("delete from claims")
    archive.execute("delete from contributions")
    archive.execute("delete from documents")
    archive.conn.commit()
    with ReplayServer(corpus) as server:
        crawl = crawl_press_release(server, db)
    assert crawl["run"]["new"] == 1
    assert Database(db)["documents"].get(PRESS_RELEASE_ID)


def test_mutuals_reparse_processes_every_body(corpus: Path, twice: dict, tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    db.write_bytes(Path(twice["db"]).read_bytes())
    with ReplayServer(corpus) as server:
        crawl = crawl_press_release(server, db, MUTUALS_REPARSE="1")
    assert crawl["run"]["unchanged"] == 1
    assert stats(crawl)["item_scraped_count"] == 2  # the document, then its Fetched record
    assert "fetch_log/unchanged" not in stats(crawl)


def test_an_unreadable_body_is_not_logged_and_is_reported_every_run(
    corpus: Path, tmp_path: Path
) -> None:
    db = tmp_path / "archive.db"
    with ReplayServer(corpus) as server:
        body = server.recordings[url_key(PRESS_RELEASE)].file.read_bytes()
        server.override(PRESS_RELEASE, Canned(200, body[:700]))
        crawls = [crawl_press_release(server, db) for _ in range(2)]
    for crawl in crawls:
        assert [e["kind"] for e in crawl["events"] if e["url"].endswith("services")][-1] == (
            "error:parse_error"
        )
        assert crawl["run"]["errors"] == 1
    assert Database(db)["fetches"].count_where("url like 'https://www.gov.uk/%'") == 0


def test_an_unchanged_superseded_day_file_still_leads_to_its_newer_version(
    corpus: Path, tmp_path: Path
) -> None:
    recorded = (corpus / RECORDED).read_bytes()
    older, newer = XML + "debates2011-12-14a.xml", XML + "debates2011-12-14b.xml"
    overrides = {
        older: Canned(200, version(recorded, "a", "no", extra_section=False, edit=False)),
        newer: Canned(200, version(recorded, "b", "yes", extra_section=False, edit=True)),
    }
    db = tmp_path / "archive.db"
    with ReplayServer(corpus, overrides=overrides) as server:
        crawls = [crawl_spider(server, db, "twfy", "-a", f"urls={older}") for _ in range(2)]
        fetched = [path for _, path, _ in server.requests]
    assert crawls[0]["run"]["new"] == 1
    assert stats(crawls[1])["fetch_log/unchanged"] == 2  # the older file and the newer one
    assert (crawls[1]["run"]["unchanged"], crawls[1]["run"]["removed"]) == (1, 0)
    assert sum(p.endswith("debates2011-12-14b.xml") for p in fetched) == 2
    assert Database(db)["fetches"].get(newer)["documents"] == 1
