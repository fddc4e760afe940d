"""A refresh killed with SIGKILL at ten moments, and Datasette answering during a refresh.

Each kill lands while the refresh has real work to do: the fetch log is forgotten (every
body is processed again, a thousand drop events written), two documents are missing
and one speech was edited, so documents are inserted and replaced while it runs. After
each kill the archive must pass SQLite's and FTS5's integrity checks, hold every row it
held before (each document whole: as it was, or as the source has it), hold nothing
twice, and the next refresh must complete and leave exactly what a clean build leaves.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from conftest import MUTUALS_DOCUMENTS, free_port, run, serving
from sqlite_utils import Database

from pipelines.config import REPO_ROOT

REFRESH = [sys.executable, "scripts/refresh", "--replay"]
BOOKKEEPING = {"fetched_at", "run_id"}  # when and in which run, not what
GONE = (MUTUALS_DOCUMENTS["govuk"], MUTUALS_DOCUMENTS["twfy"])
EDITED = MUTUALS_DOCUMENTS["hansard"]


def rows(db: Database, table: str) -> dict[str, dict]:
    """id -> the row's content, without bookkeeping columns."""
    return {
        r["id"]: {k: v for k, v in r.items() if k not in BOOKKEEPING}
        for r in db.query(f"select * from [{table}]")
    }


def archive_content(path: Path) -> dict[str, dict[str, dict]]:
    db = Database(path)
    try:
        return {t: rows(db, t) for t in ("documents", "contributions", "claims")}
    finally:
        db.close()


def prepare_work(built: Path, db: Path) -> dict[str, dict[str, dict]]:
    """The built archive with work for a refresh to do; returns its content."""
    db.write_bytes(built.read_bytes())
    archive = Database(db)
    archive.execute("delete from fetches where url != 'register:'")
    for doc_id in GONE:
        archive.execute("delete from claims where document_id = ?", [doc_id])
        archive.execute("delete from contributions where document_id = ?", [doc_id])
        archive.execute("delete from documents where id = ?", [doc_id])
    archive.execute(
        "update contributions set text = text || ' (an older wording)' "
        "where document_id = ? and position = 1",
        [EDITED],
    )
    archive.conn.commit()
    archive.close()
    return archive_content(db)


def check_consistent(path: Path, start: dict, reference: dict) -> None:
    db = Database(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table in ("documents", "contributions", "claims"):
            fts = f"{table}_fts"
            db.execute(f"insert into [{fts}]([{fts}]) values ('integrity-check')")
            indexed = db.execute(f"select count(*) from [{fts}]").fetchone()[0]
            assert indexed == db[table].count, f"{fts} indexes {indexed} rows of {db[table].count}"
        now = {t: rows(db, t) for t in ("documents", "contributions", "claims")}
    finally:
        db.close()
    for doc_id, document in start["documents"].items():  # nothing that was there is lost
        assert doc_id in now["documents"], f"{doc_id} lost"
        assert now["documents"][doc_id] == document
    for doc_id in now["documents"]:  # and every document is whole, old or new
        speeches = {k: v for k, v in now["contributions"].items() if v["document_id"] == doc_id}
        versions = [
            {k: v for k, v in state["contributions"].items() if v["document_id"] == doc_id}
            for state in (start, reference)
        ]
        assert speeches in versions, f"{doc_id} is neither its old nor its new version"


def count(db_path: Path, sql: str) -> int:
    db = Database(db_path)
    try:
        return db.execute(sql).fetchone()[0]
    except Exception:  # the archive may be mid-write; a reader waits for the next poll
        return -1
    finally:
        db.close()


def new_runs(where: str = "1") -> str:
    return f"select count(*) from scrape_runs where id > {{runs}} and {where}"


# moment -> SQL that becomes true (> threshold) as the refresh goes on; None: time-based
MOMENTS: dict[str, tuple[str | None, int]] = {
    "starting, before any write": (None, 0),
    "run rows opened": (new_runs(), 0),
    "first drop event written": ("select count(*) from scrape_events where id > {events}", 0),
    "100 events written": ("select count(*) from scrape_events where id > {events}", 99),
    "500 events written": ("select count(*) from scrape_events where id > {events}", 499),
    "900 events written": ("select count(*) from scrape_events where id > {events}", 899),
    "a missing document stored again": (
        f"select count(*) from documents where id in ('{GONE[0]}', '{GONE[1]}')",
        0,
    ),
    "first run closed": (new_runs("finished_at is not null"), 0),
    "fetch log being written": ("select count(*) from fetches where url != 'register:'", 0),
    "three runs closed": (new_runs("finished_at is not null"), 2),
}


@pytest.fixture(scope="module")
def reference(built: dict) -> dict:
    return archive_content(Path(built["db"]))


def kill_when(command: list[str], env: dict, reached: Callable[[], bool]) -> float:
    """Start the command, SIGKILL it at the moment `reached()` turns true; seconds taken."""
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        while not reached():
            assert process.poll() is None, "the refresh ended before the moment came"
            time.sleep(0.002)
        assert process.poll() is None, "the refresh ended before the moment came"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    return time.monotonic() - started


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_refresh_killed_at_any_moment_loses_nothing_and_the_next_completes(
    built: dict, reference: dict, tmp_path: Path, moment: str
) -> None:
    db = tmp_path / "archive.db"
    start = prepare_work(Path(built["db"]), db)
    base = {
        "runs": count(db, "select coalesce(max(id), 0) from scrape_runs"),
        "events": count(db, "select coalesce(max(id), 0) from scrape_events"),
    }
    sql, threshold = MOMENTS[moment]
    env = os.environ | {"MUTUALS_DB": str(db), "MUTUALS_REPLAY_PORT": str(free_port())}
    if sql is None:
        t0 = time.monotonic()
        kill_when(REFRESH, env, lambda: time.monotonic() - t0 > 0.3)
    else:
        query = sql.format(**base)
        kill_when(REFRESH, env, lambda: count(db, query) > threshold)

    check_consistent(db, start, reference)

    result = run(REFRESH, db, MUTUALS_REPLAY_PORT=env["MUTUALS_REPLAY_PORT"])
    assert result.returncode == 0, result.stderr[-2000:]
    assert archive_content(db) == reference
    check_consistent(db, reference, reference)
    running = count(db, "select count(*) from scrape_runs where status = 'running'")
    assert running == 0  # the killed runs are closed as interrupted


def test_datasette_answers_every_search_during_a_refresh(built: dict, tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    prepare_work(Path(built["db"]), db)
    kept = MUTUALS_DOCUMENTS["news (Third Sector)"]  # in the archive throughout
    answers: list[tuple[int, bool]] = []
    done = threading.Event()
    with serving(db) as origin:

        def poll() -> None:
            with httpx.Client(base_url=origin, timeout=10) as client:
                while not done.is_set():
                    search = client.get("/-/mutuals", params={"q": "mutuals"})
                    table = client.get(
                        "/archive/speeches.json",
                        params={"_search": "mutuals", "_shape": "objects", "_size": "100"},
                    )
                    found = table.status_code == 200 and kept in {
                        r["document_id"] for r in table.json()["rows"]
                    }
                    answers.append((search.status_code, "mutuals" in search.text))
                    answers.append((table.status_code, found))

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            result = run(REFRESH, db)
        finally:
            done.set()
            poller.join(timeout=30)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(answers) >= 20, f"only {len(answers)} answers during the refresh"
    assert all(status == 200 for status, _ in answers), answers
    assert all(ok for _, ok in answers)
