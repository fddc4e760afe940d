"""The speaker register on the recorded parlparse register: the issue's examples and more."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from pipelines.speakers import Register, RegisterError, Resolution, load_register

MAUDE = "uk.org.publicwhip/person/10423"
MURRAY = "uk.org.publicwhip/person/24872"
CLEGG = "uk.org.publicwhip/person/11812"
CAMERON = "uk.org.publicwhip/person/10777"
BROWN = "uk.org.publicwhip/person/10068"  # Gordon Brown
NICK_BROWN = "uk.org.publicwhip/person/10069"
BERCOW = "uk.org.publicwhip/person/10040"
PRIMAROLO = "uk.org.publicwhip/person/10489"
DUNCAN_SMITH = "uk.org.publicwhip/person/10180"
COFFEY = "uk.org.publicwhip/person/24771"
DAY = "2011-12-14"  # Cabinet Office questions: "Employee Mutuals"
MAUDE_POST = "The Paymaster General and Minister for the Cabinet Office"


@pytest.fixture(scope="module")
def register(corpus: Path) -> Register:
    return load_register(corpus / "members")


def resolves_to(result: Resolution, person_id: str) -> bool:
    return result.person_id == person_id and result.confidence > 0 and not result.candidates


# -- the examples: one man behind every form -------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Francis Maude",
        "Mr Francis Maude",
        "Rt Hon Francis Maude MP",
        "The Rt. Hon. Francis Maude",
        "The Minister for the Cabinet Office (Mr Francis Maude)",
        "The Paymaster General and Minister for the Cabinet Office",
        "The Minister for the Cabinet Office and Paymaster General",
        "The Minister for the Cabinet Office",
        "The Paymaster General",
        "Mr Maude (Horsham)",
        "The hon. Member for Horsham",
        "Mr. Maude:",
    ],
)
def test_every_printed_form_of_francis_maude(register: Register, label: str) -> None:
    assert resolves_to(register.resolve(label, DAY, house="commons"), MAUDE)


def test_maude_on_the_day_carries_party_seat_and_office(register: Register) -> None:
    result = register.resolve("The Minister for the Cabinet Office (Mr Francis Maude)", DAY)
    assert (result.name, result.party, result.constituency, result.house) == (
        "Francis Maude",
        "Con",
        "Horsham",
        "commons",
    )
    assert MAUDE_POST in result.offices
    assert result.method == "office+name" and result.confidence >= 0.95


def test_maude_by_ids(register: Register) -> None:
    by_hansard = register.by_parliament_id(115, DAY)
    assert resolves_to(by_hansard, MAUDE) and by_hansard.method == "parliament_id"
    assert by_hansard.party == "Con" and MAUDE_POST in by_hansard.offices
    assert resolves_to(register.by_parliament_id("115"), MAUDE)
    by_person = register.by_person_id(MAUDE, DAY)
    assert resolves_to(by_person, MAUDE) and by_person.constituency == "Horsham"
    assert resolves_to(register.by_person_id("10423", DAY), MAUDE)
    by_seat = register.by_twfy_member_id("uk.org.publicwhip/member/40322")
    assert resolves_to(by_seat, MAUDE) and by_seat.constituency == "Horsham"


def test_old_member_ids_were_per_seat_not_per_person(register: Register) -> None:
    """Maude's 1997 seat id still finds him, with the seat he held on the day asked."""
    old = register.by_twfy_member_id("uk.org.publicwhip/member/1104", DAY)
    assert resolves_to(old, MAUDE) and old.constituency == "Horsham" and old.party == "Con"
    assert register.by_twfy_member_id("member/40322").person_id == MAUDE


def test_mr_maude_alone_is_unique_on_the_day(register: Register) -> None:
    """Only one Maude sat in 2011, so the surname alone is enough (with less confidence)."""
    alone = register.resolve("Mr Maude", DAY, house="commons")
    assert resolves_to(alone, MAUDE) and alone.method == "surname"
    assert alone.confidence < register.resolve("Francis Maude", DAY).confidence
    with_context = register.resolve("Mr Maude", DAY, house="commons", context=[MURRAY, MAUDE])
    assert resolves_to(with_context, MAUDE)


