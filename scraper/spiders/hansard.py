"""Commons and Lords debates from hansard.parliament.uk, found through the Hansard API.

Discovery: `/search/contributions/{Spoken,Written}.json` and `/search/debates.json` on
hansard-api.parliament.uk with the topic's search terms, paged with skip/take until
the total is reached. Documents: the debate section page (default) or its JSON
(`-a format=json`), one Document per section, one Contribution per speech.

    scrapy crawl hansard -a since=2010-05-12 -a until=2015-05-08 -a house=Commons
    scrapy crawl hansard -a urls=https://hansard.parliament.uk/Commons/2010-11-24/debates/10112451000023/PublicSectorMutuals
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
from scraper.items import Document
from scraper.parsers import ParseError
from scraper.parsers.hansard import (
    DebateRef,
    SearchResults,
    api_debate_url,
    parse_contribution_search,
    parse_debate_json,
    parse_debate_page,
    parse_debate_search,
    search_page_is_consistent,
)
from scraper.problems import report

WEB_ROOT = "https://hansard.parliament.uk"
CONTRIBUTION_TYPES = ("Spoken", "Written")
_DEBATE_PAGE = re.compile(
    r"^https?://hansard\.parliament\.uk/(Commons|Lords)/\d{4}-\d{2}-\d{2}/debates/([^/]+)/",
    re.IGNORECASE,
)


class HansardSpider(ArchiveSpider):
    name = "hansard"
    max_search_pages = 200  # a wrong total must not page forever

    def __init__(self, house: str | None = None, format: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        if house is not None and house.lower() not in ("commons", "lords"):
            raise ValueError(f"-a house= takes Commons or Lords, not {house!r}")
        self.house = house.capitalize() if house else None
        if format not in (None, "page", "json"):
            raise ValueError(f"-a format= takes page or json, not {format!r}")
        self.format_argument = format

    @classmethod
    def accepts_document_url(cls, url: str) -> bool:
        """Whether `-a urls=` can fetch this live URL (a debate section page)."""
        return bool(_DEBATE_PAGE.match(url))

    @property
    def document_format(self) -> str:
        return self.format_argument or self.settings.get("HANSARD_DOCUMENT_FORMAT", "page")

    def _on(self, setting: str, live_url: str) -> str:
        """A live URL moved onto the configured base (the live host unless overridden)."""
        parts = urlsplit(live_url)
        base = self.settings.get(setting).rstrip("/")
        return base + parts.path + (f"?{parts.query}" if parts.query else "")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.direct_urls:
            yield self.page_request(url)
        if not self.discover:
            return
        topic = cached_topic(str(self.settings.get("MUTUALS_TOPIC") or topic_path()))
        for term in topic.search_terms:
            for kind in CONTRIBUTION_TYPES:
                yield self.search_request(f"/search/contributions/{kind}.json", term)
            yield self.search_request("/search/debates.json", term)

    def search_request(self, path: str, term: str, skip: int = 0) -> scrapy.Request:
        take = self.settings.getint("HANSARD_SEARCH_TAKE", 50)
        params = [("queryParameters.searchTerm", term)]
        for name, value in (
            ("startDate", self.since),
            ("endDate", self.until),
            ("house", self.house),
        ):
            if value:
                params.append((f"queryParameters.{name}", value))
        params += [("queryParameters.skip", str(skip)), ("queryParameters.take", str(take))]
        base = self.settings.get("HANSARD_API_BASE_URL").rstrip("/")
        return scrapy.Request(
            f"{base}{path}?{urlencode(params)}",
            callback=self.parse_search,
            errback=self.on_error,
            cb_kwargs={"path": path, "term": term, "skip": skip, "take": take},
        )

    def page_request(self, live_url: str) -> scrapy.Request:
        return scrapy.Request(
            self._on("HANSARD_BASE_URL", live_url),
            callback=self.parse_page,
            errback=self.on_error,
            cb_kwargs={"live_url": live_url},
        )

    def document_request(self, ref: DebateRef) -> scrapy.Request:
        if self.document_format == "json":
            return scrapy.Request(
                self._on("HANSARD_API_BASE_URL", api_debate_url(ref.ext_id)),
                callback=self.parse_json,
                errback=self.on_error,
            )
        return self.page_request(ref.url)

    def parse_search(
        self, response: Response, path: str, term: str, skip: int, take: int
    ) -> Iterable[scrapy.Request]:
        parse = parse_debate_search if path == "/search/debates.json" else parse_contribution_search
        try:
            results = parse(response.body)
        except ParseError as exc:
            self.unreadable(response, exc)
            return
        for ref in results.debates:
            yield self.document_request(ref)
        if self._next_page(response.url, results, skip, take):
            yield self.search_request(path, term, skip + take)

    def _next_page(self, url: str, results: SearchResults, skip: int, take: int) -> bool:
        """Page on only while the pages agree with the total; say so when they do not."""
        if not search_page_is_consistent(results, skip, take):
            reason = f"total {results.total} but {results.count} results at skip {skip}"
            report(self.crawler, "inconsistent_total", url, reason + "; paging stopped")
            return False
        return skip + take < results.total and (skip // take) + 1 < self.max_search_pages

    def parse_page(self, response: Response, live_url: str) -> Iterable[Document]:
        yield from self.once(response, self._page(response, live_url))

    def _page(self, response: Response, live_url: str) -> Iterable[Document]:
        try:
            yield parse_debate_page(response.body, live_url, fetched_at=utc_now())
        except ParseError as exc:
            self.unreadable(response, exc)

    def parse_json(self, response: Response) -> Iterable[Document]:
        yield from self.once(response, self._json(response))

    def _json(self, response: Response) -> Iterable[Document]:
        try:
            yield parse_debate_json(response.body, fetched_at=utc_now())
        except ParseError as exc:
            self.unreadable(response, exc)
