"""Distributed crawling (README): two workers share one crawl through a real Redis.

A redis-server on 127.0.0.1 that persists nothing, the replay server, two
`scripts/crawl-worker` started at once and one `scripts/store-from-redis`: every URL is
fetched once across the workers, both take part, and the writer's archive is the one a
normal build makes, to the document, speech, claim, fetch-log entry and logged event.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import free_port
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler
from sqlite_utils import Database

from pipelines.config import REPO_ROOT
from replay.server import ReplayServer
from scraper import json_codec
from scraper.archive_spider import ArchiveSpider
from scraper.distributed import WorkerMode
from scraper.run_log import RunLog
from scraper.shared_crawl import SharedCrawl, connect
from scraper.shared_scheduler import SharedScheduler
from scraper.sources import load_sources
from scraper.spiders.govuk import GovukSpider
from scraper.spiders.news import NewsSpider

CRAWL = "test"
SPIDERS = ("govuk", "hansard", "news", "twfy")
# run-dependent columns: when fetched, by which run, with which code fingerprint
VOLATILE = {"fetched_at", "run_id", "processed_at", "processed_with"}


def redis_server() -> str:
    binary = os.environ.get("MUTUALS_REDIS_SERVER") or shutil.which("redis-server")
    if binary:
        return binary
    message = (
        "redis-server is not installed (`make test` installs it: apt-get install redis-server)"
    )
    if os.environ.get("CI", "").lower() in ("true", "1"):
        pytest.fail(message)  # CI must run this test, not skip it
    pytest.skip(message)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder, port = tmp_path_factory.mktemp("redis"), free_port()
    command = [redis_server(), "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder)]
    command += ["--save", "", "--appendonly", "no"]  # nothing written to disk
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                connect(url)
                break
            except Exception:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert not list(folder.iterdir()), "redis-server left files behind"


def start(command: list[str], db: Path, log: Path) -> subprocess.Popen:
    """A script, its output in `log` (.out, .err): no pipe to fill while the others run."""
    env = os.environ | {"MUTUALS_DB": str(db)}
    with log.with_suffix(".out").open("w") as out, log.with_suffix(".err").open("w") as err:
        return subprocess.Popen(
            [sys.executable, *command], cwd=REPO_ROOT, env=env, stdout=out, stderr=err
        )


def wait_all(processes: list[subprocess.Popen], seconds: float = 300) -> None:
    """Wait for every process; any still running after `seconds` is killed (and fails)."""
    deadline = time.monotonic() + seconds
    try:
        for process in processes:
            process.wait(timeout=max(deadline - time.monotonic(), 1))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def output(process: subprocess.Popen, log: Path) -> tuple[str, str, int | None]:
    out, err = (log.with_suffix(suffix).read_text() for suffix in (".out", ".err"))
    return out, err, process.returncode


@pytest.fixture(scope="module")
def distributed(corpus: Path, redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("distributed")
    db, logs = folder / "archive.db", [folder / name for name in ("a", "b", "writer")]
    shared = ["--redis", redis_url, "--crawl", CRAWL]
    with ReplayServer(corpus) as server:
        # a small delay per request, so that neither worker can take a source alone
        worker = ["scripts/crawl-worker", *shared, "--replay", server.origin]
        worker += ["--set", "DOWNLOAD_DELAY=0.1"]
        processes = [start(worker, db, logs[0]), start(worker, db, logs[1])]
        processes.append(start(["scripts/store-from-redis", *shared], db, logs[2]))
        wait_all(processes)
        requests = list(server.requests)
    results = [output(process, log) for process, log in zip(processes, logs, strict=True)]
    return {"db": db, "workers": results[:2], "writer": results[2], "requests": requests}


def test_the_workers_and_the_writer_succeed(distributed: dict) -> None:
    for stdout, stderr, code in [*distributed["workers"], distributed["writer"]]:
        assert code == 0, stdout + stderr[-3000:]


def fetched(distributed: dict) -> collections.Counter[str]:
    """How often each path was asked of the replay server (robots.txt: once per worker)."""
    paths = (path for _, path, _ in distributed["requests"] if not path.endswith("/robots.txt"))
    return collections.Counter(paths)


def test_every_url_is_fetched_once_across_the_workers(distributed: dict) -> None:
    counts = fetched(distributed)
    assert counts and {n for n in counts.values()} == {1}, counts.most_common(3)
    # every document body the archive was built from among them, once
    query = "select url from fetches where url like 'https://%'"  # not the register's files
    bodies = [r["url"] for r in Database(distributed["db"]).query(query)]
    assert len(bodies) >= 50
    assert all(counts["/" + url.removeprefix("https://")] == 1 for url in bodies)


def test_they_fetch_what_a_normal_build_fetches(distributed: dict, built: dict) -> None:
    runs = list(Database(built["db"]).query("select * from scrape_runs order by id"))[:4]
    robots = len(runs)  # one robots.txt per spider in a single-process build
    assert sum(fetched(distributed).values()) == sum(r["requests"] for r in runs) - robots


def taken(stdout: str) -> int:
    """Requests a worker took from the shared queue, over all its spiders (its summary)."""
    return sum(int(n) for n in re.findall(r"took (\d+) requests", stdout))


def test_both_workers_take_part(distributed: dict) -> None:
    shares = [taken(stdout) for stdout, _, _ in distributed["workers"]]
    assert all(share > 0 for share in shares), shares
    assert sum(shares) == sum(fetched(distributed).values())


def table(db: Path, name: str, order: str) -> list[dict]:
    rows = Database(db).query(f"select * from [{name}] order by {order}")
    return [{k: v for k, v in row.items() if k not in VOLATILE} for row in rows]


@pytest.mark.parametrize(
    ("name", "order"),
    [("documents", "id"), ("contributions", "id"), ("claims", "id"), ("fetches", "url")],
)
def test_the_archive_is_the_one_a_normal_build_makes(
    distributed: dict, built: dict, name: str, order: str
) -> None:
    expected = table(built["db"], name, order)
    assert expected
    assert table(distributed["db"], name, order) == expected


def first_runs(db: Path) -> dict[str, dict]:
    runs = list(Database(db).query("select * from scrape_runs order by id"))[: len(SPIDERS)]
    return {r["spider"]: r for r in runs}


def test_the_writer_records_the_runs_a_normal_build_records(distributed: dict, built: dict):
    counts = ("status", "new", "updated", "unchanged", "removed", "dropped", "errors")
    expected, runs = first_runs(built["db"]), first_runs(distributed["db"])
    assert sorted(runs) == list(SPIDERS)
    for spider in SPIDERS:
        assert [runs[spider][k] for k in counts] == [expected[spider][k] for k in counts], spider


def events(db: Path) -> list[tuple[str, str, str, str]]:
    """Each run's drops and errors, the replay server's port taken out of URLs."""
    ids = [r["id"] for r in first_runs(db).values()]
    query = "select spider, kind, url, reason from scrape_events where run_id in ({})"
    rows = Database(db).query(query.format(",".join("?" * len(ids))), ids)
    return sorted(
        (r["spider"], r["kind"], re.sub(r"^http://127\.0\.0\.1:\d+", "", r["url"]), r["reason"])
        for r in rows
    )


def test_every_drop_and_error_a_worker_met_is_logged_in_the_archive(distributed: dict, built: dict):
    assert events(distributed["db"]) == events(built["db"])


def test_nothing_is_left_to_do_in_redis(distributed: dict, redis_url: str) -> None:
    server = connect(redis_url)
    for spider in SPIDERS:
        shared = SharedCrawl(server, CRAWL, spider)
        assert server.zcard(shared.key("requests")) == 0
        assert server.llen(shared.key("inbox")) == 0
        assert server.hlen(shared.key("workers")) == 0
        assert server.ttl(shared.key("seen")) > 0  # kept a while, then gone


# --- the mode's parts, one at a time ---------------------------------------------------


def worker_crawler(spider: type, redis_url: str) -> Crawler:
    """A crawler as the project configures it, with the mode switched on by its one setting."""
    settings = {
        "ADDONS": {WorkerMode: 0},
        "MUTUALS_REDIS_URL": redis_url,
        "MUTUALS_CRAWL": f"unit-{uuid.uuid4().hex[:8]}",
        "ITEM_PIPELINES": {
            "scraper.item_pipelines.ValidatePipeline": 100,
            "scraper.item_pipelines.SpeakersPipeline": 400,
            "scraper.item_pipelines.StorePipeline": 900,
        },
        "EXTENSIONS": {"scraper.run_log.RunLog": 500},
    }
    return get_crawler(spider, settings)


def joined_scheduler(crawler: Crawler) -> tuple[SharedScheduler, ArchiveSpider]:
    spider = crawler.spidercls.from_crawler(crawler)
    scheduler = build_from_crawler(load_object(crawler.settings["SCHEDULER"]), crawler)
    scheduler.join(spider)  # what open() does, without a heartbeat (and so without a reactor)
    return scheduler, spider


def test_the_redis_url_alone_makes_a_source_spider_a_worker(redis_url: str) -> None:
    crawler = worker_crawler(GovukSpider, redis_url)
    stages = build_component_list(crawler.settings.getwithbase("ITEM_PIPELINES"))
    assert load_object(crawler.settings["SCHEDULER"]) is SharedScheduler
    assert [load_object(s).__name__ for s in stages] == ["ValidatePipeline", "SendToWriter"]
    assert crawler.settings.getdict("EXTENSIONS")[RunLog] is None  # the writer keeps the run log
    spider = GovukSpider.from_crawler(crawler)
    assert spider.fetch_log is None  # no archive here to read
    assert spider._stores  # but bodies are still reported, for the writer's fetch log


def test_a_start_request_is_queued_once_across_workers_even_with_dont_filter(redis_url: str):
    scheduler, spider = joined_scheduler(worker_crawler(GovukSpider, redis_url))
    start = Request(
        "https://www.gov.uk/api/content/x",
        callback=spider.parse_content,
        dont_filter=True,
        meta={"is_start_request": True},
    )
    assert scheduler.enqueue_request(start)
    assert not scheduler.enqueue_request(start.copy())  # the second worker's start()
    retry = start.replace(meta={**start.meta, "retry_times": 1})
    assert scheduler.enqueue_request(retry)  # a retry is still let through


def test_a_request_crosses_redis_with_its_callback_and_arguments(redis_url: str) -> None:
    scheduler, spider = joined_scheduler(worker_crawler(NewsSpider, redis_url))
    source = load_sources()[0]
    request = spider._request(source.outlet.home + "/an-article", spider.parse_page, source=source)
    scheduler.enqueue_request(request)
    taken = scheduler.next_request()
    assert (taken.url, taken.callback, taken.errback) == (
        request.url,
        spider.parse_page,
        spider.on_error,
    )
    assert taken.cb_kwargs == request.cb_kwargs  # an OutletSource, rebuilt from JSON
    assert scheduler.next_request() is None


def test_a_message_cannot_name_a_class_outside_the_project() -> None:
    with pytest.raises(ValueError, match="not one of this project's classes"):
        json_codec.loads(b'{"$dataclass": "subprocess:Popen", "fields": {"args": "true"}}')
    with pytest.raises(ValueError, match="refusing a request of class"):
        json_codec.loads(b'{"url": "https://example.org/", "_class": "os.system"}')
