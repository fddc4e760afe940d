"""What the TheyWorkForYou parsers promise, checked against the recorded corpus.

Every twfy-xml-* day file in MANIFEST.tsv (real parlparse captures 2009-2023, and the
reconstructed 2011 "Employee Mutuals" exchange) is parsed and checked against counts
taken independently from its XML with lxml; named files pin down exact values. Bad
inputs (truncated, mis-declared, entity-laden, not XML) are built in code from corpus
files, so no corpus bytes are copied into the repository and no fixtures are needed.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import re
import time
from functools import cache
from typing import Any

import pytest
from lxml import etree

from pipelines.config import corpus_dir
from scraper.items import Contribution, Document
from scraper.parsers import ParseError
from scraper.parsers.html_text import inline_text
from scraper.parsers.twfy import (
    _TELLERS,
    KINDS,
    MAJORS,
    DayFile,
    _element_paragraphs,
    _needs_resolving,
    _parse_as_is,
    _parse_decoded,
    clean_text,
    day_file_url,
    next_version_url,
    normalise_time,
    parse_day_file,
    parse_hansard_search,
    unversioned_gid,
)

FETCHED_AT = "2025-01-01T12:00:00Z"
LIVE = "https://www.theyworkforyou.com/pwdata/scrapedxml"
MUTUALS = "reconstructed/twfy/xml/debates/debates2011-12-14a.xml"
SEARCH = "twfy/api/getHansard-search-diabetes-2018-11-22.json"
CONTENT = frozenset({"speech", "ques", "reply", "division"})
HEADINGS = frozenset({"oral-heading", "major-heading", "minor-heading"})
METADATA = frozenset({"gidredirect", "bill", "committee"})


def manifest_rows(prefix: str) -> dict[str, str]:
    """Corpus path → live URL for every XML row whose kind starts with `prefix`."""
    manifest = corpus_dir() / "MANIFEST.tsv"
    if not manifest.exists():
        return {}
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {
            row["file"]: row["url"]
            for row in rows
            if row["kind"].startswith(prefix) and row["file"].endswith(".xml")
        }


DAY_FILES = manifest_rows("twfy-xml-")

# What each file yields: documents, contributions, warnings.
EXPECTED = {
    "twfy/xml/debates/debates2009-10-26b.xml": (44, 472, 0),
    "twfy/xml/debates/debates2009-10-27a.xml": (0, 0, 2),
    "twfy/xml/debates/debates2009-10-27d.xml": (38, 346, 0),
    "twfy/xml/debates/debates2009-10-29a.xml": (35, 480, 0),
    "twfy/xml/debates/debates2016-03-11b.xml": (36, 377, 0),
    "twfy/xml/debates/debates2016-05-09b.xml": (35, 553, 0),
    "twfy/xml/debates/debates2016-05-10a.xml": (22, 334, 0),
    "twfy/xml/debates/debates2016-05-12a.xml": (24, 313, 0),
    "twfy/xml/debates/debates2020-06-15a.xml": (32, 448, 0),
    "twfy/xml/debates/debates2020-12-14b.xml": (27, 403, 0),
    "twfy/xml/debates/debates2020-12-16b.xml": (27, 380, 0),
    "twfy/xml/debates/debates2020-12-17b.xml": (28, 439, 0),
    "twfy/xml/debates/debates2023-03-28d.xml": (43, 472, 0),
    "twfy/xml/lordspages/daylord2009-10-28a.xml": (14, 199, 0),
    "twfy/xml/lordswms/lordswms2009-10-26a.xml": (7, 7, 0),
    "twfy/xml/lordswrans/lordswrans2009-10-29a.xml": (18, 36, 0),
    "twfy/xml/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml": (2, 76, 0),
    "twfy/xml/westminhall/westminster2009-10-27a.xml": (6, 125, 0),
    "twfy/xml/westminhall/westminster2009-10-29a.xml": (1, 52, 0),
    "twfy/xml/wms/ministerial2009-10-26c.xml": (8, 8, 0),
    "twfy/xml/wms/ministerial2009-10-27a.xml": (5, 5, 0),
    "twfy/xml/wms/ministerial2009-10-28a.xml": (10, 10, 0),
    "twfy/xml/wrans/answers2009-10-27c.xml": (310, 621, 0),
    "twfy/xml/wrans/answers2009-10-29a.xml": (302, 605, 0),
    MUTUALS: (1, 4, 0),
}


def corpus_bytes(relative: str) -> bytes:
    return (corpus_dir() / relative).read_bytes()


@cache
def parsed(relative: str) -> DayFile:
    return parse_day_file(corpus_bytes(relative), DAY_FILES[relative], FETCHED_AT)


def parse_as(relative: str, body: bytes) -> DayFile:
    return parse_day_file(body, DAY_FILES[relative], FETCHED_AT)


@cache
def xml_root(relative: str) -> Any:
    """The file as lxml reads it on its own (internal DTD entities resolved)."""
    return etree.fromstring(corpus_bytes(relative), etree.XMLParser(no_network=True))


def contributions(day: DayFile) -> list[Contribution]:
    return [c for document in day.documents for c in document.contributions]


def by_gid(day: DayFile) -> dict[str, Contribution]:
    return {c.native_id: c for c in contributions(day) if c.native_id}


def document(day: DayFile, title: str) -> Document:
    found = [d for d in day.documents if d.title == title]
    assert len(found) == 1, [d.title for d in day.documents]
    return found[0]


def short(gid: str | None) -> str:
    return (gid or "").rsplit("/", 1)[-1]


def kept_elements(root: Any) -> tuple[list[Any], int]:
    """Content elements a reader should turn into contributions, and how many it should skip.

    Skipped: content before any heading (stub files) and elements without any text.
    """
    kept, skipped, headed = [], 0, False
    for element in root:
        if element.tag in HEADINGS:
            headed = True
        elif element.tag in CONTENT:
            has_text = element.tag == "division" or "".join(element.itertext()).strip()
            if headed and has_text:
                kept.append(element)
            else:
                skipped += 1
    return kept, skipped


# --- every day file -----------------------------------------------------------------------


def test_the_manifest_lists_every_day_file_and_the_reconstruction() -> None:
    assert set(DAY_FILES) == set(EXPECTED)
    assert DAY_FILES[MUTUALS] == f"{LIVE}/debates/debates2011-12-14a.xml"


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_what_each_file_yields(relative: str) -> None:
    day = parsed(relative)
    assert (len(day.documents), len(contributions(day)), len(day.warnings)) == EXPECTED[relative]


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_the_corpus_holds_only_elements_the_reader_knows(relative: str) -> None:
    tags = {element.tag for element in xml_root(relative)}
    assert tags <= CONTENT | HEADINGS | METADATA


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_one_contribution_per_content_element_in_file_order(relative: str) -> None:
    kept, skipped = kept_elements(xml_root(relative))
    day = parsed(relative)
    assert [c.native_id for c in contributions(day)] == [short(e.get("id")) for e in kept]
    assert len(day.warnings) == skipped


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_every_named_speaker_is_kept_with_their_id(relative: str) -> None:
    kept, _ = kept_elements(xml_root(relative))
    found = by_gid(parsed(relative))
    for element in kept:
        contribution = found[short(element.get("id"))]
        name = element.get("speakername")
        if not name or element.get("nospeaker") == "true":
            assert contribution.speaker_name is None
            continue
        assert contribution.speaker_name == " ".join(name.split())
        ref = element.get("person_id") or element.get("speakerid")
        assert contribution.speaker_ref == (None if ref.endswith("unknown") else ref)


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_contributions_are_numbered_and_have_text_and_links(relative: str) -> None:
    day = parsed(relative)
    for doc in day.documents:
        assert [c.position for c in doc.contributions] == list(range(len(doc.contributions)))
        for contribution in doc.contributions:
            assert contribution.text.strip()
            assert contribution.section == doc.title
            assert contribution.url.startswith("https://www.theyworkforyou.com/")
            assert contribution.anchor is None
            assert not re.search("[\x80-\x9f]", contribution.text)


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_identity_and_provenance(relative: str) -> None:
    day = parsed(relative)
    sha = hashlib.sha256(corpus_bytes(relative)).hexdigest()
    assert day.url == DAY_FILES[relative]
    assert len({d.id for d in day.documents}) == len(day.documents)
    for doc in day.documents:
        assert doc.id.startswith(f"twfy:{doc.kind}/")
        assert doc.title and doc.headings[-1] == doc.title
        assert doc.url.startswith("https://www.theyworkforyou.com/")
        assert (doc.source, doc.api_url, doc.part_of) == ("twfy", day.url, day.part_of)
        assert (doc.content_sha256, doc.fetched_at, doc.date) == (sha, FETCHED_AT, day.date)
        assert doc.licence.startswith("Open Parliament Licence v3.0")
        assert doc.extra["day_file"] == day.file_name
        assert (doc.extra["version"], doc.extra["latest"]) == (day.version, day.latest)


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_each_file_parses_well_under_a_second(relative: str) -> None:
    body = corpus_bytes(relative)
    started = time.perf_counter()
    parse_as(relative, body)
    assert time.perf_counter() - started < 1.0


# --- the mutuals exchange -------------------------------------------------------------------


def test_mutuals_document() -> None:
    day = parsed(MUTUALS)
    assert (day.kind, day.date, day.version, day.latest) == ("debates", "2011-12-14", "a", True)
    assert day.part_of == "twfy:debates/2011-12-14"
    (doc,) = day.documents
    assert doc.id == "twfy:debates/2011-12-14.777.5"
    assert doc.native_id == "2011-12-14a.777.5"
    assert doc.url == "https://www.theyworkforyou.com/debates/?id=2011-12-14a.777.5"
    assert doc.title == "Employee Mutuals"
    assert doc.headings == ["Oral Answers to Questions", "CABINET OFFICE", "Employee Mutuals"]
    assert (doc.kind, doc.house, doc.date) == ("debates", "commons", "2011-12-14")
    assert doc.extra["oral_questions"] is True
    assert doc.extra["major_heading_gid"] == "2011-12-14a.777.3"


def test_mutuals_contributions_alternate_murray_and_maude() -> None:
    (doc,) = parsed(MUTUALS).documents
    murray = ("Ian Murray", "uk.org.publicwhip/person/24872")
    maude = ("Francis Maude", "uk.org.publicwhip/person/10423")
    assert [(c.speaker_name, c.speaker_ref) for c in doc.contributions] == [
        murray,
        maude,
        murray,
        maude,
    ]
    for number, contribution in enumerate(doc.contributions, start=6):
        gid = f"2011-12-14a.777.{number}"
        assert contribution.native_id == gid
        assert contribution.url == f"https://www.theyworkforyou.com/debates/?id={gid}"
        assert (contribution.time, contribution.column) == ("11:30:00", "777")
        assert (contribution.kind, contribution.speaker_role) == ("speech", None)
    assert "an extra 1 million workers" in doc.contributions[2].text
    assert doc.contributions[1].text.startswith("As we set out in the “Open Public Services”")


# --- kinds of day file ------------------------------------------------------------------------


def test_written_answers_pair_questions_with_ministers_answers() -> None:
    day = parsed("twfy/xml/wrans/answers2009-10-27c.xml")
    doc = document(day, "Cold Weather Payments: Bedfordshire")
    assert doc.id == "twfy:wrans/2009-10-27.295417.h"
    assert doc.url == "https://www.theyworkforyou.com/wrans/?id=2009-10-27c.295417.h"
    assert doc.headings == ["WORK AND PENSIONS", "Cold Weather Payments: Bedfordshire"]
    question, answer = doc.contributions
    assert (question.kind, question.speaker_name, question.speaker_role) == (
        "question",
        "Nadine Dorries",
        None,
    )
    assert (answer.kind, answer.speaker_name, answer.speaker_role) == (
        "answer",
        "Helen Goodman",
        "minister",
    )
    assert (answer.column, answer.native_id) == ("209W", "2009-10-27c.295417.r0")


@pytest.mark.parametrize("relative", [r for r in EXPECTED if "wrans/" in r])
def test_every_reply_is_a_ministers_answer(relative: str) -> None:
    kinds = {(c.kind, c.speaker_role) for c in contributions(parsed(relative))}
    assert kinds == {("question", None), ("answer", "minister")}


def test_lords_written_answers_sit_in_twfys_wrans_section() -> None:
    doc = parsed("twfy/xml/lordswrans/lordswrans2009-10-29a.xml").documents[0]
    assert doc.id == "twfy:lordswrans/2009-10-29.171.0"
    assert doc.url == "https://www.theyworkforyou.com/wrans/?id=2009-10-29a.171.0"
    assert (doc.kind, doc.house, doc.headings) == ("lordswrans", "lords", [doc.title])


@pytest.mark.parametrize("relative", [r for r in EXPECTED if "wms/" in r])
def test_written_statements_are_made_by_ministers(relative: str) -> None:
    for contribution in contributions(parsed(relative)):
        assert (contribution.kind, contribution.speaker_role) == ("speech", "minister")
        assert contribution.url.startswith("https://www.theyworkforyou.com/wms/?id=")


def test_a_written_statement_keeps_the_office_as_printed() -> None:
    doc = parsed("twfy/xml/wms/ministerial2009-10-26c.xml").documents[0]
    statement = doc.contributions[0]
    assert statement.speaker_detail == (
        "The Parliamentary Under-Secretary of State for Business, Innovation and Skills"
    )
    assert statement.column == "1WS" and statement.speaker_ref.startswith(
        "uk.org.publicwhip/member/"
    )
    assert len(doc.headings) == 2 and doc.extra["major_heading_gid"] == "2009-10-26c.1WS.0"


def test_lords_debates_are_kind_lords_with_lord_ids() -> None:
    day = parsed("twfy/xml/lordspages/daylord2009-10-28a.xml")
    assert (day.kind, day.part_of) == ("lordspages", "twfy:lords/2009-10-28")
    doc = day.documents[0]
    assert doc.id.startswith("twfy:lords/2009-10-28.")
    assert doc.url.startswith("https://www.theyworkforyou.com/lords/?id=2009-10-28a.")
    refs = {c.speaker_ref.rsplit("/", 1)[0] for c in contributions(day) if c.speaker_ref}
    assert refs == {"uk.org.publicwhip/lord"}


def test_westminster_hall_is_in_the_whall_section() -> None:
    doc = parsed("twfy/xml/westminhall/westminster2009-10-29a.xml").documents[0]
    assert doc.url.startswith("https://www.theyworkforyou.com/whall/?id=2009-10-29a.")
    assert (doc.kind, doc.house) == ("westminhall", "commons")


def test_a_standing_committee_sitting_is_its_own_part_with_pbc_urls() -> None:
    day = parsed("twfy/xml/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml")
    assert (day.kind, day.date, day.version, day.latest) == ("standing", "2009-10-29", "a", None)
    assert day.part_of == "twfy:standing/2009-10-20_CHILDPOV_07-0_2009-10-29"
    doc = document(day, "Clause 8")
    assert doc.id == "twfy:standing/2009-10-20_CHILDPOV_07-0_2009-10-29.2.0"
    pbc = "https://www.theyworkforyou.com/pbc/2008-09/Child_Poverty_Bill/07-0_2009-10-29a"
    assert doc.url == f"{pbc}.2.0"
    assert doc.contributions[1].url == f"{pbc}.2.2"
    assert doc.extra["bill"] == "Child Poverty Bill"
    assert doc.headings == ["Public Bill Committee", "Clause 8"]


def test_numeric_references_to_c1_controls_are_windows_1252_punctuation() -> None:
    day = parsed("twfy/xml/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml")
    text = "\n".join(c.text for c in contributions(day))
    assert "Barnardo’s" in text and "‘and the promotion of economic enterprise’." in text


# --- divisions, speakers and times -------------------------------------------------------------


def test_a_commons_division_is_a_short_procedural_summary() -> None:
    division = by_gid(parsed("twfy/xml/debates/debates2009-10-26b.xml"))["2009-10-26b.125.5"]
    assert division.kind == "procedural" and division.speaker_name is None
    assert division.text == (
        "Division No. 230 at 22:00: Ayes 158, Noes 246. "
        "Tellers for the Ayes: Mr. Philip Hollobone; Mr. Graham Stuart. "
        "Tellers for the Noes: Helen Jones; Steve McCabe."
    )
    assert (division.time, division.column) == ("22:00:00", "125")


def test_a_lords_division_counts_contents() -> None:
    division = by_gid(parsed("twfy/xml/lordspages/daylord2009-10-28a.xml"))["2009-10-28a.1229.0"]
    assert division.text.startswith("Division No. 1 at 19:44: Contents 66, Not-Contents 124.")
    assert "Tellers for the Contents: Lloyd of Berwick, L.; Seccombe, B." in division.text


def test_a_modern_division_without_tellers_attribute_counts() -> None:
    division = by_gid(parsed("twfy/xml/debates/debates2023-03-28d.xml"))["2023-03-28d.967.0"]
    assert division.text.startswith("Division No. 203 at 19:30: Ayes 242, Noes 309.")
    assert len(division.text) < 200  # the voters are not listed


def test_old_files_name_members_new_files_name_people() -> None:
    old = contributions(parsed("twfy/xml/debates/debates2009-10-26b.xml"))
    new = contributions(parsed("twfy/xml/debates/debates2016-05-10a.xml"))
    assert {c.speaker_ref.rsplit("/", 1)[0] for c in old if c.speaker_ref} == {
        "uk.org.publicwhip/member"
    }
    assert {c.speaker_ref.rsplit("/", 1)[0] for c in new if c.speaker_ref} == {
        "uk.org.publicwhip/person"
    }


def test_an_unknown_speaker_keeps_the_name_but_no_id() -> None:
    relative = "twfy/xml/debates/debates2009-10-29a.xml"
    day = parsed(relative)
    unknown = [e for e in xml_root(relative) if e.get("speakerid") == "unknown"]
    assert unknown
    for element in unknown:
        contribution = by_gid(day)[short(element.get("id"))]
        assert contribution.speaker_ref is None and contribution.kind == "speech"
        assert contribution.speaker_name == " ".join(element.get("speakername").split())


def test_procedural_speeches_have_no_speaker() -> None:
    doc = parsed("twfy/xml/debates/debates2016-05-10a.xml").documents[0]
    ordered = doc.contributions[0]
    assert (doc.title, ordered.kind, ordered.speaker_name) == ("New Writ", "procedural", None)
    assert ordered.text.startswith("Ordered,\n\nThat the Speaker do issue his Warrant")


def test_the_odd_three_digit_hour_is_normalised() -> None:
    found = by_gid(parsed("twfy/xml/debates/debates2009-10-26b.xml"))
    assert found["2009-10-26b.45.1"].time == "16:45:00"  # printed "016:45:00"


@pytest.mark.parametrize(
    ("printed", "time_"),
    [
        ("016:45:00", "16:45:00"),
        ("009:30:00", "09:30:00"),
        ("11:30:00", "11:30:00"),
        ("9:30", "09:30:00"),
        ("", None),
        (None, None),
        ("unknown", None),
        ("25:00:00", None),
    ],
)
def test_normalise_time(printed: str | None, time_: str | None) -> None:
    assert normalise_time(printed) == time_


def test_answers_typed_so_by_hansard_are_ministers() -> None:
    day = parsed("twfy/xml/debates/debates2020-12-16b.xml")
    doc = next(d for d in day.documents if d.id == "twfy:debates/2020-12-16.263.2")
    assert doc.title == "Engagements"
    answers = [c for c in doc.contributions if c.speaker_role == "minister"]
    assert answers and {c.speaker_name for c in answers} == {"Boris Johnson"}
    assert doc.headings == ["Oral Answers to Questions", "Prime Minister", "Engagements"]


def test_oral_questions_end_at_the_first_major_heading_that_is_no_department() -> None:
    day = parsed("twfy/xml/debates/debates2020-12-16b.xml")
    urgent = document(day, "Immigration Rules: Supported Accommodation")
    assert urgent.extra["oral_questions"] is False
    assert urgent.headings == ["Immigration Rules: Supported Accommodation"]


def test_speeches_directly_under_a_major_heading_are_its_document() -> None:
    day = parsed("twfy/xml/debates/debates2016-05-10a.xml")
    health = document(day, "HEALTH")
    assert [c.text for c in health.contributions] == ["The Secretary of State was asked—"]
    assert health.headings == ["Oral Answers to Questions", "HEALTH"]


def mutuals_with(old: bytes, new: bytes) -> DayFile:
    """The reconstructed day with one piece of markup replaced."""
    body = corpus_bytes(MUTUALS)
    assert old in body
    return parse_as(MUTUALS, body.replace(old, new, 1))


def test_speech_under_the_oral_heading_alone_is_that_headings_document() -> None:
    body = corpus_bytes(MUTUALS)
    body = re.sub(rb"<major-heading.*?</minor-heading>", b"", body, flags=re.S)
    (doc,) = parse_as(MUTUALS, body).documents
    assert (doc.id, doc.title) == ("twfy:debates/2011-12-14.777.2", "Oral Answers to Questions")
    assert doc.headings == ["Oral Answers to Questions"] and len(doc.contributions) == 4


def test_other_elements_with_text_are_procedural_and_empty_speeches_are_reported() -> None:
    agreement = b'<agreement id="uk.org.publicwhip/debate/2011-12-14a.777.10">Agreed.</agreement>'
    empty = b'<speech id="uk.org.publicwhip/debate/2011-12-14a.777.11" nospeaker="true"><p/>'
    day = mutuals_with(b"</publicwhip>", agreement + empty + b"</speech></publicwhip>")
    last = day.documents[0].contributions[-1]
    assert (last.kind, last.text, last.native_id, last.position) == (
        "procedural",
        "Agreed.",
        "2011-12-14a.777.10",
        4,
    )
    assert day.warnings == ["<speech> 2011-12-14a.777.11 has no text: skipped"]


def test_a_heading_whose_only_speech_is_empty_gives_no_document() -> None:
    heading = (
        b'<minor-heading id="uk.org.publicwhip/debate/2011-12-14a.777.10">Empty</minor-heading>'
    )
    empty = b'<speech id="uk.org.publicwhip/debate/2011-12-14a.777.11"><p> </p></speech>'
    day = mutuals_with(b"</publicwhip>", heading + empty + b"</publicwhip>")
    assert [d.title for d in day.documents] == ["Employee Mutuals"]
    assert day.warnings == ["<speech> 2011-12-14a.777.11 has no text: skipped"]


def test_a_division_without_counts_still_says_what_it_was() -> None:
    division = b'<division id="uk.org.publicwhip/debate/2011-12-14a.777.10" divnumber="7"/>'
    day = mutuals_with(b"</publicwhip>", division + b"</publicwhip>")
    assert day.documents[0].contributions[-1].text == "Division No. 7."


def test_a_heading_without_an_id_is_an_error() -> None:
    with pytest.raises(ParseError, match="no id"):
        mutuals_with(b'id="uk.org.publicwhip/debate/2011-12-14a.777.5" ', b"")


def test_a_version_letter_that_disagrees_with_the_root_is_reported() -> None:
    day = mutuals_with(b'scraperversion="a"', b'scraperversion="b"')
    assert day.warnings == ["root says version 'b', file name 'a'"]


def test_tables_are_rows_of_cells() -> None:
    day = parsed("twfy/xml/wrans/answers2009-10-27c.xml")
    rows = [p for c in contributions(day) for p in c.text.split("\n\n") if " | " in p]
    assert len(rows) > 100


# --- versions -------------------------------------------------------------------------------------


def test_a_superseded_stub_keeps_its_redirects_and_drops_headless_speeches() -> None:
    old = parsed("twfy/xml/debates/debates2009-10-27a.xml")
    new = parsed("twfy/xml/debates/debates2009-10-27d.xml")
    assert (old.latest, new.latest) == (False, True)
    assert old.part_of == new.part_of == "twfy:debates/2009-10-27"
    assert len(old.redirects) == 387 and old.documents == []
    oldgid, newgid, _ = old.redirects[0]
    assert oldgid.startswith("uk.org.publicwhip/debate/2009-10-27a.")
    assert newgid.startswith("uk.org.publicwhip/debate/2009-10-27b.")
    assert {r[2] for r in old.redirects} == {"perfectmatch", "changes"}
    assert all("before any heading" in w for w in old.warnings)


def test_wrans_redirects_are_kept() -> None:
    day = parsed("twfy/xml/wrans/answers2009-10-27c.xml")
    assert len(day.redirects) == 18 and all(len(r) == 3 for r in day.redirects)


def test_ids_do_not_carry_the_version_letter() -> None:
    assert unversioned_gid("uk.org.publicwhip/debate/2011-12-14a.777.5") == "2011-12-14.777.5"
    assert unversioned_gid("2009-10-27c.295417.h") == "2009-10-27.295417.h"
    assert unversioned_gid("2018-11-06.188912.h") == "2018-11-06.188912.h"
    assert (
        unversioned_gid("standing2009-10-20_CHILDPOV_07-0_2009-10-29a.2.0")
        == "standing2009-10-20_CHILDPOV_07-0_2009-10-29.2.0"
    )


def test_the_same_day_under_another_host_gives_the_same_records() -> None:
    body = corpus_bytes(MUTUALS)
    day = parse_day_file(body, "http://localhost:8080/debates/debates2011-12-14a.xml", FETCHED_AT)
    assert day.url == DAY_FILES[MUTUALS]
    assert day.documents == parsed(MUTUALS).documents


# --- encodings and entities ---------------------------------------------------------------------


def test_an_iso_8859_1_file_decodes_accented_names() -> None:
    day = parsed("twfy/xml/debates/debates2009-10-29a.xml")
    names = {c.speaker_name for c in contributions(day)}
    assert "Lembit Öpik" in names
    answers = {
        c.speaker_name for c in contributions(parsed("twfy/xml/wrans/answers2009-10-29a.xml"))
    }
    assert "Siôn Simon" in answers
    assert any("£" in c.text for c in contributions(day))


def test_a_latin_1_file_declared_utf_8_still_parses_and_says_so() -> None:
    relative = "twfy/xml/lordswms/lordswms2009-10-26a.xml"
    body = corpus_bytes(relative).replace(b'encoding="ISO-8859-1"', b'encoding="UTF-8"', 1)
    first_bad = re.search(rb"[\x80-\xff]", body).start()
    day = parse_as(relative, body)
    assert [d.contributions for d in day.documents] == [
        d.contributions for d in parsed(relative).documents
    ]
    assert any("Umeå" in c.text for c in contributions(day))
    (warning,) = day.warnings
    assert "UTF-8" in warning and f"position {first_bad}" in warning


def test_a_stray_byte_in_a_utf_8_file_spares_the_rest() -> None:
    body = corpus_bytes(MUTUALS).replace(b"John Lewis", b"John Lewis \x96 Partnership", 1)
    day = parse_as(MUTUALS, body)
    text = day.documents[0].contributions[1].text
    assert "John Lewis – Partnership" in text and "“Open Public Services”" in text
    assert len(day.warnings) == 1 and "Windows-1252" in day.warnings[0]


def test_html_entities_without_a_dtd_are_resolved() -> None:
    quoted = "“Open Public Services”".encode()
    body = corpus_bytes(MUTUALS).replace(
        quoted, b"&ldquo;Open Public Services&rdquo; &mdash; &pound;5"
    )
    assert b"<!DOCTYPE" not in body
    day = parse_as(MUTUALS, body)
    assert "“Open Public Services” — £5" in day.documents[0].contributions[1].text
    assert len(day.warnings) == 1 and "&mdash;" in day.warnings[0]


def test_an_entity_nobody_defines_is_an_error_with_its_place() -> None:
    body = corpus_bytes(MUTUALS).replace(b"John Lewis", b"John &nosuchthing; Lewis", 1)
    with pytest.raises(ParseError, match=r"line \d+, column \d+"):
        parse_as(MUTUALS, body)


def test_a_files_own_dtd_entities_are_used() -> None:
    day = parsed("twfy/xml/debates/debates2009-10-26b.xml")  # <!ENTITY mdash "&#8212;">
    assert "New Clause 2 — Power to enter into agreements with eligible bodies" in {
        d.title for d in day.documents
    }
    day = parsed("twfy/xml/debates/debates2009-10-29a.xml")
    texts = [c.text for c in contributions(day)]
    assert any("—" in t for t in texts) and any("€" in t for t in texts)
    assert day.warnings == []


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative", ["twfy/xml/debates/debates2016-05-10a.xml", "twfy/xml/wrans/answers2009-10-27c.xml"]
)
def test_a_truncated_file_is_an_error_with_line_and_column(relative: str) -> None:
    body = corpus_bytes(relative)
    with pytest.raises(ParseError, match=r"at line (\d+), column (\d+)") as caught:
        parse_as(relative, body[: len(body) // 2])
    line = int(re.search(r"line (\d+)", str(caught.value)).group(1))
    assert line > 100  # where the cut is, not the start


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"Not Found",
        b'{"error": "Invalid API key"}',
        b"<html><body><h1>404</h1></body></html>",
        bytes(range(256)) * 4,
    ],
)
def test_garbage_is_an_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_as(MUTUALS, body)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.theyworkforyou.com/pwdata/scrapedxml/debates/",
        "https://www.theyworkforyou.com/debates/?id=2011-12-14a.777.5",
        "https://www.theyworkforyou.com/pwdata/scrapedxml/wrans/debates2011-12-14a.xml",
        "https://www.theyworkforyou.com/pwdata/scrapedxml/sp/sp2011-12-14a.xml",
    ],
)
def test_a_url_that_is_no_day_file_is_an_error(url: str) -> None:
    with pytest.raises(ParseError):
        parse_day_file(corpus_bytes(MUTUALS), url, FETCHED_AT)


# --- URLs for the spider ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "date", "version", "url"),
    [
        ("debates", "2011-12-14", "a", f"{LIVE}/debates/debates2011-12-14a.xml"),
        ("westminhall", "2009-10-27", "a", f"{LIVE}/westminhall/westminster2009-10-27a.xml"),
        ("wms", "2009-10-26", "c", f"{LIVE}/wms/ministerial2009-10-26c.xml"),
        ("wrans", "2009-10-27", "c", f"{LIVE}/wrans/answers2009-10-27c.xml"),
        ("lordspages", "2009-10-28", "a", f"{LIVE}/lordspages/daylord2009-10-28a.xml"),
        ("lords", "2009-10-28", "a", f"{LIVE}/lordspages/daylord2009-10-28a.xml"),
        ("lordswms", "2009-10-26", "a", f"{LIVE}/lordswms/lordswms2009-10-26a.xml"),
        ("lordswrans", "2009-10-29", "a", f"{LIVE}/lordswrans/lordswrans2009-10-29a.xml"),
        (
            "standing",
            "2009-10-20_CHILDPOV_07-0_2009-10-29",
            "a",
            f"{LIVE}/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml",
        ),
    ],
)
def test_day_file_url(kind: str, date: str, version: str, url: str) -> None:
    assert day_file_url(kind, date, version) == url


def test_every_manifest_url_is_what_day_file_url_builds() -> None:
    for relative, url in DAY_FILES.items():
        day = parsed(relative)
        key = day.part_of.split("/", 1)[1]
        assert day_file_url(day.kind, key, day.version) == url
        assert day.kind in KINDS


@pytest.mark.parametrize("bad", [("sp", "2011-12-14", "a"), ("debates", "2011-12-14", "")])
def test_day_file_url_refuses_what_it_cannot_build(bad: tuple[str, str, str]) -> None:
    with pytest.raises(ValueError):
        day_file_url(*bad)


@pytest.mark.parametrize(
    ("url", "following"),
    [
        (f"{LIVE}/debates/debates2011-12-14a.xml", f"{LIVE}/debates/debates2011-12-14b.xml"),
        (f"{LIVE}/wrans/answers2009-10-27c.xml", f"{LIVE}/wrans/answers2009-10-27d.xml"),
        (
            f"{LIVE}/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml",
            f"{LIVE}/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29b.xml",
        ),
        (f"{LIVE}/debates/debates2011-12-14z.xml", None),
        ("https://www.theyworkforyou.com/debates/?id=2011-12-14a.777.5", None),
    ],
)
def test_next_version_url(url: str, following: str | None) -> None:
    assert next_version_url(url) == following


# --- getHansard search ------------------------------------------------------------------------


@cache
def search_text() -> str:
    return corpus_bytes(SEARCH).decode("utf-8")


def test_the_recorded_search_parses() -> None:
    search = parse_hansard_search(corpus_bytes(SEARCH))
    assert (search.total, search.page, search.per_page) == (4746, 1, 20)
    assert len(search.hits) == 18 and search.warnings == []
    assert {hit.kind for hit in search.hits} == {"sp", "wrans", "debates", "lordspages"}


def test_a_commons_hit_leads_to_its_day_file() -> None:
    hits = {hit.gid: hit for hit in parse_hansard_search(corpus_bytes(SEARCH)).hits}
    vaz = hits["2018-11-14c.369.6"]
    assert (vaz.date, vaz.kind, vaz.major, vaz.time) == ("2018-11-14", "debates", 1, "15:41:00")
    assert (vaz.person_id, vaz.speaker_name) == ("uk.org.publicwhip/person/10614", "Keith Vaz")
    assert vaz.day_file_url == f"{LIVE}/debates/debates2018-11-14c.xml"
    assert vaz.url == "https://www.theyworkforyou.com/debates/?id=2018-11-14c.369.6"
    assert vaz.listurl == (
        "https://www.theyworkforyou.com/debates/?id=2018-11-14c.369.5&s=diabetes#g369.6"
    )
    assert vaz.parent_title == "Petition - Access to Flash Glucose Monitoring in England"


def test_a_lords_hit_leads_to_its_day_file() -> None:
    hits = {hit.gid: hit for hit in parse_hansard_search(corpus_bytes(SEARCH)).hits}
    lords = hits["2018-11-06a.1660.1"]
    assert lords.kind == "lordspages"
    assert lords.day_file_url == f"{LIVE}/lordspages/daylord2018-11-06a.xml"
    assert lords.parent_title == "Government Vision on Prevention - Statement"


def test_hits_without_a_version_letter_have_no_day_file() -> None:
    hits = {hit.gid: hit for hit in parse_hansard_search(corpus_bytes(SEARCH)).hits}
    wrans, scottish = hits["2018-11-06.188912.h"], hits["2018-11-15.27.10"]
    assert (wrans.kind, wrans.date, wrans.day_file_url) == ("wrans", "2018-11-15", None)
    assert wrans.parent_title.startswith("Written Answers — Department of Health")
    assert (scottish.kind, scottish.day_file_url, scottish.person_id) == ("sp", None, None)
    assert scottish.url == "https://www.theyworkforyou.com/sp/?id=2018-11-15.27.10"


def test_major_codes() -> None:
    assert (MAJORS[1], MAJORS[2], MAJORS[3], MAJORS[4]) == (
        "debates",
        "westminhall",
        "wrans",
        "wms",
    )
    assert (MAJORS[6], MAJORS[101]) == ("standing", "lordspages")


def test_a_lords_written_answer_hit_is_told_by_the_speakers_house() -> None:
    row = {"gid": "2011-12-14a.123.1", "hdate": "2011-12-14", "major": "3"}
    row["speaker"] = {"name": "Lord Taylor of Holbeach", "house": "2", "person_id": "13401"}
    body = json.dumps({"info": {"total_results": 1}, "rows": [row]}).encode()
    (hit,) = parse_hansard_search(body).hits
    assert hit.kind == "lordswrans"
    assert hit.day_file_url == f"{LIVE}/lordswrans/lordswrans2011-12-14a.xml"
    del row["speaker"]
    (anonymous,) = parse_hansard_search(json.dumps({"rows": [row]}).encode()).hits
    assert (anonymous.kind, anonymous.day_file_url) == ("wrans", None)


def test_a_standing_committee_hit_leads_to_its_file() -> None:
    gid = "standing2009-10-20_CHILDPOV_07-0_2009-10-29a.2.2"
    body = json.dumps({"rows": [{"gid": gid, "hdate": "2009-10-29", "major": "6"}]}).encode()
    (hit,) = parse_hansard_search(body).hits
    assert hit.kind == "standing"
    assert (
        hit.day_file_url
        == DAY_FILES["twfy/xml/standing/standing2009-10-20_CHILDPOV_07-0_2009-10-29a.xml"]
    )


def test_an_iso_8859_1_response_is_read() -> None:
    body = search_text().replace("Keith Vaz", "Lembit Öpik").encode("iso-8859-1")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    names = {hit.speaker_name for hit in parse_hansard_search(body).hits}
    assert "Lembit Öpik" in names


def test_an_api_error_object_is_an_error_with_its_message() -> None:
    with pytest.raises(ParseError, match="Invalid API key"):
        parse_hansard_search(b'{"error":"Invalid API key"}')


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_malformed_json_is_an_error(cut: float) -> None:
    body = corpus_bytes(SEARCH)
    with pytest.raises(ParseError, match="malformed JSON at line"):
        parse_hansard_search(body[: int(len(body) * cut)])


@pytest.mark.parametrize("body", [b"", b"[1, 2]", b'{"s": "x"}', b'{"rows": {"a": 1}}'])
def test_a_response_that_is_no_search_is_an_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_hansard_search(body)


def test_no_rows_give_no_hits() -> None:
    search = parse_hansard_search(b'{"info": {"total_results": 0, "page": 1}, "rows": []}')
    assert (search.total, search.page, search.hits) == (0, 1, [])


def test_a_row_without_a_gid_is_skipped_and_reported() -> None:
    data = json.loads(search_text())
    del data["rows"][0]["gid"]
    search = parse_hansard_search(json.dumps(data).encode())
    assert len(search.hits) == 17 and search.warnings == ["row 0 has no gid: skipped"]


# --- the quick routes give what the careful ones gave ----------------------------------------

# Windows-1252 for C1 controls, as clean_text() promises; five codes have no character.
C1_MEANT = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
TEXTS = [
    "",
    "   ",
    "\n\t ",
    "Plain words.",
    " Edges  and   runs ",
    "Barnardo\x92s",
    "\x85",
    " \x85 ",
    "nbsp\xa0and\u2003em",
    "\x93Quoted\x94 \x97 and \x81 kept",
    "Line\nbreaks\r\nand\ttabs",
    "’Tis — printable  non-ASCII ",
    "x" * 120 + "\n" + "y  " * 40,
    "\x0b\x0c\x1c\x1d\x1e\x1f",
]


def reference_clean_text(text: str | None) -> str:
    """clean_text() by its definition: C1 controls as Windows-1252, then split and join."""
    if not text:
        return ""
    return " ".join(text.translate(C1_MEANT).split())


@pytest.mark.parametrize("text", [*TEXTS, None])
def test_clean_text_is_its_definition(text: str | None) -> None:
    assert clean_text(text) == reference_clean_text(text)


@pytest.mark.parametrize("relative", sorted(DAY_FILES))
def test_days_parsed_as_they_are_give_the_careful_tree(relative: str) -> None:
    """Every recorded day takes the quick route, and it gives the tree the careful one gives."""
    body = corpus_bytes(relative)
    quick = _parse_as_is(body)
    assert quick is not None
    assert etree.tostring(quick) == etree.tostring(_parse_decoded(body, relative, []))


NO_DTD = "twfy/xml/debates/debates2016-05-10a.xml"  # UTF-8, no declaration, no DTD
WITH_DTD = "twfy/xml/debates/debates2009-10-26b.xml"  # ISO-8859-1 with entity declarations


@pytest.mark.parametrize(
    ("relative", "change"),
    [
        (NO_DTD, lambda b: codecs.BOM_UTF8 + b),
        (NO_DTD, lambda b: b.decode("utf-8").encode("utf-16")),
        (NO_DTD, lambda b: b.replace(b"Ordered,", b"Ordered&mdash;", 1)),  # undeclared
        (NO_DTD, lambda b: b.replace(b"Ordered,", b"Ordered\x92", 1)),  # not UTF-8
        (NO_DTD, lambda b: b'<?xml version="1.0" encoding="windows-1252"?>\n' + b),
        (NO_DTD, lambda b: b.replace(b"Ordered,", b"<![CDATA[&mdash;]]>", 1)),
        (WITH_DTD, lambda b: b.replace(b"&mdash;", b"&hellip;", 1)),  # not declared there
        (WITH_DTD, lambda b: b" " + b),
    ],
)
def test_a_day_the_quick_route_cannot_vouch_for_takes_the_careful_one(
    relative: str, change: Any
) -> None:
    body = change(corpus_bytes(relative))
    assert _parse_as_is(body) is None


def test_needs_resolving_only_for_known_entities_the_dtd_does_not_declare() -> None:
    dtd = b'<!DOCTYPE publicwhip [<!ENTITY mdash "&#8212;">]>'
    assert not _needs_resolving(b"<publicwhip>a &amp; b &#8212; &foo;</publicwhip>")
    assert _needs_resolving(b"<publicwhip>a&mdash;b</publicwhip>")
    assert not _needs_resolving(dtd + b"<publicwhip>a&mdash;b</publicwhip>")
    assert _needs_resolving(dtd + b"<publicwhip>a&ndash;b</publicwhip>")


@pytest.mark.parametrize("relative", sorted(DAY_FILES))
def test_tellers_are_the_voters_marked_so(relative: str) -> None:
    for division in xml_root(relative).iter("division"):
        marked = [v for v in division.iter("mpname", "lord") if v.get("teller") == "yes"]
        assert _TELLERS(division) == marked


def reference_paragraphs(element: Any) -> list[str]:
    """_element_paragraphs() as it was before it skipped blank text and joined less."""
    texts: list[str] = []
    pending = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in BLOCKS and not len(child):
            texts.append(clean_text("".join(pending)))
            texts.append(clean_text(child.text))
            pending = []
        elif tag in BLOCKS or tag == "tr":
            texts.append(clean_text("".join(pending)))
            if tag == "tr":
                texts.append(" | ".join(clean_text(inline_text(cell)) for cell in child))
            else:
                texts.extend(reference_paragraphs(child))
            pending = []
        elif tag:
            pending.append(inline_text(child))
        pending.append(child.tail or "")
    texts.append(clean_text("".join(pending)))
    return [text for text in texts if text.strip(" |")]


BLOCKS = frozenset({"p", "div", "blockquote", "ul", "ol", "li", "table", "thead", "tbody"})
SNIPPETS = [
    "<speech/>",
    "<speech>\n  <p>One</p>\n  <p>  Two\n lines </p>\n</speech>",
    "<speech>loose <i>inline</i> text<p>para</p>tail \x85<!-- c --> after</speech>",
    "<speech><p>a<br/>b</p><table><tr><td>1</td><td> 2 </td></tr><tr/></table></speech>",
    "<speech><tr><td></td><td/></tr><p>|</p><p> | </p><div><p>nested</p> mid </div></speech>",
    "<speech><ul><li>x</li><li><p>y</p>z</li></ul><td>loose cell</td></speech>",
]


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_paragraphs_of_snippets_are_what_they_were(snippet: str) -> None:
    element = etree.fromstring(snippet)
    assert _element_paragraphs(element) == reference_paragraphs(element)


@pytest.mark.parametrize("relative", sorted(DAY_FILES))
def test_paragraphs_of_every_day_are_what_they_were(relative: str) -> None:
    for element in xml_root(relative):
        if element.tag in CONTENT - {"division"}:
            assert _element_paragraphs(element) == reference_paragraphs(element)
