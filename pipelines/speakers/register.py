"""The register: people, seats and posts, with lookups by id, by date and by printed label.

Loading is done once per process and path (`load_register` is cached): the XML and
JSON files take about a second to read and index, after which every lookup is a few
dictionary hits.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from pipelines.config import corpus_dir
from pipelines.speakers.builder import RegisterBuilder
from pipelines.speakers.files import iso_day
from pipelines.speakers.index import Seat, build_indexes
from pipelines.speakers.ministers import load_ministers_folder
from pipelines.speakers.model import Membership, Office, RegisterError, Resolution, unresolved
from pipelines.speakers.parlparse import load_parlparse_folder
from pipelines.speakers.popolo import load_popolo
from pipelines.speakers.resolver import government_posts, resolve
from pipelines.speakers.titles import display_role
from pipelines.speakers.twfy_api import load_get_mps

PERSON = "uk.org.publicwhip/person/"
PUBLICWHIP = "uk.org.publicwhip/"
ROLE_CACHE_SIZE = 200_000
PRESUMED = 0.9  # confidence factor for a seat presumed to continue past its source's date


class Register:
    """People, seats (`memberships`) and posts (`offices`), and ways to find who is meant."""

    def __init__(self, builder: RegisterBuilder) -> None:
        self.people = builder.people()
        self.memberships = list(builder.memberships)
        self.offices = list(builder.offices)
        self.sources = tuple(builder.sources)
        self.horizons = dict(builder.horizons)
        self.genders = {pid: d.gender for pid, d in builder.drafts.items() if d.gender}
        self.redirects = dict(builder.redirects)
        self.member_person = dict(builder.member_person)
        self.index = build_indexes(builder)
        self._roles: dict[tuple[str, str], tuple[str, ...]] = {}  # (person, day) -> posts
        self.parliament_person: dict[int, str] = {}
        for person in self.people.values():
            for number in person.parliament_ids:
                self.parliament_person.setdefault(number, person.person_id)

    def __repr__(self) -> str:
        return (
            f"<Register {len(self.people)} people, {len(self.memberships)} seats, "
            f"{len(self.offices)} posts from {len(self.sources)} files>"
        )

    # -- by label ---------------------------------------------------------------------

    def resolve(
        self,
        label: str | None,
        date: object,
        house: str | None = None,
        context: Sequence[str | Resolution] | None = None,
        role: str | None = None,
        department: str | None = None,
    ) -> Resolution:
        """Who a printed label means on a date; see `pipelines.speakers.resolver`."""
        return resolve(self, label, date, house, context, role, department)

    # -- by id ------------------------------------------------------------------------

    def canonical_person_id(self, person_id: str | int | None) -> str | None:
        """ "10423", 10423 or the full id, following merges; None if unknown."""
        text = str(person_id or "").strip()
        text = PERSON + text if text.isdigit() else text
        text = self.redirects.get(text, text)
        return text if text in self.people else None

    def by_person_id(self, person_id: str | int, date: object = None) -> Resolution:
        """A TheyWorkForYou person id, with the seat and posts held on `date`."""
        pid = self.canonical_person_id(person_id)
        if pid is None:
            return unresolved(f"person id {person_id} is not in the register")
        return self.describe(pid, date, None, "person_id", 1.0)

    def by_parliament_id(self, parliament_id: int | str, date: object = None) -> Resolution:
        """A Members API / Hansard member id (Francis Maude is 115)."""
        text = str(parliament_id).strip()
        pid = self.parliament_person.get(int(text)) if text.isdigit() else None
        if pid is None:
            return unresolved(f"parliament id {parliament_id} is not in the register")
        return self.describe(pid, date, None, "parliament_id", 1.0)

    def by_twfy_member_id(self, member_id: str, date: object = None) -> Resolution:
        """A per-seat id (uk.org.publicwhip/member/N or lord/N): the seat's holder.

        Without a date the seat itself gives party and constituency; with one, the seat
        held that day does (the id may belong to an earlier seat of the same person).
        """
        key = _seat_id(member_id)
        pid = self.member_person.get(key)
        if pid is None:
            return unresolved(f"member id {member_id} is not in the register")
        pid = self.canonical_person_id(pid) or pid
        if iso_day(date) is None and key in self.index.seat_ids:
            return self._describe_seat(pid, self.index.seat_ids[key], "twfy_member_id")
        return self.describe(pid, date, None, "twfy_member_id", 1.0)

    # -- by date ----------------------------------------------------------------------

    def seat_on(self, person_id: str, day: str, house: str | None = None) -> Seat | None:
        """The seat held that day (the latest begun, if records overlap)."""
        found = None
        for seat in self.index.seats.get(person_id, ()):
            if seat[0] <= day <= seat[1] and (house is None or seat[2] == house):
                found = seat
        return found

    def membership_on(
        self, person_id: str, date: object, house: str | None = None
    ) -> Membership | None:
        """The seat held on `date` (or the latest seat when no date is given)."""
        pid = self.canonical_person_id(person_id)
        if pid is None:
            return None
        day = iso_day(date)
        if date is None:
            seats = [s for s in self.index.seats.get(pid, ()) if house in (None, s[2])]
            return seats[-1][3] if seats else None
        seat = self.seat_on(pid, day, house) if day else None
        return seat[3] if seat else None

    def offices_on(self, person_id: str, date: object) -> tuple[Office, ...]:
        """Posts held on `date`, committees included (their source ends in "committee").

        A post with an open end counts only up to the date its source was made: after
        that the register cannot say it was still held.
        """
        pid, day = self.canonical_person_id(person_id), iso_day(date)
        if pid is None or day is None:
            return ()
        return tuple(_held(self.index.posts.get(pid, ()), day))

    def is_minister(self, person_id: str | None, date: object) -> bool:
        """Whether they held a ministerial post that day (claims by ministers are marked)."""
        pid, day = self.canonical_person_id(person_id), iso_day(date)
        return bool(pid and day and government_posts(self, pid, day))

    def roles_on(self, person_id: str, day: str) -> tuple[str, ...]:
        """The posts of `offices_on` as they read, committees left out, each once."""
        key = (person_id, day)
        roles = self._roles.get(key)
        if roles is None:
            if len(self._roles) > ROLE_CACHE_SIZE:
                self._roles.clear()
            held = _held(self.index.roles.get(person_id, ()), day)
            roles = tuple(dict.fromkeys(display_role(o.role, o.department) for o in held))
            self._roles[key] = roles
        return roles

    def clear_caches(self) -> None:
        """Forget the posts worked out per person and day (for cold timings)."""
        self._roles.clear()

    # -- results ----------------------------------------------------------------------

    def describe(
        self,
        person_id: str,
        date: object,
        house: str | None,
        method: str,
        confidence: float,
        reason: str | None = None,
    ) -> Resolution:
        """A resolution of a known person: name, party, seat and posts as on `date`."""
        day = iso_day(date)
        if day is None:
            seat = self.membership_on(person_id, None, house)  # the latest
            reason = reason if date is None else reason or f"not a date: {date!r}"
            return self._result(person_id, seat, (), method, confidence, reason)
        found = self.seat_on(person_id, day, house) or self.seat_on(person_id, day)
        roles = self.roles_on(person_id, day)
        if found is None:
            reason = reason or f"no seat recorded on {day}"
            return self._result(person_id, None, roles, method, confidence, reason)
        seat, horizon = found[3], found[4]
        if seat.end is None and day > horizon:
            confidence *= PRESUMED
            reason = reason or f"seat presumed to continue after {horizon}, the source's date"
        return self._result(person_id, seat, roles, method, confidence, reason)

    def _describe_seat(self, person_id: str, seat: Membership, method: str) -> Resolution:
        return self._result(person_id, seat, (), method, 1.0, None)

    def _result(
        self,
        person_id: str,
        seat: Membership | None,
        roles: tuple[str, ...],
        method: str,
        confidence: float,
        reason: str | None,
    ) -> Resolution:
        person = self.people[person_id]
        return Resolution(
            person_id,
            (seat.name if seat and seat.name else None) or person.name,
            seat.party if seat else None,
            seat.constituency if seat else None,
            seat.house if seat else None,
            roles,
            method,
            round(min(1.0, max(0.0, confidence)), 3),
            (),
            reason,
        )


def _held(posts: Iterable[tuple[Office, str]], day: str) -> list[Office]:
    """Posts held on `day`; an open end counts only up to its source's date (`trusted`)."""
    return [
        office
        for office, trusted in posts
        if (office.start or "") <= day <= (office.end or trusted)
    ]