def test_person_and_office_dates(register: Register) -> None:
    assert [o.role for o in register.offices_on(MAUDE, DAY) if o.role == MAUDE_POST]
    assert register.membership_on(MAUDE, DAY).constituency == "Horsham"
    assert register.membership_on(MAUDE, DAY, house="lords") is None
    assert register.people[MAUDE].name == "Francis Maude"
    assert 115 in register.people[MAUDE].parliament_ids


def test_ian_murray(register: Register) -> None:
    result = register.resolve("Ian Murray", DAY, house="commons")
    assert resolves_to(result, MURRAY)
    assert (result.party, result.constituency) == ("Lab", "Edinburgh South")
    assert resolves_to(register.by_twfy_member_id("uk.org.publicwhip/member/40240", DAY), MURRAY)


# -- offices on the day -----------------------------------------------------------------


@pytest.mark.parametrize("day", ["2010-06-01", "2011-03-01", DAY, "2014-07-15"])
def test_deputy_prime_minister_in_the_coalition(register: Register, day: str) -> None:
    assert resolves_to(register.resolve("The Deputy Prime Minister", day, house="commons"), CLEGG)


def test_prime_minister_changes_with_the_date(register: Register) -> None:
    assert resolves_to(register.resolve("The Prime Minister", "2009-10-28", "commons"), BROWN)
    assert resolves_to(register.resolve("The Prime Minister", "2011-10-26", "commons"), CAMERON)


def test_an_office_past_the_registers_knowledge_is_not_guessed(register: Register) -> None:
    """The posts file was made in 2020: who was PM in 2023 is not something it knows."""
    result = register.resolve("The Prime Minister", "2023-03-28", house="commons")
    assert result.person_id is None and "ends before" in result.reason


def test_speaker_and_deputies(register: Register) -> None:
    for label in ("Mr Speaker", "Mr. Speaker", "The Speaker"):
        assert resolves_to(register.resolve(label, DAY, house="commons"), BERCOW)
    deputy = register.resolve("Madam Deputy Speaker", DAY, house="commons")
    assert deputy.person_id is None and deputy.method == "ambiguous"
    assert PRIMAROLO in deputy.candidates  # three deputies; the register has no MPs' genders
    named = register.resolve("Madam Deputy Speaker (Dawn Primarolo)", DAY, house="commons")
    assert resolves_to(named, PRIMAROLO) and named.method == "office+name"


def test_presiding_officers_are_not_picked_from_context(register: Register) -> None:
    result = register.resolve("Mr Deputy Speaker", DAY, house="commons", context=[PRIMAROLO])
    assert result.person_id is None


# -- namesakes, constituencies, peers ----------------------------------------------------


def test_same_surname_needs_context(register: Register) -> None:
    alone = register.resolve("Mr Brown", DAY, house="commons")
    assert alone.person_id is None and alone.method == "ambiguous"
    assert {BROWN, NICK_BROWN} <= set(alone.candidates)
    assert "could be any of" in alone.reason
    earlier = [register.resolve("Nick Brown", DAY, house="commons")]
    picked = register.resolve("Mr Brown", DAY, house="commons", context=earlier)
    assert resolves_to(picked, NICK_BROWN) and picked.method == "surname+context"
    by_id = register.resolve("Mr Brown", DAY, house="commons", context=[MURRAY, NICK_BROWN])
    assert resolves_to(by_id, NICK_BROWN)


def test_name_with_constituency_separates_namesakes(register: Register) -> None:
    result = register.resolve("Mr Brown (Newcastle upon Tyne East)", DAY, house="commons")
    assert resolves_to(result, NICK_BROWN) and result.method == "name+constituency"
    both = register.resolve("Angela Smith", "2009-10-27", house="commons")
    assert both.method == "ambiguous" and len(both.candidates) == 2
    one = register.resolve("Angela Smith (Basildon)", "2009-10-27", house="commons")
    assert one.person_id in both.candidates and one.constituency == "Basildon"


def test_wrong_name_for_the_seat_is_not_accepted(register: Register) -> None:
    result = register.resolve("Mr Brown (Horsham)", DAY, house="commons")
    assert result.person_id is None and "held the seat" in result.reason


