"""pipelines.dates: every printed date the sources use, to ISO 8601 in Europe/London."""

from __future__ import annotations

import time

import pytest

from pipelines.dates import ParsedDate, parse_date, parse_dates, to_london

# --- a held-out list of printed dates --------------------------------------------------------
#
# (printed text, context keyword arguments, expected date, expected time). Forms are taken
# from the recorded pages under /work/shared/corpus (hansard/html, hansard/publications-html,
# twfy/xml, govuk/content-api, news/html, news/guardian-api) and from the datelines and
# bylines those sites and UK newspapers print. Expected values were worked out by hand from
# the printed text (weekdays checked against a calendar), not by running the parser.
# Where a capture gives a machine-readable value next to the printed one, they agree, except
# "Sunday 17 February" in debates2009-10-27: TheyWorkForYou coded it 2009-02-17 (a Tuesday);
# the weekday says 2008.

HELD_OUT: list[tuple[str, dict, str, str | None]] = [
    # hansard.parliament.uk and publications.parliament.uk
    ("Volume 519: debated on Wednesday 24 November 2010", {}, "2010-11-24", None),
    ("Commons: 24 November 2010", {}, "2010-11-24", None),
    (
        "View the Hansard contribution by Mr Maude on Wednesday 24 November 2010",
        {},
        "2010-11-24",
        None,
    ),
    (
        "Hansard record of the item : 'Oral Answers to Questions' on Wednesday 22 June 2022.",
        {},
        "2022-06-22",
        None,
    ),
    ("AA-AD hs_Para 22/06/2022 11:30:00", {}, "2022-06-22", "11:30"),
    ("19 July 2011 : Column 771", {}, "2011-07-19", None),
    ("Tuesday 19 July 2011", {}, "2011-07-19", None),
    (
        "Oral Answers to Questions — Cabinet Office – in the House of Commons "
        "at 11:30 am on 14th December 2011.",
        {},
        "2011-12-14",
        "11:30",
    ),
    (
        "Westminster Hall debate – in Westminster Hall at 2:30 pm on 19th July 2011.",
        {},
        "2011-07-19",
        "14:30",
    ),
    ("Written Ministerial Statement: 17 November 2010", {}, "2010-11-17", None),
    ("HC Deb 24 November 2010 vol 519 c249", {}, "2010-11-24", None),
    ("HC Deb, 14 December 2011, c777", {}, "2011-12-14", None),
    (
        "Lords Chamber – in the House of Lords at 3:00 pm on 7th September 2017.",
        {},
        "2017-09-07",
        "15:00",
    ),
    ("Thursday 7th September 2017", {}, "2017-09-07", None),
    ("Debated on Monday 2 April 2012", {}, "2012-04-02", None),
    ("Friday 8th March 2013", {}, "2013-03-08", None),
    ("Please send your comments by 6pm on Friday 8th March 2013.", {}, "2013-03-08", "18:00"),
    ("the answer of 1 December 2010, Official Report, column 845W", {}, "2010-12-01", None),
    ("As at 31 December 2010, there were 32 establishments", {}, "2010-12-31", None),
    ("12 July 2011 : Column 212", {}, "2011-07-12", None),
    ("Tuesday 18 July 1961", {}, "1961-07-18", None),
    ("Sitting of 14 January 1975", {}, "1975-01-14", None),
    ("Thursday 24 April 1980", {}, "1980-04-24", None),
    ("The House will meet at 2.30 pm on Monday 2 April 2012.", {}, "2012-04-02", "14:30"),
    (
        "The Minister will answer his Questions at 3.15 p.m. on Tuesday 19 July 2011",
        {},
        "2011-07-19",
        "15:15",
    ),
    # TheyWorkForYou: dates printed without a year, coded by parlparse from the sitting day
    ("deferred until Thursday 5 November", {"context_year": 2009}, "2009-11-05", None),
    ("That the debate be resumed on Friday 22 April.", {"context_year": 2016}, "2016-04-22", None),
    ("on the morning of Sunday 17 February", {"context_year": 2009}, "2008-02-17", None),
    ("1 January", {"context_year": 2020}, "2020-01-01", None),
    ("31 December", {"context_year": 2020}, "2020-12-31", None),
    ("5 November", {"context_year": 2009}, "2009-11-05", None),
    ("on Saturday, 30th June, about the Commonwealth", {"context_year": 1962}, "1962-06-30", None),
    (
        "the Labour mayors in London on Saturday 7th December",
        {"context_year": 1975},
        "1974-12-07",
        None,
    ),
    ("Wednesday 2 February", {"context_year": 2011}, "2011-02-02", None),
    ("Wednesday 2 February", {"context_year": 2012}, "2011-02-02", None),
    ("Wednesday 2nd", {"context_date": "2011-02-10"}, "2011-02-02", None),
    ("Wednesday 14 December 2011", {}, "2011-12-14", None),
    ("Thursday 5 November 2009 10:30 am", {}, "2009-11-05", "10:30"),
    ("5th November 2009, 10.30am", {}, "2009-11-05", "10:30"),
    ("Letter from Jil Matheson, dated October 2009:", {}, "2009-10", None),
    ("planned for publication at the end of January 2010.", {}, "2010-01", None),
    ("There are no outstanding pre-March 31 2007 inquests", {}, "2007-03-31", None),
    ("Public Sector Mutuals: 24 Nov 2010", {}, "2010-11-24", None),
    ("Prime Minister's Questions, 14 Dec 2011, 12:00", {}, "2011-12-14", "12:00"),
    # GOV.UK pages and Content API values
    ("Published 17 November 2010", {}, "2010-11-17", None),
    ("Published: 17 November 2010", {}, "2010-11-17", None),
    ("Last updated 3 March 2014 — see all updates", {}, "2014-03-03", None),
    ("Last updated 3 March 2014, 09:12", {}, "2014-03-03", "09:12"),
    (
        "From: Cabinet Office Published 17 November 2010 Last updated 3 March 2014",
        {},
        "2010-11-17",
        None,
    ),
    (
        "Delivered on: 8 February 2013 (Original script, may differ from delivered version)",
        {},
        "2013-02-08",
        None,
    ),
    ("Date of publication: 8 February 2013", {}, "2013-02-08", None),
    ("Press release 25 June 2012", {}, "2012-06-25", None),
    ("Speech delivered on 17 November 2010 at the Royal Society of Arts", {}, "2010-11-17", None),
    ("2010-11-17T00:00:00.000+00:00", {}, "2010-11-17", "00:00"),
    ("2012-05-22T01:00:00.000+01:00", {}, "2012-05-22", "01:00"),
    ("2014-04-30T11:59:35.000+00:00", {}, "2014-04-30", "12:59:35"),
    ("2016-07-25T22:36:44.000+00:00", {}, "2016-07-25", "23:36:44"),
    ("2016-12-25T00:15:07.824Z", {}, "2016-12-25", "00:15:07"),
    ("2015-04-23T09:31:02.116Z", {}, "2015-04-23", "10:31:02"),
    ("2016-02-04T11:25:07Z", {}, "2016-02-04", "11:25:07"),
    ("2016-04-05T14:38:00+01:00", {}, "2016-04-05", "14:38"),
    ("2014-09-22T10:53:36+01:00", {}, "2014-09-22", "10:53:36"),
    ("2013-02-21T00:00:00+00:00", {}, "2013-02-21", "00:00"),
    ("2016-05-18T12:30:00+00:00", {}, "2016-05-18", "13:30"),
    ("2015-03-25T13:23:00.000+00:00", {}, "2015-03-25", "13:23"),
    ("2015-05-08T00:00:00+00:00", {}, "2015-05-08", "01:00"),
    ("2010-05-12T00:00:00+00:00", {}, "2010-05-12", "01:00"),
    ("2012-02-22T08:54:35Z", {}, "2012-02-22", "08:54:35"),
    ("2012-02-23", {}, "2012-02-23", None),
    ("2011-12-14", {}, "2011-12-14", None),
    # news pages
    ("17 April 2012 • 2:54pm", {}, "2012-04-17", "14:54"),
    ("2012-04-17T14:54+0000", {}, "2012-04-17", "15:54"),
    ("2012-04-17 14:54", {}, "2012-04-17", "14:54"),
    ("12 May 2022, 4:10pm", {}, "2022-05-12", "16:10"),
    ("2022-05-12T15:11:22.455Z", {}, "2022-05-12", "16:11:22"),
    ("2022-05-12T16:10:54.295+01:00", {}, "2022-05-12", "16:10:54"),
    ("Thu 3 Jan 2019 02.00\xa0EST", {}, "2019-01-03", "07:00"),
    ("Last modified on Wed 16 Jan 2019 06.16 EST", {}, "2019-01-16", "11:16"),
    ("Mon 20 Jan 2020 06.05 GMT", {}, "2020-01-20", "06:05"),
    ("Published: 19 Oct 2018", {}, "2018-10-19", None),
    ("2020-01-20T06:05:18+0000", {}, "2020-01-20", "06:05:18"),
    ("2020-01-20T06:07:09.000Z", {}, "2020-01-20", "06:07:09"),
    ("Friday, 3 Nov, 2023\n9:59 am", {}, "2023-11-03", "09:59"),
    ("Cooper visit Europol, The Hague, Netherlands – 14 Sep 2023", {}, "2023-09-14", None),
    (
        "Served from: www.politics.co.uk @ 2023-11-03 10:03:30 by W3 Total Cache",
        {},
        "2023-11-03",
        "10:03:30",
    ),
    ("for which he did not receive payment – on December 16, 2010.", {}, "2010-12-16", None),
    ("Picture date: Thursday September 14, 2023", {}, "2023-09-14", None),
    ("in Moscow, Russia, Tuesday, April 7, 2015.", {}, "2015-04-07", None),
    ("on April 30, 2015 in the Bahraini capital", {}, "2015-04-30", None),
    ("8 Feb 13", {}, "2013-02-08", None),
    ("25 June 2012", {}, "2012-06-25", None),
    ("Nov 17, 2010 11:19 GMT", {}, "2010-11-17", "11:19"),
    ("guardian.co.uk, Wednesday 17 November 2010 14.46 GMT", {}, "2010-11-17", "14:46"),
    ("Last modified on Tuesday 19 July 2011 17.30 BST", {}, "2011-07-19", "17:30"),
    ("17 November 2010 Last updated at 11:19 GMT", {}, "2010-11-17", "11:19"),
    ("Page last updated at 11:19 GMT, Wednesday, 17 November 2010", {}, "2010-11-17", "11:19"),
    ("Published: 11:19AM GMT 17 Nov 2010", {}, "2010-11-17", "11:19"),
    ("6:00AM BST 19 Jul 2011", {}, "2011-07-19", "06:00"),
    ("Last updated at 10:28 AM on 14th December 2011", {}, "2011-12-14", "10:28"),
    ("PUBLISHED: 14:30, 19 July 2011 | UPDATED: 16:45, 19 July 2011", {}, "2011-07-19", "14:30"),
    ("19 July 2011 at 14:30", {}, "2011-07-19", "14:30"),
    ("Tuesday 19 July 2011 14.30 BST", {}, "2011-07-19", "14:30"),
    ("Tue, 19 Jul 2011 13:30:00 GMT", {}, "2011-07-19", "14:30"),
    ("Wed, 14 Dec 2011 10:30:00 +0000", {}, "2011-12-14", "10:30"),
    ("On 17 Nov 2010 the Minister announced", {}, "2010-11-17", None),
    # numeric, day first
    ("19/07/2011", {}, "2011-07-19", None),
    ("19/7/11", {}, "2011-07-19", None),
    ("19.07.2011", {}, "2011-07-19", None),
    ("19-07-2011", {}, "2011-07-19", None),
    ("02/02/2015", {}, "2015-02-02", None),
    ("2/2/15", {}, "2015-02-02", None),
    ("Date: 14/12/2011 10:30", {}, "2011-12-14", "10:30"),
    ("Issued: 08/02/2013", {}, "2013-02-08", None),
    ("17.11.10", {}, "2010-11-17", None),
    # month names in other shapes
    ("14-Dec-2011", {}, "2011-12-14", None),
    ("14 Dec. 2011", {}, "2011-12-14", None),
    ("14th Dec 2011", {}, "2011-12-14", None),
    ("14 Sept 2011", {}, "2011-09-14", None),
    ("14th of December 2011", {}, "2011-12-14", None),
    ("December 14th, 2011", {}, "2011-12-14", None),
    ("DECEMBER 14, 2011", {}, "2011-12-14", None),
    ("14 DECEMBER 2011", {}, "2011-12-14", None),
    ("Wednesday, 14 December, 2011", {}, "2011-12-14", None),
    ("Wed 14 Dec 2011", {}, "2011-12-14", None),
    ("14 Dec '11", {}, "2011-12-14", None),
    ("From 1 April 2011", {}, "2011-04-01", None),
    ("November 2010", {}, "2010-11", None),
    ("Nov 2010", {}, "2010-11", None),
    ("Sept. 2011", {}, "2011-09", None),
    ("2015", {}, "2015", None),
    ("noon on 14 December 2011", {}, "2011-12-14", "12:00"),
    ("midnight on 31 March 2012", {}, "2012-03-31", "00:00"),
    ("12 noon, Monday 2 April 2012", {}, "2012-04-02", "12:00"),
    # Second batch, written after the parser and run once before any change: 45 of 46
    # parsed (97.8%); the miss, year-first "2012/03/03", was then supported.
    ("Sat 3rd Mar 2012", {}, "2012-03-03", None),
    ("3rd March, 2012", {}, "2012-03-03", None),
    ("the 3rd of March 2012", {}, "2012-03-03", None),
    ("March 3rd 2012", {}, "2012-03-03", None),
    ("Mar. 3, 2012", {}, "2012-03-03", None),
    ("03 Mar 2012 15:04", {}, "2012-03-03", "15:04"),
    ("3 March 2012 3.04pm", {}, "2012-03-03", "15:04"),
    ("15:04 3/3/2012", {}, "2012-03-03", "15:04"),
    ("3.3.2012", {}, "2012-03-03", None),
    ("2012/03/03", {}, "2012-03-03", None),
    ("3-Mar-12", {}, "2012-03-03", None),
    ("Saturday March 3rd", {"context_year": 2012}, "2012-03-03", None),
    ("1st June 2010 at 10am", {}, "2010-06-01", "10:00"),
    ("10am, 1 June 2010", {}, "2010-06-01", "10:00"),
    ("10 a.m. on 1 June 2010", {}, "2010-06-01", "10:00"),
    ("Updated 1 June 2010 10:04 BST", {}, "2010-06-01", "10:04"),
    ("1 June 2010 10:04:33", {}, "2010-06-01", "10:04:33"),
    ("Tuesday 1 June 2010 10.04 BST", {}, "2010-06-01", "10:04"),
    ("June 1, 2010 at 10:04 am", {}, "2010-06-01", "10:04"),
    ("June 1, 2010, 10:04 a.m. EDT", {}, "2010-06-01", "15:04"),
    ("Tues 1 June 2010", {}, "2010-06-01", None),
    ("Thurs 3 June 2010", {}, "2010-06-03", None),
    ("HL Deb 3 June 2010 c12", {}, "2010-06-03", None),
    ("Written Answers (Commons), 3rd June 2010", {}, "2010-06-03", None),
    ("Monday 7 June 2010 | 2:30pm", {}, "2010-06-07", "14:30"),
    ("First published: Mon 7 Jun 2010 14.30 BST", {}, "2010-06-07", "14:30"),
    ("7 Jun 2010 13:30 UTC", {}, "2010-06-07", "14:30"),
    ("7 June 2010 - 14:30", {}, "2010-06-07", "14:30"),
    ("Posted on 7 June, 2010", {}, "2010-06-07", None),
    ("Posted: 07/06/2010 at 14:30", {}, "2010-06-07", "14:30"),
    ("7/6/2010", {}, "2010-06-07", None),
    ("2010-06-07T13:30:00.000Z", {}, "2010-06-07", "14:30"),
    ("2010-12-31T23:59:59Z", {}, "2010-12-31", "23:59:59"),
    ("2011-01-01T00:30:00+01:00", {}, "2010-12-31", "23:30"),
    ("June 2010", {}, "2010-06", None),
    ("JUNE 2010", {}, "2010-06", None),
    ("Spring Statement, March 2015", {}, "2015-03", None),
    ("12.00 noon on Tuesday 8 June 2010", {}, "2010-06-08", "12:00"),
    ("8 June 2010, 12 midnight", {}, "2010-06-08", "00:00"),
    ("Wednesday 9th June", {"context_year": 2010}, "2010-06-09", None),
    ("on 9 June", {"context_date": "2010-06-20"}, "2010-06-09", None),
    ("Tuesday 22nd", {"context_date": "2010-06-10"}, "2010-06-22", None),
    ("9 Jun 10", {}, "2010-06-09", None),
    ("9th Jun '10", {}, "2010-06-09", None),
    ("Session 2010-12: 9 June 2010", {}, "2010-06-09", None),
    ("Date: Wednesday, June 9, 2010 - 11:19", {}, "2010-06-09", "11:19"),
]


