"""One speech once: linking the same debate and the same speeches across Hansard and TheyWorkForYou.

TheyWorkForYou republishes Hansard, so a researcher's search would otherwise return
every speech twice. Two debate sections are the same when they come from the same
house on the same sitting day, their headings agree and their texts overlap (and their
columns agree where both give them). Their speeches are then paired in order by text.

Which copy is shown: Hansard's, the official record, whenever it holds the speech;
TheyWorkForYou's copy is kept, linked and citable (its gid), and the `speeches` view
shows each speech once with both links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from pipelines.transactions import write_transaction

PREFERRED = ("hansard", "twfy")  # the first source that holds a speech is the copy shown
LINKED_SOURCES = set(PREFERRED)
_WORD = re.compile(r"[a-z0-9]+")
TITLE_MATCH = 0.6  # share of heading words in common
TEXT_MATCH = 0.5  # share of distinct words in common, whole debate section
SPEECH_MATCH = 0.6  # share of distinct words in common, one speech
SPEECH_WINDOW = 6  # how far ahead in the other copy a speech's twin may sit


def words(text: str | None) -> set[str]:
    return set(_WORD.findall((text or "").lower()))


def overlap(a: set[str], b: set[str]) -> float:
    """Jaccard similarity: robust to the small wording differences between the two copies."""
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass
class Section:
    id: str
    source: str
    house: str
    date: str
    title: str
    columns: set[str]
    speeches: list[dict[str, Any]]

    @property
    def text(self) -> set[str]:
        return set().union(*(words(s["text"]) for s in self.speeches)) if self.speeches else set()


def _sections(db: Database, dates: Iterable[str] | None) -> list[Section]:
    where = "source in ('hansard', 'twfy') and house is not null and date is not null"
    params: list[str] = []
    if dates is not None:
        chosen = sorted(set(dates))
        if not chosen:
            return []
        where += f" and date in ({', '.join('?' * len(chosen))})"
        params = chosen
    sections = []
    for doc in db.query(
        f"select id, source, house, date, title from documents where {where}", params
    ):
        speeches = list(
            db.query(
                "select id, text, person_id, [column], same_as from contributions "
                "where document_id = ? order by position",
                [doc["id"]],
            )
        )
        columns = {s["column"] for s in speeches if s["column"]}
        sections.append(Section(**doc, columns=columns, speeches=speeches))
    return sections


def same_debate(a: Section, b: Section) -> bool:
    """House, day, heading and text agree; columns too where both print them."""
    if (a.house, a.date) != (b.house, b.date) or a.source == b.source:
        return False
    if overlap(words(a.title), words(b.title)) < TITLE_MATCH:
        return False
    if a.columns and b.columns and not (a.columns & b.columns):
        return False
    return overlap(a.text, b.text) >= TEXT_MATCH


def pair_speeches(shown: Section, other: Section) -> dict[str, str]:
    """other speech id -> shown speech id, matched in order by their words."""
    pairs: dict[str, str] = {}
    start = 0
    for speech in other.speeches:
        mine = words(speech["text"])
        window = shown.speeches[start : start + SPEECH_WINDOW]
        scored = [(overlap(mine, words(s["text"])), i) for i, s in enumerate(window, start)]
        best, index = max(scored, default=(0.0, -1))
        if best >= SPEECH_MATCH:
            pairs[speech["id"]] = shown.speeches[index]["id"]
            start = index + 1
    return pairs


def _update_if_changed(db: Database, table: str, row_id: str, old: Any, new: Any) -> int:
    if old == new:
        return 0
    db[table].update(row_id, {"same_as": new})
    return 1


def _apply(db: Database, shown: Section, other: Section, counts: dict[str, int]) -> None:
    stored = {
        r["id"]: r["same_as"]
        for r in db.query(
            "select id, same_as from documents where id in (?, ?)", [shown.id, other.id]
        )
    }
    for doc in (shown, other):
        counts["documents"] += _update_if_changed(db, "documents", doc.id, stored[doc.id], shown.id)
    pairs = pair_speeches(shown, other)
    targets = dict.fromkeys(pairs.values())
    for speech in shown.speeches:
        new = speech["id"] if speech["id"] in targets else None
        counts["speeches"] += _update_if_changed(
            db, "contributions", speech["id"], speech["same_as"], new
        )
    for speech in other.speeches:
        new = pairs.get(speech["id"])
        counts["speeches"] += _update_if_changed(
            db, "contributions", speech["id"], speech["same_as"], new
        )


def link_debates(db: Database, dates: Iterable[str] | None = None) -> dict[str, int]:
    """Link the copies of each debate section (on `dates`, or all); returns rows changed."""
    counts = {"clusters": 0, "documents": 0, "speeches": 0}
    sections = _sections(db, dates)
    by_day: dict[tuple[str, str], list[Section]] = {}
    for section in sections:
        by_day.setdefault((section.house, section.date), []).append(section)
    linked: set[str] = set()
    with write_transaction(db):
        for day in by_day.values():
            for shown in (s for s in day if s.source == PREFERRED[0]):
                for other in (s for s in day if same_debate(shown, s)):
                    _apply(db, shown, other, counts)
                    linked |= {shown.id, other.id}
                    counts["clusters"] += 1
        for section in sections:
            if section.id not in linked:
                _unlink(db, section, counts)
    return counts


def _unlink(db: Database, section: Section, counts: dict[str, int]) -> None:
    """A section that matches nothing any more loses its old links."""
    old = db.execute("select same_as from documents where id = ?", [section.id]).fetchone()[0]
    counts["documents"] += _update_if_changed(db, "documents", section.id, old, None)
    for speech in section.speeches:
        counts["speeches"] += _update_if_changed(
            db, "contributions", speech["id"], speech["same_as"], None
        )
