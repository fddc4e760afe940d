"""The parlparse XML register: people.xml, all-members*.xml, peers-ucl.xml and aliases.

people.xml ties the per-seat ids (member/N, lord/N, data.parliament posts) to one
person id. Seats carry the name they were held under, so name forms get the seat's
dates for free. Two corrections are made while reading, both general:

- A Commons seat recorded as "still in office" ends at the next general election the
  register knows of (a seat is vacated at dissolution; older files were made before
  the election that ended them).
- An alias naming an office ("The Prime Minister") with no end date is trusted only
  up to the date the alias file was made, because the office has since changed hands.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from lxml import etree

from pipelines.speakers.builder import NameForm, RegisterBuilder
from pipelines.speakers.files import iso_date, latest_date, read_xml, require
from pipelines.speakers.model import Membership, RegisterError
from pipelines.speakers.names import PEER_TITLES, norm
from pipelines.speakers.titles import OFFICE_HEADS

OPEN = "9999-12-31"
DATA_PARLIAMENT = "uk.parliament.data/Member/"


def load_people(builder: RegisterBuilder, path: Path) -> None:
    """Person ids, latest names, and which seat and post ids belong to whom."""
    for person in read_xml(path).iter("person"):
        person_id = require(person, "id", path)
        draft = builder.person(person_id, person.get("latestname"))
        for office in person.iter("office"):
            office_id = office.get("id") or ""
            if office_id.startswith(DATA_PARLIAMENT):
                number = office_id[len(DATA_PARLIAMENT) :].split("/", 1)[0]
                if number.isdigit():
                    draft.parliament_ids.add(int(number))
            elif office_id:
                builder.member_person[office_id] = person_id
    builder.sources.append(str(path))


def load_commons(builder: RegisterBuilder, paths: list[Path]) -> None:
    """Commons seats from all-members*.xml, with stale open ends closed (see module doc)."""
    rows = []
    for path in paths:
        rows += [(path, m) for m in read_xml(path).iter("member")]
        builder.sources.append(str(path))
    elections = sorted(
        {m.get("fromdate") for _, m in rows if m.get("fromwhy") == "general_election"} - {None}
    )
    dates = [m.get(a) for _, m in rows for a in ("fromdate", "todate")]
    builder.horizons["parlparse"] = latest_date(dates) or ""
    for path, member in rows:
        _add_commons_seat(builder, path, member, elections)


def _add_commons_seat(
    builder: RegisterBuilder, path: Path, member: etree._Element, elections: list[str]
) -> None:
    member_id = require(member, "id", path)
    person_id = builder.member_person.get(member_id)
    if person_id is None:
        return  # a seat people.xml does not place: nobody to attach it to
    start = iso_date(member.get("fromdate"))
    end = iso_date(member.get("todate"), end=True) or _next_election_eve(start, elections)
    first, last = member.get("firstname") or "", member.get("lastname") or ""
    name = f"{first} {last}".strip()
    parliament_id = member.get("datadotparl_id") or _only_id(builder, person_id)
    seat = Membership(
        person_id,
        member_id,
        member.get("house") or "commons",
        member.get("party") or None,
        member.get("constituency") or None,
        start,
        end,
        name,
        int(parliament_id) if str(parliament_id or "").isdigit() else None,
    )
    builder.add_membership(seat, builder.horizons.get("parlparse"))
    given = tuple(norm(first).split())
    builder.add_name(NameForm(person_id, name, start, end, "name", given, norm(last)))


def _only_id(builder: RegisterBuilder, person_id: str) -> int | None:
    """The person's Members API id, for seats the file gives none (one id per person)."""
    ids = builder.person(person_id).parliament_ids
    return next(iter(ids)) if len(ids) == 1 else None


def _next_election_eve(start: str | None, elections: list[str]) -> str | None:
    later = [e for e in elections if start and e > start]
    if not later:
        return None
    return (date.fromisoformat(later[0]) - timedelta(days=1)).isoformat()


def peer_name(lord: etree._Element) -> str:
    """ "Lord Hunt of Kings Heath", "Baroness Hanham", "Bishop of Winchester"."""
    title, name, of = (lord.get(a) or "" for a in ("title", "lordname", "lordofname"))
    text = f"{title} {name}".strip() if name else title
    return f"{text} of {of}" if of else text


def load_lords(builder: RegisterBuilder, path: Path) -> None:
    """Peers' seats and the forms of their titles."""
    for lord in read_xml(path).iter("lord"):
        member_id = require(lord, "id", path)
        person_id = builder.member_person.get(member_id)
        if person_id is None:
            continue
        _add_peer(builder, lord, member_id, person_id)
    builder.sources.append(str(path))