def _seat_id(member_id: str) -> str:
    text = str(member_id).strip()
    if text.isdigit():
        return f"{PUBLICWHIP}member/{text}"
    return text if text.startswith(PUBLICWHIP) else PUBLICWHIP + text.lstrip("/")


# -- loading ------------------------------------------------------------------------------


def register_path(path: str | Path | None = None) -> Path:
    """Which register to load: the argument, else MUTUALS_REGISTER, else the corpus's."""
    if path is None:
        path = os.environ.get("MUTUALS_REGISTER") or corpus_dir() / "members"
    return Path(path).expanduser().resolve()


def load_register(path: str | Path | None = None) -> Register:
    """The register at `path` (a parlparse folder or a Popolo people.json), loaded once."""
    return _load_cached(register_path(path))


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> Register:
    return read_register(path)


def register_files(path: str | Path | None = None) -> list[Path]:
    """Every file a register is read from (a folder's files and the getMPs beside it)."""
    path = register_path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    files = sorted(p for p in path.rglob("*") if p.is_file())
    return files + [p for p in (path.parent / "twfy" / "api" / "getMPs.json",) if p.is_file()]


def register_fingerprint(path: str | Path | None = None) -> str:
    """A hash of the register's files: while it is unchanged the archive's copy is current,
    and a refresh need not read the register at all."""
    files = register_files(path)
    stamps = tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files)
    return _hash_files(str(register_path(path)), stamps)


@lru_cache(maxsize=8)
def _hash_files(root: str, stamps: tuple[tuple[str, int, int], ...]) -> str:
    """Contents hashed once per process for the same files, sizes and times."""
    digest = hashlib.sha256(root.encode())
    for name, _, _ in stamps:
        digest.update(Path(name).name.encode())
        digest.update(Path(name).read_bytes())
    return digest.hexdigest()


def read_register(path: Path) -> Register:
    """Read and index a register, uncached (the benchmark times this)."""
    builder = RegisterBuilder()
    if path.is_dir():
        load_parlparse_folder(builder, path)
        load_ministers_folder(builder, path)
        for candidate in (path / "getMPs.json", path.parent / "twfy" / "api" / "getMPs.json"):
            if candidate.is_file():
                load_get_mps(builder, candidate)
                break
    elif path.suffix.lower() == ".json":
        load_popolo(builder, path)
    elif not path.exists():
        raise RegisterError(f"register not found: {path}")
    else:
        raise RegisterError(f"not a register folder or people.json: {path}")
    return Register(builder)
