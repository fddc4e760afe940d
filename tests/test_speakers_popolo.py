"""A live deployment downloads parlparse's people.json (Popolo): the register reads it too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.speakers import Register, load_register

MAUDE = "uk.org.publicwhip/person/10423"
MURRAY = "uk.org.publicwhip/person/24872"


def popolo() -> dict:
    """A minimal people.json in the shape of members/schemas/popolo.schema.json."""
    return {
        "persons": [
            {
                "id": MAUDE,
                "identifiers": [{"identifier": "115", "scheme": "datadotparl_id"}],
                "gender": "male",
                "names": [
                    {
                        "given_name": "Francis",
                        "family_name": "Maude",
                        "note": "Main",
                        "end_date": "2015-06-08",
                    },
                    {
                        "honorific_prefix": "Lord",
                        "lordname": "Maude",
                        "lordofname": "Horsham",
                        "note": "Main",
                        "start_date": "2015-06-09",
                    },
                    {"name": "Frank Maude", "note": "Alternate"},
                ],
            },
            {
                "id": MURRAY,
                "identifiers": [{"identifier": "3966", "scheme": "datadotparl_id"}],
                "other_names": [{"given_name": "Ian", "family_name": "Murray", "note": "Main"}],
            },
            {"id": "uk.org.publicwhip/person/99999", "redirect": MAUDE},
        ],
        "organizations": [
            {"id": "conservative", "name": "Conservative", "classification": "party"},
            {"id": "labour", "name": "Labour", "classification": "party"},
            {"id": "house-of-commons", "name": "House of Commons", "classification": "chamber"},
            {"id": "house-of-lords", "name": "House of Lords", "classification": "chamber"},
        ],
        "posts": [
            {
                "id": "uk.org.publicwhip/cons/246",
                "area": {"name": "Horsham"},
                "label": "MP for Horsham",
                "organization_id": "house-of-commons",
                "role": "Member of Parliament",
            },
            {
                "id": "uk.org.publicwhip/cons/219",
                "area": {"name": "Edinburgh South"},
                "label": "MP for Edinburgh South",
                "organization_id": "house-of-commons",
                "role": "Member of Parliament",
            },
        ],
        "memberships": [
            {
                "id": "uk.org.publicwhip/member/40322",
                "person_id": MAUDE,
                "post_id": "uk.org.publicwhip/cons/246",
                "on_behalf_of_id": "conservative",
                "start_date": "2010-05-06",
                "end_date": "2015-03-30",
                "start_reason": "general_election",
            },
            {
                "id": "uk.org.publicwhip/lord/101300",
                "person_id": MAUDE,
                "organization_id": "house-of-lords",
                "on_behalf_of_id": "conservative",
                "start_date": "2015-06-09",
            },
            {
                "id": "uk.org.publicwhip/member/40240",
                "person_id": MURRAY,
                "post_id": "uk.org.publicwhip/cons/219",
                "on_behalf_of_id": "labour",
                "start_date": "2010-05-06",
            },
            {
                "id": "uk.org.publicwhip/moffice/1",
                "person_id": MAUDE,
                "organization_id": "cabinet-office",
                "role": "Minister for the Cabinet Office",
                "start_date": "2010-05-12",
                "end_date": "2015-05-08",
            },
            {"id": "uk.org.publicwhip/member/1", "redirect": "uk.org.publicwhip/member/40322"},
        ],
    }


@pytest.fixture
def register(tmp_path: Path) -> Register:
    path = tmp_path / "people.json"
    path.write_text(json.dumps(popolo()), encoding="utf-8")
    return load_register(path)


def test_popolo_names_seats_and_parties(register: Register) -> None:
    result = register.resolve("Francis Maude", "2011-12-14", house="commons")
    assert result.person_id == MAUDE
    assert (result.party, result.constituency, result.house) == ("Con", "Horsham", "commons")
    murray = register.resolve("Mr Ian Murray MP", "2011-12-14", house="commons")
    assert (murray.person_id, murray.party, murray.constituency) == (
        MURRAY,
        "Lab",
        "Edinburgh South",
    )


def test_popolo_peerage_alternate_names_and_ids(register: Register) -> None:
    lord = register.resolve("Lord Maude of Horsham", "2016-01-12", house="lords")
    assert lord.person_id == MAUDE and lord.house == "lords" and lord.party == "Con"
    assert register.resolve("Frank Maude", "2011-12-14").person_id == MAUDE
    assert register.by_parliament_id(115, "2011-12-14").person_id == MAUDE
    assert register.by_person_id("uk.org.publicwhip/person/99999").person_id == MAUDE
    by_seat = register.by_twfy_member_id("uk.org.publicwhip/member/40322")
    assert by_seat.person_id == MAUDE and by_seat.constituency == "Horsham"


def test_popolo_posts(register: Register) -> None:
    result = register.resolve("The Minister for the Cabinet Office", "2011-12-14", "commons")
    assert result.person_id == MAUDE and result.method == "office"
    assert result.offices == ("Minister for the Cabinet Office",)


def test_popolo_genders_tell_deputies_apart(tmp_path: Path) -> None:
    data = popolo()
    data["persons"][1]["gender"] = "female"  # for this test only: Murray as "Madam"
    for person in (MAUDE, MURRAY):
        data["memberships"].append(
            {
                "id": f"uk.org.publicwhip/moffice/{person[-5:]}",
                "person_id": person,
                "organization_id": "speakers-office",
                "role": "Deputy Speaker",
                "start_date": "2011-01-01",
                "end_date": "2012-01-01",
            }
        )
    path = tmp_path / "people.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    register = load_register(path)
    assert register.resolve("Madam Deputy Speaker", "2011-12-14", "commons").person_id == MURRAY
    assert register.resolve("Mr Deputy Speaker", "2011-12-14", "commons").person_id == MAUDE
    assert register.resolve("The Deputy Speaker", "2011-12-14", "commons").method == "ambiguous"


def test_popolo_through_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "people.json"
    path.write_text(json.dumps(popolo()), encoding="utf-8")
    monkeypatch.setenv("MUTUALS_REGISTER", str(path))
    assert load_register().resolve("Ian Murray", "2012-01-01").person_id == MURRAY