@pytest.mark.parametrize(
    ("label", "day", "name"),
    [
        ("Lord McNally", DAY, "Lord McNally"),
        ("Baroness Hanham", DAY, "Baroness Hanham"),
        ("Lord McNally of Blackpool", DAY, "Lord McNally"),
        ("The Minister of State, Ministry of Justice (Lord McNally)", DAY, "Lord McNally"),
        ("The Lord Bishop of Winchester", "2009-10-28", "Bishop of Winchester"),
        ("The Earl of Onslow", "2009-10-28", "Earl of Onslow"),
        ("Earl of Onslow", "2009-10-28", "Earl of Onslow"),
    ],
)
def test_peers_titles(register: Register, label: str, day: str, name: str) -> None:
    result = register.resolve(label, day, house="lords")
    assert result.person_id is not None and result.house == "lords", result
    assert result.name == name


def test_a_dead_peer_is_not_found(register: Register) -> None:
    """The Earl of Onslow died in 2011: after that, no seat and no answer."""
    result = register.resolve("The Earl of Onslow", DAY, house="lords")
    assert result.person_id is None and "no seat" in result.reason


def test_peer_short_title_is_ambiguous_without_the_territorial_part(register: Register) -> None:
    result = register.resolve("Lord Hunt", DAY, house="lords")
    assert result.method == "ambiguous" and len(result.candidates) >= 2
    kings_heath = register.resolve("Lord Hunt of Kings Heath", DAY, house="lords")
    picked = register.resolve("Lord Hunt", DAY, house="lords", context=[kings_heath])
    assert picked.person_id == kings_heath.person_id


def test_a_peer_is_not_found_in_the_commons(register: Register) -> None:
    result = register.resolve("Baroness Hanham", DAY, house="commons")
    assert result.person_id is None and "no seat in the commons" in result.reason


def test_familiar_forms_and_middle_names(register: Register) -> None:
    assert resolves_to(register.resolve("Nick Clegg", DAY, house="commons"), CLEGG)
    assert resolves_to(register.resolve("Nicholas Clegg", DAY, house="commons"), CLEGG)
    mcdonnell = register.resolve("John Martin McDonnell", DAY, house="commons")
    assert mcdonnell.person_id is not None and mcdonnell.name == "John McDonnell"
    assert resolves_to(register.resolve("Mr Duncan Smith", DAY, "commons"), DUNCAN_SMITH)


@pytest.mark.parametrize("label", ["Therese Coffey", "Thérèse Coffey", "Th&#233;r&#232;se Coffey"])
def test_accents_and_entities(register: Register, label: str) -> None:
    assert resolves_to(register.resolve(label, DAY, house="commons"), COFFEY)


# -- saying "unsure" instead of guessing -------------------------------------------------


def test_unknown_name_is_unresolved_with_a_reason(register: Register) -> None:
    result = register.resolve("Zaphod Beeblebrox", DAY, house="commons")
    assert result.person_id is None and result.method == "unresolved" and result.reason


def test_date_outside_every_membership_is_unresolved(register: Register) -> None:
    result = register.resolve("Francis Maude", "1970-01-01", house="commons")
    assert result.person_id is None and "no seat" in result.reason
    assert register.resolve("Francis Maude", "not a date").person_id is None
    assert register.resolve("", DAY).person_id is None
    assert register.resolve(None, DAY).person_id is None


def test_collective_labels_name_nobody(register: Register) -> None:
    for label in ("Hon. Members", "Several hon. Members", "Noble Lords"):
        assert register.resolve(label, DAY).person_id is None


def test_a_given_name_that_fits_nobody_is_not_dropped(register: Register) -> None:
    """ "Stephen Maude" is not "Mr Maude": a printed first name must fit."""
    result = register.resolve("Stephen Maude", DAY, house="commons")
    assert result.person_id is None


def test_later_intakes_are_unresolved_not_matched_to_someone_else(register: Register) -> None:
    """Members first elected in 2017 and 2019 (names from the 2020 TWFY files)."""
    for label in ("Laura Farris", "Imran Ahmad Khan", "Sarah Jones", "Ben Everitt"):
        result = register.resolve(label, "2020-12-17", house="commons")
        assert result.person_id is None, (label, result)


def test_unknown_ids_are_unresolved(register: Register) -> None:
    assert register.by_parliament_id(999999).person_id is None
    assert register.by_twfy_member_id("uk.org.publicwhip/member/1").person_id is not None
    assert register.by_twfy_member_id("uk.org.publicwhip/member/99999999").person_id is None
    assert register.by_person_id("uk.org.publicwhip/person/1").person_id is None


# -- the register itself -----------------------------------------------------------------


