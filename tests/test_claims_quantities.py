"""Figures are normalised as the issue asks, and numbers that are not figures are left alone."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.claims.quantities import find_quantities
from pipelines.claims.timeframes import find_deadline, find_points


def read(text: str) -> list[tuple]:
    return [(q.value, q.unit, q.currency, q.qualifier) for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our £10m Mutuals Support Programme", [(10_000_000, "GBP", "GBP", None)]),
        ("over £10million to help", [(10_000_000, "GBP", "GBP", "over")]),
        ("well over £1.5 billion of services", [(1_500_000_000, "GBP", "GBP", "well over")]),
        ("a turnover of more than £1bn", [(1_000_000_000, "GBP", "GBP", "more than")]),
        ("women earn on average £10K less", [(10_000, "GBP", "GBP", None)]),
        ("the largest has 1,100 members", [(1100, "members", None, None)]),
        ("a million public servants", [(1_000_000, "servants", None, None)]),
        ("an extra 1 million workers", [(1_000_000, "workers", None, None)]),
        ("productivity up by 45%", [(0.45, "percent", None, None)]),
        ("by up to 45 per cent.", [(0.45, "percent", None, "up to")]),
        ("has increased seven-fold since 2010", [(7, "times", None, None)]),
        ("attacks have doubled since 1997", [(2, "times", None, None)]),
        ("more than 5 times more likely", [(5, "times", None, "more than")]),
        ("4 in 10 spin-outs struggled", [(0.4, "percent", None, None)]),
        ("Eight out of 10 adults", [(0.8, "percent", None, None)]),
        ("half of all female prisoners", [(0.5, "percent", None, None)]),
        ("fell by a third", [(1 / 3, "percent", None, None)]),
        ("up by more than a third", [(1 / 3, "percent", None, "more than")]),
        ("Nearly a quarter of a million people", [(250_000, "people", None, "nearly")]),
        ("35,000 staff", [(35_000, "staff", None, None)]),
        ("58 public service mutuals", [(58, "mutuals", None, None)]),
        ("15 new mutuals ambassadors", [(15, "ambassadors", None, None)]),
        ("nine mutuals", [(9, "mutuals", None, None)]),
        ("up to about 30 GW", [(30, "GW", None, "up to about")]),
        ("a gap of 22mm", [(22, "mm", None, None)]),
    ],
)
def test_figures_are_normalised(text: str, expected: list[tuple]) -> None:
    got = read(text)
    assert len(got) == len(expected)
    for (value, *rest), (want, *want_rest) in zip(got, expected, strict=True):
        assert value == pytest.approx(want)
        assert rest == want_rest


def test_percentages_are_fractions_and_ranges_share_their_unit() -> None:
    assert read("ranging between 81 and 92 per cent") == [
        (0.81, "percent", None, None),
        (0.92, "percent", None, None),
    ]


def test_elliptical_figures_take_the_unit_before_them() -> None:
    got = read("58 public service mutuals, with another 40 in the pipeline")
    assert got == [(58, "mutuals", None, None), (40, "mutuals", None, None)]


def test_the_number_of_gives_the_unit() -> None:
    assert read("The number of mutuals has risen to 60") == [(60, "mutuals", None, None)]


def test_printed_text_and_offsets_are_kept() -> None:
    sentence = "Already, mutuals have a turnover of more than £1bn and 20,000 staff."
    money, staff = find_quantities(sentence)
    assert (money.text, sentence[money.start : money.end]) == ("£1bn", "£1bn")
    assert staff.text == "20,000 staff" == sentence[staff.start : staff.end]


@pytest.mark.parametrize(
    "text",
    [
        "In 2010 the programme began; it was reviewed in 2013.",
        "an invitation to the 12 July parades",
        "at 11:30 am on 14th December 2011, and again at 2.35pm",
        "under clause 2(7) and section 225 or 226 of the Criminal Justice Act 2003 (c. 44)",
        "in question 74, amendment 17 and new clause 32; see Vol. 478, c. 1173",
        "the 24th round and the 21st century",
        "Hartley, 37, from Radstock, and his 22-year-old son",
        "people aged between 55 and 74 and 16 to 24 year olds",
        "over my 10 years in this House and 20 years of experience",
        "Type 2 diabetes, covid-19, the M6, A500 and G20, tier 3",
        "Cleveland Fire Brigade is just one of the organisations",
        "a joint venture called 3BM and the 1990s",
        "regional funding advice 2",
        "http://www.example.gov.uk/downloads/5_disability_09.pdf",
        "numbers like 1.2.3 and £ alone",
        "Couch to 5K",
    ],
)
def test_numbers_that_are_not_figures(text: str) -> None:
    assert read(text) == []


def test_deadlines_are_read_relative_to_the_document_date() -> None:
    cases = {
        ("by 2015", "2011-12-14"): "2015",
        ("by the end of this financial year", "2011-12-14"): "2012-03-31",
        ("by the end of this financial year", "2012-06-25"): "2013-03-31",
        ("by March 2013", "2012-07-20"): "2013-03",
        ("by April next year", "2012-06-25"): "2013-04",
        ("by the end of the year", "2012-06-25"): "2012-12-31",
        ("over the next four years", "2010-10-20"): "2014",
        ("this year", "2013-02-08"): "2013",
        ("in a decade’s time", "2010-11-17"): "2020",
        ("by the end of this Parliament", "2011-11-30"): "2015",
        ("within six months", "2012-01-15"): "2012-07",
        ("by spring 2010", "2009-10-27"): "2010",
    }
    for (text, ref), want in cases.items():
        deadline = find_deadline(f"We will do it {text}.", date.fromisoformat(ref))
        assert deadline is not None and deadline.when == want, (text, deadline)
        assert deadline.text.lower() == text.lower()


def test_figures_are_not_deadlines() -> None:
    ref = date(2013, 2, 8)
    for text in ("fallen by 77%", "By removing wasteful processes", "by a third", "by 90,000"):
        assert find_deadline(text, ref) is None


def test_points_in_time_for_as_of() -> None:
    ref = date(2010, 11, 24)
    points = find_points("launched in August this year, after 9 in 2009 and more last year", ref)
    assert [p.when for p in points] == ["2010-08", "2009", "2009"]
