"""GOV.UK press releases, speeches and statements, found through the Search API.

Discovery: `/api/search.json?q=<term>&filter_content_store_document_type=<type>` for
every search term of the topic and every document type, paged with `start`.
Documents: the Content API, `/api/content<link>`.

    scrapy crawl govuk                                  # discover with the topic's terms
    scrapy crawl govuk -a since=2010-05-01 -a until=2015-05-07
    scrapy crawl govuk -a urls=https://www.gov.uk/government/news/big-society-plans-for-better-public-services
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from urllib.parse import urlencode, urlparse

import scrapy
from scrapy.http import Response

from pipelines.config import topic_path
from pipelines.relevance import cached_topic
from pipelines.store import utc_now
from scraper.archive_spider import ArchiveSpider
from scraper.items import Document
from scraper.parsers import ParseError, UnsupportedDocument
from scraper.parsers.govuk import parse_content, parse_search
from scraper.problems import report

DOCUMENT_TYPES = (
    "press_release",
    "speech",
    "news_story",
    "oral_statement",
    "written_statement",
    "authored_article",
)
_DOCUMENT_URL = re.compile(r"^https?://www\.gov\.uk/(api/content/)?(?!api/)[\w-]")


class GovukSpider(ArchiveSpider):
    name = "govuk"
    max_search_pages = 100  # a wrong `total` must not page forever

    @classmethod
    def accepts_document_url(cls, url: str) -> bool:
        """Whether `-a urls=` can fetch this live URL (a GOV.UK page or Content API item)."""
        return bool(_DOCUMENT_URL.match(url))

    @property
    def base_url(self) -> str:
        return self.settings.get("GOVUK_BASE_URL").rstrip("/")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.direct_urls:
            yield self.content_request(urlparse(url).path)
        if self.discover:
            topic = cached_topic(str(self.settings.get("MUTUALS_TOPIC") or topic_path()))
            for term in topic.search_terms:
                for document_type in DOCUMENT_TYPES:
                    yield self.search_request(term, document_type)

    def search_request(self, term: str, document_type: str, start: int = 0) -> scrapy.Request:
        params = [("q", term), ("filter_content_store_document_type", document_type)]
        if self.since or self.until:
            window = ",".join(
                f"{edge}:{value}"
                for edge, value in (("from", self.since), ("to", self.until))
                if value
            )
            params.append(("filter_public_timestamp", window))
        if start:
            params.append(("start", str(start)))
        return scrapy.Request(
            f"{self.base_url}/api/search.json?{urlencode(params)}",
            callback=self.parse_search,
            errback=self.on_error,
            cb_kwargs={"term": term, "document_type": document_type, "start": start},
        )

    def content_request(self, path: str) -> scrapy.Request:
        path = "/" + path.removeprefix("/api/content").lstrip("/")
        return scrapy.Request(
            f"{self.base_url}/api/content{path}", callback=self.parse_content, errback=self.on_error
        )

    def parse_search(
        self, response: Response, term: str, document_type: str, start: int
    ) -> Iterable[scrapy.Request]:
        try:
            page = parse_search(response.body)
        except ParseError as exc:
            self.unreadable(response, exc)
            return
        for link in page.links:
            yield self.content_request(link)
        seen = start + len(page.links) + page.skipped_external
        pages = start // max(len(page.links), 1) + 1
        if page.links and seen < page.total and pages < self.max_search_pages:
            yield self.search_request(term, document_type, seen)

    def parse_content(self, response: Response) -> Iterable[Document]:
        yield from self.once(response, self._content(response))

    def _content(self, response: Response) -> Iterable[Document]:
        try:
            yield parse_content(response.body, fetched_at=utc_now())
        except UnsupportedDocument as exc:
            report(self.crawler, "unsupported", response.url, str(exc), error=False)
        except ParseError as exc:
            self.unreadable(response, exc)