def held_out_accuracy() -> tuple[float, list[tuple[str, object]]]:
    """Share of HELD_OUT parsed exactly (date, precision and time), and the misses."""
    misses = []
    for text, context, expected, clock in HELD_OUT:
        got = parse_date(text, **context)
        precision = {10: "day", 7: "month", 4: "year"}[len(expected)]
        if got is None or (got.date, got.precision, got.time) != (expected, precision, clock):
            misses.append((text, got))
    return 1 - len(misses) / len(HELD_OUT), misses


def test_held_out_list_is_large_and_varied():
    assert len(HELD_OUT) >= 100
    assert len({(text, str(context)) for text, context, *_ in HELD_OUT}) == len(HELD_OUT)


def test_held_out_accuracy_at_least_98_percent():
    accuracy, misses = held_out_accuracy()
    assert accuracy >= 0.98, misses


# --- the examples in the issue, exactly ------------------------------------------------------

EXAMPLES = [
    (
        "11:30 am on 14th December 2011",
        {},
        ParsedDate(
            "2011-12-14",
            "day",
            "11:30",
            "11:30 am on 14th December 2011",
            "2011-12-14T11:30:00+00:00",
        ),
    ),
    (
        "Oral Answers to Questions — Cabinet Office – in the House of Commons at 11:30 am on "
        "14th December 2011.",
        {},
        ParsedDate(
            "2011-12-14",
            "day",
            "11:30",
            "at 11:30 am on 14th December 2011",
            "2011-12-14T11:30:00+00:00",
        ),
    ),
    (
        "Wednesday 24 November 2010",
        {},
        ParsedDate("2010-11-24", "day", None, "Wednesday 24 November 2010", None),
    ),
    ("8 Feb 13", {}, ParsedDate("2013-02-08", "day", None, "8 Feb 13", None)),
    ("02/02/2015", {}, ParsedDate("2015-02-02", "day", None, "02/02/2015", None)),
    ("2/2/15", {}, ParsedDate("2015-02-02", "day", None, "2/2/15", None)),
    ("02.02.2015", {}, ParsedDate("2015-02-02", "day", None, "02.02.2015", None)),
    ("02-02-2015", {}, ParsedDate("2015-02-02", "day", None, "02-02-2015", None)),
    (
        "Nov 17, 2010 11:19 GMT",
        {},
        ParsedDate(
            "2010-11-17", "day", "11:19", "Nov 17, 2010 11:19 GMT", "2010-11-17T11:19:00+00:00"
        ),
    ),
    (
        "2016-07-25T23:30:00Z",
        {},
        ParsedDate(
            "2016-07-26", "day", "00:30", "2016-07-25T23:30:00Z", "2016-07-26T00:30:00+01:00"
        ),
    ),
    (
        "2011-07-19T14:30:00+01:00",
        {},
        ParsedDate(
            "2011-07-19",
            "day",
            "14:30",
            "2011-07-19T14:30:00+01:00",
            "2011-07-19T14:30:00+01:00",
        ),
    ),
    (
        "Published 17 November 2010",
        {},
        ParsedDate("2010-11-17", "day", None, "17 November 2010", None),
    ),
    (
        "Last updated 3 March 2014, 09:12",
        {},
        ParsedDate(
            "2014-03-03", "day", "09:12", "3 March 2014, 09:12", "2014-03-03T09:12:00+00:00"
        ),
    ),
    (
        "Wednesday 2 February",
        {"context_year": 2011},
        ParsedDate("2011-02-02", "day", None, "Wednesday 2 February", None),
    ),
    ("November 2010", {}, ParsedDate("2010-11", "month", None, "November 2010", None)),
    ("2015", {}, ParsedDate("2015", "year", None, "2015", None)),
]


