"""What every spider of the archive shares: the same arguments and the same error reporting.

A cron line reads the same whichever source it refreshes (`-a since= -a until=
-a urls= -a urls_file= -a discover=`), and every failed request is logged with its URL,
counted and kept in `scrape_events` the same way.
"""

from __future__ import annotations

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from scraper.arguments import date_argument, flag, split_urls
from scraper.problems import describe_failure, report


class ArchiveSpider(scrapy.Spider):
    """Base of the source spiders (not a spider itself: it has no name)."""

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
        self.since = date_argument("since", since)
        self.until = date_argument("until", until)
        self.direct_urls = split_urls(urls, urls_file)
        self.discover = flag(discover, default=not self.direct_urls)

    def on_error(self, failure: Failure) -> None:
        report(self.crawler, *describe_failure(failure))

    def unreadable(self, response: Response, exc: Exception) -> None:
        """A response its parser could not read: logged, counted, skipped."""
        report(self.crawler, "parse_error", response.url, str(exc))
