"""The one writer of a distributed crawl: stores what the workers sent, as a crawl would.

For each source, a spider named like it (so `scrape_runs` reads as after a normal
crawl) takes the workers' messages from Redis and puts them through the same item
pipelines and run log as a single-process crawl: items are validated, scored, their
speakers resolved, stored with their claims, and their bodies entered in the fetch log;
drops and problems the workers met become `scrape_events`, counted as if met here; each
worker's final report adds its request counts and, if it stopped early, fails the run.

It is not a source spider (not in SPIDER_MODULES), so `scrapy list` and the builds never
run it; `scripts/store-from-redis` does.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from types import SimpleNamespace
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import DropItem
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from scraper import json_codec
from scraper.crawl import project_settings
from scraper.problems import report
from scraper.shared_crawl import SharedCrawl, connect, crawl_name

logger = logging.getLogger(__name__)

BATCH = 50  # messages taken from Redis at a time
POLL_SECONDS = 0.2  # how long to wait when the inbox is empty


async def pause(seconds: float) -> None:
    from twisted.internet import reactor  # the one Scrapy installed: never import it earlier

    await maybe_deferred_to_future(deferLater(reactor, seconds))


class ArchiveWriter(scrapy.Spider):
    def __init__(
        self, name: str, redis_url: str, crawl: str, wait: float = 600.0, **kwargs: Any
    ) -> None:
        super().__init__(name=name, **kwargs)
        self.redis_url = redis_url
        self.crawl = crawl_name(crawl)
        self.wait = wait  # seconds to wait for a first worker before giving up
        self.stopped_early: list[tuple[str, str]] = []
        self.workers: set[str] = set()

    async def start(self) -> AsyncIterator[Any]:
        shared = SharedCrawl(connect(self.redis_url), self.crawl, self.name)
        started = time.monotonic()
        while True:
            messages = shared.receive(BATCH)
            for item in self._items(messages, shared):
                yield item
            if messages:
                continue
            if shared.over() or self._gave_up(shared, time.monotonic() - started):
                return
            await pause(POLL_SECONDS)

    def _items(self, messages: list[bytes], shared: SharedCrawl) -> Iterator[Any]:
        for data in messages:
            try:
                message = json_codec.loads(data)
            except (ValueError, TypeError) as exc:  # not from a worker of this version
                report(self.crawler, "unreadable_message", shared.key("inbox"), str(exc))
                continue
            item = self.unpack(message)
            if item is not None:
                yield item

    def _gave_up(self, shared: SharedCrawl, waited: float) -> bool:
        if shared.joined() or waited < self.wait:
            return False
        why = f"no worker joined crawl {self.crawl} within {self.wait:g}s"
        report(self.crawler, "no_worker", shared.key("inbox"), why)
        return True

    def unpack(self, message: dict[str, Any]) -> Any:
        """The item a message carries, or None once what it reports has been recorded."""
        kind = message["kind"]
        if kind == "item":
            return message["item"]
        if kind == "dropped":
            self._dropped(message["url"], message["reason"])
        elif kind == "failed":  # an item failed in a worker's stage: its body is not logged
            stub = SimpleNamespace(fetched_from=message["url"], url=message["url"])
            self.crawler.signals.send_catch_log(
                signals.item_error, item=stub, response=None, spider=self, failure=None
            )
        elif kind == "problem":
            report(
                self.crawler,
                message["problem"],
                message["url"],
                message["reason"],
                error=message["error"],
            )
        elif kind == "done":
            self._worker_done(message["worker"], message["reason"], message["stats"])
        else:
            logger.warning("Ignored a message of unknown kind %r", kind)
        return None

    def _dropped(self, url: str, reason: str) -> None:
        # counted (item_dropped_count) and recorded (scrape_events) by whoever listens
        self.crawler.signals.send_catch_log(
            signals.item_dropped,
            item=SimpleNamespace(url=url),
            response=None,
            exception=DropItem(reason),
            spider=self,
        )

    def _worker_done(self, worker: str, reason: str, counts: Mapping[str, float]) -> None:
        self.workers.add(worker)
        stats = self.crawler.stats
        for key, value in counts.items():
            stats.inc_value(key, value)
        stats.set_value(
            f"distributed/worker/{worker}/requests", counts.get("downloader/request_count", 0)
        )
        stats.set_value("distributed/workers", len(self.workers))
        if reason != "finished":
            self.stopped_early.append((f"worker {worker}", f"the crawl stopped early: {reason}"))

    def failed_sources(self) -> list[tuple[str, str]]:
        """What fails the run (the run log asks): a worker that stopped early, and, as the
        news spider judges it, an outlet whose every article failed on every worker."""
        return self.stopped_early + outlets_failed(self.crawler.stats.get_stats())


def outlets_failed(stats: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(outlet, why) for each outlet with failed articles and none ok (`news/<outlet>/...`)."""
    outlets = sorted({key.split("/")[1] for key in stats if key.startswith("news/")})
    return [
        (name, f"every article of {name} ({failed}) failed extraction: layout changed?")
        for name in outlets
        if (failed := stats.get(f"news/{name}/failed")) and not stats.get(f"news/{name}/ok")
    ]


def run_writers(
    names: list[str],
    redis_url: str,
    crawl: str,
    wait: float,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """One writer per source spider, concurrently in one process; their final stats."""
    process = CrawlerProcess(project_settings(overrides))
    crawlers = {}
    for name in names:
        crawlers[name] = process.create_crawler(ArchiveWriter)
        process.crawl(crawlers[name], name=name, redis_url=redis_url, crawl=crawl, wait=wait)
    process.start()
    return {name: c.stats.get_stats() if c.stats else {} for name, c in crawlers.items()}
