"""Lookup tables built once per register, so that resolving a name is a few dict hits.

Every table maps a normalised key to (person, from, to) windows; a name form, an
office title or a constituency leads to the people it could mean, and a date filter
keeps those it could mean that day. Windows use "" for an open start and "9999-12-31"
for an open end so that plain string comparison of ISO dates does the filtering.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from pipelines.speakers.builder import NameForm, RegisterBuilder
from pipelines.speakers.model import Membership, Office
from pipelines.speakers.names import drop_the, name_text, norm, norm_constituency
from pipelines.speakers.titles import role_keys

OPEN_END = "9999-12-31"

# (person_id, start, end, kind): kind is "name", "alias" or "peer" in the name tables,
# the house in the constituency table, and the date up to which an open end is known
# true in the office table.
Window = tuple[str, str, str, str]
# (person_id, start, end, normalised given names) for the surname table.
SurnameWindow = tuple[str, str, str, tuple[str, ...]]
# (start, end, house, membership, horizon up to which an open end is known true)
Seat = tuple[str, str, str, Membership, str]


@dataclass
class Indexes:
    full_names: dict[str, list[Window]] = field(default_factory=dict)
    surnames: dict[str, list[SurnameWindow]] = field(default_factory=dict)
    peer_titles: dict[str, list[Window]] = field(default_factory=dict)
    offices: dict[str, list[Window]] = field(default_factory=dict)
    constituencies: dict[str, list[Window]] = field(default_factory=dict)
    seats: dict[str, list[Seat]] = field(default_factory=dict)
    posts: dict[str, list[tuple[Office, str]]] = field(default_factory=dict)  # (post, trusted)
    roles: dict[str, list[tuple[Office, str]]] = field(default_factory=dict)  # no committees
    seat_ids: dict[str, Membership] = field(default_factory=dict)  # member/N -> seat


def _lo(value: str | None) -> str:
    return value or ""


def _hi(value: str | None) -> str:
    return value or OPEN_END


def name_keys(form: NameForm) -> set[str]:
    """The keys a name form is found under: as written, without "the", without middle
    names or initials ("Jeffrey M Donaldson" -> "jeffrey donaldson"), without "Jnr"."""
    written = drop_the(norm(form.text))
    keys = {written}
    bare = name_text(form.text).bare
    if len(bare.split()) > 1:
        keys.add(bare)
    if form.given and form.surname:
        keys.add(f"{form.given[0]} {form.surname}")
    for key in list(keys):
        for suffix in (" jnr", " junior"):
            if key.endswith(suffix) and len(key.split()) > 2:
                keys.add(key[: -len(suffix)])
    return keys


def _merge(windows: Iterable[Window]) -> list[Window]:
    """One window per person and kind where windows overlap or touch: fewer to filter."""
    merged: list[Window] = []
    for pid, start, end, kind in sorted(windows):
        last = merged[-1] if merged else None
        if last and last[0] == pid and last[3] == kind and start <= _day_after(last[2]):
            merged[-1] = (pid, last[1], max(last[2], end), kind)
        else:
            merged.append((pid, start, end, kind))
    return merged


@lru_cache(maxsize=8192)
def _day_after(iso: str) -> str:
    try:
        return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):  # the open end, or not a date
        return iso


def build_indexes(builder: RegisterBuilder) -> Indexes:
    """All lookup tables for a collected register."""
    idx = Indexes()
    _index_names(idx, builder.names)
    _index_seats(idx, builder)
    _index_offices(idx, builder)
    return idx


def _index_names(idx: Indexes, forms: list[NameForm]) -> None:
    full: dict[str, list[Window]] = defaultdict(list)
    surnames: dict[str, set[SurnameWindow]] = defaultdict(set)
    peers: dict[str, list[Window]] = defaultdict(list)
    for form in forms:
        window = (form.person_id, _lo(form.start), _hi(form.end), form.kind)
        for key in name_keys(form):
            full[key].append(window)
        if form.surname:
            surnames[form.surname].add((*window[:3], form.given))
        if form.peer_short:
            peers[form.peer_short].append(window)
    idx.full_names = {k: _merge(v) for k, v in full.items()}
    idx.surnames = {k: sorted(v) for k, v in surnames.items()}
    idx.peer_titles = {k: _merge(v) for k, v in peers.items()}


def _index_seats(idx: Indexes, builder: RegisterBuilder) -> None:
    seats: dict[str, list[Seat]] = defaultdict(list)
    places: dict[str, list[Window]] = defaultdict(list)
    for seat, horizon in zip(builder.memberships, builder.seat_horizons, strict=True):
        start, end = _lo(seat.start), _hi(seat.end)
        seats[seat.person_id].append((start, end, seat.house, seat, horizon or OPEN_END))
        if seat.constituency:
            places[norm_constituency(seat.constituency)].append(
                (seat.person_id, start, end, seat.house)
            )
        if seat.member_id:
            idx.seat_ids[seat.member_id] = seat
    idx.seats = {pid: sorted(v, key=lambda s: (s[0], s[1])) for pid, v in seats.items()}
    idx.constituencies = {k: _merge(v) for k, v in places.items()}


def _index_offices(idx: Indexes, builder: RegisterBuilder) -> None:
    offices: dict[str, list[Window]] = defaultdict(list)
    posts: dict[str, list[tuple[Office, str]]] = defaultdict(list)
    for office, horizon in zip(builder.offices, builder.office_horizons, strict=True):
        trusted = horizon or OPEN_END
        posts[office.person_id].append((office, trusted))
        if (office.source or "").endswith("committee"):
            continue
        window = (office.person_id, _lo(office.start), _hi(office.end), trusted)
        for key in role_keys(office.role, office.department):
            offices[key].append(window)
    idx.offices = {k: sorted(set(v)) for k, v in offices.items()}
    idx.posts = {pid: sorted(v, key=_post_order) for pid, v in posts.items()}
    idx.roles = {
        pid: [p for p in v if not (p[0].source or "").endswith("committee")]
        for pid, v in idx.posts.items()
    }


def _post_order(post: tuple[Office, str]) -> tuple[str, str]:
    return (post[0].start or "", post[0].role)
