"""Reading back what a build or refresh did, in words a person reads in a cron mail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlite_utils import Database


def runs_since(db_file: Path | str, started_at: str) -> list[dict[str, Any]]:
    db = Database(db_file)
    try:
        return list(
            db.query("select * from scrape_runs where started_at >= ? order by id", [started_at])
        )
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


def format_run(run: dict[str, Any]) -> str:
    return (
        f"{run['spider']:<10} {run['status']:<7} requests {run['requests'] or 0:>4}  "
        f"new {run['new'] or 0:>3}  updated {run['updated'] or 0:>3}  "
        f"unchanged {run['unchanged'] or 0:>3}  removed {run['removed'] or 0:>3}  "
        f"dropped {run['dropped'] or 0:>3}  "
        f"errors {run['errors'] or 0:>3}"
        + (f"\n           {run['reason']}" if run["reason"] else "")
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