@pytest.mark.parametrize("text, context, expected", EXAMPLES)
def test_issue_examples(text, context, expected):
    assert parse_date(text, **context) == expected


def test_interface_example():
    d = parse_date("8 Feb 13")
    assert (d.date, d.precision, d.time) == ("2013-02-08", "day", None)


@pytest.mark.parametrize(
    "text, expected_time, expected_timestamp",
    [
        ("14 December 2011, 11:30 am", "11:30", "2011-12-14T11:30:00+00:00"),
        ("11.30 am on 14 December 2011", "11:30", "2011-12-14T11:30:00+00:00"),
        ("14 December 2011 11:30", "11:30", "2011-12-14T11:30:00+00:00"),
        ("19 July 2011 14:30:00", "14:30", "2011-07-19T14:30:00+01:00"),
        ("19 July 2011 14:30:05", "14:30:05", "2011-07-19T14:30:05+01:00"),
        ("noon on 19 July 2011", "12:00", "2011-07-19T12:00:00+01:00"),
        ("midnight on 19 July 2011", "00:00", "2011-07-19T00:00:00+01:00"),
        ("12 am on 19 July 2011", "00:00", "2011-07-19T00:00:00+01:00"),
        ("12.30 pm on 19 July 2011", "12:30", "2011-07-19T12:30:00+01:00"),
        ("19 July 2011 14:30 GMT", "15:30", "2011-07-19T15:30:00+01:00"),
        ("19 July 2011 13:30 UTC", "14:30", "2011-07-19T14:30:00+01:00"),
        ("19 July 2011 14:30 BST", "14:30", "2011-07-19T14:30:00+01:00"),
        ("14 December 2011 10:00 BST", "09:00", "2011-12-14T09:00:00+00:00"),
        ("14 December 2011 10:00 UTC+1", "09:00", "2011-12-14T09:00:00+00:00"),
        ("Wed, 14 Dec 2011 10:30:00 -0500", "15:30", "2011-12-14T15:30:00+00:00"),
        ("14 December 2011, 11:30-12:30", "11:30", "2011-12-14T11:30:00+00:00"),
    ],
)
def test_times_and_zones(text, expected_time, expected_timestamp):
    got = parse_date(text)
    assert (got.time, got.timestamp) == (expected_time, expected_timestamp)


