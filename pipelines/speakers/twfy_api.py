"""TheyWorkForYou's getMPs answer: the Commons as it stood when it was recorded (July 2016).

The parlparse XML register was made in April 2015, before that year's election; getMPs
adds the Parliament elected on 7 May 2015 with TheyWorkForYou's person and member ids,
names, parties and constituencies, and the posts each MP held when it was recorded.
It has no seat dates: each seat is taken to start at the 2015 election (by-election
winners since then are therefore dated early) and to be open, known true up to the
latest date in the answer and presumed after it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pipelines.speakers.builder import NameForm, RegisterBuilder
from pipelines.speakers.files import iso_date, latest_date, read_json
from pipelines.speakers.model import Membership, Office, RegisterError
from pipelines.speakers.names import norm, party_code

ELECTION_2015 = "2015-05-07"
PERSON = "uk.org.publicwhip/person/"
MEMBER = "uk.org.publicwhip/member/"
SURNAME_PARTICLES = frozenset({"de", "da", "di", "du", "van", "von", "le", "la", "st"})


def load_get_mps(builder: RegisterBuilder, path: Path) -> None:
    """Seats, names and posts of the MPs listed in a getMPs.json answer."""
    rows = read_json(path, encoding="iso-8859-1")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise RegisterError(f"malformed register file {path}: expected a list of MPs")
    horizon = latest_date([o.get("from_date") for r in rows for o in r.get("office") or []])
    horizon = horizon or ELECTION_2015
    builder.horizons["twfy/getMPs"] = horizon
    surnames: dict[str, set[str]] = defaultdict(set)
    for form in builder.names:
        if form.surname:
            surnames[form.person_id].add(form.surname)
    for row in rows:
        if not (str(row.get("person_id", "")).isdigit() and row.get("name")):
            raise RegisterError(f"malformed register file {path}: an MP without id or name")
        person_id = PERSON + str(row["person_id"])
        _add_seat(builder, row, person_id, horizon, surnames[person_id])
        _add_posts(builder, row, person_id, horizon)
    builder.sources.append(str(path))


def _add_seat(
    builder: RegisterBuilder, row: dict, person_id: str, horizon: str, surnames: set[str]
) -> None:
    name = row["name"]
    draft = builder.person(person_id, name)
    ids = sorted(draft.parliament_ids)
    member_id = MEMBER + str(row["member_id"]) if row.get("member_id") else None
    seat = Membership(
        person_id,
        member_id,
        "commons",
        party_code(row.get("party")),
        row.get("constituency") or None,
        ELECTION_2015,
        None,
        name,
        ids[0] if len(ids) == 1 else None,
    )
    builder.add_membership(seat, horizon)
    given, surname = split_name(name, surnames)
    builder.add_name(NameForm(person_id, name, ELECTION_2015, None, "name", given, surname))


def split_name(name: str, known: set[str]) -> tuple[tuple[str, ...], str]:
    """Given names and surname of a full name, using a surname the register already has
    for this person when the name ends with it ("Iain Duncan Smith")."""
    words = norm(name).split()
    for surname in sorted(known, key=len, reverse=True):
        if norm(name).endswith(" " + surname):
            return tuple(words[: -len(surname.split())]), surname
    cut = len(words) - 1
    if cut > 1 and words[cut - 1] in SURNAME_PARTICLES:
        cut -= 1
    return tuple(words[:cut]), " ".join(words[cut:])


def _add_posts(builder: RegisterBuilder, row: dict, person_id: str, horizon: str) -> None:
    """Posts as held in July 2016; those the ministers files already give are skipped."""
    for post in row.get("office") or []:
        role, dept = post.get("position") or "", post.get("dept") or None
        start = iso_date(post.get("from_date"))
        end = iso_date(post.get("to_date"), end=True)
        committee = bool(dept) and role in ("Member", "Chair", "Chairman", "")
        source = "twfy/getMPs/committee" if committee else "twfy/getMPs"
        office = Office(person_id, role or "Member", dept, start, end, source)
        builder.add_office(office, horizon)
