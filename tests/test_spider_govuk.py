"""The govuk spider's decisions, tested by calling its callbacks on saved responses.

What to fetch is the spider's job: search terms × document types, paging until the
total is reached (and no further when a page comes back empty), direct URLs, a date
window, and every request going to the base URL setting.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import Request, TextResponse
from scrapy.utils.test import get_crawler

from scraper.items import Document
from scraper.spiders.govuk import DOCUMENT_TYPES, GovukSpider

BASE = "http://127.0.0.1:9/www.gov.uk"
DWP_SEARCH = "govuk/search-api/new_policies_for_dwp.json"


def make_spider(**arguments: str) -> GovukSpider:
    crawler = get_crawler(GovukSpider, {"GOVUK_BASE_URL": BASE + "/"})
    return GovukSpider.from_crawler(crawler, **arguments)


def start_requests(spider: GovukSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def response_from(path: Path, url: str) -> TextResponse:
    return TextResponse(url=url, body=path.read_bytes(), encoding="utf-8")


def query(request: Request) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.url).query)


def test_discovery_searches_every_term_and_document_type() -> None:
    requests = start_requests(make_spider())
    searched = {
        (query(r)["q"][0], query(r)["filter_content_store_document_type"][0]) for r in requests
    }
    assert searched == {(t, d) for t in ("mutuals", "mutualisation") for d in DOCUMENT_TYPES}
    assert all(r.url.startswith(BASE + "/api/search.json?") for r in requests)
    assert all("start" not in query(r) for r in requests)


def test_date_window_becomes_a_search_filter() -> None:
    request = start_requests(make_spider(since="2010-05-12", until="2015-05-08"))[0]
    assert query(request)["filter_public_timestamp"] == ["from:2010-05-12,to:2015-05-08"]


def test_a_bad_date_argument_is_refused() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        make_spider(since="17/11/2010")


def test_direct_urls_fetch_the_content_api_without_discovery() -> None:
    spider = make_spider(
        urls="https://www.gov.uk/government/news/a, https://www.gov.uk/api/content/government/news/b"
    )
    assert [r.url for r in start_requests(spider)] == [
        BASE + "/api/content/government/news/a",
        BASE + "/api/content/government/news/b",
    ]


def test_direct_urls_with_discovery_do_both(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text("https://www.gov.uk/api/content/government/news/a\n")
    requests = start_requests(make_spider(urls_file=str(listing), discover="yes"))
    assert requests[0].url == BASE + "/api/content/government/news/a"
    assert len(requests) == 1 + 2 * len(DOCUMENT_TYPES)


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://www.gov.uk/api/content/government/news/big-society", True),
        ("https://www.gov.uk/government/speeches/x", True),
        ("https://www.gov.uk/api/search.json?q=mutuals", False),
        ("https://hansard.parliament.uk/Commons/2010-11-24/debates/1/X", False),
    ],
)
def test_which_recorded_urls_the_spider_fetches_directly(url: str, accepted: bool) -> None:
    assert GovukSpider.accepts_document_url(url) is accepted


def test_a_search_page_yields_its_items_and_the_next_page(corpus: Path) -> None:
    spider = make_spider()
    request = spider.search_request("mutuals", "press_release")
    response = response_from(corpus / DWP_SEARCH, request.url)
    out = list(spider.parse_search(response, **request.cb_kwargs))
    content = [r for r in out if "/api/content/" in r.url]
    pages = [r for r in out if "/api/search.json" in r.url]
    assert len(content) == 10  # total 11, ten on this page
    assert [query(p)["start"] for p in pages] == [["10"]]


def test_paging_stops_when_a_page_is_empty_whatever_the_total() -> None:
    spider = make_spider()
    request = spider.search_request("mutuals", "speech", start=20)
    body = json.dumps({"results": [], "total": 500, "start": 20}).encode()
    response = TextResponse(url=request.url, body=body, encoding="utf-8")
    assert list(spider.parse_search(response, **request.cb_kwargs)) == []


def test_the_last_page_asks_for_no_more(corpus: Path) -> None:
    spider = make_spider()
    path = corpus / "reconstructed/govuk/search-api/search-mutuals-press_release.json"
    request = spider.search_request("mutuals", "press_release")
    out = list(spider.parse_search(response_from(path, request.url), **request.cb_kwargs))
    assert [r.url for r in out] == [
        BASE + "/api/content/government/news/big-society-plans-for-better-public-services"
    ]


def test_a_content_item_becomes_a_document(corpus: Path) -> None:
    spider = make_spider()
    path = corpus / "govuk/content-api/speech/speech.json"
    out = list(spider.parse_content(response_from(path, BASE + "/api/content/x")))
    assert len(out) == 1 and isinstance(out[0], Document)
    assert out[0].url.startswith("https://www.gov.uk/government/speeches/")


def test_an_unsupported_item_is_skipped_and_counted(corpus: Path) -> None:
    spider = make_spider()
    path = corpus / "govuk/content-api/role/prime_minister.json"
    assert list(spider.parse_content(response_from(path, BASE + "/api/content/y"))) == []
    assert spider.crawler.stats.get_value("skipped/unsupported") == 1
