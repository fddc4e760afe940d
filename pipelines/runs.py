"""Reading back what a build or refresh did, in words a person reads in a cron mail."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

OVERLAP = timedelta(days=1)  # a refresh re-reads the day before its last success


def last_run_id(db_file: Path | str) -> int:
    db = Database(db_file)
    try:
        return db.execute("select coalesce(max(id), 0) from scrape_runs").fetchone()[0]
    finally:
        db.close()


def runs_after(db_file: Path | str, run_id: int) -> list[dict[str, Any]]:
    """The runs started after `run_id`: by id, not time, since a run killed a moment ago
    may have started within the same second."""
    db = Database(db_file)
    try:
        return list(db.query("select * from scrape_runs where id > ? order by id", [run_id]))
    finally:
        db.close()


def event_summary(db_file: Path | str, run_id: int) -> list[tuple[str, str, int, str]]:
    """(kind, reason, count, an example URL) for a run's drops and errors, most frequent first."""
    db = Database(db_file)
    try:
        rows = db.query(
            "select kind, reason, count(*) as n, min(url) as url from scrape_events "
            "where run_id = ? group by kind, reason order by n desc, kind",
            [run_id],
        )
        return [(r["kind"], r["reason"], r["n"], r["url"]) for r in rows]
    finally:
        db.close()


def _stat(run: dict[str, Any], key: str) -> int:
    try:
        return int(json.loads(run.get("stats") or "{}").get(key, 0))
    except (ValueError, TypeError, AttributeError):
        return 0


def format_run(run: dict[str, Any]) -> str:
    known = _stat(run, "fetch_log/unchanged")
    return (
        f"{run['spider']:<10} {run['status']:<7} requests {run['requests'] or 0:>4}  "
        f"new {run['new'] or 0:>3}  updated {run['updated'] or 0:>3}  "
        f"unchanged {run['unchanged'] or 0:>3}  removed {run['removed'] or 0:>3}  "
        f"dropped {run['dropped'] or 0:>3}  "
        f"errors {run['errors'] or 0:>3}"
        + (f"\n           {run['reason']}" if run["reason"] else "")
        + (f"\n           {known} bodies as last processed: not parsed again" if known else "")
    )


def print_summary(runs: list[dict[str, Any]], db_file: Path | str | None = None) -> None:
    if not runs:
        print("No spider ran.")
        return
    for run in runs:
        print(format_run(run))
        if db_file is None:
            continue
        events = event_summary(db_file, run["id"])
        for kind, reason, n, url in events[:12]:
            example = f"e.g. {url}" if n > 1 else url
            print(f"  {n:>3} x {kind}: {reason[:100]}\n        {example}")
        if len(events) > 12:
            print(f"  ... and {len(events) - 12} more kinds (table scrape_events)")


def last_success(db: Path, spider: str) -> str | None:
    """The day the spider's last successful run started, if it has one."""
    if not db.exists():
        return None
    archive = Database(db)
    try:
        if not archive["scrape_runs"].exists():
            return None
        row = archive.execute(
            "select max(started_at) from scrape_runs "
            "where spider = ? and status in ('ok', 'errors')",
            [spider],
        ).fetchone()
    finally:
        archive.close()
    return row[0][:10] if row and row[0] else None


def window(db: Path, spider: str, since: str | None) -> dict[str, str]:
    """`-a since=`: as asked, else a day before the last success, else the whole range."""
    if since:
        return {"since": since}
    last = last_success(db, spider)
    return {"since": (date.fromisoformat(last) - OVERLAP).isoformat()} if last else {}