def _add_peer(builder: RegisterBuilder, lord: etree._Element, member_id: str, pid: str) -> None:
    name = peer_name(lord)
    start, end = iso_date(lord.get("fromdate")), iso_date(lord.get("todate"), end=True)
    title = (lord.get("title") or "").lower()
    party, number = lord.get("affiliation") or None, _only_id(builder, pid)
    seat = Membership(pid, member_id, "lords", party, None, start, end, name, number)
    builder.add_membership(seat, builder.horizons.get("parlparse"))
    builder.person(pid).gender = builder.person(pid).gender or PEER_TITLES.get(title)
    short = f"{title} {norm(lord.get('lordname'))}" if lord.get("lordofname") else ""
    builder.add_name(NameForm(pid, name, start, end, "peer", peer_short=short))
    full_of = lord.get("lordofname_full")
    if lord.get("lordname") and not lord.get("lordofname") and full_of:
        builder.add_name(NameForm(pid, f"{name} of {full_of}", start, end, "alias"))


def load_aliases(builder: RegisterBuilder, path: Path) -> None:
    """member-aliases.xml / peers-aliases.xml: other spellings, offices, constituency keys."""
    by_name, by_seat, by_surname = _alias_targets(builder)
    horizon = builder.horizons.get("parlparse")
    for alias in read_xml(path).iter("alias"):
        alternate = alias.get("alternate")
        if not alternate:
            continue
        start, end = iso_date(alias.get("from")), iso_date(alias.get("to"), end=True)
        office = _names_an_office(alternate)
        end = horizon if end is None and office else end
        if alias.get("fullname"):
            for pid in by_name.get(norm(alias.get("fullname")), ()):
                builder.add_name(NameForm(pid, alternate, start, end, "alias"), not office)
        elif alias.get("constituency"):
            _seat_alias(builder, by_seat, alias, alternate, start, end)
        elif alias.get("lastname"):
            for form in by_surname.get(norm(alias.get("lastname")), ()):
                builder.names.append(_renamed(form, surname=norm(alternate)))
    builder.sources.append(str(path))


def _alias_targets(
    builder: RegisterBuilder,
) -> tuple[dict[str, set[str]], dict[str, list[Membership]], dict[str, list[NameForm]]]:
    """Who an alias can point at: by full name, by constituency, by surname."""
    by_name: dict[str, set[str]] = defaultdict(set)
    by_surname: dict[str, list[NameForm]] = defaultdict(list)
    for form in builder.names:
        by_name[norm(form.text)].add(form.person_id)
        if form.surname:
            by_surname[form.surname].append(form)
    by_seat: dict[str, list[Membership]] = defaultdict(list)
    for seat in builder.memberships:
        by_seat[norm(seat.constituency)].append(seat)
    return by_name, by_seat, by_surname


def _seat_alias(
    builder: RegisterBuilder,
    by_seat: dict[str, list[Membership]],
    alias: etree._Element,
    alternate: str,
    start: str | None,
    end: str | None,
) -> None:
    """An alias valid for whoever held a constituency then ("Angela C Smith")."""
    for seat in by_seat.get(norm(alias.get("constituency")), ()):
        lo = max(start or "", seat.start or "")
        hi = min(end or OPEN, seat.end or OPEN)
        if lo <= hi:
            window_end = None if hi == OPEN else hi
            builder.add_name(NameForm(seat.person_id, alternate, lo or None, window_end, "alias"))


def _renamed(form: NameForm, surname: str) -> NameForm:
    return NameForm(form.person_id, form.text, form.start, form.end, "alias", form.given, surname)


def _names_an_office(text: str) -> bool:
    words = norm(text).split()
    return bool(words) and (words[0] == "the" or words[0] in OFFICE_HEADS)


def load_parlparse_folder(builder: RegisterBuilder, folder: Path) -> None:
    """The XML set in a folder; people.xml and a Commons list are required, the rest optional."""
    load_people(builder, folder / "people.xml")
    commons = sorted(folder.glob("all-members*.xml"))
    if not commons:
        raise RegisterError(f"register file not found: {folder / 'all-members.xml'}")
    load_commons(builder, commons)
    if (folder / "peers-ucl.xml").exists():
        load_lords(builder, folder / "peers-ucl.xml")
    for name in ("member-aliases.xml", "peers-aliases.xml"):
        if (folder / name).exists():
            load_aliases(builder, folder / name)
