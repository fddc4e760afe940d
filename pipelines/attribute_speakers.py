"""Attach a resolved person, party and office-on-the-day to every speaker the sources name.

The same function serves a crawl (on items) and a re-resolution of an existing archive
(on rows), so updating the register never needs a new crawl. Sources that give an id
are resolved by it (Hansard member id, TheyWorkForYou person or member id); the printed
name, the date, the house and the debate's earlier speakers are the fallback.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from sqlite_utils import Database

from pipelines.quotes import paragraph_speakers, quoted_speakers
from pipelines.transactions import write_transaction
from scraper.items import Document

if TYPE_CHECKING:
    from pipelines.speakers import Register, Resolution


@dataclass(frozen=True)
class Attribution:
    """What a contribution row stores about its speaker."""

    person_id: str | None
    party: str | None
    office: str | None
    resolution: str


def _by_source_id(register: Register, ref: str, date: str | None) -> Resolution | None:
    if ref.startswith("uk.org.publicwhip/person/"):
        return register.by_person_id(ref, date)
    if ref.startswith(("uk.org.publicwhip/member/", "uk.org.publicwhip/lord/")):
        return register.by_twfy_member_id(ref, date)
    if ref.isdigit():
        return register.by_parliament_id(int(ref), date)
    return None  # e.g. a GOV.UK slug: not an id the register holds


def resolve_speaker(
    register: Register,
    name: str | None,
    ref: str | None,
    date: str | None,
    house: str | None = None,
    context: Sequence[str] = (),
    role: str | None = None,
    department: str | None = None,
) -> Resolution | None:
    """The source's own id first, then the printed name; None when nobody is named.

    `role="minister"` (a written answer or statement) and the answering `department`
    let the register tell namesakes apart: only one of them held a post that day.
    """
    by_id = _by_source_id(register, ref, date) if ref else None
    if by_id is not None and by_id.person_id:
        return by_id
    if name and date:
        return register.resolve(
            name, date, house=house, context=list(context), role=role, department=department
        )
    return by_id


def answering_department(headings: Sequence[str] | None) -> str | None:
    """The department a written answer or statement speaks for: its outermost heading."""
    return headings[0] if headings else None


def attribution(result: Resolution | None) -> Attribution:
    if result is None:
        return Attribution(None, None, None, "no speaker named")
    if result.person_id is None:
        why = result.reason or result.method
        candidates = f" (candidates: {', '.join(result.candidates)})" if result.candidates else ""
        return Attribution(None, None, None, f"{result.method}: {why}{candidates}")
    return Attribution(
        result.person_id,
        result.party,
        "; ".join(result.offices) or None,
        f"{result.method} ({result.confidence:.2f})",
    )


def person_fields(
    register: Register, name: str | None, date: str | None, house: str | None
) -> dict[str, str | None]:
    """person_id, party and office that day of a person a document names (all None if unknown)."""
    found = resolve_speaker(register, name, None, date, house)
    if found is None or found.person_id is None:
        return {"person_id": None, "party": None, "office": None}
    return {
        "person_id": found.person_id,
        "party": found.party,
        "office": "; ".join(found.offices) or None,
    }


def name_quoted_speakers(doc: Document) -> None:
    """Give quotations and reported statements the speaker the text names.

    Press releases: each quotation paragraph gets the person its introduction names
    ("Mr Maude said:"). Articles: each paragraph reporting a statement gets the person
    who made it ("Le Grand said that", "said Maude"); the author's own paragraphs, in a
    piece with a byline, are the author's.
    """
    blocks = [(c.kind, c.text) for c in doc.contributions]
    if doc.source == "govuk":
        names = quoted_speakers(blocks)
    elif doc.source == "news":
        names = [n or doc.author for n in paragraph_speakers([t for _, t in blocks])]
    else:
        return
    for contribution, name in zip(doc.contributions, names, strict=True):
        if name and not contribution.speaker_name:
            contribution.speaker_name = name


def attribute_document(doc: Document, register: Register) -> dict[str, int]:
    """Fill speaker fields of a document's people and contributions; returns counts."""
    counts = {"resolved": 0, "unresolved": 0}
    name_quoted_speakers(doc)
    for person in doc.people:
        fields = person_fields(register, person.name, doc.date, doc.house)
        person.person_id, person.party, person.office = fields.values()
    # the people the source links the document to are context for short names ("Mr Maude")
    context: list[str] = [p.person_id for p in doc.people if p.person_id]
    for c in doc.contributions:
        if not (c.speaker_name or c.speaker_ref):
            continue
        department = answering_department(doc.headings) if c.speaker_role else None
        found = resolve_speaker(
            register,
            c.speaker_name,
            c.speaker_ref,
            doc.date,
            doc.house,
            context,
            c.speaker_role,
            department,
        )
        a = attribution(found)
        c.person_id, c.party, c.office, c.resolution = a.person_id, a.party, a.office, a.resolution
        counts["resolved" if a.person_id else "unresolved"] += 1
        if a.person_id:
            context.append(a.person_id)
    return counts


def _reattribute_people(register: Register, doc: dict) -> str | None:
    people = json.loads(doc["people"]) if doc["people"] else []
    for person in people:
        person |= person_fields(register, person.get("name"), doc["date"], doc["house"])
    return json.dumps(people, ensure_ascii=False, sort_keys=True) if people else None


def _reattribute_contributions(register: Register, db: Database, doc: dict) -> list[dict]:
    """Changed speaker fields of one document's contributions, in reading order."""
    changes: list[dict] = []
    context: list[str] = []
    rows = db.query(
        "select id, speaker_name, speaker_ref, speaker_role, person_id, party, office, resolution "
        "from contributions where document_id = ? and "
        "(speaker_name is not null or speaker_ref is not null) order by position",
        [doc["id"]],
    )
    headings = json.loads(doc["headings"]) if doc["headings"] else []
    for row in rows:
        role = row.pop("speaker_role")
        found = resolve_speaker(
            register,
            row["speaker_name"],
            row["speaker_ref"],
            doc["date"],
            doc["house"],
            context,
            role,
            answering_department(headings) if role else None,
        )
        new = asdict(attribution(found))
        if new["person_id"]:
            context.append(new["person_id"])
        if any(row[k] != v for k, v in new.items()):
            changes.append({"id": row["id"], **new})
    return changes


def reattribute_archive(db: Database, register: Register) -> dict[str, int]:
    """Re-resolve every speaker in an archive without crawling; only changed rows are written."""
    counts = {"documents": 0, "contributions": 0}
    documents = list(
        db.query("select id, date, house, people, headings from documents order by id")
    )
    for doc in documents:
        people = _reattribute_people(register, doc)
        changes = _reattribute_contributions(register, db, doc)
        with write_transaction(db):
            if people != doc["people"]:
                db["documents"].update(doc["id"], {"people": people})
                counts["documents"] += 1
            for change in changes:
                db["contributions"].update(change.pop("id"), change)
            counts["contributions"] += len(changes)
    return counts
