"""Name and office-title normalisation: the pure functions the resolver's lookups rest on."""

from __future__ import annotations

import pytest

from pipelines.speakers.names import given_match, is_collective, name_text, norm, party_code
from pipelines.speakers.resolver import parse_label, split_brackets
from pipelines.speakers.titles import office_key, role_keys, split_offices


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Th&amp;#233;r&amp;#232;se Coffey", "therese coffey"),
        ("Lembit Öpik", "lembit opik"),
        ("Mr. Stephen O'Brien", "mr stephen obrien"),
        ("Hackney North & Stoke Newington", "hackney north and stoke newington"),
        ("Anne-Marie Morris", "anne marie morris"),
    ],
)
def test_norm(text: str, expected: str) -> None:
    assert norm(text) == expected


def test_honorifics_and_letters() -> None:
    text = name_text("The Rt Hon Sir Peter Tapsell MP QC")
    assert (text.bare, text.gender, text.has_prefix) == ("peter tapsell", "male", True)
    assert name_text("Madam Deputy Speaker").bare == "deputy speaker"
    assert name_text("Madam Deputy Speaker").gender == "female"
    assert name_text("The Lord Bishop of Winchester").full == "bishop of winchester"


def test_collective() -> None:
    assert is_collective("Several hon. Members") and is_collective("Noble Lords")
    assert not is_collective("Mr Members")  # not a real name, but not a group either


def test_given_names() -> None:
    assert given_match("nick", ("nicholas",)) == 2
    assert given_match("f", ("francis",)) == 1
    assert given_match("francis", ("francis",)) == 3
    assert given_match("stephen", ("francis",)) == 0


def test_parties() -> None:
    assert party_code("Conservative") == "Con" and party_code("Sinn Féin") == "SF"
    assert party_code("Lab/Co-op") == "Lab/Co-op" and party_code(None) is None


def test_office_keys_meet_in_the_middle() -> None:
    printed = office_key("The Parliamentary Under-Secretary of State for the Home Department")
    assert printed in role_keys("Parliamentary Under-Secretary (Home Office) (Crime Reduction)")
    assert office_key("The Minister of State, Department of Health") in role_keys(
        "Minister of State", "Department of Health"
    )
    assert office_key("Mr Speaker".removeprefix("Mr ")) in role_keys(
        "Speaker of the House of Commons"
    )
    assert "minister state" not in role_keys("Minister of State")  # says nothing alone


def test_joint_titles_split_only_between_posts() -> None:
    assert split_offices("The Deputy Prime Minister and Lord President of the Council") == [
        "The Deputy Prime Minister",
        "Lord President of the Council",
    ]
    assert split_offices("Secretary of State for Environment, Food and Rural Affairs") == []


def test_brackets() -> None:
    assert split_brackets("William Hague (Richmond (Yorks))") == (
        "William Hague ",
        ["Richmond (Yorks)"],
    )
    label = parse_label("Ian Murray (Edinburgh South) (Lab)")
    assert label.main.bare == "ian murray" and label.aside.bare == "edinburgh south"
    assert parse_label("Mr Hollobone (in the Chair)").aside is None
    assert parse_label("The hon. Member for Richmond (Yorks)").aside is None
