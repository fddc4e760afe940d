#!/usr/bin/env python3
"""What an idle refresh costs beside the first build: issue 9's "under 10%" figure.

    .venv/bin/python benchmarks/refresh.py              # build, build, then 3 idle refreshes
    .venv/bin/python benchmarks/refresh.py --refreshes 5

Runs, in a temporary directory and on one fixed replay port (so the HTTP cache keys
hold), exactly what README's first command and the cron job run: `scripts/build` twice,
then `scripts/refresh --replay` with nothing changed. Prints each wall time, the ratio
of the median idle refresh to the first build, whether every table other than the run
log is byte-for-byte identical afterwards, and, as the floor under any refresh, the
start-up of Scrapy itself (four empty spiders in one process, as the refresh runs them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines.snapshot import table_rows  # noqa: E402
from tests.conftest import free_port  # noqa: E402

EMPTY_CRAWL = """
import scrapy
from scrapy.crawler import CrawlerProcess
class Empty(scrapy.Spider):
    name = "empty"
    async def start(self):
        return
        yield
process = CrawlerProcess({"LOG_LEVEL": "ERROR", "REMOTE_CONTROL_ENABLED": False,
                          "TELNETCONSOLE_ENABLED": False})
for _ in range(4):
    process.crawl(Empty)
process.start()
"""


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0,):
        sys.exit(f"{' '.join(command)} exited {result.returncode}:\n{result.stderr[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refreshes", type=int, default=3, help="idle refreshes to time")
    args = parser.parse_args(argv)
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "archive.db"
        env = os.environ | {"MUTUALS_DB": str(db), "MUTUALS_REPLAY_PORT": str(free_port())}
        first = timed([python, "scripts/build"], env)
        second = timed([python, "scripts/build"], env)
        before = table_rows(db)
        refreshes = [
            timed([python, "scripts/refresh", "--replay"], env) for _ in range(args.refreshes)
        ]
        identical = table_rows(db) == before
        documents = Database(db).execute("select count(*) from documents").fetchone()[0]
        known = Database(db).execute("select count(*) from fetches").fetchone()[0]
    floor = statistics.median(timed([python, "-c", EMPTY_CRAWL], dict(os.environ)) for _ in "abc")
    refresh = statistics.median(refreshes)
    print(f"archive: {documents} documents kept from {known} bodies in the fetch log")
    print(f"first build (scripts/build):       {first:6.2f} s")
    print(f"second build (nothing changed):    {second:6.2f} s  ({100 * second / first:.1f}%)")
    print(
        f"idle refresh (scripts/refresh --replay, median of {len(refreshes)}): "
        f"{refresh:6.2f} s  ({', '.join(f'{t:.2f}' for t in refreshes)})"
    )
    print(f"ratio idle refresh / first build: {100 * refresh / first:.1f}%  (target < 10%)")
    print(f"tables other than the run log identical after the refreshes: {identical}")
    print(
        f"floor: Scrapy start-up, four empty spiders: {floor:.2f} s "
        f"= {100 * floor / first:.1f}% of the first build"
    )
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
