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


def test_each_spider_crawls_the_window_since_its_last_success(refreshed: dict) -> None:
    runs = list(Database(refreshed["db"]).query("select * from scrape_runs order by id"))
    last_build = max(r["started_at"] for r in runs[:-4])[:10]
    for run_row in runs[-4:]:
        since = json.loads(run_row["arguments"])["since"]
        assert since is not None and since <= last_build


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
