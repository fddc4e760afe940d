"""parlparse's current people.json (Popolo), which is what a live deployment downloads.

Persons carry their names (with date windows), identifiers (datadotparl_id is the
Members API id) and gender; memberships join a person to a post (a constituency of a
chamber) or to a chamber directly (the Lords), on behalf of a party. Memberships with a
role and no chamber are posts. Merged people appear as redirects, which are followed.
ministers*.json files next to people.json are read for posts as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipelines.speakers.builder import NameForm, RegisterBuilder
from pipelines.speakers.files import iso_date, latest_date, read_json
from pipelines.speakers.ministers import load_ministers_folder
from pipelines.speakers.model import Membership, Office, RegisterError
from pipelines.speakers.names import PEER_TITLES, norm, party_code

HOUSES = {
    "house-of-commons": "commons",
    "house-of-lords": "lords",
    "scottish-parliament": "scotland",
    "northern-ireland-assembly": "ni",
    "welsh-parliament": "wales",
    "national-assembly-for-wales": "wales",
    "senedd": "wales",
    "london-assembly": "london",
    "crown": "royal",
}
PARLIAMENT_ID_SCHEMES = {"datadotparl_id", "parliament_id", "members_api_id"}
SEAT_ID = ("uk.org.publicwhip/member/", "uk.org.publicwhip/lord/")


def load_popolo(builder: RegisterBuilder, path: Path) -> None:
    """People, names, seats and posts from a Popolo people.json, then sibling ministers files."""
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("persons"), list):
        raise RegisterError(f"malformed register file {path}: no persons list")
    horizon = latest_date(_all_dates(data)) or ""
    builder.horizons["popolo"] = horizon
    for person in data["persons"]:
        _add_person(builder, person, path)
    posts = {p.get("id"): p for p in data.get("posts") or [] if isinstance(p, dict)}
    names = {o.get("id"): o.get("name") for o in data.get("organizations") or [] if o}
    for record in data.get("memberships") or []:
        if isinstance(record, dict) and "redirect" not in record:
            _add_membership(builder, record, posts, names, horizon)
    builder.sources.append(str(path))
    load_ministers_folder(builder, path.parent)


def _all_dates(data: dict[str, Any]) -> list[str | None]:
    records = [m for m in data.get("memberships") or [] if isinstance(m, dict)]
    return [m.get(k) for m in records for k in ("start_date", "end_date")]


def _add_person(builder: RegisterBuilder, person: Any, path: Path) -> None:
    if not isinstance(person, dict) or not person.get("id"):
        raise RegisterError(f"malformed register file {path}: a person without an id")
    if person.get("redirect"):
        builder.redirects[person["id"]] = person["redirect"]
        return
    person_id = person["id"]
    names = [n for n in (person.get("names") or person.get("other_names") or []) if n]
    main = [n for n in names if n.get("note", "Main") == "Main"]
    draft = builder.person(person_id, _display(main[-1]) if main else None)
    draft.gender = _gender(person.get("gender")) or draft.gender
    for identifier in person.get("identifiers") or []:
        value = str(identifier.get("identifier", ""))
        if identifier.get("scheme") in PARLIAMENT_ID_SCHEMES and value.isdigit():
            draft.parliament_ids.add(int(value))
    for name in names:
        _add_name(builder, person_id, name)


def _gender(value: str | None) -> str | None:
    value = (value or "").lower()
    return value if value in ("male", "female") else None


def _display(name: dict[str, Any]) -> str:
    """ "Francis Maude", "Lord Maude of Horsham", or an alternate name as written."""
    if name.get("lordname") or name.get("lordofname"):
        title = name.get("honorific_prefix") or "Lord"
        text = f"{title} {name.get('lordname') or ''}".strip()
        return f"{text} of {name['lordofname']}" if name.get("lordofname") else text
    if name.get("family_name"):
        return f"{name.get('given_name') or ''} {name['family_name']}".strip()
    return name.get("name") or ""


def _add_name(builder: RegisterBuilder, person_id: str, name: dict[str, Any]) -> None:
    text = _display(name)
    if not text:
        return
    start = iso_date(name.get("start_date"))
    end = iso_date(name.get("end_date"), end=True)
    if name.get("lordname") or name.get("lordofname"):
        title = norm(name.get("honorific_prefix") or "lord")
        if title in PEER_TITLES:
            builder.person(person_id).gender = (
                builder.person(person_id).gender or PEER_TITLES[title]
            )
        short = f"{title} {norm(name.get('lordname'))}" if name.get("lordofname") else ""
        builder.add_name(NameForm(person_id, text, start, end, "peer", peer_short=short))
    elif name.get("family_name"):
        given = tuple(norm(name.get("given_name")).split())
        form = NameForm(person_id, text, start, end, "name", given, norm(name["family_name"]))
        builder.add_name(form)
    else:
        builder.add_name(NameForm(person_id, text, start, end, "alias"))


def _add_membership(
    builder: RegisterBuilder,
    record: dict[str, Any],
    posts: dict[str, Any],
    names: dict[str, str],
    horizon: str,
) -> None:
    person_id = builder.redirects.get(record.get("person_id"), record.get("person_id"))
    if not person_id or not builder.known_person(person_id):
        return
    post = posts.get(record.get("post_id")) or {}
    organisation = post.get("organization_id") or record.get("organization_id")
    start, end = iso_date(record.get("start_date")), iso_date(record.get("end_date"), end=True)
    if organisation not in HOUSES:
        if record.get("role"):
            department = names.get(organisation)
            office = Office(person_id, record["role"], department, start, end, "popolo")
            builder.add_office(office, horizon)
        return
    seat_id = record.get("id") if str(record.get("id", "")).startswith(SEAT_ID) else None
    party = party_code(names.get(record.get("on_behalf_of_id")) or record.get("on_behalf_of_id"))
    area = (post.get("area") or {}).get("name")
    ids = sorted(builder.person(person_id).parliament_ids)
    name = builder.drafts[person_id].name
    seat = Membership(
        person_id,
        seat_id,
        HOUSES[organisation],
        party,
        area,
        start,
        end,
        name,
        ids[0] if len(ids) == 1 else None,
    )
    builder.add_membership(seat, horizon)
