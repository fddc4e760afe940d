"""The hansard spider through Scrapy over HTTP against the replay server.

No Hansard API responses were recorded, so the search pages here are built in the
test from the hand-made fixtures in tests/fixtures/hansard/ (which follow the
published API description); the debate page they lead to is the recorded one.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import lxml.html
import pytest
from conftest import crawl_spider, snapshot
from sqlite_utils import Database

from replay.server import Canned, ReplayServer

FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
API = "https://hansard-api.parliament.uk"
MUTUALS_PAGE = (
    "https://hansard.parliament.uk/Commons/2010-11-24/debates/10112451000023/PublicSectorMutuals"
)
DEBATE_ID = "hansard:10112451000023"
RECORDED_PAGE = (
    "reconstructed/hansard/html/Commons-2010-11-24-PublicSectorMutuals-10112451000023.html"
)


def search_url(path: str, skip: int, take: int = 2) -> str:
    params = {
        "queryParameters.searchTerm": "mutuals",
        "queryParameters.skip": skip,
        "queryParameters.take": take,
    }
    return f"{API}{path}?{urlencode(params)}"


def page_of(results: list[dict], total: int) -> bytes:
    return json.dumps({"Results": results, "TotalResultCount": total}).encode()


def mutuals_result(n: int) -> dict:
    """A contribution search result for the recorded 2010 debate (fields per the fixture)."""
    fixture = json.loads((FIXTURES / "search-contributions-spoken.json").read_text())
    result = dict(fixture["Results"][0])
    result.update(ContributionExtId=f"00000000-0000-4000-8000-00000000010{n}")
    result.update(DebateSectionExtId="10112451000023", House="Commons")
    result.update(SittingDate="2010-11-24T00:00:00")
    return result


def discovery_pages() -> dict[str, Canned]:
    spoken, debates = "/search/contributions/Spoken.json", "/search/debates.json"
    debate = json.loads((FIXTURES / "search-debates.json").read_text())["Results"][0]
    return {
        search_url(spoken, 0): Canned(200, page_of([mutuals_result(1), mutuals_result(2)], 3)),
        search_url(spoken, 2): Canned(200, page_of([mutuals_result(3)], 3)),
        search_url("/search/contributions/Written.json", 0): Canned(200, page_of([], 0)),
        search_url(debates, 0): Canned(200, page_of([debate], 5)),  # a wrong total
    }


@pytest.fixture(scope="module")
def topic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mutuals topic with one search term, so every discovery request is scripted."""
    path = tmp_path_factory.mktemp("topic") / "topic.yml"
    text = (Path(__file__).parents[1] / "topics.yml").read_text()
    path.write_text(text.replace("  - mutualisation\n", ""))
    return path


def crawl(server: ReplayServer, db: Path, topic: Path, *arguments: str) -> dict:
    settings = {"HANSARD_SEARCH_TAKE": 2}
    return crawl_spider(
        server, db, "hansard", *arguments, settings=settings, MUTUALS_TOPIC=str(topic)
    )


