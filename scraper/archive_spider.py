"""What every spider of the archive shares: the same arguments and the same error reporting.

A cron line reads the same whichever source it refreshes (`-a since= -a until=
-a urls= -a urls_file= -a discover=`), and every failed request is logged with its URL,
counted and kept in `scrape_events` the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import Any
from weakref import WeakSet

import scrapy
from scrapy.http import Response
from scrapy.utils.conf import build_component_list
from sqlite_utils import Database
from twisted.python.failure import Failure

from pipelines.fetch_log import FetchLog, sha256_of
from scraper.arguments import date_argument, flag, split_urls
from scraper.items import Document, Fetched
from scraper.problems import describe_failure, report


class ArchiveSpider(scrapy.Spider):
    """Base of the source spiders (not a spider itself: it has no name)."""

    _fetch_log: FetchLog | None = None

    def __init__(
        self,
        since: str | None = None,
        until: str | None = None,
        urls: str | None = None,
        urls_file: str | None = None,
        discover: str | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self._unreadable: WeakSet[Response] = WeakSet()  # parsed with an error: not logged
        self.since = date_argument("since", since)
        self.until = date_argument("until", until)
        self.direct_urls = split_urls(urls, urls_file)
        self.discover = flag(discover, default=not self.direct_urls)

    def live(self, url: str) -> str:
        """The live URL a (possibly replayed) response stands for: the fetch log's key."""
        origin = (self.settings.get("REPLAY_ORIGIN") or "").rstrip("/")
        if origin and url.startswith(origin + "/"):
            return "https://" + url[len(origin) + 1 :]
        return url

    @property
    def fetch_log(self) -> FetchLog | None:
        """The fetch log of the archive this crawl stores into; None (process everything)
        under MUTUALS_REPARSE, or when no archive is written here (a crawl without the
        store stage, or a distributed worker, whose writer holds the archive)."""
        if (
            self._fetch_log is None
            and self._stores_here
            and not self.settings.getbool("MUTUALS_REPARSE")
        ):
            from scraper.item_pipelines import archive_path

            path = archive_path(self.crawler)
            if path.exists():
                self._fetch_log = FetchLog(Database(path))
        return self._fetch_log

    @cached_property
    def _item_stages(self) -> list[str]:
        stages = build_component_list(self.settings.getwithbase("ITEM_PIPELINES"))
        return [s if isinstance(s, str) else f"{s.__module__}.{s.__qualname__}" for s in stages]

    @cached_property
    def _stores_here(self) -> bool:
        return any(s.endswith("item_pipelines.StorePipeline") for s in self._item_stages)

    @cached_property
    def _stores(self) -> bool:
        """Items are stored, here or by a distributed crawl's writer: bodies are logged."""
        return self._stores_here or any(
            s.endswith("distributed.SendToWriter") for s in self._item_stages
        )

    def once(
        self,
        response: Response,
        items: Iterable[Any],
        when_unchanged: Callable[[], Iterable[Any]] | None = None,
    ) -> Iterator[Any]:
        """The items parsed from `response`, or none if this very body was processed before.

        `items` is a generator, so a skipped body is never parsed. An unchanged body's
        documents count as unchanged; `when_unchanged` yields what must still be followed.
        A body that could not be read is not logged, so it is tried again next run.
        """
        key, digest = self.live(response.url), sha256_of(response.body)
        log = self.fetch_log
        held = log.known(key, digest) if log is not None else None
        if held is not None:
            self.crawler.stats.inc_value("fetch_log/unchanged")
            self.crawler.stats.inc_value("archive/unchanged", held)
            if when_unchanged is not None:
                yield from when_unchanged()
            return
        for item in items:
            if isinstance(item, Document):
                item.fetched_from = key
            yield item
        if response not in self._unreadable and self._stores:
            yield Fetched(key, digest)

    def closed(self, reason: str) -> None:
        if self._fetch_log is not None:
            self._fetch_log.db.close()

    def on_error(self, failure: Failure) -> None:
        report(self.crawler, *describe_failure(failure))

    def unreadable(self, response: Response, exc: Exception) -> None:
        """A response its parser could not read: logged, counted, skipped (and tried again)."""
        self._unreadable.add(response)
        report(self.crawler, "parse_error", response.url, str(exc))
