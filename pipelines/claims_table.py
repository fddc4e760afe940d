"""The `claims` table: each figure and promise, who made it, when, and in which office.

Claims are derived from stored rows (a document's contributions, their resolved
speakers, the register), so they are rebuilt without a crawl whenever the register or
the extractor changes, and rewritten only when they differ.

Attribution, in order: whoever the sentence itself credits ("the Mutuals Taskforce
found", "Maude said"); else the contribution's speaker (a debate's member, a quotation's
person, an article's quoted source or author); else, in a press release, the minister it
names, then its department; else the article's outlet.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from pipelines.claims import Claim, Value, extract_claims
from pipelines.quotes import ROLES, full_mention, introduced_roles, mentions, role_key
from pipelines.row_writes import insert_rows
from pipelines.transactions import write_transaction

if TYPE_CHECKING:
    from pipelines.speakers import Register

CLAIM_COLUMNS: dict[str, type] = {
    "id": str,
    "document_id": str,
    "contribution_id": str,
    "claim_number": int,
    "value_number": int,
    "kind": str,
    "sentence": str,
    "value": float,
    "unit": str,
    "currency": str,
    "qualifier": str,
    "value_text": str,
    "metric": str,
    "as_of": str,
    "target_date": str,
    "target_text": str,
    "who": str,
    "person_id": str,
    "office": str,
    "party": str,
    "ministerial": int,
    "attributed_to": str,
    "quoted": int,
    "negated": int,
    "confidence": float,
    "date": str,
    "source": str,
    "url": str,
}

CLAIM_TIMELINE_VIEW = """
select c.metric, c.as_of, c.value, c.unit, c.currency, c.qualifier, c.kind, c.who,
  c.person_id, c.office, c.party, c.ministerial, c.negated, c.sentence, c.date, c.url,
  d.title, c.source, c.id, c.document_id
from claims c join documents d on d.id = c.document_id
where c.metric is not null and c.value is not null
"""

# Each target beside what was reported afterwards on the same measure.
TARGET_OUTCOMES_VIEW = """
select t.id as target_id, t.metric, t.as_of as target_said_on, t.value as target_value,
  t.unit as target_unit, t.target_date, t.who as target_by, t.office as target_office,
  t.sentence as target_sentence, t.url as target_url,
  s.as_of as reported_on, s.value as reported_value, s.unit as reported_unit,
  s.who as reported_by, s.sentence as reported_sentence, s.url as reported_url
from claims t join claims s
  on s.metric = t.metric and s.kind = 'statistic' and s.as_of > t.as_of
where t.kind = 'target' and t.metric is not null
"""


@dataclass(frozen=True)
class Author:
    who: str | None
    person_id: str | None = None
    office: str | None = None
    party: str | None = None


def ensure_claims_tables(db: Database) -> None:
    db["claims"].create(
        CLAIM_COLUMNS,
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        if_not_exists=True,
    )
    db.execute("CREATE INDEX IF NOT EXISTS claims_document ON claims(document_id)")
    db.execute("CREATE INDEX IF NOT EXISTS claims_metric ON claims(metric, as_of)")
    db.execute("CREATE INDEX IF NOT EXISTS claims_person ON claims(person_id, date)")
    db.execute(f"CREATE VIEW IF NOT EXISTS claim_timeline AS {CLAIM_TIMELINE_VIEW}")
    db.execute(f"CREATE VIEW IF NOT EXISTS target_outcomes AS {TARGET_OUTCOMES_VIEW}")


def _resolved(register: Register, name: str, date: str | None, known: list[str]) -> Author:
    """The credited name as a person where the register knows them.

    A credit such as "Minister for the Cabinet Office Francis Maude" is tried whole, then
    by the longest full name of the text inside it.
    """
    inside = sorted((k for k in set(known) if k in name and k != name), key=len, reverse=True)
    words = name.split()
    tails = [" ".join(words[-n:]) for n in (3, 2) if len(words) > n]
    for candidate in [name, *inside, *tails]:
        found = register.resolve(candidate, date) if date else None
        if found is not None and found.person_id:
            offices = "; ".join(found.offices) or None
            return Author(found.name or candidate, found.person_id, offices, found.party)
    return Author(name)


def _fallback(doc: dict[str, Any]) -> Author:
    """Who speaks where nobody is named: the press release's minister, department or outlet."""
    for person in json.loads(doc["people"] or "[]"):
        if person.get("person_id"):
            return Author(
                person["name"], person["person_id"], person.get("office"), person.get("party")
            )
    organisations = json.loads(doc["organisations"] or "[]")
    if organisations:
        return Author(organisations[0])
    return Author(json.loads(doc["extra"] or "{}").get("outlet"))


@dataclass
class Known:
    """The full names a document mentions and the roles it introduces them with.

    Each read on first use: only a claim the sentence credits to someone needs the names,
    and only one credited to a role ("the minister") the roles; reading them (regexes over
    every paragraph) cost more than the rest of most documents' claims.
    """

    texts: list[str]
    # what the document's claims have asked already: most credit the same few people
    credited: dict[str, Author] = field(default_factory=dict)  # by the name as printed
    speakers: dict[str, str | None] = field(default_factory=dict)  # register names by id
    ministers: dict[str | None, int] = field(default_factory=dict)  # by person id

    @cached_property
    def names(self) -> list[str]:
        return mentions(self.texts)

    @cached_property
    def roles(self) -> dict[str, str]:
        roles: dict[str, str] = {}
        for text in self.texts:
            introduced_roles(text, roles)
        return roles


