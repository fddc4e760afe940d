"""Collecting a register from several sources before it is frozen and indexed.

Each source (the parlparse XML set, a Popolo people.json, the ministers files,
TheyWorkForYou's getMPs) adds people, seats, posts and name forms here; the builder
keeps one record per person however many sources mention them, and remembers how far
each source's knowledge reaches, because an open end ("still in post") is only known
to be true up to the day the source was made.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from pipelines.speakers.model import Membership, Office, Person
from pipelines.speakers.names import norm
from pipelines.speakers.titles import post_keys


@dataclass(frozen=True)
class NameForm:
    """A way of writing someone's name, valid between two dates (None = open)."""

    person_id: str
    text: str  # as written, for display
    start: str | None
    end: str | None
    kind: str  # "name" (a seat's own name), "alias", "peer"
    given: tuple[str, ...] = ()  # normalised given names, when the parts are known
    surname: str = ""  # normalised family name, when known
    peer_short: str = ""  # "lord hunt" for "Lord Hunt of Kings Heath"


@dataclass
class PersonDraft:
    name: str | None = None
    other_names: list[str] = field(default_factory=list)
    parliament_ids: set[int] = field(default_factory=set)
    gender: str | None = None


@dataclass
class RegisterBuilder:
    """Everything read so far; `people()` freezes the person records."""

    drafts: dict[str, PersonDraft] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    office_horizons: list[str | None] = field(default_factory=list)  # parallel to offices
    seat_horizons: list[str | None] = field(default_factory=list)  # parallel to memberships
    names: list[NameForm] = field(default_factory=list)
    member_person: dict[str, str] = field(default_factory=dict)  # member/lord id -> person
    redirects: dict[str, str] = field(default_factory=dict)  # merged person ids
    horizons: dict[str, str] = field(default_factory=dict)  # source -> date it was made
    sources: list[str] = field(default_factory=list)  # files read, for messages
    posts_seen: set[tuple[str, str | None, str]] = field(default_factory=set)

    def person(self, person_id: str, name: str | None = None) -> PersonDraft:
        draft = self.drafts.setdefault(person_id, PersonDraft())
        if name and not draft.name:
            draft.name = html.unescape(name)
        return draft

    def add_name(self, form: NameForm, display: bool = True) -> None:
        """A name form; unless it is an office title, also one of the person's other names."""
        self.names.append(form)
        if not display:
            return
        draft = self.person(form.person_id)
        text = html.unescape(form.text)
        if text != draft.name and text not in draft.other_names:
            draft.other_names.append(text)

    def add_membership(self, membership: Membership, horizon: str | None = None) -> None:
        """A seat; an open end is known to be true up to `horizon`, presumed after it."""
        self.memberships.append(membership)
        self.seat_horizons.append(horizon if membership.end is None else None)
        if membership.member_id:
            self.member_person[membership.member_id] = membership.person_id
        if membership.parliament_id:
            self.person(membership.person_id).parliament_ids.add(membership.parliament_id)

    def add_office(self, office: Office, horizon: str | None) -> bool:
        """A post, unless an earlier (preferred) source already gave it; an open end is
        trusted only up to `horizon`, the source's date."""
        keys = {
            (office.person_id, office.start, key)
            for key in post_keys(office.role, office.department, office.source)
        }
        if keys & self.posts_seen:
            return False
        self.posts_seen |= keys
        self.offices.append(office)
        self.office_horizons.append(horizon if office.end is None else None)
        return True

    def known_person(self, person_id: str) -> bool:
        return person_id in self.drafts

    def people(self) -> dict[str, Person]:
        people = {}
        for person_id, draft in self.drafts.items():
            name = draft.name or (draft.other_names[0] if draft.other_names else person_id)
            others = tuple(n for n in draft.other_names if norm(n) != norm(name))
            people[person_id] = Person(
                person_id, name, _unique(others), tuple(sorted(draft.parliament_ids))
            )
        return people


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept = []
    for name in names:
        if name not in seen:
            seen.add(name)
            kept.append(name)
    return tuple(kept)
