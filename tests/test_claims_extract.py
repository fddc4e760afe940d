"""extract_claims: kinds, dates, attribution, quotation and the topic's series."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.claims import Claim, Value, extract_claims, load_metrics


def one(text: str, **kwargs) -> Claim:
    claims = extract_claims(text, **kwargs)
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We will make it as easy as possible for them to take it.", "commitment"),
        ("Every Department will put in place rights to provide.", "commitment"),
        ("The Government are committed to making it easier to form mutuals.", "commitment"),
        ("Legislation will be introduced to establish a levy.", "commitment"),
        ("Mr Speaker, I will write to the hon. Lady with the details.", "commitment"),
        ("We are going to introduce a right for staff to challenge decisions.", "commitment"),
        ("There will be 1 million workers in mutuals by 2015, the Minister expects.", "target"),
        ("Every department will publish a plan by the end of this financial year.", "target"),
        ("Our aim is for 200,000 more apprenticeships this year.", "target"),
        ("It intends to fund 150 journalists.", "target"),
        ("The taskforce found that there were 58 public service mutuals.", "statistic"),
        ("Productivity is up by 45% and 35,000 staff work in mutuals.", "statistic"),
        ("Mutuals have a turnover of more than £1bn.", "statistic"),
        ("Our £10m Mutuals Support Programme gives organisations access.", "funding"),
        ("Since 2002 we have invested over £1 billion in neighbourhood policing.", "funding"),
    ],
)
def test_kinds(text: str, kind: str) -> None:
    assert one(text, date="2012-06-25").kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "Will the Minister tell the House how many mutuals have failed since 2010?",
        "What steps he is taking to encourage employee mutuals.",
        "I hope that we will be able to recommend some amendments.",
        "I will not give way.",
        "I will come back to the hon. Member.",
        "We will not support it but nor will we oppose it.",
        "Mutuals are more efficient, more innovative and more responsive to users.",
        "Amendment made: 6, page 108, line 29, at end insert-",
        "Order. Questions to the Minister for the Cabinet Office.",
        "The Nobel Prize went to Dorothy Hodgkin in 1964.",
        "If the Government are committed to the Union, they need to act like it.",
    ],
)
def test_non_claims(text: str) -> None:
    assert extract_claims(text, date="2012-06-25") == []


def test_the_issue_example() -> None:
    text = (
        "The impact is clear. We are seeing successes on the ground – the number of public "
        "service mutuals has increased seven-fold since 2010, with 65 live organisations "
        "across England."
    )
    claim = one(text, date="2013-02-08", speaker="Francis Maude")
    assert (claim.kind, claim.metric, claim.speaker) == (
        "statistic",
        "mutuals.count",
        "Francis Maude",
    )
    times, count = claim.values
    assert (times.value, times.unit, times.metric) == (7, "times", None)
    assert count == Value(
        value=65,
        unit="mutuals",
        as_of="2013-02-08",
        target_date=None,
        qualifier=None,
        text="65 live organisations",
        metric="mutuals.count",
        start=text.index("65"),
        end=text.index("65") + len("65 live organisations"),
    )


def test_a_sentence_keeps_every_value_with_its_own_series() -> None:
    claim = one(
        "The taskforce found that there were 58 public service mutuals, with another 40 in "
        "the pipeline.",
        date="2012-06-25",
    )
    assert [(v.value, v.unit, v.metric) for v in claim.values] == [
        (58, "mutuals", "mutuals.count"),
        (40, "mutuals", "mutuals.pipeline"),
    ]
    assert claim.metric == "mutuals.count"


def test_as_of_is_the_document_date_unless_the_sentence_says_otherwise() -> None:
    claim = one(
        "When this Government came to office in 2010 there were just nine mutuals.",
        date="2014-06-12",
    )
    assert claim.as_of == "2010"
    assert [(v.value, v.as_of, v.metric) for v in claim.values] == [(9, "2010", "mutuals.count")]
    rose = one("Offenders rose from 3,772 in 2011 to 5,789 in 2015.", date="2016-03-11")
    assert [v.as_of for v in rose.values] == ["2011", "2015"]


def test_targets_carry_their_date_and_only_aimed_figures_do() -> None:
    claim = one(
        "We have already trained 500 mentors, and we plan to train another 1,000 by 2014.",
        date="2012-09-12",
    )
    assert (claim.kind, claim.target_date, claim.target_text) == ("target", "2014", "by 2014")
    assert [(v.value, v.target_date) for v in claim.values] == [(500, None), (1000, "2014")]
    assert claim.as_of == "2012-09-12"


def test_funding_and_the_support_series() -> None:
    claim = one(
        "The Minister for the Cabinet Office, Francis Maude, today announced a further "
        "£1.2 million to support 15 new pathfinder mutuals.",
        date="2012-11-05",
    )
    assert claim.kind == "funding"
    assert [(v.value, v.currency, v.metric) for v in claim.values] == [
        (1_200_000, "GBP", "mutuals.funding"),
        (15, None, None),
    ]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "The Mutuals Taskforce report says there are 58 public service mutuals.",
            "Mutuals Taskforce report",
        ),
        ("Maude said the programme would support 50 groups by March 2013.", "Maude"),
        ("According to the Cabinet Office, mutuals now employ 22,000 people.", "Cabinet Office"),
        ("Net migration stood at 298,000 in the year to September 2014, the ONS said.", "ONS"),
        (
            "Mr. Hurd, the civil society minister, said the £10m. fund was fully committed.",
            "Mr. Hurd",
        ),
        (
            "Five departments will act by 2013, according to a report published today "
            "by the Mutuals Taskforce.",
            "Mutuals Taskforce report",
        ),
    ],
)
def test_attribution_in_the_sentence(text: str, source: str) -> None:
    assert one(text, date="2012-06-25", speaker="Someone Else").attributed_to == source


def test_pronouns_and_descriptions_resolve_within_the_text() -> None:
    text = (
        "Julian Le Grand, chair of the Mutuals Taskforce, spoke at the launch. "
        "Francis Maude, minister for the Cabinet Office, said mutuals were efficient. "
        '"We want to say to people ‘you will be supported to do it,’" he said. '
        "The taskforce found that there were 58 public service mutuals."
    )
    quote, finding = extract_claims(text, date="2012-06-25")
    assert (quote.kind, quote.attributed_to, quote.quoted) == ("commitment", "Francis Maude", True)
    assert (finding.attributed_to, finding.quoted) == ("Mutuals Taskforce", False)


def test_quotation_blocks_introduced_by_said() -> None:
    text = (
        "Mr Maude said that it was part of the Big Society.\n\nHe added:\n\n"
        "I believe that in a decade’s time employee-owned mutuals will be one of the major "
        "types of organisation providing public services.\n\nPublished 17 November 2010"
    )
    claim = one(text, date="2010-11-17")
    assert (claim.kind, claim.attributed_to, claim.quoted) == ("target", "Mr Maude", True)
    assert (claim.target_date, claim.target_text) == ("2020", "in a decade’s time")


def test_denials_are_marked() -> None:
    claim = one("I have certainly not set a target of 1 million.", date="2011-12-14")
    assert (claim.kind, claim.negated) == ("target", True)


def test_offsets_and_confidence() -> None:
    text = "Skip to main content\n\nWe will also establish a challenge group. It is fine."
    claim = one(text, date="2010-11-24")
    assert text[claim.start : claim.end] == claim.sentence
    assert 0 < claim.confidence <= 1


def test_metrics_come_from_the_topic_file_or_the_argument(tmp_path: Path, monkeypatch) -> None:
    sentence = "There are now 100 public service mutuals."
    assert one(sentence).metric == "mutuals.count"
    assert [m.key for m in load_metrics()][:2] == ["mutuals.count", "mutuals.pipeline"]
    custom = {"mutuals.count": {"units": ["mutuals"], "patterns": ["now"], "unit": "mutuals"}}
    assert one(sentence, metrics=custom).metric == "mutuals.count"
    assert one(sentence, metrics={}).metric is None
    other = tmp_path / "other.yml"
    other.write_text("name: other\nterms: {x: 1}\nthreshold: 1\n", encoding="utf-8")
    assert one(sentence, metrics=load_metrics(other)).metric is None
    assert one(sentence, metrics=other).metric is None
    assert one(sentence, metrics=tmp_path / "missing.yml").metric is None
    monkeypatch.setenv("MUTUALS_TOPIC", str(other))
    assert one(sentence).metric is None


def test_malformed_metrics_are_skipped_not_raised() -> None:
    broken = {"a": {"units": ["mutuals"], "patterns": ["(unclosed"]}, "b": "not a mapping"}
    assert one("There are now 100 public service mutuals.", metrics=broken).metric is None