def claim_author(
    claim: Claim, row: dict[str, Any], doc: dict[str, Any], known: Known, register: Register
) -> Author:
    """`known`: the document's names and roles, which a credited name is completed from."""
    if claim.attributed_to:
        if claim.attributed_to not in known.credited:
            credited = full_mention(claim.attributed_to, known.names, _roles_for(claim, known))
            known.credited[claim.attributed_to] = _resolved(
                register, credited, doc["date"], known.names
            )
        return known.credited[claim.attributed_to]
    if row["person_id"]:
        if row["person_id"] not in known.speakers:
            found = register.by_person_id(row["person_id"], doc["date"])
            known.speakers[row["person_id"]] = found.name
        name = known.speakers[row["person_id"]] or row["speaker_name"]
        return Author(name, row["person_id"], row["office"], row["party"])
    if row["speaker_name"]:
        return Author(row["speaker_name"])
    return _fallback(doc)


def _roles_for(claim: Claim, known: Known) -> dict[str, str] | None:
    """The roles, where `full_mention` would look the credited name up among them: only a
    name that is a role ("the minister") is ever found there."""
    name = role_key(claim.attributed_to or "")
    return known.roles if name in ROLES else None


def _ministerial(person_id: str | None, doc: dict, known: Known, register: Register) -> int:
    """Whether the person held a ministerial post on the document's date, as 0 or 1."""
    if person_id not in known.ministers:
        known.ministers[person_id] = int(register.is_minister(person_id, doc["date"]))
    return known.ministers[person_id]


def _rows_for(
    claim: Claim, number: int, row: dict, doc: dict, author: Author, ministerial: int
) -> list[dict[str, Any]]:
    values: list[Value | None] = list(claim.values) or [None]
    return [
        {
            "id": f"{row['id']}:{number}:{i}",
            "document_id": doc["id"],
            "contribution_id": row["id"],
            "claim_number": number,
            "value_number": i,
            "kind": claim.kind,
            "sentence": claim.sentence,
            "value": float(v.value) if v else None,
            "unit": v.unit if v else None,
            "currency": v.currency if v else None,
            "qualifier": v.qualifier if v else None,
            "value_text": v.text if v else None,
            # a figure belongs to a series only when the extractor says so ("seven-fold"
            # beside "65 mutuals" is not a count of mutuals)
            "metric": v.metric if v else claim.metric,
            "as_of": (v.as_of if v else None) or claim.as_of or doc["date"],
            "target_date": (v.target_date if v else None) or claim.target_date,
            "target_text": claim.target_text,
            "who": author.who,
            "person_id": author.person_id,
            "office": author.office,
            "party": author.party,
            "ministerial": ministerial,
            "attributed_to": claim.attributed_to,
            "quoted": int(claim.quoted),
            "negated": int(claim.negated),
            "confidence": claim.confidence,
            "date": doc["date"],
            "source": doc["source"],
            "url": row["url"],
        }
        for i, v in enumerate(values)
    ]


# The columns of a document and of its contributions that claims are derived from.
DOCUMENT_READ = "id, date, source, people, organisations, extra"
CONTRIBUTION_READ = "id, text, person_id, speaker_name, office, party, url"


def _query(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """`list(db.query(sql, params))` on the connection itself: sqlite-utils' query parses
    the statement and its column names each time, which cost more than the rows here."""
    cursor = db.conn.execute(sql, params)
    keys = [column[0] for column in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor]


def document_claims(db: Database, doc_id: str, register: Register) -> list[dict[str, Any]]:
    """Extract a stored document's claims from its whole text, one row per figure."""
    docs = _query(db, f"select {DOCUMENT_READ} from documents where id = ?", [doc_id])
    if not docs:
        raise NotFoundError(f"no document {doc_id!r}")
    doc = docs[0]
    rows = _query(
        db,
        f"select {CONTRIBUTION_READ} from contributions where document_id = ? order by position",
        [doc_id],
    )
    texts = [row["text"] for row in rows]
    text = "".join(t + "\n\n" for t in texts)
    starts = list(accumulate((len(t) + 2 for t in texts), initial=0))
    known = Known(texts)
    claims_rows: list[dict[str, Any]] = []
    for number, claim in enumerate(extract_claims(text, date=doc["date"])):
        # the paragraph the claim starts in, or the blank line after it
        index = bisect_right(starts, claim.start) - 1
        if 0 <= index < len(rows):
            row = rows[index]
            author = claim_author(claim, row, doc, known, register)
            ministerial = _ministerial(author.person_id, doc, known, register)
            claims_rows += _rows_for(claim, number, row, doc, author, ministerial)
    return claims_rows


def write_claims(db: Database, doc_id: str, register: Register) -> str:
    """Replace a document's claims when they differ; 'unchanged' leaves the rows alone."""
    new = document_claims(db, doc_id, register)
    old = _query(db, "select * from claims where document_id = ? order by id", [doc_id])
    if old == sorted(new, key=lambda r: r["id"]):
        return "unchanged"
    with write_transaction(db):
        db.execute("delete from claims where document_id = ?", [doc_id])
        insert_rows(db, "claims", new, batch_size=200)
    return "updated"


def rebuild_claims(db: Database, register: Register) -> dict[str, int]:
    """Re-derive every document's claims (after a register or extractor update)."""
    counts = {"updated": 0, "unchanged": 0}
    for row in list(db.query("select id from documents order by id")):
        counts[write_claims(db, row["id"], register)] += 1
    return counts