@pytest.mark.parametrize(
    "text",
    [
        "14 December 2011, 10.50",  # a number after a date, not a time
        "14 December 2011 14",
        "14 December 2011 25:00",
        "14 December 2011 13 pm",
        "19 July 2011 : Column 771",
    ],
)
def test_not_a_time_leaves_the_date_alone(text):
    got = parse_date(text)
    assert got.time is None and got.timestamp is None and got.precision == "day"


# --- London clock: BST starts and ends on the last Sundays of March and October -----------


@pytest.mark.parametrize(
    "stamp, expected",
    [
        ("2011-03-26T12:00:00Z", "2011-03-26T12:00:00+00:00"),
        ("2011-03-27T00:59:00Z", "2011-03-27T00:59:00+00:00"),
        ("2011-03-27T01:00:00Z", "2011-03-27T02:00:00+01:00"),
        ("2011-10-29T12:00:00Z", "2011-10-29T13:00:00+01:00"),
        ("2011-10-30T00:59:00Z", "2011-10-30T01:59:00+01:00"),
        ("2011-10-30T01:00:00Z", "2011-10-30T01:00:00+00:00"),
        ("2010-03-28T01:30:00+00:00", "2010-03-28T02:30:00+01:00"),
        ("2010-10-31T01:30:00+00:00", "2010-10-31T01:30:00+00:00"),
        ("2015-03-29T00:30:00Z", "2015-03-29T00:30:00+00:00"),
        ("2015-10-25T00:30:00Z", "2015-10-25T01:30:00+01:00"),
    ],
)
def test_bst_gmt_boundaries(stamp, expected):
    assert to_london(stamp).timestamp == expected
    assert parse_date(stamp).timestamp == expected


