"""The cron job's promises: nothing changes when nothing changed, one run at a time,
a loud exit code when a source breaks, and an archive that passes its integrity check."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import free_port, run, snapshot
from sqlite_utils import Database

from pipelines.config import REPO_ROOT
from pipelines.refresh_lock import AlreadyRunning, refresh_lock
from pipelines.runs import window
from pipelines.store import Archive

REFRESH = [sys.executable, "scripts/refresh", "--replay"]


@pytest.fixture(scope="module")
def refreshed(built: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("refresh") / "archive.db"
    db.write_bytes(Path(built["db"]).read_bytes())
    before = snapshot(db)
    result = run(REFRESH, db)
    return {"db": db, "before": before, "result": result}


def test_a_refresh_with_nothing_changed_changes_nothing(refreshed: dict) -> None:
    assert refreshed["result"].returncode == 0, refreshed["result"].stderr[-2000:]
    assert snapshot(refreshed["db"]) == refreshed["before"]
    assert "integrity_check: ok" in refreshed["result"].stdout


def test_it_reports_everything_unchanged(refreshed: dict) -> None:
    runs = list(Database(refreshed["db"]).query("select * from scrape_runs order by id"))[-4:]
    assert {r["spider"] for r in runs} == {"govuk", "hansard", "news", "twfy"}
    assert all((r["new"], r["updated"], r["removed"]) == (0, 0, 0) for r in runs)
    assert all(r["unchanged"] >= 1 for r in runs)


def test_nothing_unchanged_is_parsed_again(refreshed: dict) -> None:
    runs = list(Database(refreshed["db"]).query("select * from scrape_runs order by id"))[-4:]
    for run_row in runs:
        stats = json.loads(run_row["stats"])
        assert stats["fetch_log/unchanged"] >= 1, run_row["spider"]
        assert "item_scraped_count" not in stats, run_row["spider"]
        # only a body that failed before is tried again: a news page with no article text
        reasons = Database(refreshed["db"]).execute(
            "select distinct reason from scrape_events where run_id = ? and kind = 'dropped'",
            [run_row["id"]],
        )
        assert {r for (r,) in reasons} <= {"no body text"}
    assert "bodies as last processed: not parsed again" in refreshed["result"].stdout


def test_offline_the_recorded_searches_are_replayed_without_a_window(refreshed: dict) -> None:
    runs = list(Database(refreshed["db"]).query("select * from scrape_runs order by id"))[-4:]
    assert all(json.loads(r["arguments"]).get("since") is None for r in runs)


def test_since_is_passed_to_every_spider(built: dict, tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    db.write_bytes(Path(built["db"]).read_bytes())
    result = run([*REFRESH, "--since", "2010-05-12"], db)
    assert result.returncode == 0, result.stderr[-2000:]
    runs = list(Database(db).query("select * from scrape_runs order by id"))[-4:]
    assert {json.loads(r["arguments"])["since"] for r in runs} == {"2010-05-12"}


def runs_archive(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    archive = Archive(path)
    for spider, started, status in rows:
        row = {"spider": spider, "started_at": started, "status": status}
        archive.db["scrape_runs"].insert(row)
    archive.close()
    return path


def test_a_live_refresh_starts_a_day_before_the_last_success(tmp_path: Path) -> None:
    db = runs_archive(
        tmp_path / "archive.db",
        [
            ("govuk", "2026-11-18T06:00:00+00:00", "ok"),
            ("govuk", "2026-11-20T06:00:00+00:00", "errors"),
            ("govuk", "2026-11-21T06:00:00+00:00", "failed"),  # not a success: its window stays
            ("news", "2026-11-21T06:00:00+00:00", "empty"),
        ],
    )
    assert window(db, "govuk", None) == {"since": "2026-11-19"}
    assert window(db, "news", None) == {}  # never succeeded: the whole range
    assert window(db, "twfy", None) == {}
    assert window(db, "govuk", "2010-05-12") == {"since": "2010-05-12"}
    assert window(tmp_path / "none.db", "govuk", None) == {}


def test_a_second_refresh_waits_for_the_first(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    with refresh_lock(db):
        result = run(REFRESH, db)
    assert result.returncode == 75
    assert "already running" in result.stderr and f"pid {os.getpid()}" in result.stderr


def test_the_lock_dies_with_its_holder_even_by_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from pipelines.refresh_lock import refresh_lock; "
            f"ctx = refresh_lock(Path({str(db)!r})); ctx.__enter__(); print('held', flush=True); "
            "time.sleep(60)",
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(AlreadyRunning), refresh_lock(db):
        pass
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    time.sleep(0.1)
    with refresh_lock(db):  # taken at once: no stale lock
        pass


def test_a_source_that_breaks_fails_the_refresh_loudly(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "corpus"
    other.mkdir()
    (other / "page.html").write_bytes(b"<html><body><nav>Home</nav></body></html>")
    url = "https://www.publicfinance.co.uk/2013/02/when-the-feelings-mutual"
    header = "file\tkind\tsource_repo\tsource_path\tcommit\turl\tlicence\tnote\n"
    (other / "MANIFEST.tsv").write_text(
        header + f"page.html\tnews-article-html\t\t\t\t{url}\tx\tx\n"
    )
    result = run(
        [*REFRESH, "--spider", "news"],
        tmp_path / "a.db",
        MUTUALS_CORPUS=str(other),
        MUTUALS_REGISTER=str(corpus / "members"),
    )
    assert result.returncode == 1
    assert "FAILED: news" in result.stderr
    assert "every article of Public Finance (1) failed extraction" in result.stdout


def test_a_second_refresh_is_served_by_the_http_cache(built: dict, tmp_path: Path) -> None:
    """Unchanged pages are not fetched again: the RFC 2616 cache revalidates or reuses them."""
    db = tmp_path / "archive.db"
    db.write_bytes(Path(built["db"]).read_bytes())
    port = str(free_port())
    for _ in range(2):
        result = run(REFRESH, db, MUTUALS_REPLAY_PORT=port)
        assert result.returncode == 0, result.stderr[-2000:]
    runs = list(Database(db).query("select spider, stats from scrape_runs order by id"))[-4:]
    for run_row in runs:
        stats = json.loads(run_row["stats"])
        assert stats.get("httpcache/hit", 0) + stats.get("httpcache/revalidate", 0) > 0, run_row
    assert (tmp_path / "archive.db.httpcache").is_dir()