@pytest.fixture(scope="module")
def discovered(corpus: Path, topic: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("hansard") / "archive.db"
    with ReplayServer(corpus, overrides=discovery_pages()) as server:
        first = crawl(server, db, topic)
        after_first = snapshot(db)
        second = crawl(server, db, topic)
        page_fetches = [p for _, p, _ in server.requests if "/debates/10112451000023/" in p]
    return {
        "db": db,
        "first": first,
        "second": second,
        "after_first": after_first,
        "page_fetches": page_fetches,
    }


def test_discovery_pages_through_search_to_the_debate(discovered: dict) -> None:
    db = Database(discovered["db"])
    assert [r["id"] for r in db.query("select id from documents")] == [DEBATE_ID]
    assert discovered["first"]["run"]["new"] == 1
    # three search hits and a debate search name one section: it is fetched once per run
    assert len(discovered["page_fetches"]) == 2


def test_maude_is_resolved_as_minister_for_the_cabinet_office(discovered: dict) -> None:
    rows = list(Database(discovered["db"]).query("select * from contributions order by position"))
    assert len(rows) == 5
    for row in rows:
        assert row["person_id"] == "uk.org.publicwhip/person/10423"
        assert "Minister for the Cabinet Office" in row["office"]
        assert row["party"] == "Con"


def test_searching_pathfinder_finds_his_answer_with_a_link(discovered: dict) -> None:
    rows = list(
        Database(discovered["db"]).query(
            "select c.url, c.speaker_name from contributions c join contributions_fts f "
            "on c.rowid = f.rowid where contributions_fts match 'pathfinder'"
        )
    )
    assert len(rows) == 3  # three of his five answers speak of the pathfinders
    assert all(r == {"url": MUTUALS_PAGE, "speaker_name": "Mr Maude"} for r in rows)


def test_an_empty_search_result_is_not_an_error(discovered: dict) -> None:
    written = [e for e in discovered["first"]["events"] if "Written.json" in e["url"]]
    assert written == []


def test_a_wrong_total_stops_paging_and_is_reported(discovered: dict) -> None:
    events = [e for e in discovered["first"]["events"] if "debates.json" in e["url"]]
    assert [(e["kind"], e["reason"]) for e in events] == [
        ("error:inconsistent_total", "total 5 but 1 results at skip 0; paging stopped")
    ]
    assert discovered["first"]["run"]["errors"] == 1


def test_rerunning_changes_nothing(discovered: dict) -> None:
    assert snapshot(discovered["db"]) == discovered["after_first"]
    assert (discovered["second"]["run"]["new"], discovered["second"]["run"]["unchanged"]) == (0, 1)


# --- bad input on the document side -------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
def test_a_busy_hansard_is_retried_with_backoff(
    corpus: Path, topic: Path, tmp_path: Path, status: int
) -> None:
    busy = {MUTUALS_PAGE: Canned(status, b"busy", headers={"Retry-After": "1"}, times=1)}
    with ReplayServer(corpus, overrides=busy) as server:
        out = crawl(server, tmp_path / "a.db", topic, "-a", f"urls={MUTUALS_PAGE}")
    assert "Waiting 1.0s before retry 1" in out["log"]
    assert (out["run"]["status"], out["run"]["new"]) == ("ok", 1)


def test_a_hansard_that_stays_down_is_logged_and_counted(
    corpus: Path, topic: Path, tmp_path: Path
) -> None:
    with ReplayServer(corpus, overrides={MUTUALS_PAGE: Canned(503, b"down")}) as server:
        out = crawl(server, tmp_path / "a.db", topic, "-a", f"urls={MUTUALS_PAGE}")
    assert [(e["kind"], e["reason"]) for e in out["events"]] == [("error:http_error", "HTTP 503")]
    assert "Gave up retrying" in out["log"]


def without_contributions(page: bytes) -> bytes:
    """The recorded page with every contribution cut out, as a changed layout might give."""
    root = lxml.html.fromstring(page)
    for item in root.xpath("//div[contains(@class, 'debate-item-contributiondebateitem')]"):
        item.getparent().remove(item)
    return lxml.html.tostring(root)


def test_a_page_without_contributions_is_dropped_with_its_reason(
    corpus: Path, topic: Path, tmp_path: Path
) -> None:
    page = (corpus / RECORDED_PAGE).read_bytes()
    empty = without_contributions(page)
    assert b'class="contribution' not in empty
    with ReplayServer(corpus, overrides={MUTUALS_PAGE: Canned(200, empty)}) as server:
        out = crawl(server, tmp_path / "a.db", topic, "-a", f"urls={MUTUALS_PAGE}")
    assert [(e["kind"], e["reason"]) for e in out["events"]] == [("dropped", "no body text")]


def test_a_contribution_without_a_speaker_link_is_kept_unresolved(
    corpus: Path, topic: Path, tmp_path: Path
) -> None:
    root = lxml.html.fromstring((corpus / RECORDED_PAGE).read_bytes())
    first = root.xpath("//a[contains(@class, 'attributed-to-details')]")[0]
    first.tag = "span"
    del first.attrib["href"]
    with ReplayServer(
        corpus, overrides={MUTUALS_PAGE: Canned(200, lxml.html.tostring(root))}
    ) as server:
        crawl(server, tmp_path / "a.db", topic, "-a", f"urls={MUTUALS_PAGE}")
    rows = list(Database(tmp_path / "a.db").query("select * from contributions order by position"))
    assert len(rows) == 5
    assert (rows[0]["speaker_name"], rows[0]["speaker_ref"]) == ("Mr Maude", None)
    # resolved from the printed name and the date alone, and saying so
    assert rows[0]["resolution"].startswith(("surname", "unresolved", "ambiguous"))
    assert rows[1]["resolution"] == "parliament_id (1.00)"
