"""One speech once: the same debate from Hansard and TheyWorkForYou forms one cluster."""

from __future__ import annotations

from conftest import make_document
from sqlite_utils import Database

from pipelines.same_as import link_debates
from pipelines.store import Archive
from scraper.items import Contribution

ANSWERS = [
    "I announced last week that every Department will put in place rights to provide.",
    "A range of advice is available. The 12 pathfinder mutuals are making progress.",
    "We do not have a dogmatic view about exactly what form a mutual should take.",
]


def section(source: str, doc_id: str, texts: list[str], title: str = "Public Sector Mutuals"):
    doc = make_document(
        [], id=doc_id, source=source, title=title, date="2010-11-24", house="commons"
    )
    doc.contributions = [
        Contribution(position=i, text=t, kind="speech", speaker_name="Mr Maude")
        for i, t in enumerate(texts)
    ]
    return doc


def archive_with(*docs) -> Archive:
    archive = Archive(db=Database(memory=True))
    for doc in docs:
        archive.write_document(doc)
    return archive


def search_view(archive: Archive, query: str) -> list[dict]:
    return list(
        archive.db.query(
            "select * from speeches where contribution_rowid in "
            "(select rowid from contributions_fts where contributions_fts match ?)",
            [query],
        )
    )


def test_the_same_debate_from_both_sources_is_one_cluster() -> None:
    twfy_texts = [t.replace("rights", "Rights") + " " for t in ANSWERS]  # small differences
    archive = archive_with(
        section("hansard", "hansard:H1", ANSWERS), section("twfy", "twfy:debates/T1", twfy_texts)
    )
    counts = link_debates(archive.db)
    assert counts["clusters"] == 1
    same = {r["id"]: r["same_as"] for r in archive.db.query("select id, same_as from documents")}
    assert same == {"hansard:H1": "hansard:H1", "twfy:debates/T1": "hansard:H1"}
    pairs = dict(archive.db.execute("select id, same_as from contributions").fetchall())
    assert pairs["twfy:debates/T1#1"] == "hansard:H1#1"


def test_speeches_view_and_search_show_each_speech_once_with_both_links() -> None:
    archive = archive_with(
        section("hansard", "hansard:H1", ANSWERS), section("twfy", "twfy:debates/T1", ANSWERS)
    )
    link_debates(archive.db)
    assert archive.db.execute("select count(*) from speeches").fetchone()[0] == 3
    [hit] = search_view(archive, "pathfinder")
    assert hit["source"] == "hansard"  # the documented rule: Hansard's copy is shown
    assert hit["hansard_url"] == hit["url"]
    assert hit["twfy_url"] == "https://www.gov.uk/government/news/example"  # the twin's link


def test_different_debates_on_the_same_day_stay_apart() -> None:
    other = ["The Prime Minister answered on the economy and jobs growth in the regions."]
    archive = archive_with(
        section("hansard", "hansard:H1", ANSWERS),
        section("twfy", "twfy:debates/T2", other, title="Engagements"),
    )
    assert link_debates(archive.db)["clusters"] == 0
    assert archive.db.execute("select count(*) from speeches").fetchone()[0] == 4


def test_linking_twice_changes_nothing() -> None:
    archive = archive_with(
        section("hansard", "hansard:H1", ANSWERS), section("twfy", "twfy:debates/T1", ANSWERS)
    )
    first = link_debates(archive.db)
    assert first["speeches"] == 6
    assert link_debates(archive.db) == {"clusters": 1, "documents": 0, "speeches": 0}


def test_a_refetch_keeps_links_and_a_changed_copy_is_relinked() -> None:
    hansard = section("hansard", "hansard:H1", ANSWERS)
    archive = archive_with(hansard, section("twfy", "twfy:debates/T1", ANSWERS))
    link_debates(archive.db)
    assert archive.write_document(hansard) == "unchanged"
    changed = section("twfy", "twfy:debates/T1", ["Something else entirely, about fishing quotas."])
    changed.content_sha256 = "f" * 64
    assert archive.write_document(changed) == "updated"
    link_debates(archive.db)
    assert archive.db["documents"].get("twfy:debates/T1")["same_as"] is None
    assert archive.db.execute("select count(*) from speeches").fetchone()[0] == 4
