"""TheyWorkForYou: Commons, Lords, Westminster Hall, written answers and statements.

Discovery: with `TWFY_API_KEY` set, the getHansard API searched with the topic's terms
(a date range in TheyWorkForYou's search syntax), paged; without a key, the dated file
listings of `/pwdata/scrapedxml/<folder>/` over the date window. Documents: the parlparse
XML day files, newest version of each day: a file saying latest="no" is not stored,
its next version is fetched instead, and a stored day is replaced whole.

    TWFY_API_KEY=... scrapy crawl twfy -a since=2010-05-12 -a until=2015-05-08
    scrapy crawl twfy -a since=2011-12-01 -a until=2011-12-31 -a folders=debates,wrans
    scrapy crawl twfy -a urls=https://www.theyworkforyou.com/pwdata/scrapedxml/debates/debates2011-12-14a.xml
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from urllib.parse import urlencode, urlsplit

import scrapy
from scrapy.http import Response

from pipelines.config import topic_path
from pipelines.relevance import cached_topic
from pipelines.store import utc_now
from scraper.archive_spider import ArchiveSpider
from scraper.items import Document, PartManifest
from scraper.parsers import ParseError
from scraper.parsers.twfy import next_version_url, parse_day_file, parse_hansard_search
from scraper.parsers.twfy_listing import parse_listing
from scraper.problems import report

WEB_ROOT = "https://www.theyworkforyou.com"
FOLDERS = ("debates", "westminhall", "wms", "wrans", "lordspages", "lordswms", "lordswrans")
_NOT_LATEST = re.compile(rb"<publicwhip[^>]*\blatest=[\"']no[\"']")
_DAY_FILE = re.compile(r"^https?://www\.theyworkforyou\.com/pwdata/scrapedxml/[a-z]+/[^/]+\.xml$")


class TwfySpider(ArchiveSpider):
    name = "twfy"
    max_search_pages = 100

    def __init__(self, folders: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.folders = tuple(f for f in (folders or ",".join(FOLDERS)).split(",") if f)
        unknown = set(self.folders) - set(FOLDERS)
        if unknown:
            raise ValueError(f"-a folders= takes some of {', '.join(FOLDERS)}, not {unknown}")

    @classmethod
    def accepts_document_url(cls, url: str) -> bool:
        """Whether `-a urls=` can fetch this live URL (a parlparse XML day file)."""
        return bool(_DAY_FILE.match(url))

    def _on_base(self, live_url: str) -> str:
        parts = urlsplit(live_url)
        base = self.settings.get("TWFY_BASE_URL").rstrip("/")
        return base + parts.path + (f"?{parts.query}" if parts.query else "")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.direct_urls:
            yield self.day_file_request(url)
        if not self.discover:
            return
        if self.settings.get("TWFY_API_KEY"):
            topic = cached_topic(str(self.settings.get("MUTUALS_TOPIC") or topic_path()))
            for term in topic.search_terms:
                yield self.search_request(term)
            return
        self.logger.warning(
            "No TWFY_API_KEY set: discovering by date range over the dated XML file "
            "listings instead of searching (%s to %s)",
            self.since or "the first file",
            self.until or "the last file",
        )
        for folder in self.folders:
            yield scrapy.Request(
                self._on_base(f"{WEB_ROOT}/pwdata/scrapedxml/{folder}/"),
                callback=self.parse_listing,
                errback=self.on_error,
                cb_kwargs={"folder": folder},
            )

    def search_request(self, term: str, page: int = 1) -> scrapy.Request:
        window = f" {(self.since or '').replace('-', '')}..{(self.until or '').replace('-', '')}"
        query = term + (window if self.since or self.until else "")
        params = {"search": query, "output": "js", "page": page, "num": 100}
        params["key"] = self.settings.get("TWFY_API_KEY")
        return scrapy.Request(
            self._on_base(f"{WEB_ROOT}/api/getHansard?{urlencode(params)}"),
            callback=self.parse_search,
            errback=self.on_error,
            cb_kwargs={"term": term, "page": page},
        )

    def day_file_request(self, live_url: str) -> scrapy.Request:
        return scrapy.Request(
            self._on_base(live_url),
            callback=self.parse_day,
            errback=self.on_error,
            cb_kwargs={"live_url": live_url},
        )

    def parse_search(self, response: Response, term: str, page: int) -> Iterable[scrapy.Request]:
        try:
            found = parse_hansard_search(response.body)
        except ParseError as exc:
            self.unreadable(response, exc)
            return
        for hit in found.hits:
            if hit.day_file_url:
                yield self.day_file_request(hit.day_file_url)
        seen = (page - 1) * max(found.per_page, 1) + len(found.hits)
        if found.hits and seen < found.total and page < self.max_search_pages:
            yield self.search_request(term, page + 1)

    def parse_listing(self, response: Response, folder: str) -> Iterable[scrapy.Request]:
        for listed in parse_listing(response.body):
            if (self.since and listed.date < self.since) or (
                self.until and listed.date > self.until
            ):
                continue
            yield self.day_file_request(f"{WEB_ROOT}/pwdata/scrapedxml/{folder}/{listed.name}")

    def parse_day(
        self, response: Response, live_url: str
    ) -> Iterable[Document | PartManifest | scrapy.Request]:
        yield from self.once(
            response,
            self._day(response, live_url),
            when_unchanged=lambda: self._superseded(response, live_url),
        )

    def _superseded(self, response: Response, live_url: str) -> Iterable[scrapy.Request]:
        """An unchanged file that says latest="no" still points at a newer version to check."""
        if _NOT_LATEST.search(response.body):
            newer = next_version_url(live_url)
            if newer:
                yield self.day_file_request(newer)

    def _day(
        self, response: Response, live_url: str
    ) -> Iterable[Document | PartManifest | scrapy.Request]:
        try:
            day = parse_day_file(response.body, live_url, fetched_at=utc_now())
        except ParseError as exc:
            self.unreadable(response, exc)
            return
        for warning in day.warnings:
            report(self.crawler, "parse_warning", response.url, warning, error=False)
        if day.latest is False:
            newer = next_version_url(live_url)
            if newer:
                yield self.day_file_request(newer)
            return
        yield from day.documents
        yield PartManifest(day.part_of, [d.id for d in day.documents], live_url)
