"""The register's public records: people, their seats, their posts, and a resolution.

These are the shapes other code builds on (the archive's `people`, `memberships` and
`offices` tables are written straight from them), so their fields are fixed: add new
information to the register's indexes, not to these records.
"""

from __future__ import annotations

from dataclasses import dataclass


class RegisterError(ValueError):
    """A register file is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class Person:
    """One human being, whatever seats, names and ids they had over time."""

    person_id: str  # uk.org.publicwhip/person/N
    name: str  # the latest name
    other_names: tuple[str, ...]  # every other form the register knows
    parliament_ids: tuple[int, ...]  # Members API / data.parliament ids


@dataclass(frozen=True)
class Membership:
    """A seat: one house, one party and (Commons) one constituency, between two dates."""

    person_id: str
    member_id: str | None  # uk.org.publicwhip/member/N or lord/N: per seat, not per person
    house: str  # "commons", "lords", "scotland", "ni", "wales", "london", "royal"
    party: str | None  # parlparse short form: Con, Lab, LDem, SNP, XB...
    constituency: str | None
    start: str | None  # ISO date
    end: str | None  # ISO date; None = open (still serving when the source was made)
    name: str | None  # the name the seat was held under
    parliament_id: int | None


@dataclass(frozen=True)
class Office:
    """A post held between two dates: ministerial, shadow, parliamentary or committee.

    `source` says where the record came from, and ends in "committee" for committee
    memberships so that callers can leave those out.
    """

    person_id: str
    role: str
    department: str | None
    start: str | None
    end: str | None  # None = open (still in post when the source was made)
    source: str | None


@dataclass(frozen=True)
class Resolution:
    """Who a printed speaker label means on a date, how sure we are, and why."""

    person_id: str | None  # None when unresolved or ambiguous
    name: str | None
    party: str | None
    constituency: str | None
    house: str | None
    offices: tuple[str, ...]  # posts held that day (committees left out)
    method: str  # how: "full_name", "office", "surname+context", ... "unresolved", "ambiguous"
    confidence: float  # 0..1
    candidates: tuple[str, ...]  # person ids when ambiguous
    reason: str | None  # why unresolved or ambiguous, or a caveat on a resolution

    @property
    def resolved(self) -> bool:
        return self.person_id is not None


def unresolved(reason: str, candidates: tuple[str, ...] = ()) -> Resolution:
    """A result that names nobody; `ambiguous` when there were several people it could be."""
    method = "ambiguous" if len(candidates) > 1 else "unresolved"
    return Resolution(None, None, None, None, None, (), method, 0.0, candidates, reason)
