"""The twfy spider through Scrapy over HTTP against the replay server.

Day files other than the recorded ones are built here, in code, from the recorded
reconstruction of 14 December 2011 (and, for the cross-source test, from the text of
the recorded Hansard page of 24 November 2010): they are test fixtures, not captures.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from conftest import crawl_spider, snapshot
from sqlite_utils import Database

from replay.server import Canned, ReplayServer

XML = "https://www.theyworkforyou.com/pwdata/scrapedxml/debates/"
RECORDED = "reconstructed/twfy/xml/debates/debates2011-12-14a.xml"
HANSARD_PAGE_FILE = (
    "reconstructed/hansard/html/Commons-2010-11-24-PublicSectorMutuals-10112451000023.html"
)
HANSARD_PAGE = (
    "https://hansard.parliament.uk/Commons/2010-11-24/debates/10112451000023/PublicSectorMutuals"
)
MURRAY, MAUDE = "uk.org.publicwhip/person/24872", "uk.org.publicwhip/person/10423"


def crawl(server: ReplayServer, db: Path, spider: str, *arguments: str, **env: str) -> dict:
    return crawl_spider(server, db, spider, *arguments, settings={"RETRY_TIMES": 1}, **env)


def contributions(db: Path, source: str = "twfy") -> list[dict]:
    return list(
        Database(db).query(
            "select * from contributions where source = ? order by document_id, position",
            [source],
        )
    )


# --- the recorded exchange -------------------------------------------------------------


@pytest.fixture(scope="module")
def recorded(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("twfy") / "archive.db"
    url = XML + "debates2011-12-14a.xml"
    with ReplayServer(corpus) as server:
        first = crawl(server, db, "twfy", "-a", f"urls={url}")
        after = snapshot(db)
        second = crawl(server, db, "twfy", "-a", f"urls={url}")
    return {"db": db, "first": first, "second": second, "after": after}


def test_the_employee_mutuals_exchange_is_archived_and_resolved(recorded: dict) -> None:
    rows = contributions(recorded["db"])
    assert [(r["speaker_name"], r["person_id"]) for r in rows] == [
        ("Ian Murray", MURRAY),
        ("Francis Maude", MAUDE),
        ("Ian Murray", MURRAY),
        ("Francis Maude", MAUDE),
    ]
    assert [r["native_id"] for r in rows] == [f"2011-12-14a.777.{n}" for n in (6, 7, 8, 9)]
    assert rows[1]["url"] == "https://www.theyworkforyou.com/debates/?id=2011-12-14a.777.7"
    assert rows[1]["office"] == "The Paymaster General and Minister for the Cabinet Office"
    assert "1 million workers" in rows[2]["text"]


def test_recrawling_the_day_changes_nothing(recorded: dict) -> None:
    assert snapshot(recorded["db"]) == recorded["after"]
    run = recorded["second"]["run"]
    assert (run["new"], run["unchanged"], run["removed"]) == (0, 1, 0)


# --- one speech once across sources ------------------------------------------------------


def twfy_copy_of_the_hansard_page(page: bytes) -> bytes:
    """A TheyWorkForYou day file for 24 Nov 2010 holding the Hansard page's five answers."""
    root = lxml.html.fromstring(page)
    contribution = "//div[contains(concat(' ', @class, ' '), ' contribution ')]"
    answers = [
        " ".join(p.text_content() for p in c.xpath(".//div[contains(@class, 'content')]//p"))
        for c in root.xpath(contribution)
    ]
    speeches = "".join(
        f'<speech id="uk.org.publicwhip/debate/2010-11-24a.240.{n + 6}" '
        f'speakerid="uk.org.publicwhip/member/40322" speakername="Mr Francis Maude" '
        f'colnum="240" time="14:30:00" url=""><p pid="a240.{n + 6}/1">{text}</p></speech>'
        for n, text in enumerate(answers)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><publicwhip scraperversion="a" latest="yes">'
        '<major-heading id="uk.org.publicwhip/debate/2010-11-24a.240.3" nospeaker="true" '
        'colnum="240" time="14:30:00" url="">CABINET OFFICE</major-heading>'
        '<minor-heading id="uk.org.publicwhip/debate/2010-11-24a.240.5" nospeaker="true" '
        'colnum="240" time="14:30:00" url="">Public Sector Mutuals</minor-heading>'
        f"{speeches}</publicwhip>"
    ).encode()