def test_zoneless_times_in_the_changeover_hours():
    # the repeated autumn hour is read as the first (BST) one
    assert parse_date("30 October 2011 01:30").timestamp == "2011-10-30T01:30:00+01:00"
    # 01:30 does not exist on the spring morning; the clock has moved on to 02:30
    assert parse_date("27 March 2011 01:30").timestamp == "2011-03-27T02:30:00+01:00"


@pytest.mark.parametrize(
    "text, date, time_, stamp",
    [
        ("2016-07-25T23:30:00Z", "2016-07-26", "00:30", "2016-07-26T00:30:00+01:00"),
        ("2010-12-31T23:30:00-05:00", "2011-01-01", "04:30", "2011-01-01T04:30:00+00:00"),
        ("Nov 17, 2010 23:30 EST", "2010-11-18", "04:30", "2010-11-18T04:30:00+00:00"),
        ("2011-01-01T00:30:00+01:00", "2010-12-31", "23:30", "2010-12-31T23:30:00+00:00"),
        ("2012-05-22T00:30:00+02:00", "2012-05-21", "23:30", "2012-05-21T23:30:00+01:00"),
    ],
)
def test_midnight_rollover_into_another_london_day(text, date, time_, stamp):
    got = parse_date(text)
    assert (got.date, got.time, got.timestamp) == (date, time_, stamp)


