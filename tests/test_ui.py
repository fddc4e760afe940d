"""The archive's own pages, served by scripts/serve on the built demo archive: one search
over everything, speech and person pages, claim timelines, feeds and exports, and no
archive text rendered as HTML."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from conftest import MUTUALS_DOCUMENTS, serving
from sqlite_utils import Database

from pipelines.config import REPO_ROOT

MAUDE = "uk.org.publicwhip/person/10423"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(built: dict) -> Iterator[str]:
    with serving(built["db"]) as origin:
        yield origin


def get(url: str) -> httpx.Response:
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200, (url, response.text[:2000])
    return response


def results(html: str) -> list[dict[str, str]]:
    """Each search result's type, id, document and date, in page order."""
    pattern = r'class="mutuals-result" data-type="(\w+)" data-id="([^"]*)" data-document="([^"]*)" data-date="([^"]*)"'  # noqa: E501
    return [
        {"type": t, "id": i, "document": d.replace("&amp;", "&"), "date": day}
        for t, i, d, day in re.findall(pattern, html)
    ]


def speech_links(html: str) -> list[str]:
    return [
        unquote(h) for h in re.findall(r'class="speech-link" href="/-/speech\?id=([^"]+)"', html)
    ]


def test_search_for_mutuals_finds_the_five_seed_documents_with_highlights(site: str) -> None:
    html = get(site + "/-/mutuals?q=mutuals").text
    found = {r["document"] for r in results(html)}
    assert set(MUTUALS_DOCUMENTS.values()) <= found
    assert '<div class="snippet">' in html and "<mark>" in html


def test_search_shows_facet_counts(site: str) -> None:
    html = get(site + "/-/mutuals?q=mutuals").text
    for facet in ("source", "kind", "speaker", "party", "house", "year"):
        assert f'data-facet="{facet}"' in html
    assert re.search(r'>Hansard</a> <span class="count">\d+</span>', html)
    assert re.search(r'>Francis Maude</a> <span class="count">\d+</span>', html)
    # one entry per person, whatever each page printed ("Mr Maude" on Hansard)
    assert ">Mr Maude</a>" not in html


def test_filters_narrow_the_results(site: str) -> None:
    everything = results(get(site + "/-/mutuals?q=mutuals").text)
    hansard = results(get(site + "/-/mutuals?q=mutuals&source=hansard").text)
    assert 0 < len(hansard) < len(everything)
    assert {r["document"] for r in hansard} == {MUTUALS_DOCUMENTS["hansard"]}
    in_2012 = results(get(site + "/-/mutuals?q=mutuals&year=2012").text)
    assert in_2012 and all(r["date"].startswith("2012") for r in in_2012)
    window = results(get(site + "/-/mutuals?q=mutuals&from=2011-01-01&to=2012-12-31").text)
    assert window and all("2011-01-01" <= r["date"] <= "2012-12-31" for r in window)
    assert len(window) < len(everything)


def test_sort_by_date_newest_and_oldest(site: str) -> None:
    newest = [r["date"] for r in results(get(site + "/-/mutuals?q=mutuals&sort=newest").text)]
    oldest = [r["date"] for r in results(get(site + "/-/mutuals?q=mutuals&sort=oldest").text)]
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)
    assert newest[0] == "2013-02-08" and oldest[0] == "2010-11-17"


def test_phrase_boolean_and_prefix_queries(site: str) -> None:
    phrase = get(site + '/-/mutuals?q="rights to provide"').text
    assert results(phrase) and "<mark>" in phrase
    both = results(get(site + "/-/mutuals?q=mutuals AND pathfinder").text)
    assert both and len(both) < len(results(get(site + "/-/mutuals?q=mutuals").text))
    assert results(get(site + "/-/mutuals?q=mutual*").text)


@pytest.mark.parametrize("query", ["AND OR", '"rights to', "mutuals NOT"])
def test_a_malformed_query_gets_a_message_not_an_error(site: str, query: str) -> None:
    response = httpx.get(site + "/-/mutuals", params={"q": query}, timeout=30)
    assert response.status_code == 200
    assert "could not be understood" in response.text


def test_every_result_has_a_speech_page_with_speaker_source_and_cite_line(site: str) -> None:
    html = get(site + "/-/mutuals?q=mutuals").text
    links = speech_links(html)
    assert len(links) == len(results(html))
    for speech_id in set(links):
        page = httpx.get(site + "/-/speech", params={"id": speech_id}, timeout=30)
        assert page.status_code == 200, speech_id
        assert 'class="source-link" href="http' in page.text
        assert 'class="cite-line"' in page.text


def test_a_ministers_speech_page(site: str) -> None:
    speech = f"{MUTUALS_DOCUMENTS['twfy']}#1"
    html = httpx.get(site + "/-/speech", params={"id": speech}, timeout=30).text
    assert f'href="/-/person?id={MAUDE}">Francis Maude</a>' in html
    assert "The Paymaster General and Minister for the Cabinet Office" in html
    assert "(Con)" in html
    assert 'href="https://www.theyworkforyou.com/debates/?id=2011-12-14a.777.7"' in html
    assert "HC Deb 14 December 2011, col 777, TheyWorkForYou gid 2011-12-14a.777.7" in html
    assert "Oral Answers to Questions › CABINET OFFICE › Employee Mutuals" in html


