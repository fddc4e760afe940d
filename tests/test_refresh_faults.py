"""Every fault an unattended refresh meets, run through `scripts/refresh` itself.

The replay server misbehaves from a faults file (replay/faults.py), the database is
locked, full or capped, the register is corrupted. For each: the exit code, the message
in the cron mail, the run's outcome, and that no row of the archive was lost or
duplicated. README's "Operations" table lists the same faults with what an operator sees.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from conftest import free_port, run
from sqlite_utils import Database

from pipelines.config import REPO_ROOT
from pipelines.snapshot import RUN_LOG, table_rows

REFRESH = [sys.executable, "scripts/refresh", "--replay"]
GOVUK_DOC = (
    "https://www.gov.uk/api/content/government/news/big-society-plans-for-better-public-services"
)
GOVUK_SEARCH = (
    "https://www.gov.uk/api/search.json?q=mutuals&filter_content_store_document_type=press_release"
)
PUBLIC_FINANCE = "https://www.publicfinance.co.uk/2013/02/when-the-feelings-mutual"


def content(db: Path, skip: frozenset[str] = RUN_LOG) -> dict[str, list[tuple]]:
    return table_rows(db, skip)


def integrity(db: Path) -> str:
    database = Database(db)
    try:
        for fts in ("documents_fts", "contributions_fts", "claims_fts"):
            database.execute(f"insert into [{fts}]([{fts}]) values ('integrity-check')")
        return database.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        database.close()


def last_runs(db: Path) -> dict[str, dict]:
    rows = Database(db).query("select * from scrape_runs order by id")
    return {r["spider"]: r for r in rows}


def events(db: Path, run_id: int) -> list[tuple[str, str, str]]:
    rows = Database(db).query(
        "select kind, url, reason from scrape_events where run_id = ?", [run_id]
    )
    return [(r["kind"], r["url"], r["reason"]) for r in rows]


@pytest.fixture
def archive(built: dict, tmp_path: Path) -> Path:
    """A copy of the offline build (without its HTTP cache, so every request is made)."""
    db = tmp_path / "archive.db"
    db.write_bytes(Path(built["db"]).read_bytes())
    return db


def refresh(db: Path, faults: list[dict] | None = None, *args: str, **env: str):
    if faults is not None:
        path = db.with_name("faults.json")
        path.write_text(json.dumps(faults))
        env["MUTUALS_REPLAY_FAULTS"] = str(path)
    return run([*REFRESH, *args], db, **env)


# --- the sources misbehave ---------------------------------------------------------------

SOURCE_FAULTS = {
    "http_500": ([{"url": GOVUK_DOC, "status": 500}], "error:http_error", "HTTP 500"),
    "timeout": ([{"url": GOVUK_DOC, "delay": 3}], "error:timeout", "download timeout"),
    "connection_reset": ([{"url": GOVUK_DOC, "reset": True}], "error:connection_lost", ""),
    "truncated_body": ([{"url": GOVUK_DOC, "truncate_at": 700}], "error:connection_lost", ""),
    "invalid_utf8": (
        [{"url": GOVUK_DOC, "insert": {"at": 390, "hex": "fffe"}}],
        "error:parse_error",
        "can't decode byte 0xff",
    ),
}


@pytest.mark.parametrize("fault", sorted(SOURCE_FAULTS))
def test_a_failing_document_is_reported_and_the_archive_keeps_it(archive: Path, fault: str) -> None:
    faults, kind, reason = SOURCE_FAULTS[fault]
    before = content(archive)
    timeout = "1" if fault == "timeout" else "30"  # a slow machine must not time out the rest
    result = refresh(archive, faults, "--spider", "govuk", MUTUALS_DOWNLOAD_TIMEOUT=timeout)
    assert result.returncode == 0, result.stderr[-2000:]  # one page failed: not the source
    run_row = last_runs(archive)["govuk"]
    assert run_row["status"] == "errors"
    found = [e for e in events(archive, run_row["id"]) if "big-society" in e[1]]
    assert len(found) == 1 and found[0][0] == kind and reason in found[0][2], found
    assert "big-society-plans-for-better-public-services" in result.stdout  # in the cron mail
    assert content(archive) == before
    assert integrity(archive) == "ok"


@pytest.mark.parametrize("status", [503, 429])
def test_a_busy_source_is_waited_for_as_it_asks(archive: Path, status: int) -> None:
    faults = [{"url": GOVUK_DOC, "status": status, "headers": {"Retry-After": "1"}, "times": 1}]
    before = content(archive)
    result = refresh(archive, faults, "--spider", "govuk")
    assert result.returncode == 0, result.stderr[-2000:]
    run_row = last_runs(archive)["govuk"]
    stats = json.loads(run_row["stats"])
    assert stats["retry/count"] == 1
    assert stats["fetch_log/unchanged"] >= 1  # the retried page came back as it was
    assert not [e for e in events(archive, run_row["id"]) if "big-society" in e[1]]
    assert content(archive) == before


def test_an_empty_search_result_is_not_an_error(archive: Path) -> None:
    faults = [{"url": GOVUK_SEARCH, "body": '{"results": [], "total": 0, "start": 0}'}]
    before = content(archive)
    result = refresh(archive, faults, "--spider", "govuk")
    assert result.returncode == 0, result.stderr[-2000:]
    run_row = last_runs(archive)["govuk"]
    search = GOVUK_SEARCH.removeprefix("https://")
    assert not [e for e in events(archive, run_row["id"]) if e[1].endswith(search)]
    assert "fetch_log/unchanged" in json.loads(run_row["stats"])  # the document still checked
    assert content(archive) == before


def test_a_changed_layout_fails_the_refresh_loudly(archive: Path) -> None:
    faults = [{"url": PUBLIC_FINANCE, "body": "<html><body><nav>Home</nav></body></html>"}]
    before = content(archive)
    result = refresh(archive, faults, "--spider", "news")
    assert result.returncode == 1
    assert "FAILED: news" in result.stderr
    assert "every article of Public Finance (1) failed extraction: layout changed?" in (
        result.stdout
    )
    run_row = last_runs(archive)["news"]
    assert run_row["status"] == "failed"
    assert ("error:source_failed", "Public Finance") in [
        e[:2] for e in events(archive, run_row["id"])
    ]
    assert content(archive) == before  # the stored article is kept as it was


# --- the database misbehaves -------------------------------------------------------------


def hold_write_lock(db: Path, seconds: float) -> subprocess.Popen:
    """Another process in a write transaction on the archive, as an operator's shell might be."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            f"c = sqlite3.connect({str(db)!r}); c.execute('BEGIN IMMEDIATE')\n"
            f"print('held', flush=True); time.sleep({seconds}); c.rollback()",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_locked_archive_stops_the_refresh_before_it_starts(archive: Path) -> None:
    before = content(archive)
    holder = hold_write_lock(archive, 30)
    try:
        result = refresh(archive, MUTUALS_BUSY_TIMEOUT="1")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 2
    assert "Refresh not started" in result.stderr and "database is locked" in result.stderr
    assert "Another process holds the archive's write lock" in result.stderr
    assert content(archive) == before
    assert integrity(archive) == "ok"