# --- rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("8 Feb 13", "2013-02-08"),
        ("8 Feb 00", "2000-02-08"),
        ("8 Feb 69", "2069-02-08"),
        ("8 Feb 70", "1970-02-08"),
        ("8 Feb 99", "1999-02-08"),
        ("1/1/69", "2069-01-01"),
        ("1/1/70", "1970-01-01"),
        ("14 Dec '11", "2011-12-14"),
    ],
)
def test_two_digit_year_pivot(text, expected):
    assert parse_date(text).date == expected


@pytest.mark.parametrize(
    "text",
    [
        "31 February 2011",
        "29 February 2011",
        "30/02/2015",
        "31/04/2011",
        "2011-02-30",
        "2011-13-01",
        "32 January 2011",
        "0 March 2011",
        "February 30, 2011",
        "2011-02-30T10:00:00Z",
        "2011-02-28T24:00:00Z",
        "13/13/2013",
    ],
)
def test_invalid_dates_are_none(text):
    assert parse_date(text) is None


def test_leap_day_is_valid():
    assert parse_date("29 February 2012").date == "2012-02-29"


def test_numeric_dates_are_day_first_unless_impossible():
    assert parse_date("02/03/2015").date == "2015-03-02"
    assert parse_date("11/17/2010").date == "2010-11-17"  # only month-first is a date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wednesday 24 November 2010", "2010-11-24"),  # agrees
        ("Wednesday 25 November 2010", "2010-11-25"),  # one reading: the weekday is the typo
        ("Monday 25/11/2010", "2010-11-25"),  # 25 cannot be a month: one reading
        ("Wednesday 02/03/2011", "2011-03-02"),  # day first agrees
        ("Thursday 02/03/2011", "2011-02-03"),  # only month first agrees
        ("Friday 02/03/2011", None),  # two readings, neither agrees
    ],
)
def test_weekday_consistency(text, expected):
    got = parse_date(text)
    assert (got.date if got else None) == expected


