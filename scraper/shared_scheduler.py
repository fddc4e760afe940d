"""The scheduler of a distributed worker: scrapy-redis's, taught to share one crawl politely.

scrapy-redis 0.9.1 keeps the queue and the seen set in Redis; on Scrapy 2.19 its
Scheduler works as it is, but a crawl shared by workers that each run `start()` needs
three more things, added here:

- **Start requests fetched once.** Every worker runs its spiders' `start()`. A start
  request marked `dont_filter` would skip the shared seen set and be fetched by every
  worker, so start requests go through it whatever they say (retries still do not).
- **No worker leaves while others may still find work.** Scrapy closes a spider whose
  own queue is empty; here the queue is shared, and another worker's responses can
  still fill it. A worker with nothing in flight stays while a request is queued or
  another worker is busy (see `SharedCrawl`), checking at Scrapy's 5 s heartbeat.
- **Nothing is flushed on close.** scrapy-redis flushes the queue and seen set when a
  spider closes unless SCHEDULER_PERSIST: the first worker to finish would wipe the
  crawl under the others. Keys are kept (and expire a week after the crawl).

Leaving the crawl also sends the worker's final report to the writer.
"""

from __future__ import annotations

import logging
import warnings
from typing import Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, ScrapyDeprecationWarning
from scrapy.utils.request import request_from_dict
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from scraper.shared_crawl import BEAT_SECONDS, SharedCrawl

logger = logging.getLogger(__name__)


class SharedScheduler(Scheduler):
    crawler: Crawler
    shared: SharedCrawl
    worker: str
    heartbeat: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        self.join(spider)
        self.heartbeat = LoopingCall(self._beat)
        self.heartbeat.start(BEAT_SECONDS, now=False)

    def join(self, spider: Spider) -> None:
        """Open the shared queue and seen set, and join the crawl as one of its workers."""
        with warnings.catch_warnings():  # its "Resuming crawl" note uses the deprecated Spider.log
            warnings.filterwarnings("ignore", "Spider.log", ScrapyDeprecationWarning)
            super().open(spider)
        settings = self.crawler.settings
        self.worker = settings.get("MUTUALS_WORKER_ID")
        self.shared = SharedCrawl(self.server, settings.get("MUTUALS_CRAWL"), spider.name)
        self.shared.join(self.worker)
        logger.info("Worker %s joined crawl %s", self.worker, self.shared.key("*"))

    def close(self, reason: str) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        self.shared.leave(self.worker, reason, self.crawler.stats.get_stats())
        super().close(reason)  # SCHEDULER_PERSIST: nothing flushed

    def _beat(self) -> None:
        try:
            self.shared.beat(self.worker)
        except Exception as exc:  # a blip must not stop the heartbeat for good
            logger.warning("Could not tell Redis this worker is alive: %s", exc)

    def enqueue_request(self, request: Request) -> bool:
        start = request.meta.get("is_start_request") and "retry_times" not in request.meta
        if (start or not request.dont_filter) and self.df.request_seen(request):
            self.df.log(request, self.spider)
            self.stats.inc_value("dupefilter/filtered")
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        data = self.shared.take(self.worker)
        if data is None:
            return None
        self.stats.inc_value("scheduler/dequeued/redis")
        return request_from_dict(self.queue.serializer.loads(data), spider=self.spider)

    def spider_idle(self, spider: Spider) -> None:
        if self.shared.work_remains(self.worker):
            raise DontCloseSpider
