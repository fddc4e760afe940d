"""What the Hansard parsers promise, checked against the recorded corpus.

Every hansard-html page in MANIFEST.tsv (five real captures, 1961-2022, and the
reconstructed 2010 "Public Sector Mutuals" page) is parsed and checked against
counts taken independently from its markup; named pages pin down exact values.
Bad pages are built in code from corpus files, so no corpus bytes are copied into
the repository. No Hansard API response was ever recorded: the API fixtures under
tests/fixtures/hansard/ are hand-made from the published description.
"""

from __future__ import annotations

import copy
import csv
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from pipelines.config import corpus_dir
from scraper.items import Document
from scraper.parsers import ParseError
from scraper.parsers.hansard import (
    _CHAIR,
    _COLLECTIVE,
    SearchResults,
    _printed,
    _procedural_speaker,
    _procedural_tags,
    column_before,
    debate_id,
    paragraphs,
    parse_contribution_search,
    parse_debate_json,
    parse_debate_page,
    parse_debate_search,
    search_page_is_consistent,
    split_attribution,
    title_slug,
)
from scraper.parsers.html_text import SKIPPED_TAGS, html_fragment, inline_text, normalise_space

FETCHED_AT = "2025-01-01T12:00:00Z"
FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
CAPTURES = "hansard/html/Commons-"
PMQS_2022 = f"{CAPTURES}2022-06-22-OralAnswersToQuestions-1825FDB2-5C11-4579-B1DA-94B80654D983.html"
PMQS_1961 = f"{CAPTURES}1961-07-18-OralAnswersToQuestions-adf428ba-7690-44bf-999c-635b980254fe.html"
PMQS_1962 = f"{CAPTURES}1962-07-05-OralAnswersToQuestions-cf144f26-664f-4ef8-8f18-ba35e409bcfa.html"
PMQS_1975 = f"{CAPTURES}1975-01-14-OralAnswersToQuestions-e0279e7f-6655-463f-ae5a-e39aa443a117.html"
PMQS_1980 = f"{CAPTURES}1980-04-24-OralAnswersToQuestions-7d7b15d8-398a-489e-94b0-01a685a4f205.html"
MUTUALS = "reconstructed/hansard/html/Commons-2010-11-24-PublicSectorMutuals-10112451000023.html"
MUTUALS_URL = (
    "https://hansard.parliament.uk/Commons/2010-11-24/debates/10112451000023/PublicSectorMutuals"
)
URL_2022 = (
    "https://hansard.parliament.uk/Commons/2022-06-22/debates/"
    "1825FDB2-5C11-4579-B1DA-94B80654D983/OralAnswersToQuestions"
)
CONTRIBUTION = "div.contribution"
MEMBER_ID = re.compile(r"memberId=(\d+)")

# What each page yields: contributions, procedural items, first and last column, first speaker.
EXPECTED = {
    PMQS_1961: (206, 9, "1032", "1062", "Mr. R. Harris"),
    PMQS_1962: (174, 6, "666", "693", "Mr. G. M. Thomson"),
    PMQS_1975: (156, 2, "163", "189", "Mr. Biggs-Davison"),
    PMQS_1980: (153, 1, "675", "698", "Mr. Richard Wainwright"),
    PMQS_2022: (133, 12, "825", "844", "Nick Fletcher"),
    MUTUALS: (5, 0, None, None, "Mr Maude"),
}


def manifest_rows(kind: str) -> dict[str, str]:
    """Corpus path → live URL for every row of one kind, in manifest order."""
    manifest = corpus_dir() / "MANIFEST.tsv"
    if not manifest.exists():
        return {}
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["file"]: row["url"] for row in rows if row["kind"] == kind}


PAGES = manifest_rows("hansard-html")


def corpus_bytes(relative: str) -> bytes:
    return (corpus_dir() / relative).read_bytes()


def parse_page(relative: str, url: str | None = None) -> Document:
    return parse_debate_page(corpus_bytes(relative), url or PAGES[relative], FETCHED_AT)


def tree(relative: str) -> Any:
    return lxml_html.document_fromstring(
        corpus_bytes(relative), parser=lxml_html.HTMLParser(encoding="utf-8")
    )


def as_page(root: Any) -> bytes:
    return lxml_html.tostring(root, doctype="<!DOCTYPE html>", encoding="utf-8")


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict[str, Any]:
    return json.loads(fixture_bytes(name))


