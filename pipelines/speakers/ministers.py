"""Posts: ministerial, shadow, parliamentary and committee, from parlparse's ministers files.

ministers-2010.json (data.parliament posts, with careers before 2010) is the fullest
and newest source; ministers.json holds parlparse's own pre-2010 offices, with the
department as the organisation; ministers-2010.xml is the older XML form of the first
and is used only for posts the JSON lacks. A post recorded with no end is "still in
post" only as of the day its file was made; that date travels with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from pipelines.speakers.builder import RegisterBuilder
from pipelines.speakers.files import iso_date, latest_date, read_json, read_xml
from pipelines.speakers.model import Office, RegisterError

CHAMBERS = {"house-of-commons", "house-of-lords", "parliament"}
DATA_PARLIAMENT = "uk.parliament.data/Member/"


def _is_committee(source: str, role: str | None, organisation: str | None) -> bool:
    if source.endswith("committee"):
        return True
    return "committee" in (organisation or "").lower() and role in (None, "", "Chairman", "Chair")


def load_ministers_json(builder: RegisterBuilder, path: Path, seen: set[str]) -> None:
    """Posts from a Popolo-style ministers file ({"memberships", "organizations"})."""
    data = read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("memberships"), list):
        raise RegisterError(f"malformed register file {path}: no memberships list")
    names = {o.get("id"): o.get("name") for o in data.get("organizations", []) if o}
    records = [m for m in data["memberships"] if isinstance(m, dict)]
    horizon = latest_date([m.get(k) for m in records for k in ("start_date", "end_date")])
    for record in records:
        person_id = builder.redirects.get(record.get("person_id"), record.get("person_id"))
        if not person_id or not builder.known_person(person_id) or record.get("id") in seen:
            continue
        seen.add(record.get("id") or "")
        _note_parliament_id(builder, person_id, record.get("id") or "")
        builder.add_office(_json_office(record, person_id, names), horizon)
    builder.sources.append(str(path))


def _json_office(record: dict[str, Any], person_id: str, names: dict[str, str]) -> Office:
    organisation_id = record.get("organization_id")
    organisation = names.get(organisation_id) or organisation_id
    role = record.get("role")
    source = record.get("source") or "parlparse/ministers"
    start, end = iso_date(record.get("start_date")), iso_date(record.get("end_date"), end=True)
    if _is_committee(source, role, organisation):
        committee_source = source if source.endswith("committee") else f"{source}/committee"
        return Office(person_id, role or "Member", organisation, start, end, committee_source)
    department = None if organisation_id in CHAMBERS else organisation
    return Office(person_id, role or organisation or "", department, start, end, source)


def _note_parliament_id(builder: RegisterBuilder, person_id: str, record_id: str) -> None:
    if record_id.startswith(DATA_PARLIAMENT):
        number = record_id[len(DATA_PARLIAMENT) :].split("/", 1)[0]
        if number.isdigit():
            builder.person(person_id).parliament_ids.add(int(number))


def load_ministers_xml(builder: RegisterBuilder, path: Path, seen: set[str]) -> None:
    """Posts from ministers-2010.xml that the JSON files did not already give."""
    offices = list(read_xml(path).iter("moffice"))
    horizon = latest_date([o.get(k) for o in offices for k in ("fromdate", "todate")])
    for office in offices:
        office_id = office.get("id") or ""
        person_id = builder.member_person.get(office.get("matchid") or "")
        if not person_id or office_id in seen:
            continue
        seen.add(office_id)
        builder.add_office(_xml_office(office, person_id), horizon)
    builder.sources.append(str(path))


def _xml_office(office: etree._Element, person_id: str) -> Office:
    source = office.get("source") or f"parlparse/{office.get('type') or 'post'}"
    position, dept = office.get("position") or "", office.get("dept") or None
    start, end = iso_date(office.get("fromdate")), iso_date(office.get("todate"), end=True)
    if _is_committee(source, position, dept) or office.get("type") == "committee":
        return Office(person_id, position or "Member", dept, start, end, source)
    return Office(person_id, position or dept or "", dept, start, end, source)


def load_ministers_folder(builder: RegisterBuilder, folder: Path) -> None:
    """Whichever ministers files a folder has, newest and fullest first."""
    seen: set[str] = set()
    for name in ("ministers-2010.json", "ministers.json"):
        if (folder / name).exists():
            load_ministers_json(builder, folder / name, seen)
    if (folder / "ministers-2010.xml").exists():
        load_ministers_xml(builder, folder / "ministers-2010.xml", seen)