@pytest.mark.parametrize(
    "text, context, expected",
    [
        ("Wednesday 2 February", {"context_year": 2011}, "2011-02-02"),
        ("Wednesday 2 February", {"context_year": 2012}, "2011-02-02"),  # year before
        ("Wednesday 2 February", {"context_year": 2010}, "2011-02-02"),  # year after
        ("Friday 2 February", {"context_year": 2011}, None),  # no year near agrees
        ("2 February", {"context_year": 2011}, "2011-02-02"),
        ("2 February", {"context_date": "2011-06-01"}, "2011-02-02"),
        ("2 February", {}, None),
        ("Wednesday 2 February", {}, None),
        ("29 February", {"context_year": 2011}, None),
        ("14 December 2011", {"context_year": 1999}, "2011-12-14"),  # printed year wins
        ("Wednesday 2nd", {}, None),
        ("Wednesday 2nd", {"context_year": 2011}, None),  # a year gives no month
        ("Wednesday 2nd", {"context_date": "2011-02-10"}, "2011-02-02"),
        ("Wednesday 2nd", {"context_date": "2011-01-28"}, "2011-02-02"),  # next month
        ("Wednesday the 2nd", {"context_date": "2011-02-27"}, "2011-03-02"),  # nearest
        ("Thursday 2nd", {"context_date": "2011-02-10"}, None),
        ("2 February", {"context_year": "2011"}, None),  # a bad context is ignored
        ("2 February", {"context_date": "soon"}, None),
    ],
)
def test_context(text, context, expected):
    got = parse_date(text, **context)
    assert (got.date if got else None) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("November 2010", "2010-11"),
        ("Nov 2010", "2010-11"),
        ("Sept. 2011", "2011-09"),
        ("dated October 2009:", "2009-10"),
        ("by the end of March 2015", "2015-03"),
    ],
)
def test_month_precision(text, expected):
    got = parse_date(text)
    assert (got.date, got.precision, got.time) == (expected, "month", None)


def test_bare_year_only_when_it_is_the_whole_text():
    assert parse_date(" 2015 ").precision == "year"
    assert parse_date("in 2015") is None
    assert parse_date("the 2015 election") is None


# --- things that are not dates ----------------------------------------------------------------