def test_a_lock_held_for_a_moment_is_waited_for(archive: Path) -> None:
    holder = hold_write_lock(archive, 2)
    result = refresh(archive)
    holder.wait()
    assert result.returncode == 0, result.stderr[-2000:]


def needs_writing(db: Path) -> dict[str, list[tuple]]:
    """Forget the fetch log (every body is processed again, ~1,100 drop events to write);
    returns the rows that must survive whatever happens."""
    database = Database(db)
    database.execute("delete from fetches where url != 'register:'")
    database.conn.commit()
    database.execute("VACUUM")
    database.close()
    return content(db, skip=RUN_LOG | {"fetches"})


def assert_full_and_intact(result, db: Path, kept: dict) -> None:
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert "database or disk is full" in result.stderr
    assert "Free disk space" in result.stderr
    assert integrity(db) == "ok"
    assert content(db, skip=RUN_LOG | {"fetches"}) == kept


def test_an_archive_at_its_size_limit_stops_the_refresh_and_keeps_every_row(
    archive: Path,
) -> None:
    kept = needs_writing(archive)
    limit = archive.stat().st_size / 1024 / 1024  # not one page more
    result = refresh(archive, MUTUALS_MAX_DB_MB=f"{limit:.3f}")
    assert_full_and_intact(result, archive, kept)
    again = refresh(archive)  # space again: the next refresh completes the work
    assert again.returncode == 0, again.stderr[-2000:]
    assert content(archive, skip=RUN_LOG | {"fetches"}) == kept
    assert Database(archive).execute("select count(*) from fetches").fetchone()[0] > 50
    runs = Database(archive).execute("select count(*) from scrape_runs where status = 'running'")
    assert runs.fetchone()[0] == 0


