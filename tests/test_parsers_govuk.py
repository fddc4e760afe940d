"""What the GOV.UK parsers promise, checked against the recorded corpus.

Every Content API and Search API file in MANIFEST.tsv is parsed; the named files
pin down exact values. Bad input is built in code from corpus files, so no corpus
bytes are copied into the repository.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks.parsers import govuk_body
from pipelines.config import corpus_dir
from scraper.items import Document, Person
from scraper.parsers import ParseError, UnsupportedDocument
from scraper.parsers.govuk import (
    LEAF_KINDS,
    _body_html,
    _has_block_inside,
    _leaf_text,
    html_to_blocks,
    london_date,
    parse_content,
    parse_search,
)
from scraper.parsers.html_text import html_fragment, inline_text

FETCHED_AT = "2025-01-01T12:00:00Z"
UNSUPPORTED_SCHEMA_FOLDERS = {"role", "document_collection", "publication"}
COALITION = "2010 to 2015 Conservative and Liberal Democrat coalition government"
BIG_SOCIETY = (
    "reconstructed/govuk/content-api/news_article/big-society-plans-for-better-public-services.json"
)
MUTUALS_SEARCH = "reconstructed/govuk/search-api/search-mutuals-press_release.json"
MCNALLY = "govuk/content-api/speech/best-practice-speaking-notes.json"
SPEECH = "govuk/content-api/speech/speech.json"
QUEENS_SPEECH = "govuk/content-api/speech/speech-speaker-without-profile.json"
HISTORY_MODE = "govuk/content-api/news_article/news_article_history_mode.json"
CURRENT_GOVERNMENT = "govuk/content-api/news_article/news_article.json"
FRANK_PRESS_RELEASE = "govuk/content-api/news_article/best-practice-press-release.json"
URDU_TRANSLATION = "govuk/content-api/news_article/news_article_news_story_translated_arabic.json"


def manifest_files(kind: str) -> list[str]:
    """Corpus paths of one kind, in manifest order, each once."""
    manifest = corpus_dir() / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return list(dict.fromkeys(row["file"] for row in rows if row["kind"] == kind))


CONTENT_FILES = manifest_files("govuk-content-json")
SUPPORTED = [f for f in CONTENT_FILES if Path(f).parent.name not in UNSUPPORTED_SCHEMA_FOLDERS]
UNSUPPORTED = [f for f in CONTENT_FILES if Path(f).parent.name in UNSUPPORTED_SCHEMA_FOLDERS]
SEARCH_FILES = manifest_files("govuk-search-json")


def corpus_bytes(relative: str) -> bytes:
    return (corpus_dir() / relative).read_bytes()


def corpus_json(relative: str) -> dict[str, Any]:
    return json.loads(corpus_bytes(relative))


def parse(relative: str) -> Document:
    return parse_content(corpus_bytes(relative), FETCHED_AT)


def as_body(item: Any) -> bytes:
    return json.dumps(item, ensure_ascii=False).encode("utf-8")


# --- the manifest itself -------------------------------------------------------------


def test_the_manifest_lists_both_supported_and_unsupported_content_items() -> None:
    assert BIG_SOCIETY in SUPPORTED
    assert {Path(f).parent.name for f in UNSUPPORTED} == UNSUPPORTED_SCHEMA_FOLDERS


# --- shared rules over every Content API item ----------------------------------------


@pytest.mark.parametrize("relative", SUPPORTED)
def test_every_supported_item_has_a_govuk_url_and_id(relative: str) -> None:
    document = parse(relative)
    base_path = corpus_json(relative)["base_path"]
    assert document.url == "https://www.gov.uk" + base_path
    assert document.api_url == "https://www.gov.uk/api/content" + base_path
    assert document.id.startswith("govuk:")
    assert document.source == "govuk"


@pytest.mark.parametrize("relative", SUPPORTED)
def test_every_supported_item_is_dated_as_a_calendar_day(relative: str) -> None:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", parse(relative).date or "")


@pytest.mark.parametrize("relative", SUPPORTED)
def test_every_supported_item_records_the_sha256_of_its_bytes(relative: str) -> None:
    document = parse(relative)
    assert re.fullmatch(r"[0-9a-f]{64}", document.content_sha256)
    assert document.content_sha256 == hashlib.sha256(corpus_bytes(relative)).hexdigest()
    assert document.fetched_at == FETCHED_AT
    assert document.licence == "Open Government Licence v3.0"


@pytest.mark.parametrize("relative", SUPPORTED)
def test_every_supported_item_has_consecutive_non_empty_contributions(relative: str) -> None:
    contributions = parse(relative).contributions
    assert contributions
    assert [c.position for c in contributions] == list(range(len(contributions)))
    assert all(c.text and c.text == " ".join(c.text.split()) for c in contributions)


@pytest.mark.parametrize("relative", UNSUPPORTED)
def test_unsupported_schemas_raise_unsupported_document(relative: str) -> None:
    schema = corpus_json(relative)["schema_name"]
    with pytest.raises(UnsupportedDocument, match=schema):
        parse(relative)


# --- the reconstructed Rights to Provide press release -------------------------------


def test_press_release_without_content_id_is_identified_by_its_base_path() -> None:
    document = parse(BIG_SOCIETY)
    assert document.id == "govuk:/government/news/big-society-plans-for-better-public-services"
    assert document.native_id == "/government/news/big-society-plans-for-better-public-services"


def test_press_release_kind_date_and_publisher() -> None:
    document = parse(BIG_SOCIETY)
    assert document.kind == "press_release"
    assert document.date == "2010-11-17"
    assert document.published_at == "2010-11-17T00:00:00.000+00:00"
    assert document.organisations == ["Cabinet Office"]
    assert document.extra["primary_publishing_organisation"] == "Cabinet Office"


def test_press_release_links_francis_maude() -> None:
    people = parse(BIG_SOCIETY).people
    assert people == [
        Person(
            name="Francis Maude",
            ref="francis-maude",
            url="https://www.gov.uk/government/people/francis-maude",
        )
    ]


def test_coalition_press_release_is_in_history_mode() -> None:
    document = parse(BIG_SOCIETY)
    assert document.government == COALITION
    assert document.history_mode is True


def test_press_release_list_items_are_list_item_contributions() -> None:
    items = [c.text for c in parse(BIG_SOCIETY).contributions if c.kind == "list_item"]
    assert len(items) == 3
    assert items[0] == (
        "over £10million to help the best fledgling mutuals reach investment readiness"
    )
    assert items[2].startswith("a ‘challenge group’ involving employee-ownership experts")


def test_press_release_quotations_are_quote_contributions() -> None:
    quotes = [c.text for c in parse(BIG_SOCIETY).contributions if c.kind == "quote"]
    assert len(quotes) == 3
    assert quotes[0].startswith("When staff are given a stake in shaping services")
    assert quotes[1].startswith("I’d like to thank the John Lewis Partnerships")
    assert quotes[2].startswith("Giving public sector workers the right")


def test_press_release_quotations_are_not_yet_attributed() -> None:
    contributions = parse(BIG_SOCIETY).contributions
    assert all(c.speaker_name is None and c.speaker_ref is None for c in contributions)


def test_press_release_first_paragraph_announces_rights_to_provide() -> None:
    first = parse(BIG_SOCIETY).contributions[0]
    assert first.kind == "paragraph"
    assert first.position == 0
    assert "Rights to Provide" in first.text


def test_press_release_keeps_change_history() -> None:
    assert parse(BIG_SOCIETY).extra["change_history"] == [
        {"public_timestamp": "2010-11-17T00:00:00.000+00:00", "note": "First published."}
    ]


# --- speeches ------------------------------------------------------------------------


def test_speech_speaker_is_the_first_person() -> None:
    people = parse(MCNALLY).people
    assert people[0].name == "The Rt Hon Lord McNally"
    assert people[0].ref == "lord-mcnally"
    assert [p.ref for p in people] == ["lord-mcnally"]  # also in links.people: listed once


def test_speech_roles_are_the_linked_role_titles() -> None:
    assert parse(MCNALLY).roles == ["Minister of State for Justice"]


def test_speech_is_dated_by_delivery() -> None:
    document = parse(MCNALLY)
    assert document.extra["delivered_on"] == "2012-05-22T01:00:00+01:00"
    assert document.date == "2012-05-22"
    assert document.kind == "speech"


def test_speech_delivered_before_publication_takes_the_delivery_date() -> None:
    document = parse(SPEECH)
    assert document.published_at == "2016-03-08T10:31:22.000+00:00"
    assert document.date == "2016-02-02"


def test_every_speech_contribution_names_the_speaker() -> None:
    contributions = parse(MCNALLY).contributions
    assert {(c.speaker_name, c.speaker_ref) for c in contributions} == {
        ("The Rt Hon Lord McNally", "lord-mcnally")
    }


def test_speech_keeps_its_type_explanation() -> None:
    assert parse(MCNALLY).extra["speech_type_explanation"] == (
        "Speaker's notes, may differ from delivered version"
    )


def test_speaker_without_profile_is_a_person_without_ref() -> None:
    document = parse(QUEENS_SPEECH)
    assert document.people == [Person(name="Her Majesty the Queen", ref=None, url=None)]
    assert document.contributions[0].speaker_name == "Her Majesty the Queen"
    assert document.contributions[0].speaker_ref is None


# --- history mode, translations, withdrawal ------------------------------------------


def test_political_item_of_a_past_government_is_in_history_mode() -> None:
    assert parse(HISTORY_MODE).history_mode is True


def test_political_item_of_the_current_government_is_not_in_history_mode() -> None:
    document = parse(CURRENT_GOVERNMENT)
    assert document.government == "2015 Conservative government"
    assert document.history_mode is False


def test_translation_gets_its_own_id_although_it_shares_the_content_id() -> None:
    english, urdu = parse(CURRENT_GOVERNMENT), parse(URDU_TRANSLATION)
    assert english.id == "govuk:d0ee80cd-ed7a-4b04-b60f-3be2f03693af"
    assert urdu.id == "govuk:d0ee80cd-ed7a-4b04-b60f-3be2f03693af:ur"
    assert urdu.language == "ur"


def withdrawn_press_release() -> dict[str, Any]:
    """The Big Society press release with a withdrawn_notice as publishing-api shapes it."""
    item = copy.deepcopy(corpus_json(BIG_SOCIETY))
    item["withdrawn_notice"] = {
        "explanation": '<div class="govspeak"><p>This was withdrawn because the '
        "policy&nbsp;changed.</p><p>See the new guidance.</p></div>",
        "withdrawn_at": "2015-05-08T10:00:00.000+01:00",
    }
    return item


def test_withdrawn_item_records_when_and_why_as_plain_text() -> None:
    document = parse_content(as_body(withdrawn_press_release()), FETCHED_AT)
    assert document.withdrawn_at == "2015-05-08T10:00:00.000+01:00"
    assert document.withdrawn_explanation == (
        "This was withdrawn because the policy changed.\nSee the new guidance."
    )


def test_empty_withdrawn_notice_means_not_withdrawn() -> None:
    document = parse(BIG_SOCIETY)
    assert document.withdrawn_at is None
    assert document.withdrawn_explanation is None


# --- Content API bad input -----------------------------------------------------------


def test_truncated_content_json_raises_parse_error() -> None:
    body = corpus_bytes(BIG_SOCIETY)
    with pytest.raises(ParseError, match="malformed or truncated"):
        parse_content(body[: len(body) // 2], FETCHED_AT)


def test_content_json_list_raises_parse_error() -> None:
    with pytest.raises(ParseError, match="expected a JSON object"):
        parse_content(as_body([corpus_json(BIG_SOCIETY)]), FETCHED_AT)


def test_content_without_base_path_raises_parse_error() -> None:
    item = corpus_json(BIG_SOCIETY)
    del item["base_path"]
    with pytest.raises(ParseError, match="base_path"):
        parse_content(as_body(item), FETCHED_AT)


def test_content_without_title_raises_parse_error() -> None:
    item = corpus_json(BIG_SOCIETY)
    del item["title"]
    with pytest.raises(ParseError, match="title"):
        parse_content(as_body(item), FETCHED_AT)


def test_content_with_empty_body_has_no_contributions() -> None:
    item = corpus_json(BIG_SOCIETY)
    item["details"]["body"] = ""
    document = parse_content(as_body(item), FETCHED_AT)
    assert document.contributions == []
    assert document.title == "Big Society plans for better public services"


# --- body HTML -----------------------------------------------------------------------


def test_headings_set_the_section_of_the_blocks_below() -> None:
    contributions = parse(FRANK_PRESS_RELEASE).contributions
    heading = contributions[9]
    assert contributions[0].section is None
    assert (heading.kind, heading.text, heading.section) == ("heading", "Background", "Background")
    assert contributions[10].section == "Background"
    assert contributions[-1].section == "Background"


def test_list_item_holding_paragraphs_yields_only_the_paragraphs_as_list_items() -> None:
    html = "<ul><li><p>first point</p><p>more of it</p></li><li>second</li></ul>"
    assert html_to_blocks(html) == [
        ("list_item", "first point"),
        ("list_item", "more of it"),
        ("list_item", "second"),
    ]


def test_loose_text_in_a_container_becomes_a_paragraph() -> None:
    html = '<div class="govspeak">Loose <abbr>CDE</abbr> text<p>Para</p>tail text</div>'
    assert html_to_blocks(html) == [
        ("paragraph", "Loose CDE text"),
        ("paragraph", "Para"),
        ("paragraph", "tail text"),
    ]


def test_whitespace_and_non_breaking_spaces_are_normalised() -> None:
    html = "<p>  one&nbsp;&nbsp;two\n\t three<br>four </p><p> \xa0 </p>"
    assert html_to_blocks(html) == [("paragraph", "one two three four")]


def test_table_cells_and_headings_have_their_own_kinds() -> None:
    html = "<h3>Rates</h3><table><tr><th>Pupils</th><td>£935</td></tr></table>"
    assert html_to_blocks(html) == [
        ("heading", "Rates"),
        ("table_cell", "Pupils"),
        ("table_cell", "£935"),
    ]


# --- dates ---------------------------------------------------------------------------


def test_late_summer_evening_utc_is_the_next_london_day() -> None:
    assert london_date("2016-07-25T23:30:00Z") == "2016-07-26"


def test_winter_utc_midnight_is_the_same_london_day() -> None:
    assert london_date("2010-11-17T00:00:00.000+00:00") == "2010-11-17"


def test_bst_one_am_is_the_same_london_day() -> None:
    assert london_date("2012-05-22T01:00:00+01:00") == "2012-05-22"


def test_unreadable_timestamp_raises_parse_error() -> None:
    with pytest.raises(ParseError, match="timestamp"):
        london_date("yesterday-ish")


# --- Search API ----------------------------------------------------------------------


@pytest.mark.parametrize("relative", SEARCH_FILES)
def test_every_search_response_parses(relative: str) -> None:
    page = parse_search(corpus_bytes(relative))
    raw = corpus_json(relative)
    assert page.total == raw["total"]
    assert page.start == raw["start"]
    assert page.links == [r["link"] for r in raw["results"]]


def test_mutuals_search_lists_the_press_release() -> None:
    page = parse_search(corpus_bytes(MUTUALS_SEARCH))
    assert page.total == 1
    assert page.start == 0
    assert page.links == ["/government/news/big-society-plans-for-better-public-services"]
    assert page.skipped_external == 0


@pytest.mark.parametrize(
    "relative",
    [
        "govuk/search-api/services_and_info_fixture.json",
        "govuk/search-api/sub_sector_organisations.json",
    ],
)
def test_facet_only_search_has_no_links(relative: str) -> None:
    assert parse_search(corpus_bytes(relative)).links == []


def test_search_leaves_out_links_to_other_hosts() -> None:
    raw = corpus_json(MUTUALS_SEARCH)
    raw["results"] += [
        {"link": "https://www.example.org/elsewhere"},
        {"link": "https://www.gov.uk/government/news/absolute"},
    ]
    page = parse_search(as_body(raw))
    assert page.links == [
        "/government/news/big-society-plans-for-better-public-services",
        "/government/news/absolute",
    ]
    assert page.skipped_external == 1


def test_truncated_search_json_raises_parse_error() -> None:
    body = corpus_bytes(MUTUALS_SEARCH)
    with pytest.raises(ParseError, match="malformed or truncated"):
        parse_search(body[: len(body) // 2])


def test_search_error_object_raises_parse_error() -> None:
    with pytest.raises(ParseError, match="Invalid value for count"):
        parse_search(b'{"error": "Invalid value for count"}')


def test_search_json_list_raises_parse_error() -> None:
    with pytest.raises(ParseError, match="expected a JSON object"):
        parse_search(b"[]")


def test_search_without_results_raises_parse_error() -> None:
    with pytest.raises(ParseError, match="results"):
        parse_search(b'{"total": 0, "start": 0}')


# --- the one walk of a leaf gives what two walks gave ----------------------------------------

LEAF_SNIPPETS = [
    "<p>plain</p>",
    "<p>a <a href='#'>link</a> and <em>emphasis <b>nested</b></em> tail</p>",
    "<p>line<br>break<br/></p>",
    "<p>before <script>x()</script> after <!-- note --> end</p>",
    "<p>hidden block <noscript><div>inside</div></noscript> counts</p>",
    "<li>item <ul><li>sub</li></ul></li>",
    "<td><span>cell <p>para</p></span></td>",
    "<h2>head <span></span></h2>",
]


def leaves(root: Any) -> list[Any]:
    return [e for e in root.iter() if isinstance(e.tag, str) and e.tag in LEAF_KINDS]


@pytest.mark.parametrize("snippet", LEAF_SNIPPETS)
def test_leaf_text_is_inline_text_unless_a_block_is_inside(snippet: str) -> None:
    for leaf in leaves(html_fragment(snippet)):
        expected = None if _has_block_inside(leaf) else inline_text(leaf)
        assert _leaf_text(leaf) == expected


@pytest.mark.parametrize("relative", SUPPORTED)
def test_leaf_texts_of_every_body_are_what_two_walks_gave(relative: str) -> None:
    body = _body_html(json.loads(corpus_bytes(relative)).get("details", {}).get("body"))
    for leaf in leaves(html_fragment(body)):
        expected = None if _has_block_inside(leaf) else inline_text(leaf)
        assert _leaf_text(leaf) == expected


@pytest.mark.parametrize("relative", SUPPORTED)
def test_the_benchmarks_bare_parse_reads_the_body_the_parser_reads(relative: str) -> None:
    item = json.loads(corpus_bytes(relative))
    assert govuk_body(item) == _body_html(item.get("details", {}).get("body"))
