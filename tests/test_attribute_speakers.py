"""Attribution promises: every named speaker gets a person, party and office for that day,
or says why not; re-resolving an archive needs no crawl and rewrites only what changed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import make_document, run
from sqlite_utils import Database

from pipelines.attribute_speakers import attribute_document, reattribute_archive
from pipelines.register_tables import write_register
from pipelines.speakers import load_register
from pipelines.store import Archive
from replay.manifest import load_manifest
from scraper.items import Contribution, Person

MAUDE = "uk.org.publicwhip/person/10423"


@pytest.fixture(scope="module")
def register():
    return load_register()


def debate(*speakers: tuple[str, str | None]) -> object:
    doc = make_document([], id="hansard:X", source="hansard", date="2010-11-24", house="commons")
    doc.contributions = [
        Contribution(position=i, text="Words.", kind="speech", speaker_name=name, speaker_ref=ref)
        for i, (name, ref) in enumerate(speakers)
    ]
    return doc


def test_a_member_id_resolves_with_office_and_party(register) -> None:
    doc = debate(("Mr Maude", "115"))
    assert attribute_document(doc, register) == {"resolved": 1, "unresolved": 0}
    c = doc.contributions[0]
    assert (c.person_id, c.party) == (MAUDE, "Con")
    assert "Minister for the Cabinet Office" in c.office
    assert c.resolution == "parliament_id (1.00)"


def test_an_unknown_speaker_says_why(register) -> None:
    doc = debate(("Mr Nobody Atall", None))
    attribute_document(doc, register)
    c = doc.contributions[0]
    assert c.person_id is None and c.party is None
    assert c.resolution.startswith("unresolved")


def test_a_press_release_names_its_minister(register) -> None:
    doc = make_document(["Text."], people=[Person(name="Francis Maude", ref="francis-maude")])
    attribute_document(doc, register)
    person = doc.people[0]
    assert (person.person_id, person.party) == (MAUDE, "Con")
    assert person.office == "The Paymaster General and Minister for the Cabinet Office"


def test_earlier_speakers_are_context_for_a_surname(register) -> None:
    doc = debate(("Francis Maude", None), ("Mr Maude", None))
    attribute_document(doc, register)
    assert [c.person_id for c in doc.contributions] == [MAUDE, MAUDE]


def test_register_tables_are_written_once(register, tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive.db")
    assert set(write_register(archive.db, register).values()) == {"updated"}
    assert set(write_register(archive.db, register).values()) == {"unchanged"}
    maude = archive.db["people"].get(MAUDE)
    assert maude["name"] == "Francis Maude"
    assert 115 in json.loads(maude["parliament_ids"])
    offices = [
        r["role"] for r in archive.db.query("select role from offices where person_id = ?", [MAUDE])
    ]
    assert "The Paymaster General and Minister for the Cabinet Office" in offices


def test_reattributing_fixes_stale_rows_and_only_those(register, tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive.db")
    doc = debate(("Mr Maude", "115"), ("Mr Nobody Atall", None))
    attribute_document(doc, register)
    archive.write_document(doc)
    archive.db.execute(
        "update contributions set person_id = null, office = null where position = 0"
    )
    assert reattribute_archive(archive.db, register) == {"documents": 0, "contributions": 1}
    assert reattribute_archive(archive.db, register) == {"documents": 0, "contributions": 0}
    row = archive.db["contributions"].get("hansard:X#0")
    assert row["person_id"] == MAUDE


def test_resolve_speakers_command_reresolves_an_archive(built: dict, tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    db.write_bytes(Path(built["db"]).read_bytes())
    Database(db).execute("update contributions set person_id = null where source = 'hansard'")
    Database(db).conn.commit()
    result = run([sys.executable, "scripts/resolve-speakers"], db)
    assert result.returncode == 0, result.stderr
    assert "5 contributions and 0 documents re-attributed" in result.stdout
    people = {
        r["person_id"]
        for r in Database(db).query("select person_id from contributions where source = 'hansard'")
    }
    assert people == {MAUDE}


def test_resolve_speakers_refuses_a_missing_archive(tmp_path: Path) -> None:
    result = run([sys.executable, "scripts/resolve-speakers"], tmp_path / "none.db")
    assert result.returncode == 1 and "does not exist" in result.stderr


def hansard_captures(corpus: Path) -> list[Path]:
    return [r.file for r in load_manifest(corpus) if r.kind == "hansard-html"]


def test_every_hansard_speaker_is_resolved_or_says_why(register, corpus: Path) -> None:
    """A member link always ends in a person or an explicit reason, on every capture."""
    from scraper.parsers.hansard import parse_debate_page

    for path in hansard_captures(corpus):
        doc = parse_debate_page(path.read_bytes(), "https://hansard.parliament.uk/x", "now")
        attribute_document(doc, register)
        linked = [c for c in doc.contributions if c.speaker_ref]
        for c in linked:
            assert c.person_id or (c.resolution and ":" in c.resolution), (path.name, c)
        named = [c for c in doc.contributions if c.speaker_name]
        assert all(c.resolution for c in named), path.name


def test_a_written_answer_is_attributed_to_the_answering_minister(register) -> None:
    doc = make_document([], id="twfy:wrans/X", source="twfy", date="2009-10-27", house="commons")
    doc.headings = ["Cabinet Office", "Voluntary Organisations"]
    doc.contributions = [
        Contribution(position=0, text="To ask...", kind="question", speaker_name="Ann Winterton"),
        Contribution(
            position=1,
            text="The Office of the Third Sector...",
            kind="answer",
            speaker_name="Angela Smith",
            speaker_role="minister",
        ),
    ]
    attribute_document(doc, register)
    assert doc.contributions[1].person_id == "uk.org.publicwhip/person/10546"
    assert doc.contributions[1].resolution.startswith("full_name+minister")


def twfy_files(corpus: Path) -> list[tuple[Path, str]]:
    return [(r.file, r.url) for r in load_manifest(corpus) if r.kind.startswith("twfy-xml-")]


def test_every_twfy_speech_gets_the_person_the_file_records(register, corpus: Path) -> None:
    """Person ids given directly, and member ids (unique per seat) mapped to their person."""
    from scraper.parsers.twfy import parse_day_file

    checked = 0
    for path, url in twfy_files(corpus):
        day = parse_day_file(path.read_bytes(), url, "now")
        for doc in day.documents:
            attribute_document(doc, register)
            for c in doc.contributions:
                ref = c.speaker_ref or ""
                if ref.startswith("uk.org.publicwhip/person/"):
                    expected = register.canonical_person_id(ref)
                elif ref.startswith(("uk.org.publicwhip/member/", "uk.org.publicwhip/lord/")):
                    expected = register.canonical_person_id(register.member_person.get(ref))
                else:
                    continue
                if expected is None:  # a person the recorded register does not know
                    continue
                assert c.person_id == expected, (path.name, c.native_id, c.speaker_name)
                checked += 1
    assert checked > 5000