def test_register_is_loaded_once_per_path(corpus: Path, register: Register) -> None:
    assert load_register(corpus / "members") is register
    assert load_register(str(corpus / "members")) is register


def test_env_var_selects_the_register(
    corpus: Path, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUTUALS_REGISTER", str(corpus / "members"))
    assert load_register() is register


def test_2015_intake_comes_from_getmps(register: Register) -> None:
    """TheyWorkForYou's July 2016 getMPs names the 2015 intake with person ids."""
    result = register.resolve("Stuart McDonald", "2016-05-10", house="commons")
    assert result.person_id == "uk.org.publicwhip/person/25301" and result.party == "SNP"
    maude_2016 = register.resolve("Francis Maude", "2016-05-10", house="commons")
    assert maude_2016.person_id is None  # he stood down in 2015


def test_missing_register_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="not found") as error:
        load_register(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(error.value)
    with pytest.raises(RegisterError, match=r"people\.json"):
        load_register(tmp_path / "people.json")


def test_malformed_xml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "people.xml").write_text("<publicwhip><person id=", encoding="iso-8859-1")
    with pytest.raises(RegisterError, match=r"people\.xml"):
        load_register(tmp_path)


def test_malformed_commons_list_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "people.xml").write_text(
        '<publicwhip><person id="uk.org.publicwhip/person/1" latestname="A B">'
        '<office id="uk.org.publicwhip/member/1"/></person></publicwhip>',
        encoding="iso-8859-1",
    )
    with pytest.raises(RegisterError, match="all-members"):
        load_register(tmp_path)  # no Commons list at all
    (tmp_path / "all-members.xml").write_text("<publicwhip><member", encoding="iso-8859-1")
    with pytest.raises(RegisterError, match=r"all-members\.xml"):
        load_register(tmp_path)


def test_malformed_json_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "people.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(RegisterError, match=r"people\.json"):
        load_register(tmp_path / "people.json")
    (tmp_path / "other.json").write_text('{"persons": 3}', encoding="utf-8")
    with pytest.raises(RegisterError, match=r"other\.json"):
        load_register(tmp_path / "other.json")


# -- inputs in other shapes, and posts the register can no longer vouch for -------------


def test_dates_and_houses_in_other_shapes(register: Register) -> None:
    day = datetime.date(2011, 12, 14)
    assert register.resolve("Francis Maude", day, house="House of Commons").person_id == MAUDE
    assert register.resolve("Lord McNally", day, house="House of Lords").person_id is not None
    assert register.membership_on(MAUDE, "garbage") is None
    assert "not a date" in register.by_person_id(MAUDE, "garbage").reason


def test_committees_are_posts_but_not_resolution_offices(register: Register) -> None:
    committees = [o for o in register.offices if (o.source or "").endswith("committee")]
    assert committees and all(o.department for o in committees[:100])
    evans = "uk.org.publicwhip/person/10190"  # a Deputy Speaker who also sat on committees
    result = register.by_person_id(evans, DAY)
    assert all("Committee" not in role for role in result.offices)


def test_posts_are_not_claimed_past_their_sources_date(register: Register) -> None:
    """Hoyle was Speaker from 2019 in the 2020 posts file; after that file, nothing is said."""
    hoyle = "uk.org.publicwhip/person/10295"
    assert register.by_person_id(hoyle, "2020-06-15").offices == (
        "Speaker of the House of Commons",
    )
    later = register.by_person_id(hoyle, "2023-03-28")
    assert later.offices == () and "presumed" in later.reason


def test_a_government_answer_rules_out_namesakes_without_a_post(register: Register) -> None:
    plain = register.resolve("Angela Smith", "2009-10-27", house="commons")
    assert plain.person_id is None and len(plain.candidates) == 2
    answer = register.resolve("Angela Smith", "2009-10-27", house="commons", role="minister")
    assert answer.person_id == "uk.org.publicwhip/person/10546"  # Basildon, Third Sector
    assert answer.method.endswith("+minister")


def test_the_answering_department_separates_two_ministers(register: Register) -> None:
    both = register.resolve("Michael Foster", "2009-10-29", house="commons", role="minister")
    assert both.person_id is None  # each held a government post that day
    dfid = register.resolve(
        "Michael Foster",
        "2009-10-29",
        "commons",
        role="minister",
        department="International Development",
    )
    assert dfid.person_id == "uk.org.publicwhip/person/10209"
