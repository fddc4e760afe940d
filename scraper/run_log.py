"""One `scrape_runs` row per spider run, and a `scrape_events` row per drop or error.

A cron job nobody watches must leave a record that says what happened: counts of new,
updated, unchanged, dropped and failed items, and a status that is not "ok" when a
source broke or yielded nothing.
"""

from __future__ import annotations

from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Response
from twisted.python.failure import Failure

from pipelines.store import Archive
from scraper.item_pipelines import archive_path
from scraper.problems import problem_reported, stop_if_unwritable


def run_status(
    finish_reason: str, stats: dict[str, Any], failed_sources: list[tuple[str, str]] = ()
) -> tuple[str, str | None]:
    """(status, reason): ok, errors (some failed), empty (nothing found) or failed."""
    errors = stats.get("errors/count", 0) + stats.get("spider_exceptions/count", 0)
    seen = sum(stats.get(f"archive/{k}", 0) for k in ("new", "updated", "unchanged"))
    seen += stats.get("item_dropped_count", 0) + stats.get("skipped/count", 0)
    seen += stats.get("fetch_log/unchanged", 0)  # bodies known from before: found, not empty
    if finish_reason != "finished":
        return "failed", f"the crawl stopped early: {finish_reason}"
    if failed_sources:
        return "failed", "; ".join(why for _, why in failed_sources)
    if seen == 0:
        why = f"; {errors} error{'s' if errors != 1 else ''}" if errors else ""
        return "empty", f"no documents were found or fetched{why}"
    if errors:
        return "errors", f"{errors} requests or responses failed (see scrape_events)"
    return "ok", None


class RunLog:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive: Archive | None = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        crawler.signals.connect(ext.problem, signal=problem_reported)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        arguments = {k: v for k, v in vars(spider).items() if k in ("since", "until", "discover")}
        with stop_if_unwritable(self.crawler, "starting the run log"):
            self.archive = Archive(archive_path(self.crawler))
            self.run_id = self.archive.start_run(spider.name, arguments)
            self.crawler.stats.set_value("archive/run_id", self.run_id)

    def _event(self, kind: str, url: str, reason: str) -> None:
        if self.archive is None or self.crawler.stats.get_value("archive/unwritable"):
            return  # the stats keep the count; the archive cannot take the row
        with stop_if_unwritable(self.crawler, f"logging {kind} for {url}"):
            self.archive.record_event(self.run_id, self.crawler.spider.name, kind, url, reason)

    def item_dropped(self, item: Any, response: Response, exception: DropItem, spider: Spider):
        self._event(
            "dropped", getattr(item, "url", None) or getattr(response, "url", "?"), str(exception)
        )

    def spider_error(self, failure: Failure, response: Response, spider: Spider) -> None:
        self._event(
            "error:spider_exception", getattr(response, "url", "?"), failure.getErrorMessage()
        )

    def problem(self, kind: str, url: str, reason: str, error: bool) -> None:
        self._event(f"{'error' if error else 'skipped'}:{kind}", url, reason)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.archive is None or self.run_id is None:
            return
        failed_sources = getattr(spider, "failed_sources", list)()
        for name, why in failed_sources:
            self._event("error:source_failed", name, why)
        stats = self.crawler.stats.get_stats()
        status, why = run_status(reason, stats, failed_sources)
        if stats.get("archive/unwritable"):
            status, why = "failed", stats["archive/unwritable"]
        try:
            with stop_if_unwritable(self.crawler, "closing the run log", stop=False):
                self.archive.finish_run(
                    self.run_id,
                    status=status,
                    reason=why,
                    requests=stats.get("downloader/request_count", 0),
                    new=stats.get("archive/new", 0),
                    updated=stats.get("archive/updated", 0),
                    unchanged=stats.get("archive/unchanged", 0),
                    removed=stats.get("archive/removed", 0),
                    dropped=stats.get("item_dropped_count", 0) + stats.get("skipped/count", 0),
                    errors=stats.get("errors/count", 0) + stats.get("spider_exceptions/count", 0),
                    stats=stats,
                )
        finally:
            self.archive.close()
