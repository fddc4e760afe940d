"""Real crawls: Scrapy over HTTP on 127.0.0.1 against the replay server, into a real archive.

The offline build is run exactly as README's first command runs it (`scripts/build`),
twice, to show the second run changes nothing. Bad input is scripted on the replay
server and crawled with `scrapy crawl govuk`, to show each failure is logged with its
URL, counted, kept in `scrape_events`, and that the archive keeps what it had.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import MUTUALS_DOCUMENTS, run, snapshot
from sqlite_utils import Database

from pipelines.config import REPO_ROOT
from pipelines.store import Archive
from replay.server import Canned, ReplayServer
from scraper.parsers.govuk import parse_content

RIGHTS_TO_PROVIDE = "govuk:/government/news/big-society-plans-for-better-public-services"
PRESS_RELEASE_FILE = (
    "reconstructed/govuk/content-api/news_article/big-society-plans-for-better-public-services.json"
)
CONTENT = "https://www.gov.uk/api/content"
SEARCH = "https://www.gov.uk/api/search.json?q=mutuals&filter_content_store_document_type="


def test_offline_build_succeeds_and_says_what_it_did(built: dict) -> None:
    assert built["first"].returncode == 0, built["first"].stderr[-3000:]
    assert "govuk" in built["first"].stdout
    assert "govuk      errors  requests   36  new   1" in built["first"].stdout


def test_build_holds_the_rights_to_provide_press_release(built: dict) -> None:
    db = Database(built["db"])
    doc = db["documents"].get(RIGHTS_TO_PROVIDE)
    assert doc["title"] == "Big Society plans for better public services"
    assert doc["date"] == "2010-11-17"
    assert json.loads(doc["organisations"]) == ["Cabinet Office"]
    assert json.loads(doc["people"])[0]["name"] == "Francis Maude"
    assert (
        doc["url"]
        == "https://www.gov.uk/government/news/big-society-plans-for-better-public-services"
    )
    assert len(doc["content_sha256"]) == 64


def test_build_keeps_nothing_off_topic(built: dict) -> None:
    db = Database(built["db"])
    assert {r["id"] for r in db.query("select id from documents")} == set(
        MUTUALS_DOCUMENTS.values()
    )
    dropped = db.execute(
        "select count(*) from scrape_events where kind = 'dropped' and run_id = "
        "(select min(id) from scrape_runs where spider = 'govuk')"
    ).fetchone()[0]
    assert dropped == 19  # every recorded GOV.UK item that is not about mutuals, each with a reason


def test_full_text_search_finds_it(built: dict) -> None:
    db = Database(built["db"])
    rows = db.query(
        "select distinct c.document_id from contributions c "
        "join contributions_fts f on c.rowid = f.rowid where contributions_fts match 'mutuals'"
    )
    assert RIGHTS_TO_PROVIDE in {r["document_id"] for r in rows}


def test_second_build_changes_nothing(built: dict) -> None:
    assert built["second"].returncode == 0, built["second"].stderr[-3000:]
    assert snapshot(built["db"]) == built["after_first"]
    runs = list(Database(built["db"]).query("select * from scrape_runs order by spider, id"))
    counts = [(r["spider"], r["new"], r["unchanged"], r["updated"]) for r in runs]
    assert counts == [
        ("govuk", 1, 0, 0),
        ("govuk", 0, 1, 0),
        ("hansard", 1, 0, 0),
        ("hansard", 0, 1, 0),
        ("news", 2, 0, 0),
        ("news", 0, 2, 0),
        ("twfy", 1, 0, 0),
        ("twfy", 0, 1, 0),
    ]


# --- bad input -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def press_release(corpus: Path) -> bytes:
    return (corpus / PRESS_RELEASE_FILE).read_bytes()


def faults(press_release: bytes) -> dict[str, Canned]:
    empty = json.loads(press_release)
    empty["base_path"] = "/government/news/empty-item"
    empty["details"]["body"] = ""
    return {
        SEARCH + "speech": Canned(422, b'{"error": "Invalid value for count"}'),
        SEARCH + "news_story": Canned(200, b'{"results": [{"link": "/gov'),
        SEARCH + "oral_statement": Canned(200, b"{}", delay=4),
        SEARCH + "written_statement": Canned(503, b"busy", headers={"Retry-After": "1"}),
        SEARCH + "authored_article": Canned(reset=True),
        CONTENT + "/government/news/big-society-plans-for-better-public-services": Canned(503),
        CONTENT + "/government/news/empty-item": Canned(200, json.dumps(empty).encode()),
        CONTENT + "/government/news/truncated-item": Canned(200, press_release[:700]),
    }


@pytest.fixture(scope="module")
def bad_crawl(corpus: Path, press_release: bytes, tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("bad") / "archive.db"
    archive = Archive(db)
    archive.write_document(parse_content(press_release, "2026-01-01T00:00:00+00:00"))
    archive.close()
    before = snapshot(db)
    urls = ",".join(
        CONTENT + path
        for path in (
            "/government/news/empty-item",
            "/government/news/truncated-item",
            "/government/ministers/prime-minister",
            "/government/news/never-recorded",
        )
    )
    with ReplayServer(corpus, overrides=faults(press_release)) as server:
        settings = {
            "GOVUK_BASE_URL": server.base_url("https://www.gov.uk"),
            "DOWNLOAD_TIMEOUT": "1",
            "RETRY_TIMES": "1",
            "AUTOTHROTTLE_ENABLED": "False",
            "DOWNLOAD_DELAY": "0",
        }
        command = [sys.executable, "-m", "scrapy", "crawl", "govuk", "-a", f"urls={urls}"]
        command += ["-a", "discover=yes", "-s", "MUTUALS_TOPIC=" + str(REPO_ROOT / "topics.yml")]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        result = run(command, db)
    events = list(Database(db).query("select kind, url, reason from scrape_events"))
    return {"db": db, "result": result, "before": before, "events": events}


def events_for(bad_crawl: dict, url_part: str) -> list[tuple[str, str]]:
    return [(e["kind"], e["reason"]) for e in bad_crawl["events"] if e["url"].endswith(url_part)]


@pytest.mark.parametrize(
    ("url_part", "kind", "reason_part"),
    [
        ("mutuals&filter_content_store_document_type=speech", "error:http_error", "HTTP 422"),
        (
            "mutuals&filter_content_store_document_type=news_story",
            "error:parse_error",
            "malformed or truncated JSON",
        ),
        (
            "mutuals&filter_content_store_document_type=oral_statement",
            "error:timeout",
            "download timeout",
        ),
        (
            "mutuals&filter_content_store_document_type=written_statement",
            "error:http_error",
            "HTTP 503",
        ),
        (
            "mutuals&filter_content_store_document_type=authored_article",
            "error:connection_lost",
            "",
        ),
        (
            "/government/news/big-society-plans-for-better-public-services",
            "error:http_error",
            "HTTP 503",
        ),
        ("empty-item", "dropped", "no body text"),
        ("truncated-item", "error:parse_error", "malformed or truncated JSON"),
        ("/government/ministers/prime-minister", "skipped:unsupported", "'role'"),
        ("never-recorded", "error:http_error", "HTTP 404"),
    ],
)
def test_each_bad_input_is_recorded_with_url_and_reason(
    bad_crawl: dict, url_part: str, kind: str, reason_part: str
) -> None:
    found = events_for(bad_crawl, url_part)
    assert len(found) == 1, (url_part, bad_crawl["events"])
    assert found[0][0].startswith(kind) and reason_part in found[0][1], found


def test_bad_input_is_logged_with_its_url(bad_crawl: dict) -> None:
    log = bad_crawl["result"].stderr
    assert "truncated-item" in log and "malformed or truncated JSON" in log
    assert "HTTP 422" in log


def test_bad_input_is_counted_in_the_run(bad_crawl: dict) -> None:
    assert bad_crawl["result"].returncode == 0, bad_crawl["result"].stderr[-3000:]
    run_row = next(Database(bad_crawl["db"]).query("select * from scrape_runs"))
    errors = [e for e in bad_crawl["events"] if e["kind"].startswith("error:")]
    assert run_row["status"] == "errors"
    # 8 scripted faults, and 6 searches for the topic's second term that were never recorded
    assert run_row["errors"] == len(errors) == 8 + 6
    assert run_row["dropped"] == 2  # the empty item and the role page
    stats = json.loads(run_row["stats"])
    assert stats["errors/http_error"] == 4 + 6
    assert stats["errors/parse_error"] == 2


def test_bad_input_loses_nothing_already_archived(bad_crawl: dict) -> None:
    assert snapshot(bad_crawl["db"]) == bad_crawl["before"]


# --- another corpus ----------------------------------------------------------------------


def test_build_reads_another_corpus_folder(corpus: Path, tmp_path: Path) -> None:
    """`MUTUALS_CORPUS` points the build at any folder of the same layout."""
    other = tmp_path / "corpus"
    (other / "items").mkdir(parents=True)
    (other / "items/release.json").write_bytes((corpus / PRESS_RELEASE_FILE).read_bytes())
    header = "file\tkind\tsource_repo\tsource_path\tcommit\turl\tlicence\tnote\n"
    row = f"items/release.json\tgovuk-content-json\t\t\t\t{CONTENT}/government/news/x\tOGL\ttest\n"
    (other / "MANIFEST.tsv").write_text(header + row)
    db = tmp_path / "other.db"
    register = str(corpus / "members")
    result = run(
        [sys.executable, "scripts/build"], db, MUTUALS_CORPUS=str(other), MUTUALS_REGISTER=register
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert [r["id"] for r in Database(db).query("select id from documents")] == [RIGHTS_TO_PROVIDE]
    assert "hansard: this corpus records no documents of this source; not run" in result.stdout
    assert "twfy: this corpus records no documents of this source; not run" in result.stdout
    assert "news: this corpus records no documents of this source; not run" in result.stdout


def test_build_without_a_register_says_so(corpus: Path, tmp_path: Path) -> None:
    result = run(
        [sys.executable, "scripts/build"], tmp_path / "a.db", MUTUALS_REGISTER=str(tmp_path)
    )
    assert result.returncode == 2
    assert "Cannot build" in result.stderr and str(tmp_path) in result.stderr


def test_build_without_a_corpus_says_so(tmp_path: Path) -> None:
    result = run([sys.executable, "scripts/build"], tmp_path / "a.db", MUTUALS_CORPUS=str(tmp_path))
    assert result.returncode == 2
    assert "MANIFEST.tsv" in result.stderr


# --- a busy server -----------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
def test_a_busy_server_is_retried_after_the_time_it_asks(
    corpus: Path, tmp_path: Path, status: int
) -> None:
    url = CONTENT + "/government/news/big-society-plans-for-better-public-services"
    busy = {url: Canned(status, b"busy", headers={"Retry-After": "1"}, times=2)}
    db = tmp_path / "archive.db"
    with ReplayServer(corpus, overrides=busy) as server:
        command = [sys.executable, "-m", "scrapy", "crawl", "govuk", "-a", f"urls={url}"]
        command += ["-s", f"GOVUK_BASE_URL={server.base_url('https://www.gov.uk')}"]
        command += ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
        result = run(command, db)
        statuses = [s for _, path, s in server.requests if path.endswith("better-public-services")]
    assert result.returncode == 0, result.stderr[-2000:]
    assert statuses == [status, status, 200]
    assert "Waiting 1.0s before retry 1" in result.stderr
    assert "Waiting 1.0s before retry 2" in result.stderr
    run_row = next(Database(db).query("select * from scrape_runs"))
    assert (run_row["status"], run_row["new"], run_row["errors"]) == ("ok", 1, 0)
    assert json.loads(run_row["stats"])["retry/backoff_seconds"] == 2.0


def test_a_server_that_stays_busy_is_given_up_and_reported(corpus: Path, tmp_path: Path) -> None:
    url = CONTENT + "/government/news/big-society-plans-for-better-public-services"
    db = tmp_path / "archive.db"
    with ReplayServer(corpus, overrides={url: Canned(503, b"down")}) as server:
        command = [sys.executable, "-m", "scrapy", "crawl", "govuk", "-a", f"urls={url}"]
        command += ["-s", f"GOVUK_BASE_URL={server.base_url('https://www.gov.uk')}"]
        command += ["-s", "RETRY_TIMES=2", "-s", "RETRY_BACKOFF_BASE=0.2"]
        command += ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
        result = run(command, db)
    run_row = next(Database(db).query("select * from scrape_runs"))
    assert (run_row["status"], run_row["errors"]) == ("empty", 1)
    assert "no documents were found or fetched; 1 error" in run_row["reason"]
    assert "Gave up retrying" in result.stderr