NON_DATES = [
    "",
    "   ",
    "No. 10",
    "£10m",
    "1.2.3",
    "58 mutuals",
    "Clause 4",
    "3/4 of staff",
    "Section 2.3",
    "Section 1.2.10",
    "2011-13",
    "2011-12",
    "Room 101",
    "page 12",
    "x" * 10_000,
    "The Minister said that 58 mutuals had spun out. " * 250,
    "1 " * 5_000,
    "Monday " * 1_500,
    "٢٠١٦",
    "٢٠١٦-٠٧-٢٥",
    "Über",
    "Ελλάδα 12",
    "5 may be",
    "Clause 4 may apply",
    "thousands 10 march",
    "12:30",
    "noon",
    "Wednesday",
    "May",
    "10.0.0.1",
    "10.11.12.13",
    "\x00\x01",
    "🙂🙂🙂",
    None,
    42,
    2015,
    b"2015-07-25",
    ["8 Feb 13"],
    object(),
]


@pytest.mark.parametrize("text", NON_DATES, ids=lambda t: repr(t)[:30])
def test_non_dates_are_none(text):
    assert parse_date(text) is None
    assert parse_dates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "1 Jan" + " " * 20_000 + "x",
        "Monday" + " " * 20_000 + "1",
        "14 December 2011" + "," * 20_000,
        ("3/" * 10_000) + "2011",
        ("12:30 " * 5_000) + "on 14 December 2011",
    ],
    ids=["spaces-after-month", "spaces-after-weekday", "commas", "slashes", "times"],
)
def test_pathological_input_is_fast_and_safe(text):
    started = time.perf_counter()
    parse_date(text)
    parse_dates(text)
    assert time.perf_counter() - started < 1.0


def test_parsed_date_is_frozen():
    with pytest.raises(AttributeError):
        parse_date("8 Feb 13").date = "2000-01-01"


# --- parse_dates and to_london ----------------------------------------------------------------

PARAGRAPH = (
    "Francis Maude announced the Pathfinders on 17 November 2010. By March 2012 there were "
    "58 mutuals (2011-13 figures aside); the second wave followed on Wednesday 2 February, "
    "and the statistics (02/02/2015) were debated at 11:30 am on 14th December 2011. "
    "See Section 2.3, page 12 and Clause 4."
)


def test_parse_dates_finds_every_date_in_order():
    found = parse_dates(PARAGRAPH, context_year=2011)
    assert [(d.date, d.precision, d.time) for d in found] == [
        ("2010-11-17", "day", None),
        ("2012-03", "month", None),
        ("2011-02-02", "day", None),
        ("2015-02-02", "day", None),
        ("2011-12-14", "day", "11:30"),
    ]
    assert found[-1].raw == "at 11:30 am on 14th December 2011"


def test_parse_dates_without_context_skips_yearless_dates():
    assert [d.date for d in parse_dates(PARAGRAPH)] == [
        "2010-11-17",
        "2012-03",
        "2015-02-02",
        "2011-12-14",
    ]


def test_parse_dates_does_not_lend_one_dates_time_to_the_next():
    found = parse_dates("3 May 2011 10:00, 4 May 2011")
    assert [(d.date, d.time) for d in found] == [("2011-05-03", "10:00"), ("2011-05-04", None)]


def test_parse_dates_is_fast_on_long_text():
    text = PARAGRAPH * 500  # about 150,000 characters
    started = time.perf_counter()
    found = parse_dates(text)
    assert len(found) == 4 * 500
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(
    "stamp, expected",
    [
        ("2016-07-25T23:30:00Z", ("2016-07-26", "00:30", "2016-07-26T00:30:00+01:00")),
        ("2010-11-17T00:00:00.000+00:00", ("2010-11-17", "00:00", "2010-11-17T00:00:00+00:00")),
        ("2012-04-17T14:54+0000", ("2012-04-17", "15:54", "2012-04-17T15:54:00+01:00")),
        ("2016-12-25T00:15:07.824Z", ("2016-12-25", "00:15:07", "2016-12-25T00:15:07+00:00")),
        (" 2012-02-23 ", ("2012-02-23", None, None)),
        ("2012-04-17 14:54", ("2012-04-17", "14:54", "2012-04-17T14:54:00+01:00")),
    ],
)
def test_to_london(stamp, expected):
    got = to_london(stamp)
    assert (got.date, got.time, got.timestamp) == expected


@pytest.mark.parametrize(
    "stamp",
    [
        None,
        42,
        "",
        "not a timestamp",
        "17 November 2010",
        "2016-07-25T25:00:00Z",
        "2016-07-25T23:30:00+99:00",
        "2016-07-25T23:30:00Z trailing",
    ],
)
def test_to_london_rejects_what_is_not_a_timestamp(stamp):
    assert to_london(stamp) is None


def test_docstring_examples():
    import doctest

    import pipelines.dates

    assert doctest.testmod(pipelines.dates).failed == 0
