"""Every claim a careful reader lists in the five seed documents, and nothing else.

Extraction runs on the whole seed text, page furniture included ('We're raising £25,000 to
keep TheyWorkForYou running', 'Register now ...', 'Published 17 November 2010'): the
furniture must produce no claim. Speakers are not in the text extraction sees, so this
test assigns them from the page layout (TheyWorkForYou's 'Photo of NAME NAME' lines; the
Hansard page's alternation of question and answer) by each claim's start offset, the way
the archive's integration assigns a contribution's speaker.

Decisions a reader might make differently, written down:
- Ian Murray's 'The Minister for the Cabinet Office expects there to be an extra 1 million
  workers ... by 2015' is a declarative sentence inside a question: it reports a claimed
  target, so it is a target attributed to 'Minister for the Cabinet Office' (the sentence's
  own source); Murray is only its speaker. His next sentence, a question, is no claim.
- Maude's 'I have certainly not set a target of 1 million, but ...' is his own statement
  about that target: kind target, negated=True, with both '1 million' figures.
- Headlines and standfirsts without a final stop are headings, not claims; a standfirst
  that is a full sentence ('Employers will be expected to accept ...') is one.
- Bullets under 'unveiled new support ... Including:' inherit the commitment.
- The seeds never state the 2010 count ('seven-fold since 2010' implies about 9 but does
  not say it), so the count series from them is 58 (2012) and 65 (2013) only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipelines.claims import Claim, extract_claims
from pipelines.claims.evaluation import values_match

DATES = {
    "000": "2011-12-14",
    "001": "2010-11-24",
    "002": "2012-06-25",
    "003": "2013-02-08",
    "004": "2010-11-17",
}
MAUDE = "Francis Maude"


@dataclass
class Expect:
    kind: str
    snippet: str
    values: list[list] = field(default_factory=list)
    speaker: str | None = None
    attributed_to: str | None = None
    target_date: str | None = None
    target_text: str | None = None
    metrics: list[str | None] | None = None
    quoted: bool = False
    negated: bool = False
    as_of: str | None = None


EXPECTED: dict[str, list[Expect]] = {
    "000": [
        Expect(
            "commitment",
            "we are committed to an ambitious programme of mutualisation",
            speaker=MAUDE,
        ),
        Expect("commitment", "we are increasing the “right to provide” scheme", speaker=MAUDE),
        Expect(
            "target",
            "expects there to be an extra 1 million workers",
            values=[[1_000_000, "workers"]],
            speaker="Ian Murray",
            attributed_to="Minister for the Cabinet Office",
            target_date="2015",
            target_text="by 2015",
            metrics=["mutuals.staff"],
        ),
        Expect(
            "target",
            "I have certainly not set a target of 1 million",
            values=[[1_000_000, None], [1_000_000, "workers"]],
            speaker=MAUDE,
            negated=True,
            metrics=[None, "mutuals.staff"],
        ),
        Expect("commitment", "we are going to make it a great deal easier", speaker=MAUDE),
    ],
    "001": [
        Expect(
            "commitment", "every Department will put in place “rights to provide”", speaker=MAUDE
        ),
        Expect(
            "statistic",
            "The first wave of 12 pathfinder projects",
            values=[[12, "projects"]],
            speaker=MAUDE,
            as_of="2010-08",
        ),
        Expect(
            "statistic",
            "the smallest has only three potential employees",
            values=[[3, "employees"], [1100, "employees"]],
            speaker=MAUDE,
            metrics=[None, None],
        ),
        Expect("commitment", "we will make it as easy as possible", speaker=MAUDE),
        Expect("commitment", "We will also establish a challenge group", speaker=MAUDE),
        Expect(
            "statistic",
            "The 12 pathfinder projects are supported",
            values=[[12, "projects"]],
            speaker=MAUDE,
        ),
    ],
    "002": [
        Expect(
            "target",
            "Five government departments are expected to have set out their plans",
            values=[[5, "departments"]],
            attributed_to="Mutuals Taskforce report",
            target_date="2012-12-31",
            target_text="by the end of the year",
        ),
        Expect(
            "target",
            "also recommends that by April next year",
            attributed_to="Mutuals Taskforce report",
            target_date="2013-04",
            target_text="by April next year",
        ),
        Expect(
            "statistic",
            "there were 58 public service mutuals, with another 40 in the pipeline",
            values=[[58, "mutuals"], [40, "mutuals"]],
            attributed_to="Mutuals Taskforce report",
            metrics=["mutuals.count", "mutuals.pipeline"],
        ),
        Expect(
            "statistic",
            "mutuals have a turnover of more than £1bn",
            values=[[1_000_000_000, "GBP"], [20_000, "employees"]],
            metrics=["mutuals.value", "mutuals.staff"],
        ),
        Expect("commitment", "said he wanted to move mutuals", attributed_to=MAUDE),
        Expect(
            "commitment",
            "they were not just permitted to spin out, but would be encouraged",
            attributed_to="Maude",
        ),
        Expect("commitment", "you will be supported to do it", attributed_to="Maude", quoted=True),
    ],
    "003": [
        Expect(
            "statistic",
            "improved productivity by up to 45%",
            values=[[0.45, "percent"]],
            speaker=MAUDE,
        ),
        Expect(
            "statistic",
            "79% of staff at NAViGO",
            values=[[0.79, "percent"], [0.56, "percent"]],
            speaker=MAUDE,
        ),
        Expect(
            "commitment", "We want to support public servants looking to mutualise", speaker=MAUDE
        ),
        Expect(
            "funding",
            "Our £10m Mutuals Support Programme",
            values=[[10_000_000, "GBP"]],
            speaker=MAUDE,
            metrics=["mutuals.funding"],
        ),
        Expect(
            "statistic",
            "we are already supporting 26 different organisations",
            values=[[26, "organisations"]],
            speaker=MAUDE,
            metrics=[None],
        ),
        Expect(
            "statistic",
            "15 new mutuals ambassadors",
            values=[[15, "ambassadors"]],
            speaker=MAUDE,
            metrics=[None],
        ),
        Expect(
            "statistic", "around 1,600 visits per week", values=[[1600, "visits"]], speaker=MAUDE
        ),
        Expect(
            "statistic",
            "increased seven-fold since 2010, with 65 live organisations",
            values=[[7, "times"], [65, "mutuals"]],
            speaker=MAUDE,
            metrics=[None, "mutuals.count"],
        ),
        Expect(
            "statistic",
            "provide around £1bn worth of services",
            values=[[1_000_000_000, "GBP"]],
            speaker=MAUDE,
            metrics=["mutuals.value"],
        ),
        Expect(
            "target",
            "this year will bring the launch of a host of innovative new mutuals",
            speaker=MAUDE,
            target_date="2013",
            target_text="this year",
        ),
        Expect(
            "statistic",
            "more than 70 councils",
            values=[[70, "councils"]],
            speaker=MAUDE,
            metrics=[None],
        ),
        Expect(
            "target",
            "Later this year, we will see the launch of 3BM",
            values=[[3, "boroughs"]],
            speaker=MAUDE,
            target_date="2013",
            target_text="Later this year",
        ),
    ],
    "004": [
        Expect("commitment", "Employers will be expected to accept suitable proposals"),
        Expect("commitment", "new ‘Rights to Provide’ across public services"),  # NBSP before "new"
        Expect(
            "commitment",
            "Francis Maude unveiled new support",
            attributed_to="Minister for the Cabinet Office Francis Maude",
        ),
        Expect(
            "funding",
            "over £10million to help the best fledgling mutuals",
            values=[[10_000_000, "GBP"]],
            metrics=["mutuals.funding"],
        ),
        Expect("commitment", "a new information line and web service"),
        Expect("commitment", "a ‘challenge group’ involving employee-ownership experts"),
        Expect(
            "target",
            "will join the programme, giving 900 NHS staff",
            values=[[900, "staff"]],
            metrics=[None],
        ),
        Expect("commitment", "Every government department will put in place a far reaching right"),
        Expect("commitment", "mutual proposals will be expected to deliver savings"),
        Expect("commitment", "staff forming a mutual proposal will be awarded a contract"),
        Expect(
            "target",
            "in a decade’s time employee-owned mutuals will be one of the major types",
            attributed_to="Mr Maude",
            quoted=True,
            target_date="2020",
            target_text="in a decade’s time",
        ),
    ],
}


def seed_text(seeds: Path, key: str) -> str:
    (path,) = seeds.glob(f"{key}_*.txt")
    return path.read_text(encoding="utf-8")


def twfy_turns(text: str) -> list[tuple[int, str | None]]:
    """TheyWorkForYou pages head each speech with 'Photo of NAME NAME role'."""
    turns: list[tuple[int, str | None]] = [(0, None)]
    for match in re.finditer(r"^Photo of (.+?) \1\b.*$", text, re.MULTILINE):
        turns.append((match.end(), match.group(1)))
    return turns


def hansard_turns(text: str) -> list[tuple[int, str | None]]:
    """The Hansard extraction lost names: the Minister answers every other contribution."""
    body = text.index("Volume 519")
    starts = [m.end() for m in re.finditer(r"\n\n", text) if m.start() > body]
    return [(0, None)] + [(s, MAUDE if i % 2 == 0 else None) for i, s in enumerate(starts)]


def speaker_at(turns: list[tuple[int, str | None]], offset: int) -> str | None:
    return [name for start, name in turns if start <= offset][-1]


def extract(seeds: Path, key: str) -> tuple[str, list[Claim]]:
    text = seed_text(seeds, key)
    speaker = MAUDE if key == "003" else None  # the opinion article's author
    claims = extract_claims(text, date=DATES[key], speaker=speaker)
    turns = {"000": twfy_turns, "001": hansard_turns}.get(key)
    for claim in claims:
        if turns:
            claim.speaker = speaker_at(turns(text), claim.start)
    return text, claims


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_seed_claims_are_exactly_those_a_reader_lists(seeds: Path, key: str) -> None:
    text, claims = extract(seeds, key)
    expected = EXPECTED[key]
    found = [next((c for c in claims if e.snippet in c.sentence), None) for e in expected]
    missing = [e.snippet for e, c in zip(expected, found, strict=True) if c is None]
    extra = [c.sentence for c in claims if c not in found]
    assert (missing, extra) == ([], [])
    assert len(claims) == len(expected)
    for e, c in zip(expected, found, strict=True):
        assert text[c.start : c.end] == c.sentence
        check(e, c)


def check(e: Expect, c: Claim) -> None:
    got = {
        "kind": c.kind,
        "values": values_match(e.values, c.values),
        "speaker": c.speaker,
        "attributed_to": c.attributed_to,
        "target_date": c.target_date,
        "target_text": c.target_text,
        "quoted": c.quoted,
        "negated": c.negated,
    }
    want = {
        "kind": e.kind,
        "values": True,
        "speaker": e.speaker,
        "attributed_to": e.attributed_to,
        "target_date": e.target_date,
        "target_text": e.target_text,
        "quoted": e.quoted,
        "negated": e.negated,
    }
    assert got == want, (e.snippet, [(v.value, v.unit) for v in c.values])
    if e.metrics is not None:
        assert [v.metric for v in c.values] == e.metrics, e.snippet
    if e.as_of is not None:
        assert c.as_of == e.as_of


def test_currencies_and_qualifiers_in_the_seeds(seeds: Path) -> None:
    _, claims = extract(seeds, "002")
    money = next(v for c in claims for v in c.values if v.unit == "GBP")
    assert (money.value, money.currency, money.qualifier, money.text) == (
        1_000_000_000,
        "GBP",
        "more than",
        "£1bn",
    )
    _, claims = extract(seeds, "004")
    fund = next(v for c in claims for v in c.values if v.unit == "GBP")
    assert (fund.value, fund.qualifier, fund.text) == (10_000_000, "over", "£10million")


def test_the_mutuals_count_series_reads_58_then_65(seeds: Path) -> None:
    series = sorted(
        (v.as_of, v.value)
        for key in sorted(DATES)
        for c in extract(seeds, key)[1]
        for v in c.values
        if v.metric == "mutuals.count" and v.target_date is None
    )
    assert series == [("2012-06-25", 58), ("2013-02-08", 65)]
    assert {as_of[:4]: value for as_of, value in series} == {"2012": 58, "2013": 65}


def test_furniture_produces_no_claims(seeds: Path) -> None:
    furniture = (
        "raising £25,000",
        "Donate",
        "Alert me",
        "Photo of",
        "Register now",
        "flag as inappropriate",
        "Published 17 November 2010",
        "This was published under",
        "Did you enjoy",
    )
    for key in DATES:
        for claim in extract(seeds, key)[1]:
            assert not any(f in claim.sentence for f in furniture), claim.sentence