def test_cite_lines_for_hansard_and_an_article(site: str) -> None:
    hansard = httpx.get(
        site + "/-/speech", params={"id": f"{MUTUALS_DOCUMENTS['hansard']}#1"}, timeout=30
    ).text
    assert "HC Deb 24 November 2010, vol 519" in hansard
    article = httpx.get(
        site + "/-/speech",
        params={"id": f"{MUTUALS_DOCUMENTS['news (Public Finance)']}#2"},
        timeout=30,
    ).text
    assert (
        "Public Finance, When the feeling’s mutual, 8 February 2013, "
        "https://www.publicfinance.co.uk/2013/02/when-the-feelings-mutual"
    ) in article


def test_person_page_lists_offices_seats_and_contributions(site: str) -> None:
    html = httpx.get(site + "/-/person", params={"id": MAUDE}, timeout=30).text
    assert "<h1>Francis Maude</h1>" in html
    assert "The Paymaster General and Minister for the Cabinet Office" in html
    assert "Horsham" in html
    contributions = re.findall(r'<li><a href="/-/speech\?id=[^"]+">(\d{4}-\d\d-\d\d)', html)
    assert contributions and contributions == sorted(contributions, reverse=True)
    assert 'href="/-/timeline/mutuals.count"' in html


def test_unknown_person_and_speech_are_404(site: str) -> None:
    assert httpx.get(site + "/-/person?id=nobody").status_code == 404
    assert httpx.get(site + "/-/speech?id=nothing").status_code == 404


def test_timeline_page_charts_the_mutuals_count(site: str) -> None:
    html = get(site + "/-/timeline/mutuals.count").text
    assert "<svg" in html and "<circle" in html
    assert ">58<" in html and ">65<" in html
    assert f'href="/-/person?id={MAUDE}">Francis Maude</a>' in html
    assert 'href="/-/timeline/mutuals.count"' in get(site + "/-/timeline").text


def test_atom_feed_for_a_search(site: str) -> None:
    response = get(site + "/archive/search.atom?q=mutuals")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    assert all(e.find(f"{ATOM}link").get("href", "").startswith("http") for e in entries)
    minister = ET.fromstring(
        get(site + "/archive/search.atom?q=mutuals&speaker=Francis Maude").content
    )
    assert 0 < len(minister.findall(f"{ATOM}entry")) < len(entries)
    assert "search.atom?q=mutuals" in get(site + "/-/mutuals?q=mutuals").text


def test_csv_and_json_of_a_search(site: str) -> None:
    csv = get(site + "/archive/search.csv?q=mutuals&_size=max").text
    header, *lines = csv.strip().splitlines()
    assert header.startswith("type,id,title,date,source")
    assert any(MUTUALS_DOCUMENTS["govuk"] in line for line in lines)
    rows = get(site + "/archive/search.json?q=mutuals&source=hansard&_shape=objects").json()["rows"]
    assert rows and {r["source"] for r in rows} == {"hansard"}


@pytest.fixture(scope="module")
def hostile(built: dict, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("hostile") / "archive.db"
    shutil.copy(built["db"], db)
    database = Database(db)
    document = MUTUALS_DOCUMENTS["govuk"]
    database["contributions"].insert(
        {
            "id": f"{document}#999",
            "document_id": document,
            "position": 999,
            "kind": "paragraph",
            "section": "<b>Heading</b>",
            "speaker_name": '<img src=x onerror="alert(2)">',
            "text": "Mutuals zebrafish <script>alert(1)</script> and <img src=x onerror=alert(1)>",
            "source": "govuk",
            "date": "2010-11-17",
            "url": "https://www.gov.uk/government/news/big-society-plans-for-better-public-services",
        }
    )
    database.close()
    with serving(db) as origin:
        yield origin


def test_scraped_html_is_escaped(hostile: str) -> None:
    search = get(hostile + "/-/mutuals?q=zebrafish").text
    assert len(results(search)) == 1
    speech = httpx.get(
        hostile + "/-/speech",
        params={"id": f"{MUTUALS_DOCUMENTS['govuk']}#999"},
        timeout=30,
    ).text
    for html in (search, speech):
        assert "<script>alert(1)</script>" not in html
        assert "<img src=x" not in html and "<b>Heading" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_series_with_year_only_dates_still_charts() -> None:
    """A figure dated only by its year ("in 2010 there were 9") sits at the year's start."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "mutuals_ui", REPO_ROOT / "serving" / "plugins" / "mutuals_ui.py"
    )
    ui = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ui)
    points = [
        {"as_of": "2010", "value": 9, "who": "A", "value_text": "9"},
        {"as_of": "2012-06", "value": 58, "who": "B", "value_text": "58"},
    ]
    assert ui.chart(points)["width"] == 720
    assert str(ui.as_of_day("2013-02-08")) == "2013-02-08"
    assert ui.metric_label("mutuals.count") != "mutuals.count"


def test_a_search_past_the_time_limit_gets_a_message_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search that outlasts its time limit (a filter that makes a common word slow, on a
    large archive) is stopped, and the page says what to do instead of failing."""
    from benchmarks import synthetic

    db = tmp_path / "synth.db"
    argv = ["--contributions", "3000", "--out", str(db), "--workers", "0"]
    assert synthetic.main([*argv, "--vocabulary-files", "4"]) == 0
    monkeypatch.setenv("MUTUALS_SEARCH_TIME_LIMIT_MS", "1")  # Datasette's own stays 3 s
    with serving(db) as origin:
        response = httpx.get(origin + "/-/mutuals", params={"q": "the"}, timeout=30)
    assert response.status_code == 200, response.text[-3000:]
    assert "That search took too long to finish" in response.text
