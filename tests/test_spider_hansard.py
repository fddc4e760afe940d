"""The hansard spider's decisions, tested by calling its callbacks on saved responses."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from scraper.items import Document
from scraper.spiders.hansard import HansardSpider

WEB = "http://127.0.0.1:9/hansard.parliament.uk"
API = "http://127.0.0.1:9/hansard-api.parliament.uk"
FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
PAGE = "https://hansard.parliament.uk/Commons/2010-11-24/debates/10112451000023/PublicSectorMutuals"


def make_spider(settings: dict | None = None, **arguments: str) -> HansardSpider:
    values = {"HANSARD_BASE_URL": WEB, "HANSARD_API_BASE_URL": API, "HANSARD_SEARCH_TAKE": 2}
    crawler = get_crawler(HansardSpider, values | (settings or {}))
    return HansardSpider.from_crawler(crawler, **arguments)


def start_requests(spider: HansardSpider) -> list[Request]:
    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def query(request: Request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()}


def test_discovery_searches_spoken_written_and_debates_for_each_term() -> None:
    paths = [urlsplit(r.url).path for r in start_requests(make_spider())]
    assert (
        paths
        == [
            "/hansard-api.parliament.uk/search/contributions/Spoken.json",
            "/hansard-api.parliament.uk/search/contributions/Written.json",
            "/hansard-api.parliament.uk/search/debates.json",
        ]
        * 2
    )


def test_window_and_house_become_query_parameters() -> None:
    request = start_requests(make_spider(since="2010-05-12", until="2015-05-08", house="commons"))[
        0
    ]
    assert query(request) == {
        "queryParameters.searchTerm": "mutuals",
        "queryParameters.startDate": "2010-05-12",
        "queryParameters.endDate": "2015-05-08",
        "queryParameters.house": "Commons",
        "queryParameters.skip": "0",
        "queryParameters.take": "2",
    }


@pytest.mark.parametrize(
    ("arguments", "message"),
    [({"house": "Scottish"}, "house"), ({"format": "xml"}, "format"), ({"since": "2010"}, "since")],
)
def test_bad_arguments_are_refused_at_start(arguments: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_spider(**arguments)


def test_a_debate_url_is_fetched_from_the_configured_host_keeping_its_case() -> None:
    [request] = start_requests(make_spider(urls=PAGE))
    assert request.url == WEB + "/Commons/2010-11-24/debates/10112451000023/PublicSectorMutuals"
    assert request.cb_kwargs == {"live_url": PAGE}


def search_response(spider: HansardSpider, body: bytes, skip: int = 0) -> tuple[Request, list]:
    request = spider.search_request("/search/contributions/Spoken.json", "mutuals", skip)
    response = TextResponse(url=request.url, body=body, encoding="utf-8")
    return request, list(spider.parse_search(response, **request.cb_kwargs))


def test_a_search_page_yields_debates_and_the_next_page() -> None:
    body = (FIXTURES / "search-contributions-spoken.json").read_bytes()
    data = json.loads(body)
    data["TotalResultCount"] = 4
    data["Results"] = data["Results"][:2]
    _, out = search_response(make_spider(), json.dumps(data).encode())
    pages = [r for r in out if "/search/" in r.url]
    debates = [r for r in out if "/search/" not in r.url]
    assert [query(p)["queryParameters.skip"] for p in pages] == ["2"]
    assert debates[0].url.startswith(WEB + "/Commons/2010-11-24/debates/")


def test_json_format_fetches_the_debate_from_the_api() -> None:
    body = (FIXTURES / "search-debates.json").read_bytes()
    spider = make_spider(format="json")
    request = spider.search_request("/search/debates.json", "mutuals")
    response = TextResponse(url=request.url, body=body, encoding="utf-8")
    urls = [r.url for r in spider.parse_search(response, **request.cb_kwargs)]
    assert urls[0] == API + "/debates/debate/10112451000023.json"


def test_a_malformed_search_page_is_reported_not_raised() -> None:
    spider = make_spider()
    _, out = search_response(spider, b'{"Results": [')
    assert out == []
    assert spider.crawler.stats.get_value("errors/parse_error") == 1


def test_the_recorded_page_becomes_a_document(corpus: Path) -> None:
    spider = make_spider()
    path = (
        corpus
        / "reconstructed/hansard/html/Commons-2010-11-24-PublicSectorMutuals-10112451000023.html"
    )
    response = HtmlResponse(url=WEB + "/x", body=path.read_bytes())
    [doc] = list(spider.parse_page(response, live_url=PAGE))
    assert isinstance(doc, Document)
    assert (doc.id, doc.url, len(doc.contributions)) == ("hansard:10112451000023", PAGE, 5)


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        (PAGE, True),
        (
            "https://hansard.parliament.uk/commons/1962-07-05/debates/cf14/OralAnswersToQuestions",
            True,
        ),
        ("https://hansard-api.parliament.uk/swagger/docs/v1", False),
        ("https://www.gov.uk/government/news/x", False),
    ],
)
def test_which_recorded_urls_the_spider_fetches_directly(url: str, accepted: bool) -> None:
    assert HansardSpider.accepts_document_url(url) is accepted