@pytest.fixture
def small_filesystem(tmp_path: Path):
    """A real 40 MB filesystem (tmpfs), where the machine lets this user mount one."""
    mount = tmp_path / "small"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {made.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], check=True)


def test_a_full_disk_stops_the_refresh_and_keeps_every_row(
    archive: Path, small_filesystem: Path
) -> None:
    db = small_filesystem / "archive.db"
    shutil.copy(archive, db)
    kept = needs_writing(db)
    filler = small_filesystem / "filler"
    free = shutil.disk_usage(small_filesystem).free
    filler.write_bytes(b"\0" * max(free - 64 * 1024, 0))  # leave 64 KB
    result = refresh(db)
    assert_full_and_intact(result, db, kept)
    filler.unlink()
    again = refresh(db)
    assert again.returncode == 0, again.stderr[-2000:]
    assert content(db, skip=RUN_LOG | {"fetches"}) == kept


def test_a_corrupted_register_stops_the_refresh_before_it_starts(
    archive: Path, corpus: Path, tmp_path: Path
) -> None:
    register = tmp_path / "members"
    shutil.copytree(corpus / "members", register)
    people = register / "people.xml"
    people.chmod(0o644)
    people.write_bytes(people.read_bytes()[:5000])  # cut mid-file
    before = content(archive)
    result = refresh(archive, MUTUALS_REGISTER=str(register))
    assert result.returncode == 2
    assert "Refresh not started: malformed register file" in result.stderr
    assert "people.xml" in result.stderr and "line 102" in result.stderr
    assert content(archive) == before


def test_the_faults_file_is_checked_before_anything_runs(archive: Path) -> None:
    result = refresh(archive, [{"url": "https://www.gov.uk/never-recorded"}])
    assert result.returncode == 2
    assert "is not recorded" in result.stderr


def test_an_operator_can_rehearse_a_fault_on_the_replay_server(
    corpus: Path, tmp_path: Path
) -> None:
    faults = tmp_path / "faults.json"
    faults.write_text(json.dumps([{"url": GOVUK_DOC, "status": 503}]))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "replay", "--port", str(port), "--faults", str(faults)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout.readline().startswith("Replaying")
        local = f"http://127.0.0.1:{port}/"
        answer = None
        for _ in range(50):
            try:
                answer = httpx.get(local + GOVUK_DOC.removeprefix("https://"), timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer is not None and answer.status_code == 503
        recorded = httpx.get(local + GOVUK_SEARCH.removeprefix("https://"), timeout=5)
        assert recorded.status_code == 200  # the rest of the corpus as recorded
    finally:
        server.terminate()
        server.wait(timeout=10)
