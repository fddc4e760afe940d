"""News and opinion articles from the outlets listed in `sources.yml`.

Discovery per outlet, as configured: curated article URLs, RSS/Atom feeds and sitemaps
(entries that match the topic's terms), and the Guardian Open Platform searched with the
topic's terms (GUARDIAN_API_KEY from the environment). Articles are parsed by a
maintained extractor; an outlet whose every article yields no body or no date fails
the run, because its layout has most likely changed.

    scrapy crawl news
    scrapy crawl news -a since=2010-05-12 -a until=2015-05-08 -a outlets="Third Sector,The Guardian"
    scrapy crawl news -a urls=https://www.publicfinance.co.uk/2013/02/when-the-feelings-mutual
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from urllib.parse import urlencode, urlsplit

import scrapy
from lxml import etree
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap

from pipelines.config import topic_path
from pipelines.relevance import cached_topic, score
from pipelines.store import utc_now
from scraper.archive_spider import ArchiveSpider
from scraper.items import Document
from scraper.parsers import ParseError
from scraper.parsers.news import parse_article, parse_guardian_item, parse_guardian_search
from scraper.problems import report
from scraper.sources import OutletSource, load_sources, outlet_for

GUARDIAN_HOST = "content.guardianapis.com"
# A Guardian content item (not a search or tag page): its path carries /yyyy/mon/dd/
_GUARDIAN_ITEM = re.compile(r"^/[\w/-]+/\d{4}/[a-z]{3}/\d{2}/[\w-]+$")


class NewsSpider(ArchiveSpider):
    name = "news"
    max_search_pages = 50

    def __init__(self, outlets: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.only = {o.strip() for o in outlets.split(",")} if outlets else None
        self.outcomes: dict[str, dict[str, int]] = {}

    @classmethod
    def accepts_document_url(cls, url: str) -> bool:
        """Whether `-a urls=` can fetch this live URL: an outlet's article or a Guardian item."""
        return _is_guardian_item(url) or outlet_for(url, load_sources()) is not None

    @property
    def topic(self):
        return cached_topic(str(self.settings.get("MUTUALS_TOPIC") or topic_path()))

    def _via_mirror(self, live_url: str) -> str:
        """The live URL, or where a mirror serves it (https://<host>/<path> at /<host>/<path>)."""
        mirror = (self.settings.get("NEWS_MIRROR") or "").rstrip("/")
        if not mirror:
            return live_url
        parts = urlsplit(live_url)
        return f"{mirror}/{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")

    def _request(self, live_url: str, callback, **cb_kwargs) -> scrapy.Request:
        return scrapy.Request(
            self._via_mirror(live_url),
            callback=callback,
            errback=self.on_error,
            cb_kwargs={"live_url": live_url, **cb_kwargs},
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        sources = load_sources()
        guardian = next((s for s in sources if s.guardian_api), None)
        for url in self.direct_urls:
            if _is_guardian_item(url):
                yield self.guardian_item_request(url, guardian)
            else:
                yield self._request(url, self.parse_page, source=outlet_for(url, sources))
        if not self.discover:
            return
        for source in sources:
            if self.only and source.outlet.name not in self.only:
                continue
            for request in self.discovery(source):
                yield request

    def discovery(self, source: OutletSource) -> Iterable[scrapy.Request]:
        for url in source.articles:
            yield self._request(url, self.parse_page, source=source)
        for url in source.feeds:
            yield self._request(url, self.parse_feed, source=source)
        for url in source.sitemaps:
            yield self._request(url, self.parse_sitemap, source=source)
        if source.guardian_api:
            if not self.settings.get("GUARDIAN_API_KEY"):
                self.logger.warning("No GUARDIAN_API_KEY set: the Guardian's API is not searched")
                return
            for term in self.topic.search_terms:
                yield self.guardian_search(term, source)

    def _about_topic(self, text: str) -> bool:
        return bool(score(text, self.topic).matched)

    def parse_feed(self, response: Response, live_url: str, source: OutletSource):
        try:
            root = etree.fromstring(response.body, etree.XMLParser(recover=True, no_network=True))
        except etree.XMLSyntaxError as exc:
            report(self.crawler, "parse_error", response.url, f"feed is not XML: {exc}")
            return
        for entry in root.iter("{*}item", "{*}entry") if root is not None else ():
            link = entry.findtext("{*}link") or next(
                (e.get("href") for e in entry.iter("{*}link") if e.get("href")), None
            )
            text = " ".join(entry.itertext())
            if link and self._about_topic(text):
                yield self._request(link.strip(), self.parse_page, source=source)

    def parse_sitemap(self, response: Response, live_url: str, source: OutletSource):
        try:
            entries = list(Sitemap(response.body))
        except (etree.XMLSyntaxError, ValueError) as exc:
            report(self.crawler, "parse_error", response.url, f"sitemap is not XML: {exc}")
            return
        for entry in entries:
            url = entry.get("loc", "")
            if url and self._about_topic(urlsplit(url).path.replace("-", " ").replace("/", " ")):
                yield self._request(url, self.parse_page, source=source)

    def guardian_search(self, term: str, source: OutletSource, page: int = 1) -> scrapy.Request:
        params = {"q": term, "page": page, "page-size": 50, "order-by": "oldest"}
        params |= {k: v for k, v in (("from-date", self.since), ("to-date", self.until)) if v}
        params["api-key"] = self.settings.get("GUARDIAN_API_KEY")
        base = self.settings.get("GUARDIAN_API_BASE_URL").rstrip("/")
        return scrapy.Request(
            f"{base}/search?{urlencode(params)}",
            callback=self.parse_guardian_search,
            errback=self.on_error,
            cb_kwargs={"term": term, "source": source, "page": page},
        )

    def parse_guardian_search(self, response: Response, term: str, source: OutletSource, page: int):
        try:
            found = parse_guardian_search(response.body)
        except ParseError as exc:
            self.unreadable(response, exc)
            return
        base = self.settings.get("GUARDIAN_API_BASE_URL").rstrip("/")
        key = self.settings.get("GUARDIAN_API_KEY")
        for item in found.items:
            path = urlsplit(item.api_url).path
            query = urlencode({"show-fields": "all", "show-tags": "all", "api-key": key})
            yield self.guardian_item_request(f"{base}{path}?{query}", source)
        if found.items and page < min(found.pages, self.max_search_pages):
            yield self.guardian_search(term, source, page + 1)

    def guardian_item_request(self, url: str, source: OutletSource | None) -> scrapy.Request:
        """A content item, on the configured API base whatever host the URL names."""
        parts = urlsplit(url)
        base = self.settings.get("GUARDIAN_API_BASE_URL").rstrip("/")
        return scrapy.Request(
            base + parts.path + (f"?{parts.query}" if parts.query else ""),
            callback=self.parse_guardian_item,
            errback=self.on_error,
            cb_kwargs={"source": source},
        )

    def parse_guardian_item(self, response: Response, source: OutletSource | None):
        yield from self.once(
            response, self._guardian_item(response, source), lambda: self._unchanged(source)
        )

    def _guardian_item(self, response: Response, source: OutletSource | None):
        try:
            doc = parse_guardian_item(response.body, fetched_at=utc_now())
        except ParseError as exc:
            self.unreadable(response, exc)
            return
        yield from self._checked(doc, source, response)

    def parse_page(self, response: Response, live_url: str, source: OutletSource | None):
        yield from self.once(
            response, self._page(response, live_url, source), lambda: self._unchanged(source)
        )

    def _unchanged(self, source: OutletSource | None) -> Iterable[Document]:
        """A body logged as processed had its body and date: it counts for its outlet."""
        self._count(source, ok=True)
        return ()

    def _page(self, response: Response, live_url: str, source: OutletSource | None):
        outlet = source.outlet if source else None
        try:
            doc = parse_article(response.body, live_url, fetched_at=utc_now(), outlet=outlet)
        except ParseError as exc:
            self.unreadable(response, exc)
            self._count(source, ok=False)
            return
        yield from self._checked(doc, source, response, live_url)

    def _checked(
        self, doc: Document, source: OutletSource | None, response: Response, url: str = ""
    ) -> Iterable[Document]:
        """Count an outlet's extraction failures; a layout change shows as all of them failing.

        A body that failed is not logged as processed, so every run tries it again.
        """
        missing = [what for what, ok in (("body", doc.contributions), ("date", doc.date)) if not ok]
        if missing:
            self._unreadable.add(response)
        if missing and self._about_topic(doc.title or ""):
            report(
                self.crawler,
                "extraction_failed",
                url or response.url,
                f"no {' and no '.join(missing)} extracted",
            )
        self._count(source, ok=not missing)
        yield doc

    def _count(self, source: OutletSource | None, ok: bool) -> None:
        name = source.outlet.name if source else "(no outlet)"
        counts = self.outcomes.setdefault(name, {"ok": 0, "failed": 0})
        counts["ok" if ok else "failed"] += 1
        self.crawler.stats.inc_value(f"news/{name}/{'ok' if ok else 'failed'}")

    def failed_sources(self) -> list[tuple[str, str]]:
        """(outlet, why) for each outlet whose every article failed: the run log fails the run."""
        return [
            (name, f"every article of {name} ({c['failed']}) failed extraction: layout changed?")
            for name, c in self.outcomes.items()
            if c["failed"] and not c["ok"]
        ]


def _is_guardian_item(url: str) -> bool:
    parts = urlsplit(url)
    return parts.netloc == GUARDIAN_HOST and bool(_GUARDIAN_ITEM.match(parts.path))
