"""Distributed crawling: MUTUALS_REDIS_URL makes each source spider one worker of a shared crawl.

Unset (the default), nothing here applies: a crawl is the normal single-process one.
Set, the `WorkerMode` add-on turns every source spider of the process into a worker:

- its requests go into, and come from, a queue shared through Redis, whose seen set
  has every URL fetched once, by whichever worker takes it (`SharedScheduler`);
- it runs the item stages that need no archive (validate, relevance) and sends what
  passes, with every drop and problem the run log would keep, to the writer
  (`scripts/store-from-redis`), which alone writes the archive: SQLite is one file on
  one machine. The writer resolves speakers too, with the archive's register;
- it reads no archive, so it parses every body it fetches (the fetch log lives in the
  archive); the writer's store is idempotent by content hash, so an unchanged document
  is counted unchanged and not rewritten.

Everything sent between machines is JSON (`scraper/json_codec.py`), never pickle.
"""

from __future__ import annotations

import os
import socket
from importlib.util import find_spec
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Response
from scrapy.settings import Settings
from twisted.python.failure import Failure

from scraper import json_codec
from scraper.archive_spider import ArchiveSpider
from scraper.item_pipelines import SpeakersPipeline, StorePipeline
from scraper.problems import problem_reported
from scraper.run_log import RunLog
from scraper.shared_crawl import SharedCrawl, crawl_name, key_pattern


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class WorkerMode:
    """The mode switch (a Scrapy add-on, always listed in ADDONS; idle unless configured)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def update_settings(self, settings: Settings) -> None:
        url = settings.get("MUTUALS_REDIS_URL")
        if not url or not issubclass(self.crawler.spidercls, ArchiveSpider):
            return  # the writer is no source spider: it stores, it does not crawl
        if find_spec("scrapy_redis") is None:
            raise RuntimeError(
                "MUTUALS_REDIS_URL is set but scrapy-redis is not installed: "
                "pip install -e '.[distributed]'"
            )
        keys = key_pattern(crawl_name(settings.get("MUTUALS_CRAWL")))
        for name, value in {
            "MUTUALS_CRAWL": crawl_name(settings.get("MUTUALS_CRAWL")),
            "MUTUALS_WORKER_ID": settings.get("MUTUALS_WORKER_ID") or worker_id(),
            "REDIS_URL": url,
            "SCHEDULER": "scraper.shared_scheduler.SharedScheduler",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",  # what it pops from
            "SCHEDULER_QUEUE_KEY": f"{keys}:requests",
            "SCHEDULER_DUPEFILTER_KEY": f"{keys}:seen",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_SERIALIZER": "scraper.json_codec",
            "SCHEDULER_PERSIST": True,  # else the first worker to finish flushes the crawl
        }.items():
            settings.set(name, value, "cmdline")
        # the archive's stages move to the writer; the run log is the writer's
        settings.set_in_component_priority_dict("ITEM_PIPELINES", StorePipeline, None)
        settings.set_in_component_priority_dict("ITEM_PIPELINES", SpeakersPipeline, None)
        settings.set_in_component_priority_dict("ITEM_PIPELINES", SendToWriter, 900)
        settings.set_in_component_priority_dict("EXTENSIONS", RunLog, None)


class SendToWriter:
    """A worker's last item stage: each item, and each drop, failed item and problem the
    run log would have recorded, goes to the writer's inbox as a JSON message."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.shared: SharedCrawl | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        for handler, signal in (
            (pipeline.item_dropped, signals.item_dropped),
            (pipeline.item_error, signals.item_error),
            (pipeline.spider_error, signals.spider_error),
            (pipeline.problem, problem_reported),
        ):
            crawler.signals.connect(handler, signal=signal)
        return pipeline

    def open_spider(self) -> None:
        from scrapy_redis.connection import get_redis_from_settings  # an optional dependency

        settings = self.crawler.settings
        server = get_redis_from_settings(settings)
        self.shared = SharedCrawl(server, settings.get("MUTUALS_CRAWL"), self.crawler.spider.name)

    def _send(self, kind: str, **fields: Any) -> None:
        if self.shared is not None:
            self.shared.send(json_codec.dumps({"kind": kind, **fields}))
            self.crawler.stats.inc_value(f"distributed/sent/{kind}")

    def process_item(self, item: Any) -> Any:
        self._send("item", item=item)
        return item

    def item_dropped(self, item: Any, response: Response, exception: DropItem, spider: Spider):
        url = getattr(item, "url", None) or getattr(response, "url", "?")
        self._send("dropped", url=url, reason=str(exception))

    def item_error(self, item: Any, **_: Any) -> None:
        # the body it came from must not enter the fetch log: the writer marks it failed
        self._send("failed", url=getattr(item, "fetched_from", None) or getattr(item, "url", None))

    def spider_error(self, failure: Failure, response: Response, spider: Spider) -> None:
        url = getattr(response, "url", "?")
        self._send(
            "problem",
            problem="spider_exception",
            url=url,
            reason=failure.getErrorMessage(),
            error=True,
        )

    def problem(self, kind: str, url: str, reason: str, error: bool) -> None:
        self._send("problem", problem=kind, url=url, reason=reason, error=error)