@pytest.fixture(scope="module")
def both_sources(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("both") / "archive.db"
    day = twfy_copy_of_the_hansard_page((corpus / HANSARD_PAGE_FILE).read_bytes())
    twfy_url = XML + "debates2010-11-24a.xml"
    with ReplayServer(corpus, overrides={twfy_url: Canned(200, day)}) as server:
        crawl(server, db, "hansard", "-a", f"urls={HANSARD_PAGE}")
        crawl(server, db, "twfy", "-a", f"urls={twfy_url}")
    return {"db": db}


def test_the_same_debate_from_both_sources_is_one_cluster(both_sources: dict) -> None:
    db = Database(both_sources["db"])
    clusters = {r["id"]: r["same_as"] for r in db.query("select id, same_as from documents")}
    assert clusters == {
        "hansard:10112451000023": "hansard:10112451000023",
        "twfy:debates/2010-11-24.240.5": "hansard:10112451000023",
    }
    assert db.execute("select count(*) from contributions").fetchone()[0] == 10
    assert db.execute("select count(*) from speeches").fetchone()[0] == 5


def test_each_speech_is_shown_once_with_both_links(both_sources: dict) -> None:
    rows = list(Database(both_sources["db"]).query("select * from speeches order by position"))
    assert all(r["source"] == "hansard" and r["url"] == r["hansard_url"] for r in rows)
    assert [r["twfy_gid"] for r in rows] == [f"2010-11-24a.240.{n}" for n in range(6, 11)]
    assert rows[0]["twfy_url"] == "https://www.theyworkforyou.com/debates/?id=2010-11-24a.240.6"


def test_search_over_speeches_returns_one_row_per_speech(both_sources: dict) -> None:
    db = Database(both_sources["db"])
    everything = db.execute(
        "select count(*) from contributions_fts where contributions_fts match 'pathfinder'"
    ).fetchone()[0]
    once = db.execute(
        "select count(*) from speeches where contribution_rowid in "
        "(select rowid from contributions_fts where contributions_fts match 'pathfinder')"
    ).fetchone()[0]
    assert (everything, once) == (6, 3)


# --- a newer version of a day ------------------------------------------------------------


def version(recorded: bytes, letter: str, latest: str, extra_section: bool, edit: bool) -> bytes:
    text = recorded.decode("utf-8")
    text = text.replace(
        'scraperversion="a" latest="yes"', f'scraperversion="{letter}" latest="{latest}"'
    )
    text = text.replace("2011-12-14a.", f"2011-12-14{letter}.")
    if edit:
        text = text.replace(
            "ambitious programme of mutualisation",
            "ambitious programme of mutualisation (corrected)",
        )
    if extra_section:
        text = text.replace(
            "</publicwhip>",
            f'<minor-heading id="uk.org.publicwhip/debate/2011-12-14{letter}.778.1" '
            'nospeaker="true" colnum="778" time="11:40:00" url="">'
            "Mutuals Support Programme</minor-heading>"
            f'<speech id="uk.org.publicwhip/debate/2011-12-14{letter}.778.2" '
            'person_id="uk.org.publicwhip/person/10423" speakername="Francis Maude" colnum="778" '
            'time="11:40:00" url=""><p>The mutuals support programme helps public service '
            "mutuals and spin-outs; public service mutuals are growing.</p></speech></publicwhip>",
        )
    return text.encode("utf-8")


def test_a_newer_version_of_a_day_replaces_the_older_one(corpus: Path, tmp_path: Path) -> None:
    recorded = (corpus / RECORDED).read_bytes()
    url_a, url_b = XML + "debates2011-12-14a.xml", XML + "debates2011-12-14b.xml"
    db = tmp_path / "archive.db"
    first = {url_a: Canned(200, version(recorded, "a", "yes", extra_section=True, edit=False))}
    with ReplayServer(corpus, overrides=first) as server:
        crawl(server, db, "twfy", "-a", f"urls={url_a}")
    assert Database(db).execute("select count(*) from documents").fetchone()[0] == 2
    later = {
        url_a: Canned(200, version(recorded, "a", "no", extra_section=True, edit=False)),
        url_b: Canned(200, version(recorded, "b", "yes", extra_section=False, edit=True)),
    }
    with ReplayServer(corpus, overrides=later) as server:
        out = crawl(server, db, "twfy", "-a", f"urls={url_a}")
    documents = [r["id"] for r in Database(db).query("select id from documents")]
    assert documents == ["twfy:debates/2011-12-14.777.5"]
    rows = contributions(db)
    assert len(rows) == 4 and "(corrected)" in rows[1]["text"]
    assert all(r["native_id"].startswith("2011-12-14b.") for r in rows)
    assert (out["run"]["updated"], out["run"]["removed"]) == (1, 1)


# --- bad input ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    recorded = (corpus / RECORDED).read_bytes()
    latin = (
        recorded.decode("utf-8").replace("Ian Murray", "Ian Mürray").encode("latin-1", "replace")
    )
    no_speaker = recorded.replace(
        b'person_id="uk.org.publicwhip/person/24872" speakername="Ian Murray"',
        b'nospeaker="true"',
        1,
    )
    unknown = recorded.replace(b"person/10423", b"person/99999999")
    files = {
        "debates2011-12-15a.xml": recorded[: len(recorded) // 2],
        "debates2011-12-16a.xml": latin.replace(b"2011-12-14a", b"2011-12-16a"),
        "debates2011-12-17a.xml": no_speaker.replace(b"2011-12-14a", b"2011-12-17a"),
        "debates2011-12-18a.xml": unknown.replace(b"2011-12-14a", b"2011-12-18a"),
    }
    search = "https://www.theyworkforyou.com/api/getHansard?search=mutuals&output=js&page=1&num=100&key=TESTKEY"
    overrides = {XML + name: Canned(200, body) for name, body in files.items()}
    overrides[search] = Canned(200, b'{"error": "Invalid API key"}')
    db = tmp_path_factory.mktemp("bad") / "archive.db"
    urls = ",".join(XML + name for name in files)
    topic = tmp_path_factory.mktemp("topic") / "topic.yml"
    topic.write_text(
        (Path(__file__).parents[1] / "topics.yml").read_text().replace("  - mutualisation\n", "")
    )
    with ReplayServer(corpus, overrides=overrides) as server:
        out = crawl(
            server,
            db,
            "twfy",
            "-a",
            f"urls={urls}",
            "-a",
            "discover=yes",
            TWFY_API_KEY="TESTKEY",
            MUTUALS_TOPIC=str(topic),
        )
    return out | {"db": db}


def events(bad: dict, name: str) -> list[tuple[str, str]]:
    return [(e["kind"], e["reason"]) for e in bad["events"] if name in e["url"]]


def test_truncated_xml_is_an_error_with_its_position(bad: dict) -> None:
    [(kind, reason)] = events(bad, "debates2011-12-15a.xml")
    assert kind == "error:parse_error"
    assert "line" in reason and "column" in reason


def test_a_latin1_file_claiming_utf8_is_kept_and_reported(bad: dict) -> None:
    [(kind, reason)] = events(bad, "debates2011-12-16a.xml")
    assert kind == "skipped:parse_warning" and "byte" in reason
    names = {r["speaker_name"] for r in contributions(bad["db"]) if "2011-12-16" in r["native_id"]}
    assert "Ian Mürray" in names


def test_a_speech_with_no_speaker_is_kept_as_procedural(bad: dict) -> None:
    rows = [r for r in contributions(bad["db"]) if r["native_id"].startswith("2011-12-17a")]
    assert (rows[0]["kind"], rows[0]["speaker_name"], rows[0]["person_id"]) == (
        "procedural",
        None,
        None,
    )
    assert len(rows) == 4


def test_an_unknown_person_id_is_unresolved_with_a_reason(bad: dict) -> None:
    rows = [r for r in contributions(bad["db"]) if r["native_id"] == "2011-12-18a.777.7"]
    assert rows[0]["speaker_ref"] == "uk.org.publicwhip/person/99999999"
    # the printed name still resolves him, and says how
    assert rows[0]["person_id"] == MAUDE and rows[0]["resolution"].startswith("full_name")


def test_an_api_error_object_is_an_error_with_the_apis_message(bad: dict) -> None:
    [(kind, reason)] = events(bad, "getHansard")
    assert kind == "error:parse_error" and "Invalid API key" in reason


def test_bad_input_is_counted_in_the_run(bad: dict) -> None:
    assert bad["run"]["errors"] == 2
    assert bad["run"]["new"] == 3
    assert "No TWFY_API_KEY" not in bad["log"]