def as_body(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def by_text(document: Document, start: str) -> int:
    """Position of the one contribution whose text starts so."""
    found = [c.position for c in document.contributions if c.text.startswith(start)]
    assert len(found) == 1, found
    return found[0]


# --- the manifest itself -------------------------------------------------------------


def test_the_manifest_lists_the_real_captures_and_the_reconstruction() -> None:
    assert set(PAGES) == set(EXPECTED)


# --- rules every page keeps --------------------------------------------------------------


@pytest.mark.parametrize("relative", list(PAGES))
def test_one_contribution_per_div_contribution_in_page_order(relative: str) -> None:
    document = parse_page(relative)
    divs = tree(relative).cssselect(CONTRIBUTION)
    assert len(document.contributions) == len(divs) > 0
    assert [c.position for c in document.contributions] == list(range(len(divs)))
    assert [c.native_id for c in document.contributions] == [
        d.get("data-contribution-id") for d in divs
    ]


@pytest.mark.parametrize("relative", list(PAGES))
def test_every_contribution_has_text_and_a_kind(relative: str) -> None:
    for contribution in parse_page(relative).contributions:
        assert contribution.text.strip(), contribution
        assert contribution.text == contribution.text.strip()
        assert "  " not in contribution.text
        assert contribution.kind in {"speech", "procedural"}


@pytest.mark.parametrize("relative", list(PAGES))
def test_speaker_refs_are_the_member_ids_of_the_attributed_to_links(relative: str) -> None:
    expected = []
    for div in tree(relative).cssselect(CONTRIBUTION):
        links = div.cssselect("a.attributed-to-details")
        match = MEMBER_ID.search(links[0].get("href", "")) if links else None
        expected.append(match.group(1) if match else None)
    refs = [c.speaker_ref for c in parse_page(relative).contributions]
    assert refs == expected
    assert all(ref.isdigit() for ref in refs if ref is not None)


@pytest.mark.parametrize("relative", [p for p in PAGES if not p.startswith("reconstructed/")])
def test_every_contribution_on_a_real_page_has_a_column_in_page_order(relative: str) -> None:
    columns = [c.column for c in parse_page(relative).contributions]
    assert None not in columns
    numbers = [int(column) for column in columns]
    assert numbers == sorted(numbers)
    markers = tree(relative).cssselect("span.column-number[data-column-number]")
    assert {c for c in columns} <= {m.get("data-column-number") for m in markers} | {
        column_before(markers[0].get("data-column-number"))
    }


def test_the_reconstruction_has_no_column_markers_so_no_columns() -> None:
    assert not tree(MUTUALS).cssselect("span.column-number")
    assert [c.column for c in parse_page(MUTUALS).contributions] == [None] * 5


@pytest.mark.parametrize("relative", list(PAGES))
def test_what_each_page_yields(relative: str) -> None:
    count, procedural, first_column, last_column, first_speaker = EXPECTED[relative]
    contributions = parse_page(relative).contributions
    assert len(contributions) == count
    assert sum(c.kind == "procedural" for c in contributions) == procedural
    assert (contributions[0].column, contributions[-1].column) == (first_column, last_column)
    assert contributions[0].speaker_name == first_speaker


@pytest.mark.parametrize("relative", list(PAGES))
def test_each_page_parses_well_under_a_second(relative: str) -> None:
    body = corpus_bytes(relative)
    started = time.perf_counter()
    parse_debate_page(body, PAGES[relative], FETCHED_AT)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("relative", list(PAGES))
def test_identity_and_provenance(relative: str) -> None:
    document = parse_page(relative)
    ext_id = PAGES[relative].split("/debates/")[1].split("/")[0]
    assert document.id == f"hansard:{ext_id.upper()}" == debate_id(ext_id)
    assert document.native_id == ext_id.upper()
    assert document.source == "hansard"
    assert document.licence == "Open Parliament Licence v3.0"
    assert document.fetched_at == FETCHED_AT
    assert re.fullmatch(r"[0-9a-f]{64}", document.content_sha256)
    assert document.url.lower() == PAGES[relative].lower()
    assert document.url.startswith("https://hansard.parliament.uk/Commons/")
    assert "//" not in document.url.removeprefix("https://")
    assert document.api_url == f"https://hansard-api.parliament.uk/debates/debate/{ext_id}.json"


# --- the 2022 page -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pmqs_2022() -> Document:
    return parse_page(PMQS_2022)


def test_2022_section_facts(pmqs_2022: Document) -> None:
    assert pmqs_2022.title == "Oral Answers to Questions"
    assert (pmqs_2022.date, pmqs_2022.house) == ("2022-06-22", "commons")
    assert pmqs_2022.id == "hansard:1825FDB2-5C11-4579-B1DA-94B80654D983"
    assert pmqs_2022.url == URL_2022
    assert pmqs_2022.kind == "oral_questions"
    assert pmqs_2022.headings == ["Commons Chamber", "Oral Answers to Questions"]
    assert pmqs_2022.extra["volume"] == 716
    assert pmqs_2022.extra["parent_id"] == "ee449594-ebe3-4c43-ace3-f04f476bf598"
    assert pmqs_2022.extra["previous_id"] == "4F1ACE92-8C88-46D3-8A22-B3593D4DCDDD"
    assert pmqs_2022.extra["next_id"] == "5736CBBA-A5F0-45B9-AA54-246FF57FB5EE"
    assert pmqs_2022.extra["other_items"] == [
        "The Secretary of State was asked—",
        "The Prime Minister was asked—",
    ]


def test_2022_first_contribution(pmqs_2022: Document) -> None:
    first = pmqs_2022.contributions[0]
    assert (first.speaker_name, first.speaker_ref) == ("Nick Fletcher", "4832")
    assert first.speaker_detail == "(Don Valley) (Con)"
    assert first.native_id == "771F4C80-E950-4D76-A9CB-B40F666E62E8"
    assert first.anchor == "contribution-771F4C80-E950-4D76-A9CB-B40F666E62E8"
    assert first.section == "Trade between NI and rest of UK"
    assert first.kind == "speech"
    assert first.text == (
        "1. What steps his Department is taking to support businesses trading between "
        "Northern Ireland and the rest of the UK. (900559)"
    )


def test_2022_paragraphs_are_kept_apart_and_empty_ones_dropped(pmqs_2022: Document) -> None:
    answer = pmqs_2022.contributions[4]
    assert answer.speaker_name == "The Secretary of State for Northern Ireland"
    assert answer.speaker_detail == "(Brandon Lewis)"
    assert answer.text.split("\n\n")[0].startswith("Mr Speaker, I thank you")
    assert answer.text.split("\n\n")[1].startswith("We cannot allow the Northern Ireland")
    assert len(answer.text.split("\n\n")) == 2


def test_2022_shows_no_time_stamps_so_no_times(pmqs_2022: Document) -> None:
    # The only times on the page are hidden debug tooltips ("AA-AD hs_Para 22/06/2022
    # 11:30:00"), out of order; Hansard prints no time line in this section.
    assert all(c.time is None for c in pmqs_2022.contributions)


def test_a_contribution_with_a_column_break_inside_starts_in_the_earlier_column(
    pmqs_2022: Document,
) -> None:
    # Claire Hanna's question holds the marker for column 827 mid-sentence.
    position = by_text(pmqs_2022, "The Government claim that their protocol Bill")
    broken = pmqs_2022.contributions[position]
    assert broken.speaker_name == "Claire Hanna"
    assert broken.column == "826"
    assert pmqs_2022.contributions[position + 1].column == "827"


def test_contributions_before_the_first_column_marker_sit_in_the_column_before_it(
    pmqs_2022: Document,
) -> None:
    # The first marker on the page is 826 and comes after the first questions.
    assert [c.column for c in pmqs_2022.contributions[:5]] == ["825"] * 5


def test_a_cross_reference_to_another_column_is_not_a_column_break(pmqs_2022: Document) -> None:
    position = by_text(pmqs_2022, "The hon. Lady is absolutely right.")
    assert "c. 374WH" in pmqs_2022.contributions[position].text
    assert "374WH" not in {c.column for c in pmqs_2022.contributions}
    assert pmqs_2022.contributions[position + 1].column == "827"


def test_1961_page_opens_with_a_column_marker(pmqs_2022: Document) -> None:
    document = parse_page(PMQS_1961)
    assert document.contributions[0].column == "1032"
    position = by_text(document, "Repeated studies by the Medical Research Council")
    assert document.contributions[position].column == "1036"
    assert document.contributions[position + 1].column == "1037"


# --- the reconstructed 2010 page ----------------------------------------------------------


@pytest.fixture(scope="module")
def mutuals() -> Document:
    return parse_page(MUTUALS)


def test_mutuals_section_facts(mutuals: Document) -> None:
    assert mutuals.title == "Public Sector Mutuals"
    assert (mutuals.date, mutuals.house, mutuals.extra["volume"]) == ("2010-11-24", "commons", 519)
    assert mutuals.id == "hansard:10112451000023"
    assert mutuals.native_id == "10112451000023"
    assert mutuals.url == MUTUALS_URL
    assert mutuals.headings == ["Oral Answers to Questions", "Public Sector Mutuals"]
    assert mutuals.extra["parent_id"] == "10112451000006"
    assert mutuals.kind == "oral_questions"


def test_mutuals_contributions_are_maudes_answers(mutuals: Document) -> None:
    assert len(mutuals.contributions) == 5
    for contribution in mutuals.contributions:
        assert (contribution.speaker_name, contribution.speaker_ref) == ("Mr Maude", "115")
        assert contribution.speaker_detail is None
        assert (contribution.native_id, contribution.anchor) == (None, None)
        assert contribution.section == "Public Sector Mutuals"
        assert contribution.kind == "speech"
    assert any("pathfinder" in c.text for c in mutuals.contributions)


# --- procedural items ----------------------------------------------------------------------


def test_the_speakers_calls_are_procedural(pmqs_2022: Document) -> None:
    position = by_text(pmqs_2022, "I call the Chair of the Select Committee")
    call = pmqs_2022.contributions[position]
    assert (call.speaker_name, call.speaker_ref, call.kind) == ("Mr Speaker", "467", "procedural")
    speaker = [c for c in pmqs_2022.contributions if c.speaker_name == "Mr Speaker"]
    assert {c.kind for c in speaker} == {"procedural"}


def test_several_members_rising_is_procedural() -> None:
    document = parse_page(PMQS_1975)
    rose = [c for c in document.contributions if c.speaker_name == "Several hon. Members"]
    assert [(c.text, c.kind) for c in rose] == [("rose—", "procedural")]


def test_numbered_questions_are_the_members_speech(pmqs_2022: Document) -> None:
    questions = [c for c in pmqs_2022.contributions if re.match(r"Q?\d+\. ", c.text)]
    assert len(questions) == 22
    assert {c.kind for c in questions} == {"speech"}


def test_old_pages_keep_bare_question_numbers_outside_the_contributions() -> None:
    document = parse_page(PMQS_1961)
    assert document.extra["other_items"][:2] == ["1.", "2."]
    assert not any(c.text == "1." for c in document.contributions)


# --- built from real pages: missing parts and bad input ---------------------------------


def test_a_page_without_contributions_gives_an_empty_document() -> None:
    root = tree(PMQS_2022)
    for item in root.cssselect("div.debate-item"):
        item.drop_tree()
    document = parse_debate_page(as_page(root), URL_2022, FETCHED_AT)
    assert document.contributions == []
    assert document.title == "Oral Answers to Questions"


def test_a_contribution_without_a_member_link_keeps_the_printed_name() -> None:
    root = tree(PMQS_2022)
    link = root.cssselect(CONTRIBUTION)[0].cssselect("a.attributed-to-details")[0]
    link.tag, link.attrib["class"] = "div", "attributed-to-details"
    del link.attrib["href"]
    first = parse_debate_page(as_page(root), URL_2022, FETCHED_AT).contributions[0]
    assert (first.speaker_name, first.speaker_ref) == ("Nick Fletcher", None)
    assert (first.speaker_detail, first.kind) == ("(Don Valley) (Con)", "speech")


def test_a_contribution_without_a_speaker_is_procedural() -> None:
    root = tree(PMQS_2022)
    root.cssselect(CONTRIBUTION)[0].cssselect("div.attributed-to")[0].drop_tree()
    first = parse_debate_page(as_page(root), URL_2022, FETCHED_AT).contributions[0]
    assert (first.speaker_name, first.speaker_ref, first.kind) == (None, None, "procedural")


def test_a_printed_time_stamp_dates_the_contributions_after_it() -> None:
    root = tree(MUTUALS)
    third = root.cssselect("div.debate-item")[2]
    stamp = lxml_html.fragment_fromstring(
        '<div class="debate-item debate-item-otherdebateitem"><div><p>12.31 pm</p></div></div>'
    )
    third.addprevious(stamp)
    document = parse_debate_page(as_page(root), MUTUALS_URL, FETCHED_AT)
    assert [c.time for c in document.contributions] == [None, None] + ["12:31:00"] * 3
    assert "other_items" not in document.extra


def test_the_id_and_url_do_not_depend_on_the_requested_url() -> None:
    body = corpus_bytes(PMQS_2022)
    asked = parse_debate_page(body, URL_2022.lower(), FETCHED_AT)
    replayed = parse_debate_page(
        body, "http://127.0.0.1:8765" + URL_2022.split(".uk", 1)[1], FETCHED_AT
    )
    assert asked.id == replayed.id == "hansard:1825FDB2-5C11-4579-B1DA-94B80654D983"
    assert asked.url == replayed.url == URL_2022


def test_without_its_own_links_the_page_is_identified_by_og_url_then_the_request() -> None:
    root = tree(MUTUALS)
    for element in root.xpath("//a[contains(@href, 'GetDebateAsText')] | //h2"):
        element.drop_tree()
    from_og_url = parse_debate_page(as_page(root), "http://127.0.0.1/", FETCHED_AT)
    assert (from_og_url.id, from_og_url.date, from_og_url.url) == (
        "hansard:10112451000023",
        "2010-11-24",
        MUTUALS_URL,
    )
    root.xpath("//meta[@property='og:url']")[0].drop_tree()
    from_request = parse_debate_page(as_page(root), MUTUALS_URL.lower(), FETCHED_AT)
    assert (from_request.id, from_request.url) == ("hansard:10112451000023", MUTUALS_URL)
    with pytest.raises(ParseError, match="cannot tell"):
        parse_debate_page(as_page(root), "http://127.0.0.1/", FETCHED_AT)


def test_og_url_defects_are_fixed() -> None:
    # The 1962 page was requested as /commons/... and its og:url echoes that, with "//".
    assert b"hansard.parliament.uk//commons/1962" in corpus_bytes(PMQS_1962)
    assert parse_page(PMQS_1962).url == (
        "https://hansard.parliament.uk/Commons/1962-07-05/debates/"
        "cf144f26-664f-4ef8-8f18-ba35e409bcfa/OralAnswersToQuestions"
    )


@pytest.mark.parametrize(
    "relative",
    [
        "news/html/theguardian.com-2020-01-20-academics.html",
        "hansard/publications-html/2011-07-19-debates_and_oral_answers.html",
    ],
)
def test_other_html_pages_are_not_debate_pages(relative: str) -> None:
    with pytest.raises(ParseError):
        parse_debate_page(corpus_bytes(relative), URL_2022, FETCHED_AT)


def test_a_truncated_page_is_an_error() -> None:
    body = corpus_bytes(PMQS_2022)
    with pytest.raises(ParseError, match="truncated"):
        parse_debate_page(body[: len(body) // 2], URL_2022, FETCHED_AT)


@pytest.mark.parametrize(
    "body", [b"", b"   ", bytes(range(256)) * 4, b"\x89PNG\r\n\x1a\n\x00\x00", b"<html></html>"]
)
def test_garbage_is_an_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_debate_page(body, URL_2022, FETCHED_AT)


# --- small helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Oral Answers to Questions", "OralAnswersToQuestions"),
        ("Oral Answers To Questions", "OralAnswersToQuestions"),
        ("Public Sector Mutuals", "PublicSectorMutuals"),
        ("NI Protocol Bill: Discussions with the EU", "NIProtocolBillDiscussionsWithTheEU"),
        ("Agricultural Research (Pigs)", "AgriculturalResearchPigs"),
        ("Prime Minister’s Questions", "PrimeMinistersQuestions"),
    ],
)
def test_title_slug(title: str, slug: str) -> None:
    assert title_slug(title) == slug


@pytest.mark.parametrize(
    ("marker", "before"), [("826", "825"), ("1032", "1031"), ("12WH", "11WH"), ("1", None)]
)
def test_column_before(marker: str, before: str | None) -> None:
    assert column_before(marker) == before


@pytest.mark.parametrize(
    ("attributed", "name", "detail"),
    [
        ("Nick Fletcher (Don Valley) (Con)", "Nick Fletcher", "(Don Valley) (Con)"),
        (
            "The Secretary of State for Northern Ireland (Brandon Lewis)",
            "The Secretary of State for Northern Ireland",
            "(Brandon Lewis)",
        ),
        ("Mr Maude", "Mr Maude", None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_split_attribution(attributed: str | None, name: str | None, detail: str | None) -> None:
    assert split_attribution(attributed) == (name, detail)


def test_paragraphs_split_loose_text_and_table_rows() -> None:
    element = lxml_html.fragment_fromstring(
        "<div><p>One<p></p> two <blockquote><q>Quoted</q></blockquote> three</p>"
        "<table><tr><td>a</td><td>b <br>c</td></tr></table></div>"
    )
    assert paragraphs(element) == ["One", "two", "Quoted", "three", "a | b c"]


# --- Hansard API: search --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.json")))
def test_every_fixture_says_it_is_hand_made(name: str) -> None:
    note = fixture_json(name)["_fixture_note"]
    assert "Hand-made from the published Hansard API description" in note
    assert "illustrative" in note


def test_contribution_search_groups_results_by_debate() -> None:
    results = parse_contribution_search(fixture_bytes("search-contributions-spoken.json"))
    assert (results.total, results.count) == (3, 3)
    assert [d.id for d in results.debates] == [
        "hansard:10112451000023",
        "hansard:5A1E0C3B-0000-4000-8000-000000000001",
    ]
    mutuals, lords = results.debates
    assert (mutuals.title, mutuals.house, mutuals.date) == (
        "Public Sector Mutuals",
        "Commons",
        "2010-11-24",
    )
    assert mutuals.url == MUTUALS_URL
    assert mutuals.api_url == "https://hansard-api.parliament.uk/debates/debate/10112451000023.json"
    assert mutuals.contribution_ids == [
        "00000000-0000-4000-8000-000000000101",
        "00000000-0000-4000-8000-000000000103",
    ]
    assert lords.url == (
        "https://hansard.parliament.uk/Lords/2012-06-20/debates/"
        "5a1e0c3b-0000-4000-8000-000000000001/PublicServiceMutualsExampleQuestion"
    )
    assert search_page_is_consistent(results, skip=0, take=20)


def test_debate_search_lists_debates_with_their_location() -> None:
    results = parse_debate_search(fixture_bytes("search-debates.json"))
    assert (results.total, results.count) == (2, 2)
    assert [(d.title, d.location, d.house) for d in results.debates] == [
        ("Public Sector Mutuals", "Commons Chamber", "Commons"),
        ("Public Service Mutuals: Example Question", "Lords Chamber", "Lords"),
    ]
    assert results.debates[0].url == MUTUALS_URL


@pytest.mark.parametrize("parse", [parse_contribution_search, parse_debate_search])
def test_an_empty_result_list_is_not_an_error(parse: Any) -> None:
    results = parse(as_body({"Results": [], "TotalResultCount": 0}))
    assert (results.total, results.count, results.debates) == (0, 0, [])
    assert search_page_is_consistent(results, skip=0, take=20)


@pytest.mark.parametrize(
    ("total", "count", "skip", "take", "consistent"),
    [
        (3, 3, 0, 20, True),
        (45, 20, 20, 20, True),
        (45, 5, 40, 20, True),  # the last, short page
        (45, 0, 60, 20, True),  # asked past the end
        (7, 7, 0, None, True),  # take omitted: everything at once
        (40, 0, 20, 20, False),  # no results while the total says 20 remain
        (45, 3, 0, 20, False),  # a short page before the end
        (2, 3, 0, 20, False),  # more results than the total
        (45, 25, 0, 20, False),  # take ignored
    ],
)
def test_search_page_is_consistent(
    total: int, count: int, skip: int, take: int | None, consistent: bool
) -> None:
    results = SearchResults(total=total, count=count)
    assert search_page_is_consistent(results, skip=skip, take=take) is consistent


def test_a_wrong_total_is_detected_on_a_parsed_page() -> None:
    data = fixture_json("search-debates.json")
    data["TotalResultCount"] = 40
    results = parse_debate_search(as_body(data))
    assert not search_page_is_consistent(results, skip=0, take=20)


SEARCH_FIXTURES = [
    (parse_contribution_search, "search-contributions-spoken.json"),
    (parse_debate_search, "search-debates.json"),
]


@pytest.mark.parametrize(("parse", "name"), SEARCH_FIXTURES)
def test_malformed_search_json_is_an_error(parse: Any, name: str) -> None:
    body = fixture_bytes(name)
    for bad in (body[: len(body) // 2], b"", b"<html>Service Unavailable</html>", b"[]"):
        with pytest.raises(ParseError):
            parse(bad)


@pytest.mark.parametrize(("parse", "name"), SEARCH_FIXTURES)
def test_an_error_object_is_an_error(parse: Any, name: str) -> None:
    with pytest.raises(ParseError, match="An error has occurred"):
        parse(as_body({"Message": "An error has occurred."}))


@pytest.mark.parametrize(("parse", "name"), SEARCH_FIXTURES)
@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("DebateSectionExtId", None),
        ("DebateSectionExtId", "not/an id"),
        ("SittingDate", "yesterday"),
        ("House", "Senate"),
    ],
)
def test_a_result_that_breaks_the_description_is_an_error(
    parse: Any, name: str, key: str, value: Any
) -> None:
    data = fixture_json(name)
    data["Results"][0][key] = value
    with pytest.raises(ParseError):
        parse(as_body(data))


@pytest.mark.parametrize(("parse", "name"), SEARCH_FIXTURES)
@pytest.mark.parametrize(("key", "value"), [("TotalResultCount", None), ("Results", None)])
def test_a_page_without_results_or_total_is_an_error(
    parse: Any, name: str, key: str, value: Any
) -> None:
    data = fixture_json(name)
    data[key] = value
    with pytest.raises(ParseError):
        parse(as_body(data))


# --- Hansard API: a debate section ----------------------------------------------------------


@pytest.fixture(scope="module")
def mutuals_json() -> Document:
    return parse_debate_json(fixture_bytes("debate-10112451000023.json"), FETCHED_AT)


def test_debate_json_gives_the_same_section_as_the_page(
    mutuals_json: Document, mutuals: Document
) -> None:
    for name in ("id", "native_id", "url", "api_url", "title", "date", "house", "kind"):
        assert getattr(mutuals_json, name) == getattr(mutuals, name), name
    assert mutuals_json.extra["volume"] == mutuals.extra["volume"] == 519
    assert mutuals_json.extra["parent_id"] == mutuals.extra["parent_id"] == "10112451000006"
    assert mutuals_json.headings == ["Commons Chamber", *mutuals.headings]
    assert mutuals_json.licence == "Open Parliament Licence v3.0"


def test_debate_json_contributions(mutuals_json: Document) -> None:
    contributions = mutuals_json.contributions
    assert [c.position for c in contributions] == list(range(5))
    assert {c.speaker_ref for c in contributions} == {"115"}
    first = contributions[0]
    assert first.speaker_name == "The Minister for the Cabinet Office and Paymaster General"
    assert first.speaker_detail == "(Mr Francis Maude)"
    assert first.native_id == "00000000-0000-4000-8000-000000000101"
    assert first.anchor == "contribution-00000000-0000-4000-8000-000000000101"
    assert [c.speaker_name for c in contributions[1:]] == ["Mr Maude"] * 4
    assert {(c.kind, c.section, c.time, c.column) for c in contributions} == {
        ("speech", "Public Sector Mutuals", None, None)
    }


def test_the_page_and_the_api_read_the_same_items_alike(mutuals: Document) -> None:
    """The page's contributions, re-served as API Items, come back unchanged."""
    data = fixture_json("debate-10112451000023.json")
    data["Items"] = [
        {
            "ItemType": "Contribution",
            "MemberId": int(c.speaker_ref or 0),
            "AttributedTo": c.speaker_name,
            "Value": "".join(f'<p class="hs_Para">{p}</p>' for p in c.text.split("\n\n")),
            "HRSTag": "hs_Para",
        }
        for c in mutuals.contributions
    ]
    from_api = parse_debate_json(as_body(data), FETCHED_AT).contributions
    assert from_api == mutuals.contributions


@pytest.fixture(scope="module")
def example_json() -> Document:
    return parse_debate_json(fixture_bytes("debate-example-structure.json"), FETCHED_AT)


def test_debate_json_section_facts(example_json: Document) -> None:
    assert example_json.id == "hansard:5A1E0C3B-0000-4000-8000-000000000002"
    assert (example_json.house, example_json.date, example_json.kind) == (
        "lords",
        "2012-06-20",
        "debate",
    )
    assert example_json.url == (
        "https://hansard.parliament.uk/Lords/2012-06-20/debates/"
        "5A1E0C3B-0000-4000-8000-000000000002/ExampleDebateOnPublicServiceMutuals"
    )
    assert example_json.headings == ["Lords Chamber", "Example Debate on Public Service Mutuals"]
    assert example_json.extra["next_id"] == "5A1E0C3B-0000-4000-8000-000000000003"
    assert example_json.extra["other_items"] == ["Illustrative non-contribution item."]
    assert "UnknownFutureField" not in json.dumps(example_json.extra)


def test_debate_json_items_in_order_with_child_debates_last(example_json: Document) -> None:
    rows = [
        (c.speaker_name, c.speaker_ref, c.kind, c.section, c.time, c.column)
        for c in example_json.contributions
    ]
    own, child = "Example Debate on Public Service Mutuals", "Example Child Section"
    assert rows == [
        ("Baroness Example", "9001", "speech", own, "15:07:00", "1000"),
        ("The Minister of State, Cabinet Office", "9002", "speech", own, "15:07:00", "1000"),
        ("The Deputy Speaker", "9003", "procedural", own, "15:07:00", "1001"),
        (None, None, "procedural", own, "15:07:00", "1001"),
        ("Baroness Example", "9001", "speech", child, "15:15:00", "1001"),
        ("Lord Example of Elsewhere", "9002", "speech", child, "15:15:00", "1002"),
    ]
    assert example_json.contributions[1].text == (
        "My Lords, the first paragraph.\n\nThe second paragraph continues here."
    )
    assert example_json.contributions[1].speaker_detail == "(Lord Example of Elsewhere) (Con)"


@pytest.mark.parametrize(
    "bad",
    [
        {"Message": "An error has occurred."},
        {"Items": []},
        {"Overview": {"Title": "No id", "House": "Commons", "Date": "2010-11-24T00:00:00"}},
        {"Overview": {"ExtId": "1", "Title": "", "House": "Commons", "Date": "2010-11-24"}},
        {"Overview": {"ExtId": "1", "Title": "T", "House": "Commons", "Date": "someday"}},
        {
            "Overview": {"ExtId": "1", "Title": "T", "House": "Commons", "Date": "2010-11-24"},
            "Items": {},
        },
        [],
    ],
)
def test_debate_json_that_breaks_the_description_is_an_error(bad: Any) -> None:
    with pytest.raises(ParseError):
        parse_debate_json(as_body(bad), FETCHED_AT)


def test_truncated_debate_json_is_an_error() -> None:
    body = fixture_bytes("debate-example-structure.json")
    with pytest.raises(ParseError, match="malformed or truncated"):
        parse_debate_json(body[:-40], FETCHED_AT)


def test_a_debate_without_items_gives_an_empty_document() -> None:
    data = copy.deepcopy(fixture_json("debate-10112451000023.json"))
    data["Items"] = []
    document = parse_debate_json(as_body(data), FETCHED_AT)
    assert (document.id, document.contributions) == ("hansard:10112451000023", [])


# --- the quick routes give what the careful ones gave ----------------------------------------

BLOCKS = frozenset(
    {"p", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table"}
    | {"thead", "tbody", "tfoot", "h1", "h2", "h3", "h4", "h5", "h6", "section"}
)


def reference_paragraphs(element: Any) -> list[str]:
    """paragraphs() as it was before its loose text stopped gathering in lists."""
    texts: list[str] = []

    def add(raw: str) -> None:
        if raw and not raw.isspace():
            texts.append(normalise_space(raw))

    def blocks(element: Any) -> None:
        pending = [element.text or ""]
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "tr":
                add("".join(pending))
                add(" | ".join(normalise_space(inline_text(c)) for c in child))
                pending = []
            elif tag in BLOCKS:
                add("".join(pending))
                if len(child):
                    blocks(child)
                else:
                    add(child.text or "")
                pending = []
            elif tag and tag not in SKIPPED_TAGS:
                pending.append(inline_text(child))
            pending.append(child.tail or "")
        add("".join(pending))

    blocks(element)
    return texts


PARAGRAPH_SNIPPETS = [
    "",
    "plain text only",
    "<p class='hs_Para'>One.</p><p></p>\n<p>Two <span class='column-number'></span>more</p>",
    "lead <b>bold</b><script>x()</script> tail<p>para</p>after <!-- c --> comment",
    "<table><tr><td> a </td><td></td><td>b<br>c</td></tr></table><blockquote>q</blockquote>",
    "<div>\xa0</div><p>\x85</p><ul><li><p>deep</p> loose </li></ul>",
]


@pytest.mark.parametrize("snippet", PARAGRAPH_SNIPPETS)
def test_paragraphs_of_snippets_are_what_they_were(snippet: str) -> None:
    element = html_fragment(snippet)
    assert paragraphs(element) == reference_paragraphs(element)


@pytest.mark.parametrize("relative", list(PAGES))
def test_paragraphs_of_every_contribution_are_what_they_were(relative: str) -> None:
    root = lxml_html.document_fromstring(corpus_bytes(relative))
    contents = root.xpath("//div[contains(concat(' ', @class, ' '), ' content ')]")
    assert contents
    for content in contents:
        assert paragraphs(content) == reference_paragraphs(content)


@pytest.mark.parametrize(
    ("name", "detail"),
    [
        ("Mr. Speaker", ""),
        ("Madam Deputy Speaker", ""),
        ("Several hon. Members", ""),
        ("Mr Maude", "(Horsham) (Con)"),
        ("Sir Roger Gale", "(in the Chair)"),
        ("The Chair of the Treasury Committee", ""),
    ],
)
def test_procedural_speakers_are_the_chair_collectives_and_whoever_is_in_the_chair(
    name: str, detail: str
) -> None:
    expected = bool(
        _CHAIR.match(name)
        or _COLLECTIVE.match(name)
        or "in the chair" in f"{name} {detail}".lower()
    )
    assert _procedural_speaker(name, detail) is expected


@pytest.mark.parametrize(
    ("tags", "procedural"),
    [
        (frozenset(), False),
        (frozenset({"hs_Procedural"}), True),
        (frozenset({"hs_Procedural", "hs_Para"}), False),
        (frozenset({"hs_8Procedural", "HS_PROCEDURAL"}), True),
    ],
)
def test_procedural_tags_are_all_procedural_styles(tags: frozenset[str], procedural: bool) -> None:
    assert _procedural_tags(tags) is procedural


def test_printed_names_are_folded_or_none() -> None:
    assert _printed("\n        Mr. R. Harris\n    ") == "Mr. R. Harris"
    assert _printed(" \n ") is None
